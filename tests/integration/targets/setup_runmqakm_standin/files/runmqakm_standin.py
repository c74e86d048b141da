# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE.
# This is a stand-in for IBM's runmqakm (GSKCapiCmd) command, written by this project from IBM's
# documented command syntax and from the shape of real runmqakm outputs in public transcripts.
# It is NOT IBM software and contains no IBM code.
# The ".kdb" it writes is NOT IBM's CMS key database format: it is a JSON document only this stand-in reads.
# It is used only by this collection's tests, which run it as
#     python3 tests/integration/targets/setup_runmqakm_standin/files/runmqakm_standin.py <runmqakm arguments>
# through a temporary executable named "runmqakm".
#
# What it mimics, and from where:
#   - Verbs and options (IBM MQ documentation): -keydb -create|-changepw|-stashpw, -cert
#     -list|-details|-extract|-add|-delete|-receive, -certreq -create|-list|-delete, with -db, -pw,
#     -new_pw, -stash, -stashed, -type, -label, -file, -target, -format ascii|binary, -dn, -size,
#     -sig_alg, -san_dnsname, -san_ipaddr, -fips, -strong (IBM's documented password rules).
#   - Output shapes (public transcripts): "Certificates found", the legend line, flag TAB label with
#     "*-" for the default personal certificate and labels holding spaces double-quoted; "No certificates
#     were found."; -v adding subject and issuer after two spaces; -cert -details as "Key : Value";
#     -certreq -list as "Certificates requests found" then TAB label; CSR files headed
#     "-----BEGIN NEW CERTIFICATE REQUEST-----"; files beside the database: .rdb (pending requests),
#     .crl, .sth (stash).
#   - Messages: CTGSK3029W, CTGSK2021W, CTGSK2146W and CTGSK2043W carry the texts seen in public
#     transcripts. Every other message uses a CTGSK90nnW number that is this stand-in's own (not an IBM
#     message id). Exit codes (1 for a CTGSK error, 2 for a usage error) are the stand-in's own too.
#   - The stash is the 129-byte "v1" layout (password bytes, NUL, random non-zero padding, every byte
#     XOR 0xF5), written for -stash, -stashpw and -v1stash alike; current GSKit writes a 193-byte layout by
#     default, which this stand-in neither writes nor reads.
# Deliberate simplifications: -cert -receive refuses (and adds nothing) when the chain to a trusted root
# in the database cannot be built, -cert -extract refuses to overwrite its target, -certreq -create
# overwrites its request file; real runmqakm's behaviour in these cases is not confirmed.
#
# Secrets: private keys are only ever stored encrypted with the database password (PKCS#8,
# cryptography's BestAvailableEncryption); the password is kept as a salted PBKDF2 hash; no password is
# ever printed; every file is created with mode 0600.
"""A stand-in for IBM's runmqakm, for tests only (see the header comment: not IBM software)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import sys

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

FORMAT = "mqstig.tls runmqakm stand-in database (JSON; NOT IBM CMS format; tests only)"
KDF_ITERATIONS = 100000
STASH_SIZE = 129
STASH_XOR = 0xF5
LEGEND = "* default, - personal, ! trusted, # secret key"

VALUE_OPTIONS = ("-db", "-pw", "-new_pw", "-type", "-label", "-file", "-target", "-format", "-dn", "-size",
                 "-sig_alg", "-san_dnsname", "-san_ipaddr", "-san_emailaddr", "-expire", "-trust",
                 "-default_cert", "-new_label", "-target_type", "-ku", "-eku")
MULTI_OPTIONS = ("-san_dnsname", "-san_ipaddr", "-san_emailaddr")
FLAG_OPTIONS = ("-stash", "-stashed", "-fips", "-strong", "-v", "-v1stash", "-rfc3339")

DN_ATTRIBUTES = {
    "CN": NameOID.COMMON_NAME, "O": NameOID.ORGANIZATION_NAME, "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "L": NameOID.LOCALITY_NAME, "ST": NameOID.STATE_OR_PROVINCE_NAME, "SP": NameOID.STATE_OR_PROVINCE_NAME,
    "S": NameOID.STATE_OR_PROVINCE_NAME, "C": NameOID.COUNTRY_NAME, "E": NameOID.EMAIL_ADDRESS,
    "EMAIL": NameOID.EMAIL_ADDRESS, "EMAILADDRESS": NameOID.EMAIL_ADDRESS, "DC": NameOID.DOMAIN_COMPONENT,
    "UID": NameOID.USER_ID, "SERIALNUMBER": NameOID.SERIAL_NUMBER, "STREET": NameOID.STREET_ADDRESS,
    "POSTALCODE": NameOID.POSTAL_CODE, "T": NameOID.TITLE, "TITLE": NameOID.TITLE,
}
SIGNATURE_NAMES = {
    "1.2.840.113549.1.1.5": "SHA1WithRSASignature", "1.2.840.113549.1.1.14": "SHA224WithRSASignature",
    "1.2.840.113549.1.1.11": "SHA256WithRSASignature", "1.2.840.113549.1.1.12": "SHA384WithRSASignature",
    "1.2.840.113549.1.1.13": "SHA512WithRSASignature", "1.2.840.10045.4.1": "SHA1WithECDSASignature",
    "1.2.840.10045.4.3.2": "SHA256WithECDSASignature", "1.2.840.10045.4.3.3": "SHA384WithECDSASignature",
    "1.2.840.10045.4.3.4": "SHA512WithECDSASignature",
}
HASHES = {"1": hashes.SHA1, "224": hashes.SHA224, "256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
CURVES = {256: ec.SECP256R1, 384: ec.SECP384R1, 512: ec.SECP521R1, 521: ec.SECP521R1}
RSA_SIZES = (1024, 2048, 3072, 4096)


class StandinError(Exception):
    """A CTGSK-style failure: `lines` are printed to stderr, `rc` is the exit status."""

    def __init__(self, lines, rc=1):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        self.rc = rc
        super().__init__("\n".join(self.lines))


def usage(text):
    return StandinError("CTGSK9000W %s" % text, rc=2)


# arguments


def parse_args(argv):
    """(object, action, options, positional) from a runmqakm command line; values are never echoed."""
    if len(argv) < 2 or not argv[0].startswith("-") or not argv[1].startswith("-"):
        raise usage("Usage: runmqakm -keydb|-cert|-certreq -<action> [options]")
    obj, action = argv[0].lower(), argv[1].lower()
    opts, positional = {}, []
    index = 2
    while index < len(argv):
        arg = argv[index]
        key = arg.lower()
        if key in VALUE_OPTIONS:
            if index + 1 >= len(argv):
                raise usage("The option %s needs a value." % key)
            value = argv[index + 1]
            if key in MULTI_OPTIONS:
                opts.setdefault(key, []).extend(part.strip() for part in value.split(",") if part.strip())
            else:
                opts[key] = value
            index += 2
        elif key in FLAG_OPTIONS:
            opts[key] = True
            index += 1
            if key == "-fips" and index < len(argv) and argv[index].lower() in ("true", "false", "yes", "no"):
                opts[key] = argv[index].lower() in ("true", "yes")
                index += 1
        elif key.startswith("-"):
            raise usage("The option %s is not known." % key)
        else:
            positional.append(arg)
            index += 1
    return obj, action, opts, positional


def require(opts, *names):
    for name in names:
        if not opts.get(name):
            raise usage("The option %s is required for this command." % name)
    return [opts[name] for name in names]


# files


def write_private(path, data):
    """Write `data` to `path` with mode 0600 (replacing the file atomically)."""
    directory = os.path.dirname(os.path.abspath(path))
    temp = os.path.join(directory, ".%s.%s.tmp" % (os.path.basename(path), secrets.token_hex(6)))
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def db_paths(db):
    """The database files: a -db without an extension gets ".kdb" (as in IBM's transcripts)."""
    root, ext = os.path.splitext(db)
    kdb = db if ext else db + ".kdb"
    root = os.path.splitext(kdb)[0]
    return {"kdb": kdb, "rdb": root + ".rdb", "crl": root + ".crl", "sth": root + ".sth"}


def stash_bytes(password):
    data = password.encode("utf-8")
    if len(data) >= STASH_SIZE:
        raise StandinError("CTGSK9011W The password is too long to be stashed.")
    padding = bytes(secrets.randbelow(255) + 1 for _index in range(STASH_SIZE - len(data) - 1))
    return bytes(byte ^ STASH_XOR for byte in data + b"\0" + padding)


def read_stash(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        raise StandinError("CTGSK9006W The stash file %s could not be read." % path) from None
    plain = bytes(byte ^ STASH_XOR for byte in data)
    if len(data) != STASH_SIZE or b"\0" not in plain:
        raise StandinError("CTGSK9006W The stash file %s is not in a layout this stand-in reads." % path)
    return plain.split(b"\0", 1)[0].decode("utf-8", "replace")


def password_hash(password, salt=None):
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, KDF_ITERATIONS)
    return {"kdf": "pbkdf2-hmac-sha256", "iterations": KDF_ITERATIONS, "salt": salt.hex(), "hash": digest.hex()}


def password_matches(record, password):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(record["salt"]), int(record["iterations"]))
    return hmac.compare_digest(digest.hex(), record["hash"])


def check_strength(password):
    """IBM's -strong rules: 14+ characters; a lower-case, an upper-case and a digit or special character;
    no character more than three times; no more than two equal characters in a row; printable ASCII."""
    problems = len(password) < 14
    problems = problems or not re.search(r"[a-z]", password) or not re.search(r"[A-Z]", password)
    problems = problems or not re.search(r"[^A-Za-z]", password)
    problems = problems or any(password.count(char) > 3 for char in set(password))
    problems = problems or re.search(r"(.)\1\1", password) is not None
    problems = problems or any(not 0x20 <= ord(char) <= 0x7E for char in password)
    if problems:
        raise StandinError("CTGSK9007W The password does not meet the minimum strength requirements.")


def encrypt_key(key, password):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(password.encode("utf-8"))).decode("ascii")


def decrypt_key(pem, password):
    return serialization.load_pem_private_key(pem.encode("ascii"), password.encode("utf-8"))


class Database:
    """An opened stand-in database: its JSON documents and the password that opened it."""

    def __init__(self, opts, password=None):
        db = require(opts, "-db")[0]
        self.paths = db_paths(db)
        if not os.path.isfile(self.paths["kdb"]):
            raise StandinError("CTGSK9001W The key database %s does not exist." % self.paths["kdb"])
        if password is None:
            if opts.get("-pw"):
                password = opts["-pw"]
            elif opts.get("-stashed"):
                password = read_stash(self.paths["sth"])
            else:
                raise usage("The option -pw or -stashed is required for this command.")
        try:
            with open(self.paths["kdb"], "r", encoding="utf-8") as handle:
                self.doc = json.load(handle)
        except (OSError, ValueError):
            self.doc = None
        if not isinstance(self.doc, dict) or self.doc.get("format") != FORMAT:
            raise StandinError("CTGSK9001W The file %s is not a key database of this stand-in." % self.paths["kdb"])
        if not password_matches(self.doc["password"], password):
            raise StandinError("CTGSK9002W The password is not correct for the key database %s." % self.paths["kdb"])
        self.password = password
        self.requests = {"format": FORMAT, "requests": []}
        if os.path.isfile(self.paths["rdb"]):
            with open(self.paths["rdb"], "r", encoding="utf-8") as handle:
                self.requests = json.load(handle)

    @property
    def entries(self):
        return self.doc["entries"]

    def entry(self, label):
        for item in self.entries:
            if item["label"] == label:
                return item
        return None

    def request(self, label):
        for item in self.requests["requests"]:
            if item["label"] == label:
                return item
        return None

    def label_free(self, label):
        if self.entry(label) is not None or self.request(label) is not None:
            raise StandinError("CTGSK9004W An entry with the label '%s' already exists in the database." % label)

    def save(self):
        write_private(self.paths["kdb"], json.dumps(self.doc, indent=1).encode("utf-8"))
        write_private(self.paths["rdb"], json.dumps(self.requests, indent=1).encode("utf-8"))


# certificates and names


def load_certificate(path, fmt="ascii"):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        raise StandinError("CTGSK9008W The file %s could not be read." % path) from None
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise StandinError("CTGSK9008W The file %s does not hold a %s certificate." % (path, fmt)) from None


def cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def spki(key):
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def split_dn(text):
    """RDN strings of an IBM-style DN (commas separate; backslash escapes; double quotes group)."""
    parts, current, quoted, escaped = [], [], False, False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def parse_dn(text):
    """An x509.Name from a -dn value such as "CN=app1,OU=MQ,O=Example,C=US" (most specific RDN first)."""
    attributes = []
    for part in split_dn(text):
        key, sep, value = part.partition("=")
        oid = DN_ATTRIBUTES.get(key.strip().upper())
        if not sep or oid is None or not value.strip():
            raise usage("The distinguished name has an attribute this stand-in does not know: %s" % key.strip())
        try:
            attributes.append(x509.NameAttribute(oid, value.strip()))
        except ValueError as exc:
            raise usage("The distinguished name is not valid: %s" % exc) from None
    if not attributes:
        raise usage("The distinguished name is empty.")
    return x509.Name(list(reversed(attributes)))


def dn_text(name, quote=True):
    text = name.rfc4514_string()
    return '"%s"' % text if quote and " " in text else text


def display_label(label):
    return '"%s"' % label if " " in label else label


def hex_lines(data, indent="    "):
    return [indent + " ".join("%02X" % byte for byte in data[start:start + 16]) for start in range(0, len(data), 16)]


def gsk_date(moment):
    return "%d %s GMT+00:00" % (moment.day, moment.strftime("%B %Y %H:%M:%S"))


def details_text(item):
    cert = x509.load_pem_x509_certificate(item["certificate"].encode("ascii"))
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        size, key_type = key.key_size, "RSA (1.2.840.113549.1.1.1)"
    elif isinstance(key, ec.EllipticCurvePublicKey):
        size, key_type = key.curve.key_size, "EC_ecPublicKey (1.2.840.10045.2.1)"
    else:
        size, key_type = 0, type(key).__name__
    serial = cert.serial_number
    serial_hex = serial.to_bytes((serial.bit_length() + 8) // 8, "big").hex()
    oid = cert.signature_algorithm_oid.dotted_string
    lines = [
        "Label : %s" % item["label"],
        "Key Size : %d" % size,
        "Version : X509 V%d" % (cert.version.value + 1),
        "Serial : %s" % serial_hex,
        "Issuer : %s" % dn_text(cert.issuer),
        "Subject : %s" % dn_text(cert.subject),
        "Not Before : %s" % gsk_date(cert.not_valid_before_utc),
        "",
        "Not After : %s" % gsk_date(cert.not_valid_after_utc),
        "",
        "Public Key",
    ]
    lines += hex_lines(spki(key))
    lines.append("Public Key Type : %s" % key_type)
    for name, algorithm in (("SHA1", hashes.SHA1()), ("MD5", hashes.MD5()), ("SHA256", hashes.SHA256())):
        lines.append("Fingerprint : %s : " % name)
        lines += hex_lines(cert.fingerprint(algorithm))
    lines.append("Fingerprint : HPKP : ")
    lines.append("    " + base64.b64encode(hashlib.sha256(spki(key)).digest()).decode("ascii"))
    extension_lines = []
    for extension in cert.extensions:
        if isinstance(extension.value, x509.BasicConstraints):
            extension_lines += ["    basicConstraints", "        ca = %s" % str(extension.value.ca).lower()]
            extension_lines += ["        critical"] if extension.critical else []
        elif isinstance(extension.value, x509.SubjectAlternativeName):
            extension_lines.append("    subjectAlternativeName")
            for general in extension.value:
                kind = {"DNSName": "dNSName", "IPAddress": "iPAddress", "RFC822Name": "rfc822Name"}.get(type(general).__name__)
                extension_lines.append("        %s: %s" % (kind or type(general).__name__, general.value))
    if extension_lines:
        lines += ["Extensions"] + extension_lines
    lines.append("Signature Algorithm : %s (%s)" % (SIGNATURE_NAMES.get(oid, oid), oid))
    lines.append("Value")
    lines += hex_lines(cert.signature)
    lines.append("Trust Status : %s" % ("Enabled" if item.get("trust", True) else "Disabled"))
    return "\n".join(lines) + "\n"


def chain_is_trusted(cert, db):
    """True when issuers found among the database's trusted entries lead from `cert` to a self-signed root."""
    anchors = [x509.load_pem_x509_certificate(item["certificate"].encode("ascii"))
               for item in db.entries if item["kind"] == "trusted" and item.get("trust", True)]
    current = cert
    for _depth in range(10):
        issuer = None
        for candidate in anchors:
            if candidate.subject != current.issuer:
                continue
            try:
                current.verify_directly_issued_by(candidate)
            except (ValueError, TypeError, InvalidSignature):
                continue
            issuer = candidate
            break
        if issuer is None:
            return False
        if issuer.subject == issuer.issuer:
            return True
        current = issuer
    return False


def key_for_request(sig_alg, size, fips):
    """(private key, hash) for -sig_alg / -size: ECDSA algorithms give an EC key on the curve of `size`,
    the others an RSA key of `size` bits."""
    norm = re.sub(r"[^a-z0-9]", "", sig_alg.lower())
    if "dsa" in norm and "ecdsa" not in norm:
        raise StandinError("CTGSK9010W DSA keys are not supported by this stand-in.")
    if norm.startswith("md5") or re.search(r"sha3[_-]", sig_alg.lower()):
        raise StandinError("CTGSK9010W The signature algorithm %s is not supported by this stand-in." % sig_alg)
    match = re.search(r"sha(512|384|256|224|1)", norm)
    digest = HASHES[match.group(1)] if match else (hashes.SHA1 if norm in ("sha", "shawithrsa") else None)
    if digest is None:
        raise StandinError("CTGSK9010W The signature algorithm %s is not known." % sig_alg)
    if "ecdsa" in norm:
        if size not in CURVES:
            raise StandinError("CTGSK9010W The key size %d is not valid for an elliptic curve key." % size)
        return ec.generate_private_key(CURVES[size]()), digest()
    if size not in RSA_SIZES or (fips and size < 2048):
        raise StandinError("CTGSK9010W The key size %d is not valid for an RSA key." % size)
    return rsa.generate_private_key(public_exponent=65537, key_size=size), digest()


# verbs


def keydb_create(opts):
    db, password = require(opts, "-db", "-pw")
    kind = str(opts.get("-type", "cms")).lower()
    if kind not in ("cms", "pkcs12", "p12"):
        raise usage("The key database type %s is not supported by this stand-in." % kind)
    if opts.get("-strong"):
        check_strength(password)
    paths = db_paths(db)
    if os.path.exists(paths["kdb"]):
        raise StandinError("CTGSK9003W The key database %s already exists." % paths["kdb"])
    stash = stash_bytes(password) if opts.get("-stash") else None
    doc = {"format": FORMAT, "type": "pkcs12" if kind == "p12" else kind, "password": password_hash(password),
           "fips": bool(opts.get("-fips")), "entries": []}
    write_private(paths["kdb"], json.dumps(doc, indent=1).encode("utf-8"))
    write_private(paths["rdb"], json.dumps({"format": FORMAT, "requests": []}, indent=1).encode("utf-8"))
    write_private(paths["crl"], json.dumps({"format": FORMAT, "crls": []}, indent=1).encode("utf-8"))
    if stash is not None:
        write_private(paths["sth"], stash)
    return ""


def keydb_changepw(opts):
    new_password = require(opts, "-new_pw")[0]
    db = Database(opts)
    if opts.get("-strong"):
        check_strength(new_password)
    stash = stash_bytes(new_password) if opts.get("-stash") else None
    for item in db.entries + db.requests["requests"]:
        if item.get("private_key"):
            item["private_key"] = encrypt_key(decrypt_key(item["private_key"], db.password), new_password)
    db.doc["password"] = password_hash(new_password)
    db.save()
    if stash is not None:
        write_private(db.paths["sth"], stash)
    return ""


def keydb_stashpw(opts):
    require(opts, "-pw")
    db = Database(opts)
    write_private(db.paths["sth"], stash_bytes(db.password))
    return ""


def cert_list(opts, positional):
    which = positional[0].lower() if positional else "all"
    kinds = {"all": ("personal", "trusted"), "personal": ("personal",), "ca": ("trusted",), "site": ("trusted",),
             "trusted": ("trusted",)}.get(which)
    if kinds is None:
        raise usage("The certificate list type %s is not known." % which)
    db = Database(opts)
    items = [item for item in db.entries if item["kind"] in kinds]
    if not items:
        return "No certificates were found.\n"
    lines = ["Certificates found", LEGEND]
    for item in items:
        flag = ("*" if item.get("default") else "") + ("-" if item["kind"] == "personal" else "!")
        line = "%s\t%s" % (flag, display_label(item["label"]))
        if opts.get("-v"):
            cert = x509.load_pem_x509_certificate(item["certificate"].encode("ascii"))
            line += "  %s  %s" % (dn_text(cert.subject, quote=False), dn_text(cert.issuer, quote=False))
        lines.append(line)
    return "\n".join(lines) + "\n"


def cert_details(opts):
    label = require(opts, "-label")[0]
    db = Database(opts)
    item = db.entry(label)
    if item is None:
        raise StandinError("CTGSK3029W The database doesn't contain an entry with label '%s'." % label)
    return details_text(item)


def cert_extract(opts):
    label, target = require(opts, "-label", "-target")
    db = Database(opts)
    item = db.entry(label)
    if item is None:
        raise StandinError("CTGSK3029W The database doesn't contain an entry with label '%s'." % label)
    if os.path.exists(target):
        raise StandinError("CTGSK9009W The target file %s already exists." % target)
    cert = x509.load_pem_x509_certificate(item["certificate"].encode("ascii"))
    binary = str(opts.get("-format", "ascii")).lower() == "binary"
    write_private(target, cert.public_bytes(serialization.Encoding.DER if binary else serialization.Encoding.PEM))
    return ""


def cert_add(opts):
    label, path = require(opts, "-label", "-file")
    db = Database(opts)
    cert = load_certificate(path, opts.get("-format", "ascii"))
    db.label_free(label)
    fingerprint = cert.fingerprint(hashes.SHA256())
    for item in db.entries:
        if x509.load_pem_x509_certificate(item["certificate"].encode("ascii")).fingerprint(hashes.SHA256()) == fingerprint:
            raise StandinError("CTGSK2021W A duplicate certificate already exists in the database.")
    trust = str(opts.get("-trust", "enable")).lower() not in ("disable", "no", "false")
    db.entries.append({"label": label, "kind": "trusted", "default": False, "trust": trust,
                       "certificate": cert_pem(cert), "private_key": None})
    db.save()
    return ""


def cert_delete(opts):
    label = require(opts, "-label")[0]
    db = Database(opts)
    item = db.entry(label)
    if item is None:
        raise StandinError("CTGSK3029W The database doesn't contain an entry with label '%s'." % label)
    db.entries.remove(item)
    db.save()
    return ""


def cert_receive(opts):
    path = require(opts, "-file")[0]
    db = Database(opts)
    cert = load_certificate(path, opts.get("-format", "ascii"))
    public = spki(cert.public_key())
    request = None
    for item in db.requests["requests"]:
        csr = x509.load_pem_x509_csr(item["request"].encode("ascii"))
        if spki(csr.public_key()) == public:
            request = item
            break
    if request is None:
        raise StandinError("CTGSK9005W The certificate does not match any certificate request in the request database.")
    if db.entry(request["label"]) is not None:
        raise StandinError("CTGSK9004W An entry with the label '%s' already exists in the database." % request["label"])
    if not chain_is_trusted(cert, db):
        raise StandinError(["CTGSK2146W An invalid certificate chain was found.",
                            "CTGSK2043W Key entry validation failed."])
    default = str(opts.get("-default_cert", "no")).lower() in ("yes", "true")
    if default:
        for item in db.entries:
            item["default"] = False
    db.entries.append({"label": request["label"], "kind": "personal", "default": default, "trust": True,
                       "certificate": cert_pem(cert), "private_key": request["private_key"]})
    db.requests["requests"].remove(request)
    db.save()
    return ""


def certreq_create(opts):
    label, dn = require(opts, "-label", "-dn")
    target = opts.get("-file") or opts.get("-target")
    if not target:
        raise usage("The option -file is required for this command.")
    db = Database(opts)
    db.label_free(label)
    name = parse_dn(dn)
    try:
        size = int(opts.get("-size", "2048"))
    except ValueError:
        raise usage("The key size must be a number.") from None
    key, digest = key_for_request(str(opts.get("-sig_alg", "SHA256WithRSA")), size, bool(opts.get("-fips")))
    names = [x509.DNSName(value) for value in opts.get("-san_dnsname", [])]
    names += [x509.RFC822Name(value) for value in opts.get("-san_emailaddr", [])]
    try:
        names += [x509.IPAddress(ipaddress.ip_address(value)) for value in opts.get("-san_ipaddr", [])]
    except ValueError as exc:
        raise usage("An IP address is not valid: %s" % exc) from None
    builder = x509.CertificateSigningRequestBuilder().subject_name(name)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    csr = builder.sign(key, digest)
    pem = csr.public_bytes(serialization.Encoding.PEM).decode("ascii")
    pem = pem.replace("-----BEGIN CERTIFICATE REQUEST-----", "-----BEGIN NEW CERTIFICATE REQUEST-----")
    pem = pem.replace("-----END CERTIFICATE REQUEST-----", "-----END NEW CERTIFICATE REQUEST-----")
    db.requests["requests"].append({"label": label, "request": csr.public_bytes(serialization.Encoding.PEM).decode("ascii"),
                                    "private_key": encrypt_key(key, db.password),
                                    "created": datetime.datetime.now(datetime.timezone.utc).isoformat()})
    db.save()
    write_private(target, pem.encode("ascii"))
    return ""


def certreq_list(opts):
    db = Database(opts)
    labels = [item["label"] for item in db.requests["requests"]]
    if not labels:
        return "No certificate requests were found.\n"
    return "Certificates requests found\n" + "".join("\t%s\n" % display_label(label) for label in labels)


def certreq_delete(opts):
    label = require(opts, "-label")[0]
    db = Database(opts)
    item = db.request(label)
    if item is None:
        raise StandinError("CTGSK3029W The database doesn't contain an entry with label '%s'." % label)
    db.requests["requests"].remove(item)
    db.save()
    return ""


def certreq_extract(opts):
    label, target = require(opts, "-label", "-target")
    db = Database(opts)
    item = db.request(label)
    if item is None:
        raise StandinError("CTGSK3029W The database doesn't contain an entry with label '%s'." % label)
    pem = item["request"].replace("CERTIFICATE REQUEST-----", "NEW CERTIFICATE REQUEST-----")
    write_private(target, pem.encode("ascii"))
    return ""


def cert_rename(opts):
    label, new_label = require(opts, "-label", "-new_label")
    db = Database(opts)
    item = db.entry(label)
    if item is None:
        raise StandinError("CTGSK3029W The database doesn't contain an entry with label '%s'." % label)
    db.label_free(new_label)
    item["label"] = new_label
    db.save()
    return ""


def dispatch(argv):
    obj, action, opts, positional = parse_args(argv)
    if positional and (obj, action) != ("-cert", "-list"):
        raise usage("Unexpected argument at position %d." % (argv.index(positional[0]) + 1))
    verbs = {
        ("-keydb", "-create"): keydb_create, ("-keydb", "-changepw"): keydb_changepw,
        ("-keydb", "-stashpw"): keydb_stashpw, ("-cert", "-details"): cert_details,
        ("-cert", "-extract"): cert_extract, ("-cert", "-add"): cert_add, ("-cert", "-delete"): cert_delete,
        ("-cert", "-receive"): cert_receive, ("-certreq", "-create"): certreq_create,
        ("-certreq", "-list"): certreq_list, ("-certreq", "-delete"): certreq_delete,
        ("-certreq", "-extract"): certreq_extract, ("-cert", "-rename"): cert_rename,
    }
    if (obj, action) == ("-cert", "-list"):
        return cert_list(opts, positional)
    verb = verbs.get((obj, action))
    if verb is None:
        raise usage("The command %s %s is not supported by this stand-in." % (obj, action))
    return verb(opts)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        out = dispatch(argv)
    except StandinError as exc:
        sys.stderr.write("\n".join(exc.lines) + "\n")
        return exc.rc
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
