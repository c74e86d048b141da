# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_keyrepo and mq_cert backends on a CMS (.kdb) repository, driven through runmqakm.

No IBM software can be installed here: "runmqakm" is tests/integration/targets/setup_runmqakm_standin/files/runmqakm_standin.py, a test double
built from IBM's documented command syntax and output (not IBM's CMS format). These tests prove the
backends' decisions and the commands they send, not GSKit itself.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import runmqakm as akm
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import stash

STANDIN = (Path(__file__).resolve().parents[2] / "integration" / "targets" / "setup_runmqakm_standin" / "files"
           / "runmqakm_standin.py")
PASSWORD = "Kdb-Passw0rd#Strong1"
NEW_PASSWORD = "Kdb-Passw0rd#Strong2"
SUBJECT = "CN=QM1,OU=MQ,O=mqstig test,C=US"


class Recorder:
    """run_command over a real subprocess, keeping every argv."""

    def __init__(self):
        self.argvs = []

    def __call__(self, argv, data=None):
        self.argvs.append(list(argv))
        proc = subprocess.run(argv, input=data, capture_output=True, check=False, timeout=120)
        return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def wrapper(tmp_path_factory):
    path = tmp_path_factory.mktemp("bin") / "runmqakm"
    path.write_text('#!/bin/sh\nexec %s %s "$@"\n' % (shlex.quote(sys.executable), shlex.quote(str(STANDIN))))
    path.chmod(0o700)
    return str(path)


@pytest.fixture()
def runner(wrapper):
    recorder = Recorder()
    driver = akm.Runmqakm(recorder, binary=wrapper)
    driver.recorder = recorder
    return driver


def repo(tmp_path, runner, check_mode=False, **extra):
    params = {"path": str(tmp_path / "key"), "type": "cms", "password": PASSWORD}
    params.update(extra)
    return kb.KeyRepo(params, runner).run(check_mode)


def cert(tmp_path, runner, check_mode=False, **extra):
    params = {"path": str(tmp_path / "key.kdb"), "type": "cms", "password": PASSWORD, "qmgr": "QM1"}
    params.update(extra)
    return cb.CertBackend(params, runner).run(check_mode)


def mutating(runner):
    return [a for a in runner.recorder.argvs if a[1:3] not in (["-cert", "-list"], ["-certreq", "-list"],
                                                               ["-cert", "-extract"], ["-certreq", "-extract"])]


def test_keyrepo_check_apply_idempotent_and_rotation(tmp_path, runner):
    check = repo(tmp_path, runner, True)
    assert check["changed"] and runner.recorder.argvs == [] and not (tmp_path / "key.kdb").exists()
    made = repo(tmp_path, runner)
    assert made["changed"] and made["path"] == str(tmp_path / "key.kdb")
    sth = (tmp_path / "key.sth").read_bytes()
    assert len(sth) == 129 and stash.decode(sth) == PASSWORD
    assert stat.S_IMODE(os.stat(tmp_path / "key.kdb").st_mode) == 0o600
    assert any(f["code"] == "KEYREPO_FORMAT" and f["status"] == "warn" for f in made["findings"])
    assert made["client_settings"]["mqclient_ini"]["SSL"]["SSLKeyRepository"] == str(tmp_path / "key")
    runner.recorder.argvs.clear()
    for check_mode in (True, False):
        assert not repo(tmp_path, runner, check_mode)["changed"]
    assert mutating(runner) == []
    rotated = repo(tmp_path, runner, new_password=NEW_PASSWORD)
    assert rotated["changed"] and stash.decode((tmp_path / "key.sth").read_bytes()) == NEW_PASSWORD
    assert not repo(tmp_path, runner, new_password=NEW_PASSWORD)["changed"]


def test_passwords_are_masked_in_errors(tmp_path, runner):
    repo(tmp_path, runner)
    with pytest.raises(akm.RunmqakmError) as info:
        repo(tmp_path, runner, password="Wrong-Passw0rd#123", new_password=NEW_PASSWORD)
    text = str(info.value) + json.dumps(info.value.argv)
    assert "Wrong-Passw0rd#123" not in text and NEW_PASSWORD not in text


def test_cert_trust_request_receive_cycle(tmp_path, runner, pki, root_ca):
    repo(tmp_path, runner)
    pem = pki.pem(root_ca[0])
    assert cert(tmp_path, runner, True, kind="trusted", label="root", certificate=pem)["changed"]
    assert cert(tmp_path, runner, kind="trusted", label="root", certificate=pem)["entry"]["kind"] == "trusted"
    runner.recorder.argvs.clear()
    for check_mode in (True, False):
        assert not cert(tmp_path, runner, check_mode, kind="trusted", label="root", certificate=pem)["changed"]
    assert mutating(runner) == []

    ask = {"subject": SUBJECT, "subject_alt_names": ["DNS:qm1.example.test", "IP:127.0.0.1"], "curve": "P-384"}
    check = cert(tmp_path, runner, True, **ask)
    assert check["changed"] and check["csr"] is None
    made = cert(tmp_path, runner, **ask)
    assert made["changed"] and made["label"] == "ibmwebspheremqqm1" and made["entry"]["kind"] == "pending"
    csr = x509.load_pem_x509_csr(made["csr"].encode())
    assert csr.subject.rfc4514_string() == SUBJECT and csr.public_key().curve.name == "secp384r1"
    runner.recorder.argvs.clear()
    assert not cert(tmp_path, runner, **ask)["changed"]
    assert mutating(runner) == []

    signed = pki.issue(made["csr"], root_ca)
    before_receive = (tmp_path / "key.kdb").read_bytes()
    bad = pki.issue(made["csr"], pki.ca("Untrusted CA"))
    with pytest.raises(cb.CertError, match="does not chain"):
        cert(tmp_path, runner, certificate=pki.pem(bad))
    assert (tmp_path / "key.kdb").read_bytes() == before_receive
    got = cert(tmp_path, runner, certificate=pki.pem(signed))
    assert got["changed"] and got["entry"]["kind"] == "personal"
    assert got["entry"]["sha256_fingerprint"] == cb.pkcs12_store.certificate_fingerprint(signed)
    assert not cert(tmp_path, runner, certificate=pki.pem(signed))["changed"]
    listed = repo(tmp_path, runner)["entries"]
    assert sorted((e["label"], e["kind"]) for e in listed) == [("ibmwebspheremqqm1", "personal"), ("root", "trusted")]


def test_cert_renewal_and_removal(tmp_path, runner, pki, root_ca):
    repo(tmp_path, runner)
    cert(tmp_path, runner, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    made = cert(tmp_path, runner, subject=SUBJECT)
    cert(tmp_path, runner, certificate=pki.pem(pki.issue(made["csr"], root_ca, days=5)))
    renewal = cert(tmp_path, runner, subject=SUBJECT)
    assert renewal["changed"] and renewal["renewal"]["kind"] == "pending" and renewal["entry"]["kind"] == "personal"
    assert not cert(tmp_path, runner, subject=SUBJECT)["changed"]
    fresh = pki.issue(renewal["csr"], root_ca, days=365)
    done = cert(tmp_path, runner, certificate=pki.pem(fresh))
    assert done["changed"] and done["renewal"] is None
    assert done["entry"]["sha256_fingerprint"] == cb.pkcs12_store.certificate_fingerprint(fresh)
    assert not cert(tmp_path, runner, subject=SUBJECT)["changed"]
    gone = cert(tmp_path, runner, state="absent")
    assert gone["changed"] and gone["entry"] is None
    assert cert(tmp_path, runner, kind="trusted", label="root", state="absent")["changed"]
    assert repo(tmp_path, runner)["entries"] == []


def test_absent_removes_the_companion_files(tmp_path, runner):
    repo(tmp_path, runner)
    cert(tmp_path, runner, subject=SUBJECT)
    assert (tmp_path / "key.rdb").exists()
    result = repo(tmp_path, runner, state="absent")
    assert result["changed"] and not any(p.name.startswith("key.") for p in tmp_path.iterdir())
