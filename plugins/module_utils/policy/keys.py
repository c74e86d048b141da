# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public keys: security strength (NIST SP 800-57 part 1 Table 2) and approval per profile.

A key is described by plain facts, so this module needs no cryptography library:
    {"type": "rsa" | "ec" | "dsa" | "ed25519" | "ed448", "size": bits, "curve": name}
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

# SP 800-57 part 1 r5 Table 2: (minimum modulus / L bits, strength), highest first.
_IFC_FFC_STRENGTH = ((15360, 256), (7680, 192), (3072, 128), (2048, 112), (1024, 80))
_CURVE_STRENGTH = {
    "secp192r1": 96, "secp224r1": 112, "secp256r1": 128, "secp384r1": 192, "secp521r1": 256,
    "ed25519": 128, "ed448": 224,
}
KEY_TYPES = ("rsa", "ec", "dsa", "ed25519", "ed448")


def strength(key):
    """Security strength in bits of a key described by facts; 0 when unknown or unusable."""
    ktype = str(key.get("type", "")).lower()
    if ktype in ("rsa", "dsa"):
        size = int(key.get("size") or 0)
        for bits, value in _IFC_FFC_STRENGTH:
            if size >= bits:
                return value
        return 0
    if ktype == "ec":
        return _CURVE_STRENGTH.get(prf.normalize_curve(key.get("curve", "")), 0)
    if ktype in ("ed25519", "ed448"):
        return _CURVE_STRENGTH[ktype]
    return 0


def describe(key):
    """A short human description: 'RSA 2048', 'EC secp384r1', 'Ed25519'."""
    ktype = str(key.get("type", "")).lower()
    if ktype in ("rsa", "dsa"):
        return "%s %s" % (ktype.upper(), key.get("size"))
    if ktype == "ec":
        return "EC %s" % prf.normalize_curve(key.get("curve", "?"))
    if ktype == "ed25519":
        return "Ed25519"
    if ktype == "ed448":
        return "Ed448"
    return str(ktype or "unknown")


def problems(key, profile=None, at=None, warn_days=365):
    """Why `profile` does not approve `key` on date `at`: (status, code, reason, basis) tuples."""
    profile = prf.get_profile(profile)
    at = prf.as_date(at)
    ktype = str(key.get("type", "")).lower()
    what = describe(key)
    out = []
    if ktype not in KEY_TYPES:
        return [(fnd.FAIL, "KEY_TYPE", "unsupported key type %r" % ktype, ("FIPS 186-5",))]
    if ktype == "dsa":
        out.append((fnd.FAIL, "KEY_TYPE", "%s: FIPS 186-5 no longer approves DSA for signature generation" % what,
                    ("FIPS 186-5",)))
    if ktype == "rsa":
        if not profile.rsa_allowed:
            out.append((fnd.FAIL, "KEY_TYPE", "%s: the %s profile allows only ECDSA keys" % (what, profile.name),
                        profile.basis[-1:]))
        elif int(key.get("size") or 0) < profile.min_rsa_bits:
            out.append((fnd.FAIL, "KEY_SIZE", "%s: the %s profile requires RSA keys of at least %d bits"
                        % (what, profile.name, profile.min_rsa_bits), ("NIST SP 800-131A r2",) + profile.basis[-1:]))
    if ktype in ("ec", "ed25519", "ed448"):
        curve = ktype if ktype != "ec" else prf.normalize_curve(key.get("curve", ""))
        if curve not in profile.curves:
            out.append((fnd.FAIL, "KEY_CURVE", "%s: curve not approved by the %s profile (allowed: %s)"
                        % (what, profile.name, ", ".join(profile.curves)), ("NIST SP 800-186", "FIPS 186-5")))
    bits = strength(key)
    floor = profile.min_strength(at)
    if bits < floor:
        out.append((fnd.FAIL, "KEY_STRENGTH", "%s gives %d-bit security; at least %d bits are required on %s"
                    % (what, bits, floor, at.isoformat()), ("NIST SP 800-57 part 1 r5",)))
    elif bits < 128 and (prf.STRENGTH_112_LAST_DAY - at).days < warn_days:
        out.append((fnd.WARN, "KEY_STRENGTH_TRANSITION", "%s gives %d-bit security, disallowed after %s"
                    % (what, bits, prf.STRENGTH_112_LAST_DAY.isoformat()), ("NIST SP 800-131A r2",)))
    return out


def findings(key, profile=None, at=None, obj_name=None, warn_days=365, rules=fnd.RULES_KEY_MANAGEMENT):
    """Findings for one key: a pass, or one finding per problem."""
    profile = prf.get_profile(profile)
    found = problems(key, profile, at, warn_days)
    what = describe(key)
    name = obj_name or what
    expected = "a key approved by the %s profile (at least %d-bit security)" % (
        profile.name, profile.min_strength(prf.as_date(at)))
    return fnd.from_problems(found, "KEY_APPROVED", "%s (%d-bit security) is approved by the %s profile"
                             % (what, strength(key), profile.name), "key", name, expected, what,
                             rules=rules, profile=profile.name)
