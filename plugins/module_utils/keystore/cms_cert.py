# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_cert on a CMS (.kdb) repository: the same decisions as for PKCS#12, carried out by runmqakm.

GSKit keeps pending requests in the `.rdb` file beside the `.kdb`; `-cert -receive` matches the
signed certificate to its request by key and stores it under the request's label.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cms_entries
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.cert_backend import CertError, read_pem
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as repo_backend
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import stash as stash_mod
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

_SIG_ALG = {"P-256": ("SHA256WithECDSA", 256), "P-384": ("SHA384WithECDSA", 384), "P-521": ("SHA512WithECDSA", 512)}


class _Work:
    """A private temporary directory for PEM files handed to runmqakm."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="mqstig-cms-")

    def pem(self, name, certs):
        target = os.path.join(self.path, name)
        with open(target, "wb") as handle:
            for cert in certs:
                handle.write(cert.public_bytes(serialization.Encoding.PEM))
        return target

    def close(self):
        shutil.rmtree(self.path, ignore_errors=True)


def _certificate(backend, db, label):
    return x509_facts.load_pem_certificates(backend.runmqakm.certificate_pem(db, label, None))[0]


def run(backend, check_mode):
    """Carry out `backend` (a cert_backend.CertBackend) on a CMS repository."""
    db = backend.path
    if not os.path.exists(db):
        raise CertError("the key repository %s does not exist; create it first with mq_keyrepo" % db)
    stash_path = stash_mod.stash_path(db)
    stashed, _problem = repo_backend.read_stash(stash_path)
    if stashed is not None and stashed != backend.params.get("password"):
        raise CertError("the password given is not the one in the stash %s" % stash_path)
    work = _Work()
    try:
        with repo_backend.atomic_file.locked(db):
            before = cms_entries.list_entries(backend.runmqakm, db)
            ops = _decide(backend, db, before, work)
            if not check_mode:
                for op in ops:
                    op()
            after = cms_entries.list_entries(backend.runmqakm, db) if ops and not check_mode else before
            if backend.csr is None and not check_mode:
                for label in (backend.label, backend.renewal_label):
                    if any(e["label"] == label and e["kind"] == "pending" for e in after):
                        backend.csr = cms_entries.request_pem(backend.runmqakm, db, label)
                        break
            backend.csr_file()
    finally:
        work.close()
    return backend.result(before, after, [])


def _by_label(entries, label):
    return next((e for e in entries if e["label"] == label), None)


def _decide(backend, db, before, work):
    """The runmqakm calls to make, as closures; every check happens before the first one runs."""
    runner = backend.runmqakm
    state = backend.params.get("state", "present")
    existing = _by_label(before, backend.label)
    ops = []
    if backend.kind == "trusted":
        if existing is not None and existing["kind"] != "trusted":
            raise CertError("the label %s holds a %s entry, not a trusted one" % (backend.label, existing["kind"]))
        if state == "absent":
            if existing is not None:
                backend.changes.append("remove the trusted certificate %s" % backend.label)
                ops.append(lambda: runner.delete(db, backend.label))
            return ops
        certs = read_pem(backend.params, "certificate")
        if not certs or len(certs) != 1:
            raise CertError("kind trusted takes one CA certificate (certificate or certificate_path)")
        cert = certs[0]
        fingerprint = pkcs12_store.certificate_fingerprint(cert)
        if existing is not None and existing["sha256_fingerprint"] == fingerprint:
            return ops
        same = next((e for e in before if e["kind"] == "trusted" and e["sha256_fingerprint"] == fingerprint), None)
        if same is not None and existing is None:
            backend.warnings.append("this CA certificate is already trusted under the label %s; not added twice"
                                    % same["label"])
            return ops
        backend.validate(cert, "ca", "the CA certificate for %s" % backend.label)
        pem = work.pem("ca.pem", [cert])
        if existing is not None:
            ops.append(lambda: runner.delete(db, backend.label))
        ops.append(lambda: runner.add(db, backend.label, pem))
        backend.changes.append("%s the trusted certificate %s (%s)" % ("replace" if existing else "add", backend.label,
                                                                       cert.subject.rfc4514_string()))
        return ops

    if existing is not None and existing["kind"] == "trusted":
        raise CertError("the label %s holds a trusted CA certificate, not a personal entry" % backend.label)
    if state == "absent":
        for label in (backend.label, backend.renewal_label):
            entry = _by_label(before, label)
            if entry is not None:
                backend.changes.append("remove the %s entry %s" % (entry["kind"], label))
                if entry["kind"] == "pending":
                    ops.append(lambda label=label: runner.delete_request(db, label))
                else:
                    ops.append(lambda label=label: runner.delete(db, label))
        return ops
    certs = read_pem(backend.params, "certificate")
    if certs:
        return _receive(backend, db, before, certs[0], certs[1:] + (read_pem(backend.params, "chain") or []), work)
    if existing is None or existing["kind"] == "pending":
        return _ensure_request(backend, db, before, backend.label, work)
    cert = _certificate(backend, db, backend.label)
    not_after = getattr(cert, "not_valid_after_utc", None) or cert.not_valid_after
    days_left = (not_after - backend.now).total_seconds() / 86400.0
    renew = backend.params.get("renew_before_days")
    if days_left <= (30 if renew is None else int(renew)):
        backend.warnings.append("%s expires on %s: a renewal request is kept under %s"
                                % (backend.label, not_after.isoformat(), backend.renewal_label))
        return _ensure_request(backend, db, before, backend.renewal_label, work)
    return ops


def _ensure_request(backend, db, before, label, work):
    runner = backend.runmqakm
    subject, sans, spec = backend.request_params()
    names = requests.parse_sans(sans)
    current = _by_label(before, label)
    ops = []
    if current is not None and current["kind"] == "pending":
        csr = x509.load_pem_x509_csr(cms_entries.request_pem(runner, db, label).encode("ascii"))
        try:
            current_sans = list(csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
        except x509.ExtensionNotFound:
            current_sans = []
        key = x509_facts.key_facts(csr.public_key())
        if csr.subject == requests.parse_subject(subject) and sorted(map(repr, current_sans)) == \
                sorted(map(repr, names)) and key["type"] == spec["type"] and key["size"] == spec["size"]:
            backend.csr = csr.public_bytes(serialization.Encoding.PEM).decode("ascii")
            return ops
        ops.append(lambda: runner.delete_request(db, label))
    unsupported = [n for n in names if not isinstance(n, (x509.DNSName, x509.IPAddress))]
    if unsupported:
        raise CertError("runmqakm requests take DNS and IP alternative names only")
    if spec["type"] == "ec":
        sig_alg, size = _SIG_ALG[spec["curve"]]
    else:
        sig_alg, size = "SHA384WithRSA" if spec["size"] >= 7680 else "SHA256WithRSA", spec["size"]
    target = os.path.join(work.path, "request.pem")
    ops.append(lambda: runner.create_request(
        db, label, subject, size, sig_alg, target,
        san_dns=[n.value for n in names if isinstance(n, x509.DNSName)],
        san_ip=[str(n.value) for n in names if isinstance(n, x509.IPAddress)]))
    backend.changes.append("%s a request with a new %s key for %s under %s (runmqakm)" % (
        "replace the pending request with" if current is not None else "create",
        "EC %s" % spec["curve"] if spec["type"] == "ec" else "RSA %d" % spec["size"], subject, label))
    return ops


def _receive(backend, db, before, cert, chain, work):
    runner = backend.runmqakm
    ops = []
    existing = _by_label(before, backend.label)
    fingerprint = pkcs12_store.certificate_fingerprint(cert)
    if existing is not None and existing["kind"] == "personal" and existing["sha256_fingerprint"] == fingerprint:
        return ops
    target = None
    for label in (backend.label, backend.renewal_label):
        entry = _by_label(before, label)
        if entry is not None and entry["kind"] == "pending":
            csr = x509.load_pem_x509_csr(cms_entries.request_pem(runner, db, label).encode("ascii"))
            if pkcs12_store.public_key_der(csr.public_key()) == pkcs12_store.public_key_der(cert.public_key()):
                target = label
                break
    if target is None:
        raise CertError("the certificate %s does not match the pending request of %s or %s. Nothing was changed"
                        % (cert.subject.rfc4514_string(), backend.label, backend.renewal_label))
    if cert.subject == cert.issuer:
        raise CertError("the certificate for %s is self-signed; STIG MQMH-AS-001180 needs a CA-signed certificate"
                        % backend.label)
    backend.validate(cert, backend.role, "the certificate for %s" % backend.label)
    trusted = [_certificate(backend, db, e["label"]) for e in before if e["kind"] == "trusted"]
    backend.verify_chain(cert, chain, trusted)
    pem = work.pem("signed.pem", [cert])
    ops.append(lambda: runner.receive(db, pem))
    if target != backend.label:
        if existing is not None:
            ops.append(lambda: runner.delete(db, backend.label))
        ops.append(lambda: runner.rename(db, target, backend.label))
    backend.changes.append("receive the CA-signed certificate %s (serial %X) into %s (runmqakm)" % (
        cert.subject.rfc4514_string(), cert.serial_number, backend.label))
    return ops
