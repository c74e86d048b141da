# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Key repository protection: PKCS#12 encryption and MAC, CMS format, file and stash modes.

A repository is described by plain facts (keystore code reads them from the real file):

    {"path": str, "exists": bool (optional; False: only KEYREPO_MISSING is reported),
     "format": "pkcs12" | "cms", "mode": int (st_mode & 0o7777) | None,
     "protections": [{"where": "keys" | "certificates", "scheme": "pbes2" | "pkcs12-pbe" | "none",
                      "prf": "sha256" | "sha1" | ..., "cipher": "aes256" | "aes128" | "3des" | "rc2-40" | ...,
                      "iterations": int}],
     "mac": None | {"hash": "sha256" | "sha1" | ..., "iterations": int},
     "stash": None | {"path": str, "present": bool, "mode": int | None, "expected": bool}}

`expected` says that the clients read the password from the stash (no MQKEYRPWD or
SSLKeyRepositoryPassword): a missing stash then stops TLS channels from starting.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

# SP 800-132: at least 1,000 PBKDF2 iterations.
MIN_KDF_ITERATIONS = 1000
APPROVED_PRFS = ("sha224", "sha256", "sha384", "sha512", "sha512_224", "sha512_256")
APPROVED_MAC_HASHES = ("sha224", "sha256", "sha384", "sha512", "sha512_224", "sha512_256")


def _protection_problems(item, profile):
    out = []
    where = item.get("where", "keys")
    scheme = str(item.get("scheme", "")).lower()
    cipher = str(item.get("cipher") or "").lower()
    if scheme == "none":
        if where == "keys":
            out.append((fnd.FAIL, "KEYREPO_ENCRYPTION", "private keys are stored unencrypted", ("NIST SP 800-57 part 1 r5",)))
        return out
    if scheme != "pbes2":
        out.append((fnd.FAIL, "KEYREPO_ENCRYPTION", "%s are protected with a legacy PKCS#12 scheme (%s%s)"
                    % (where, scheme or "unknown", ", " + cipher if cipher else ""), ("NIST SP 800-132", "RFC 8018")))
        return out
    prf_hash = prf.normalize_hash(item.get("prf") or "sha1")
    if prf_hash not in APPROVED_PRFS:
        out.append((fnd.FAIL, "KEYREPO_KDF", "%s: PBKDF2 uses HMAC-%s" % (where, prf_hash.upper()), ("NIST SP 800-132",)))
    if cipher not in profile.p12_ciphers:
        out.append((fnd.FAIL, "KEYREPO_ENCRYPTION", "%s are encrypted with %s; the %s profile allows %s"
                    % (where, cipher or "unknown", profile.name, ", ".join(profile.p12_ciphers)), ("NIST SP 800-131A r2",)))
    iterations = int(item.get("iterations") or 0)
    if iterations < MIN_KDF_ITERATIONS:
        out.append((fnd.FAIL, "KEYREPO_KDF", "%s: PBKDF2 with %d iterations, fewer than %d"
                    % (where, iterations, MIN_KDF_ITERATIONS), ("NIST SP 800-132",)))
    return out


def _mode_problem(mode, what):
    if mode is not None and int(mode) & 0o077:
        return [(fnd.FAIL, "FILE_MODE", "%s has mode %04o; group and others must have no access" % (what, int(mode)),
                 ("NIST SP 800-57 part 1 r5",))]
    return []


def problems(repo, profile=None):
    """Why `profile` does not approve the protection of `repo`: (status, code, reason, basis, object type)."""
    profile = prf.get_profile(profile)
    if repo.get("exists") is False:
        # Nothing to judge but its absence (an audit before STIG fix step 1): one finding, not one per property.
        return [(fnd.FAIL, "KEYREPO_MISSING", "the key repository does not exist (STIG fix step 1: prepare it)",
                 ("DISA IBM MQ Appliance STIG MQMH-AS-001180",), "keyrepo")]
    out = []
    fmt = str(repo.get("format", "pkcs12")).lower()
    if fmt == "cms":
        out.append((fnd.WARN, "KEYREPO_FORMAT", "CMS key repositories are deprecated for Java clients from IBM MQ "
                    "9.4.0; IBM recommends PKCS#12", ("IBM MQ documentation",)))
    elif fmt == "pkcs12":
        for item in repo.get("protections") or []:
            out.extend(_protection_problems(item, profile))
        mac = repo.get("mac")
        if not mac:
            out.append((fnd.FAIL, "KEYREPO_MAC", "no integrity MAC on the PKCS#12 file", ("RFC 7292",)))
        else:
            digest = prf.normalize_hash(mac.get("hash") or "unknown")
            if digest not in APPROVED_MAC_HASHES:
                out.append((fnd.FAIL, "KEYREPO_MAC", "integrity MAC uses %s" % digest.upper(), ("NIST SP 800-131A r2",)))
    else:
        out.append((fnd.FAIL, "KEYREPO_FORMAT", "unknown key repository format %r" % fmt, ("IBM MQ documentation",)))
    out = [p + ("keyrepo",) for p in out]
    out.extend(p + ("keyrepo",) for p in _mode_problem(repo.get("mode"), "the key repository"))
    stash = repo.get("stash")
    if stash and stash.get("present"):
        out.extend(p + ("stash",) for p in _mode_problem(stash.get("mode"), "the stash file"))
    elif stash and stash.get("expected"):
        out.append((fnd.FAIL, "STASH_MISSING", "no stash file beside the key repository, and no other password "
                    "source is configured", ("IBM MQ documentation",), "stash"))
    return out


def findings(repo, profile=None, obj_name=None, rules=fnd.RULES_KEY_MANAGEMENT):
    """Findings for one key repository: a pass, or one finding per problem."""
    profile = prf.get_profile(profile)
    name = obj_name or repo.get("path") or "key repository"
    found = problems(repo, profile)
    expected = "PBES2 (PBKDF2-HMAC-SHA-2, %s), SHA-2 MAC, mode 0600" % "/".join(profile.p12_ciphers)
    stash_name = (repo.get("stash") or {}).get("path") or name
    found = [p[:4] + (p[4], name if p[4] == "keyrepo" else stash_name) for p in found]
    return fnd.from_problems(found, "KEYREPO_APPROVED", "protection approved by the %s profile" % profile.name,
                             "keyrepo", name, expected, str(repo.get("format", "pkcs12")).lower(),
                             rules=rules, profile=profile.name)
