# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bad-input matrix across the collection's backends: every case fails with a clear error and changes nothing.

Each case runs one backend (plain Python, as the modules do) on one bad input. It asserts that:

* the backend raises its own error class with a message that names the problem (a specific substring);
* every file of the case's working directory has the same SHA-256 before and after, and no file appeared,
  except the documented lock file ``.<name>.lock`` of the keystore and signing backends (atomic_file takes an
  exclusive ``flock`` on it before it reads the file; it must stay empty) - no temporary file ever;
* for queue manager cases, the lab queue manager's state files (``qmgrs/*.json``, ``users.json``) have the
  same SHA-256 before and after.

What the matrix covers:

* ``keyrepo`` (mq_keyrepo's KeyRepo): wrong password, corrupt, truncated and empty repositories, a symlink to
  elsewhere, a directory that does not exist, a wrong extension, CMS without runmqakm, a stash that is a symlink.
* ``cert-trusted`` / ``cert-personal`` (mq_cert's CertBackend): RSA 1024 and P-192 CA keys, SHA-1 and MD5
  signatures (made with the ``openssl`` CLI, because cryptography refuses to sign with them), expired and
  not-yet-valid CAs, a leaf used as a CA, PEM garbage, truncated and empty PEM, two CAs under one label, an
  over-long label, a certificate_path that does not exist, bad repositories; weak requested keys, subjects that
  are not DNs, a signed certificate for another key, an untrusted issuer, expired / not-yet-valid / wrong-EKU /
  self-signed / SHA-1 / MD5 answers, a chain through a 1024-bit RSA CA.
* ``sign`` (mq_csr_sign's SignBackend, ownca): RSA 1024, SHA-1, MD5, tampered and garbage requests, a wrong or
  missing CA passphrase, a CA key of another CA, expired / not-a-CA / RSA-1024 / SHA-1 CAs, a missing CA file, a
  symlinked, corrupt or unreachable index.
* ``qmgr`` (mq_channel / mq_qmgr / mq_chlauth backends over the REST transport, against the lab queue manager):
  names and DNs with quotes, parentheses and control characters, over-long names and descriptions, unknown,
  deprecated and empty CipherSpecs, a deprecated CipherSpec forced through to the queue manager (AMQ8242E),
  REST 401 (wrong password), a read-only role (MQWebAdminRO: AMQ8135E, reason 2035), 404 (unknown queue
  manager), 500 (a tiny local HTTPS server on 127.0.0.1), a timeout (a local server that accepts and never
  answers) and an invalid server certificate (validate_certs on, wrong ca_path).
* ``client`` (mq_client_config's ClientConfig): a password in ``ssl``, bad CCDT JSON, a CCDT without a channel
  list, weak, unknown and missing CipherSpecs, a bad port, bad SSL values, a symlink, a missing directory, an
  mqclient.ini that is not UTF-8.

* ``appliance`` (mq_appliance_cert's ApplianceCertBackend over a real SSH session and HTTPS file store, against
  the emulated MQ Appliance): subjects the appliance cannot take (no O and C, a backslash), a bad queue manager
  name, an over-long label, a label given twice, a trusted entry without a certificate, PEM garbage, a leaf, an
  expired CA and an RSA-1024 CA as CAs, a certificate for another key, a different certificate over the current
  one, a certificate without a pending request, an unknown queue manager (AMQ7048E), a wrong password, a changed
  SSH host key and a wrong file store password. The emulator's repositories and mqpubcert: files keep their
  SHA-256 and no command that changes anything is sent.

The lab queue manager (tests/integration/targets/setup_mq_lab_qmgr/files/mq_lab_qmgr) is a TEST DOUBLE built
from IBM's documentation, not IBM MQ; its answers prove nothing about a real queue manager. So is the emulated
appliance (tests/integration/targets/setup_mq_appliance/files/mq_appliance_emu). Every server this
file starts listens on 127.0.0.1 only and is stopped when the module ends.
"""

from __future__ import annotations

# pytest fixtures are parameters named like the fixture functions; the collection's own code uses % formatting.
# pylint: disable=redefined-outer-name,consider-using-f-string

import base64
import datetime
import hashlib
import http.server
import ipaddress
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ansible_collections.mqstig.tls.plugins.module_utils import appliance_args
from ansible_collections.mqstig.tls.plugins.module_utils import mq_connection
from ansible_collections.mqstig.tls.plugins.module_utils.appliance import appliance_cert_backend as ab
from ansible_collections.mqstig.tls.plugins.module_utils.appliance import cli_session
from ansible_collections.mqstig.tls.plugins.module_utils.appliance.filestore import FileStore
from ansible_collections.mqstig.tls.plugins.module_utils.clientconf import client_config_backend as ccb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests as key_requests
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import channel_backend, chlauth_backend, qmgr_backend
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.rest_transport import RestTransport
from ansible_collections.mqstig.tls.plugins.module_utils.signing import sign_backend as sb

PASSWORD = "Passw0rd-Matrix-1"
CA_PASSPHRASE = "CA-Passphrase-Matrix-1"
LAB_PASSWORD = "Lab-Matrix-Pass-1"
SUBJECT = "CN=app1,OU=MQ,O=mqstig test,C=US"
GOOD_CIPHER = "TLS_AES_256_GCM_SHA384"
LAB_FILES = Path(__file__).resolve().parents[1] / "integration" / "targets" / "setup_mq_lab_qmgr" / "files"
EMU_FILES = Path(__file__).resolve().parents[1] / "integration" / "targets" / "setup_mq_appliance" / "files"
NOW = datetime.datetime.now(datetime.timezone.utc)


# ---------------------------------------------------------------------------------------------------------------
# File state: SHA-256 of every file (dot files included) and the target of every symlink
# ---------------------------------------------------------------------------------------------------------------
def snapshot(directory):
    """{relative path: sha256 or 'symlink -> target'} of everything under `directory`."""
    state = {}
    for root, dirs, files in os.walk(directory):
        for name in sorted(dirs + files):
            full = os.path.join(root, name)
            rel = os.path.relpath(full, directory)
            if os.path.islink(full):
                state[rel] = "symlink -> %s" % os.readlink(full)
            elif os.path.isfile(full):
                with open(full, "rb") as handle:
                    state[rel] = hashlib.sha256(handle.read()).hexdigest()
            elif os.path.isdir(full):
                state[rel] = "directory"
    return state


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def assert_unchanged(before, after, lock_files_allowed):
    """Same files, same hashes; the only file that may appear is an empty documented lock file."""
    for rel in before:
        assert rel in after, "%s disappeared" % rel
        assert after[rel] == before[rel], "%s changed" % rel
    new = sorted(set(after) - set(before))
    for rel in new:
        name = os.path.basename(rel)
        assert lock_files_allowed and name.startswith(".") and name.endswith(".lock"), "new file %s" % rel
        assert after[rel] == EMPTY_SHA256, "the lock file %s is not empty" % rel
    assert not [rel for rel in after if rel.endswith(".tmp")], "a temporary file was left"


# ---------------------------------------------------------------------------------------------------------------
# A small test PKI (cryptography for what it will sign, the openssl CLI for SHA-1 and MD5)
# ---------------------------------------------------------------------------------------------------------------
def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mqstig matrix"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca(common_name, *, key=None, days=3650,  # pylint: disable=too-many-arguments
            start=None, is_ca=True, issuer=None):
    """(certificate, key) of a CA; self-signed unless issuer=(cert, key)."""
    key = key or ec.generate_private_key(ec.SECP384R1())
    start = start or NOW - datetime.timedelta(days=1)
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    builder = (x509.CertificateBuilder().subject_name(_name(common_name))
               .issuer_name(issuer_cert.subject if issuer_cert is not None else _name(common_name))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=is_ca,
                                            crl_sign=is_ca, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(issuer_key, hashes.SHA384()), key


def issue(public_key, issuer, subject=SUBJECT, *, days=365, start=None,  # pylint: disable=too-many-arguments
          eku=(ExtendedKeyUsageOID.CLIENT_AUTH,)):
    """A leaf certificate for `public_key`, signed by issuer=(cert, key)."""
    ca_cert, ca_key = issuer
    start = start or NOW - datetime.timedelta(hours=1)
    builder = (x509.CertificateBuilder().subject_name(x509.Name.from_rfc4514_string(subject))
               .issuer_name(ca_cert.subject).public_key(public_key).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False))
    return builder.sign(ca_key, hashes.SHA384())


def pem(*certs):
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certs)


def openssl(*args):
    subprocess.run(["openssl"] + [str(a) for a in args], check=True, capture_output=True)


class Pki:
    """Everything the matrix signs or refuses, made once per module in a directory outside the working dirs."""

    def __init__(self, directory):
        self.dir = directory
        self.root = make_ca("Matrix Root CA")
        # A CA made by OpenSSL, trusted in the template repository, that signs SHA-1 and MD5 leaves.
        # RSA, because OpenSSL signs with MD5 only with an RSA key (ECDSA with MD5 does not exist).
        openssl("req", "-x509", "-sha384", "-newkey", "rsa:3072", "-nodes",
                "-keyout", directory / "legacy-ca.key", "-out", directory / "legacy-ca.pem",
                "-subj", "/O=mqstig matrix/CN=Matrix Legacy CA", "-days", "365",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self.legacy_ca_pem = (directory / "legacy-ca.pem").read_text()
        # Self-signed CAs with weak signatures (what a legacy CA would have).
        self.sha1_ca_pem = self._openssl_ca("sha1")
        self.md5_ca_pem = self._openssl_ca("md5")
        (directory / "leaf.ext").write_text("basicConstraints=critical,CA:FALSE\n"
                                            "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n")

    def _openssl_ca(self, digest):
        openssl("req", "-x509", "-" + digest, "-newkey", "rsa:2048", "-nodes", "-keyout", self.dir / "weak.key",
                "-out", self.dir / ("%s-ca.pem" % digest), "-subj", "/CN=Matrix %s CA" % digest.upper(),
                "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        os.unlink(self.dir / "weak.key")
        return (self.dir / ("%s-ca.pem" % digest)).read_text()

    def legacy_sign(self, csr_text, digest):
        """The request signed by the OpenSSL CA with `digest` (sha1, md5)."""
        (self.dir / "req.csr").write_text(csr_text)
        out = self.dir / ("leaf-%s.pem" % digest)
        openssl("x509", "-req", "-" + digest, "-in", self.dir / "req.csr", "-CA", self.dir / "legacy-ca.pem",
                "-CAkey", self.dir / "legacy-ca.key", "-CAcreateserial", "-days", "30",
                "-extfile", self.dir / "leaf.ext", "-out", out)
        return out.read_text()

    def openssl_csr(self, *args):
        """A request made by OpenSSL (RSA 1024, SHA-1, MD5); its key is removed at once."""
        openssl("req", "-new", "-nodes", "-keyout", self.dir / "csr.key", "-out", self.dir / "o.csr",
                "-subj", "/CN=weak", *args)
        os.unlink(self.dir / "csr.key")
        return (self.dir / "o.csr").read_text()


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp("matrix-pki"))


@pytest.fixture(scope="module")
def template(tmp_path_factory, pki):
    """A repository made by the collection: root and legacy CAs trusted, a pending request for SUBJECT."""
    directory = tmp_path_factory.mktemp("matrix-template")
    path = directory / "app1.p12"
    kb.KeyRepo({"path": str(path), "password": PASSWORD, "kdf_iterations": 1000}).run()
    common = {"path": str(path), "password": PASSWORD, "mq_user": "App1"}
    cb.CertBackend(dict(common, kind="trusted", label="root", certificate=pem(pki.root[0]))).run()
    cb.CertBackend(dict(common, kind="trusted", label="legacy", certificate=pki.legacy_ca_pem)).run()
    made = cb.CertBackend(dict(common, subject=SUBJECT, role="client")).run()
    return types.SimpleNamespace(dir=directory, csr=made["csr"],
                                 public_key=x509.load_pem_x509_csr(made["csr"].encode()).public_key())


class Ctx:
    """One case's working directory, with a copy of the template repository."""

    def __init__(self, work, pki, template):
        self.work = work
        self.pki = pki
        self.template = template
        for entry in os.listdir(template.dir):
            shutil.copy2(template.dir / entry, work / entry)
        self.repo = work / "app1.p12"

    def cert(self, **extra):
        params = {"path": str(self.repo), "password": PASSWORD, "mq_user": "App1", "role": "client"}
        params.update(extra)
        return lambda: cb.CertBackend(params).run()

    def trusted(self, certificate, **extra):
        return self.cert(kind="trusted", label="bad", certificate=certificate, **extra)

    def receive(self, certificate, **extra):
        return self.cert(certificate=certificate, **extra)

    def keyrepo(self, **extra):
        params = {"path": str(self.work / "app1"), "password": PASSWORD, "kdf_iterations": 1000}
        params.update(extra)
        return lambda: kb.KeyRepo(params).run()

    def corrupt(self, data):
        self.repo.write_bytes(data)


# ---------------------------------------------------------------------------------------------------------------
# Keystore cases: mq_keyrepo (KeyRepo) and mq_cert (CertBackend)
# ---------------------------------------------------------------------------------------------------------------
def _symlinked_repo(ctx):
    elsewhere = ctx.work / "elsewhere"
    elsewhere.mkdir()
    os.replace(ctx.repo, elsewhere / "real.p12")
    os.symlink(elsewhere / "real.p12", ctx.repo)


def _symlinked_stash(ctx):
    elsewhere = ctx.work / "elsewhere"
    elsewhere.mkdir()
    os.replace(ctx.work / "app1.sth", elsewhere / "real.sth")
    os.symlink(elsewhere / "real.sth", ctx.work / "app1.sth")


def _truncate(ctx):
    data = ctx.repo.read_bytes()
    ctx.corrupt(data[:len(data) // 2])


def kr_wrong_password(ctx):
    return ctx.keyrepo(password="not-the-password"), kb.KeyRepoError, "wrong password"


def kr_corrupt(ctx):
    ctx.corrupt(b"garbage" * 20)
    return ctx.keyrepo(), kb.KeyRepoError, "cannot open"


def kr_truncated(ctx):
    _truncate(ctx)
    return ctx.keyrepo(), kb.KeyRepoError, "cannot open"


def kr_empty(ctx):
    ctx.corrupt(b"")
    return ctx.keyrepo(), kb.KeyRepoError, "cannot open"


def kr_symlink(ctx):
    _symlinked_repo(ctx)
    return ctx.keyrepo(), kb.KeyRepoError, "is a symbolic link"


def kr_stash_symlink(ctx):
    _symlinked_stash(ctx)
    return ctx.keyrepo(), kb.KeyRepoError, "app1.sth is a symbolic link"


def kr_missing_directory(ctx):
    return ctx.keyrepo(path=str(ctx.work / "no" / "such" / "app1")), kb.KeyRepoError, "does not exist"


def kr_wrong_extension(ctx):
    return ctx.keyrepo(path=str(ctx.work / "app1.jks")), kb.KeyRepoError, "must end in .p12"


def kr_cms_without_runmqakm(ctx):
    return ctx.keyrepo(type="cms"), kb.KeyRepoError, "needs IBM's runmqakm"


def tr_rsa1024_ca(ctx):
    weak = make_ca("RSA 1024 CA", key=rsa.generate_private_key(public_exponent=65537, key_size=1024))[0]
    return ctx.trusted(pem(weak)), cb.CertError, "KEY_SIZE"


def tr_p192_ca(ctx):
    weak = make_ca("P-192 CA", key=ec.generate_private_key(ec.SECP192R1()))[0]
    return ctx.trusted(pem(weak)), cb.CertError, "secp192r1"


def tr_sha1_ca(ctx):
    return ctx.trusted(ctx.pki.sha1_ca_pem), cb.CertError, "CERT_SIGNATURE_HASH"


def tr_md5_ca(ctx):
    return ctx.trusted(ctx.pki.md5_ca_pem), cb.CertError, "CERT_SIGNATURE_HASH"


def tr_expired_ca(ctx):
    old = make_ca("Expired CA", days=10, start=NOW - datetime.timedelta(days=30))[0]
    return ctx.trusted(pem(old)), cb.CertError, "CERT_EXPIRED"


def tr_future_ca(ctx):
    future = make_ca("Future CA", start=NOW + datetime.timedelta(days=30))[0]
    return ctx.trusted(pem(future)), cb.CertError, "CERT_NOT_YET_VALID"


def tr_leaf_as_ca(ctx):
    leaf = issue(ec.generate_private_key(ec.SECP256R1()).public_key(), ctx.pki.root, "CN=leaf")
    return ctx.trusted(pem(leaf)), cb.CertError, "CERT_NOT_CA"


def tr_pem_garbage(ctx):
    return ctx.trusted("this is not a certificate"), cb.CertError, "no PEM certificate"


def tr_pem_truncated(ctx):
    text = pem(ctx.pki.root[0])
    return ctx.trusted(text[:len(text) // 2] + "\n-----END CERTIFICATE-----\n"), cb.CertError, "not a PEM certificate"


def tr_empty_certificate(ctx):
    return ctx.trusted(""), cb.CertError, "needs certificate or certificate_path"


def tr_two_cas_one_label(ctx):
    other = make_ca("Second CA")[0]
    return ctx.trusted(pem(ctx.pki.root[0], other)), cb.CertError, "one CA certificate per label; 2 were given"


def tr_label_too_long(ctx):
    return ctx.cert(kind="trusted", label="x" * 65, certificate=pem(ctx.pki.root[0])), cb.CertError, "has 65"


def tr_certificate_path_missing(ctx):
    call = ctx.cert(kind="trusted", label="bad", certificate_path=str(ctx.work / "none.pem"))
    return call, cb.CertError, "cannot read certificate_path"


def tr_wrong_password(ctx):
    return ctx.trusted(pem(make_ca("New CA")[0]), password="not-it"), cb.CertError, "wrong password"


def tr_corrupt_repo(ctx):
    ctx.corrupt(b"\x30\x82\x01\x00" + b"\x00" * 40)
    return ctx.trusted(pem(make_ca("New CA")[0])), cb.CertError, "cannot open"


def tr_truncated_repo(ctx):
    _truncate(ctx)
    return ctx.trusted(pem(make_ca("New CA")[0])), cb.CertError, "cannot open"


def tr_empty_repo(ctx):
    ctx.corrupt(b"")
    return ctx.trusted(pem(make_ca("New CA")[0])), cb.CertError, "cannot open"


def tr_symlink_repo(ctx):
    _symlinked_repo(ctx)
    return ctx.trusted(pem(make_ca("New CA")[0])), cb.CertError, "is a symbolic link"


def tr_missing_repo(ctx):
    call = ctx.cert(path=str(ctx.work / "none.p12"), kind="trusted", label="x", certificate=pem(ctx.pki.root[0]))
    return call, cb.CertError, "does not exist; create it first"


def tr_missing_directory(ctx):
    call = ctx.cert(path=str(ctx.work / "no" / "dir" / "k.p12"), kind="trusted", label="x",
                    certificate=pem(ctx.pki.root[0]))
    return call, cb.CertError, "does not exist"


def tr_over_personal_entry(ctx):
    call = ctx.cert(kind="trusted", label="ibmwebspheremqapp1", certificate=pem(make_ca("New CA")[0]))
    return call, cb.CertError, "a trusted certificate cannot replace it"


def pe_rsa1024_key(ctx):
    return ctx.cert(label="weak", subject=SUBJECT, key_type="rsa", key_size=1024), cb.CertError, "2048"


def pe_subject_not_a_dn(ctx):
    return ctx.cert(label="bad", subject="app1"), cb.CertError, "distinguished name"


def pe_subject_quote_paren(ctx):
    return ctx.cert(label="bad", subject="CN=app1'(x),(O=oops"), cb.CertError, "distinguished name"


def pe_other_key(ctx):
    signed = issue(ec.generate_private_key(ec.SECP256R1()).public_key(), ctx.pki.root)
    return ctx.receive(pem(signed)), cb.CertError, "does not match the key"


def pe_untrusted_issuer(ctx):
    signed = issue(ctx.template.public_key, make_ca("Untrusted CA"))
    return ctx.receive(pem(signed)), cb.CertError, "does not chain to a CA certificate"


def pe_expired(ctx):
    signed = issue(ctx.template.public_key, ctx.pki.root, days=1, start=NOW - datetime.timedelta(days=5))
    return ctx.receive(pem(signed)), cb.CertError, "CERT_EXPIRED"


def pe_not_yet_valid(ctx):
    signed = issue(ctx.template.public_key, ctx.pki.root, start=NOW + datetime.timedelta(days=5))
    return ctx.receive(pem(signed)), cb.CertError, "CERT_NOT_YET_VALID"


def pe_wrong_eku(ctx):
    signed = issue(ctx.template.public_key, ctx.pki.root, eku=(ExtendedKeyUsageOID.SERVER_AUTH,))
    return ctx.receive(pem(signed)), cb.CertError, "CERT_EXTENDED_KEY_USAGE"


def pe_sha1_answer(ctx):
    return ctx.receive(ctx.pki.legacy_sign(ctx.template.csr, "sha1")), cb.CertError, "CERT_SIGNATURE_HASH"


def pe_md5_answer(ctx):
    return ctx.receive(ctx.pki.legacy_sign(ctx.template.csr, "md5")), cb.CertError, "CERT_SIGNATURE_HASH"


def pe_chain_through_rsa1024_ca(ctx):
    weak_root = make_ca("Weak Root", key=rsa.generate_private_key(public_exponent=65537, key_size=1024))
    signed = issue(ctx.template.public_key, weak_root)
    return ctx.receive(pem(signed), chain=pem(weak_root[0])), cb.CertError, "KEY_SIZE"


def pe_wrong_password(ctx):
    signed = issue(ctx.template.public_key, ctx.pki.root)
    return ctx.receive(pem(signed), password="not-it"), cb.CertError, "wrong password"


def pe_label_holds_a_ca(ctx):
    return ctx.cert(label="root", subject=SUBJECT), cb.CertError, "holds a trusted CA certificate"


KEYSTORE_CASES = [
    kr_wrong_password, kr_corrupt, kr_truncated, kr_empty, kr_symlink, kr_stash_symlink, kr_missing_directory,
    kr_wrong_extension, kr_cms_without_runmqakm,
    tr_rsa1024_ca, tr_p192_ca, tr_sha1_ca, tr_md5_ca, tr_expired_ca, tr_future_ca, tr_leaf_as_ca, tr_pem_garbage,
    tr_pem_truncated, tr_empty_certificate, tr_two_cas_one_label, tr_label_too_long, tr_certificate_path_missing,
    tr_wrong_password, tr_corrupt_repo, tr_truncated_repo, tr_empty_repo, tr_symlink_repo, tr_missing_repo,
    tr_missing_directory, tr_over_personal_entry,
    pe_rsa1024_key, pe_subject_not_a_dn, pe_subject_quote_paren, pe_other_key, pe_untrusted_issuer, pe_expired,
    pe_not_yet_valid, pe_wrong_eku, pe_sha1_answer, pe_md5_answer, pe_chain_through_rsa1024_ca, pe_wrong_password,
    pe_label_holds_a_ca,
]


def _case_id(func):
    prefix, rest = func.__name__.split("_", 1)
    group = {"kr": "keyrepo", "tr": "cert-trusted", "pe": "cert-personal", "sg": "sign", "cc": "client",
             "qm": "qmgr"}[prefix]
    return "%s-%s" % (group, rest.replace("_", "-"))


@pytest.mark.parametrize("case", KEYSTORE_CASES, ids=_case_id)
def test_keystore_refusal_changes_nothing(case, tmp_path, pki, template):
    ctx = Ctx(tmp_path, pki, template)
    call, error, message = case(ctx)
    before = snapshot(tmp_path)
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
    assert_unchanged(before, snapshot(tmp_path), lock_files_allowed=True)


# ---------------------------------------------------------------------------------------------------------------
# Signing cases: mq_csr_sign (SignBackend, ownca)
# ---------------------------------------------------------------------------------------------------------------
class SignCtx:
    """A CA (encrypted key) in the working directory; index_path beside it."""

    def __init__(self, work, pki):
        self.work = work
        self.pki = pki
        cert, key = make_ca("Matrix Signing CA")
        self.write_ca("ca", cert, key)
        self.params = {"csr": key_requests.build_request(ec.generate_private_key(ec.SECP256R1()), "CN=app1,O=m", []),
                       "usage": "client", "index_path": str(work / "issued.json"),
                       "ownca_certificate_path": str(work / "ca.pem"), "ownca_private_key_path": str(work / "ca.key"),
                       "ownca_private_key_passphrase": CA_PASSPHRASE, "renew_before_days": 30, "validity_days": 365}

    def write_ca(self, stem, cert, key):
        (self.work / ("%s.pem" % stem)).write_text(pem(cert))
        (self.work / ("%s.key" % stem)).write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(CA_PASSPHRASE.encode())))

    def sign(self, **extra):
        params = dict(self.params)
        params.update(extra)
        return lambda: sb.SignBackend(params).run()

    def other_ca(self, stem, cert, key):
        self.write_ca(stem, cert, key)
        return self.sign(ownca_certificate_path=str(self.work / ("%s.pem" % stem)),
                         ownca_private_key_path=str(self.work / ("%s.key" % stem)))


def sg_csr_rsa1024(ctx):
    return ctx.sign(csr=ctx.pki.openssl_csr("-newkey", "rsa:1024")), "KEY_SIZE"


def sg_csr_sha1(ctx):
    return ctx.sign(csr=ctx.pki.openssl_csr("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-sha1")), \
        "CSR_SIGNATURE_HASH"


def sg_csr_md5(ctx):
    return ctx.sign(csr=ctx.pki.openssl_csr("-newkey", "rsa:2048", "-md5")), "CSR_SIGNATURE_HASH"


def sg_csr_tampered(ctx):
    der = x509.load_pem_x509_csr(ctx.params["csr"].encode()).public_bytes(serialization.Encoding.DER)
    text = "-----BEGIN CERTIFICATE REQUEST-----\n%s\n-----END CERTIFICATE REQUEST-----\n" % (
        base64.b64encode(der.replace(b"app1", b"app2")).decode())
    return ctx.sign(csr=text), "CSR_SIGNATURE"


def sg_csr_garbage(ctx):
    return ctx.sign(csr="hello"), "no PEM certificate request"


def sg_ca_wrong_passphrase(ctx):
    return ctx.sign(ownca_private_key_passphrase="nope"), "wrong passphrase"


def sg_ca_missing_passphrase(ctx):
    return ctx.sign(ownca_private_key_passphrase=None), "give its passphrase"


def sg_ca_key_of_another_ca(ctx):
    ctx.write_ca("other", *make_ca("Other CA"))
    return ctx.sign(ownca_private_key_path=str(ctx.work / "other.key")), "does not belong"


def sg_ca_expired(ctx):
    return ctx.other_ca("old", *make_ca("Expired CA", days=5, start=NOW - datetime.timedelta(days=10))), \
        "CERT_EXPIRED"


def sg_ca_not_a_ca(ctx):
    key = ec.generate_private_key(ec.SECP384R1())
    return ctx.other_ca("leaf", *make_ca("Not A CA", key=key, is_ca=False)), "CERT_NOT_CA"


def sg_ca_rsa1024(ctx):
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return ctx.other_ca("weak", *make_ca("Weak CA", key=key)), "KEY_SIZE"


def sg_ca_sha1(ctx):
    openssl("req", "-x509", "-sha1", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-days", "30",
            "-passout", "pass:" + CA_PASSPHRASE, "-keyout", ctx.work / "sha1.key", "-out", ctx.work / "sha1.pem",
            "-subj", "/CN=SHA1 Signing CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return ctx.sign(ownca_certificate_path=str(ctx.work / "sha1.pem"),
                    ownca_private_key_path=str(ctx.work / "sha1.key")), "CERT_SIGNATURE_HASH"


def sg_ca_file_missing(ctx):
    return ctx.sign(ownca_certificate_path=str(ctx.work / "none.pem")), "cannot read ownca_certificate_path"


def sg_index_symlink(ctx):
    (ctx.work / "real-index.json").write_text('{"issued": []}')
    os.symlink(ctx.work / "real-index.json", ctx.work / "issued.json")
    return ctx.sign(), "is a symbolic link"


def sg_index_corrupt(ctx):
    (ctx.work / "issued.json").write_text("{ not json")
    return ctx.sign(), "cannot be read"


def sg_index_not_an_index(ctx):
    (ctx.work / "issued.json").write_text('["a list"]')
    return ctx.sign(), "is not an index of issued certificates"


def sg_index_missing_directory(ctx):
    return ctx.sign(index_path=str(ctx.work / "no" / "dir" / "issued.json")), "does not exist"


SIGN_CASES = [sg_csr_rsa1024, sg_csr_sha1, sg_csr_md5, sg_csr_tampered, sg_csr_garbage, sg_ca_wrong_passphrase,
              sg_ca_missing_passphrase, sg_ca_key_of_another_ca, sg_ca_expired, sg_ca_not_a_ca, sg_ca_rsa1024,
              sg_ca_sha1, sg_ca_file_missing, sg_index_symlink, sg_index_corrupt, sg_index_not_an_index,
              sg_index_missing_directory]


@pytest.mark.parametrize("case", SIGN_CASES, ids=_case_id)
def test_sign_refusal_changes_nothing(case, tmp_path, pki):
    ctx = SignCtx(tmp_path, pki)
    call, message = case(ctx)
    before = snapshot(tmp_path)
    with pytest.raises(sb.SignError) as info:
        call()
    assert message in str(info.value)
    assert_unchanged(before, snapshot(tmp_path), lock_files_allowed=True)


# ---------------------------------------------------------------------------------------------------------------
# Client configuration cases: mq_client_config (ClientConfig)
# ---------------------------------------------------------------------------------------------------------------
INI_TEXT = "TCP:\n   KeepAlive=YES\n"
CCDT_CHANNEL = {"name": "APP1.SVRCONN", "queue_manager": "QM1", "host": "127.0.0.1", "port": 1414,
                "cipherspec": GOOD_CIPHER, "certificate_label": "ibmwebspheremqapp1", "peer_name": "CN=QM1",
                "connections": [], "state": "present"}


def client_params(work, **extra):
    base = {"mqclient_ini": str(work / "mqclient.ini"), "ccdt_path": str(work / "ccdt.json"),
            "ssl": {"SSLKeyRepository": "/var/mqm/ssl/app1.p12", "CertificateLabel": "ibmwebspheremqapp1"},
            "ssl_absent": [], "channels": [dict(CCDT_CHANNEL)], "profile": "nist", "mode": None, "owner": None,
            "group": None, "backup": False}
    base.update(extra)
    return base


def cc_password_in_ssl(work):
    return client_params(work, ssl={"SSLKeyRepositoryPassword": "S3cret"}), "does not write SSLKeyRepositoryPassword"


def cc_ccdt_bad_json(work):
    (work / "ccdt.json").write_text("{ not json")
    return client_params(work), "not valid JSON"


def cc_ccdt_channel_not_a_list(work):
    (work / "ccdt.json").write_text('{"channel": {"name": "APP1.SVRCONN"}}')
    return client_params(work), 'a JSON object with a "channel" list'


def cc_ccdt_not_an_object(work):
    (work / "ccdt.json").write_text('[{"name": "APP1.SVRCONN"}]')
    return client_params(work), 'a JSON object with a "channel" list'


def cc_weak_cipherspec(work):
    return client_params(work, channels=[dict(CCDT_CHANNEL, cipherspec="TLS_RSA_WITH_3DES_EDE_CBC_SHA")]), \
        "refusing CipherSpec TLS_RSA_WITH_3DES_EDE_CBC_SHA"


def cc_deprecated_cipherspec(work):
    return client_params(work, channels=[dict(CCDT_CHANNEL, cipherspec="TLS_RSA_WITH_AES_128_CBC_SHA")]), \
        "refusing CipherSpec TLS_RSA_WITH_AES_128_CBC_SHA"


def cc_unknown_cipherspec(work):
    return client_params(work, channels=[dict(CCDT_CHANNEL, cipherspec="TLS_NOT_A_CIPHER")]), "TLS_NOT_A_CIPHER"


def cc_missing_cipherspec(work):
    return client_params(work, channels=[dict(CCDT_CHANNEL, cipherspec="")]), "a cipherspec is required"


def cc_port_out_of_range(work):
    return client_params(work, channels=[dict(CCDT_CHANNEL, port=70000)]), "port 70000 is out of range"


def cc_bad_fips_value(work):
    return client_params(work, ssl={"SSLFipsRequired": "maybe"}), "SSLFipsRequired must be one of"


def cc_unknown_ssl_attribute(work):
    return client_params(work, ssl={"SSLKeyRepositry": "/typo"}), "not an SSL stanza attribute"


def cc_ini_symlink(work):
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    os.replace(work / "mqclient.ini", elsewhere / "mqclient.ini")
    os.symlink(elsewhere / "mqclient.ini", work / "mqclient.ini")
    return client_params(work), "is a symbolic link"


def cc_ini_missing_directory(work):
    return client_params(work, mqclient_ini=str(work / "no" / "dir" / "mqclient.ini")), "does not exist"


def cc_ini_not_utf8(work):
    (work / "mqclient.ini").write_bytes(b"SSL:\n   CertificateLabel=\xff\xfe\n")
    return client_params(work), "is not UTF-8 text"


CLIENT_CASES = [cc_password_in_ssl, cc_ccdt_bad_json, cc_ccdt_channel_not_a_list, cc_ccdt_not_an_object,
                cc_weak_cipherspec,
                cc_deprecated_cipherspec, cc_unknown_cipherspec, cc_missing_cipherspec, cc_port_out_of_range,
                cc_bad_fips_value, cc_unknown_ssl_attribute, cc_ini_symlink, cc_ini_missing_directory,
                cc_ini_not_utf8]


@pytest.mark.parametrize("case", CLIENT_CASES, ids=_case_id)
def test_client_config_refusal_changes_nothing(case, tmp_path):
    (tmp_path / "mqclient.ini").write_text(INI_TEXT)
    params, message = case(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(ccb.ConfigError) as info:
        ccb.ClientConfig(params).run()
    assert message in str(info.value)
    assert_unchanged(before, snapshot(tmp_path), lock_files_allowed=False)


# ---------------------------------------------------------------------------------------------------------------
# Queue manager cases over REST: the lab queue manager (a test double) and two tiny local servers
# ---------------------------------------------------------------------------------------------------------------
def _lab(state, *args):
    env = dict(os.environ, PYTHONPATH=str(LAB_FILES), MQ_LAB_PASSWORD=LAB_PASSWORD)
    done = subprocess.run([sys.executable, "-m", "mq_lab_qmgr"] + list(args) + ["--state", str(state)], env=env,
                          capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    state = tmp_path_factory.mktemp("matrix-lab") / "state"
    _lab(state, "seed", "--qmgr", "QM1")
    _lab(state, "user", "--user", "reader", "--role", "MQWebAdminRO")
    try:
        info = json.loads(_lab(state, "serve-rest", "--host", "127.0.0.1", "--port", "0", "--daemon")
                          .strip().splitlines()[-1])
        assert info["host"] == "127.0.0.1"
        yield types.SimpleNamespace(state=state, url=info["url"], ca=info["ca"])
    finally:
        if (state / "rest.json").exists():
            _lab(state, "stop-rest")


def _self_signed(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - datetime.timedelta(hours=1))
            .not_valid_after(NOW + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (directory / "stub.pem").write_text(pem(cert))
    (directory / "stub.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                           serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    return directory / "stub.pem", directory / "stub.key"


class _Answer500(http.server.BaseHTTPRequestHandler):
    """Answers every POST with HTTP 500: a JSON body without an MQWB message under /json, plain text otherwise."""

    def do_POST(self):  # noqa: N802  # pylint: disable=invalid-name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"{}" if self.path.startswith("/json/") else b"Internal Server Error: matrix stub"
        self.send_response(500)
        self.send_header("Content-Type", "application/json" if self.path.startswith("/json/") else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):  # keep the test output clean
        return


@pytest.fixture(scope="module")
def stubs(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 that answers 500, and a listener on 127.0.0.1 that never answers."""
    cert, key = _self_signed(tmp_path_factory.mktemp("matrix-stub"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answer500)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections complete in the kernel's backlog; nothing ever accepts or answers
    try:
        yield types.SimpleNamespace(url500="https://127.0.0.1:%d" % server.server_address[1], ca=str(cert),
                                    silent="https://127.0.0.1:%d" % silent.getsockname()[1])
    finally:
        server.shutdown()
        server.server_close()
        silent.close()


def rest(url, ca, **options):
    """The collection's REST transport with the collection's own HTTP POST (Ansible's open_url).

    options: user, password, qmgr, timeout."""
    module = types.SimpleNamespace(params={
        "url_username": options.get("user", "mqadmin"), "url_password": options.get("password", LAB_PASSWORD),
        "validate_certs": True, "ca_path": ca, "client_cert": None, "client_key": None,
        "timeout": options.get("timeout", 10)})
    return RestTransport(url, options.get("qmgr", "QM1"),
                         mq_connection._rest_post(module))  # pylint: disable=protected-access


def _channel(**params):
    params.setdefault("state", "present")
    params.setdefault("name", "DEV.APP.SVRCONN")
    return lambda t: channel_backend.run(params, t, False), channel_backend.ChannelError


def _qmgr(**params):
    return lambda t: qmgr_backend.run(params, t, False), qmgr_backend.QmgrError


def _chlauth(**params):
    rule = {"channel": "DEV.APP.SVRCONN", "sslpeer": "CN=app1,O=m", "usersrc": "MAP", "mcauser": "app1"}
    rule.update(params)
    return lambda t: chlauth_backend.run(rule, t, False), chlauth_backend.ChlauthError


# (id, backend call and error class, transport choice, expected substring). Transport choices:
# "lab" the lab as mqadmin, or a dict of rest() overrides; "500json"/"500text"/"silent" the local stubs.
QMGR_CASES = [
    ("name-with-quote", _channel(name="APP'1", type="SVRCONN", sslciph=GOOD_CIPHER), "lab",
     "has the character \"'\""),
    ("name-with-parenthesis", _channel(name="APP(1)", type="SVRCONN", sslciph=GOOD_CIPHER), "lab",
     "has the character '('"),
    ("pattern-with-quote", _channel(name="DEV'*", sslciph=GOOD_CIPHER), "lab", "has the character \"'\""),
    ("name-21-characters", _channel(name="A" * 21, type="SVRCONN", sslciph=GOOD_CIPHER), "lab",
     "is 21 characters long; IBM MQ allows at most 20"),
    ("descr-65-characters", _channel(descr="d" * 65, sslciph=GOOD_CIPHER), "lab",
     "DESCR is 65 bytes long; IBM MQ allows at most 64"),
    ("descr-with-newline", _channel(descr="x')\nDELETE CHANNEL('DEV.APP.SVRCONN"), "lab", "control character U+000A"),
    ("sslpeer-with-newline", _channel(sslpeer="CN=a\nDELETE CHANNEL(X)", sslciph=GOOD_CIPHER), "lab",
     "SSLPEER: control character U+000A"),
    ("sslpeer-not-a-dn", _channel(sslpeer="nonsense('x')", sslciph=GOOD_CIPHER), "lab",
     "AMQ8243E: SSLPEER definition wrong"),
    ("cipherspec-unknown", _channel(sslciph="TLS_FOO_BAR"), "lab", "TLS_FOO_BAR is not an IBM MQ CipherSpec"),
    ("cipherspec-with-quote", _channel(sslciph="TLS_AES')"), "lab", "is not a CipherSpec name"),
    ("cipherspec-deprecated", _channel(sslciph="TLS_RSA_WITH_AES_128_CBC_SHA"), "lab",
     "SSLCIPH(TLS_RSA_WITH_AES_128_CBC_SHA) is not approved by the nist profile"),
    ("cipherspec-3des", _channel(sslciph="TLS_RSA_WITH_3DES_EDE_CBC_SHA"), "lab", "is not approved"),
    ("cipherspec-empty", _channel(sslciph=""), "lab", "an empty SSLCIPH turns TLS off"),
    ("cipherspec-deprecated-forced", _channel(sslciph="TLS_RSA_WITH_3DES_EDE_CBC_SHA",
                                              allow_unapproved_cipherspec=True), "lab",
     "AMQ8242E: SSLCIPH definition wrong"),
    ("chlauth-profile-with-quote", _chlauth(channel="APP'1"), "lab", "may hold only A-Z a-z 0-9"),
    ("chlauth-mcauser-65", _chlauth(mcauser="u" * 65), "lab", "MCAUSER is 65 bytes long"),
    ("chlauth-map-without-mcauser", _chlauth(mcauser=None), "lab", "usersrc MAP needs mcauser"),
    ("qmgr-certlabl-65", _qmgr(certlabl="x" * 65), "lab", "CERTLABL is 65 bytes long"),
    ("qmgr-sslkeyr-nul", _qmgr(sslkeyr="/var/mqm/a\x00b"), "lab", "SSLKEYR: control character U+0000"),
    ("qmgr-sslev-keyword", _qmgr(sslev="MAYBE"), "lab", "SSLEV takes one of ENABLED, DISABLED"),
    ("rest-401-wrong-password", _channel(sslciph=GOOD_CIPHER), {"password": "wrong-one"},
     "HTTP 401: MQWB0104E"),
    ("rest-readonly-role-channel", _channel(sslciph=GOOD_CIPHER, sslcauth="REQUIRED"), {"user": "reader"},
     "reason code 2035): AMQ8135E: Not authorized"),
    ("rest-readonly-role-qmgr", _qmgr(sslfips=True), {"user": "reader"}, "AMQ8135E: Not authorized"),
    ("rest-404-unknown-qmgr", _channel(sslciph=GOOD_CIPHER), {"qmgr": "QM9"}, "HTTP 404: MQWB0009E"),
    ("rest-invalid-server-certificate", _channel(sslciph=GOOD_CIPHER), "wrong-ca", "CERTIFICATE_VERIFY_FAILED"),
    ("rest-500-json", _channel(sslciph=GOOD_CIPHER), "500json",
     "HTTP 500: the REST API answered with an error status and no MQWB message"),
    ("rest-500-not-json", _channel(sslciph=GOOD_CIPHER), "500text", "HTTP 500: the response is not JSON"),
    ("rest-timeout", _qmgr(sslfips=True), "silent", "timed out"),
]


def _transport(choice, lab, stubs):
    if choice == "lab":
        return rest(lab.url, lab.ca)
    if isinstance(choice, dict):
        return rest(lab.url, lab.ca, **choice)
    if choice == "wrong-ca":
        return rest(lab.url, stubs.ca)
    if choice == "500json":
        return rest(stubs.url500 + "/json", stubs.ca)
    if choice == "500text":
        return rest(stubs.url500 + "/text", stubs.ca)
    return rest(stubs.silent, stubs.ca, timeout=1)


def _lab_state(lab):
    files = sorted((lab.state / "qmgrs").glob("*.json")) + [lab.state / "users.json"]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


@pytest.mark.parametrize("case", [pytest.param((b, c, m), id="qmgr-" + i) for i, b, c, m in QMGR_CASES])
def test_qmgr_refusal_changes_nothing(case, lab, stubs, tmp_path):
    (call, error), choice, message = case
    transport = _transport(choice, lab, stubs)
    before, files_before = _lab_state(lab), snapshot(tmp_path)
    channel_before = rest(lab.url, lab.ca).display_channels("DEV.APP.SVRCONN")
    with pytest.raises(error) as info:
        call(transport)
    assert message in str(info.value)
    assert _lab_state(lab) == before
    assert rest(lab.url, lab.ca).display_channels("DEV.APP.SVRCONN") == channel_before
    assert_unchanged(files_before, snapshot(tmp_path), lock_files_allowed=False)


# ---------------------------------------------------------------------------------------------------------------
# MQ Appliance cases: the emulated appliance (a test double), QM2 holding a trusted CA and a CA-signed certificate
# ---------------------------------------------------------------------------------------------------------------
APPLIANCE_PASSWORD = "Appliance-Matrix-Passw0rd-1"
QM2_SUBJECT = "CN=QM2,OU=MQ,O=mqstig matrix,C=US"


def _emu(state, *args):
    done = subprocess.run([sys.executable, "-m", "mq_appliance_emu"] + list(args) + ["--state", str(state)],
                          env=dict(os.environ, PYTHONPATH=str(EMU_FILES)), capture_output=True, text=True, check=True,
                          timeout=60)
    return done.stdout


def _file_request(url, ca, password):
    return FileStore(url, appliance_args.https_request(url, "mqadmin", password, ca_path=ca, timeout=10))


class _Appliance(types.SimpleNamespace):
    def session(self, password=APPLIANCE_PASSWORD, known_hosts=None):
        return cli_session.open_ssh_session("127.0.0.1", self.ssh_port, "mqadmin", password,
                                            known_hosts_file=known_hosts or self.known_hosts, timeout=10)

    def files(self, password=APPLIANCE_PASSWORD):
        return _file_request(self.rest_url, self.rest_ca, password)

    def run(self, params, password=APPLIANCE_PASSWORD, known_hosts=None, files_password=APPLIANCE_PASSWORD):
        base = {"qmgr": "QM2", "kind": "personal", "state": "present", "profile": "nist", "role": "personal",
                "renew_before_days": 30, "waive_findings": [], "trusted": []}
        base.update(params)
        decisions = ab.ApplianceCertBackend(base, None, self.files(files_password))
        session = self.session(password, known_hosts)
        decisions.cli = session
        try:
            return decisions.run()
        finally:
            session.close()
            self.commands.extend(session.commands)


@pytest.fixture(scope="module")
def appliance(tmp_path_factory):
    work = tmp_path_factory.mktemp("matrix-appliance")
    (work / "pw").write_text(APPLIANCE_PASSWORD + "\n")
    os.chmod(work / "pw", 0o600)
    state = work / "state"
    info = json.loads(_emu(state, "serve", "--user", "mqadmin", "--password-file", str(work / "pw"), "--qmgr", "QM2",
                           "--daemon").strip().splitlines()[-1])
    try:
        (work / "known_hosts").write_text(info["known_hosts_line"] + "\n")
        app = _Appliance(state=state, ssh_port=info["ssh_port"], rest_url=info["rest_url"], rest_ca=info["rest_ca"],
                         known_hosts=str(work / "known_hosts"), work=work, commands=[])
        ca = make_ca("Appliance matrix CA")
        made = app.run({"subject": QM2_SUBJECT, "trusted": [{"label": "site-ca", "certificate": pem(ca[0])}]})
        signed = issue(x509.load_pem_x509_csr(made["csr"].encode()).public_key(), ca, QM2_SUBJECT,
                       eku=(ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH))
        app.run({"certificate": pem(signed)})
        app.run({"label": "spare", "subject": "CN=QM2 spare,O=mqstig matrix,C=US"})
        app.ca = ca
        yield app
    finally:
        _emu(state, "stop")


def _appliance_state(app):
    return snapshot(app.state / "qmgrs"), snapshot(app.state / "mqpubcert")


def _other_host_key(app):
    path = app.work / "known_hosts.other"
    if not path.exists():
        key = paramiko_rsa_line()
        path.write_text("[127.0.0.1]:%d %s\n" % (app.ssh_port, key))
    return str(path)


def paramiko_rsa_line():
    key = cli_session.paramiko.RSAKey.generate(2048)
    return "%s %s" % (key.get_name(), key.get_base64())


def _leaf(app):
    return pem(issue(ec.generate_private_key(ec.SECP256R1()).public_key(), app.ca))


def _trusted(certificate):
    return {"kind": "trusted", "label": "matrix-ca", "certificate": certificate}


# (id, params or a callable(app) -> params, run options, expected error class, expected substring)
APPLIANCE_CASES = [
    ("subject-without-o-and-c", {"label": "other", "subject": "CN=QM2"}, {}, cb.CertError, "needs CN, O and C"),
    ("subject-with-backslash", {"label": "other", "subject": "CN=QM\\,2,O=m,C=US"}, {}, cb.CertError,
     "cannot be passed to the appliance CLI"),
    ("qmgr-with-semicolon", {"qmgr": "QM2;deletecert"}, {}, cb.CertError, "is not a queue manager name"),
    ("label-65-characters", {"label": "l" * 65, "subject": QM2_SUBJECT}, {}, cb.CertError, "1 to 64 characters"),
    ("trusted-label-twice", lambda app: {"trusted": [{"label": "a", "certificate": pem(app.ca[0])},
                                                     {"label": "a", "certificate": pem(app.ca[0])}]}, {}, cb.CertError,
     "is given twice"),
    ("trusted-without-certificate", {"trusted": [{"label": "a"}]}, {}, cb.CertError, "needs one CA certificate"),
    ("trusted-pem-garbage", _trusted("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"), {},
     cb.CertError, "certificate: not a PEM certificate"),
    ("trusted-leaf-as-ca", lambda app: _trusted(_leaf(app)), {}, cb.CertError, "CERT_NOT_CA"),
    ("trusted-expired-ca", lambda app: _trusted(pem(make_ca("Old", start=NOW - datetime.timedelta(days=30),
                                                            days=10)[0])), {}, cb.CertError, "CERT_EXPIRED"),
    ("trusted-rsa1024-ca", lambda app: _trusted(pem(make_ca("Weak", key=rsa.generate_private_key(65537, 1024))[0])),
     {}, cb.CertError, "KEY_SIZE"),
    ("receive-another-key", lambda app: {"label": "spare", "certificate": _leaf(app)}, {}, cb.CertError,
     "does not match the key of the pending request spare"),
    ("receive-over-the-current", lambda app: {"certificate": _leaf(app)}, {}, cb.CertError,
     "already holds another certificate"),
    ("receive-without-request", lambda app: {"label": "nothing", "certificate": _leaf(app)}, {}, cb.CertError,
     "there is no pending request nothing"),
    ("unknown-qmgr", {"qmgr": "QM9", "subject": QM2_SUBJECT}, {}, cli_session.ApplianceCliError, "AMQ7048E"),
    ("wrong-password", {"subject": QM2_SUBJECT}, {"password": "wrong-Passw0rd"}, cli_session.ApplianceCliError,
     "refused the login of mqadmin"),
    ("changed-host-key", {"subject": QM2_SUBJECT}, {"known_hosts": _other_host_key}, cli_session.ApplianceCliError,
     "host key of [127.0.0.1]"),
    ("file-store-wrong-password", {"subject": QM2_SUBJECT}, {"files_password": "wrong-Passw0rd"}, cb.CertError,
     "HTTP 401"),
]
CHANGING_COMMANDS = ("createcertrequest", "deletecertrequest", "addcert", "deletecert", "receivecert")


@pytest.mark.parametrize("case", [pytest.param(c[1:], id="appliance-" + c[0]) for c in APPLIANCE_CASES])
def test_appliance_refusal_changes_nothing(case, appliance):
    params, options, error, message = case
    params = params(appliance) if callable(params) else params
    options = dict((k, v(appliance) if callable(v) else v) for k, v in options.items())
    before = _appliance_state(appliance)
    del appliance.commands[:]
    with pytest.raises(error) as info:
        appliance.run(params, **options)
    assert message in str(info.value)
    assert APPLIANCE_PASSWORD not in str(info.value) and "wrong-Passw0rd" not in str(info.value)
    assert _appliance_state(appliance) == before
    assert not [c for c in appliance.commands if c.startswith(CHANGING_COMMANDS)], appliance.commands


def test_matrix_has_at_least_50_cases():
    assert len(KEYSTORE_CASES) + len(SIGN_CASES) + len(CLIENT_CASES) + len(QMGR_CASES) + len(APPLIANCE_CASES) >= 50
