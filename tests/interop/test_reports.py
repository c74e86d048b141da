# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit reports: a check-mode audit of the lab (lab/audit.yml) with the stig_report callback writes, per host,
a STIG Viewer 3 checklist, a STIG Viewer 2 checklist and XCCDF 1.2 results, and a JSON summary and a JUnit file.
Real tools read them: OpenSCAP's `oscap xccdf validate` (the XCCDF 1.2 schema), junitparser; the checklists are
checked against the element structure and JSON shape STIG Viewer reads. The same audit runs through ansible-runner,
the engine AWX uses, and an execution environment's build context is made with ansible-builder.

The lab queue manager is a test double built from IBM's documented behaviour, NOT IBM MQ.
Runs the collection as installed (ANSIBLE_COLLECTIONS_PATH, set by scripts/test.sh)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / "lab"
HOSTS = ("lab-app1", "lab-app2", "lab-app3", "lab-qm1", "lab-mqa1")
CKL_STATUSES = {"NotAFinding", "Open", "Not_Applicable", "Not_Reviewed"}
CKLB_STATUSES = {"not_a_finding", "open", "not_applicable", "not_reviewed"}
ASSET = ["ROLE", "ASSET_TYPE", "MARKING", "HOST_NAME", "HOST_IP", "HOST_MAC", "HOST_FQDN", "TARGET_COMMENT",
         "TECH_AREA", "TARGET_KEY", "WEB_OR_DATABASE", "WEB_DB_SITE", "WEB_DB_INSTANCE"]
VULN_TAIL = ["STATUS", "FINDING_DETAILS", "COMMENTS", "SEVERITY_OVERRIDE", "SEVERITY_JUSTIFICATION"]
REQUIRED_VULN_ATTRIBUTES = {"Vuln_Num", "Severity", "Group_Title", "Rule_ID", "Rule_Ver", "Rule_Title", "Vuln_Discuss",
                            "Check_Content", "Fix_Text", "STIGRef", "STIG_UUID", "CCI_REF"}
CKLB_RULE_KEYS = {"uuid", "stig_uuid", "group_id", "rule_id", "rule_id_src", "rule_version", "rule_title", "severity",
                  "weight", "group_title", "discussion", "check_content", "fix_text", "ccis", "legacy_ids", "status",
                  "finding_details", "comments", "overrides", "group_tree"}


def require_tools():
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    if shutil.which("oscap") is None:
        pytest.fail("oscap (Debian openscap-scanner) is missing: scripts/setup.sh installs tests/system-packages.txt")


def audit_env(reports):
    return dict(os.environ, ANSIBLE_CONFIG=str(LAB / "ansible.cfg"), ANSIBLE_NOCOLOR="1",
                MQSTIG_REPORT_DIR=str(reports))


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    require_tools()
    work = tmp_path_factory.mktemp("audit")
    run = subprocess.run(["ansible-playbook", "-i", str(LAB / "inventory.yml"), str(LAB / "audit.yml"), "--check",
                          "-e", "lab_run_dir=%s" % (work / "run")], capture_output=True, text=True, cwd=str(LAB),
                         env=audit_env(work / "reports"), check=False, timeout=900)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    return work, run.stdout


def test_all_five_outputs_and_the_table(audit):
    work, output = audit
    names = sorted(os.listdir(work / "reports"))
    per_host = ["%s%s" % (h, s) for h in HOSTS for s in (".cklb", ".ckl", "-xccdf-results.xml")]
    expected = sorted(["junit.xml", "summary.json"] + per_host)
    assert names == expected
    assert re.search(r"^MQ STIG V1R2 \(audit, check mode\)", output, re.M)
    assert re.search(r"^lab-qm1\s+MQMH-AS-001170\s+high\s+Open\s+\d+", output, re.M)
    # QM2 on the emulated appliance (a test double): its certificate and CAs are missing, read over the appliance CLI.
    assert re.search(r"^lab-mqa1\s+MQMH-AS-001180\s+medium\s+Open\s+\d+", output, re.M)
    assert "reports: %s" % (work / "reports") in output
    # Check mode: no key repository was made on any endpoint.
    assert [p for h in HOSTS for p in (work / "run" / h).glob("*.p12")] == []


def test_summary_status_logic_on_a_non_compliant_lab(audit):
    work, _output = audit
    data = json.loads((work / "reports" / "summary.json").read_text())
    assert data["check_mode"] and data["release"] == "V1R2"
    qm1 = data["hosts"]["lab-qm1"]
    assert qm1["kinds"] == ["qmgr"] and not qm1["compliant"]
    for rule in ("MQMH-AS-001180", "MQMH-AS-001170", "MQMH-AS-001000", "MQMH-AS-001200"):
        assert qm1["rules"][rule]["status"] == "Open", rule
    assert "APP1.SVRCONN" in qm1["rules"]["MQMH-AS-001170"]["details"]
    # QM1's sender channel is not audited by the role (SVRCONN only): honestly not reviewed.
    assert qm1["rules"]["MQMH-AS-000180"]["status"] == "Not_Reviewed"
    app1 = data["hosts"]["lab-app1"]
    assert app1["kinds"] == ["client"]
    assert app1["rules"]["MQMH-AS-001180"]["status"] == "Open"
    assert "KEYREPO_MISSING" in app1["rules"]["MQMH-AS-001180"]["details"]
    assert app1["rules"]["MQMH-AS-001200"]["status"] == "Not_Applicable"


def test_xccdf_results_validate_with_oscap(audit):
    work, _output = audit
    for host in HOSTS:
        path = work / "reports" / ("%s-xccdf-results.xml" % host)
        done = subprocess.run(["oscap", "xccdf", "validate", str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        root = ET.parse(str(path)).getroot()
        ns = {"x": "http://checklists.nist.gov/xccdf/1.2"}
        results = root.findall("x:TestResult/x:rule-result", ns)
        assert len(results) == 43 and root.find("x:TestResult/x:target", ns).text == host
        allowed = {"pass", "fail", "notapplicable", "notchecked", "error"}
        assert {r.find("x:result", ns).text for r in results} <= allowed
        assert "fail" in {r.find("x:result", ns).text for r in results}


def check_ckl(path):
    """The element structure STIG Viewer 2 reads from a .ckl."""
    root = ET.parse(str(path)).getroot()
    assert root.tag == "CHECKLIST" and [c.tag for c in root] == ["ASSET", "STIGS"]
    assert [c.tag for c in root.find("ASSET")] == ASSET
    istigs = root.findall("STIGS/iSTIG")
    assert len(istigs) == 1
    children = [c.tag for c in istigs[0]]
    assert children[0] == "STIG_INFO" and set(children[1:]) == {"VULN"}
    info = {d.findtext("SID_NAME"): d.findtext("SID_DATA") for d in istigs[0].find("STIG_INFO")}
    assert info["stigid"] == "IBM_MQ_Appliance_V9-0_AS_STIG" and info["releaseinfo"].startswith("Release: 2")
    statuses = {}
    for vuln in istigs[0].findall("VULN"):
        tags = [c.tag for c in vuln]
        assert tags[-5:] == VULN_TAIL and set(tags[:-5]) == {"STIG_DATA"}
        attrs = {}
        for data in vuln.findall("STIG_DATA"):
            assert [c.tag for c in data] == ["VULN_ATTRIBUTE", "ATTRIBUTE_DATA"]
            attrs.setdefault(data.findtext("VULN_ATTRIBUTE"), []).append(data.findtext("ATTRIBUTE_DATA"))
        assert REQUIRED_VULN_ATTRIBUTES <= set(attrs), REQUIRED_VULN_ATTRIBUTES - set(attrs)
        assert re.match(r"^V-\d+$", attrs["Vuln_Num"][0]) and re.match(r"^SV-\d+r\d+_rule$", attrs["Rule_ID"][0])
        statuses[attrs["Rule_Ver"][0]] = vuln.findtext("STATUS")
    assert len(statuses) == 43 and set(statuses.values()) <= CKL_STATUSES
    return statuses


def test_ckl_has_the_structure_stig_viewer_reads(audit):
    work, _output = audit
    statuses = check_ckl(work / "reports" / "lab-qm1.ckl")
    assert statuses["MQMH-AS-001180"] == "Open" and statuses["MQMH-AS-000010"] == "Not_Reviewed"
    assert check_ckl(work / "reports" / "lab-app1.ckl")["MQMH-AS-001250"] == "Not_Applicable"


def test_cklb_has_the_shape_stig_viewer_3_reads(audit):
    work, _output = audit
    for host in HOSTS:
        data = json.loads((work / "reports" / ("%s.cklb" % host)).read_text())
        assert {"title", "id", "stigs", "active", "mode", "has_path", "target_data", "cklb_version"} <= set(data)
        assert data["target_data"]["host_name"] == host and data["target_data"]["target_type"] == "Computing"
        assert len(data["stigs"]) == 1
        stig = data["stigs"][0]
        assert {"stig_name", "display_name", "stig_id", "release_info", "version", "uuid", "size", "rules"} <= set(stig)
        assert stig["size"] == len(stig["rules"]) == 43
        for rule in stig["rules"]:
            assert CKLB_RULE_KEYS <= set(rule), CKLB_RULE_KEYS - set(rule)
            assert rule["status"] in CKLB_STATUSES and rule["stig_uuid"] == stig["uuid"]
            assert rule["rule_id_src"] == rule["rule_id"] + "_rule"


def test_junit_reads_with_a_junit_parser(audit):
    # tests/requirements.txt installs it.
    import junitparser  # pylint: disable=import-outside-toplevel
    work, _output = audit
    xml = junitparser.JUnitXml.fromfile(str(work / "reports" / "junit.xml"))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == set(HOSTS)
    qm1 = suites["lab-qm1"]
    assert qm1.tests == 11 and qm1.failures >= 8
    failed = {case.name.split()[0] for case in qm1 if any(isinstance(r, junitparser.Failure) for r in case.result)}
    assert {"MQMH-AS-001180", "MQMH-AS-001170", "MQMH-AS-001200"} <= failed
    app1 = suites["lab-app1"]
    skipped = {case.name.split()[0] for case in app1 if any(isinstance(r, junitparser.Skipped) for r in case.result)}
    assert "MQMH-AS-001200" in skipped


def test_the_audit_through_ansible_runner(tmp_path):
    """As AWX runs it: job events carry the findings, the stats event carries the summary (set_stats), and the
    reports land in the job's artifact directory."""
    require_tools()
    # tests/requirements.txt installs it.
    import ansible_runner  # pylint: disable=import-outside-toplevel
    private = tmp_path / "job"
    private.mkdir()
    # A configuration as a job template would have: the callback on, no report_dir (so the artifact directory).
    config = tmp_path / "ansible.cfg"
    config.write_text("[defaults]\ncallbacks_enabled = mqstig.tls.stig_report\ninterpreter_python = auto_silent\n")
    env = {"ANSIBLE_CONFIG": str(config), "ANSIBLE_COLLECTIONS_PATH": os.environ["ANSIBLE_COLLECTIONS_PATH"]}
    runner = ansible_runner.run(private_data_dir=str(private), playbook=str(LAB / "audit.yml"),
                                inventory=str(LAB / "inventory.yml"), cmdline="--check",
                                extravars={"lab_run_dir": str(tmp_path / "run")}, envvars=env, ident="audit",
                                quiet=True, project_dir=str(LAB))
    assert runner.status == "successful", runner.stdout.read()[-5000:]
    events = list(runner.events)
    with_findings = [e for e in events if e.get("event") in ("runner_on_ok", "runner_item_on_ok")
                     and isinstance(e["event_data"].get("res", {}).get("findings"), list)
                     and e["event_data"]["res"]["findings"]]
    assert {e["event_data"]["host"] for e in with_findings} == set(HOSTS)
    stats = [e for e in events if e.get("event") == "playbook_on_stats"][-1]
    summary = stats["event_data"]["artifact_data"]["mq_stig_summary"]
    assert set(summary) == set(HOSTS) and summary["lab-qm1"]["fail"] > 0 and summary["lab-qm1"]["check_mode"]
    assert "MQMH-AS-001170" in summary["lab-qm1"]["rules_failed"]
    reports = private / "artifacts" / "audit" / "mqstig-reports"
    assert (reports / "summary.json").is_file() and (reports / "lab-qm1.ckl").is_file()


def test_execution_environment_build_context(tmp_path):
    """ansible-builder makes the build context (no container engine needed), and its introspection of the installed
    collection finds the collection's Python and system requirements."""
    if shutil.which("ansible-builder") is None:
        pytest.fail("ansible-builder is missing: tests/requirements.txt installs it")
    galaxy = (ROOT / "galaxy.yml").read_text()
    version = re.search(r"^version:\s*(\S+)", galaxy, re.M).group(1)
    definition = (ROOT / "execution-environment.yml").read_text()
    assert "mqstig-tls-%s.tar.gz" % version in definition, "execution-environment.yml names another version"
    build = Path(os.environ["ANSIBLE_COLLECTIONS_PATH"]).parent / "dist"
    checkout = tmp_path / "checkout"
    (checkout / ".build" / "dist").mkdir(parents=True)
    shutil.copy(ROOT / "execution-environment.yml", checkout)
    shutil.copy(build / ("mqstig-tls-%s.tar.gz" % version), checkout / ".build" / "dist")
    done = subprocess.run(["ansible-builder", "create", "-f", "execution-environment.yml", "-c", str(tmp_path / "ctx"),
                           "--output-filename", "Containerfile"], capture_output=True, text=True,
                          cwd=str(checkout), check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    containerfile = (tmp_path / "ctx" / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile or "check_galaxy" in containerfile \
        or "requirements.yml" in containerfile
    assert (tmp_path / "ctx" / "_build" / "collections" / ("mqstig-tls-%s.tar.gz" % version)).is_file()
    introspect = subprocess.run(["ansible-builder", "introspect", "--sanitize", os.environ["ANSIBLE_COLLECTIONS_PATH"]],
                                capture_output=True, text=True, check=False)
    assert introspect.returncode == 0, introspect.stderr
    assert "cryptography" in introspect.stdout and "jmespath" in introspect.stdout and "openssl" in introspect.stdout
    assert "paramiko" in introspect.stdout  # mq_appliance_cert, for AWX execution environments
    assert "ansible-core" not in introspect.stdout
