# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_cert's backend on PKCS#12: trust CAs, request, receive, renew, remove; refusals change nothing."""

from __future__ import annotations

import datetime
import json
import os
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb

PASSWORD = "Passw0rd-Cert-1"
SUBJECT = "CN=app1,OU=MQ,O=mqstig test,C=US"


@pytest.fixture()
def repo(tmp_path):
    kb.KeyRepo({"path": str(tmp_path / "app1.p12"), "password": PASSWORD, "kdf_iterations": 1000}).run()
    return tmp_path / "app1.p12"


def cert(repo, check_mode=False, **extra):
    params = {"path": str(repo), "password": PASSWORD, "mq_user": "App1"}
    params.update(extra)
    return cb.CertBackend(params).run(check_mode)


def test_default_label_follows_mq():
    assert cb.default_label(qmgr="QM1") == "ibmwebspheremqqm1"
    assert cb.default_label(user="App1") == "ibmwebspheremqapp1"
    with pytest.raises(cb.CertError):
        cb.check_label("x" * 65)


def test_trusted_check_apply_idempotent(repo, pki, root_ca):
    pem = pki.pem(root_ca[0])
    check = cert(repo, True, kind="trusted", label="root", certificate=pem)
    assert check["changed"] and check["entry"] is None
    assert check["diff"]["after"]["entries"][0]["label"] == "root"
    before = repo.read_bytes()
    assert repo.read_bytes() == before
    applied = cert(repo, kind="trusted", label="root", certificate=pem)
    assert applied["changed"] and applied["entry"]["kind"] == "trusted"
    data = repo.read_bytes()
    for check_mode in (True, False):
        assert not cert(repo, check_mode, kind="trusted", label="root", certificate=pem)["changed"]
    assert repo.read_bytes() == data
    # Same certificate under a second label: not added twice.
    twice = cert(repo, kind="trusted", label="root-again", certificate=pem)
    assert not twice["changed"] and "already trusted under the label root" in twice["warnings"][0]


def test_trusted_same_label_new_fingerprint_is_a_change(repo, pki, root_ca):
    cert(repo, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    newer = pki.ca("Test Root CA", key=root_ca[1])[0]  # re-issued root: same name and key, new fingerprint
    result = cert(repo, kind="trusted", label="root", certificate=pki.pem(newer))
    assert result["changed"] and result["actions"][0].startswith("replace")


@pytest.mark.parametrize("case, code", [("leaf", "CERT_NOT_CA"), ("expired", "CERT_EXPIRED"),
                                        ("future", "CERT_NOT_YET_VALID"), ("sha1", "CERT_SIGNATURE_HASH")])
def test_trusted_refusals_change_nothing_and_can_be_waived(repo, pki, root_ca, tmp_path, case, code):
    if case == "leaf":
        pem = pki.pem(pki.issue(ec.generate_private_key(ec.SECP256R1()), root_ca, "CN=leaf"))
    elif case == "expired":
        pem = pki.pem(pki.ca("Old CA", days=10, start=pki.now - datetime.timedelta(days=30))[0])
    elif case == "future":
        pem = pki.pem(pki.ca("Future CA", start=pki.now + datetime.timedelta(days=30))[0])
    else:  # cryptography refuses to sign with SHA-1: OpenSSL makes the certificate, as a legacy CA would have
        subprocess.run(["openssl", "req", "-x509", "-sha1", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", str(tmp_path / "k.pem"), "-out", str(tmp_path / "c.pem"),
                        "-subj", "/CN=SHA1 CA", "-days", "30"], check=True, capture_output=True)
        pem = (tmp_path / "c.pem").read_text()
        os.unlink(tmp_path / "k.pem")
    before = repo.read_bytes()
    with pytest.raises(cb.CertError, match=code):
        cert(repo, kind="trusted", label="bad", certificate=pem)
    assert repo.read_bytes() == before
    with_it = [code, "CERT_KEY_USAGE"] if case == "leaf" else [code]  # a leaf also lacks keyCertSign
    with pytest.raises(cb.CertError):
        cert(repo, kind="trusted", label="bad", certificate=pem, waive_findings=with_it[1:])
    waived = cert(repo, kind="trusted", label="bad", certificate=pem, waive_findings=with_it)
    assert waived["changed"] and code in waived["warnings"][0]


@pytest.mark.parametrize("text, match", [("not pem at all", "no PEM certificate"),
                                         ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                          "not a PEM certificate")])
def test_pem_garbage_is_a_clear_error(repo, text, match):
    before = repo.read_bytes()
    with pytest.raises(cb.CertError, match=match):
        cert(repo, kind="trusted", label="x", certificate=text)
    assert repo.read_bytes() == before


def test_request_receive_cycle(repo, pki, root_ca, tmp_path):
    cert(repo, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    ask = {"subject": SUBJECT, "subject_alt_names": ["DNS:app1.example.test", "IP:127.0.0.1"], "role": "client",
           "csr_path": str(tmp_path / "app1.csr")}
    check = cert(repo, True, **ask)
    assert check["changed"] and check["csr"] is None and not (tmp_path / "app1.csr").exists()
    made = cert(repo, **ask)
    assert made["changed"] and made["entry"]["kind"] == "pending" and made["label"] == "ibmwebspheremqapp1"
    csr = x509.load_pem_x509_csr(made["csr"].encode())
    assert csr.is_signature_valid and csr.subject.rfc4514_string() == SUBJECT
    assert isinstance(csr.public_key(), ec.EllipticCurvePublicKey) and csr.public_key().curve.name == "secp256r1"
    assert (tmp_path / "app1.csr").read_text() == made["csr"]
    assert any(f["code"] == "CERT_PENDING" for f in made["findings"])
    # The same request again: no change, same key.
    again = cert(repo, **ask)
    assert not again["changed"]
    assert x509.load_pem_x509_csr(again["csr"].encode()).public_key() == csr.public_key()
    # A different subject: a new key and request.
    other = dict(ask)
    other["subject"] = "CN=app1-new,O=mqstig test"
    changed = cert(repo, True, **other)
    assert changed["changed"] and "replace the pending request" in changed["actions"][0]

    signed = pki.issue(made["csr"], root_ca, eku=("clientAuth",))
    check = cert(repo, True, certificate=pki.pem(signed), role="client")
    assert check["changed"] and check["entry"]["kind"] == "pending"
    got = cert(repo, certificate=pki.pem(signed), role="client")
    assert got["changed"] and got["entry"]["kind"] == "personal"
    assert got["entry"]["sha256_fingerprint"] == got["diff"]["after"]["entries"][0]["sha256_fingerprint"]
    assert got["summary"]["counts"]["fail"] == 0 and got["csr"] is None
    for check_mode in (True, False):
        assert not cert(repo, check_mode, certificate=pki.pem(signed), role="client")["changed"]
    assert not cert(repo, role="client")["changed"]


def test_receive_refusals_change_nothing(repo, pki, root_ca):
    made = cert(repo, subject=SUBJECT)
    other_ca = pki.ca("Untrusted CA")
    cases = [
        (pki.issue(ec.generate_private_key(ec.SECP256R1()), root_ca, SUBJECT), "does not match the key"),
        (pki.issue(made["csr"], other_ca), "does not chain"),
        (pki.issue(made["csr"], root_ca, days=1, start=pki.now - datetime.timedelta(days=5)), "CERT_EXPIRED"),
        (pki.issue(made["csr"], root_ca, eku=("serverAuth",)), "CERT_EXTENDED_KEY_USAGE"),
    ]
    cert(repo, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    before = repo.read_bytes()
    for signed, match in cases:
        with pytest.raises(cb.CertError, match=match):
            cert(repo, certificate=pki.pem(signed), role="client")
        assert repo.read_bytes() == before


def test_chain_given_with_intermediate(repo, pki, root_ca):
    intermediate = pki.ca("Issuing CA", issuer=root_ca)
    cert(repo, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    made = cert(repo, subject=SUBJECT)
    signed = pki.issue(made["csr"], intermediate)
    with pytest.raises(cb.CertError, match="does not chain"):
        cert(repo, certificate=pki.pem(signed))
    got = cert(repo, certificate=pki.pem(signed), chain=pki.pem(intermediate[0]))
    assert got["changed"] and [c["subject"] for c in got["entry"]["chain"]] == [
        intermediate[0].subject.rfc4514_string(), root_ca[0].subject.rfc4514_string()]


def test_renewal_keeps_the_old_certificate_until_the_new_one_arrives(repo, pki, root_ca):
    cert(repo, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    made = cert(repo, subject=SUBJECT)
    short = pki.issue(made["csr"], root_ca, days=10)
    cert(repo, certificate=pki.pem(short))
    renewal = cert(repo, subject=SUBJECT, renew_before_days=30)
    assert renewal["changed"] and renewal["entry"]["kind"] == "personal" and renewal["renewal"]["kind"] == "pending"
    assert renewal["entry"]["sha256_fingerprint"] == cb.pkcs12_store.certificate_fingerprint(short)
    new_csr = x509.load_pem_x509_csr(renewal["csr"].encode())
    assert new_csr.public_key() != x509.load_pem_x509_csr(made["csr"].encode()).public_key()
    assert not cert(repo, subject=SUBJECT, renew_before_days=30)["changed"]
    fresh = pki.issue(renewal["csr"], root_ca, days=365)
    done = cert(repo, certificate=pki.pem(fresh))
    assert done["changed"] and done["renewal"] is None
    assert done["entry"]["sha256_fingerprint"] == cb.pkcs12_store.certificate_fingerprint(fresh)
    assert not cert(repo, subject=SUBJECT, renew_before_days=30)["changed"]


def test_rsa_and_profile_defaults(repo):
    rsa_made = cert(repo, label="rsa", subject=SUBJECT, key_type="rsa", key_size=3072)
    assert x509.load_pem_x509_csr(rsa_made["csr"].encode()).public_key().key_size == 3072
    cnsa = cert(repo, label="cnsa", subject=SUBJECT, profile="cnsa")
    csr = x509.load_pem_x509_csr(cnsa["csr"].encode())
    assert csr.public_key().curve.name == "secp384r1" and isinstance(csr.signature_hash_algorithm, hashes.SHA384)
    with pytest.raises(cb.CertError, match="2048"):
        cert(repo, label="weak", subject=SUBJECT, key_type="rsa", key_size=1024)
    with pytest.raises(cb.CertError, match="distinguished name"):
        cert(repo, label="bad", subject="app1")


def test_absent_and_kind_mismatch(repo, pki, root_ca):
    cert(repo, kind="trusted", label="root", certificate=pki.pem(root_ca[0]))
    cert(repo, subject=SUBJECT)
    with pytest.raises(cb.CertError, match="not a trusted one"):
        cert(repo, kind="trusted", label="ibmwebspheremqapp1", state="absent")
    with pytest.raises(cb.CertError, match="trusted CA certificate"):
        cert(repo, label="root", subject=SUBJECT)
    gone = cert(repo, state="absent")
    assert gone["changed"] and gone["entry"] is None
    assert not cert(repo, state="absent")["changed"]
    assert cert(repo, kind="trusted", label="root", state="absent")["changed"]


def test_missing_repository_and_wrong_password(tmp_path, repo):
    with pytest.raises(cb.CertError, match="create it first"):
        cb.CertBackend({"path": str(tmp_path / "none.p12"), "password": PASSWORD, "label": "x"}).run()
    with pytest.raises(cb.CertError, match="wrong password"):
        cb.CertBackend({"path": str(repo), "password": "wrong-one", "label": "x", "subject": SUBJECT}).run()


def test_check_mode_on_a_repository_not_created_yet(tmp_path, pki, root_ca):
    """An audit of a new host: what would be done is reported; nothing is written, not even a lock file."""
    path = tmp_path / "new.p12"
    trusted = cb.CertBackend({"path": str(path), "password": PASSWORD, "kind": "trusted", "label": "root",
                              "certificate": pki.pem(root_ca[0])}).run(check_mode=True)
    assert trusted["changed"] and "does not exist yet" in trusted["warnings"][0]
    personal = cb.CertBackend({"path": str(path), "password": PASSWORD, "label": "x", "subject": SUBJECT}).run(
        check_mode=True)
    assert personal["changed"] and personal["csr"] is None and personal["entry"] is None
    assert list(tmp_path.iterdir()) == []


def test_no_secret_or_key_in_results(repo, pki, root_ca):
    made = cert(repo, subject=SUBJECT)
    text = json.dumps(made)
    assert PASSWORD not in text and "PRIVATE KEY" not in text
