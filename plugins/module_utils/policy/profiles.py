# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Policy profiles: what each user-selectable profile approves, and the NIST transition dates.

Profiles are layered: every profile applies the `nist` baseline (SP 800-52r2, SP 800-131A r2,
SP 800-57 part 1, FIPS 186-5) and adds its own restrictions.

    nist         the default; date-aware transitions below
    fips         nist + only CipherSpecs that IBM flags as FIPS 140 compliant
    suite_b_128  nist + NSA Suite B at the 128-bit level (RFC 6460): ECDHE-ECDSA AES-GCM,
                 P-256/P-384, SHA-256/SHA-384
    suite_b_192  nist + NSA Suite B at the 192-bit level: AES-256-GCM/SHA-384, P-384
    cnsa         nist + NSA CNSA 1.0: AES-256, SHA-384, ECDH/ECDSA P-384, RSA 3072+
"""

from __future__ import annotations

import datetime

# SP 800-131A r2 / SP 800-57 part 1 r5 transitions. A date is the LAST day something is allowed.
RSA_KEY_TRANSPORT_LAST_DAY = datetime.date(2023, 12, 31)   # PKCS#1 v1.5 key transport
TDEA_LAST_DAY = datetime.date(2023, 12, 31)                # 3DES encryption
STRENGTH_112_LAST_DAY = datetime.date(2030, 12, 31)        # 112-bit security strength

NIST_CURVES = ("secp224r1", "secp256r1", "secp384r1", "secp521r1")
EDWARDS_CURVES = ("ed25519", "ed448")
CURVE_ALIASES = {
    "p-224": "secp224r1", "p224": "secp224r1", "secp224r1": "secp224r1",
    "p-256": "secp256r1", "p256": "secp256r1", "prime256v1": "secp256r1", "secp256r1": "secp256r1",
    "p-384": "secp384r1", "p384": "secp384r1", "secp384r1": "secp384r1",
    "p-521": "secp521r1", "p521": "secp521r1", "secp521r1": "secp521r1",
}

# Hash algorithms for signatures: collision-resistance strength (SP 800-57 part 1 Table 3).
HASH_STRENGTH = {
    "md5": 0, "sha1": 63, "sha224": 112, "sha256": 128, "sha384": 192, "sha512": 256,
    "sha512_224": 112, "sha512_256": 128,
    "sha3_224": 112, "sha3_256": 128, "sha3_384": 192, "sha3_512": 256,
}
HASH_ALIASES = {
    "md5": "md5", "sha1": "sha1", "sha-1": "sha1", "sha": "sha1",
    "sha224": "sha224", "sha-224": "sha224", "sha256": "sha256", "sha-256": "sha256",
    "sha384": "sha384", "sha-384": "sha384", "sha512": "sha512", "sha-512": "sha512",
    "sha512-224": "sha512_224", "sha512_224": "sha512_224", "sha-512/224": "sha512_224",
    "sha512-256": "sha512_256", "sha512_256": "sha512_256", "sha-512/256": "sha512_256",
    "sha3-224": "sha3_224", "sha3_224": "sha3_224", "sha3-256": "sha3_256", "sha3_256": "sha3_256",
    "sha3-384": "sha3_384", "sha3_384": "sha3_384", "sha3-512": "sha3_512", "sha3_512": "sha3_512",
}

DEFAULT_PROFILE = "nist"


class Profile(object):
    """What one profile approves. Plain data; the checks live in the policy modules."""

    def __init__(self, name, title, basis, fips_flag_required=False, suite_b_level=None, cnsa=False,
                 curves=NIST_CURVES + EDWARDS_CURVES, rsa_allowed=True, min_rsa_bits=2048,
                 floor_strength=0, hashes=None, p12_ciphers=("aes128", "aes192", "aes256")):
        self.name = name
        self.title = title
        self.basis = tuple(basis)
        self.fips_flag_required = fips_flag_required
        self.suite_b_level = suite_b_level
        self.cnsa = cnsa
        self.curves = tuple(curves)
        self.rsa_allowed = rsa_allowed
        self.min_rsa_bits = min_rsa_bits
        self.floor_strength = floor_strength
        self.hashes = tuple(hashes) if hashes else tuple(h for h, s in HASH_STRENGTH.items() if s >= 112)
        self.p12_ciphers = tuple(p12_ciphers)

    def min_strength(self, at):
        """Minimum security strength in bits on date `at` (SP 800-57: 112 through 2030, then 128)."""
        nist = 112 if at <= STRENGTH_112_LAST_DAY else 128
        return max(nist, self.floor_strength)


_NIST_BASIS = ("NIST SP 800-52r2", "NIST SP 800-131A r2", "NIST SP 800-57 part 1 r5", "FIPS 186-5")

PROFILES = {
    "nist": Profile("nist", "NIST SP 800-52r2 / SP 800-131A r2 (date-aware)", _NIST_BASIS),
    "fips": Profile("fips", "NIST baseline and IBM FIPS 140-flagged CipherSpecs only",
                    _NIST_BASIS + ("FIPS 140-2/140-3",), fips_flag_required=True,
                    curves=NIST_CURVES),
    "suite_b_128": Profile("suite_b_128", "NSA Suite B, 128-bit level (RFC 6460)",
                           _NIST_BASIS + ("RFC 6460",), suite_b_level=128,
                           curves=("secp256r1", "secp384r1"), rsa_allowed=False, floor_strength=128,
                           hashes=("sha256", "sha384")),
    "suite_b_192": Profile("suite_b_192", "NSA Suite B, 192-bit level (RFC 6460)",
                           _NIST_BASIS + ("RFC 6460",), suite_b_level=192,
                           curves=("secp384r1",), rsa_allowed=False, floor_strength=192,
                           hashes=("sha384",), p12_ciphers=("aes256",)),
    "cnsa": Profile("cnsa", "NSA Commercial National Security Algorithm Suite 1.0",
                    _NIST_BASIS + ("NSA CNSA 1.0",), cnsa=True, curves=("secp384r1",),
                    min_rsa_bits=3072, floor_strength=128, hashes=("sha384", "sha512"),
                    p12_ciphers=("aes256",)),
}


def get_profile(name=None):
    """Return the Profile called `name` (default `nist`); ValueError names the choices."""
    if isinstance(name, Profile):
        return name
    key = (name or DEFAULT_PROFILE).strip().lower()
    if key not in PROFILES:
        raise ValueError("unknown policy profile %r; choose one of: %s" % (name, ", ".join(sorted(PROFILES))))
    return PROFILES[key]


def as_date(at=None):
    """Normalise `at` (None for today in UTC, a date, a datetime or an ISO 8601 string) to a date."""
    if at is None:
        return datetime.datetime.now(datetime.timezone.utc).date()
    if isinstance(at, datetime.datetime):
        return at.date()
    if isinstance(at, datetime.date):
        return at
    if isinstance(at, str):
        text = at.strip()
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError("invalid date %r: expected ISO 8601, e.g. 2026-12-03" % at)
    raise ValueError("invalid date %r: expected a date, a datetime or an ISO 8601 string" % (at,))


def normalize_curve(curve):
    """Map curve names (P-256, prime256v1, secp256r1, Ed25519, ...) to one spelling."""
    key = str(curve).strip().lower()
    return CURVE_ALIASES.get(key, key)


def normalize_hash(name):
    """Map hash names (SHA-256, sha256, SHA1, ...) to one spelling; unknown names are lower-cased."""
    key = str(name).strip().lower()
    return HASH_ALIASES.get(key, key.replace("-", "_"))
