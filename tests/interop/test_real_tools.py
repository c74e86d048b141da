# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proof with real tools that the repositories mq_keyrepo and mq_cert write are what MQ clients read.

Two endpoints, as in the STIG's fix: a client whose certificate comes from CA "Client CA" and a
queue-manager side server whose certificate comes from CA "Server CA"; both CA certificates go
into both repositories. Then OpenSSL, Java keytool and GnuTLS certtool read the files, and a
real mutual TLS handshake (Python ssl over OpenSSL) runs between keys taken from them.
No IBM software is involved here.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb

PASSWORDS = {"client": "Client-Passw0rd-1", "server": "Server-Passw0rd-1"}


def _tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.fail("%s is not installed; scripts/setup.sh installs it from tests/system-packages.txt" % name)
    return path


def stash_password(path):
    """Decode a v1 stash independently of the collection's code: XOR 0xF5, up to the NUL."""
    plain = bytes(b ^ 0xF5 for b in open(path, "rb").read())
    return plain[:plain.index(b"\x00")].decode()


def build_endpoint(directory, name, own_ca, cas, pki, role, sans):
    path = str(directory / ("%s.p12" % name))
    kb.KeyRepo({"path": path, "password": PASSWORDS[name]}).run()
    for label, ca in cas.items():
        cb.CertBackend({"path": path, "password": PASSWORDS[name], "kind": "trusted", "label": label,
                        "certificate": pki.pem(ca[0])}).run()
    common = {"path": path, "password": PASSWORDS[name], "mq_user": name, "role": role}
    made = cb.CertBackend(dict(common, subject="CN=%s,OU=MQ,O=mqstig test" % name, subject_alt_names=sans)).run()
    signed = pki.issue(made["csr"], own_ca, eku=("clientAuth",) if role == "client" else ("serverAuth",))
    cb.CertBackend(dict(common, certificate=pki.pem(signed))).run()
    return path


@pytest.fixture(scope="module")
def endpoints(tmp_path_factory, pki):
    directory = tmp_path_factory.mktemp("endpoints")
    client_ca, server_ca = pki.ca("Client CA"), pki.ca("Server CA")
    both = {"client-ca": client_ca, "server-ca": server_ca}
    return {
        "dir": directory,
        "client": build_endpoint(directory, "client", client_ca, both, pki, "client", ["DNS:client.test"]),
        "server": build_endpoint(directory, "server", server_ca, both, pki, "server", ["DNS:localhost", "IP:127.0.0.1"]),
        "cas": both,
    }


@pytest.mark.parametrize("name", ["client", "server"])
def test_openssl_reads_with_the_stashed_password(endpoints, name):
    path = endpoints[name]
    password = stash_password(path[:-4] + ".sth")
    assert password == PASSWORDS[name]
    info = subprocess.run([_tool("openssl"), "pkcs12", "-info", "-noout", "-in", path, "-passin", "pass:" + password],
                          capture_output=True, text=True, check=True)
    text = info.stdout + info.stderr
    assert "MAC: sha256" in text
    assert "PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256" in text
    assert "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256" in text
    for weak in ("RC2", "3DES", "TripleDES", "sha1", "SHA1"):
        assert weak not in text
    certs = subprocess.run([_tool("openssl"), "pkcs12", "-nokeys", "-in", path, "-passin", "pass:" + password],
                           capture_output=True, text=True, check=True).stdout
    assert certs.count("BEGIN CERTIFICATE") == 3
    assert "friendlyName: ibmwebspheremq%s" % name in certs
    keys = subprocess.run([_tool("openssl"), "pkcs12", "-nocerts", "-in", path, "-passin", "pass:" + password,
                           "-passout", "pass:transient-Passw0rd"], capture_output=True, text=True, check=True).stdout
    assert keys.count("BEGIN ENCRYPTED PRIVATE KEY") == 1 and "BEGIN PRIVATE KEY" not in keys
    bad = subprocess.run([_tool("openssl"), "pkcs12", "-info", "-noout", "-in", path, "-passin", "pass:wrong"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode != 0 and "mac verify error" in (bad.stdout + bad.stderr).lower()


@pytest.mark.parametrize("name", ["client", "server"])
def test_keytool_sees_a_private_key_entry_and_trusted_cas(endpoints, name):
    out = subprocess.run([_tool("keytool"), "-list", "-v", "-storetype", "PKCS12", "-keystore", endpoints[name],
                          "-storepass", PASSWORDS[name]], capture_output=True, text=True, check=True).stdout
    assert "Your keystore contains 3 entries" in out
    blocks = {}
    for block in out.split("Alias name: ")[1:]:
        lines = block.splitlines()
        blocks[lines[0].strip()] = block
    assert set(blocks) == {"ibmwebspheremq%s" % name, "client-ca", "server-ca"}
    assert "Entry type: PrivateKeyEntry" in blocks["ibmwebspheremq%s" % name]
    assert "Certificate chain length: 2" in blocks["ibmwebspheremq%s" % name]
    for label in ("client-ca", "server-ca"):
        assert "Entry type: trustedCertEntry" in blocks[label]


@pytest.mark.parametrize("name", ["client", "server"])
def test_gnutls_certtool_reads_it(endpoints, name):
    out = subprocess.run([_tool("certtool"), "--p12-info", "--inder", "--infile", endpoints[name],
                          "--password", PASSWORDS[name]], capture_output=True, text=True, check=True).stdout
    assert "MAC: SHA256" in out
    assert "Schema: PBES2-AES256-CBC" in out
    assert "Friendly name: ibmwebspheremq%s" % name in out
    assert "Friendly name: client-ca" in out and "Friendly name: server-ca" in out
    assert out.count("Type: PKCS #8 Encrypted key") == 1


def _context(endpoint_path, password, side, workdir, cipher=None, version=None, with_cert=True):
    """An ssl context loaded from what cryptography's OpenSSL-based PKCS#12 reader finds in the repository."""
    loaded = crypto_pkcs12.load_pkcs12(open(endpoint_path, "rb").read(), password.encode())
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if side == "server" else ssl.PROTOCOL_TLS_CLIENT)
    if version:
        ctx.minimum_version = ctx.maximum_version = version
    if cipher:
        ctx.set_ciphers(cipher)
    trusted = [c.certificate for c in loaded.additional_certs if c.friendly_name]
    ctx.load_verify_locations(cadata="".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in trusted))
    ctx.verify_mode = ssl.CERT_REQUIRED
    if side == "client":
        ctx.check_hostname = False
    if with_cert:
        # ssl needs files: the key goes to a 0600 file, encrypted with a one-off password, deleted after loading.
        transient = "transient-%s" % os.getpid()
        key_file = os.path.join(workdir, "%s-key.pem" % side)
        cert_file = os.path.join(workdir, "%s-cert.pem" % side)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(loaded.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.BestAvailableEncryption(transient.encode())))
        with open(cert_file, "wb") as handle:
            handle.write(loaded.cert.certificate.public_bytes(serialization.Encoding.PEM))
        try:
            ctx.load_cert_chain(cert_file, key_file, password=transient)
        finally:
            os.unlink(key_file)
            os.unlink(cert_file)
    return ctx


def handshake(server_ctx, client_ctx):
    """Run one handshake on 127.0.0.1; (client's view, server's view or the server's error)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    seen = {}

    def serve():
        conn, _addr = listener.accept()
        try:
            with server_ctx.wrap_socket(conn, server_side=True) as tls:
                peer = x509.load_der_x509_certificate(tls.getpeercert(binary_form=True))
                seen["server"] = {"peer": peer.subject.rfc4514_string(), "version": tls.version(),
                                  "cipher": tls.cipher()[0]}
                tls.sendall(b"ok")
        except (ssl.SSLError, OSError) as exc:
            seen["server_error"] = str(exc)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with client_ctx.wrap_socket(raw) as tls:
                data = tls.recv(2)
                seen["client"] = {"version": tls.version(), "cipher": tls.cipher()[0], "data": data}
    except (ssl.SSLError, OSError) as exc:
        seen["client_error"] = str(exc)
    thread.join(10)
    listener.close()
    return seen


@pytest.mark.parametrize("version, cipher, expected_cipher", [
    (ssl.TLSVersion.TLSv1_3, None, None),
    (ssl.TLSVersion.TLSv1_2, "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"),
])
def test_mutual_tls_between_the_two_repositories(endpoints, tmp_path, version, cipher, expected_cipher):
    server = _context(endpoints["server"], PASSWORDS["server"], "server", str(tmp_path), cipher, version)
    client = _context(endpoints["client"], PASSWORDS["client"], "client", str(tmp_path), cipher, version)
    seen = handshake(server, client)
    assert "server_error" not in seen and "client_error" not in seen, seen
    assert seen["server"]["peer"] == "CN=client,OU=MQ,O=mqstig test"
    assert seen["client"]["data"] == b"ok"
    assert seen["client"]["version"] == ("TLSv1.3" if version == ssl.TLSVersion.TLSv1_3 else "TLSv1.2")
    if expected_cipher:
        assert seen["client"]["cipher"] == expected_cipher
    else:
        assert seen["client"]["cipher"] == "TLS_AES_256_GCM_SHA384"


def test_client_without_certificate_is_refused(endpoints, tmp_path):
    server = _context(endpoints["server"], PASSWORDS["server"], "server", str(tmp_path))
    client = _context(endpoints["client"], PASSWORDS["client"], "client", str(tmp_path), with_cert=False)
    seen = handshake(server, client)
    assert "server" not in seen and "server_error" in seen
    assert "certificate" in seen["server_error"].lower()


def test_client_from_an_untrusted_ca_is_refused(endpoints, tmp_path, pki):
    rogue_ca = pki.ca("Rogue CA")
    path = build_endpoint(tmp_path, "client", rogue_ca, {"rogue-ca": rogue_ca, "server-ca": endpoints["cas"]["server-ca"]},
                          pki, "client", [])
    server = _context(endpoints["server"], PASSWORDS["server"], "server", str(tmp_path))
    client = _context(path, PASSWORDS["client"], "client", str(tmp_path))
    seen = handshake(server, client)
    assert "server" not in seen and "server_error" in seen
    assert "certificate verify failed" in seen["server_error"] or "unknown ca" in seen["server_error"].lower()
