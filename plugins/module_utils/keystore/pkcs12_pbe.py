# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Password-based protection inside PKCS#12 files.

Writes only PBES2 (RFC 8018): PBKDF2 with HMAC-SHA-256 and AES-256-CBC, and the RFC 7292
integrity MAC with HMAC-SHA-256. Reads PBES2 with any SHA-2 (or SHA-1) PRF and AES, and
describes the legacy PKCS#12 PBE schemes (RC2, RC4, 3DES) so that policy can judge them.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import der

try:
    from cryptography.hazmat.primitives import hashes, padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
HMAC_OIDS = {
    "1.2.840.113549.2.7": "sha1",
    "1.2.840.113549.2.8": "sha224",
    "1.2.840.113549.2.9": "sha256",
    "1.2.840.113549.2.10": "sha384",
    "1.2.840.113549.2.11": "sha512",
    "1.2.840.113549.2.12": "sha512_224",
    "1.2.840.113549.2.13": "sha512_256",
}
DIGEST_OIDS = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
    "2.16.840.1.101.3.4.2.5": "sha512_224",
    "2.16.840.1.101.3.4.2.6": "sha512_256",
    "1.2.840.113549.2.5": "md5",
}
AES_CBC_OIDS = {
    "2.16.840.1.101.3.4.1.2": ("aes128", 16),
    "2.16.840.1.101.3.4.1.22": ("aes192", 24),
    "2.16.840.1.101.3.4.1.42": ("aes256", 32),
}
# RFC 7292 appendix C, and the PKCS#5 v1.5 PBES1 identifiers.
LEGACY_PBE_OIDS = {
    "1.2.840.113549.1.12.1.1": ("pkcs12-pbe", "rc4-128"),
    "1.2.840.113549.1.12.1.2": ("pkcs12-pbe", "rc4-40"),
    "1.2.840.113549.1.12.1.3": ("pkcs12-pbe", "3des"),
    "1.2.840.113549.1.12.1.4": ("pkcs12-pbe", "2des"),
    "1.2.840.113549.1.12.1.5": ("pkcs12-pbe", "rc2-128"),
    "1.2.840.113549.1.12.1.6": ("pkcs12-pbe", "rc2-40"),
    "1.2.840.113549.1.5.3": ("pbes1", "des"),
    "1.2.840.113549.1.5.6": ("pbes1", "rc2-64"),
    "1.2.840.113549.1.5.10": ("pbes1", "des"),
    "1.2.840.113549.1.5.11": ("pbes1", "rc2-64"),
}
_HASH_BY_NAME = {"sha1": "SHA1", "sha224": "SHA224", "sha256": "SHA256", "sha384": "SHA384", "sha512": "SHA512",
                 "sha512_224": "SHA512_224", "sha512_256": "SHA512_256"}
_HASHLIB_NAME = {"sha512_224": "sha512_224", "sha512_256": "sha512_256"}
_NAME_TO_HMAC_OID = {v: k for k, v in HMAC_OIDS.items()}
_NAME_TO_DIGEST_OID = {v: k for k, v in DIGEST_OIDS.items()}

DEFAULT_ITERATIONS = 10000
SALT_BYTES = 16


class ProtectionError(ValueError):
    """The password does not open the file, or the file uses a scheme that cannot be read."""


def _crypto_hash(name):
    return getattr(hashes, _HASH_BY_NAME[name])()


def _hashlib_new(name, data=b""):
    return hashlib.new(_HASHLIB_NAME.get(name, name), data)


def bmp_password(password):
    """RFC 7292 B.1: the password as a NUL-terminated BMPString."""
    return password.encode("utf-16-be") + b"\x00\x00"


def pkcs12_kdf(password, salt, iterations, purpose, size, digest="sha256"):
    """RFC 7292 appendix B.2 key derivation (purpose 1 key, 2 IV, 3 MAC key)."""
    probe = _hashlib_new(digest)
    u_len, v_len = probe.digest_size, probe.block_size
    d_block = bytes([purpose]) * v_len

    def stretch(data):
        if not data:
            return b""
        count = -(-len(data) // v_len) * v_len
        return (data * (count // len(data) + 1))[:count]

    i_block = bytearray(stretch(salt) + stretch(bmp_password(password)))
    out = b""
    while len(out) < size:
        a_block = d_block + bytes(i_block)
        for _round in range(iterations):
            a_block = _hashlib_new(digest, a_block).digest()
        out += a_block
        b_int = int.from_bytes((a_block * (v_len // u_len + 1))[:v_len], "big") + 1
        for start in range(0, len(i_block), v_len):
            value = (int.from_bytes(i_block[start:start + v_len], "big") + b_int) % (1 << (8 * v_len))
            i_block[start:start + v_len] = value.to_bytes(v_len, "big")
    return out[:size]


def _algorithm(element):
    parts = element.expect(der.SEQUENCE, "AlgorithmIdentifier").children()
    return parts[0].as_oid(), (parts[1] if len(parts) > 1 else None)


def describe(alg_element):
    """Facts about an encryption AlgorithmIdentifier: scheme, prf, cipher, iterations."""
    alg_oid, params = _algorithm(alg_element)
    if alg_oid == OID_PBES2:
        kdf, scheme = params.children()
        kdf_oid, kdf_params = _algorithm(kdf)
        if kdf_oid != OID_PBKDF2:
            return {"scheme": "pbes2", "kdf": kdf_oid, "prf": None, "cipher": None, "iterations": 0}
        fields = kdf_params.children()
        iterations = fields[1].as_int()
        prf = "sha1"
        for field in fields[2:]:
            if field.tag == der.SEQUENCE:
                prf = HMAC_OIDS.get(_algorithm(field)[0], _algorithm(field)[0])
        enc_oid, _iv = _algorithm(scheme)
        cipher = AES_CBC_OIDS.get(enc_oid, (enc_oid, 0))[0]
        return {"scheme": "pbes2", "kdf": "pbkdf2", "prf": prf, "cipher": cipher, "iterations": iterations}
    if alg_oid in LEGACY_PBE_OIDS:
        scheme, cipher = LEGACY_PBE_OIDS[alg_oid]
        iterations = params.children()[1].as_int() if params is not None else 0
        return {"scheme": scheme, "kdf": "pkcs12" if scheme == "pkcs12-pbe" else "pbkdf1", "prf": "sha1",
                "cipher": cipher, "iterations": iterations}
    return {"scheme": alg_oid, "kdf": None, "prf": None, "cipher": None, "iterations": 0}


def pbes2_algorithm(salt, iterations, iv):
    """AlgorithmIdentifier for PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC."""
    kdf_params = der.sequence(der.octet_string(salt), der.integer(iterations), der.integer(32),
                              der.sequence(der.oid(_NAME_TO_HMAC_OID["sha256"]), der.null()))
    return der.sequence(der.oid(OID_PBES2), der.sequence(
        der.sequence(der.oid(OID_PBKDF2), kdf_params),
        der.sequence(der.oid("2.16.840.1.101.3.4.1.42"), der.octet_string(iv))))


def encrypt(plaintext, password, iterations=DEFAULT_ITERATIONS):
    """(AlgorithmIdentifier DER, ciphertext) under PBES2 / PBKDF2-HMAC-SHA-256 / AES-256-CBC."""
    salt = os.urandom(SALT_BYTES)
    iv = os.urandom(16)
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations).derive(
        password.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    data = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return pbes2_algorithm(salt, iterations, iv), encryptor.update(data) + encryptor.finalize()


def decrypt(alg_element, ciphertext, password):
    """Plaintext of a PBES2/AES encrypted value; ProtectionError for anything else or a wrong password."""
    alg_oid, params = _algorithm(alg_element)
    if alg_oid != OID_PBES2:
        raise ProtectionError("not PBES2: %s" % LEGACY_PBE_OIDS.get(alg_oid, (alg_oid,))[-1])
    kdf, scheme = params.children()
    kdf_oid, kdf_params = _algorithm(kdf)
    if kdf_oid != OID_PBKDF2:
        raise ProtectionError("PBES2 with key derivation %s is not supported" % kdf_oid)
    fields = kdf_params.children()
    salt = fields[0].as_bytes()
    iterations = fields[1].as_int()
    prf = "sha1"
    for field in fields[2:]:
        if field.tag == der.SEQUENCE:
            prf = HMAC_OIDS.get(_algorithm(field)[0])
    enc_oid, iv_element = _algorithm(scheme)
    if enc_oid not in AES_CBC_OIDS or prf is None:
        raise ProtectionError("PBES2 with %s is not supported" % enc_oid)
    key_len = AES_CBC_OIDS[enc_oid][1]
    key = PBKDF2HMAC(algorithm=_crypto_hash(prf), length=key_len, salt=salt, iterations=iterations).derive(
        password.encode("utf-8"))
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv_element.as_bytes())).decryptor()
    try:
        data = decryptor.update(ciphertext) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(data) + unpadder.finalize()
    except ValueError:
        raise ProtectionError("the password does not decrypt the key repository")


def mac_data(auth_safe, password, iterations=DEFAULT_ITERATIONS, digest="sha256"):
    """RFC 7292 MacData over the AuthenticatedSafe bytes."""
    salt = os.urandom(SALT_BYTES)
    size = _hashlib_new(digest).digest_size
    key = pkcs12_kdf(password, salt, iterations, 3, size, digest)
    value = hmac.new(key, auth_safe, lambda data=b"": _hashlib_new(digest, data)).digest()
    digest_info = der.sequence(der.sequence(der.oid(_NAME_TO_DIGEST_OID[digest]), der.null()), der.octet_string(value))
    return der.sequence(digest_info, der.octet_string(salt), der.integer(iterations))


def verify_mac(mac_element, auth_safe, password):
    """{"hash", "iterations"} of a valid MAC; ProtectionError when the password or the file is wrong."""
    fields = mac_element.expect(der.SEQUENCE, "MacData").children()
    digest_alg, digest_value = fields[0].children()
    digest_oid = _algorithm(digest_alg)[0]
    digest = DIGEST_OIDS.get(digest_oid)
    salt = fields[1].as_bytes()
    iterations = fields[2].as_int() if len(fields) > 2 else 1
    facts = {"hash": digest or digest_oid, "iterations": iterations}
    if digest is None:
        raise ProtectionError("the integrity MAC uses an unknown digest %s" % digest_oid)
    size = _hashlib_new(digest).digest_size
    expected = digest_value.as_bytes()
    key = pkcs12_kdf(password, salt, iterations, 3, size, digest)
    actual = hmac.new(key, auth_safe, lambda data=b"": _hashlib_new(digest, data)).digest()
    if not hmac.compare_digest(actual, expected):
        raise ProtectionError("wrong password, or the key repository is corrupt (integrity check failed)")
    return facts
