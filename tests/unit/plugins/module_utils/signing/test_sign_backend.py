# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_csr_sign's backend with the ownca provider, and the CFSSL client against canned answers."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import multiprocessing
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests as key_requests
from ansible_collections.mqstig.tls.plugins.module_utils.signing import cfssl_client
from ansible_collections.mqstig.tls.plugins.module_utils.signing import sign_backend as sb

CA_PASSPHRASE = "CA-Passphrase-1"


@pytest.fixture(scope="module")
def ca_files(tmp_path_factory, pki):
    directory = tmp_path_factory.mktemp("ca")
    cert, key = pki.ca("Unit Signing CA")
    (directory / "ca.pem").write_text(pki.pem(cert))
    (directory / "ca.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.BestAvailableEncryption(CA_PASSPHRASE.encode())))
    return directory


def csr_pem(subject="CN=app1,O=mqstig test", sans=("DNS:app1.test",), key=None):
    key = key or ec.generate_private_key(ec.SECP256R1())
    return key_requests.build_request(key, subject, list(sans))


def sign(ca_files, tmp_path, check_mode=False, now=None, **extra):
    params = {"csr": extra.pop("csr", None) or csr_pem(), "usage": "client", "index_path": str(tmp_path / "issued.json"),
              "ownca_certificate_path": str(ca_files / "ca.pem"), "ownca_private_key_path": str(ca_files / "ca.key"),
              "ownca_private_key_passphrase": CA_PASSPHRASE, "renew_before_days": 30, "validity_days": 365}
    params.update(extra)
    return sb.SignBackend(params, now=now).run(check_mode)


def test_issue_then_current_then_renew(ca_files, tmp_path):
    request = csr_pem()
    check = sign(ca_files, tmp_path, True, csr=request)
    assert check["status"] == "would_issue" and check["certificate"] is None and not (tmp_path / "issued.json").exists()
    first = sign(ca_files, tmp_path, csr=request)
    assert first["changed"] and first["status"] == "issued"
    assert first["findings"] and all(f["status"] == "pass" for f in first["findings"])
    (tmp_path / "leaf.pem").write_text(first["certificate"])
    verify = subprocess.run(["openssl", "verify", "-CAfile", str(ca_files / "ca.pem"), str(tmp_path / "leaf.pem")],
                            capture_output=True, text=True, check=False)
    assert verify.returncode == 0 and verify.stdout.strip().endswith(": OK")
    cert = x509.load_pem_x509_certificate(first["certificate"].encode())
    assert cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value._usages == [
        x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]
    assert [n.value for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value] == ["app1.test"]
    for check_mode in (True, False):
        again = sign(ca_files, tmp_path, check_mode, csr=request)
        assert not again["changed"] and again["status"] == "current" and again["serial"] == first["serial"]
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=340)
    renewed = sign(ca_files, tmp_path, csr=request, now=later)
    assert renewed["status"] == "issued" and renewed["serial"] != first["serial"]
    index = json.loads((tmp_path / "issued.json").read_text())
    assert len(index["issued"]) == 2 and "PRIVATE" not in (tmp_path / "issued.json").read_text()


def test_usage_server_both_and_san_override(ca_files, tmp_path):
    server = x509.load_pem_x509_certificate(sign(ca_files, tmp_path, usage="server")["certificate"].encode())
    assert server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value._usages == [
        x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]
    both = sign(ca_files, tmp_path, usage="both", subject_alt_names=["DNS:qm1.test", "IP:127.0.0.1"])
    cert = x509.load_pem_x509_certificate(both["certificate"].encode())
    assert len(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value._usages) == 2
    assert [str(n.value) for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value] == [
        "qm1.test", "127.0.0.1"]


def _openssl_csr(tmp_path, *args):
    subprocess.run(["openssl", "req", "-new", "-nodes", "-keyout", str(tmp_path / "weak.key"), "-out",
                    str(tmp_path / "weak.csr"), "-subj", "/CN=weak"] + list(args), check=True, capture_output=True)
    (tmp_path / "weak.key").unlink()
    return (tmp_path / "weak.csr").read_text()


@pytest.mark.parametrize("kind, match", [("rsa1024", "KEY_SIZE"), ("sha1", "CSR_SIGNATURE_HASH"),
                                         ("tampered", "CSR_SIGNATURE"), ("garbage", "no PEM certificate request")])
def test_bad_requests_sign_nothing(ca_files, tmp_path, kind, match):
    if kind == "rsa1024":
        text = _openssl_csr(tmp_path, "-newkey", "rsa:1024")
    elif kind == "sha1":
        text = _openssl_csr(tmp_path, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-sha1")
    elif kind == "tampered":  # the subject changed after the request was signed
        der = x509.load_pem_x509_csr(csr_pem().encode()).public_bytes(serialization.Encoding.DER)
        text = "-----BEGIN CERTIFICATE REQUEST-----\n%s\n-----END CERTIFICATE REQUEST-----\n" % (
            base64.b64encode(der.replace(b"app1", b"app2")).decode())
    else:
        text = "hello"
    with pytest.raises(sb.SignError, match=match):
        sign(ca_files, tmp_path, csr=text)
    assert not (tmp_path / "issued.json").exists()


def test_ca_problems_are_clear(ca_files, tmp_path, pki):
    with pytest.raises(sb.SignError, match="wrong passphrase"):
        sign(ca_files, tmp_path, ownca_private_key_passphrase="nope")
    with pytest.raises(sb.SignError, match="give its passphrase"):
        sign(ca_files, tmp_path, ownca_private_key_passphrase=None)
    other_cert, other_key = pki.ca("Other CA")
    with pytest.raises(sb.SignError, match="does not belong"):
        sign(ca_files, tmp_path, ownca_certificate=pki.pem(other_cert), ownca_certificate_path=None)
    old_cert, old_key = pki.ca("Expired CA", days=5, start=pki.now - datetime.timedelta(days=10))
    plain = old_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()).decode()
    with pytest.raises(sb.SignError, match="CERT_EXPIRED"):
        sign(ca_files, tmp_path, ownca_certificate=pki.pem(old_cert), ownca_certificate_path=None,
             ownca_private_key=plain, ownca_private_key_path=None, ownca_private_key_passphrase=None)
    unencrypted = other_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()).decode()
    result = sign(ca_files, tmp_path, ownca_certificate=pki.pem(other_cert), ownca_certificate_path=None,
                  ownca_private_key=unencrypted, ownca_private_key_path=None, ownca_private_key_passphrase=None)
    assert result["status"] == "issued" and "unencrypted" in result["warnings"][0]
    assert "PRIVATE KEY" not in json.dumps(result)


def _sign_one(ca_files, index_path, subject, barrier):
    barrier.wait()
    sb.SignBackend({"csr": csr_pem(subject=subject), "index_path": index_path, "usage": "client",
                    "ownca_certificate_path": str(ca_files / "ca.pem"), "ownca_private_key_path": str(ca_files / "ca.key"),
                    "ownca_private_key_passphrase": CA_PASSPHRASE}).run()


def test_parallel_hosts_lose_no_record(ca_files, tmp_path):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(6)
    workers = [context.Process(target=_sign_one, args=(ca_files, str(tmp_path / "issued.json"), "CN=host%d" % i, barrier))
               for i in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    index = json.loads((tmp_path / "issued.json").read_text())
    assert sorted(r["subject"] for r in index["issued"]) == ["CN=host%d" % i for i in range(6)]


class CannedCfssl:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, url, body):
        self.calls.append((url, json.loads(body)))
        return self.answers.pop(0)


def test_cfssl_client_authsign_token_and_errors():
    post = CannedCfssl([(200, b'{"success": true, "result": {"certificate": "PEM"}, "errors": []}'),
                        (400, b'{"success": false, "errors": [{"code": 400, "message": "authentication required"}]}'),
                        (502, b"<html>bad gateway</html>")])
    client = cfssl_client.CfsslClient("http://127.0.0.1:1/", post, auth_key="00ff")
    assert client.sign("CSR", "client") == "PEM"
    url, body = post.calls[0]
    assert url == "http://127.0.0.1:1/api/v1/cfssl/authsign"
    raw = base64.b64decode(body["request"])
    assert json.loads(raw) == {"certificate_request": "CSR", "profile": "client"}
    assert base64.b64decode(body["token"]) == hmac.new(b"\x00\xff", raw, hashlib.sha256).digest()
    with pytest.raises(cfssl_client.CfsslError, match="authentication required"):
        client.sign("CSR")
    with pytest.raises(cfssl_client.CfsslError, match="not JSON"):
        client.info()
    with pytest.raises(cfssl_client.CfsslError, match="hexadecimal"):
        cfssl_client.CfsslClient("http://x", post, auth_key="not hex")


def test_a_ca_near_its_end_is_named_in_a_warning(tmp_path, pki):
    ca_cert, ca_key = pki.ca("Short CA", days=20)
    plain = ca_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    result = sb.SignBackend({"csr": csr_pem(), "index_path": str(tmp_path / "i.json"), "ownca_certificate": pki.pem(ca_cert),
                             "ownca_private_key": plain, "renew_before_days": 30}).run()
    assert result["status"] == "issued"
    assert any("within the renewal window" in w for w in result["warnings"])
