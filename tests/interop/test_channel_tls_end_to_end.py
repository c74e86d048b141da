# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole of MQMH-AS-001180 on one channel, end to end, with real TLS handshakes.

Key repositories for the queue manager and for two clients are made by mq_keyrepo/mq_cert's
backends (two CAs, cross-trusted); mq_channel's backend sets the channel's SSLCIPH, SSLCAUTH and
SSLPEER through runmqsc; then the lab queue manager's TLS listener (a test double built from IBM's
documented behaviour, NOT IBM MQ: tests/integration/targets/setup_mq_lab_qmgr) enforces that channel
definition with the queue manager's key and certificate taken from its repository. The client
whose DN the channel names gets in; a client without a certificate, or with another DN, does not.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import channel_backend
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.runmqsc_transport import RunmqscTransport

LAB = Path(__file__).resolve().parents[1] / "integration" / "targets" / "setup_mq_lab_qmgr" / "files"
PASSWORD = "E2E-Keyrepo-Passw0rd"
CHANNEL = "APP1.SVRCONN"


def lab(*args, data=None):
    env = dict(os.environ, PYTHONPATH=str(LAB))
    return subprocess.run([sys.executable, "-m", "mq_lab_qmgr"] + list(args), input=data, capture_output=True,
                          text=True, env=env, check=False, timeout=120)


def endpoint(directory, name, own_ca, cas, pki, usage, subject):
    path = str(directory / ("%s.p12" % name))
    kb.KeyRepo({"path": path, "password": PASSWORD, "kdf_iterations": 1000}).run()
    for label, ca in cas.items():
        cb.CertBackend({"path": path, "password": PASSWORD, "kind": "trusted", "label": label,
                        "certificate": pki.pem(ca[0])}).run()
    made = cb.CertBackend({"path": path, "password": PASSWORD, "label": "ibmwebspheremq" + name, "subject": subject}).run()
    signed = pki.issue(made["csr"], own_ca, eku=usage)
    cb.CertBackend({"path": path, "password": PASSWORD, "label": "ibmwebspheremq" + name, "certificate": pki.pem(signed)}).run()
    with open(path, "rb") as handle:
        return pkcs12_store.load(handle.read(), PASSWORD)


def client_context(repository, with_cert, workdir):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("ECDHE-ECDSA-AES256-GCM-SHA384")
    ctx.check_hostname = False
    ctx.load_verify_locations(cadata="".join(e.certificate.public_bytes(serialization.Encoding.PEM).decode()
                                             for e in repository.entries if e.kind == "trusted"))
    if with_cert:
        personal = next(e for e in repository.entries if e.kind == "personal")
        key_file, cert_file = workdir / "client.key", workdir / "client.pem"
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(personal.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                            serialization.BestAvailableEncryption(b"transient-1")))
        cert_file.write_bytes(personal.certificate.public_bytes(serialization.Encoding.PEM))
        ctx.load_cert_chain(str(cert_file), str(key_file), password="transient-1")
        key_file.unlink()
    return ctx


def attempt(port, ctx):
    """'ok' when the listener accepted the client and greeted it, else why not."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with ctx.wrap_socket(raw) as tls:
                data = b""
                while not data.endswith(b"\n"):
                    chunk = tls.recv(512)
                    if not chunk:
                        break
                    data += chunk
                # The listener greets only a client it accepted, naming the channel and the peer it saw.
                if data.startswith(b"MQLAB CHANNEL(%s)" % CHANNEL.encode()) and b"CIPHER(ECDHE-ECDSA-AES256-GCM-SHA384)" in data:
                    return "ok"
                return "refused after the handshake: %r" % data
    except (ssl.SSLError, OSError) as exc:
        return str(exc) or type(exc).__name__


@pytest.fixture(scope="module")
def world(tmp_path_factory, pki):
    directory = tmp_path_factory.mktemp("e2e")
    state = directory / "state"
    seeded = lab("seed", "--state", str(state), "--qmgr", "QM1")
    assert seeded.returncode == 0, seeded.stderr
    client_ca, qmgr_ca = pki.ca("E2E Client CA"), pki.ca("E2E QMgr CA")
    both = {"client-ca": client_ca, "qmgr-ca": qmgr_ca}
    return {
        "dir": directory, "state": state,
        "qm1": endpoint(directory, "qm1", qmgr_ca, both, pki, ("serverAuth", "clientAuth"), "CN=QM1,OU=MQ,O=mqstig test"),
        "app1": endpoint(directory, "app1", client_ca, both, pki, ("clientAuth",), "CN=app1,OU=MQ,O=mqstig test"),
        "app2": endpoint(directory, "app2", client_ca, both, pki, ("clientAuth",), "CN=app2,OU=MQ,O=mqstig test"),
    }


def test_channel_definition_is_enforced_by_real_handshakes(world):
    state = world["state"]

    def run_command(argv, data):
        done = lab("runmqsc", "--state", str(state), argv[1], data=data)
        return done.returncode, done.stdout, done.stderr

    transport = RunmqscTransport("QM1", run_command, "runmqsc")
    wanted = {"name": CHANNEL, "type": "SVRCONN", "sslciph": "ECDHE_ECDSA_AES_256_GCM_SHA384", "sslcauth": "REQUIRED",
              "sslpeer": "CN=app1,OU=MQ,O=mqstig test", "state": "present"}
    made = channel_backend.run(wanted, transport)
    assert made["changed"] and not [f for f in made["findings"] if f["status"] != "pass"]
    assert not channel_backend.run(wanted, transport)["changed"]

    qm1 = world["qm1"]
    personal = next(e for e in qm1.entries if e.kind == "personal")
    workdir = world["dir"]
    fd = os.open(workdir / "qm1.key", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(personal.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                        serialization.BestAvailableEncryption(b"listener-Passw0rd")))
    (workdir / "qm1.pem").write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM)
                                               for c in [personal.certificate] + personal.chain))
    (workdir / "trusted.pem").write_bytes(b"".join(e.certificate.public_bytes(serialization.Encoding.PEM)
                                                   for e in qm1.entries if e.kind == "trusted"))
    port_file = workdir / "port"
    env = dict(os.environ, PYTHONPATH=str(LAB), LISTENER_KEY_PASSPHRASE="listener-Passw0rd")
    listener = subprocess.Popen([sys.executable, "-m", "mq_lab_qmgr", "tls-listen", "--state", str(state), "--qmgr", "QM1",
                                 "--channel", CHANNEL, "--cert", str(workdir / "qm1.pem"), "--key", str(workdir / "qm1.key"),
                                 "--ca", str(workdir / "trusted.pem"), "--key-passphrase-env", "LISTENER_KEY_PASSPHRASE",
                                 "--port-file", str(port_file)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _wait in range(100):
            if port_file.exists():
                break
            time.sleep(0.1)
        port = int(port_file.read_text().strip())
        assert attempt(port, client_context(world["app1"], True, workdir)) == "ok"
        assert attempt(port, client_context(world["app1"], False, workdir)) != "ok"
        assert attempt(port, client_context(world["app2"], True, workdir)) != "ok"
    finally:
        listener.terminate()
        listener.wait(10)
        (workdir / "qm1.key").unlink()
