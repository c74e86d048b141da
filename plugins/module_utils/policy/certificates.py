# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""X.509 certificates: signature, key, validity and intended use, judged per profile.

A certificate is described by plain facts (see docs/policy.md), so this module needs no
cryptography library; keystore code extracts the facts from real certificates:

    {"subject": str, "issuer": str, "serial": str, "not_before": datetime|ISO str,
     "not_after": datetime|ISO str, "signature_hash": "sha256"|..|None,
     "signature_algorithm": "rsa-pkcs1v15"|"rsa-pss"|"ecdsa"|"dsa"|"ed25519"|"ed448",
     "key": {"type", "size", "curve"}, "basic_constraints": None|{"ca", "critical", "path_length"},
     "key_usage": None|[names], "extended_key_usage": None|[names], "self_signed": bool}

Roles: "ca" (a CA certificate added as trusted), "client", "server", "personal" (an MQ
personal certificate, which acts as client or server depending on the channel).
"""

from __future__ import annotations

import datetime

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import keys as keys_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

ROLES = ("ca", "client", "server", "personal")
_ROLE_EKU = {"client": ("clientAuth",), "server": ("serverAuth",), "personal": ("clientAuth", "serverAuth")}
_BAD_SIGNATURE_ALGORITHMS = {"dsa": "FIPS 186-5 no longer approves DSA for signature generation"}


def as_datetime(value):
    """A timezone-aware UTC datetime from a datetime (naive means UTC) or an ISO 8601 string."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError("invalid timestamp %r: expected ISO 8601" % value)
    else:
        raise ValueError("invalid timestamp %r" % (value,))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def _now(now):
    return as_datetime(now) if now is not None else datetime.datetime.now(datetime.timezone.utc)


def problems(cert, role="personal", profile=None, now=None, expiry_warn_days=30, warn_days=365):
    """Why `profile` does not approve `cert` for `role` at `now`: (status, code, reason, basis) tuples."""
    if role not in ROLES:
        raise ValueError("role must be one of %s, not %r" % (", ".join(ROLES), role))
    profile = prf.get_profile(profile)
    moment = _now(now)
    day = moment.date()
    out = []

    sig_alg = str(cert.get("signature_algorithm") or "").lower()
    if sig_alg in _BAD_SIGNATURE_ALGORITHMS:
        out.append((fnd.FAIL, "CERT_SIGNATURE_ALGORITHM", _BAD_SIGNATURE_ALGORITHMS[sig_alg], ("FIPS 186-5",)))
    if sig_alg not in ("ed25519", "ed448"):
        digest = prf.normalize_hash(cert.get("signature_hash") or "unknown")
        strength = prf.HASH_STRENGTH.get(digest, 0)
        if digest in ("md5", "sha1") or strength == 0:
            out.append((fnd.FAIL, "CERT_SIGNATURE_HASH",
                        "signed with %s, disallowed for digital signatures" % digest.upper().replace("_", "-"),
                        ("NIST SP 800-131A r2",)))
        elif digest not in profile.hashes or strength < profile.min_strength(day):
            out.append((fnd.FAIL, "CERT_SIGNATURE_HASH", "signed with %s, not allowed by the %s profile"
                        % (digest.upper(), profile.name), ("NIST SP 800-131A r2",) + profile.basis[-1:]))
        elif strength < 128 and (prf.STRENGTH_112_LAST_DAY - day).days < warn_days:
            out.append((fnd.WARN, "CERT_SIGNATURE_HASH_TRANSITION", "signed with %s (112-bit), disallowed after %s"
                        % (digest.upper(), prf.STRENGTH_112_LAST_DAY.isoformat()), ("NIST SP 800-131A r2",)))

    key = cert.get("key") or {}
    out.extend(keys_policy.problems(key, profile, day, warn_days))

    not_before = as_datetime(cert.get("not_before"))
    not_after = as_datetime(cert.get("not_after"))
    if not_after is not None and moment > not_after:
        out.append((fnd.FAIL, "CERT_EXPIRED", "expired on %s" % not_after.isoformat(), ("RFC 5280",)))
    elif not_before is not None and moment < not_before:
        out.append((fnd.FAIL, "CERT_NOT_YET_VALID", "not valid before %s" % not_before.isoformat(), ("RFC 5280",)))
    elif not_after is not None and moment + datetime.timedelta(days=expiry_warn_days) > not_after:
        out.append((fnd.WARN, "CERT_EXPIRING", "expires on %s, within %d days" % (not_after.isoformat(), expiry_warn_days),
                    ("NIST SP 800-57 part 1 r5",)))

    constraints = cert.get("basic_constraints")
    is_ca = bool(constraints and constraints.get("ca"))
    usage = cert.get("key_usage")
    if role == "ca":
        if not is_ca:
            out.append((fnd.FAIL, "CERT_NOT_CA", "not a CA certificate (basicConstraints CA:TRUE is missing)",
                        ("RFC 5280",)))
        elif not constraints.get("critical"):
            out.append((fnd.WARN, "CERT_BASIC_CONSTRAINTS", "basicConstraints is not marked critical", ("RFC 5280",)))
        if usage is None:
            out.append((fnd.WARN, "CERT_KEY_USAGE", "CA certificate has no keyUsage extension", ("RFC 5280",)))
        elif "key_cert_sign" not in usage:
            out.append((fnd.FAIL, "CERT_KEY_USAGE", "keyUsage lacks keyCertSign, so it cannot sign certificates",
                        ("RFC 5280",)))
    else:
        if is_ca:
            out.append((fnd.FAIL, "CERT_IS_CA", "a CA certificate used as a %s certificate" % role, ("RFC 5280",)))
        if usage is not None and "digital_signature" not in usage:
            out.append((fnd.FAIL, "CERT_KEY_USAGE", "keyUsage lacks digitalSignature, needed for ECDHE and TLS 1.3",
                        ("NIST SP 800-52r2",)))
        eku = cert.get("extended_key_usage")
        wanted = _ROLE_EKU[role]
        if eku is not None and "anyExtendedKeyUsage" not in eku and not any(w in eku for w in wanted):
            out.append((fnd.FAIL, "CERT_EXTENDED_KEY_USAGE", "extendedKeyUsage lacks %s" % " or ".join(wanted),
                        ("RFC 5280", "NIST SP 800-52r2")))
    return out


def findings(cert, role="personal", profile=None, now=None, obj_name=None, expiry_warn_days=30, warn_days=365,
             rules=fnd.RULES_KEY_MANAGEMENT):
    """Findings for one certificate: a pass, or one finding per problem."""
    profile = prf.get_profile(profile)
    found = problems(cert, role, profile, now, expiry_warn_days, warn_days)
    name = obj_name or cert.get("subject") or "certificate"
    digest = cert.get("signature_hash") or cert.get("signature_algorithm") or "unknown"
    actual = "%s, %s signature, valid until %s" % (
        keys_policy.describe(cert.get("key") or {}), prf.normalize_hash(digest).upper(), cert.get("not_after"))
    expected = "a %s certificate approved by the %s profile" % (role, profile.name)
    return fnd.from_problems(found, "CERT_APPROVED", "approved by the %s profile for use as %s" % (profile.name, role),
                             "certificate", name, expected, actual, rules=rules, profile=profile.name)
