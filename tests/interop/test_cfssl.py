# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_csr_sign's cfssl provider against a real CFSSL server (Debian golang-cfssl), started here on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests as key_requests
from ansible_collections.mqstig.tls.plugins.module_utils.signing import sign_backend as sb

AUTH_KEY = "5c1f2a3b4d5e6f708192a3b4c5d6e7f8"
CONFIG = {
    "signing": {
        "default": {"expiry": "8760h", "usages": ["digital signature", "client auth"]},
        "profiles": {
            "mq-client": {"usages": ["digital signature", "client auth"], "expiry": "8760h", "auth_key": "site"},
            "mq-server": {"usages": ["digital signature", "server auth"], "expiry": "8760h", "auth_key": "site"},
            "open": {"usages": ["digital signature", "client auth"], "expiry": "8760h"},
        },
    },
    "auth_keys": {"site": {"type": "standard", "key": AUTH_KEY}},
}


def post(url, body):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def cfssl_server(tmp_path_factory, pki):
    binary = shutil.which("cfssl")
    if binary is None:
        pytest.fail("cfssl is not installed; scripts/setup.sh installs golang-cfssl from tests/system-packages.txt")
    directory = tmp_path_factory.mktemp("cfssl")
    cert, key = pki.ca("CFSSL Interop CA")
    (directory / "ca.pem").write_text(pki.pem(cert))
    # cfssl serve reads its CA key only as a plain PEM file: a test CA's key, 0600, removed with the directory.
    fd = os.open(directory / "ca-key.pem", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                       serialization.NoEncryption()))
    (directory / "config.json").write_text(json.dumps(CONFIG))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([binary, "serve", "-address", "127.0.0.1", "-port", str(port), "-ca", str(directory / "ca.pem"),
                                "-ca-key", str(directory / "ca-key.pem"), "-config", str(directory / "config.json")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    for _attempt in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("cfssl serve did not start")
    yield {"url": url, "ca": directory / "ca.pem"}
    process.terminate()
    process.wait(10)
    (directory / "ca-key.pem").unlink()


def run(server, tmp_path, csr, check_mode=False, **extra):
    params = {"provider": "cfssl", "csr": csr, "usage": "client", "cfssl_url": server["url"], "cfssl_profile": "mq-client",
              "cfssl_auth_key": AUTH_KEY, "index_path": str(tmp_path / "cfssl-issued.json")}
    params.update(extra)
    return sb.SignBackend(params, post).run(check_mode)


def test_authenticated_signing_round_trip(cfssl_server, tmp_path):
    csr = key_requests.build_request(ec.generate_private_key(ec.SECP256R1()), "CN=app1,O=mqstig test", ["DNS:app1.test"])
    assert run(cfssl_server, tmp_path, csr, True)["status"] == "would_issue"
    first = run(cfssl_server, tmp_path, csr)
    assert first["status"] == "issued" and all(f["status"] == "pass" for f in first["findings"])
    assert x509.load_pem_x509_certificate(first["chain"].encode()).subject.rfc4514_string() == \
        "CN=CFSSL Interop CA,O=mqstig test"
    (tmp_path / "leaf.pem").write_text(first["certificate"])
    verify = subprocess.run(["openssl", "verify", "-CAfile", str(cfssl_server["ca"]), str(tmp_path / "leaf.pem")],
                            capture_output=True, text=True, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    again = run(cfssl_server, tmp_path, csr)
    assert again["status"] == "current" and again["serial"] == first["serial"] and not again["changed"]


def test_wrong_auth_key_and_wrong_profile_are_refused(cfssl_server, tmp_path):
    csr = key_requests.build_request(ec.generate_private_key(ec.SECP384R1()), "CN=qm1,O=mqstig test", [])
    with pytest.raises(sb.SignError, match="CFSSL"):
        run(cfssl_server, tmp_path, csr, cfssl_auth_key="00" * 16)
    # A server profile for a client certificate: CFSSL signs, the module refuses what came back.
    with pytest.raises(sb.SignError, match="CERT_EXTENDED_KEY_USAGE"):
        run(cfssl_server, tmp_path, csr, cfssl_profile="mq-server")
    assert not (tmp_path / "cfssl-issued.json").exists()
    # The same request, without authentication, to a profile that requires none.
    assert run(cfssl_server, tmp_path, csr, cfssl_profile="open", cfssl_auth_key=None)["status"] == "issued"
