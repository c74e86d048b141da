# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From the findings of one host to the status of every rule of the STIG: the logic every report shares.

Plain Python, no Ansible: the stig_report callback feeds it, the report writers read what it returns.

A rule's status on a host, in this order:

* Not_Reviewed: the host was unreachable (the reason is given);
* Open: a finding about the rule failed (each failing object is named, with why);
* Not_Reviewed: a task failed on the host, so not every object may have been checked (the error is given);
* NotAFinding: findings about the rule were made and none failed (the objects checked are named);
* Not_Reviewed: the collection checks the rule on hosts of this kind but no check of it ran here (a rule
  switched off, tasks skipped or limited by tags);
* Not_Applicable: the collection checks the rule only on the other kind of host (queue managers, clients);
* Not_Reviewed: the collection does not check the rule; review it by hand.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog

OPEN = "Open"
NOT_A_FINDING = "NotAFinding"
NOT_APPLICABLE = "Not_Applicable"
NOT_REVIEWED = "Not_Reviewed"
STATUSES = (OPEN, NOT_A_FINDING, NOT_APPLICABLE, NOT_REVIEWED)

CLIENT = "client"
QMGR = "qmgr"
# Which kind of host the collection checks each rule on (the roles mq_client_endpoint and mq_queue_manager).
COVERAGE = {stig_id: (CLIENT, QMGR) for stig_id in fnd.RULES_KEY_MANAGEMENT}
COVERAGE.update({stig_id: (QMGR,) for stig_id in fnd.RULES_CHANNEL_TLS + fnd.RULES_QMGR_CHANNEL_TLS
                 + fnd.RULES_SSLFIPS if stig_id not in COVERAGE})
KIND_NAMES = {CLIENT: "an MQ client host", QMGR: "a queue manager"}
# The object types whose findings only queue managers produce (to tell a host's kind when no group says it).
QMGR_OBJECTS = ("qmgr", "channel")


class HostRecord(object):
    """What a run saw of one host: its findings, newest task last, and what went wrong."""

    def __init__(self, name):
        self.name = name
        self.kinds = set()
        self.unreachable = None
        self.errors = []
        self._latest = {}
        self._by_task = {}
        self._seq = 0

    def add_findings(self, findings, task=None):
        """The findings of one task result, `task` naming the task (and loop item). What the same task reported
        before is dropped, and so is what any task reported before about the same objects: a run that audits,
        remediates and audits again reports each object as it was left, not as it was found."""
        self._seq += 1
        grouped = {}
        for item in findings or []:
            if not isinstance(item, dict) or "code" not in item or "status" not in item:
                continue
            obj = item.get("object") or {}
            grouped.setdefault((obj.get("type"), obj.get("name")), []).append(item)
        if task is not None:
            for key in self._by_task.pop(task, ()):
                if key in self._latest and self._latest[key][1] == task:
                    del self._latest[key]
            self._by_task[task] = set(grouped)
        for key, items in grouped.items():
            self._latest[key] = (self._seq, task, items)

    def add_error(self, task, message):
        self.errors.append("%s: %s" % (task, message) if task else message)

    def findings(self):
        """Every finding that stands, in the order the objects were last reported."""
        out = []
        for _seq, _task, items in sorted(self._latest.values(), key=lambda entry: entry[0]):
            out.extend(items)
        return out

    def host_kinds(self):
        if self.kinds:
            return set(self.kinds)
        types = {(f.get("object") or {}).get("type") for f in self.findings()}
        if not types - {None}:
            return set()
        return {QMGR} if types & set(QMGR_OBJECTS) else {CLIENT}


def _stig_ids(finding):
    return {r.get("stig_id") for r in finding.get("rules") or [] if isinstance(r, dict)}


def describe(finding):
    """One line a person can act on, for the finding details of a checklist."""
    obj = finding.get("object") or {}
    text = "%s %s %s %s: %s" % (str(finding.get("status", "")).upper(), finding.get("code"), obj.get("type"),
                                obj.get("name"), finding.get("reason", ""))
    if finding.get("status") != fnd.PASS and finding.get("expected"):
        text += " (expected %s; found %s)" % (finding.get("expected"), finding.get("actual"))
    return text


class RuleResult(object):
    """The status of one rule on one host, and why."""

    def __init__(self, stig_id, status, details, findings=()):
        self.stig_id = stig_id
        self.status = status
        self.details = details
        self.findings = list(findings)

    def counts(self):
        out = {fnd.FAIL: 0, fnd.WARN: 0, fnd.PASS: 0}
        for item in self.findings:
            if item.get("status") in out:
                out[item["status"]] += 1
        return out

    def to_dict(self, release):
        data = stig_catalog.RULES[self.stig_id]
        return {"stig_id": self.stig_id, "status": self.status, "severity": data["severity"],
                "rule_id": data[release]["rule_id"], "vuln_id": data[release]["vuln_id"], "title": data["title"],
                "details": self.details, "counts": self.counts()}


def evaluate(host):
    """RuleResult for every rule of the STIG on `host` (a HostRecord), in the catalog's order."""
    standing = host.findings()
    kinds = host.host_kinds()
    results = []
    for stig_id in stig_catalog.RULES:
        related = [f for f in standing if stig_id in _stig_ids(f)]
        failed = [f for f in related if f.get("status") == fnd.FAIL]
        covered = COVERAGE.get(stig_id, ())
        if host.unreachable:
            results.append(RuleResult(stig_id, NOT_REVIEWED, "The host could not be reached: %s" % host.unreachable))
        elif failed:
            lines = [describe(f) for f in failed] + [describe(f) for f in related if f.get("status") == fnd.WARN]
            results.append(RuleResult(stig_id, OPEN, "\n".join(lines), related))
        elif host.errors and (related or set(covered) & kinds):
            results.append(RuleResult(stig_id, NOT_REVIEWED, "Not every check could run on this host:\n"
                                      + "\n".join(host.errors), related))
        elif related:
            lines = ["Checked by mqstig.tls; no object fails this rule."] + [describe(f) for f in related]
            results.append(RuleResult(stig_id, NOT_A_FINDING, "\n".join(lines), related))
        elif set(covered) & kinds:
            results.append(RuleResult(stig_id, NOT_REVIEWED, "No check of this rule ran on this host (the rule is "
                                      "switched off, or its tasks were skipped or left out by tags)."))
        elif covered and kinds:
            results.append(RuleResult(stig_id, NOT_APPLICABLE, "mqstig.tls checks this rule on %s; this host is %s."
                                      % (" and ".join(KIND_NAMES[k] for k in covered),
                                         " and ".join(KIND_NAMES[k] for k in sorted(kinds)))))
        else:
            results.append(RuleResult(stig_id, NOT_REVIEWED, "mqstig.tls does not check this rule: review it by "
                                      "hand."))
    return results


def tally(results):
    """How many rules of each status."""
    out = dict((status, 0) for status in STATUSES)
    for item in results:
        out[item.status] += 1
    return out


def checked(results):
    """The results of the rules this collection judged or covers (what a CI dashboard and the table show)."""
    return [r for r in results if r.findings or r.stig_id in COVERAGE]


def stable_uuid(*parts):
    """The same UUID for the same host, rule and release on every run, so rewritten reports differ only in substance."""
    import uuid  # pylint: disable=import-outside-toplevel
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:mqstig.tls:" + ":".join(str(p) for p in parts)))


def legacy_ids(stig_id, release):
    """The ids of the rule in the release before `release` (what DISA lists as legacy ids), or []."""
    data = stig_catalog.RULES[stig_id]
    older = [r for r in sorted(stig_catalog.RELEASES) if r < release and r in data]
    if not older:
        return []
    ids = data[older[-1]]
    return [ids["rule_id"].split("r")[0], ids["vuln_id"]]
