# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a signer checks in a certificate signing request before any CA signs it."""

from __future__ import annotations

import hashlib

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import keys as key_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass


class CsrError(ValueError):
    """The request cannot be read, or policy refuses it."""


def load(text):
    """The request in a PEM text (the `NEW CERTIFICATE REQUEST` header of GSKit is accepted)."""
    data = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
    if b"CERTIFICATE REQUEST-----" not in data:
        raise CsrError("no PEM certificate request found (no -----BEGIN CERTIFICATE REQUEST----- block)")
    try:
        return x509.load_pem_x509_csr(data)
    except ValueError as exc:
        raise CsrError("not a PEM certificate request: %s" % exc)


def spki_sha256(public_key):
    """Hex SHA-256 of the SubjectPublicKeyInfo: what identifies a key across requests and certificates."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest().upper()


def alternative_names(csr):
    try:
        return list(csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except x509.ExtensionNotFound:
        return []


def facts(csr):
    try:
        digest = csr.signature_hash_algorithm
        digest_name = digest.name if digest is not None else None
    except Exception:  # pylint: disable=broad-except
        digest_name = None
    return {
        "subject": csr.subject.rfc4514_string(),
        "key": x509_facts.key_facts(csr.public_key()),
        "signature_hash": digest_name,
        "signature_valid": csr.is_signature_valid,
        "spki_sha256": spki_sha256(csr.public_key()),
        "subject_alt_names": ["%s:%s" % (type(n).__name__.replace("Name", "").replace("Address", ""), n.value)
                              for n in alternative_names(csr)],
    }


def problems(csr_facts, profile=None, at=None):
    """Why the request must not be signed: (status, code, reason, basis) tuples."""
    profile = prf.get_profile(profile)
    out = []
    if not csr_facts["signature_valid"]:
        out.append((fnd.FAIL, "CSR_SIGNATURE", "the request's self-signature does not verify (altered or corrupt)",
                    ("RFC 2986",)))
    digest = prf.normalize_hash(csr_facts.get("signature_hash") or "")
    if csr_facts["key"]["type"] not in ("ed25519", "ed448") and (digest in ("md5", "sha1") or not digest):
        out.append((fnd.FAIL, "CSR_SIGNATURE_HASH", "the request is signed with %s" % (digest.upper() or "an unknown hash"),
                    ("NIST SP 800-131A r2",)))
    out.extend(key_policy.problems(csr_facts["key"], profile, at))
    return out


def check(csr, profile=None, at=None):
    """facts(csr), or CsrError naming every failure."""
    csr_facts = facts(csr)
    failed = [p for p in problems(csr_facts, profile, at) if p[0] == fnd.FAIL]
    if failed:
        raise CsrError("the request for %s is refused: %s. Nothing was signed" % (
            csr_facts["subject"], "; ".join("%s (%s)" % (p[2], p[1]) for p in failed)))
    return csr_facts
