# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""New key pairs, the self-signed placeholder that holds a pending key, and certificate requests.

Keys are NIST-approved only: EC P-256/P-384/P-521 (FIPS 186-5) or RSA 2048 bits and more.
The signing hash follows the key's strength (SP 800-57): SHA-256 up to 128 bits, SHA-384 for
P-384 and RSA >= 7680, SHA-512 for P-521.
"""

from __future__ import annotations

import datetime
import ipaddress

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID
    CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}
    EKU = {"clientAuth": ExtendedKeyUsageOID.CLIENT_AUTH, "serverAuth": ExtendedKeyUsageOID.SERVER_AUTH}
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    CURVES = {}
    EKU = {}

KEY_USAGES = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement")
PLACEHOLDER_DAYS = 90


class RequestError(ValueError):
    """A key or request parameter that is not approved or not understood."""


def key_spec(key_type="ec", curve=None, size=None):
    """Normalised {"type", "curve", "size"}; RequestError for parameters NIST does not approve."""
    key_type = (key_type or "ec").lower()
    if key_type == "ec":
        curve = (curve or "P-256").upper().replace("SECP256R1", "P-256").replace("SECP384R1", "P-384")
        curve = curve.replace("SECP521R1", "P-521")
        if curve not in CURVES:
            raise RequestError("curve must be one of %s, not %s" % (", ".join(sorted(CURVES)), curve))
        return {"type": "ec", "curve": curve, "size": int(curve[2:])}
    if key_type == "rsa":
        size = int(size or 3072)
        if size < 2048 or size % 1024:
            raise RequestError("RSA keys must be 2048 bits or more, in steps of 1024 (SP 800-131A); not %d" % size)
        return {"type": "rsa", "curve": None, "size": size}
    raise RequestError("key_type must be ec or rsa, not %s" % key_type)


def generate(spec):
    if spec["type"] == "ec":
        return ec.generate_private_key(CURVES[spec["curve"]]())
    return rsa.generate_private_key(public_exponent=65537, key_size=spec["size"])


def hash_for(key):
    """The signing hash that matches the key's security strength."""
    public = key.public_key() if hasattr(key, "public_key") else key
    if isinstance(public, ec.EllipticCurvePublicKey):
        bits = public.curve.key_size
        return hashes.SHA512() if bits > 384 else hashes.SHA384() if bits > 256 else hashes.SHA256()
    return hashes.SHA384() if public.key_size >= 7680 else hashes.SHA256()


def parse_subject(text):
    """x509.Name from an MQ/LDAP style DN, most specific first: `CN=app1,OU=MQ,O=Example,C=US`."""
    if not text or "=" not in text:
        raise RequestError("subject must be a distinguished name such as CN=app1,O=Example,C=US, not %r" % text)
    try:
        return x509.Name.from_rfc4514_string(text)
    except ValueError as exc:
        raise RequestError("subject %r is not a distinguished name: %s" % (text, exc))


def parse_sans(values):
    """x509 GeneralNames from `DNS:host`, `IP:10.0.0.1`, `email:a@b`, `URI:https://...`."""
    out = []
    for value in values or []:
        kind, _sep, rest = str(value).partition(":")
        kind = kind.strip().lower()
        if not rest:
            raise RequestError("subject alternative name %r must look like DNS:host or IP:address" % value)
        if kind == "dns":
            out.append(x509.DNSName(rest))
        elif kind == "ip":
            try:
                out.append(x509.IPAddress(ipaddress.ip_address(rest)))
            except ValueError:
                raise RequestError("%r is not an IP address" % rest)
        elif kind == "email":
            out.append(x509.RFC822Name(rest))
        elif kind == "uri":
            out.append(x509.UniformResourceIdentifier(rest))
        else:
            raise RequestError("subject alternative name type %r is not one of DNS, IP, email, URI" % kind)
    return out


def _key_usage(key, usages):
    wanted = set(usages or ["digital_signature"])
    unknown = wanted - set(KEY_USAGES)
    if unknown:
        raise RequestError("key usages must be among %s, not %s" % (", ".join(KEY_USAGES), ", ".join(sorted(unknown))))
    if isinstance(key, ec.EllipticCurvePrivateKey) and "key_encipherment" in wanted:
        raise RequestError("keyEncipherment does not apply to EC keys")
    flags = {name: name in wanted for name in KEY_USAGES}
    return x509.KeyUsage(key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False, **flags)


def _extended_key_usage(values):
    values = list(values or ["clientAuth", "serverAuth"])
    unknown = [v for v in values if v not in EKU]
    if unknown:
        raise RequestError("extended key usages must be among %s, not %s" % (", ".join(EKU), ", ".join(unknown)))
    return x509.ExtendedKeyUsage([EKU[v] for v in values])


def build_request(key, subject, sans=None, key_usage=None, extended_key_usage=None):
    """A PEM certificate signing request for `key`."""
    builder = x509.CertificateSigningRequestBuilder().subject_name(parse_subject(subject))
    names = parse_sans(sans)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    builder = builder.add_extension(_key_usage(key, key_usage), critical=True)
    builder = builder.add_extension(_extended_key_usage(extended_key_usage), critical=False)
    return builder.sign(key, hash_for(key)).public_bytes(serialization.Encoding.PEM).decode("ascii")


def placeholder(key, subject, sans=None, now=None):
    """The self-signed certificate that keeps a pending key in the repository until the CA answers."""
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    name = parse_subject(subject)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(moment - datetime.timedelta(minutes=5))
               .not_valid_after(moment + datetime.timedelta(days=PLACEHOLDER_DAYS))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    names = parse_sans(sans)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(key, hash_for(key))


def request_matches(cert, subject, sans):
    """Whether a pending placeholder was made for this subject and these alternative names."""
    if cert.subject != parse_subject(subject):
        return False
    try:
        current = list(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except x509.ExtensionNotFound:
        current = []
    return sorted(map(repr, current)) == sorted(map(repr, parse_sans(sans)))


def key_matches(key, spec):
    public = key.public_key()
    if spec["type"] == "ec":
        return isinstance(public, ec.EllipticCurvePublicKey) and public.curve.key_size == spec["size"]
    return isinstance(public, rsa.RSAPublicKey) and public.key_size == spec["size"]
