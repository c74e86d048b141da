# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""JUnit XML for CI dashboards: a test suite per host, a test case per rule the collection checks.
Open is a failure; Not_Reviewed because a check failed is an error; other Not_Reviewed and Not_Applicable are
skipped; NotAFinding passes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist


def render(hosts, release, when=""):
    """`hosts`: {host: (HostRecord, [RuleResult])}. The JUnit file's bytes."""
    root = ET.Element("testsuites", name="mqstig.tls DISA STIG audit")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for host in sorted(hosts):
        record, results = hosts[host]
        suite = ET.SubElement(root, "testsuite", name=host, timestamp=when)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for result in checklist.checked(results):
            data = stig_catalog.RULES[result.stig_id]
            case = ET.SubElement(suite, "testcase", classname=host,
                                 name="%s %s (%s)" % (result.stig_id, data[release]["rule_id"], data["severity"]))
            counts["tests"] += 1
            if result.status == checklist.OPEN:
                counts["failures"] += 1
                element = ET.SubElement(case, "failure", message=data["title"], type=result.status)
                element.text = result.details
            elif result.status == checklist.NOT_REVIEWED and (record.errors or record.unreachable):
                counts["errors"] += 1
                element = ET.SubElement(case, "error", message="not reviewed", type=result.status)
                element.text = result.details
            elif result.status in (checklist.NOT_REVIEWED, checklist.NOT_APPLICABLE):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message="%s: %s" % (result.status, result.details.splitlines()[0]))
            else:
                ET.SubElement(case, "system-out").text = result.details
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
