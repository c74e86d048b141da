# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON summary of a run and the short table shown at its end."""

from __future__ import annotations

import json

from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist


def build(hosts, release, start, end, check_mode, files):
    """`hosts`: {host: (HostRecord, [RuleResult])}; `files`: {host: [paths]}."""
    out = {"generator": "mqstig.tls stig_report", "release": release, "benchmark": stig_catalog.RELEASES[release],
           "start_time": start, "end_time": end, "check_mode": bool(check_mode), "hosts": {},
           "totals": dict((s, 0) for s in checklist.STATUSES)}
    for host in sorted(hosts):
        record, results = hosts[host]
        tally = checklist.tally(results)
        for key, value in tally.items():
            out["totals"][key] += value
        out["hosts"][host] = {
            "kinds": sorted(record.host_kinds()), "unreachable": record.unreachable, "errors": list(record.errors),
            "compliant": tally[checklist.OPEN] == 0 and not record.errors and not record.unreachable,
            "rules": dict((r.stig_id, r.to_dict(release)) for r in checklist.checked(results)),
            "status_counts": tally, "files": list(files.get(host, [])),
        }
    return out


def render(hosts, release, start, end, check_mode, files):
    return (json.dumps(build(hosts, release, start, end, check_mode, files), indent=2, sort_keys=True) + "\n").encode(
        "utf-8")


def table(hosts):
    """Lines of the human table: per host and checked rule, the status and the fail/warn/pass counts."""
    rows = [("host", "rule", "severity", "status", "fail", "warn", "pass")]
    for host in sorted(hosts):
        _record, results = hosts[host]
        for result in checklist.checked(results):
            counts = result.counts()
            rows.append((host, result.stig_id, stig_catalog.RULES[result.stig_id]["severity"], result.status,
                         str(counts["fail"]), str(counts["warn"]), str(counts["pass"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
