# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report writers: what each format carries for a host with an Open, a NotAFinding and an unchecked rule.
(The interop tests validate the files the callback writes with oscap, a JUnit parser and the checklist shapes.)"""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist as cl
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import ckl, cklb, junit_xml, summary, writer
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import xccdf_results

START, END = "2026-12-03T10:00:00+00:00", "2026-12-03T10:01:00+00:00"


@pytest.fixture
def host():
    record = cl.HostRecord("qm1")
    record.kinds.add(cl.QMGR)
    record.add_findings([
        fnd.make_finding("CIPHERSPEC_NONE", "fail", "channel", "APP2.SVRCONN", "an approved CipherSpec", "(none)",
                         "no CipherSpec: the channel does not use TLS", rules=fnd.RULES_CHANNEL_TLS),
        fnd.make_finding("QMGR_SSLFIPS", "pass", "qmgr", "QM1", "YES", "YES", "SSLFIPS is YES",
                         rules=fnd.RULES_SSLFIPS)], "audit")
    return record, cl.evaluate(record)


@pytest.mark.parametrize("release", ["V1R1", "V1R2"])
def test_ckl_carries_the_rule_data_and_status(host, release):
    record, results = host
    root = ET.fromstring(ckl.render("qm1", results, release, "audit"))
    assert root.find("ASSET/HOST_NAME").text == "qm1"
    vulns = root.findall("STIGS/iSTIG/VULN")
    assert len(vulns) == len(stig_catalog.RULES)
    by_ver = {}
    for vuln in vulns:
        attrs = {}
        for data in vuln.findall("STIG_DATA"):
            attrs.setdefault(data.find("VULN_ATTRIBUTE").text, []).append(data.find("ATTRIBUTE_DATA").text or "")
        by_ver[attrs["Rule_Ver"][0]] = (attrs, vuln)
    attrs, vuln = by_ver["MQMH-AS-001170"]
    assert attrs["Rule_ID"] == [stig_catalog.RULES["MQMH-AS-001170"][release]["rule_id"]]
    assert attrs["Vuln_Num"] == [stig_catalog.RULES["MQMH-AS-001170"][release]["vuln_id"]]
    assert "DIS CHANNEL" in attrs["Check_Content"][0] and attrs["Fix_Text"][0]
    assert attrs["CCI_REF"] == stig_catalog.RULES["MQMH-AS-001170"]["cci"]
    assert ("LEGACY_ID" in attrs) == (release == "V1R2")
    assert vuln.find("STATUS").text == "Open" and "APP2.SVRCONN" in vuln.find("FINDING_DETAILS").text
    assert by_ver["MQMH-AS-001200"][1].find("STATUS").text == "NotAFinding"
    assert by_ver["MQMH-AS-000010"][1].find("STATUS").text == "Not_Reviewed"


def test_cklb_statuses_and_ids(host):
    _record, results = host
    data = json.loads(cklb.render("qm1", results, "V1R2", "audit", END))
    rules = {r["rule_version"]: r for r in data["stigs"][0]["rules"]}
    assert data["target_data"]["host_name"] == "qm1" and data["stigs"][0]["size"] == len(stig_catalog.RULES)
    assert rules["MQMH-AS-001170"]["status"] == "open"
    assert rules["MQMH-AS-001200"]["status"] == "not_a_finding"
    assert rules["MQMH-AS-000010"]["status"] == "not_reviewed"
    assert rules["MQMH-AS-001180"]["rule_id_src"] == "SV-255808r961857_rule"
    assert rules["MQMH-AS-001180"]["rule_id"] == "SV-255808r961857"
    assert rules["MQMH-AS-001180"]["legacy_ids"] == ["SV-89591", "V-74917"]
    # The same host and release give the same ids on every run.
    assert json.loads(cklb.render("qm1", results, "V1R2", "audit", END))["id"] == data["id"]


def test_xccdf_result_per_rule(host):
    _record, results = host
    root = ET.fromstring(xccdf_results.render("qm1", results, "V1R2", START, END, version="0.1.0"))
    ns = {"x": xccdf_results.NS}
    test = root.find("x:TestResult", ns)
    assert test.get("id") == "xccdf_mqstig.tls_testresult_qm1" and test.get("start-time") == START
    outcome = {r.get("idref"): r.find("x:result", ns).text for r in test.findall("x:rule-result", ns)}
    assert outcome["xccdf_mil.disa.stig_rule_SV-255807r1000056_rule"] == "fail"
    assert outcome["xccdf_mil.disa.stig_rule_SV-255809r961050_rule"] == "pass"
    assert set(outcome.values()) == {"fail", "pass", "notchecked"}
    rule_ids = {r.get("id") for r in root.iter("{%s}Rule" % xccdf_results.NS)}
    assert set(outcome) == rule_ids and len(rule_ids) == len(stig_catalog.RULES)
    # Four SSLFIPS rules pass, the six rules of the SVRCONN channel check fail: 4 of 10 judged.
    assert test.find("x:score", ns).text == "40.00"


def test_junit_one_case_per_checked_rule(host):
    record, results = host
    root = ET.fromstring(junit_xml.render({"qm1": (record, results)}, "V1R2", END))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(cl.checked(results)) == int(suite.get("tests"))
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures")) == len(failures) == 6      # the six rules of the SVRCONN channel check
    assert all(c.get("classname") == "qm1" for c in cases)


def test_summary_and_table(host):
    record, results = host
    data = json.loads(summary.render({"qm1": (record, results)}, "V1R2", START, END, True, {"qm1": ["a.ckl"]}))
    assert data["check_mode"] and not data["hosts"]["qm1"]["compliant"]
    assert data["hosts"]["qm1"]["rules"]["MQMH-AS-001170"]["status"] == "Open"
    lines = summary.table({"qm1": (record, results)})
    assert lines[0].split() == ["host", "rule", "severity", "status", "fail", "warn", "pass"]
    assert any(line.split()[:4] == ["qm1", "MQMH-AS-001200", "medium", "NotAFinding"] for line in lines)


def test_writer_names_and_modes(tmp_path):
    assert writer.safe_name("../etc/passwd") == "_etc_passwd"
    assert writer.safe_name("qm1.example.mil") == "qm1.example.mil"
    path = writer.write(str(tmp_path), "a.json", b"{}\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640 and open(path, "rb").read() == b"{}\n"
    writer.write(str(tmp_path), "a.json", b"[]\n")
    assert sorted(os.listdir(tmp_path)) == ["a.json"]      # replaced in place, no temporary left
