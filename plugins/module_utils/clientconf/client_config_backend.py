# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decide and apply the TLS configuration an IBM MQ client reads: the ``SSL:`` stanza of
mqclient.ini and the channels of a JSON CCDT.

`ClientConfig(params).run(check_mode)` reads both files, judges them (findings), works out the
new text of each, and writes a file only when its content would change (atomically, under a
lock, with an optional backup). Plain Python: the module is glue around it.
"""

from __future__ import annotations

import os

from ansible_collections.mqstig.tls.plugins.module_utils.clientconf import ccdt_json, mqclient_ini
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file
from ansible_collections.mqstig.tls.plugins.module_utils.policy import cipherspecs
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd

# The SSL stanza attributes this code writes, by lower-cased name: (name as IBM documents it,
# allowed values or None for free text). Booleans given by a playbook become YES/NO.
SSL_ATTRIBUTES = {
    "sslkeyrepository": ("SSLKeyRepository", None),
    "certificatelabel": ("CertificateLabel", None),
    "sslfipsrequired": ("SSLFipsRequired", ("YES", "NO")),
    "sslkeyresetcount": ("SSLKeyResetCount", None),
    "certificatevalpolicy": ("CertificateValPolicy", ("ANY", "RFC5280")),
    "clientrevocationchecks": ("ClientRevocationChecks", ("REQUIRED", "OPTIONAL", "DISABLED")),
    "ocspauthentication": ("OCSPAuthentication", ("REQUIRED", "WARN", "OPTIONAL")),
    "allowtlsv13": ("AllowTLSV13", ("YES", "NO")),
    "outboundsni": ("OutboundSNI", None),
}
PASSWORD_ATTRIBUTE = "SSLKeyRepositoryPassword"


class ConfigError(ValueError):
    """A request this code refuses, with the reason; nothing has been written."""


def _yes_no(value):
    if isinstance(value, bool):
        return "YES" if value else "NO"
    text = str(value).strip().upper()
    return {"TRUE": "YES", "FALSE": "NO", "ON": "YES", "OFF": "NO", "Y": "YES", "N": "NO"}.get(text, text)


def normalize_ssl(requested):
    """The SSL stanza attributes to set, with IBM's names and values; ConfigError for anything else."""
    out = {}
    for name, value in (requested or {}).items():
        key = str(name).lower()
        if key == PASSWORD_ATTRIBUTE.lower():
            raise ConfigError("mq_client_config does not write %s: a password in mqclient.ini is readable by "
                              "everyone who can read the file. Keep it in the key repository's stash "
                              "(mq_keyrepo writes it, mode 0600) or pass it in MQKEYRPWD" % PASSWORD_ATTRIBUTE)
        if key not in SSL_ATTRIBUTES:
            raise ConfigError("%s is not an SSL stanza attribute this module sets; known: %s"
                              % (name, ", ".join(sorted(canonical for canonical, _allowed in SSL_ATTRIBUTES.values()))))
        if value is None or value == "":
            continue
        canonical, allowed = SSL_ATTRIBUTES[key]
        if allowed is not None:
            text = _yes_no(value) if allowed == ("YES", "NO") else str(value).strip().upper()
            if text not in allowed:
                raise ConfigError("%s must be one of %s, not %r" % (canonical, ", ".join(allowed), value))
        elif key == "sslkeyresetcount":
            try:
                count = int(value)
            except (TypeError, ValueError):
                raise ConfigError("SSLKeyResetCount must be a whole number, not %r" % (value,))
            if count != 0 and not 32768 <= count <= 999999999:
                raise ConfigError("SSLKeyResetCount must be 0 or between 32768 and 999999999, not %d" % count)
            text = str(count)
        else:
            text = str(value)
        out[canonical] = text
    return out


def _read(path):
    if not path or not os.path.exists(path):
        return None
    try:
        atomic_file.check_target(path)
    except atomic_file.FileError as exc:
        raise ConfigError(str(exc))
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("%s is not UTF-8 text; nothing was changed" % path)


def _same(current, wanted, key):
    """MQ reads YES/NO and enumerations without regard to case; paths and labels as written."""
    if current is None:
        return False
    if SSL_ATTRIBUTES[key][1] is not None:
        return current.strip().upper() == wanted.upper()
    return current == wanted


class ClientConfig(object):
    """One run of mq_client_config. `params` are the module's options."""

    def __init__(self, params):
        self.p = params
        self.profile = params.get("profile") or "nist"
        self.ini_path = params.get("mqclient_ini")
        self.ccdt_path = params.get("ccdt_path")
        if not self.ini_path and not self.ccdt_path:
            raise ConfigError("give mqclient_ini, ccdt_path or both")
        self.ssl = normalize_ssl(params.get("ssl"))
        self.ssl_absent = [str(n) for n in params.get("ssl_absent") or []]
        self.channels = [dict(c) for c in params.get("channels") or []]
        if self.channels and not self.ccdt_path:
            raise ConfigError("channels need ccdt_path")
        fips = self.ssl.get("SSLFipsRequired") == "YES"
        for spec in self.channels:
            try:
                ccdt_json.validate(spec)
            except ccdt_json.CcdtError as exc:
                raise ConfigError(str(exc))
            if spec.get("state", "present") == "present":
                verdict = cipherspecs.judge(spec["cipherspec"], self.profile, sslfips=fips)
                if not verdict["approved"]:
                    reasons = "; ".join(p["reason"] for p in verdict["problems"] if p["status"] == fnd.FAIL)
                    raise ConfigError("channel %s: refusing CipherSpec %s under the %s profile: %s"
                                      % (spec["name"], spec["cipherspec"], self.profile, reasons))
        self.mode = params.get("mode")

    # ---- judging what is there -------------------------------------------------------------
    def _ini_findings(self, current):
        out = []
        name = self.ini_path
        for key_lower, (canonical, _allowed) in SSL_ATTRIBUTES.items():
            if canonical not in self.ssl:
                continue
            actual = next((v for k, v in current.items() if k.lower() == key_lower), None)
            if _same(actual, self.ssl[canonical], key_lower):
                continue
            out.append(fnd.make_finding(
                "CLIENT_SSL_ATTRIBUTE_DRIFT", fnd.FAIL, "file", "%s SSL:%s" % (name, canonical),
                self.ssl[canonical], "(not set)" if actual is None else actual,
                "mqclient.ini SSL:%s is not what the play asks for" % canonical,
                rules=fnd.RULES_KEY_MANAGEMENT, profile=self.profile))
        if any(k.lower() == PASSWORD_ATTRIBUTE.lower() for k in current):
            out.append(fnd.make_finding(
                "CLIENT_PASSWORD_IN_INI", fnd.WARN, "file", "%s SSL:%s" % (name, PASSWORD_ATTRIBUTE),
                "the key repository password in a 0600 stash or MQKEYRPWD", "set (value not shown)",
                "mqclient.ini holds the key repository password; anyone who can read the file can open the "
                "key repository", rules=fnd.RULES_KEY_MANAGEMENT, profile=self.profile))
        if not out:
            out.append(fnd.make_finding(
                "CLIENT_SSL_STANZA_COMPLIANT", fnd.PASS, "file", "%s SSL" % name, "the SSL stanza asked for",
                "as asked", "mqclient.ini SSL stanza is as the play asks", rules=fnd.RULES_KEY_MANAGEMENT,
                profile=self.profile))
        return out

    def _ccdt_findings(self, data):
        out = []
        fips = self.ssl.get("SSLFipsRequired") == "YES"
        for spec in self.channels:
            label = "%s %s" % (self.ccdt_path, spec["name"])
            hits = ccdt_json.find(data, spec)
            if spec.get("state", "present") == "absent":
                if hits:
                    out.append(fnd.make_finding(
                        "CCDT_CHANNEL_PRESENT", fnd.FAIL, "channel", label, "absent", "present",
                        "the CCDT still defines a channel the play removes", rules=fnd.RULES_CHANNEL_TLS,
                        profile=self.profile))
                continue
            if not hits:
                out.append(fnd.make_finding(
                    "CCDT_CHANNEL_MISSING", fnd.FAIL, "channel", label, "defined with TLS", "missing",
                    "the CCDT has no entry for this channel", rules=fnd.RULES_CHANNEL_TLS, profile=self.profile))
                continue
            for index in hits:
                have = ccdt_json.summary(data["channel"][index])
                out.extend(cipherspecs.findings(have["cipherspec"], self.profile, sslfips=fips, obj_type="channel",
                                                obj_name=label))
                want = {k: spec.get(k) or None for k in ("cipherspec", "certificate_label", "peer_name")}
                for key, value in want.items():
                    if key == "cipherspec" or have[key] == value:
                        continue
                    out.append(fnd.make_finding(
                        "CCDT_CHANNEL_DRIFT", fnd.FAIL, "channel", label, str(value or "(not set)"),
                        str(have[key] or "(not set)"), "the CCDT entry's %s is not what the play asks for" % key,
                        rules=fnd.RULES_CHANNEL_TLS, profile=self.profile))
                if have["cipherspec"] != spec["cipherspec"]:
                    out.append(fnd.make_finding(
                        "CCDT_CHANNEL_DRIFT", fnd.FAIL, "channel", label, spec["cipherspec"],
                        str(have["cipherspec"] or "(not set)"),
                        "the CCDT entry's CipherSpec differs from the one the queue manager's channel is given",
                        rules=fnd.RULES_CHANNEL_TLS, profile=self.profile))
        return out

    # ---- writing ----------------------------------------------------------------------------
    def _mode_for(self, path, default):
        if self.mode is not None:
            return self.mode
        current = atomic_file.attributes(path)
        return current["mode"] if current else default

    def _write(self, path, before, after, check_mode, default_mode):
        """Write `after` when it differs; the list of what changed ("content", "mode", "owner")."""
        owner, group = self.p.get("owner"), self.p.get("group")
        mode = self._mode_for(path, default_mode)
        if before == after:
            try:
                changes = atomic_file.attribute_changes(path, mode, owner, group)
                if changes and not check_mode:
                    atomic_file.fix_attributes(path, mode, owner, group)
            except atomic_file.FileError as exc:
                raise ConfigError(str(exc))
            return changes
        if check_mode:
            try:
                atomic_file.check_target(path)
            except atomic_file.FileError as exc:
                raise ConfigError(str(exc))
            return ["content"]
        try:
            with atomic_file.locked(path):
                latest = _read(path)
                if (latest or "") != (before or ""):
                    raise ConfigError("%s changed while this run was reading it; run again" % path)
                if self.p.get("backup") and before is not None:
                    self.backups.append(atomic_file.backup(path, mode=mode))
                atomic_file.write(path, after.encode("utf-8"), mode, owner, group)
        except atomic_file.FileError as exc:
            raise ConfigError(str(exc))
        return ["content"]

    def run(self, check_mode=False):
        self.backups = []
        result = {"changed": False, "findings": [], "diff": []}
        # Everything is read and decided before anything is written, so a bad CCDT leaves the
        # mqclient.ini alone and the other way round.
        plans = []
        if self.ini_path:
            before = _read(self.ini_path)
            after = before or ""
            if self.ssl or self.ssl_absent:
                try:
                    after = mqclient_ini.edit(after, "SSL", self.ssl, self.ssl_absent)
                except mqclient_ini.IniError as exc:
                    raise ConfigError("%s: %s" % (self.ini_path, exc))
            # Judged as it is in check mode, as it ends up otherwise (as mq_channel and mq_qmgr do).
            judged = mqclient_ini.stanza((before if check_mode else after) or "", "SSL")
            result["findings"].extend(self._ini_findings(judged))
            plans.append(("mqclient_ini", self.ini_path, before, after, 0o644))
        if self.ccdt_path:
            before = _read(self.ccdt_path)
            try:
                data = ccdt_json.load(before or "")
                merged = ccdt_json.merge(data, self.channels)
            except ccdt_json.CcdtError as exc:
                raise ConfigError("%s: %s" % (self.ccdt_path, exc))
            result["findings"].extend(self._ccdt_findings(data if check_mode else merged))
            after = before if (before is not None and merged == data) else ccdt_json.dump(merged)
            plans.append(("ccdt", self.ccdt_path, before, after, 0o644))
            result["channels"] = [ccdt_json.summary(e) for e in merged["channel"]
                                  if any(ccdt_json.matches(e, s) for s in self.channels)]
        for kind, path, before, after, default_mode in plans:
            changes = self._write(path, before, after, check_mode, default_mode)
            shown_before = before or ""
            shown_after = after or ""
            if kind == "mqclient_ini":
                shown_before = mqclient_ini.masked_text(shown_before)
                shown_after = mqclient_ini.masked_text(shown_after)
                result["ssl"] = mqclient_ini.masked(mqclient_ini.stanza(after or "", "SSL"))
            result[kind] = {"path": path, "changed": bool(changes), "changes": changes}
            if changes:
                result["changed"] = True
            if "content" in changes:
                result["diff"].append({"before": shown_before, "after": shown_after,
                                       "before_header": path if before is not None else "%s (absent)" % path,
                                       "after_header": path})
        if self.backups:
            result["backup_files"] = [b for b in self.backups if b]
        result["summary"] = fnd.summarize(result["findings"])
        return result
