# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A PKCS#12 key repository as MQ, Java and OpenSSL read it.

`load` opens a file (any protection scheme, so legacy files can be judged and re-protected) and
returns its entries and the facts about its protection. `dump` writes entries with PBES2
(PBKDF2-HMAC-SHA-256, AES-256-CBC) and an HMAC-SHA-256 MAC, whatever the file had before.

Layout written (RFC 7292):
  AuthenticatedSafe = [ EncryptedData(SafeContents of certificate bags),
                        Data(SafeContents of PKCS#8 shrouded key bags) ]
  * a personal or pending entry: key bag and certificate bag sharing friendlyName (the label)
    and localKeyId; the rest of its chain as certificate bags without attributes;
  * a trusted entry: certificate bag with friendlyName and the Oracle trusted-key-usage
    attribute (2.16.840.1.113894.746875.1.1 = anyExtendedKeyUsage), without which Java's
    keytool does not list it as a trustedCertEntry.

Entry kinds: `personal` (a key with a certificate from a CA), `pending` (a key whose
certificate is still its own self-signed placeholder, waiting for the CA's answer), `trusted`.
"""

from __future__ import annotations

import hashlib

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import der
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_pbe as pbe

try:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

OID_DATA = "1.2.840.113549.1.7.1"
OID_ENCRYPTED_DATA = "1.2.840.113549.1.7.6"
OID_KEY_BAG = "1.2.840.113549.1.12.10.1.1"
OID_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2"
OID_CERT_BAG = "1.2.840.113549.1.12.10.1.3"
OID_X509_CERT = "1.2.840.113549.1.9.22.1"
OID_FRIENDLY_NAME = "1.2.840.113549.1.9.20"
OID_LOCAL_KEY_ID = "1.2.840.113549.1.9.21"
OID_ORACLE_TRUSTED_KEY_USAGE = "2.16.840.1.113894.746875.1.1"
OID_ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0"

KINDS = ("personal", "pending", "trusted")


class StoreError(ValueError):
    """The file is not a PKCS#12 key repository this code can read, or the password is wrong."""


class Entry:
    """One labelled entry. `private_key` is a cryptography key object, kept in memory only."""

    def __init__(self, label, certificate, private_key=None, chain=None, java_trusted=None):
        self.label = label
        self.certificate = certificate
        self.private_key = private_key
        self.chain = list(chain or [])
        self.java_trusted = java_trusted

    @property
    def kind(self):
        if self.private_key is None:
            return "trusted"
        return "pending" if is_placeholder(self.certificate, self.private_key) else "personal"

    def fingerprint(self):
        return certificate_fingerprint(self.certificate)


def certificate_fingerprint(cert):
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()


def public_key_der(key):
    if hasattr(key, "public_key"):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def is_placeholder(cert, private_key):
    """A self-signed certificate over the entry's own key: the stand-in kept until the CA answers."""
    return public_key_der(cert.public_key()) == public_key_der(private_key) and _issued_by(cert, cert)


class Repository:
    """The entries of a repository and the facts about its protection."""

    def __init__(self, entries=None, protections=None, mac=None):
        self.entries = list(entries or [])
        self.protections = list(protections or [])
        self.mac = mac

    def get(self, label):
        for entry in self.entries:
            if entry.label == label:
                return entry
        return None

    def remove(self, label):
        self.entries = [e for e in self.entries if e.label != label]

    def put(self, entry):
        """Add `entry`, replacing any entry with the same label (labels are case-sensitive)."""
        for index, existing in enumerate(self.entries):
            if existing.label == entry.label:
                self.entries[index] = entry
                return
        self.entries.append(entry)


# ---------------------------------------------------------------- reading

def _attributes(bag_fields):
    attrs = {}
    if len(bag_fields) > 2 and bag_fields[2].tag == der.SET:
        for attr in bag_fields[2].children():
            attr_oid, values = attr.children()
            attrs[attr_oid.as_oid()] = values.children()
    return attrs


def _bag_label(attrs):
    values = attrs.get(OID_FRIENDLY_NAME)
    return values[0].as_bmp() if values else None


def _bag_key_id(attrs):
    values = attrs.get(OID_LOCAL_KEY_ID)
    return values[0].as_bytes() if values else None


def _read_bags(safe_contents, password, protections, found):
    for bag in der.parse(safe_contents).expect(der.SEQUENCE, "SafeContents").children():
        fields = bag.children()
        bag_id = fields[0].as_oid()
        value = fields[1].children()[0]
        attrs = _attributes(fields)
        item = {"label": _bag_label(attrs), "key_id": _bag_key_id(attrs)}
        if bag_id == OID_SHROUDED_KEY_BAG:
            alg, data = value.children()
            facts = pbe.describe(alg)
            protections.append(dict(facts, where="keys"))
            if facts["scheme"] != "pbes2":
                raise pbe.ProtectionError("legacy key protection")
            item["key"] = serialization.load_der_private_key(pbe.decrypt(alg, data.as_bytes(), password), None)
            found["keys"].append(item)
        elif bag_id == OID_KEY_BAG:
            protections.append({"where": "keys", "scheme": "none", "kdf": None, "prf": None, "cipher": None,
                                "iterations": 0})
            item["key"] = serialization.load_der_private_key(der.tlv(value.tag, value.content), None)
            found["keys"].append(item)
        elif bag_id == OID_CERT_BAG:
            cert_fields = value.children()
            if cert_fields[0].as_oid() != OID_X509_CERT:
                continue
            item["certificate"] = x509.load_der_x509_certificate(cert_fields[1].children()[0].as_bytes())
            trust = attrs.get(OID_ORACLE_TRUSTED_KEY_USAGE)
            item["java_trusted"] = bool(trust)
            found["certs"].append(item)


def _outer(data):
    """(AuthenticatedSafe bytes, MacData element or None) of a PFX."""
    pfx = der.parse(data).expect(der.SEQUENCE, "PFX").children()
    if len(pfx) < 2 or pfx[0].as_int() != 3:
        raise StoreError("not a PKCS#12 version 3 file")
    content_type, content = pfx[1].children()
    if content_type.as_oid() != OID_DATA:
        raise StoreError("PKCS#12 files signed with public keys are not supported")
    return content.children()[0].as_bytes(), (pfx[2] if len(pfx) > 2 else None)


def _load_native(data, password):
    auth_safe, mac_element = _outer(data)
    mac = pbe.verify_mac(mac_element, auth_safe, password) if mac_element is not None else None
    protections = []
    found = {"keys": [], "certs": []}
    for info in der.parse(auth_safe).expect(der.SEQUENCE, "AuthenticatedSafe").children():
        content_type, content = info.children()
        kind = content_type.as_oid()
        if kind == OID_DATA:
            _read_bags(content.children()[0].as_bytes(), password, protections, found)
        elif kind == OID_ENCRYPTED_DATA:
            fields = content.children()[0].children()[1].children()  # EncryptedContentInfo
            facts = pbe.describe(fields[1])
            protections.append(dict(facts, where="certificates"))
            if facts["scheme"] != "pbes2":
                raise pbe.ProtectionError("legacy certificate protection")
            _read_bags(pbe.decrypt(fields[1], fields[2].as_bytes(), password), password, protections, found)
        else:
            raise StoreError("unsupported PKCS#12 content type %s" % kind)
    return found, protections, mac


def _describe_only(data):
    """Protection facts without decrypting: for files in legacy schemes that `cryptography` opens."""
    auth_safe, mac_element = _outer(data)
    protections = []
    for info in der.parse(auth_safe).children():
        content_type, content = info.children()
        if content_type.as_oid() == OID_ENCRYPTED_DATA:
            fields = content.children()[0].children()[1].children()
            protections.append(dict(pbe.describe(fields[1]), where="certificates"))
        elif content_type.as_oid() == OID_DATA:
            for bag in der.parse(content.children()[0].as_bytes()).children():
                fields = bag.children()
                if fields[0].as_oid() == OID_SHROUDED_KEY_BAG:
                    protections.append(dict(pbe.describe(fields[1].children()[0].children()[0]), where="keys"))
                elif fields[0].as_oid() == OID_KEY_BAG:
                    protections.append({"where": "keys", "scheme": "none", "kdf": None, "prf": None, "cipher": None,
                                        "iterations": 0})
    mac = None
    if mac_element is not None:
        digest_alg = mac_element.children()[0].children()[0].children()[0].as_oid()
        fields = mac_element.children()
        mac = {"hash": pbe.DIGEST_OIDS.get(digest_alg, digest_alg), "iterations": fields[2].as_int() if len(fields) > 2 else 1}
    return protections, mac


def _load_legacy(data, password):
    """Legacy schemes (RC2, 3DES, SHA-1 MAC): let cryptography's OpenSSL decrypt them."""
    protections, mac = _describe_only(data)
    try:
        loaded = crypto_pkcs12.load_pkcs12(data, password.encode("utf-8"))
    except ValueError:
        raise StoreError("wrong password, or the key repository is corrupt")
    key_bags = sum(1 for p in protections if p["where"] == "keys")
    if key_bags > 1:
        raise StoreError("this legacy-protected file holds %d private keys; only one can be read from a legacy file, "
                         "so it is not rewritten. Re-export it with PBES2 (for example openssl pkcs12 -export) first"
                         % key_bags)
    found = {"keys": [], "certs": []}
    if loaded.key is not None:
        label = loaded.cert.friendly_name.decode("utf-8") if loaded.cert and loaded.cert.friendly_name else None
        found["keys"].append({"label": label, "key_id": b"legacy", "key": loaded.key})
        if loaded.cert is not None:
            found["certs"].append({"label": label, "key_id": b"legacy", "certificate": loaded.cert.certificate,
                                   "java_trusted": False})
    for item in loaded.additional_certs:
        label = item.friendly_name.decode("utf-8") if item.friendly_name else None
        found["certs"].append({"label": label, "key_id": None, "certificate": item.certificate, "java_trusted": None})
    return found, protections, mac


def _issued_by(cert, issuer):
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def build_chain(cert, pool):
    """The certificates of `pool` that lead from `cert` up to a self-signed root, in order."""
    chain = []
    current = cert
    while current.subject != current.issuer and len(chain) < 10:
        parent = next((c for c in pool if c not in chain and _issued_by(current, c)), None)
        if parent is None:
            break
        chain.append(parent)
        current = parent
    return chain


def _group(found):
    entries = []
    certs = list(found["certs"])
    used = set()
    for key_item in found["keys"]:
        key_der = public_key_der(key_item["key"])
        match = None
        for index, cert_item in enumerate(certs):
            same_id = key_item["key_id"] is not None and cert_item["key_id"] == key_item["key_id"]
            if index not in used and (same_id or public_key_der(cert_item["certificate"].public_key()) == key_der):
                match = index
                break
        if match is None:
            raise StoreError("a private key in the repository has no certificate")
        used.add(match)
        cert_item = certs[match]
        label = key_item["label"] or cert_item["label"] or cert_item["certificate"].subject.rfc4514_string()
        entries.append(Entry(label, cert_item["certificate"], key_item["key"]))
    loose = [c for i, c in enumerate(certs) if i not in used]
    chain_pool = [c["certificate"] for c in loose]
    in_chain = set()
    for entry in entries:
        entry.chain = build_chain(entry.certificate, chain_pool)
        in_chain.update(certificate_fingerprint(c) for c in entry.chain)
    for item in loose:
        if not item["label"] and certificate_fingerprint(item["certificate"]) in in_chain:
            continue
        label = item["label"] or item["certificate"].subject.rfc4514_string()
        entries.append(Entry(label, item["certificate"], java_trusted=item.get("java_trusted")))
    return entries


def load(data, password):
    """Repository read from PKCS#12 bytes; StoreError with a clear reason when it cannot be."""
    if not data:
        raise StoreError("the file is empty")
    try:
        try:
            found, protections, mac = _load_native(data, password)
        except pbe.ProtectionError as exc:
            if "legacy" not in str(exc):
                raise StoreError(str(exc))
            found, protections, mac = _load_legacy(data, password)
        return Repository(_group(found), protections, mac)
    except (der.DerError, IndexError, AttributeError) as exc:
        raise StoreError("not a readable PKCS#12 file (%s)" % exc)


# ---------------------------------------------------------------- writing

def _attribute(attr_oid, *values):
    return der.sequence(der.oid(attr_oid), der.set_of(*values))


def _safe_bag(bag_oid, value, attributes):
    parts = [der.oid(bag_oid), der.explicit(0, value)]
    if attributes:
        parts.append(der.set_of(*attributes))
    return der.sequence(*parts)


def _cert_bag(cert, attributes):
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    value = der.sequence(der.oid(OID_X509_CERT), der.explicit(0, der.octet_string(cert_der)))
    return _safe_bag(OID_CERT_BAG, value, attributes)


def local_key_id(private_key):
    return hashlib.sha256(public_key_der(private_key)).digest()[:20]


def dump(repository, password, iterations=pbe.DEFAULT_ITERATIONS):
    """PKCS#12 bytes of `repository`, protected with PBES2/AES-256 and an HMAC-SHA-256 MAC."""
    if not password:
        raise StoreError("a key repository needs a non-empty password")
    cert_bags = []
    key_bags = []
    # A chain certificate that is also a trusted entry is written once, as the trusted entry.
    written_chain = set(e.fingerprint() for e in repository.entries if e.private_key is None)
    for entry in repository.entries:
        label_attr = _attribute(OID_FRIENDLY_NAME, der.bmp_string(entry.label))
        if entry.private_key is None:
            trust = _attribute(OID_ORACLE_TRUSTED_KEY_USAGE, der.oid(OID_ANY_EXTENDED_KEY_USAGE))
            cert_bags.append(_cert_bag(entry.certificate, [label_attr, trust]))
            continue
        key_id = _attribute(OID_LOCAL_KEY_ID, der.octet_string(local_key_id(entry.private_key)))
        cert_bags.append(_cert_bag(entry.certificate, [label_attr, key_id]))
        for cert in entry.chain:
            fingerprint = certificate_fingerprint(cert)
            if fingerprint not in written_chain:
                written_chain.add(fingerprint)
                cert_bags.append(_cert_bag(cert, []))
        pkcs8 = entry.private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption())
        alg, ciphertext = pbe.encrypt(pkcs8, password, iterations)
        shrouded = der.sequence(alg, der.octet_string(ciphertext))
        key_bags.append(_safe_bag(OID_SHROUDED_KEY_BAG, shrouded, [label_attr, key_id]))
    cert_alg, cert_cipher = pbe.encrypt(der.sequence(*cert_bags), password, iterations)
    encrypted_data = der.sequence(der.integer(0), der.sequence(
        der.oid(OID_DATA), cert_alg, der.implicit_primitive(0, cert_cipher)))
    infos = [der.sequence(der.oid(OID_ENCRYPTED_DATA), der.explicit(0, encrypted_data))]
    if key_bags:
        infos.append(der.sequence(der.oid(OID_DATA), der.explicit(0, der.octet_string(der.sequence(*key_bags)))))
    auth_safe = der.sequence(*infos)
    content = der.sequence(der.oid(OID_DATA), der.explicit(0, der.octet_string(auth_safe)))
    return der.sequence(der.integer(3), content, pbe.mac_data(auth_safe, password, iterations))
