# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_csr_sign's backend (STIG MQMH-AS-001180 fix step 2): get a request signed, once.

Checks the request with the policy engine, looks in the index of what was issued (a valid
certificate for the same key, subject and usage is returned again, not re-issued), has the
signer (ownca or cfssl) issue one otherwise, checks what came back (same key, issued by the
CA, approved by policy) and records it. Only the request and the certificate travel: the
endpoint's private key never reaches the signer.
"""

from __future__ import annotations

import datetime

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests as key_requests
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates as cert_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf
from ansible_collections.mqstig.tls.plugins.module_utils.signing import cfssl_client
from ansible_collections.mqstig.tls.plugins.module_utils.signing import csr_policy
from ansible_collections.mqstig.tls.plugins.module_utils.signing import issued_index
from ansible_collections.mqstig.tls.plugins.module_utils.signing import ownca

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

_ROLE = {"client": "client", "server": "server", "both": "personal"}


class SignError(Exception):
    """A clear reason why nothing was signed."""


def _text(params, name):
    """Option `name` (PEM text) or the content of `name`_path."""
    text = params.get(name)
    path = params.get(name + "_path")
    if text and path:
        raise SignError("give %s or %s_path, not both" % (name, name))
    if path:
        try:
            with open(path, "r", encoding="ascii", errors="replace") as handle:
                return handle.read()
        except OSError as exc:
            raise SignError("cannot read %s_path %s: %s" % (name, path, exc.strerror))
    return text


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


class SignBackend:

    def __init__(self, params, post=None, now=None):
        self.params = params
        self.post = post
        self.now = cert_policy.as_datetime(now) if now else datetime.datetime.now(datetime.timezone.utc)
        self.profile = prf.get_profile(params.get("profile") or "nist")
        self.usage = params.get("usage") or "client"
        self.provider = params.get("provider") or "ownca"
        self.warnings = []

    def _sans(self):
        values = self.params.get("subject_alt_names")
        if values is None:
            return None
        try:
            return key_requests.parse_sans(values)
        except key_requests.RequestError as exc:
            raise SignError(str(exc))

    def _ca(self):
        """(CA certificate, CA key or None) of the provider."""
        if self.provider == "ownca":
            cert_pem = _text(self.params, "ownca_certificate")
            key_pem = _text(self.params, "ownca_private_key")
            if not cert_pem or not key_pem:
                raise SignError("provider ownca needs ownca_certificate(_path) and ownca_private_key(_path)")
            try:
                cert, key, encrypted = ownca.load_ca(cert_pem, key_pem, self.params.get("ownca_private_key_passphrase"))
            except ownca.OwncaError as exc:
                raise SignError(str(exc))
            if not encrypted:
                self.warnings.append("the CA private key is stored unencrypted; protect it with a passphrase")
            return cert, key
        client = self._cfssl()
        try:
            pem = client.info(self.params.get("cfssl_profile"), self.params.get("cfssl_label"))
        except cfssl_client.CfsslError as exc:
            raise SignError(str(exc))
        return x509_facts.load_pem_certificates(pem)[0], None

    def _cfssl(self):
        if not self.params.get("cfssl_url"):
            raise SignError("provider cfssl needs cfssl_url")
        try:
            return cfssl_client.CfsslClient(self.params["cfssl_url"], self.post, self.params.get("cfssl_auth_key"))
        except cfssl_client.CfsslError as exc:
            raise SignError(str(exc))

    def _check_ca(self, ca_cert):
        failed = [p for p in cert_policy.problems(x509_facts.certificate_facts(ca_cert), "ca", self.profile, self.now)
                  if p[0] == fnd.FAIL]
        if failed:
            raise SignError("the CA %s is refused: %s. Nothing was signed" % (
                ca_cert.subject.rfc4514_string(), "; ".join("%s (%s)" % (p[2], p[1]) for p in failed)))

    def _check_issued(self, cert, csr, ca_cert):
        """What a signer returned must be for the request's key, issued by the CA, and approved."""
        if csr_policy.spki_sha256(cert.public_key()) != csr_policy.spki_sha256(csr.public_key()):
            raise SignError("the signer returned a certificate for another key")
        try:
            cert.verify_directly_issued_by(ca_cert)
        except Exception as exc:  # pylint: disable=broad-except
            raise SignError("the signer returned a certificate that %s did not sign (%s)"
                            % (ca_cert.subject.rfc4514_string(), exc))
        failed = [p for p in cert_policy.problems(x509_facts.certificate_facts(cert), _ROLE[self.usage], self.profile,
                                                  self.now) if p[0] == fnd.FAIL]
        if failed:
            raise SignError("the certificate the signer issued (serial %X) is not approved: %s. It was not recorded"
                            % (cert.serial_number, "; ".join("%s (%s)" % (p[2], p[1]) for p in failed)))

    def run(self, check_mode=False):
        csr_text = _text(self.params, "csr")
        if not csr_text:
            raise SignError("give csr or csr_path")
        try:
            csr = csr_policy.load(csr_text)
            csr_facts = csr_policy.check(csr, self.profile, self.now)
        except csr_policy.CsrError as exc:
            raise SignError(str(exc))
        sans = self._sans()
        ca_cert, ca_key = self._ca()
        self._check_ca(ca_cert)
        index_path = self.params["index_path"]
        try:
            atomic_file.check_target(index_path)
        except atomic_file.FileError as exc:
            raise SignError(str(exc))
        with atomic_file.locked(index_path):
            try:
                index = issued_index.load(index_path)
            except issued_index.IssuedIndexError as exc:
                raise SignError(str(exc))
            record = issued_index.current(index, csr_facts["spki_sha256"], csr_facts["subject"], self.usage, self.now,
                                          self.params.get("renew_before_days", 30))
            if record is not None:
                return self._result(False, "current", record["certificate"], ca_cert, csr_facts)
            if check_mode:
                return self._result(True, "would_issue", None, ca_cert, csr_facts)
            cert = self._sign(csr, ca_cert, ca_key, sans)
            self._check_issued(cert, csr, ca_cert)
            not_after = getattr(cert, "not_valid_after_utc", None) or cert.not_valid_after
            if not_after <= self.now + datetime.timedelta(days=int(self.params.get("renew_before_days", 30))):
                self.warnings.append("the certificate issued expires on %s, within the renewal window: the CA %s "
                                     "cannot issue longer (it expires too), so every run will renew it. Renew the CA"
                                     % (not_after.isoformat(), ca_cert.subject.rfc4514_string()))
            facts = x509_facts.certificate_facts(cert)
            index["issued"].append({
                "serial": facts["serial"], "subject": csr_facts["subject"], "issuer": facts["issuer"],
                "spki_sha256": csr_facts["spki_sha256"], "usage": self.usage, "not_before": facts["not_before"],
                "not_after": facts["not_after"], "sha256_fingerprint": facts["sha256_fingerprint"],
                "certificate": _pem(cert), "provider": self.provider,
            })
            issued_index.save(index_path, index)
        return self._result(True, "issued", _pem(cert), ca_cert, csr_facts)

    def _sign(self, csr, ca_cert, ca_key, sans):
        if self.provider == "ownca":
            try:
                return ownca.issue(csr, ca_cert, ca_key, self.usage, self.params.get("validity_days", 365), sans, self.now)
            except ownca.OwncaError as exc:
                raise SignError(str(exc))
        hosts = None if sans is None else [str(getattr(n, "value", n)) for n in sans]
        try:
            pem = self._cfssl().sign(csr.public_bytes(serialization.Encoding.PEM).decode("ascii"),
                                     self.params.get("cfssl_profile"), self.params.get("cfssl_label"), hosts)
        except cfssl_client.CfsslError as exc:
            raise SignError(str(exc))
        return x509.load_pem_x509_certificate(pem.encode("ascii"))

    def _result(self, changed, status, cert_pem, ca_cert, csr_facts):
        out = {"changed": changed, "status": status, "certificate": cert_pem, "chain": _pem(ca_cert),
               "ca_subject": ca_cert.subject.rfc4514_string(), "request": csr_facts, "provider": self.provider,
               "usage": self.usage, "warnings": list(self.warnings), "findings": []}
        if cert_pem:
            cert = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
            facts = x509_facts.certificate_facts(cert)
            out.update({"serial": facts["serial"], "not_after": facts["not_after"],
                        "sha256_fingerprint": facts["sha256_fingerprint"]})
            out["findings"] = cert_policy.findings(facts, _ROLE[self.usage], self.profile, self.now,
                                                   obj_name=csr_facts["subject"])
        return out
