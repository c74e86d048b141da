# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificate judgements, on certificates made with `cryptography` and read back as facts."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates

NOW = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_cert(key=None, issuer_key=None, issuer=None, cn="client", digest=hashes.SHA256(), ca=None,
              bc_critical=True, usage=("digital_signature",), eku=(ExtendedKeyUsageOID.CLIENT_AUTH,),
              not_before=NOW - DAY, not_after=NOW + 365 * DAY):
    key = key or ec.generate_private_key(ec.SECP256R1())
    issuer_key = issuer_key or key
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer or _name(cn))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after))
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=bc_critical)
    if usage is not None:
        names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                 "key_agreement", "key_cert_sign", "crl_sign")
        flags = {k: k in usage for k in names}
        builder = builder.add_extension(x509.KeyUsage(encipher_only=False, decipher_only=False, **flags), critical=True)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    return x509_facts.certificate_facts(builder.sign(issuer_key, digest))


def codes(facts, role="client", profile="nist", now=NOW):
    return sorted(code for _s, code, _r, _b in certificates.problems(facts, role, profile, now))


def test_good_client_certificate_passes_and_facts_are_read():
    facts = make_cert()
    assert codes(facts) == []
    assert facts["key"] == {"type": "ec", "size": 256, "curve": "secp256r1"}
    assert facts["signature_hash"] == "sha256" and facts["signature_algorithm"] == "ecdsa"
    assert facts["key_usage"] == ["digital_signature"] and facts["extended_key_usage"] == ["clientAuth"]
    assert len(facts["sha256_fingerprint"]) == 64
    found = certificates.findings(facts, "client", "nist", NOW)
    assert [(f["code"], f["status"]) for f in found] == [("CERT_APPROVED", "pass")]


def test_sha1_and_sha256_signatures(tmp_path):
    # cryptography refuses to sign with SHA-1, so the SHA-1 certificate comes from OpenSSL.
    key_path, cert_path = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha1", "-days", "30",
                    "-subj", "/CN=sha1 client", "-keyout", str(key_path), "-out", str(cert_path)],
                   check=True, capture_output=True)
    sha1 = x509_facts.certificate_facts(x509_facts.load_pem_certificates(cert_path.read_bytes())[0])
    assert sha1["signature_hash"] == "sha1" and sha1["signature_algorithm"] == "rsa-pkcs1v15"
    assert "CERT_SIGNATURE_HASH" in codes(sha1, role="personal", now=datetime.datetime.now(datetime.timezone.utc))
    rsa_key = rsa.generate_private_key(65537, 2048)
    assert codes(make_cert(key=rsa_key, digest=hashes.SHA256())) == []
    md5 = dict(make_cert(), signature_hash="md5")
    assert codes(md5) == ["CERT_SIGNATURE_HASH"]


def test_sha224_under_profiles_and_transition():
    facts = make_cert(digest=hashes.SHA224())
    assert codes(facts) == []
    assert codes(facts, now=datetime.datetime(2030, 6, 1, tzinfo=datetime.timezone.utc)) == [
        "CERT_EXPIRED", "CERT_SIGNATURE_HASH_TRANSITION"]
    assert codes(facts, profile="suite_b_128") == ["CERT_SIGNATURE_HASH"]


def test_dsa_signature_is_refused():
    key = dsa.generate_private_key(2048)
    assert "CERT_SIGNATURE_ALGORITHM" in codes(make_cert(key=key, digest=hashes.SHA256()))


def test_validity_window():
    assert codes(make_cert(not_after=NOW - DAY)) == ["CERT_EXPIRED"]
    assert codes(make_cert(not_before=NOW + DAY)) == ["CERT_NOT_YET_VALID"]
    expiring = make_cert(not_before=NOW - 100 * DAY, not_after=NOW + 10 * DAY)
    assert [(s, c) for s, c, _r, _b in certificates.problems(expiring, "client", "nist", NOW)] == [
        ("warn", "CERT_EXPIRING")]
    assert codes(expiring, now=NOW - 30 * DAY) == []


def test_ca_role():
    good = make_cert(ca=True, usage=("key_cert_sign", "crl_sign"), eku=None, cn="CA",
                     key=ec.generate_private_key(ec.SECP384R1()), digest=hashes.SHA384())
    assert codes(good, role="ca", profile="cnsa") == []
    assert codes(make_cert(ca=None, eku=None), role="ca") == ["CERT_KEY_USAGE", "CERT_NOT_CA"]
    assert codes(make_cert(ca=True, bc_critical=False, usage=("key_cert_sign",), eku=None), role="ca") == [
        "CERT_BASIC_CONSTRAINTS"]
    assert codes(make_cert(ca=True, usage=None, eku=None), role="ca") == ["CERT_KEY_USAGE"]


def test_end_entity_roles():
    server_only = make_cert(eku=(ExtendedKeyUsageOID.SERVER_AUTH,))
    assert codes(server_only, role="client") == ["CERT_EXTENDED_KEY_USAGE"]
    assert codes(server_only, role="server") == []
    assert codes(server_only, role="personal") == []
    assert codes(make_cert(eku=None), role="server") == []
    assert codes(make_cert(ca=True), role="client") == ["CERT_IS_CA"]
    assert codes(make_cert(usage=("key_encipherment",)), role="client") == ["CERT_KEY_USAGE"]


def test_issued_certificate_reports_the_issuers_signature_algorithm():
    ca_key = rsa.generate_private_key(65537, 3072)
    leaf = make_cert(key=ec.generate_private_key(ec.SECP384R1()), issuer_key=ca_key, issuer=_name("RSA CA"))
    assert leaf["signature_algorithm"] == "rsa-pkcs1v15" and leaf["key"]["type"] == "ec"
    assert leaf["issuer"] == "CN=RSA CA" and not leaf["self_signed"]


def test_bad_role_and_timestamp():
    with pytest.raises(ValueError, match="role must be one of"):
        certificates.problems(make_cert(), role="root")
    with pytest.raises(ValueError, match="invalid timestamp"):
        certificates.problems(dict(make_cert(), not_after="yesterday"), "client", "nist", NOW)
