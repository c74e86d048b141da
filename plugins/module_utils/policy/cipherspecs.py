# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IBM MQ CipherSpecs: what each one is, and whether a profile approves it.

Facts come from IBM's "Enabling CipherSpecs" and "Deprecated and removed CipherSpecs" tables
(IBM MQ 9.0-9.4 documentation) and the IANA TLS cipher suite registry. A field that IBM's
documentation does not state, or that this project could not confirm, is listed in the
entry's `unconfirmed` tuple; judgements that rest on such a field say so in their reason.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

TLS13 = "TLS 1.3"
TLS12 = "TLS 1.2"
TLS10 = "TLS 1.0"
SSL30 = "SSL 3.0"

SUPPORTED = "supported"
DEPRECATED = "deprecated"

_FIELDS = ("name", "protocol", "kex", "auth", "cipher", "cipher_bits", "mode", "mac",
           "iana_name", "iana_code", "fips", "suite_b", "status", "deprecated_in", "unconfirmed")

# name, protocol, key exchange, authentication, cipher, bits, mode, MAC/PRF hash,
# IANA name, IANA code, IBM FIPS flag (None: not stated), Suite B level, status,
# deprecated in (IBM MQ update), unconfirmed fields.
_TABLE = (
    # TLS 1.3 (IBM MQ 9.1.4 and later). IBM's FIPS flag for these is not confirmed.
    ("TLS_AES_128_GCM_SHA256", TLS13, "(EC)DHE", None, "AES", 128, "GCM", "SHA-256",
     "TLS_AES_128_GCM_SHA256", "0x1301", None, None, SUPPORTED, None, ("fips",)),
    ("TLS_AES_256_GCM_SHA384", TLS13, "(EC)DHE", None, "AES", 256, "GCM", "SHA-384",
     "TLS_AES_256_GCM_SHA384", "0x1302", None, None, SUPPORTED, None, ("fips",)),
    ("TLS_CHACHA20_POLY1305_SHA256", TLS13, "(EC)DHE", None, "CHACHA20", 256, "POLY1305", "SHA-256",
     "TLS_CHACHA20_POLY1305_SHA256", "0x1303", False, None, SUPPORTED, None, ()),
    ("TLS_AES_128_CCM_SHA256", TLS13, "(EC)DHE", None, "AES", 128, "CCM", "SHA-256",
     "TLS_AES_128_CCM_SHA256", "0x1304", None, None, SUPPORTED, None, ("fips",)),
    ("TLS_AES_128_CCM_8_SHA256", TLS13, "(EC)DHE", None, "AES", 128, "CCM_8", "SHA-256",
     "TLS_AES_128_CCM_8_SHA256", "0x1305", None, None, SUPPORTED, None, ("fips",)),
    # TLS 1.2
    ("ECDHE_ECDSA_AES_128_CBC_SHA256", TLS12, "ECDHE", "ECDSA", "AES", 128, "CBC", "SHA-256",
     "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "0xC023", True, None, SUPPORTED, None, ()),
    ("ECDHE_ECDSA_AES_256_CBC_SHA384", TLS12, "ECDHE", "ECDSA", "AES", 256, "CBC", "SHA-384",
     "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "0xC024", True, None, SUPPORTED, None, ()),
    ("ECDHE_ECDSA_AES_128_GCM_SHA256", TLS12, "ECDHE", "ECDSA", "AES", 128, "GCM", "SHA-256",
     "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "0xC02B", True, 128, SUPPORTED, None, ()),
    ("ECDHE_ECDSA_AES_256_GCM_SHA384", TLS12, "ECDHE", "ECDSA", "AES", 256, "GCM", "SHA-384",
     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "0xC02C", True, 192, SUPPORTED, None, ()),
    ("ECDHE_RSA_AES_128_CBC_SHA256", TLS12, "ECDHE", "RSA", "AES", 128, "CBC", "SHA-256",
     "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "0xC027", True, None, SUPPORTED, None, ()),
    ("ECDHE_RSA_AES_256_CBC_SHA384", TLS12, "ECDHE", "RSA", "AES", 256, "CBC", "SHA-384",
     "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "0xC028", True, None, SUPPORTED, None, ("fips",)),
    ("ECDHE_RSA_AES_128_GCM_SHA256", TLS12, "ECDHE", "RSA", "AES", 128, "GCM", "SHA-256",
     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "0xC02F", True, None, SUPPORTED, None, ("fips",)),
    ("ECDHE_RSA_AES_256_GCM_SHA384", TLS12, "ECDHE", "RSA", "AES", 256, "GCM", "SHA-384",
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "0xC030", True, None, SUPPORTED, None, ("fips",)),
    ("TLS_RSA_WITH_AES_128_CBC_SHA256", TLS12, "RSA", "RSA", "AES", 128, "CBC", "SHA-256",
     "TLS_RSA_WITH_AES_128_CBC_SHA256", "0x003C", True, None, SUPPORTED, None, ()),
    ("TLS_RSA_WITH_AES_256_CBC_SHA256", TLS12, "RSA", "RSA", "AES", 256, "CBC", "SHA-256",
     "TLS_RSA_WITH_AES_256_CBC_SHA256", "0x003D", True, None, SUPPORTED, None, ()),
    ("TLS_RSA_WITH_AES_128_GCM_SHA256", TLS12, "RSA", "RSA", "AES", 128, "GCM", "SHA-256",
     "TLS_RSA_WITH_AES_128_GCM_SHA256", "0x009C", True, None, SUPPORTED, None, ()),
    ("TLS_RSA_WITH_AES_256_GCM_SHA384", TLS12, "RSA", "RSA", "AES", 256, "GCM", "SHA-384",
     "TLS_RSA_WITH_AES_256_GCM_SHA384", "0x009D", True, None, SUPPORTED, None, ()),
    # TLS 1.2, deprecated by IBM (the IANA mapping of these GSKit names is not confirmed)
    ("ECDHE_ECDSA_3DES_EDE_CBC_SHA256", TLS12, "ECDHE", "ECDSA", "3DES", 168, "CBC", "SHA-256",
     "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "0xC008", True, None, DEPRECATED, "9.0.0.1", ("iana_code",)),
    ("ECDHE_RSA_3DES_EDE_CBC_SHA256", TLS12, "ECDHE", "RSA", "3DES", 168, "CBC", "SHA-256",
     "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "0xC012", True, None, DEPRECATED, "9.0.0.1", ("iana_code",)),
    ("ECDHE_ECDSA_RC4_128_SHA256", TLS12, "ECDHE", "ECDSA", "RC4", 128, "STREAM", "SHA-256",
     "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "0xC007", False, None, DEPRECATED, "9.0.0.0", ("iana_code",)),
    ("ECDHE_RSA_RC4_128_SHA256", TLS12, "ECDHE", "RSA", "RC4", 128, "STREAM", "SHA-256",
     "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "0xC011", False, None, DEPRECATED, "9.0.0.0", ("iana_code",)),
    ("ECDHE_ECDSA_NULL_SHA256", TLS12, "ECDHE", "ECDSA", "NULL", 0, "NULL", "SHA-1",
     "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "0xC006", False, None, DEPRECATED, "9.0.0.1", ("iana_code",)),
    ("ECDHE_RSA_NULL_SHA256", TLS12, "ECDHE", "RSA", "NULL", 0, "NULL", "SHA-1",
     "TLS_ECDHE_RSA_WITH_NULL_SHA", "0xC010", False, None, DEPRECATED, "9.0.0.1", ("iana_code",)),
    ("TLS_RSA_WITH_NULL_SHA256", TLS12, "RSA", "RSA", "NULL", 0, "NULL", "SHA-256",
     "TLS_RSA_WITH_NULL_SHA256", "0x003B", False, None, DEPRECATED, "9.0.0.1", ()),
    # TLS 1.0, deprecated by IBM
    ("TLS_RSA_WITH_AES_128_CBC_SHA", TLS10, "RSA", "RSA", "AES", 128, "CBC", "SHA-1",
     "TLS_RSA_WITH_AES_128_CBC_SHA", "0x002F", True, None, DEPRECATED, "9.0.5", ()),
    ("TLS_RSA_WITH_AES_256_CBC_SHA", TLS10, "RSA", "RSA", "AES", 256, "CBC", "SHA-1",
     "TLS_RSA_WITH_AES_256_CBC_SHA", "0x0035", True, None, DEPRECATED, "9.0.5", ()),
    ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", TLS10, "RSA", "RSA", "3DES", 168, "CBC", "SHA-1",
     "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "0x000A", True, None, DEPRECATED, "9.0.0.1", ()),
    ("TLS_RSA_WITH_DES_CBC_SHA", TLS10, "RSA", "RSA", "DES", 56, "CBC", "SHA-1",
     "TLS_RSA_WITH_DES_CBC_SHA", "0x0009", False, None, DEPRECATED, "9.0.0.0", ()),
    ("TLS_RSA_WITH_NULL_MD5", TLS10, "RSA", "RSA", "NULL", 0, "NULL", "MD5",
     "TLS_RSA_WITH_NULL_MD5", "0x0001", False, None, DEPRECATED, "9.0.0.1", ()),
    ("TLS_RSA_WITH_NULL_SHA", TLS10, "RSA", "RSA", "NULL", 0, "NULL", "SHA-1",
     "TLS_RSA_WITH_NULL_SHA", "0x0002", False, None, DEPRECATED, "9.0.0.1", ()),
    ("TLS_RSA_WITH_RC4_128_MD5", TLS10, "RSA", "RSA", "RC4", 128, "STREAM", "MD5",
     "TLS_RSA_WITH_RC4_128_MD5", "0x0004", False, None, DEPRECATED, "9.0.0.0", ()),
    ("TLS_RSA_WITH_RC4_128_SHA", TLS10, "RSA", "RSA", "RC4", 128, "STREAM", "SHA-1",
     "TLS_RSA_WITH_RC4_128_SHA", "0x0005", False, None, DEPRECATED, "9.0.0.0", ("status",)),
    ("TLS_RSA_EXPORT_WITH_RC2_40_MD5", TLS10, "RSA", "RSA", "RC2", 40, "CBC", "MD5",
     "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "0x0006", False, None, DEPRECATED, "9.0.0.0", ()),
    ("TLS_RSA_EXPORT_WITH_RC4_40_MD5", TLS10, "RSA", "RSA", "RC4", 40, "STREAM", "MD5",
     "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "0x0003", False, None, DEPRECATED, "9.0.0.0", ()),
    # SSL 3.0, deprecated by IBM
    ("AES_SHA_US", SSL30, "RSA", "RSA", "AES", 128, "CBC", "SHA-1",
     "TLS_RSA_WITH_AES_128_CBC_SHA", "0x002F", False, None, DEPRECATED, "9.0.0.0", ()),
    ("DES_SHA_EXPORT", SSL30, "RSA", "RSA", "DES", 56, "CBC", "SHA-1",
     "TLS_RSA_WITH_DES_CBC_SHA", "0x0009", False, None, DEPRECATED, "9.0.0.0", ()),
    ("DES_SHA_EXPORT1024", SSL30, "RSA", "RSA", "DES", 56, "CBC", "SHA-1",
     "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", "0x0062", False, None, DEPRECATED, "9.0.0.0", ()),
    ("FIPS_WITH_DES_CBC_SHA", SSL30, "RSA", "RSA", "DES", 56, "CBC", "SHA-1",
     "SSL_RSA_FIPS_WITH_DES_CBC_SHA", "0xFEFE", False, None, DEPRECATED, "9.0.0.0", ()),
    ("FIPS_WITH_3DES_EDE_CBC_SHA", SSL30, "RSA", "RSA", "3DES", 168, "CBC", "SHA-1",
     "SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA", "0xFEFF", False, None, DEPRECATED, "9.0.0.1", ()),
    ("NULL_MD5", SSL30, "RSA", "RSA", "NULL", 0, "NULL", "MD5",
     "TLS_RSA_WITH_NULL_MD5", "0x0001", False, None, DEPRECATED, "9.0.0.1", ()),
    ("NULL_SHA", SSL30, "RSA", "RSA", "NULL", 0, "NULL", "SHA-1",
     "TLS_RSA_WITH_NULL_SHA", "0x0002", False, None, DEPRECATED, "9.0.0.1", ()),
    ("RC2_MD5_EXPORT", SSL30, "RSA", "RSA", "RC2", 40, "CBC", "MD5",
     "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "0x0006", False, None, DEPRECATED, "9.0.0.0", ()),
    ("RC4_MD5_EXPORT", SSL30, "RSA", "RSA", "RC4", 40, "STREAM", "MD5",
     "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "0x0003", False, None, DEPRECATED, "9.0.0.0", ()),
    ("RC4_MD5_US", SSL30, "RSA", "RSA", "RC4", 128, "STREAM", "MD5",
     "TLS_RSA_WITH_RC4_128_MD5", "0x0004", False, None, DEPRECATED, "9.0.0.0", ()),
    ("RC4_SHA_US", SSL30, "RSA", "RSA", "RC4", 128, "STREAM", "SHA-1",
     "TLS_RSA_WITH_RC4_128_SHA", "0x0005", False, None, DEPRECATED, "9.0.0.0", ()),
    ("RC4_56_SHA_EXPORT1024", SSL30, "RSA", "RSA", "RC4", 56, "STREAM", "SHA-1",
     "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", "0x0064", False, None, DEPRECATED, "9.0.0.0", ()),
    ("TRIPLE_DES_SHA_US", SSL30, "RSA", "RSA", "3DES", 168, "CBC", "SHA-1",
     "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "0x000A", False, None, DEPRECATED, "9.0.0.1", ()),
)

CIPHERSPECS = {}
for _row in _TABLE:
    _entry = dict(zip(_FIELDS, _row))
    _entry["alias"] = False
    _entry["export"] = "EXPORT" in _row[0]
    _entry["unconfirmed"] = list(_row[-1])
    CIPHERSPECS[_row[0]] = _entry
del _row, _entry

# Aliases let the two ends negotiate. What each can negotiate is modelled on IBM's
# description; the exact membership (in particular of ANY, and whether deprecated specs
# re-enabled with AllowWeakCipherSpec join an alias) is not confirmed.
_ALIAS_PROTOCOLS = {
    "ANY": (TLS12, TLS13),
    "ANY_TLS12": (TLS12,),
    "ANY_TLS12_OR_HIGHER": (TLS12, TLS13),
    "ANY_TLS13": (TLS13,),
    "ANY_TLS13_OR_HIGHER": (TLS13,),
}
ALIASES = {}
for _name, _protocols in _ALIAS_PROTOCOLS.items():
    ALIASES[_name] = {
        "name": _name, "alias": True, "protocols": list(_protocols),
        "members": [n for n, e in CIPHERSPECS.items() if e["protocol"] in _protocols and e["status"] == SUPPORTED],
        "status": SUPPORTED, "unconfirmed": ["members"],
    }
del _name, _protocols

SSLCIPH_MAX_LENGTH = 32
_WEAK_CIPHERS = ("NULL", "RC4", "RC2", "DES")
_NIST_CIPHERS = ("AES", "3DES")
_CNSA_SPECS = ("ECDHE_ECDSA_AES_256_GCM_SHA384", "ECDHE_RSA_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384")


def normalize(name):
    """SSLCIPH as MQ stores it: upper case, surrounding blanks removed; None for blank."""
    if name is None:
        return None
    text = str(name).strip().upper()
    return text or None


def lookup(name):
    """The entry (a copy) for a CipherSpec or alias name, or None when IBM MQ has no such name."""
    key = normalize(name)
    entry = CIPHERSPECS.get(key) or ALIASES.get(key)
    return _copy(entry) if entry else None


def _copy(entry):
    out = dict(entry)
    for key in ("unconfirmed", "members", "protocols"):
        if key in out:
            out[key] = list(out[key])
    return out


def all_names(include_aliases=True):
    names = list(CIPHERSPECS)
    if include_aliases:
        names.extend(ALIASES)
    return names


def _problems(spec, profile, at):
    """Why `profile` does not approve the single (non-alias) CipherSpec `spec`, on date `at`.

    Returns (status, code, reason, basis) tuples; empty when approved.
    """
    out = []
    name = spec["name"]
    if spec["protocol"] in (SSL30, TLS10):
        out.append((fnd.FAIL, "CIPHERSPEC_PROTOCOL",
                    "%s uses %s; NIST SP 800-52r2 requires TLS 1.2 or later" % (name, spec["protocol"]),
                    ("NIST SP 800-52r2",)))
    if spec["cipher"] in _WEAK_CIPHERS or spec["export"]:
        what = "no encryption" if spec["cipher"] == "NULL" else "%s-%d" % (spec["cipher"], spec["cipher_bits"])
        out.append((fnd.FAIL, "CIPHERSPEC_CIPHER",
                    "%s uses %s, which is not an approved cipher" % (name, what), ("NIST SP 800-131A r2",)))
    elif spec["cipher"] not in _NIST_CIPHERS:
        out.append((fnd.FAIL, "CIPHERSPEC_CIPHER",
                    "%s uses %s, which NIST does not approve (SP 800-52r2 lists AES-GCM/CCM for TLS 1.3)"
                    % (name, spec["cipher"]), ("NIST SP 800-52r2",)))
    if spec["cipher"] == "3DES":
        status = fnd.FAIL if at > prf.TDEA_LAST_DAY else fnd.WARN
        out.append((status, "CIPHERSPEC_3DES",
                    "%s uses 3DES, disallowed for encryption after %s" % (name, prf.TDEA_LAST_DAY.isoformat()),
                    ("NIST SP 800-131A r2",)))
    if spec["mac"] == "MD5":
        out.append((fnd.FAIL, "CIPHERSPEC_MAC", "%s uses MD5 for integrity" % name, ("NIST SP 800-131A r2",)))
    if spec["kex"] == "RSA":
        status = fnd.FAIL if at > prf.RSA_KEY_TRANSPORT_LAST_DAY else fnd.WARN
        out.append((status, "CIPHERSPEC_RSA_KEY_TRANSPORT",
                    "%s uses RSA key transport (PKCS#1 v1.5, no forward secrecy), disallowed after %s"
                    % (name, prf.RSA_KEY_TRANSPORT_LAST_DAY.isoformat()), ("NIST SP 800-131A r2", "NIST SP 800-52r2")))
    if spec["status"] == DEPRECATED:
        out.append((fnd.FAIL, "CIPHERSPEC_DEPRECATED",
                    "%s is deprecated by IBM since MQ %s (AMQ8242 unless weak CipherSpecs are re-enabled)"
                    % (name, spec["deprecated_in"]), ("IBM MQ documentation",)))
    if profile.fips_flag_required:
        if spec["fips"] is False:
            out.append((fnd.FAIL, "CIPHERSPEC_NOT_FIPS", "IBM does not flag %s as FIPS 140 compliant" % name,
                        ("IBM MQ documentation", "FIPS 140-2/140-3")))
        elif spec["fips"] is None or "fips" in spec["unconfirmed"]:
            out.append((fnd.WARN, "CIPHERSPEC_FIPS_UNCONFIRMED",
                        "IBM's FIPS flag for %s is not confirmed in this collection's sources" % name,
                        ("IBM MQ documentation",)))
    if profile.suite_b_level:
        level = spec["suite_b"] or 0
        if level < profile.suite_b_level:
            out.append((fnd.FAIL, "CIPHERSPEC_NOT_SUITE_B",
                        "%s is not a Suite B %d-bit CipherSpec" % (name, profile.suite_b_level), ("RFC 6460",)))
    if profile.cnsa and name not in _CNSA_SPECS:
        out.append((fnd.FAIL, "CIPHERSPEC_NOT_CNSA",
                    "%s is not a CNSA 1.0 suite (ECDHE or TLS 1.3 with AES-256-GCM and SHA-384)" % name,
                    ("NSA CNSA 1.0",)))
    return out


def judge(name, profile=None, at=None, sslfips=None):
    """Classify SSLCIPH value `name` under `profile` on date `at`.

    For an alias, every CipherSpec it can negotiate is judged (only the FIPS-flagged ones when
    `sslfips` is True, as the queue manager then refuses the others). Returns a dict:
    {"name", "known", "alias", "approved", "verdict", "problems": [{"status", "code", "reason", "basis"}]}.
    """
    profile = prf.get_profile(profile)
    at = prf.as_date(at)
    key = normalize(name)
    result = {"name": key or "", "known": True, "alias": False, "profile": profile.name, "at": at.isoformat()}
    problems = []
    if key is None:
        problems.append((fnd.FAIL, "CIPHERSPEC_NONE", "no CipherSpec: the channel does not use TLS",
                         ("NIST SP 800-52r2",)))
    elif key in CIPHERSPECS:
        problems = _problems(CIPHERSPECS[key], profile, at)
    elif key in ALIASES:
        result["alias"] = True
        members = ALIASES[key]["members"]
        if sslfips:
            members = [m for m in members if CIPHERSPECS[m]["fips"] is not False]
        for member in members:
            for status, code, reason, basis in _problems(CIPHERSPECS[member], profile, at):
                problems.append((status, code, "%s can negotiate %s: %s" % (key, member, reason), basis))
        if problems:
            problems.append((fnd.WARN, "CIPHERSPEC_ALIAS",
                             "%s lets the peers negotiate; name one approved CipherSpec instead" % key,
                             ("IBM MQ documentation",)))
    else:
        result["known"] = False
        problems.append((fnd.FAIL, "CIPHERSPEC_UNKNOWN",
                         "%r is not an IBM MQ CipherSpec name" % (str(name)[:64],), ("IBM MQ documentation",)))
    result["problems"] = [{"status": s, "code": c, "reason": r, "basis": list(b)} for s, c, r, b in problems]
    result["verdict"] = fnd.worst_status(result["problems"])
    result["approved"] = result["verdict"] != fnd.FAIL
    return result


def info(name, profile=None, at=None, sslfips=None):
    """The facts of a CipherSpec (or alias) merged with its judgement under `profile`."""
    facts = lookup(name) or {"name": normalize(name) or ""}
    facts.update(judge(name, profile, at, sslfips))
    return facts


def findings(name, profile=None, at=None, sslfips=None, obj_type="cipherspec", obj_name=None,
             rules=fnd.RULES_CHANNEL_TLS):
    """Findings for SSLCIPH value `name`: one pass, or one finding per problem."""
    verdict = judge(name, profile, at, sslfips)
    actual = verdict["name"] or "(blank)"
    problems = [(p["status"], p["code"], p["reason"], p["basis"]) for p in verdict["problems"]]
    return fnd.from_problems(problems, "CIPHERSPEC_APPROVED",
                             "%s is approved by the %s profile" % (actual, verdict["profile"]),
                             obj_type, verdict["name"] if obj_name is None else obj_name,
                             "a CipherSpec approved by the %s profile" % verdict["profile"], actual,
                             rules=rules, profile=verdict["profile"])
