# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A CA held by the site (on the controller or a CA host) that signs requests with `cryptography`."""

from __future__ import annotations

import datetime

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests as key_requests
from ansible_collections.mqstig.tls.plugins.module_utils.signing import csr_policy

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

USAGES = ("client", "server", "both")


class OwncaError(ValueError):
    """The CA cannot be loaded or used."""


def load_ca(cert_pem, key_pem, passphrase=None):
    """(CA certificate, CA key, whether the key file was encrypted); OwncaError when they do not belong together."""
    try:
        cert = x509.load_pem_x509_certificate(cert_pem if isinstance(cert_pem, bytes) else cert_pem.encode("ascii"))
    except ValueError as exc:
        raise OwncaError("the CA certificate is not a PEM certificate: %s" % exc)
    data = key_pem if isinstance(key_pem, bytes) else key_pem.encode("ascii")
    encrypted = b"ENCRYPTED" in data
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8") if passphrase else None)
    except TypeError:
        raise OwncaError("the CA private key is encrypted: give its passphrase")
    except ValueError:
        raise OwncaError("the CA private key cannot be read (wrong passphrase, or not a PEM private key)")
    if csr_policy.spki_sha256(key.public_key()) != csr_policy.spki_sha256(cert.public_key()):
        raise OwncaError("the CA private key does not belong to the CA certificate %s" % cert.subject.rfc4514_string())
    return cert, key, encrypted


def _key_usage(public_key):
    rsa_key = isinstance(public_key, rsa.RSAPublicKey)
    return x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=rsa_key,
                         data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                         encipher_only=False, decipher_only=False)


def _extended_key_usage(usage):
    wanted = {"client": [ExtendedKeyUsageOID.CLIENT_AUTH], "server": [ExtendedKeyUsageOID.SERVER_AUTH],
              "both": [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]}
    return x509.ExtendedKeyUsage(wanted[usage])


def issue(csr, ca_cert, ca_key, usage="client", days=365, sans=None, now=None):
    """A certificate for the request, signed by the CA, with usage-specific keyUsage and extendedKeyUsage.

    `sans` (x509 GeneralNames) replaces the request's alternative names; None copies them."""
    if usage not in USAGES:
        raise OwncaError("usage must be one of %s, not %s" % (", ".join(USAGES), usage))
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    ca_not_after = getattr(ca_cert, "not_valid_after_utc", None) or ca_cert.not_valid_after
    not_after = min(moment + datetime.timedelta(days=int(days)), ca_not_after)
    names = csr_policy.alternative_names(csr) if sans is None else list(sans)
    public_key = csr.public_key()
    if not isinstance(public_key, (ec.EllipticCurvePublicKey, rsa.RSAPublicKey)):
        raise OwncaError("only EC and RSA keys are signed")
    builder = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(ca_cert.subject)
               .public_key(public_key).serial_number(x509.random_serial_number())
               .not_valid_before(moment - datetime.timedelta(minutes=5)).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(_key_usage(public_key), critical=True)
               .add_extension(_extended_key_usage(usage), critical=False)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(ca_key, key_requests.hash_for(ca_key))
