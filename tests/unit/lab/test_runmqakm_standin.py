# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runmqakm driven through real subprocesses against tests/integration/targets/setup_runmqakm_standin/files/runmqakm_standin.py (a test double of
IBM's runmqakm, not IBM software), reached through a temporary executable named "runmqakm"."""
from __future__ import annotations

import datetime
import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import runmqakm as akm

STANDIN = (Path(__file__).resolve().parents[2] / "integration" / "targets" / "setup_runmqakm_standin" / "files"
           / "runmqakm_standin.py")
PASSWORD = "Kdb-Passw0rd#Strong1"
NEW_PASSWORD = "N3w-Kdb#Passw0rdXy"
QM_LABEL = "ibmwebspheremqqm1"
CA_LABEL = "Example Test Root CA"


class Recorder:
    """run_command for Runmqakm: a real subprocess; keeps every (argv, rc, stdout, stderr)."""

    def __init__(self):
        self.log = []

    def __call__(self, argv, data=None):
        proc = subprocess.run(argv, input=data, capture_output=True, check=False, timeout=120)
        out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
        self.log.append((list(argv), proc.returncode, out, err))
        return proc.returncode, out, err

    def outputs(self):
        return "".join(out + err for _argv, _rc, out, err in self.log)


@pytest.fixture(scope="module")
def wrapper(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bin")
    path = directory / "runmqakm"
    # the test's own interpreter runs the stand-in, so that cryptography is importable
    path.write_text('#!/bin/sh\nexec %s %s "$@"\n' % (shlex.quote(sys.executable), shlex.quote(str(STANDIN))), encoding="ascii")
    path.chmod(0o700)
    return str(path)


@pytest.fixture
def tool(wrapper):
    recorder = Recorder()
    runner = akm.Runmqakm(recorder, binary=wrapper)
    runner.recorder = recorder
    return runner


def _name(*pairs):
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    """A self-signed EC P-384 test CA: (key, certificate, PEM path)."""
    key = ec.generate_private_key(ec.SECP384R1())
    name = _name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example"), (NameOID.COMMON_NAME, CA_LABEL))
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA384()))
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, str(path)


def sign(ca_key, ca_cert, csr_path, out_path, days=90):
    csr = x509.load_pem_x509_csr(Path(csr_path).read_bytes())
    assert csr.is_signature_valid
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(ca_cert.subject).public_key(csr.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    for extension in csr.extensions:
        builder = builder.add_extension(extension.value, critical=extension.critical)
    cert = builder.sign(ca_key, hashes.SHA384())
    Path(out_path).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert


def decode_stash(path):
    data = Path(path).read_bytes()
    return data, bytes(byte ^ 0xF5 for byte in data).split(b"\0", 1)[0].decode("utf-8")


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def kdb(tool, tmp_path):
    path = str(tmp_path / "key.kdb")
    tool.create(path, PASSWORD)
    return path


def test_standin_header_says_it_is_not_ibm_software():
    header = STANDIN.read_text(encoding="utf-8")[:1500]
    assert "NOT IBM software" in header and "NOT IBM's CMS" in header and "used only by this collection's tests" in header
    assert not header.startswith("#!")


def test_create_writes_0600_files_and_a_v1_stash(tool, kdb, tmp_path):
    names = sorted(os.listdir(tmp_path))
    assert names == ["key.crl", "key.kdb", "key.rdb", "key.sth"]
    for name in names:
        assert mode(tmp_path / name) == 0o600, name
    data, password = decode_stash(tmp_path / "key.sth")
    assert len(data) == 129 and password == PASSWORD
    plain = bytes(byte ^ 0xF5 for byte in data)
    assert plain[len(PASSWORD)] == 0 and 0 not in plain[len(PASSWORD) + 1:]
    assert PASSWORD.encode() not in (tmp_path / "key.kdb").read_bytes()
    assert tool.list(kdb) == [] and tool.list_requests(kdb) == []
    assert tool.recorder.log[-2][2] == "No certificates were found.\n"


def test_db_without_extension_gets_kdb(tool, tmp_path):
    tool.create(str(tmp_path / "mq_cloud_keys"), PASSWORD)
    assert sorted(os.listdir(tmp_path)) == ["mq_cloud_keys.crl", "mq_cloud_keys.kdb", "mq_cloud_keys.rdb", "mq_cloud_keys.sth"]


def test_full_request_sign_receive_cycle(tool, kdb, ca, tmp_path):
    ca_key, ca_cert, ca_path = ca
    tool.add(kdb, CA_LABEL, ca_path)
    assert tool.list(kdb) == [{"label": CA_LABEL, "kind": "trusted", "default": False}]
    assert tool.recorder.log[-1][2].splitlines()[2] == '!\t"%s"' % CA_LABEL  # flag TAB quoted label, as runmqakm prints

    csr_path = str(tmp_path / "qm1.csr")
    tool.create_request(kdb, QM_LABEL, "CN=QM1,OU=MQ,O=Example,C=US", 384, "SHA384WithECDSA", csr_path,
                        san_dns=("qm1.example.com", "qm1"), san_ip=("192.0.2.10",))
    csr_text = Path(csr_path).read_text(encoding="ascii")
    assert csr_text.startswith("-----BEGIN NEW CERTIFICATE REQUEST-----")
    csr = x509.load_pem_x509_csr(csr_text.encode())
    assert csr.subject.rfc4514_string() == "CN=QM1,OU=MQ,O=Example,C=US"
    assert isinstance(csr.public_key(), ec.EllipticCurvePublicKey) and csr.public_key().curve.name == "secp384r1"
    assert isinstance(csr.signature_hash_algorithm, hashes.SHA384)
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["qm1.example.com", "qm1"]
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["192.0.2.10"]
    assert tool.list_requests(kdb) == [QM_LABEL]
    assert mode(csr_path) == 0o600

    cert = sign(ca_key, ca_cert, csr_path, str(tmp_path / "qm1.pem"))
    tool.receive(kdb, str(tmp_path / "qm1.pem"))
    assert tool.list_requests(kdb) == []
    assert tool.list(kdb) == [{"label": CA_LABEL, "kind": "trusted", "default": False},
                              {"label": QM_LABEL, "kind": "personal", "default": False}]
    verbose = tool.list(kdb, verbose=True)
    assert verbose[1]["subject"] == "CN=QM1,OU=MQ,O=Example,C=US"
    assert verbose[1]["issuer"] == "CN=%s,O=Example,C=US" % CA_LABEL

    fields = tool.details(kdb, QM_LABEL)
    norm = akm.normalize_details(fields)
    assert norm["label"] == QM_LABEL and norm["key_size"] == 384
    assert norm["subject"] == "CN=QM1,OU=MQ,O=Example,C=US"
    assert norm["issuer"] == "CN=%s,O=Example,C=US" % CA_LABEL and fields["Issuer"].startswith('"')
    assert norm["serial"] == format(cert.serial_number, "x")
    assert norm["fingerprints"]["sha256"] == cert.fingerprint(hashes.SHA256()).hex(":").upper()
    assert norm["signature_algorithm"].startswith("SHA384WithECDSA") and norm["trust_status"] is True
    assert "dNSName: qm1.example.com" in fields["Extensions"]

    pem = tool.certificate_pem(kdb, QM_LABEL, str(tmp_path))
    assert x509.load_pem_x509_certificate(pem.encode()) == cert
    target = str(tmp_path / "ca-out.pem")
    tool.extract(kdb, CA_LABEL, target)
    assert x509.load_pem_x509_certificate(Path(target).read_bytes()) == ca_cert and mode(target) == 0o600

    stored = json.loads(Path(kdb).read_text(encoding="utf-8"))
    personal = [item for item in stored["entries"] if item["label"] == QM_LABEL][0]
    assert personal["private_key"].startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    key = serialization.load_pem_private_key(personal["private_key"].encode(), PASSWORD.encode())
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()

    tool.delete(kdb, CA_LABEL)
    assert [item["label"] for item in tool.list(kdb)] == [QM_LABEL]
    assert PASSWORD not in tool.recorder.outputs()


def test_rsa_request(tool, kdb, tmp_path):
    csr_path = str(tmp_path / "r.csr")
    tool.create_request(kdb, "rsa1", "CN=app1,OU=MQ,O=Example,C=US", 3072, "SHA256WithRSA", csr_path)
    csr = x509.load_pem_x509_csr(Path(csr_path).read_bytes())
    assert isinstance(csr.public_key(), rsa.RSAPublicKey) and csr.public_key().key_size == 3072
    assert isinstance(csr.signature_hash_algorithm, hashes.SHA256)
    stored = json.loads((tmp_path / "key.rdb").read_text(encoding="utf-8"))
    assert stored["requests"][0]["label"] == "rsa1"
    assert stored["requests"][0]["private_key"].startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")


def test_receive_needs_a_matching_request_and_a_trusted_chain(tool, kdb, ca, tmp_path):
    ca_key, ca_cert, ca_path = ca
    tool.create_request(kdb, QM_LABEL, "CN=QM1,O=Example,C=US", 256, "SHA256WithECDSA", str(tmp_path / "q.csr"))
    sign(ca_key, ca_cert, str(tmp_path / "q.csr"), str(tmp_path / "q.pem"))
    with pytest.raises(akm.RunmqakmError) as info:
        tool.receive(kdb, str(tmp_path / "q.pem"))  # the CA is not in the database yet
    assert info.value.codes == (akm.INVALID_CHAIN, "CTGSK2043W")
    assert tool.list_requests(kdb) == [QM_LABEL] and tool.list(kdb) == []

    stranger = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder().subject_name(_name((NameOID.COMMON_NAME, "other")))
           .sign(stranger, hashes.SHA256()))
    (tmp_path / "other.csr").write_bytes(csr.public_bytes(serialization.Encoding.PEM))
    sign(ca_key, ca_cert, str(tmp_path / "other.csr"), str(tmp_path / "other.pem"))
    tool.add(kdb, CA_LABEL, ca_path)
    with pytest.raises(akm.RunmqakmError) as info:
        tool.receive(kdb, str(tmp_path / "other.pem"))
    assert info.value.rc != 0 and "does not match any certificate request" in info.value.message


def test_label_and_duplicate_errors(tool, kdb, ca, tmp_path):
    ca_path = ca[2]
    tool.add(kdb, CA_LABEL, ca_path)
    with pytest.raises(akm.RunmqakmError) as info:
        tool.add(kdb, CA_LABEL, ca_path)
    assert "already exists" in info.value.message
    with pytest.raises(akm.RunmqakmError) as info:
        tool.add(kdb, "same cert again", ca_path)
    assert info.value.codes == (akm.DUPLICATE_CERTIFICATE,)
    for call in (lambda: tool.delete(kdb, "missing"), lambda: tool.details(kdb, "missing"),
                 lambda: tool.extract(kdb, "missing", str(tmp_path / "m.pem"))):
        with pytest.raises(akm.RunmqakmError) as info:
            call()
        assert info.value.codes == (akm.LABEL_NOT_FOUND,)
    with pytest.raises(akm.RunmqakmError) as info:
        tool.create_request(kdb, CA_LABEL, "CN=x", 2048, "SHA256WithRSA", str(tmp_path / "x.csr"))
    assert "already exists" in info.value.message
    with pytest.raises(akm.RunmqakmError):
        tool.list(str(tmp_path / "absent.kdb"))


def test_wrong_password_and_bad_stash(tool, kdb, tmp_path):
    wrong = "Wr0ng-Passw0rd#Abc"
    with pytest.raises(akm.RunmqakmError) as info:
        tool.change_password(kdb, wrong, NEW_PASSWORD)
    err = info.value
    assert err.rc != 0 and "password is not correct" in err.message
    assert wrong not in str(err) and NEW_PASSWORD not in str(err) and err.argv.count(akm.MASK) == 2
    with pytest.raises(akm.RunmqakmError):
        tool.stash_password(kdb, wrong)
    assert decode_stash(tmp_path / "key.sth")[1] == PASSWORD  # unchanged
    (tmp_path / "key.sth").write_bytes(bytes(byte ^ 0xF5 for byte in (wrong.encode() + b"\0" + b"\x01" * (128 - len(wrong)))))
    with pytest.raises(akm.RunmqakmError) as info:
        tool.list(kdb)
    assert "password is not correct" in info.value.message
    tool.stash_password(kdb, PASSWORD)
    assert tool.list(kdb) == []
    (tmp_path / "key.sth").unlink()
    with pytest.raises(akm.RunmqakmError) as info:
        tool.list(kdb)
    assert "stash file" in info.value.message
    for secret in (wrong, NEW_PASSWORD, PASSWORD):
        assert secret not in tool.recorder.outputs()


def test_change_password_reencrypts_keys_and_restashes(tool, kdb, tmp_path):
    tool.create_request(kdb, "r1", "CN=r1", 256, "EC_ecdsa_with_SHA256", str(tmp_path / "r1.csr"))
    tool.change_password(kdb, PASSWORD, NEW_PASSWORD)
    data, stashed = decode_stash(tmp_path / "key.sth")
    assert len(data) == 129 and stashed == NEW_PASSWORD and mode(tmp_path / "key.sth") == 0o600
    assert tool.list_requests(kdb) == ["r1"]
    stored = json.loads((tmp_path / "key.rdb").read_text(encoding="utf-8"))
    serialization.load_pem_private_key(stored["requests"][0]["private_key"].encode(), NEW_PASSWORD.encode())
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(stored["requests"][0]["private_key"].encode(), PASSWORD.encode())
    for name in ("key.kdb", "key.rdb"):
        assert mode(tmp_path / name) == 0o600


def test_strong_password_rules(tool, tmp_path):
    for weak in ("Short1#a", "alllowercase-but-long1", "Aaaa-Bbbb-Cccc-1", "NoDigitsOrSpecialX"):
        with pytest.raises(akm.RunmqakmError) as info:
            tool.create(str(tmp_path / "weak.kdb"), weak)
        assert "strength" in info.value.message and weak not in str(info.value)
        assert not (tmp_path / "weak.kdb").exists()
    tool.create(str(tmp_path / "plain.kdb"), "password", fips=False, strong=False)
    assert decode_stash(tmp_path / "plain.sth")[1] == "password"


def test_create_refuses_an_existing_database(tool, kdb):
    with pytest.raises(akm.RunmqakmError) as info:
        tool.create(kdb, PASSWORD)
    assert "already exists" in info.value.message and PASSWORD not in str(info.value)


def test_standin_accepts_the_documented_create_lines_from_the_samples(wrapper, tmp_path, mq_sample):
    lines = []
    for prefix in ("D12b", "D12d"):
        lines.extend(akm.find_commands(mq_sample(prefix)))
    assert lines, "the D12b/D12d samples hold runmqakm -keydb -create lines"
    for number, argv in enumerate(lines):
        argv = list(argv)
        db_index = argv.index("-db") + 1
        argv[db_index] = str(tmp_path / ("%d-%s" % (number, os.path.basename(argv[db_index]))))
        proc = subprocess.run([wrapper] + argv[1:], capture_output=True, check=False, timeout=120)
        assert proc.returncode == 0, proc.stderr
        kdb_path = argv[db_index] if argv[db_index].endswith(".kdb") else argv[db_index] + ".kdb"
        stem = kdb_path[:-4]
        assert os.path.isfile(kdb_path) and decode_stash(stem + ".sth")[1] == argv[argv.index("-pw") + 1]
