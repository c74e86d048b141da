# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""XCCDF 1.2 results: the DISA benchmark's groups and rules (XCCDF 1.2 ids made from DISA's, as DISA's own SCAP
benchmarks name them: xccdf_mil.disa.stig_rule_<rule id>) and one TestResult for one host."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist

NS = "http://checklists.nist.gov/xccdf/1.2"
DC = "http://purl.org/dc/elements/1.1/"
OCIL = "http://scap.nist.gov/schema/ocil/2"
RESULT = {checklist.OPEN: "fail", checklist.NOT_A_FINDING: "pass", checklist.NOT_APPLICABLE: "notapplicable",
          checklist.NOT_REVIEWED: "notchecked"}


def benchmark_id(release):
    return "xccdf_mil.disa.stig_benchmark_%s" % stig_catalog.RELEASES[release]["benchmark_id"]


def rule_id(stig_id, release):
    return "xccdf_mil.disa.stig_rule_%s" % stig_catalog.RULES[stig_id][release]["rule_id"]


def _q(tag):
    return "{%s}%s" % (NS, tag)


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, _q(tag), {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _ncname(text):
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)


def build(host, results, release, start, end, errored=False, version="0"):
    """The Benchmark (rules of the release) with the TestResult of `host`, as an ElementTree root.
    `start` and `end` are ISO 8601 times; `errored` marks Not_Reviewed results whose check failed as error."""
    bench = stig_catalog.RELEASES[release]
    ET.register_namespace("", NS)
    ET.register_namespace("dc", DC)
    root = ET.Element(_q("Benchmark"), {"id": benchmark_id(release), "resolved": "1",
                                        "{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _sub(root, "status", "accepted", date=bench["status_date"])
    _sub(root, "title", bench["title"])
    _sub(root, "description", "The rules of the DISA %s, %s, with the results of an audit by mqstig.tls."
         % (bench["title"], bench["release_info"]))
    _sub(root, "plain-text", bench["release_info"], id="release-info")
    _sub(root, "version", bench["version"])
    metadata = _sub(root, "metadata")
    ET.SubElement(metadata, "{%s}publisher" % DC).text = "DISA"
    ET.SubElement(metadata, "{%s}source" % DC).text = "STIG.DOD.MIL"
    for stig_id, data in stig_catalog.RULES.items():
        ids = data[release]
        group = _sub(root, "Group", id="xccdf_mil.disa.stig_group_%s" % ids["vuln_id"])
        _sub(group, "title", data["srg"])
        rule = _sub(group, "Rule", id=rule_id(stig_id, release), severity=data["severity"], weight=ids["weight"])
        _sub(rule, "version", stig_id)
        _sub(rule, "title", data["title"])
        _sub(rule, "description", ids["discussion"])
        for cci in data["cci"]:
            _sub(rule, "ident", cci, system="http://cyber.mil/cci")
        _sub(rule, "fixtext", ids["fix"])
        check = _sub(rule, "check", system=OCIL)
        _sub(check, "check-content-ref", href=bench["filename"], name="M")
        _sub(check, "check-content", ids["check"])
    test = _sub(root, "TestResult", id="xccdf_mqstig.tls_testresult_%s" % _ncname(host), start_time=start,
                end_time=end, test_system="cpe:/a:mqstig:tls:%s" % version, version=bench["version"])
    _sub(test, "benchmark", href=bench["filename"], id=benchmark_id(release))
    _sub(test, "title", "mqstig.tls audit of %s against %s, %s" % (host, bench["title"], bench["release_info"]))
    _sub(test, "identity", "ansible", authenticated="false", privileged="false")
    _sub(test, "target", host)
    facts = _sub(test, "target-facts")
    _sub(facts, "fact", host, name="urn:xccdf:fact:asset:identifier:host_name", type="string")
    passed = failed = 0
    for result in results:
        data = stig_catalog.RULES[result.stig_id]
        value = RESULT[result.status]
        if errored and result.status == checklist.NOT_REVIEWED and result.findings:
            value = "error"
        passed += value == "pass"
        failed += value == "fail"
        element = _sub(test, "rule-result", idref=rule_id(result.stig_id, release), time=end,
                       severity=data["severity"], weight=data[release]["weight"])
        _sub(element, "result", value)
        for cci in data["cci"]:
            _sub(element, "ident", cci, system="http://cyber.mil/cci")
        if result.details:
            _sub(element, "message", result.details, severity="error" if value in ("fail", "error") else "info")
        # The DISA check this result answers (manual checks name "M" in the benchmark's file).
        _sub(_sub(element, "check", system=OCIL), "check-content-ref", href=bench["filename"], name="M")
    score = 100.0 * passed / (passed + failed) if passed + failed else 0.0
    _sub(test, "score", "%.2f" % score, system="urn:xccdf:scoring:default", maximum="100")
    return root


def render(host, results, release, start, end, errored=False, version="0"):
    """The XCCDF results file's bytes."""
    root = build(host, results, release, start, end, errored, version)
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) \
        + b"\n"
