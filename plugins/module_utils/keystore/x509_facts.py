# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Facts about keys and X.509 certificates, read with `cryptography`, in the shape the policy
engine judges (see plugins/module_utils/policy/certificates.py). No secret is ever returned."""

from __future__ import annotations

import binascii

MIN_CRYPTOGRAPHY = "40.0"

try:
    import cryptography
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
    HAS_CRYPTOGRAPHY = tuple(int(p) for p in cryptography.__version__.split(".")[:2] if p.isdigit()) >= (40, 0)
    CRYPTOGRAPHY_IMPORT_ERROR = None if HAS_CRYPTOGRAPHY else "cryptography %s is older than %s" % (
        cryptography.__version__, MIN_CRYPTOGRAPHY)
except ImportError as exc:  # pragma: no cover - exercised only without cryptography
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = exc

_KEY_USAGE_ATTRS = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                    "key_agreement", "key_cert_sign", "crl_sign")


def key_facts(public_key):
    """{"type", "size", "curve"} for a cryptography public (or private) key."""
    if hasattr(public_key, "public_key"):
        public_key = public_key.public_key()
    if isinstance(public_key, rsa.RSAPublicKey):
        return {"type": "rsa", "size": public_key.key_size, "curve": None}
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return {"type": "ec", "size": public_key.curve.key_size, "curve": public_key.curve.name}
    if isinstance(public_key, dsa.DSAPublicKey):
        return {"type": "dsa", "size": public_key.key_size, "curve": None}
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return {"type": "ed25519", "size": 256, "curve": None}
    if isinstance(public_key, ed448.Ed448PublicKey):
        return {"type": "ed448", "size": 456, "curve": None}
    return {"type": type(public_key).__name__.lower(), "size": None, "curve": None}


def signature_algorithm(cert):
    """The family of the algorithm the issuer signed with, from the certificate's signature OID."""
    oid = cert.signature_algorithm_oid.dotted_string
    if oid == "1.2.840.113549.1.1.10":
        return "rsa-pss"
    if oid.startswith("1.2.840.113549.1.1."):
        return "rsa-pkcs1v15"
    if oid.startswith("1.2.840.10045.4."):
        return "ecdsa"
    if oid == "1.2.840.10040.4.3":
        return "dsa"
    if oid.startswith("2.16.840.1.101.3.4.3."):  # NIST sigAlgs arc: DSA 1-8, ECDSA 9-12, RSA 13-16
        number = int(oid.rsplit(".", 1)[1])
        return "dsa" if number <= 8 else ("ecdsa" if number <= 12 else "rsa-pkcs1v15")
    return {"1.3.101.112": "ed25519", "1.3.101.113": "ed448"}.get(oid, oid)


def _extension(cert, oid):
    try:
        return cert.extensions.get_extension_for_oid(oid)
    except x509.ExtensionNotFound:
        return None


def certificate_facts(cert):
    """Facts of a cryptography x509.Certificate, for the policy engine and module results."""
    subject_key = key_facts(cert.public_key())
    try:
        digest = cert.signature_hash_algorithm
    except Exception:  # unsupported signature algorithms raise here
        digest = None
    bc_ext = _extension(cert, x509.oid.ExtensionOID.BASIC_CONSTRAINTS)
    ku_ext = _extension(cert, x509.oid.ExtensionOID.KEY_USAGE)
    eku_ext = _extension(cert, x509.oid.ExtensionOID.EXTENDED_KEY_USAGE)
    san_ext = _extension(cert, x509.oid.ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    usage = None
    if ku_ext is not None:
        usage = []
        for attr in _KEY_USAGE_ATTRS:
            if getattr(ku_ext.value, attr):
                usage.append(attr)
        if ku_ext.value.key_agreement:
            for attr in ("encipher_only", "decipher_only"):
                if getattr(ku_ext.value, attr):
                    usage.append(attr)
    eku = None
    if eku_ext is not None:
        eku = [getattr(oid, "_name", None) or oid.dotted_string for oid in eku_ext.value]
    sans = []
    if san_ext is not None:
        for name in san_ext.value:
            value = name.value
            sans.append("%s:%s" % (type(name).__name__.replace("Name", "").replace("Address", ""), value))
    not_before = getattr(cert, "not_valid_before_utc", None) or cert.not_valid_before
    not_after = getattr(cert, "not_valid_after_utc", None) or cert.not_valid_after
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "X"),
        "not_before": not_before.isoformat(),
        "not_after": not_after.isoformat(),
        "signature_hash": digest.name if isinstance(digest, hashes.HashAlgorithm) else None,
        "signature_algorithm": signature_algorithm(cert),
        "key": subject_key,
        "basic_constraints": None if bc_ext is None else {
            "ca": bc_ext.value.ca, "critical": bc_ext.critical, "path_length": bc_ext.value.path_length},
        "key_usage": usage,
        "extended_key_usage": eku,
        "subject_alt_names": sans,
        "self_signed": cert.subject == cert.issuer,
        "sha256_fingerprint": binascii.hexlify(cert.fingerprint(hashes.SHA256())).decode("ascii").upper(),
    }


def load_pem_certificates(text):
    """All certificates in a PEM text; ValueError with a clear message when there is none."""
    data = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise ValueError("no PEM certificate found (no -----BEGIN CERTIFICATE----- block)")
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise ValueError("not a PEM certificate: %s" % exc)
    if not certs:
        raise ValueError("no PEM certificate found")
    return certs
