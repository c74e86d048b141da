# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_keyrepo's backend (STIG MQMH-AS-001180 fix step 1): prepare the key repository.

Loads what exists, lets policy judge it, decides what must change, and writes only when
something must (never in check mode). Plain Python: the module passes its parameters and,
for CMS repositories, a Runmqakm driver.
"""

from __future__ import annotations

import os

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import entries as entry_mod
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import stash as stash_mod
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import keyrepo as repo_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

EXTENSIONS = {"pkcs12": ".p12", "cms": ".kdb"}
CMS_COMPANIONS = (".rdb", ".crl")


class KeyRepoError(Exception):
    """A clear reason why nothing was changed."""


def repository_path(path, repo_type):
    """The repository file: MQ appends `.kdb` to a stem; this collection does the same for `.p12`."""
    stem, ext = os.path.splitext(path)
    if not ext:
        return path + EXTENSIONS[repo_type]
    if repo_type == "cms" and ext.lower() != ".kdb":
        raise KeyRepoError("a CMS key repository must end in .kdb, not %s" % ext)
    if repo_type == "pkcs12" and ext.lower() not in (".p12", ".pfx"):
        raise KeyRepoError("a PKCS#12 key repository must end in .p12 (or .pfx), not %s" % ext)
    return stem + ext


def read_stash(path):
    """(password or None, problem or None) of the stash at `path`."""
    if not os.path.exists(path):
        return None, None
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return stash_mod.decode(data), None
    except stash_mod.StashError as exc:
        return None, str(exc)


def open_pkcs12(path, passwords):
    """(Repository, the password that opened it) trying each candidate; KeyRepoError if none does."""
    with open(path, "rb") as handle:
        data = handle.read()
    last = None
    for password in passwords:
        if not password:
            continue
        try:
            return pkcs12_store.load(data, password), password
        except pkcs12_store.StoreError as exc:
            last = exc
    raise KeyRepoError("cannot open %s: %s" % (path, last))


def repo_facts(path, repo_type, repository=None, stash_path=None, stash_expected=True, mode=None, stash_mode=None):
    """The facts the policy engine judges (see policy/keyrepo.py)."""
    attrs = atomic_file.attributes(path)
    stash_attrs = atomic_file.attributes(stash_path) if stash_path else None
    return {
        "path": path,
        "exists": repository is not None or attrs is not None,
        "format": repo_type,
        "mode": mode if mode is not None else (attrs or {}).get("mode"),
        "protections": list(repository.protections) if repository is not None else [],
        "mac": repository.mac if repository is not None else None,
        "stash": None if not stash_path else {
            "path": stash_path,
            "present": stash_mode is not None or stash_attrs is not None,
            "mode": stash_mode if stash_mode is not None else (stash_attrs or {}).get("mode"),
            "expected": stash_expected,
        },
    }


def pkcs12_entry_facts(repository):
    return [entry_mod.facts(e.label, e.kind, e.certificate, e.chain, e.java_trusted) for e in repository.entries]


def judge(facts, entry_list, profile, now=None, personal_role="personal"):
    out = repo_policy.findings(facts, profile)
    for item in entry_list:
        out.extend(entry_mod.findings(item, profile, now, personal_role))
    return out


class KeyRepo:
    """Decide and (unless check mode) apply the state of one key repository and its stash."""

    def __init__(self, params, runmqakm=None, now=None):
        self.params = params
        self.runmqakm = runmqakm
        self.now = now
        self.repo_type = params.get("type") or "pkcs12"
        self.path = repository_path(os.path.abspath(os.path.expanduser(params["path"])), self.repo_type)
        self.stash_path = stash_mod.stash_path(self.path)
        self.mode = int(params.get("mode") or 0o600)
        if self.mode & 0o077:
            # Key material is for its owner only, whoever calls the backend (the module refuses it too).
            raise KeyRepoError("mode %04o gives group or others access to key material; use 0600 (or 0400)" % self.mode)
        self.profile = prf.get_profile(params.get("profile") or "nist")
        self.changes = []

    # ------------------------------------------------------------ helpers
    def _note(self, what):
        self.changes.append(what)

    def _client_settings(self):
        uses_stash = bool(self.params.get("stash", True))
        return {
            "mqclient_ini": {"SSL": {"SSLKeyRepository": self.path if self.repo_type == "pkcs12"
                                     else os.path.splitext(self.path)[0]}},
            "environment": {"MQSSLKEYR": self.path if self.repo_type == "pkcs12" else os.path.splitext(self.path)[0]},
            "password_source": "stash" if uses_stash else "MQKEYRPWD or mqclient.ini SSL:SSLKeyRepositoryPassword",
            "stash_path": self.stash_path if uses_stash else None,
        }

    def _check_paths(self):
        try:
            atomic_file.check_target(self.path)
            atomic_file.check_target(self.stash_path)
        except atomic_file.FileError as exc:
            raise KeyRepoError(str(exc))

    def _target_password(self):
        password = self.params.get("password")
        if not password:
            raise KeyRepoError("password is required to create or open a key repository")
        return self.params.get("new_password") or password

    # ------------------------------------------------------------ entry point
    def run(self, check_mode=False):
        if self.params.get("state", "present") == "absent":
            return self._absent(check_mode)
        self._check_paths()
        with atomic_file.locked(self.path):
            if self.repo_type == "cms":
                return self._present_cms(check_mode)
            return self._present_pkcs12(check_mode)

    # ------------------------------------------------------------ absent
    def _absent(self, check_mode):
        targets = [self.path, self.stash_path]
        if self.repo_type == "cms":
            targets.extend(os.path.splitext(self.path)[0] + ext for ext in CMS_COMPANIONS)
        present = [t for t in targets if os.path.lexists(t)]
        backups = []
        if present and not check_mode:
            with atomic_file.locked(self.path):
                if self.params.get("backup") and os.path.exists(self.path):
                    backups.append(atomic_file.backup(self.path))
                for target in present:
                    atomic_file.remove(target)
        diff = {"before": {"path": self.path, "exists": os.path.exists(self.path) or bool(present)},
                "after": {"path": self.path, "exists": False}}
        return {"changed": bool(present), "path": self.path, "stash_path": self.stash_path, "type": self.repo_type,
                "removed": present, "backup_files": backups, "entries": [], "findings": [], "actions": [
                    "remove %s" % p for p in present], "diff": diff if present else {"before": {}, "after": {}}}

    # ------------------------------------------------------------ pkcs12
    def _present_pkcs12(self, check_mode):
        password = self.params.get("password")
        target_password = self._target_password()
        new_password = self.params.get("new_password")
        want_stash = bool(self.params.get("stash", True))
        exists = os.path.exists(self.path)
        repository = None
        if exists:
            repository, opened_with = open_pkcs12(self.path, [password, new_password])
            before_entries = pkcs12_entry_facts(repository)
            before_facts = repo_facts(self.path, "pkcs12", repository, self.stash_path, want_stash)
        else:
            opened_with = None
            before_entries = []
            before_facts = None

        rewrite = False
        if not exists:
            self._note("create %s" % self.path)
            rewrite = True
        else:
            if new_password and opened_with != new_password:
                self._note("change the password of %s" % self.path)
                rewrite = True
            weak = [p for p in repo_policy.problems(dict(before_facts, mode=None, stash=None), self.profile)
                    if p[0] == fnd.FAIL]
            if weak and self.params.get("reprotect", True):
                self._note("re-protect %s with PBES2/AES-256-CBC and an HMAC-SHA-256 MAC (%s)"
                           % (self.path, "; ".join(p[2] for p in weak)))
                rewrite = True

        stash_write = False
        if want_stash:
            current, problem = read_stash(self.stash_path)
            if current != target_password:
                stash_write = True
                verb = "write" if current is None and not problem else "replace"
                self._note("%s the stash %s%s" % (verb, self.stash_path, " (%s)" % problem if problem else ""))

        owner, group = self.params.get("owner"), self.params.get("group")
        try:
            repo_attr_changes = [] if rewrite else atomic_file.attribute_changes(self.path, self.mode, owner, group)
            stash_attr_changes = [] if stash_write or not want_stash else atomic_file.attribute_changes(
                self.stash_path, self.mode, owner, group)
        except atomic_file.FileError as exc:
            raise KeyRepoError(str(exc))
        for what in repo_attr_changes:
            self._note("set the %s of %s" % (what, self.path))
        for what in stash_attr_changes:
            self._note("set the %s of %s" % (what, self.stash_path))

        backups = []
        if not check_mode:
            try:
                if rewrite:
                    if exists and self.params.get("backup"):
                        backups.append(atomic_file.backup(self.path))
                    repository = repository or pkcs12_store.Repository()
                    data = pkcs12_store.dump(repository, target_password, int(self.params.get("kdf_iterations") or 10000))
                    if want_stash and stash_write:
                        # A stop between these two renames leaves file and stash with different passwords;
                        # the next run opens the file with either password and rewrites the stash.
                        atomic_file.write(self.stash_path, stash_mod.encode(target_password), self.mode, owner, group)
                        stash_write = False
                    atomic_file.write(self.path, data, self.mode, owner, group)
                    repository = pkcs12_store.load(data, target_password)
                if want_stash and stash_write:
                    atomic_file.write(self.stash_path, stash_mod.encode(target_password), self.mode, owner, group)
                if repo_attr_changes:
                    atomic_file.fix_attributes(self.path, self.mode, owner, group)
                if stash_attr_changes:
                    atomic_file.fix_attributes(self.stash_path, self.mode, owner, group)
            except (atomic_file.FileError, stash_mod.StashError, pkcs12_store.StoreError, OSError) as exc:
                raise KeyRepoError(str(exc))

        if check_mode or repository is None:
            final_facts = before_facts or repo_facts(self.path, "pkcs12", None, self.stash_path, want_stash)
            final_entries = before_entries
        else:
            final_facts = repo_facts(self.path, "pkcs12", repository, self.stash_path, want_stash)
            final_entries = pkcs12_entry_facts(repository)
        return self._result(before_facts, before_entries, final_facts, final_entries, backups, check_mode)

    # ------------------------------------------------------------ cms
    def _present_cms(self, check_mode):
        if self.runmqakm is None:
            raise KeyRepoError("type cms needs IBM's runmqakm program on the managed host (from IBM MQ or GSKit); "
                               "it was not found. Install it, or use type pkcs12")
        if not self.params.get("stash", True):
            raise KeyRepoError("a CMS key repository is used through its stash file: stash must be true")
        password = self.params.get("password")
        target_password = self._target_password()
        new_password = self.params.get("new_password")
        exists = os.path.exists(self.path)
        before_entries = self._cms_entries() if exists and os.path.exists(self.stash_path) else []
        before_facts = repo_facts(self.path, "cms", None, self.stash_path, True) if exists else None
        current, problem = read_stash(self.stash_path)
        owner, group = self.params.get("owner"), self.params.get("group")
        actions = []
        if not exists:
            self._note("create %s with runmqakm (-type cms -stash -fips -strong)" % self.path)
            actions.append(("create", target_password))
        elif new_password and current != new_password:
            self._note("change the password of %s with runmqakm" % self.path)
            actions.append(("changepw", password, new_password))
        elif current != target_password:
            self._note("replace the stash %s%s" % (self.stash_path, " (%s)" % problem if problem else ""))
            actions.append(("stashpw", target_password))
        attr_changes = []
        for path in (self.path, self.stash_path):
            for what in ([] if not exists else atomic_file.attribute_changes(path, self.mode, owner, group)):
                self._note("set the %s of %s" % (what, path))
                attr_changes.append(path)
        if not check_mode:
            for action in actions:
                if action[0] == "create":
                    self.runmqakm.create(self.path, action[1], fips=True, strong=True, stash=True)
                elif action[0] == "changepw":
                    self.runmqakm.change_password(self.path, action[1], action[2])
                # The v1 stash is the layout this collection can read back, so later runs can verify it.
                self.runmqakm.stash_password(self.path, target_password, v1stash=True)
            for path in (self.path, self.stash_path):
                if os.path.exists(path):
                    atomic_file.fix_attributes(path, self.mode, owner, group)
        if check_mode:
            final_facts, final_entries = before_facts or repo_facts(self.path, "cms", None, self.stash_path, True), \
                before_entries
        else:
            final_facts = repo_facts(self.path, "cms", None, self.stash_path, True)
            final_entries = self._cms_entries()
        return self._result(before_facts, before_entries, final_facts, final_entries, [], check_mode)

    def _cms_entries(self):
        from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cms_entries  # pylint: disable=import-outside-toplevel
        return cms_entries.list_entries(self.runmqakm, self.path)

    # ------------------------------------------------------------ result
    def _result(self, before_facts, before_entries, final_facts, final_entries, backups, check_mode):
        findings = judge(final_facts, final_entries, self.profile, self.now)
        diff = {
            "before": _diff_view(before_facts, before_entries),
            "after": _diff_view(final_facts, final_entries) if not check_mode else _predicted(
                before_facts, before_entries, self),
        }
        return {
            "changed": bool(self.changes),
            "actions": list(self.changes),
            "path": self.path,
            "stash_path": self.stash_path if self.params.get("stash", True) else None,
            "type": self.repo_type,
            "protection": {"protections": final_facts["protections"], "mac": final_facts["mac"]},
            "entries": final_entries,
            "findings": findings,
            "summary": fnd.summarize(findings),
            "client_settings": self._client_settings(),
            "backup_files": backups,
            "diff": diff,
        }


def _protection_view(facts):
    if not facts:
        return None
    seen = []
    for item in facts.get("protections") or []:
        text = "%s: %s %s %s x%s" % (item.get("where"), item.get("scheme"), item.get("prf") or "", item.get("cipher") or "",
                                     item.get("iterations"))
        if text not in seen:
            seen.append(text)
    mac = facts.get("mac")
    if mac:
        seen.append("mac: %s x%s" % (mac.get("hash"), mac.get("iterations")))
    return seen


def _diff_view(facts, entry_list):
    if facts is None:
        return {"exists": False}
    stash = facts.get("stash") or {}
    return {
        "exists": True,
        "path": facts["path"],
        "format": facts["format"],
        "mode": "%04o" % facts["mode"] if facts.get("mode") is not None else None,
        "protection": _protection_view(facts),
        "stash": {"present": stash.get("present"), "mode": "%04o" % stash["mode"] if stash.get("mode") is not None
                  else None} if stash else None,
        "entries": [entry_mod.summary(e) for e in entry_list],
    }


def _written_protection(iterations, has_keys):
    lines = ["certificates: pbes2 sha256 aes256 x%d" % iterations]
    if has_keys:
        lines.append("keys: pbes2 sha256 aes256 x%d" % iterations)
    return lines + ["mac: sha256 x%d" % iterations]


def _predicted(before_facts, before_entries, backend):
    """What apply would leave (check mode): the changes noted, described without touching anything."""
    if not backend.changes:
        return _diff_view(before_facts, before_entries)
    view = {
        "exists": True, "path": backend.path, "format": backend.repo_type, "mode": "%04o" % backend.mode,
        "protection": None if backend.repo_type == "cms" else _written_protection(
            int(backend.params.get("kdf_iterations") or 10000), any(e["kind"] != "trusted" for e in before_entries)),
        "stash": {"present": True, "mode": "%04o" % backend.mode} if backend.params.get("stash", True) else None,
        "entries": [entry_mod.summary(e) for e in before_entries],
    }
    return view
