# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small test PKI built with cryptography: CAs and certificates signed the way a real CA would."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


class TestPki:
    """Factory for CAs and leaf certificates (not a test class)."""

    __test__ = False

    def __init__(self):
        self.now = datetime.datetime.now(datetime.timezone.utc)

    def ca(self, name="Test Root CA", key=None, issuer=None, days=3650, ca=True, digest=None, start=None):
        """(certificate, key) of a CA; self-signed unless `issuer` = (cert, key) is given."""
        key = key or ec.generate_private_key(ec.SECP384R1())
        subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mqstig test"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        issuer_cert, issuer_key = issuer if issuer else (None, key)
        start = start or self.now - datetime.timedelta(days=1)
        builder = (x509.CertificateBuilder().subject_name(subject)
                   .issuer_name(issuer_cert.subject if issuer_cert is not None else subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                                data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                                crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
        return builder.sign(issuer_key, digest or hashes.SHA384()), key

    def issue(self, csr_or_key, issuer, subject=None, days=365, eku=("clientAuth", "serverAuth"), sans=None,
              start=None, digest=None):
        """A leaf certificate for a CSR (PEM text or object) or a public key, signed by `issuer` = (cert, key)."""
        if isinstance(csr_or_key, str):
            csr_or_key = x509.load_pem_x509_csr(csr_or_key.encode("ascii"))
        if isinstance(csr_or_key, x509.CertificateSigningRequest):
            public_key = csr_or_key.public_key()
            subject = subject or csr_or_key.subject
            try:
                sans = sans or list(csr_or_key.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
            except x509.ExtensionNotFound:
                pass
        else:
            public_key = csr_or_key.public_key() if hasattr(csr_or_key, "private_bytes") else csr_or_key
        if isinstance(subject, str):
            subject = x509.Name.from_rfc4514_string(subject)
        ca_cert, ca_key = issuer
        start = start or self.now - datetime.timedelta(hours=1)
        usages = {"clientAuth": ExtendedKeyUsageOID.CLIENT_AUTH, "serverAuth": ExtendedKeyUsageOID.SERVER_AUTH}
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject).public_key(public_key)
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([usages[u] for u in eku]), critical=False))
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        return builder.sign(ca_key, digest or hashes.SHA384())

    @staticmethod
    def pem(*certs):
        return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certs)


@pytest.fixture(scope="session")
def pki():
    return TestPki()


@pytest.fixture(scope="session")
def root_ca(pki):
    return pki.ca("Test Root CA")


def _samples_dir():
    """The real IBM MQ output samples (../shared/reference/mq-output-samples beside the checkout), or None.

    scripts/test.sh sets MQSTIG_SAMPLES_DIR; the samples are read in place, never copied into the project."""
    env = os.environ.get("MQSTIG_SAMPLES_DIR")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in Path(__file__).resolve().parents:
        if (parent / "galaxy.yml").is_file():
            candidate = parent.parent / "shared" / "reference" / "mq-output-samples"
            return candidate if candidate.is_dir() else None
    return None


@pytest.fixture(scope="session")
def mq_sample():
    """mq_sample("D01") is the text of the sample whose name starts with D01_; the test is skipped, with the
    reason, when the samples are not on this machine."""
    directory = _samples_dir()

    def read(prefix):
        if directory is None:
            pytest.skip("no mq-output-samples directory (set MQSTIG_SAMPLES_DIR or provide "
                        "../shared/reference/mq-output-samples)")
        found = sorted(directory.glob(prefix + "_*"))
        if not found:
            pytest.skip("sample %s* is not in %s" % (prefix, directory))
        return found[0].read_text(encoding="utf-8")

    return read
