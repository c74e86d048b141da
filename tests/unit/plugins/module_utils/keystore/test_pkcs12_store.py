# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PKCS#12 protection (PBES2, MAC) and the repository model: write, read back, legacy files, bad input."""

from __future__ import annotations

import subprocess

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import der, pkcs12_pbe, pkcs12_store, requests
from ansible_collections.mqstig.tls.plugins.module_utils.policy import keyrepo as repo_policy

PASSWORD = "Passw0rd-Test-1"


def _repository(pki, root_ca):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue(key, root_ca, "CN=app1,O=mqstig test")
    pending_key = ec.generate_private_key(ec.SECP384R1())
    other_ca = pki.ca("Other CA")[0]
    return pkcs12_store.Repository([
        pkcs12_store.Entry("ibmwebspheremqapp1", cert, key, [root_ca[0]]),
        pkcs12_store.Entry("root", root_ca[0]),
        pkcs12_store.Entry("other ca", other_ca),
        pkcs12_store.Entry("pending", requests.placeholder(pending_key, "CN=pending"), pending_key),
    ])


def test_round_trip_keeps_labels_kinds_keys_and_chain(pki, root_ca):
    repository = _repository(pki, root_ca)
    loaded = pkcs12_store.load(pkcs12_store.dump(repository, PASSWORD, 2000), PASSWORD)
    assert [(e.label, e.kind) for e in loaded.entries] == [
        ("ibmwebspheremqapp1", "personal"), ("pending", "pending"), ("root", "trusted"), ("other ca", "trusted")]
    personal = loaded.get("ibmwebspheremqapp1")
    assert personal.fingerprint() == repository.get("ibmwebspheremqapp1").fingerprint()
    assert [c.subject for c in personal.chain] == [root_ca[0].subject]
    assert pkcs12_store.public_key_der(personal.private_key) == pkcs12_store.public_key_der(
        repository.get("ibmwebspheremqapp1").private_key)
    assert loaded.get("root").java_trusted is True


def test_written_protection_is_pbes2_aes256_sha256_everywhere(pki, root_ca):
    loaded = pkcs12_store.load(pkcs12_store.dump(_repository(pki, root_ca), PASSWORD, 4096), PASSWORD)
    assert loaded.mac == {"hash": "sha256", "iterations": 4096}
    assert {p["where"] for p in loaded.protections} == {"keys", "certificates"}
    for item in loaded.protections:
        assert (item["scheme"], item["prf"], item["cipher"], item["iterations"]) == ("pbes2", "sha256", "aes256", 4096)
    facts = {"format": "pkcs12", "protections": loaded.protections, "mac": loaded.mac}
    assert [p for p in repo_policy.problems(facts, "cnsa") if p[0] == "fail"] == []


def test_chain_certificate_that_is_trusted_is_written_once(pki, root_ca):
    data = pkcs12_store.dump(_repository(pki, root_ca), PASSWORD, 1000)
    auth_safe = der.parse(der.parse(data).children()[1].children()[1].children()[0].as_bytes())
    encrypted = auth_safe.children()[0].children()[1].children()[0].children()[1].children()
    bags = der.parse(pkcs12_pbe.decrypt(encrypted[1], encrypted[2].as_bytes(), PASSWORD)).children()
    assert len(bags) == 4  # app1, pending, root (once, as trusted), other ca


def test_wrong_password_and_garbage_are_clear_errors(pki, root_ca):
    data = pkcs12_store.dump(_repository(pki, root_ca), PASSWORD, 1000)
    with pytest.raises(pkcs12_store.StoreError, match="wrong password"):
        pkcs12_store.load(data, "not-the-password")
    with pytest.raises(pkcs12_store.StoreError, match="not a readable PKCS#12"):
        pkcs12_store.load(data[: len(data) // 2], PASSWORD)
    with pytest.raises(pkcs12_store.StoreError):
        pkcs12_store.load(b"-----BEGIN CERTIFICATE-----\nnonsense\n", PASSWORD)
    with pytest.raises(pkcs12_store.StoreError, match="empty"):
        pkcs12_store.load(b"", PASSWORD)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    with pytest.raises(pkcs12_store.StoreError):
        pkcs12_store.load(bytes(flipped), PASSWORD)


def test_empty_password_is_refused(pki, root_ca):
    with pytest.raises(pkcs12_store.StoreError):
        pkcs12_store.dump(pkcs12_store.Repository(), "")


def test_legacy_file_is_read_and_judged(pki, root_ca):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue(key, root_ca, "CN=legacy")
    encryption = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
                  .key_cert_algorithm(crypto_pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1())
                  .build(PASSWORD.encode()))
    data = crypto_pkcs12.serialize_key_and_certificates(b"legacy", key, cert, [root_ca[0]], encryption)
    loaded = pkcs12_store.load(data, PASSWORD)
    assert loaded.mac["hash"] == "sha1"
    assert {(p["scheme"], p["cipher"]) for p in loaded.protections} == {("pkcs12-pbe", "3des")}
    assert loaded.get("legacy").kind == "personal"
    facts = {"format": "pkcs12", "protections": loaded.protections, "mac": loaded.mac}
    codes = {p[1] for p in repo_policy.problems(facts) if p[0] == "fail"}
    assert codes == {"KEYREPO_ENCRYPTION", "KEYREPO_MAC"}
    with pytest.raises(pkcs12_store.StoreError):
        pkcs12_store.load(data, "wrong")
    # Re-protecting keeps the content and leaves only approved schemes.
    again = pkcs12_store.load(pkcs12_store.dump(loaded, PASSWORD, 1000), PASSWORD)
    assert again.get("legacy").fingerprint() == loaded.get("legacy").fingerprint()
    assert {p["scheme"] for p in again.protections} == {"pbes2"}


def test_mac_matches_openssl(tmp_path):
    """Our RFC 7292 KDF and MAC accept what OpenSSL writes (and reject a wrong password)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", str(tmp_path / "k.pem"), "-out", str(tmp_path / "c.pem"), "-subj", "/CN=o", "-days", "2"],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", str(tmp_path / "k.pem"), "-in", str(tmp_path / "c.pem"),
                    "-name", "from openssl", "-out", str(tmp_path / "o.p12"), "-passout", "pass:" + PASSWORD,
                    "-macalg", "sha384"], check=True, capture_output=True)
    data = (tmp_path / "o.p12").read_bytes()
    loaded = pkcs12_store.load(data, PASSWORD)
    assert loaded.mac["hash"] == "sha384"
    assert [(e.label, e.kind) for e in loaded.entries] == [("from openssl", "pending")]
    with pytest.raises(pkcs12_store.StoreError, match="wrong password"):
        pkcs12_store.load(data, PASSWORD + "x")


def test_pkcs12_kdf_is_deterministic_and_purpose_bound():
    first = pkcs12_pbe.pkcs12_kdf("pw", b"salt1234", 10, 3, 32)
    assert first == pkcs12_pbe.pkcs12_kdf("pw", b"salt1234", 10, 3, 32)
    assert first != pkcs12_pbe.pkcs12_kdf("pw", b"salt1234", 10, 1, 32)
    assert len(pkcs12_pbe.pkcs12_kdf("pw", b"s", 1, 1, 70, "sha1")) == 70


def test_pbes2_round_trip_and_wrong_password():
    alg, ciphertext = pkcs12_pbe.encrypt(b"secret key material", "pw-1", 1000)
    element = der.parse(alg)
    assert pkcs12_pbe.describe(element)["cipher"] == "aes256"
    assert pkcs12_pbe.decrypt(element, ciphertext, "pw-1") == b"secret key material"
    # A wrong key gives bad padding (ProtectionError) or, rarely, garbage: never the plaintext.
    try:
        assert pkcs12_pbe.decrypt(element, ciphertext, "pw-2") != b"secret key material"
    except pkcs12_pbe.ProtectionError:
        pass


def test_legacy_file_with_two_keys_is_refused_not_truncated(tmp_path):
    """cryptography reads one key from a legacy file: a file with two must not be rewritten with one."""
    for name in ("a", "b"):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-keyout", str(tmp_path / (name + ".key")), "-out", str(tmp_path / (name + ".pem")),
                        "-subj", "/CN=" + name, "-days", "2", "-passout", "pass:" + PASSWORD],
                       check=True, capture_output=True)
    # Two key bags in one legacy file: OpenSSL writes one per -export, so join two SafeContents by hand.
    parts = []
    for name in ("a", "b"):
        subprocess.run(["openssl", "pkcs12", "-export", "-legacy", "-inkey", str(tmp_path / (name + ".key")),
                        "-in", str(tmp_path / (name + ".pem")), "-passin", "pass:" + PASSWORD,
                        "-out", str(tmp_path / (name + ".p12")), "-passout", "pass:" + PASSWORD],
                       check=True, capture_output=True)
        outer = der.parse((tmp_path / (name + ".p12")).read_bytes()).children()
        parts.extend(der.parse(outer[1].children()[1].children()[0].as_bytes()).children())
    auth_safe = der.sequence(*[der.tlv(p.tag, p.content) for p in parts])
    content = der.sequence(der.oid(pkcs12_store.OID_DATA), der.explicit(0, der.octet_string(auth_safe)))
    joined = der.sequence(der.integer(3), content, pkcs12_pbe.mac_data(auth_safe, PASSWORD, 2048, "sha1"))
    with pytest.raises(pkcs12_store.StoreError, match="holds 2 private keys"):
        pkcs12_store.load(joined, PASSWORD)
