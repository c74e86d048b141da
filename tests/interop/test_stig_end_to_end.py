# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole remediation through the collection's playbooks: three MQ client hosts and one queue manager,
two CAs (one for clients, one for queue managers), audit (drift reported, nothing written), remediate,
then check and apply again (zero changed), and a certificate near expiry renewed on the next run.

The queue manager is the lab queue manager, a test double built from IBM's documented behaviour
(tests/integration/targets/setup_mq_lab_qmgr), NOT IBM MQ, reached over its HTTPS REST API on 127.0.0.1.
Runs the collection as installed (ANSIBLE_COLLECTIONS_PATH, set by scripts/test.sh)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store

LAB = Path(__file__).resolve().parents[1] / "integration" / "targets" / "setup_mq_lab_qmgr" / "files"
CLIENTS = ("client1", "client2", "client3")
KEYREPO_PASSWORD = "E2E-Stig-Keyrepo-1"
CA_PASSPHRASE = "E2E-Stig-CA-Passw0rd"
REST_PASSWORD = "E2E-Stig-Rest-Passw0rd"


def _recap(output):
    return {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", output, re.M)}


def _lab(*args, env=None):
    full = dict(os.environ, PYTHONPATH=str(LAB), **(env or {}))
    return subprocess.run([sys.executable, "-m", "mq_lab_qmgr"] + list(args), capture_output=True, text=True, env=full,
                          check=False, timeout=120)


def _ca(directory, name):
    directory.mkdir(mode=0o700)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-sha384", "-days",
                    "3650", "-keyout", str(directory / "ca.key"), "-out", str(directory / "ca.pem"), "-subj",
                    "/O=mqstig e2e/CN=%s" % name, "-passout", "pass:" + CA_PASSPHRASE, "-addext",
                    "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    root = tmp_path_factory.mktemp("site")
    _ca(root / "ca-clients", "E2E Clients CA")
    _ca(root / "ca-qmgrs", "E2E Queue Managers CA")
    state = root / "qm-state"
    assert _lab("seed", "--state", str(state), "--qmgr", "QM1", env={"MQ_LAB_PASSWORD": REST_PASSWORD}).returncode == 0
    started = _lab("serve-rest", "--state", str(state), "--port", "0", "--daemon")
    assert started.returncode == 0, started.stderr
    rest = json.loads(started.stdout)
    trusted = [{"label": "e2e-clients-ca", "certificate": (root / "ca-clients" / "ca.pem").read_text()},
               {"label": "e2e-qmgrs-ca", "certificate": (root / "ca-qmgrs" / "ca.pem").read_text()}]
    hostvars = {}
    for index, host in enumerate(CLIENTS, start=1):
        (root / host).mkdir(mode=0o700)
        hostvars[host] = {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
            "mq_client_endpoint_keyrepo_path": str(root / host / "app.p12"),
            "mq_client_endpoint_mq_user": "app%d" % index,
            "mq_client_endpoint_subject": "CN=app%d,OU=MQ,O=mqstig e2e" % index,
            "mq_client_endpoint_mqclient_ini": str(root / host / "mqclient.ini"),
            "mq_client_endpoint_ccdt_path": str(root / host / "ccdt.json"),
            "mq_client_endpoint_channels": [{"name": "APP%d.SVRCONN" % index, "host": "127.0.0.1", "port": 1414,
                                             "queue_manager": "QM1", "peer_name": "CN=QM1,OU=MQ,O=mqstig e2e"}],
        }
    (root / "qm1").mkdir(mode=0o700)
    hostvars["qm1"] = {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
        "mq_queue_manager_connection": {"qmgr": "QM1", "rest_url": rest["url"], "ca_path": rest["ca"],
                                        "url_username": "mqadmin", "url_password": "{{ e2e_rest_password }}"},
        "mq_queue_manager_keyrepo_path": str(root / "qm1" / "key.p12"),
        "mq_queue_manager_keyrepo_password": "{{ e2e_keyrepo_password }}",
        "mq_queue_manager_subject": "CN=QM1,OU=MQ,O=mqstig e2e",
        "mq_queue_manager_trusted": trusted,
        "mq_queue_manager_channels": [{"name": "APP%d.SVRCONN" % i, "sslpeer": "CN=app%d,OU=MQ,O=mqstig e2e" % i}
                                      for i in range(1, len(CLIENTS) + 1)],
        "mq_queue_manager_chlauth_rules": [{"channel": "APP%d.SVRCONN" % i, "sslpeer": "CN=app%d,OU=MQ,O=mqstig e2e" % i,
                                            "mcauser": "app%d" % i} for i in range(1, len(CLIENTS) + 1)],
    }

    def signer(ca):
        # The mq_certificate role's own variables, set per group: clients and queue managers have different CAs.
        return {"mq_certificate_signer": "ownca",
                "mq_certificate_index_path": str(root / ca / "issued.json"),
                "mq_certificate_ownca_certificate_path": str(root / ca / "ca.pem"),
                "mq_certificate_ownca_private_key_path": str(root / ca / "ca.key"),
                "mq_certificate_ownca_private_key_passphrase": "{{ e2e_ca_passphrase }}",
                "mq_certificate_renew_before_days": "{{ e2e_renew_before_days | default(30) }}"}

    inventory = {"all": {"vars": {"mq_tls_cipherspec": "TLS_AES_256_GCM_SHA384",
                                  "mq_client_endpoint_keyrepo_password": "{{ e2e_keyrepo_password }}",
                                  "mq_client_endpoint_trusted": trusted},
                         "children": {"mq_clients": {"hosts": {h: hostvars[h] for h in CLIENTS},
                                                     "vars": signer("ca-clients")},
                                      "mq_queue_managers": {"hosts": {"qm1": hostvars["qm1"]},
                                                            "vars": signer("ca-qmgrs")}}}}
    (root / "inventory.json").write_text(json.dumps(inventory))
    (root / "secrets.yml").write_text("e2e_keyrepo_password: %s\ne2e_ca_passphrase: %s\ne2e_rest_password: %s\n"
                                      % (KEYREPO_PASSWORD, CA_PASSPHRASE, REST_PASSWORD))
    yield root
    _lab("stop-rest", "--state", str(state))


def prove(root, client, channel):
    """The lab's handshake proof (lab TLS listener, a test double; real TLS with Python's ssl)."""
    done = _lab("prove", "--state", str(root / "qm-state"), "--qmgr", "QM1", "--channel", channel,
                "--qmgr-keyrepo", str(root / "qm1" / "key.p12"), "--client-keyrepo", str(root / client / "app.p12"),
                "--qmgr-password-env", "E2E_KEYREPO_PASSWORD", env={"E2E_KEYREPO_PASSWORD": KEYREPO_PASSWORD})
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else done.stderr


def play(root, playbook, *extra):
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORKS="4")
    run = subprocess.run(["ansible-playbook", "-i", str(root / "inventory.json"), "-e", "@%s" % (root / "secrets.yml"),
                          playbook] + list(extra), capture_output=True, text=True, env=env, check=False, timeout=900)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
    assert KEYREPO_PASSWORD not in run.stdout and CA_PASSPHRASE not in run.stdout and REST_PASSWORD not in run.stdout
    return _recap(run.stdout), run.stdout


def personal(root, host, name="app.p12"):
    with open(root / host / name, "rb") as handle:
        repository = pkcs12_store.load(handle.read(), KEYREPO_PASSWORD)
    return next(e for e in repository.entries if e.kind == "personal")


def test_audit_remediate_idempotent_and_renewal(site):
    root = site
    # Audit: drift reported on every host, nothing written anywhere.
    recap, _out = play(root, "mqstig.tls.audit")
    assert set(recap) == set(CLIENTS) | {"qm1"}
    assert recap["qm1"][0] > 0 and all(recap[h][0] > 0 for h in CLIENTS)
    assert not any((root / h / "app.p12").exists() or (root / h / "mqclient.ini").exists() for h in CLIENTS)
    assert not (root / "qm1" / "key.p12").exists()

    # Remediate.
    recap, _out = play(root, "mqstig.tls.remediate")
    assert all(changed > 0 and failed == 0 for changed, failed in recap.values())
    for host in CLIENTS:
        assert personal(root, host).certificate.issuer.rfc4514_string() == "CN=E2E Clients CA,O=mqstig e2e"
        ccdt = json.loads((root / host / "ccdt.json").read_text())
        assert ccdt["channel"][0]["transmissionSecurity"]["cipherSpecification"] == "TLS_AES_256_GCM_SHA384"
        assert "SSLKeyRepository=%s" % (root / host / "app.p12") in (root / host / "mqclient.ini").read_text()
    qm_personal = personal(root, "qm1", "key.p12")
    assert qm_personal.certificate.issuer.rfc4514_string() == "CN=E2E Queue Managers CA,O=mqstig e2e"

    # Idempotent check, idempotent apply, and the audit now finds nothing to change.
    for playbook, extra in (("mqstig.tls.remediate", ("--check",)), ("mqstig.tls.remediate", ()),
                            ("mqstig.tls.audit", ())):
        recap, out = play(root, playbook, *extra)
        assert all(changed == 0 and failed == 0 for changed, failed in recap.values()), out[-5000:]

    # Proof with real handshakes: each client's new certificate gets through its channel, no certificate does not,
    # and another client's certificate does not pass the channel's SSLPEER.
    for index, host in enumerate(CLIENTS, start=1):
        code, result = prove(root, host, "APP%d.SVRCONN" % index)
        assert code == 0 and result["proved"], result
        assert result["with_certificate"]["result"] == "accepted"
        assert result["without_certificate"]["result"] == "refused"
    code, result = prove(root, "client2", "APP1.SVRCONN")
    assert code == 1 and result["with_certificate"]["result"] == "refused", result

    # A certificate near expiry is renewed on the next run, and the new one is in use at once (no gap).
    before = personal(root, "client1").certificate
    recap, _out = play(root, "mqstig.tls.remediate", "--limit", "client1", "-e", "e2e_renew_before_days=400")
    after = personal(root, "client1").certificate
    assert after.serial_number != before.serial_number and recap["client1"][0] > 0
    assert (getattr(after, "not_valid_after_utc", None) or after.not_valid_after) > \
        (getattr(before, "not_valid_after_utc", None) or before.not_valid_after)
    assert isinstance(after, x509.Certificate)
    code, result = prove(root, "client1", "APP1.SVRCONN")
    assert code == 0 and result["proved"], result


def test_a_bad_variable_fails_early_and_names_itself(tmp_path):
    """The roles' argument specs stop a run before any task when a variable is missing or of the wrong type."""
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    inventory = {"all": {"children": {"mq_clients": {"hosts": {"client1": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
        "mq_client_endpoint_keyrepo_path": str(tmp_path / "app.p12"), "mq_client_endpoint_keyrepo_password": "x",
        "mq_client_endpoint_mq_user": "app1", "mq_client_endpoint_channels": "not-a-list"}}}}}}
    (tmp_path / "inventory.json").write_text(json.dumps(inventory))
    run = subprocess.run(["ansible-playbook", "-i", str(tmp_path / "inventory.json"), "mqstig.tls.remediate"],
                         capture_output=True, text=True, env=dict(os.environ, ANSIBLE_NOCOLOR="1"), check=False,
                         timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "mq_client_endpoint_subject" in output, output[-3000:]     # missing, and required
    assert "mq_client_endpoint_channels" in output, output[-3000:]    # a string where a list belongs
    assert not (tmp_path / "app.p12").exists()
