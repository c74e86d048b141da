# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""Key repositories of the emulated appliance: one per queue manager, DIR/qmgrs/<QM>/repository.json.

An entry is {"kind": "personal"|"trusted", "cert_pem": ..., "key_pem": ... (personal only)}; a pending request
is {"key_pem": ..., "csr_pem": ..., "params": {...}}. Private keys are generated here and stored encrypted
(PKCS#8 PEM, BestAvailableEncryption with the state's secret, DIR/.secret); they leave only through `export`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from . import util

QMGR_RE = re.compile(r"^[A-Za-z0-9._%]{1,48}$")
REPO_FILE = "repository.json"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

SIG_ALG_NAMES = {
    "1.2.840.113549.1.1.11": "SHA256WithRSASignature",
    "1.2.840.113549.1.1.12": "SHA384WithRSASignature",
    "1.2.840.113549.1.1.13": "SHA512WithRSASignature",
    "1.2.840.113549.1.1.5": "SHA1WithRSASignature",
    "1.2.840.10045.4.3.2": "EC_ecdsa_with_SHA256",
    "1.2.840.10045.4.3.3": "EC_ecdsa_with_SHA384",
    "1.2.840.10045.4.3.4": "EC_ecdsa_with_SHA512",
}


def default_label(qmgr):
    return "ibmwebspheremq" + qmgr.lower()


class Repositories:
    """All key repositories of one state directory."""

    def __init__(self, state_dir):
        self.state_dir = os.path.abspath(state_dir)
        self.qmgrs_dir = os.path.join(self.state_dir, "qmgrs")
        self.pubcert_dir = os.path.join(self.state_dir, "mqpubcert")
        self._secret = None

    # ----- layout -------------------------------------------------------------------------------------------
    def init_layout(self):
        util.ensure_dir(self.state_dir)
        util.ensure_dir(self.qmgrs_dir)
        util.ensure_dir(self.pubcert_dir)

    @property
    def secret(self):
        if self._secret is None:
            self._secret = util.read_secret(self.state_dir)
        return self._secret

    def _path(self, qmgr):
        return os.path.join(self.qmgrs_dir, qmgr, REPO_FILE)

    def exists(self, qmgr):
        return bool(qmgr) and QMGR_RE.match(qmgr) is not None and qmgr not in (".", "..") \
            and os.path.isfile(self._path(qmgr))

    def qmgr_names(self):
        with contextlib.suppress(FileNotFoundError):
            return sorted(n for n in os.listdir(self.qmgrs_dir) if self.exists(n))
        return []

    def create(self, qmgr):
        """Create an empty repository for qmgr if it has none."""
        if not QMGR_RE.match(qmgr) or qmgr in (".", ".."):
            raise util.EmuError("not a valid queue manager name: %r" % qmgr)
        with util.state_lock(self.state_dir):
            util.ensure_dir(os.path.join(self.qmgrs_dir, qmgr))
            if not os.path.exists(self._path(qmgr)):
                self._save(qmgr, {"entries": {}, "requests": {}})

    def load(self, qmgr):
        with open(self._path(qmgr), "r", encoding="utf-8") as handle:
            return json.load(handle)

    def _save(self, qmgr, data):
        util.atomic_write(self._path(qmgr), json.dumps(data, indent=2, sort_keys=True) + "\n")

    @contextlib.contextmanager
    def modify(self, qmgr):
        """Load, let the caller change, save (only when no exception), all under the state lock."""
        with util.state_lock(self.state_dir):
            data = self.load(qmgr)
            yield data
            self._save(qmgr, data)

    # ----- keys -------------------------------------------------------------------------------------------
    def encrypt_key(self, key):
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.BestAvailableEncryption(self.secret)).decode("ascii")

    def decrypt_key(self, pem):
        return serialization.load_pem_private_key(pem.encode("ascii"), password=self.secret)

    # ----- mqpubcert: ---------------------------------------------------------------------------------------
    def pubcert_path(self, name):
        return os.path.join(self.pubcert_dir, name)


# ----- formatting (GSKit style) ---------------------------------------------------------------------------
def hex_pairs(data):
    return " ".join("%02X" % b for b in data)


def hex_block(data, indent="    ", per_line=16):
    return [indent + hex_pairs(data[i:i + per_line]) for i in range(0, len(data), per_line)] or [indent]


def gsk_date(value):
    """'4 December 2026 01:02:03 GMT+00:00' (UTC)."""
    return "%d %s %d %02d:%02d:%02d GMT+00:00" % (value.day, MONTHS[value.month - 1], value.year, value.hour,
                                                  value.minute, value.second)


def spki_der(public_key):
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_size(public_key):
    if isinstance(public_key, rsa.RSAPublicKey):
        return public_key.key_size
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return public_key.curve.key_size
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return 256
    if isinstance(public_key, ed448.Ed448PublicKey):
        return 456
    return getattr(public_key, "key_size", 0)


def public_key_type(public_key):
    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA (1.2.840.113549.1.1.1)"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "EC_ecPublicKey (1.2.840.10045.2.1)"
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return "ED25519 (1.3.101.112)"
    if isinstance(public_key, ed448.Ed448PublicKey):
        return "ED448 (1.3.101.113)"
    return type(public_key).__name__


def sig_alg_text(oid):
    name = SIG_ALG_NAMES.get(oid.dotted_string) or getattr(oid, "_name", None) or oid.dotted_string
    return "%s (%s)" % (name, oid.dotted_string)


def fingerprint_lines(der, algorithms):
    lines = []
    for name, func in algorithms:
        lines.append("Fingerprint : %s : " % name)
        lines.append("    " + hex_pairs(func(der).digest()))
    return lines


def load_certificate(data, fmt="ascii"):
    """A certificate from PEM (ascii: the first block) or DER (binary); None when it cannot be parsed."""
    try:
        if fmt == "binary":
            return x509.load_der_x509_certificate(data)
        certs = x509.load_pem_x509_certificates(data)
        return certs[0] if certs else None
    except (ValueError, TypeError):
        return None


def cert_sha256(cert):
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def cert_details(label, cert):
    """The lines of `detailcert` (modelled on GSKit runmqakm -cert -details)."""
    der = cert.public_bytes(serialization.Encoding.DER)
    pub = cert.public_key()
    spki = spki_der(pub)
    serial = "%x" % cert.serial_number
    if len(serial) % 2:
        serial = "0" + serial
    lines = [
        "Label : %s" % label,
        "Key Size : %d" % key_size(pub),
        "Version : X509 V%d" % (cert.version.value + 1),
        "Serial : %s" % serial,
        "Issuer : %s" % cert.issuer.rfc4514_string(),
        "Subject : %s" % cert.subject.rfc4514_string(),
        "Not Before : %s" % gsk_date(cert.not_valid_before_utc),
        "",
        "Not After : %s" % gsk_date(cert.not_valid_after_utc),
        "",
        "Public Key",
    ]
    lines += hex_block(spki)
    lines.append("Public Key Type : %s" % public_key_type(pub))
    lines += fingerprint_lines(der, (("SHA1", hashlib.sha1), ("MD5", hashlib.md5), ("SHA256", hashlib.sha256)))
    lines.append("Fingerprint : HPKP : ")
    lines.append("    " + base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii"))
    lines.append("Signature Algorithm : %s" % sig_alg_text(cert.signature_algorithm_oid))
    lines.append("Value")
    lines += hex_block(cert.signature)
    lines.append("Trust Status : Enabled")
    return lines


def request_details(label, csr):
    """The lines of `detailcertrequest`."""
    der = csr.public_bytes(serialization.Encoding.DER)
    pub = csr.public_key()
    lines = [
        "Label : %s" % label,
        "Key Size : %d" % key_size(pub),
        "Subject : %s" % csr.subject.rfc4514_string(),
        "Public Key Type : %s" % public_key_type(pub),
    ]
    lines += fingerprint_lines(der, (("SHA1", hashlib.sha1), ("SHA256", hashlib.sha256)))
    lines.append("Signature Algorithm : %s" % sig_alg_text(csr.signature_algorithm_oid))
    return lines


def hash_for(name):
    """The hash a signature algorithm name asks for (None when it names none)."""
    lower = name.lower().replace("-", "")
    for token, algorithm in (("sha512", hashes.SHA512), ("sha384", hashes.SHA384), ("sha256", hashes.SHA256),
                             ("sha224", hashes.SHA224), ("sha1", hashes.SHA1), ("md5", hashes.MD5)):
        if token in lower:
            return algorithm
    return None


__all__ = ["Repositories", "default_label", "cert_details", "request_details", "load_certificate", "cert_sha256",
           "gsk_date", "spki_der", "hash_for", "hashes"]
