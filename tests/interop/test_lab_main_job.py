# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's first command: the lab main job (lab/site.yml), run twice into a temporary directory.

The first run audits (findings reported), remediates, audits again (every host compliant) and proves it with real
TLS handshakes; the second run changes nothing but the report of the audit before it. The lab queue managers are
test doubles built from IBM's documented behaviour (tests/integration/targets/setup_mq_lab_qmgr), NOT IBM MQ; so is
the emulated MQ Appliance whose CLI holds QM2's certificates (tests/integration/targets/setup_mq_appliance).
Runs the collection as installed (ANSIBLE_COLLECTIONS_PATH, set by scripts/test.sh)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import re
import subprocess
import sys
from pathlib import Path

import pytest

LAB = Path(__file__).resolve().parents[2] / "lab"
HOSTS = ("lab-app1", "lab-app2", "lab-app3", "lab-qm1", "lab-mqa1")
REPORT_TASK = "MEDIUM | MQMH-AS-001180 | AUDIT | Write this host's findings for the auditors"
PROOF_TASK = "MEDIUM | MQMH-AS-001180 | AUDIT | Write the proof for the auditors"


def run_lab(run_dir):
    env = dict(os.environ, ANSIBLE_CONFIG=str(LAB / "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               MQSTIG_REPORT_DIR=str(Path(run_dir).parent / "stig-reports"))
    done = subprocess.run(["ansible-playbook", "-i", str(LAB / "inventory.yml"), str(LAB / "site.yml"),
                           "-e", "lab_run_dir=%s" % run_dir], capture_output=True, text=True, env=env, check=False,
                          timeout=900, cwd=str(LAB))
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    return done.stdout, done.stdout + done.stderr


def recap(output):
    return {m.group(1): {"changed": int(m.group(2)), "failed": int(m.group(3))}
            for m in re.finditer(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", output, re.M)}


def changed_tasks(output):
    """(task name, host) of every task result the default callback printed as changed."""
    parts = re.split(r"^TASK \[(?:[^\]:]+ : )?(.+?)\] \**$", output, flags=re.M)
    return {(name, host) for name, body in zip(parts[1::2], parts[2::2])
            for host in re.findall(r"^changed: \[([^\]\s]+)", body, re.M)}


def fails(path):
    return [f for f in json.loads(path.read_text()) if f["status"] == "fail"]


@pytest.fixture(scope="module")
def lab_runs(tmp_path_factory):
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    run_dir = tmp_path_factory.mktemp("lab") / "run"
    first = run_lab(run_dir)
    before_first = {h: fails(run_dir / "reports" / "before" / ("%s-findings.json" % h)) for h in HOSTS}
    second = run_lab(run_dir)
    yield run_dir, first, before_first, second
    # The job stops the lab's servers itself; make sure, whatever happened.
    targets = LAB.parent / "tests" / "integration" / "targets"
    for state in (run_dir / "lab-qmgr-state", run_dir / "lab-mqa1" / "qmgr-state"):
        subprocess.run([sys.executable, "-m", "mq_lab_qmgr", "stop-rest", "--state", str(state)],
                       env=dict(os.environ, PYTHONPATH=str(targets / "setup_mq_lab_qmgr" / "files")),
                       capture_output=True, check=False)
    subprocess.run([sys.executable, "-m", "mq_appliance_emu", "stop", "--state", str(run_dir / "lab-mqa1" / "appliance-state")],
                   env=dict(os.environ, PYTHONPATH=str(targets / "setup_mq_appliance" / "files")),
                   capture_output=True, check=False)


def test_first_run_finds_fixes_and_proves(lab_runs):
    run_dir, (output, _text), before, _second = lab_runs
    stats = recap(output)
    assert set(stats) >= set(HOSTS)
    assert all(stats[h]["failed"] == 0 and stats[h]["changed"] > 0 for h in HOSTS), stats
    # The audit before: each client lacks everything, QM1 has the drift qm1-start.mqsc gave it.
    for host in HOSTS:
        assert before[host], host
    codes = {f["code"] for f in before["lab-qm1"]}
    assert {"QMGR_SSLFIPS", "CIPHERSPEC_NONE", "CIPHERSPEC_RSA_KEY_TRANSPORT", "CHANNEL_SSLCAUTH"} <= codes
    assert "KEYREPO_MISSING" in {f["code"] for f in before["lab-app1"]}
    # QM2 on the appliance: no certificate, neither CA trusted, SSLFIPS(NO), channels without TLS.
    codes = [f["code"] for f in before["lab-mqa1"]]
    assert codes.count("CERT_NOT_TRUSTED") == 2 and {"CERT_MISSING", "QMGR_SSLFIPS", "CIPHERSPEC_NONE"} <= set(codes)
    # The audit after: compliant everywhere.
    for host in HOSTS:
        assert fails(run_dir / "reports" / "after" / ("%s-findings.json" % host)) == [], host
    # The proof: each client's certificate accepted on its channel, no certificate refused, another's refused
    # by the channel's SSLPEER.
    for index, host in enumerate(("lab-app1", "lab-app2", "lab-app3"), start=1):
        proof = json.loads((run_dir / "reports" / ("proof-%s.json" % host)).read_text())
        own, other = proof["own_channel"], proof["other_channel"]
        assert own["proved"] and own["channel"] == "APP%d.SVRCONN" % index
        assert own["sslciph"] == "TLS_AES_256_GCM_SHA384"
        assert own["with_certificate"]["result"] == "accepted"
        assert own["without_certificate"]["result"] == "refused"
        assert other["channel"] != own["channel"] and other["with_certificate"]["result"] == "refused"
        assert "does not match SSLPEER" in other["with_certificate"]["listener"], other
    assert "without a certificate: refused" in output
    # QM2's certificate, requested and received through the appliance CLI, serves a mutual TLS handshake.
    proof = json.loads((run_dir / "reports" / "proof-lab-mqa1.json").read_text())
    assert proof["proved"] and proof["qmgr"] == "QM2" and proof["queue_manager"].startswith("CN=QM2,")
    assert proof["with_certificate"]["result"] == "accepted"
    assert proof["without_certificate"]["result"] == "refused"


def test_key_material_is_private_and_no_secret_is_printed(lab_runs):
    run_dir, (_output, first_text), _before, (_second, second_text) = lab_runs
    secrets = [p.read_text().strip() for p in (run_dir / "secrets").iterdir()]
    assert len(secrets) >= 8     # four key repositories, two CA keys, the REST user, the appliance user
    reports = [p.read_text() for p in (run_dir.parent / "stig-reports").iterdir()]
    reports += [p.read_text() for p in (run_dir / "reports").rglob("*.json")]
    assert len(reports) >= 14     # the callback's 14 files, and the lab's own
    for secret in secrets:
        assert secret and secret not in first_text and secret not in second_text
        assert not any(secret in text for text in reports)
    for host in HOSTS:
        for item in (run_dir / host).iterdir():
            if item.suffix in (".p12", ".sth"):
                assert stat.S_IMODE(item.stat().st_mode) == 0o600, item


def test_second_run_changes_nothing(lab_runs):
    run_dir, _first, _before, (output, _text) = lab_runs
    changed = changed_tasks(output)
    assert changed, "the changed-task parser found nothing at all"
    # Only reports are rewritten: the audit before (the state it describes is now compliant), and the proof, which
    # records this run's handshakes (the client's wording of a refusal varies from run to run).
    names = {name for name, _host in changed}
    assert REPORT_TASK in names and names <= {REPORT_TASK, PROOF_TASK}, sorted(changed)
    for host in HOSTS:
        assert fails(run_dir / "reports" / "before" / ("%s-findings.json" % host)) == [], host
