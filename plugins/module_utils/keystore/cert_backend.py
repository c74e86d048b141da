# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_cert's backend: STIG MQMH-AS-001180 fix steps 2 (request), 3 (add CA certificates) and
4 (receive the signed certificate), with renewal.

Idempotent by content: an entry is compared by fingerprint, a pending request by its subject,
alternative names and key parameters, never by label alone. Every input is validated before
anything is written; a rejected input changes nothing.
"""

from __future__ import annotations

import datetime
import getpass
import os

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import entries as entry_mod
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as repo_backend
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates as cert_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

try:
    from cryptography import x509
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

LABEL_PREFIX = "ibmwebspheremq"
MAX_LABEL = 64


class CertError(Exception):
    """A clear reason why nothing was changed."""


def default_label(qmgr=None, user=None):
    """MQ's default certificate label: ibmwebspheremq + the lower-cased queue manager name or user id."""
    owner = qmgr or user or getpass.getuser()
    return LABEL_PREFIX + owner.lower()


def check_label(label):
    if not label or len(label) > MAX_LABEL:
        raise CertError("a certificate label has 1 to %d characters; %r has %d" % (MAX_LABEL, label, len(label or "")))
    return label


def read_pem(params, name):
    """PEM text from option `name` or `name`_path; None when neither is given."""
    text = params.get(name)
    path = params.get(name + "_path")
    if text and path:
        raise CertError("give %s or %s_path, not both" % (name, name))
    if path:
        try:
            with open(path, "rb") as handle:
                text = handle.read().decode("ascii", "replace")
        except OSError as exc:
            raise CertError("cannot read %s_path %s: %s" % (name, path, exc.strerror))
    if not text:
        return None
    try:
        return x509_facts.load_pem_certificates(text)
    except ValueError as exc:
        raise CertError("%s: %s" % (name, exc))


def _public(obj):
    return pkcs12_store.public_key_der(obj.public_key() if hasattr(obj, "public_key") else obj)


def _now(now):
    return cert_policy.as_datetime(now) if now is not None else datetime.datetime.now(datetime.timezone.utc)


class CertDecisions:
    """What every certificate store shares: labels, the policy checks of what is added or received, and the key
    and subject of a new request (a PKCS#12 or CMS repository here, an MQ Appliance queue manager's repository in
    appliance/appliance_cert_backend.py)."""

    def __init__(self, params, now=None):
        self.params = params
        self.now = _now(now)
        self.kind = params.get("kind") or "personal"
        self.label = check_label(params.get("label") or default_label(params.get("qmgr"), params.get("mq_user")))
        self.renewal_label = check_label(params.get("renewal_label") or (self.label + ".renewal"))
        self.profile = prf.get_profile(params.get("profile") or "nist")
        self.role = params.get("role") or "personal"
        self.waived = set(params.get("waive_findings") or [])
        self.changes = []
        self.warnings = []
        self.csr = None
        self.check_mode = False

    # ------------------------------------------------------------ validation
    def validate(self, cert, role, what):
        """Raise CertError for policy failures that are not waived; waived ones become warnings."""
        problems = cert_policy.problems(x509_facts.certificate_facts(cert), role, self.profile, self.now)
        blocking = []
        for status, code, reason, _basis in problems:
            if status != fnd.FAIL:
                continue
            if code in self.waived:
                self.warnings.append("%s: %s (%s, waived)" % (what, reason, code))
            else:
                blocking.append("%s (%s)" % (reason, code))
        if blocking:
            raise CertError("%s is refused: %s. Nothing was changed. To accept it anyway, list the codes in "
                            "waive_findings" % (what, "; ".join(blocking)))

    def verify_chain(self, cert, chain, trusted):
        """The chain from `cert` to a trusted CA (from the repository or a self-signed root in `chain`)."""
        pool = list(chain) + list(trusted)
        path = pkcs12_store.build_chain(cert, pool)
        top = path[-1] if path else cert
        trusted_fps = set(pkcs12_store.certificate_fingerprint(c) for c in trusted)
        anchored = any(pkcs12_store.certificate_fingerprint(c) in trusted_fps for c in path) or (
            path and top.subject == top.issuer)
        if not anchored:
            raise CertError("the certificate for %s (issuer %s) does not chain to a CA certificate in the repository "
                            "or in the chain given; add the CA first (kind: trusted). Nothing was changed"
                            % (self.label, cert.issuer.rfc4514_string()))
        for link in path:
            self.validate(link, "ca", "CA certificate %s" % link.subject.rfc4514_string())
        return path

    def key_spec(self):
        curve = self.params.get("curve")
        if not curve and (self.params.get("key_type") or "ec") == "ec":
            curve = "P-256" if "secp256r1" in self.profile.curves else "P-384"
        try:
            return requests.key_spec(self.params.get("key_type") or "ec", curve, self.params.get("key_size"))
        except requests.RequestError as exc:
            raise CertError(str(exc))

    def request_params(self):
        """(subject, alternative names, key spec) of a new request; CertError when subject is missing."""
        subject = self.params.get("subject")
        if not subject:
            raise CertError("a certificate request needs subject (for example CN=app1,OU=MQ,O=Example,C=US)")
        return subject, self.params.get("subject_alt_names") or [], self.key_spec()

    # ------------------------------------------------------------ CSR file
    def csr_file(self):
        """Keep csr_path holding the request of the pending key (only rewritten when the request changes)."""
        path = self.params.get("csr_path")
        if not path or not self.csr:
            return
        if os.path.exists(path):
            try:
                with open(path, "rb") as handle:
                    old = x509.load_pem_x509_csr(handle.read())
                new = x509.load_pem_x509_csr(self.csr.encode("ascii"))
                if _public(old) == _public(new) and old.subject == new.subject and \
                        list(old.extensions) == list(new.extensions):
                    return
            except ValueError:
                pass
        self.changes.append("write the certificate request to %s" % path)
        if not self.check_mode:
            try:
                atomic_file.write(path, self.csr.encode("ascii"), 0o644)
            except (atomic_file.FileError, OSError) as exc:
                raise CertError("cannot write csr_path: %s" % exc)


class CertBackend(CertDecisions):
    """Decide and (unless check mode) apply one certificate entry of a key repository."""

    def __init__(self, params, runmqakm=None, now=None):
        super().__init__(params, now)
        self.runmqakm = runmqakm
        self.repo_type = params.get("type") or "pkcs12"
        try:
            self.path = repo_backend.repository_path(os.path.abspath(os.path.expanduser(params["path"])), self.repo_type)
        except repo_backend.KeyRepoError as exc:
            raise CertError(str(exc))

    # ------------------------------------------------------------ entry point
    def run(self, check_mode=False):
        self.check_mode = check_mode
        if self.repo_type == "cms":
            from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cms_cert  # pylint: disable=import-outside-toplevel
            return cms_cert.run(self, check_mode)
        if not os.path.exists(self.path):
            if not check_mode:
                raise CertError("the key repository %s does not exist; create it first with mq_keyrepo" % self.path)
            return self._check_missing_repository()
        try:
            atomic_file.check_target(self.path)
        except atomic_file.FileError as exc:
            raise CertError(str(exc))
        with atomic_file.locked(self.path):
            try:
                repository, password = repo_backend.open_pkcs12(self.path, [self.params.get("password")])
            except repo_backend.KeyRepoError as exc:
                raise CertError(str(exc))
            before = repo_backend.pkcs12_entry_facts(repository)
            self._decide(repository)
            if self.changes and any(p.get("scheme") != "pbes2" for p in repository.protections):
                self.changes.append("rewrite %s with PBES2/AES-256-CBC and an HMAC-SHA-256 MAC (it had a legacy "
                                    "protection)" % self.path)
            backups = []
            if self.changes and not check_mode:
                if self.params.get("backup"):
                    backups.append(atomic_file.backup(self.path))
                current = atomic_file.attributes(self.path)
                iterations = max(int(p.get("iterations") or 0) for p in repository.protections) \
                    if repository.protections else 10000
                data = pkcs12_store.dump(repository, password, max(iterations, 10000))
                try:
                    atomic_file.write(self.path, data, current["mode"], current["uid"], current["gid"])
                except (atomic_file.FileError, OSError) as exc:
                    raise CertError("cannot write %s: %s" % (self.path, exc))
            self.csr_file()
            after = repo_backend.pkcs12_entry_facts(repository)
        return self.result(before, after, backups)

    def _check_missing_repository(self):
        """Check mode before mq_keyrepo has created the repository (an audit of a new host, or a play in --check):
        report what would be done to it once it exists, empty, and write nothing (not even a lock file)."""
        repository = pkcs12_store.Repository()
        self.warnings.append("the key repository %s does not exist yet; reported as if mq_keyrepo had created it "
                             "empty" % self.path)
        before = repo_backend.pkcs12_entry_facts(repository)
        self._decide(repository)
        after = repo_backend.pkcs12_entry_facts(repository)
        return self.result(before, after, [])

    def _decide(self, repository):
        """Change `repository` in memory as the parameters ask (fix step 3 for trusted, 2 and 4 for personal)."""
        if self.kind == "trusted":
            self._trusted(repository)
        else:
            self._personal(repository)

    # ------------------------------------------------------------ trusted (fix step 3)
    def _trusted(self, repository):
        existing = repository.get(self.label)
        if self.params.get("state", "present") == "absent":
            if existing is not None:
                if existing.kind != "trusted":
                    raise CertError("the entry %s is a %s entry, not a trusted one; nothing was removed"
                                    % (self.label, existing.kind))
                repository.remove(self.label)
                self.changes.append("remove the trusted certificate %s" % self.label)
            return
        certs = read_pem(self.params, "certificate")
        if not certs:
            raise CertError("kind trusted needs certificate or certificate_path")
        if len(certs) != 1:
            raise CertError("kind trusted takes one CA certificate per label; %d were given" % len(certs))
        cert = certs[0]
        fingerprint = pkcs12_store.certificate_fingerprint(cert)
        if existing is not None and existing.kind != "trusted":
            raise CertError("the label %s holds a %s entry; a trusted certificate cannot replace it"
                            % (self.label, existing.kind))
        if existing is not None and existing.fingerprint() == fingerprint:
            return
        same = next((e for e in repository.entries if e.kind == "trusted" and e.fingerprint() == fingerprint), None)
        if same is not None and existing is None:
            self.warnings.append("this CA certificate is already trusted under the label %s; not added twice"
                                 % same.label)
            return
        self.validate(cert, "ca", "the CA certificate for %s" % self.label)
        repository.put(pkcs12_store.Entry(self.label, cert, java_trusted=True))
        self.changes.append("%s the trusted certificate %s (%s)" % ("replace" if existing else "add", self.label,
                                                                    cert.subject.rfc4514_string()))

    # ------------------------------------------------------------ personal (fix steps 2 and 4)
    def _personal(self, repository):
        existing = repository.get(self.label)
        if existing is not None and existing.kind == "trusted":
            raise CertError("the label %s holds a trusted CA certificate, not a personal entry" % self.label)
        if self.params.get("state", "present") == "absent":
            for label in (self.label, self.renewal_label):
                if repository.get(label) is not None:
                    repository.remove(label)
                    self.changes.append("remove the personal entry %s" % label)
            return
        certs = read_pem(self.params, "certificate")
        if certs:
            extra = read_pem(self.params, "chain") or []
            self._receive(repository, certs[0], certs[1:] + extra)
            return
        if existing is None or existing.kind == "pending":
            self._ensure_pending(repository, self.label)
            return
        not_after = getattr(existing.certificate, "not_valid_after_utc", None) or existing.certificate.not_valid_after
        days_left = (not_after - self.now).total_seconds() / 86400.0
        renew = int(self.params.get("renew_before_days") if self.params.get("renew_before_days") is not None else 30)
        if days_left <= renew:
            self.warnings.append("%s expires on %s (in %.0f days): a renewal request is kept under %s"
                                 % (self.label, not_after.isoformat(), days_left, self.renewal_label))
            self._ensure_pending(repository, self.renewal_label)

    def _ensure_pending(self, repository, label):
        subject, sans, spec = self.request_params()
        current = repository.get(label)
        try:
            if current is not None and current.kind == "pending" and requests.request_matches(
                    current.certificate, subject, sans) and requests.key_matches(current.private_key, spec):
                key = current.private_key
                fresh = False
            else:
                key = requests.generate(spec)
                fresh = True
            csr = requests.build_request(key, subject, sans, self.params.get("key_usage"),
                                         self.params.get("extended_key_usage"))
            if fresh:
                repository.put(pkcs12_store.Entry(label, requests.placeholder(key, subject, sans, self.now), key))
                self.changes.append("%s %s key and a pending request for %s under %s" % (
                    "replace the pending request with a new" if current is not None else "generate a new",
                    "EC %s" % spec["curve"] if spec["type"] == "ec" else "RSA %d" % spec["size"], subject, label))
        except requests.RequestError as exc:
            raise CertError(str(exc))
        # In check mode a new key is not kept, so its request would be useless: return none.
        self.csr = None if fresh and self.check_mode else csr

    def _receive(self, repository, cert, chain):
        target = None
        for label in (self.label, self.renewal_label):
            entry = repository.get(label)
            if entry is not None and entry.private_key is not None and _public(entry.private_key) == _public(cert):
                target = entry
                break
        if target is None:
            raise CertError("the certificate %s does not match the key of %s or %s in the repository (the CA answered "
                            "another request?). Nothing was changed"
                            % (cert.subject.rfc4514_string(), self.label, self.renewal_label))
        existing = repository.get(self.label)
        if target is existing and existing.kind == "personal" and existing.fingerprint() == \
                pkcs12_store.certificate_fingerprint(cert):
            return
        if cert.subject == cert.issuer:
            raise CertError("the certificate for %s is self-signed; STIG MQMH-AS-001180 needs a CA-signed certificate"
                            % self.label)
        self.validate(cert, self.role, "the certificate for %s" % self.label)
        trusted = [e.certificate for e in repository.entries if e.kind == "trusted"]
        path = self.verify_chain(cert, chain, trusted)
        repository.put(pkcs12_store.Entry(self.label, cert, target.private_key, path))
        if target.label != self.label:
            repository.remove(target.label)
        self.changes.append("receive the CA-signed certificate %s (serial %X) into %s" % (
            cert.subject.rfc4514_string(), cert.serial_number, self.label))

    # ------------------------------------------------------------ result
    def result(self, before, after, backups):
        """Findings and `entry` describe the repository as it is when the module returns (in check mode:
        as found); the diff shows what apply would change."""
        now_state = before if self.check_mode else after
        findings = []
        for item in now_state:
            if item["label"] in (self.label, self.renewal_label):
                findings.extend(entry_mod.findings(item, self.profile, self.now, self.role))
        mine = [entry_mod.summary(e) for e in after if e["label"] in (self.label, self.renewal_label)]
        before_mine = [entry_mod.summary(e) for e in before if e["label"] in (self.label, self.renewal_label)]
        return {
            "changed": bool(self.changes),
            "actions": list(self.changes),
            "warnings": list(self.warnings),
            "path": self.path,
            "label": self.label,
            "renewal_label": self.renewal_label,
            "kind": self.kind,
            "entry": next((e for e in now_state if e["label"] == self.label), None),
            "renewal": next((e for e in now_state if e["label"] == self.renewal_label), None),
            "csr": self.csr,
            "findings": findings,
            "summary": fnd.summarize(findings),
            "backup_files": backups,
            "diff": {"before": {"entries": before_mine}, "after": {"entries": mine}},
        }
