# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The findings schema shared by every module, filter and report of the collection.

A finding is a plain dict (JSON-serialisable, safe to return from a module):

    code       stable identifier, e.g. "CIPHERSPEC_DEPRECATED"; never renamed once released
    status     "pass" | "warn" | "fail"
    severity   for a fail, the STIG severity of the worst rule it bears on ("high" |
               "medium" | "low"); "low" for a warn; "info" for a pass
    rules      STIG rule references: [{"stig_id", "severity", "cci",
               "V1R1": {"vuln_id", "rule_id"}, "V1R2": {"vuln_id", "rule_id"}}]
    object     {"type": "cipherspec" | "channel" | "qmgr" | "key" | "certificate" | "keyrepo"
               | "stash" | "file", "name": str}
    expected   what the active profile requires (a short string)
    actual     what was found (a short string; never secret material)
    reason     one line a person can act on
    profile    the policy profile that judged it ("nist", "fips", ...)
    basis      the documents the judgement rests on, e.g. ["NIST SP 800-131A r2"]

docs/findings.md documents the schema for report writers.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog

PASS = "pass"
WARN = "warn"
FAIL = "fail"
STATUSES = (PASS, WARN, FAIL)
OBJECT_TYPES = ("cipherspec", "channel", "qmgr", "key", "certificate", "keyrepo", "stash", "file")
_SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}
_STATUS_RANK = {PASS: 0, WARN: 1, FAIL: 2}

# Rule groups: which STIG rules a kind of check bears on.
# The SVRCONN channel check (SSLCIPH approved, SSLCAUTH REQUIRED) is shared by these rules.
RULES_CHANNEL_TLS = ("MQMH-AS-001180", "MQMH-AS-001000", "MQMH-AS-001120",
                     "MQMH-AS-001150", "MQMH-AS-001160", "MQMH-AS-001170")
# Queue-manager-to-queue-manager mutual TLS (SDR/RCVR and cluster channels).
RULES_QMGR_CHANNEL_TLS = ("MQMH-AS-000180",)
# DIS QMGR SSLFIPS must be YES.
RULES_SSLFIPS = ("MQMH-AS-001200", "MQMH-AS-001230", "MQMH-AS-001240", "MQMH-AS-001250")
# Key management: keys, certificates and key repositories.
RULES_KEY_MANAGEMENT = ("MQMH-AS-001180",)
# DoD/CNSS-approved PKI certificates.
RULES_DOD_PKI = ("MQMH-AS-000790", "MQMH-AS-000830")


def rule_refs(stig_ids):
    """Return the rule references (both releases' ids) for the given STIG ids."""
    refs = []
    for stig_id in stig_ids:
        data = stig_catalog.RULES.get(stig_id)
        if data is None:
            raise KeyError("unknown STIG id %s" % stig_id)
        ref = {"stig_id": stig_id, "severity": data["severity"], "cci": list(data["cci"])}
        for release in stig_catalog.RELEASES:
            if release in data:
                # The ids only (docs/findings.md); the catalog's texts stay in the catalog.
                ref[release] = {"vuln_id": data[release]["vuln_id"], "rule_id": data[release]["rule_id"]}
        refs.append(ref)
    return refs


def make_finding(code, status, obj_type, obj_name, expected, actual, reason,
                 rules=RULES_KEY_MANAGEMENT, profile=None, basis=()):
    """Build one finding. Severity follows the worst STIG rule for warn/fail, 'info' for pass."""
    if status not in STATUSES:
        raise ValueError("status must be one of %s, not %r" % (", ".join(STATUSES), status))
    if obj_type not in OBJECT_TYPES:
        raise ValueError("object type must be one of %s, not %r" % (", ".join(OBJECT_TYPES), obj_type))
    refs = rule_refs(rules)
    if status == PASS:
        severity = "info"
    elif status == WARN or not refs:
        severity = "low"
    else:
        severity = max((r["severity"] for r in refs), key=_SEVERITY_RANK.__getitem__)
    return {
        "code": code,
        "status": status,
        "severity": severity,
        "rules": refs,
        "object": {"type": obj_type, "name": "" if obj_name is None else str(obj_name)},
        "expected": expected,
        "actual": "" if actual is None else str(actual),
        "reason": reason,
        "profile": profile,
        "basis": list(basis),
    }


def from_problems(problems, pass_code, pass_reason, obj_type, obj_name, expected, actual,
                  rules=RULES_KEY_MANAGEMENT, profile=None):
    """Findings for one object: a single pass when `problems` is empty, else one per problem.

    A problem is (status, code, reason, basis), optionally followed by (obj_type, obj_name)
    when it concerns another object than the one judged (a stash file beside a repository).
    """
    if not problems:
        return [make_finding(pass_code, PASS, obj_type, obj_name, expected, actual, pass_reason,
                             rules=rules, profile=profile)]
    out = []
    for problem in problems:
        status, code, reason, basis = problem[:4]
        p_type, p_name = problem[4:6] if len(problem) >= 6 else (obj_type, obj_name)
        out.append(make_finding(code, status, p_type, p_name, expected, actual, reason,
                                rules=rules, profile=profile, basis=basis))
    return out


def worst_status(findings):
    """The overall status of a list of findings: fail > warn > pass (pass when empty)."""
    status = PASS
    for finding in findings:
        if _STATUS_RANK[finding["status"]] > _STATUS_RANK[status]:
            status = finding["status"]
    return status


def summarize(findings):
    """Counts by status and the overall status, for module results and reports."""
    counts = {PASS: 0, WARN: 0, FAIL: 0}
    for finding in findings:
        counts[finding["status"]] += 1
    return {"status": worst_status(findings), "counts": counts}


def failures(findings):
    """Only the findings that are not passes."""
    return [f for f in findings if f["status"] != PASS]
