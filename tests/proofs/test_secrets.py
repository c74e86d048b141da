# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets: the lab's whole job (audit, remediation, audit, proof) run with -vvv, --diff and ANSIBLE_DEBUG=1, a
log file and the stig_report callback. No password (key repositories, CA keys, the REST user), no stash content and
no private key appears in the output, the log, the lab's reports or the audit reports; every key repository, stash
and key file is 0600; no temporary file is left behind.

The lab queue manager is a test double built from IBM's documented behaviour, NOT IBM MQ.
Runs the collection as installed (ANSIBLE_COLLECTIONS_PATH, set by scripts/test.sh)."""

from __future__ import annotations

import base64
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

LAB = Path(__file__).resolve().parents[2] / "lab"
PRIVATE_KEY_MARKERS = ("PRIVATE KEY-----", "BEGIN EC PRIVATE", "BEGIN RSA PRIVATE")


@pytest.fixture(scope="module")
def loud_run(tmp_path_factory):
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    work = tmp_path_factory.mktemp("secrets")
    env = dict(os.environ, ANSIBLE_CONFIG=str(LAB / "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_DEBUG="1",
               ANSIBLE_LOG_PATH=str(work / "ansible.log"), MQSTIG_REPORT_DIR=str(work / "stig-reports"))
    with open(work / "output.txt", "wb") as out:
        done = subprocess.run(["ansible-playbook", "-vvv", "--diff", "-i", str(LAB / "inventory.yml"),
                               str(LAB / "site.yml"), "-e", "lab_run_dir=%s" % (work / "run")], stdout=out,
                              stderr=subprocess.STDOUT, env=env, cwd=str(LAB), check=False, timeout=1500)
    assert done.returncode == 0, (work / "output.txt").read_text(errors="replace")[-5000:]
    return work


def secrets_of(run):
    """Every generated password, and how the stash and base64 would spell them."""
    found = {}
    for item in (run / "secrets").iterdir():
        value = item.read_text().strip()
        assert len(value) >= 16
        found[item.name] = [value, base64.b64encode(value.encode()).decode()]
    for stash in run.rglob("*.sth"):
        found[stash.name] = [stash.read_bytes().hex(), base64.b64encode(stash.read_bytes()).decode()]
    return found


def texts(work):
    yield "output", (work / "output.txt").read_text(errors="replace")
    yield "log", (work / "ansible.log").read_text(errors="replace")
    for path in list((work / "stig-reports").iterdir()) + list((work / "run" / "reports").rglob("*.json")):
        yield path.name, path.read_text(errors="replace")


def test_no_secret_or_key_in_any_output_log_or_report(loud_run):
    work = loud_run
    secrets = secrets_of(work / "run")
    assert len(secrets) >= 11      # 4 key repositories, 2 CA keys, the REST user, 4 stashes
    seen = list(texts(work))
    assert len(seen) >= 16 and len(seen[0][1]) > 100000     # -vvv and ANSIBLE_DEBUG really were loud
    print("scanned %d texts, %d bytes (output %d bytes) for %d secrets"
          % (len(seen), sum(len(t) for _w, t in seen), len(seen[0][1]), len(secrets)))
    for where, text in seen:
        for name, spellings in secrets.items():
            for spelling in spellings:
                assert spelling not in text, "the secret %s appears in %s" % (name, where)
        for marker in PRIVATE_KEY_MARKERS:
            assert marker not in text, "private key material (%s) in %s" % (marker, where)


def test_key_material_files_are_private_and_no_temporary_is_left(loud_run):
    run = loud_run / "run"
    key_files = list(run.rglob("*.p12")) + list(run.rglob("*.sth")) + list(run.rglob("*.key"))
    assert len(key_files) >= 10
    for path in key_files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in (run / "secrets").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    leftovers = [p for p in run.rglob("*") if p.name.endswith(".tmp") or p.name.startswith("tmp")]
    assert leftovers == []
    # The lab's proof copies key material into a private temporary directory and removes it.
    assert not any(Path("/tmp").glob("mqlab-prove-*"))


ASYNC_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Async, the secrets file must outlive the action and still be removed by the module
      mqstig.tls.mq_keyrepo: {path: "%s", password: "{{ proof_pw }}"}
      async: 120
      poll: 1
      register: made
    - name: It was made
      ansible.builtin.assert: {that: [made is changed]}
"""


def test_async_tasks_get_their_secrets_and_leave_none_behind(tmp_path):
    tmp = tmp_path / "remote-tmp"
    (tmp_path / "play.yml").write_text(ASYNC_PLAY % (tmp_path / "async.p12"))
    password = "Async-Proof-Pw-" + base64.b32encode(os.urandom(5)).decode()
    (tmp_path / "vars.yml").write_text("proof_pw: %s\n" % password)
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_DEBUG="1", ANSIBLE_REMOTE_TMP=str(tmp),
               ANSIBLE_ASYNC_DIR=str(tmp_path / "async"))
    done = subprocess.run(["ansible-playbook", "-vvv", str(tmp_path / "play.yml"), "-e", "@%s" % (tmp_path / "vars.yml")],
                          capture_output=True, text=True, env=env, check=False, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert password not in done.stdout + done.stderr
    assert (tmp_path / "async.p12").exists() and stat.S_IMODE((tmp_path / "async.p12").stat().st_mode) == 0o600
    leftovers = list(tmp.rglob("mqstig-secrets.json")) if tmp.exists() else []
    assert leftovers == []
    # Whatever the async job left (ansible-core removes its status file once polled) holds no password.
    for item in [item for item in (tmp_path / "async").rglob("*") if item.is_file()]:
        assert password not in item.read_text(errors="replace")
