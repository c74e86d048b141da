# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""MQ administration mode (mqcli) commands: dspmq and the certificate commands, on the key repositories.

Every command returns the lines it prints (without line ends). Message texts follow docs/appliance.md; the
GSKit (CTGSK...) and appliance ("% ...") texts are modelled, not confirmed on a real appliance.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
import shlex

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from . import certstore, util

FILE_NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
PUBCERT_PREFIX_RE = re.compile(r"^mqpubcert:/*", re.IGNORECASE)

MSG_QMGR_UNKNOWN = "AMQ7048E: The queue manager name is either not valid or not known."
MSG_LABEL_IN_USE = 'CTGSK2021W The label "%s" is already in use.'
MSG_NO_LABEL = 'CTGSK3029W The database doesn\'t contain an entry with label "%s".'
MSG_CERT_INVALID = "CTGSK3012W The certificate is not valid."
MSG_KEY_NOT_FOUND = "CTGSK3046W The key could not be found."
MSG_SIGNER_UNTRUSTED = "CTGSK3043W The certificate's signer is not trusted in the key repository."
MSG_CERT_EXISTS = 'CTGSK3042W The certificate is already in the key repository under the label "%s".'
MSG_DN_ATTRS = "% The distinguished name must contain the CN, O and C attributes."

DN_ATTRS = {
    "CN": NameOID.COMMON_NAME, "O": NameOID.ORGANIZATION_NAME, "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "C": NameOID.COUNTRY_NAME, "L": NameOID.LOCALITY_NAME, "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "S": NameOID.STATE_OR_PROVINCE_NAME, "SP": NameOID.STATE_OR_PROVINCE_NAME, "STREET": NameOID.STREET_ADDRESS,
    "DC": NameOID.DOMAIN_COMPONENT, "E": NameOID.EMAIL_ADDRESS, "EMAIL": NameOID.EMAIL_ADDRESS,
    "EMAILADDRESS": NameOID.EMAIL_ADDRESS, "SERIALNUMBER": NameOID.SERIAL_NUMBER, "UID": NameOID.USER_ID,
    "T": NameOID.TITLE, "TITLE": NameOID.TITLE, "PC": NameOID.POSTAL_CODE, "POSTALCODE": NameOID.POSTAL_CODE,
    "DNQ": NameOID.DN_QUALIFIER, "DNQUALIFIER": NameOID.DN_QUALIFIER,
}

KEY_USAGES = {
    "digitalsignature": "digital_signature", "nonrepudiation": "content_commitment",
    "contentcommitment": "content_commitment", "keyencipherment": "key_encipherment",
    "dataencipherment": "data_encipherment", "keyagreement": "key_agreement", "keycertsign": "key_cert_sign",
    "crlsign": "crl_sign", "encipheronly": "encipher_only", "decipheronly": "decipher_only",
}
EXT_KEY_USAGES = {
    "serverauth": ExtendedKeyUsageOID.SERVER_AUTH, "clientauth": ExtendedKeyUsageOID.CLIENT_AUTH,
    "codesigning": ExtendedKeyUsageOID.CODE_SIGNING, "emailprotection": ExtendedKeyUsageOID.EMAIL_PROTECTION,
    "timestamping": ExtendedKeyUsageOID.TIME_STAMPING, "ocspsigning": ExtendedKeyUsageOID.OCSP_SIGNING,
}
EC_CURVES = {256: ec.SECP256R1, 384: ec.SECP384R1, 521: ec.SECP521R1}
RSA_SIZES = (2048, 3072, 4096)

VALUE, OPTIONAL = "value", "optional"

# command -> (options in their order, required options)
COMMANDS = {
    "dspmq": ({"-m": VALUE}, ()),
    "createcertrequest": ({"-m": VALUE, "-dn": VALUE, "-label": VALUE, "-size": VALUE, "-sig_alg": VALUE,
                           "-san_dnsname": VALUE, "-san_ipaddr": VALUE, "-ku": VALUE, "-eku": VALUE},
                          ("-m", "-dn")),
    "detailcertrequest": ({"-m": VALUE, "-label": VALUE}, ("-m", "-label")),
    "deletecertrequest": ({"-m": VALUE, "-label": VALUE}, ("-m", "-label")),
    "receivecert": ({"-m": VALUE, "-file": VALUE, "-format": VALUE}, ("-m", "-file")),
    "addcert": ({"-m": VALUE, "-label": VALUE, "-file": VALUE, "-format": VALUE}, ("-m", "-label", "-file")),
    "listcert": ({"-m": VALUE, "-expiry": OPTIONAL}, ("-m",)),
    "detailcert": ({"-m": VALUE, "-label": VALUE}, ("-m", "-label")),
    "deletecert": ({"-m": VALUE, "-label": VALUE}, ("-m", "-label")),
}


class CliFailure(Exception):
    """A command failed: its message lines."""

    def __init__(self, *lines):
        super().__init__(lines[0] if lines else "")
        self.lines = list(lines)


def parse_options(words, spec, required):
    options = {}
    i = 0
    while i < len(words):
        word = words[i]
        if not word.startswith("-") or len(word) == 1:
            raise CliFailure('%% Unexpected parameter: "%s"' % word)
        name = word.lower()
        if name not in spec:
            raise CliFailure("%% Unknown option: %s" % word)
        if name in options:
            raise CliFailure("%% Duplicate parameter: %s" % name)
        if spec[name] == VALUE:
            if i + 1 >= len(words):
                raise CliFailure("%% Missing value for parameter: %s" % name)
            options[name] = words[i + 1]
            i += 2
        else:  # OPTIONAL: a following word that is not an option is its value
            if i + 1 < len(words) and not words[i + 1].startswith("-"):
                options[name] = words[i + 1]
                i += 2
            else:
                options[name] = True
                i += 1
    for name in required:
        if name not in options:
            raise CliFailure("%% Missing required parameter: %s" % name)
    return options


def parse_dn(text):
    """RFC 4514 style 'CN=a,O=b,C=US' (backslash escapes, double-quoted values, '+' for multi-valued RDNs) ->
    list of RDNs, each a list of (key, oid, value), in the order written. Raises ValueError."""
    rdns, rdn, buf = [], [], []
    in_quotes = False
    i, n = 0, len(text)
    while i <= n:
        ch = text[i] if i < n else None
        if ch is None or (not in_quotes and ch in ",;+"):
            rdn.append("".join(buf))
            buf = []
            if ch != "+":
                rdns.append(rdn)
                rdn = []
            i += 1
        elif ch == "\\" and i + 1 < n:
            pair = text[i + 1:i + 3]
            if re.fullmatch(r"[0-9A-Fa-f]{2}", pair):
                buf.append(chr(int(pair, 16)))
                i += 3
            else:
                buf.append(text[i + 1])
                i += 2
        elif ch == '"':
            in_quotes = not in_quotes
            i += 1
        else:
            buf.append(ch)
            i += 1
    if in_quotes:
        raise ValueError("unbalanced quotes")
    result = []
    for parts in rdns:
        pairs = []
        for part in parts:
            if "=" not in part:
                raise ValueError("no '=' in %r" % part)
            key, value = part.split("=", 1)
            key, value = key.strip().upper(), value.strip()
            if key not in DN_ATTRS or not value:
                raise ValueError("attribute %r" % key)
            pairs.append((key, DN_ATTRS[key], value))
        result.append(pairs)
    return result


def build_name(rdns):
    """x509.Name whose rfc4514_string() shows the attributes in the order written (RFC 4514 writes the last
    RDN of the ASN.1 sequence first, so the sequence is the reverse of the text)."""
    return x509.Name([x509.RelativeDistinguishedName([x509.NameAttribute(oid, value) for _k, oid, value in rdn])
                      for rdn in reversed(rdns)])


class MqCli:
    def __init__(self, repos: certstore.Repositories):
        self.repos = repos

    def run(self, line):
        """Run one mqcli command line; return the printed lines (the caller handles exit)."""
        try:
            words = shlex.split(line)
        except ValueError as exc:
            return ["%% Syntax error: %s" % exc]
        if not words:
            return []
        command = words[0]
        if command not in COMMANDS:
            return ['%% Unknown command: "%s"' % command]
        spec, required = COMMANDS[command]
        try:
            options = parse_options(words[1:], spec, required)
            if "-m" in options and not self.repos.exists(options["-m"]):
                raise CliFailure(MSG_QMGR_UNKNOWN)
            return getattr(self, "cmd_" + command)(options)
        except CliFailure as failure:
            return failure.lines

    # ----- helpers -------------------------------------------------------------------------------------------
    def _pubcert_file(self, given):
        name = PUBCERT_PREFIX_RE.sub("", given)
        path = self.repos.pubcert_path(name) if FILE_NAME_RE.match(name) else None
        if path is None or not os.path.isfile(path):
            raise CliFailure("%% File not found: mqpubcert:///%s" % name)
        with open(path, "rb") as handle:
            return handle.read()

    @staticmethod
    def _format(options):
        fmt = options.get("-format", "ascii")
        if fmt.lower() not in ("ascii", "binary"):
            raise CliFailure("%% Invalid value for parameter -format: %s" % fmt)
        return fmt.lower()

    # ----- commands ------------------------------------------------------------------------------------------
    def cmd_dspmq(self, options):
        names = [options["-m"]] if "-m" in options else self.repos.qmgr_names()
        lines = []
        for name in names:
            left = "QMNAME(%s)" % name
            lines.append(left.ljust(59) + ("" if len(left) < 59 else " ") + "STATUS(Running)")
        return lines

    def cmd_createcertrequest(self, options):
        qmgr = options["-m"]
        label = options.get("-label") or certstore.default_label(qmgr)
        if not FILE_NAME_RE.match(label) or label.startswith("."):
            raise CliFailure('%% Invalid label: "%s"' % label)
        try:
            rdns = parse_dn(options["-dn"])
            subject = build_name(rdns)
        except ValueError:
            raise CliFailure('%% The distinguished name is not valid: "%s"' % options["-dn"]) from None
        present = {key for rdn in rdns for key, _oid, _value in rdn}
        if not {"CN", "O", "C"} <= present:
            raise CliFailure(MSG_DN_ATTRS)
        sig_alg = options.get("-sig_alg", "SHA256WithRSA")
        lower = sig_alg.lower()
        algorithm = certstore.hash_for(sig_alg)
        is_ec = "ecdsa" in lower or lower.startswith("ec_")
        if algorithm is None or not (is_ec or "rsa" in lower):
            raise CliFailure("%% Invalid signature algorithm: %s" % sig_alg)
        size_text = options.get("-size", "256" if is_ec else "2048")
        try:
            size = int(size_text)
        except ValueError:
            size = None
        if size is None or (is_ec and size not in EC_CURVES) or (not is_ec and size not in RSA_SIZES):
            raise CliFailure("%% Invalid key size: %s" % size_text)
        sans = []
        for dns in filter(None, (options.get("-san_dnsname") or "").split(",")):
            sans.append(x509.DNSName(dns.strip()))
        for addr in filter(None, (options.get("-san_ipaddr") or "").split(",")):
            try:
                sans.append(x509.IPAddress(ipaddress.ip_address(addr.strip())))
            except ValueError:
                raise CliFailure("%% Invalid IP address: %s" % addr) from None
        usages = None
        if options.get("-ku"):
            flags = dict.fromkeys(set(KEY_USAGES.values()), False)
            for item in options["-ku"].split(","):
                key = KEY_USAGES.get(item.strip().lower())
                if key is None:
                    raise CliFailure("%% Invalid key usage: %s" % item)
                flags[key] = True
            usages = x509.KeyUsage(**flags)
        ext_usages = None
        if options.get("-eku"):
            oids = []
            for item in options["-eku"].split(","):
                oid = EXT_KEY_USAGES.get(item.strip().lower())
                if oid is None:
                    raise CliFailure("%% Invalid extended key usage: %s" % item)
                oids.append(oid)
            ext_usages = x509.ExtendedKeyUsage(oids)

        with self.repos.modify(qmgr) as repo:
            if label in repo["entries"] or label in repo["requests"]:
                raise CliFailure(MSG_LABEL_IN_USE % label)
            key = ec.generate_private_key(EC_CURVES[size]()) if is_ec else \
                rsa.generate_private_key(public_exponent=65537, key_size=size)
            builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
            if sans:
                builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
            if usages is not None:
                builder = builder.add_extension(usages, critical=True)
            if ext_usages is not None:
                builder = builder.add_extension(ext_usages, critical=False)
            try:
                csr = builder.sign(key, algorithm())
            except (UnsupportedAlgorithm, ValueError, TypeError):
                csr = builder.sign(key, hashes.SHA256())
            csr_pem = csr.public_bytes(serialization.Encoding.PEM).decode("ascii")
            util.atomic_write(self.repos.pubcert_path(label + ".csr"), csr_pem, mode=util.PUBLIC_FILE_MODE)
            repo["requests"][label] = {
                "key_pem": self.repos.encrypt_key(key), "csr_pem": csr_pem,
                "params": {"dn": options["-dn"], "size": size, "sig_alg": sig_alg,
                           "san_dnsname": options.get("-san_dnsname"), "san_ipaddr": options.get("-san_ipaddr"),
                           "ku": options.get("-ku"), "eku": options.get("-eku")},
            }
        return ["The certificate request was created and written to mqpubcert:///%s.csr" % label]

    def cmd_detailcertrequest(self, options):
        request = self.repos.load(options["-m"])["requests"].get(options["-label"])
        if request is None:
            raise CliFailure(MSG_NO_LABEL % options["-label"])
        csr = x509.load_pem_x509_csr(request["csr_pem"].encode("ascii"))
        return certstore.request_details(options["-label"], csr)

    def cmd_deletecertrequest(self, options):
        with self.repos.modify(options["-m"]) as repo:
            if repo["requests"].pop(options["-label"], None) is None:
                raise CliFailure(MSG_NO_LABEL % options["-label"])
        return []

    def cmd_receivecert(self, options):
        fmt = self._format(options)
        data = self._pubcert_file(options["-file"])
        cert = certstore.load_certificate(data, fmt)
        if cert is None:
            raise CliFailure(MSG_CERT_INVALID)
        spki = certstore.spki_der(cert.public_key())
        with self.repos.modify(options["-m"]) as repo:
            label = None
            for name, request in sorted(repo["requests"].items()):
                csr = x509.load_pem_x509_csr(request["csr_pem"].encode("ascii"))
                if certstore.spki_der(csr.public_key()) == spki:
                    label = name
                    break
            if label is None:
                raise CliFailure(MSG_KEY_NOT_FOUND)
            trusted = False
            for entry in repo["entries"].values():
                if entry["kind"] != "trusted":
                    continue
                issuer = x509.load_pem_x509_certificate(entry["cert_pem"].encode("ascii"))
                try:
                    cert.verify_directly_issued_by(issuer)
                except Exception:  # pylint: disable=broad-except  # wrong issuer name, signature or key type
                    continue
                trusted = True
                break
            if not trusted:
                raise CliFailure(MSG_SIGNER_UNTRUSTED)
            request = repo["requests"].pop(label)
            repo["entries"][label] = {"kind": "personal", "key_pem": request["key_pem"],
                                      "cert_pem": cert.public_bytes(serialization.Encoding.PEM).decode("ascii")}
        return []

    def cmd_addcert(self, options):
        label = options["-label"]
        data = self._pubcert_file(options["-file"])
        if "-format" in options:
            cert = certstore.load_certificate(data, self._format(options))
        else:
            cert = certstore.load_certificate(data, "ascii") or certstore.load_certificate(data, "binary")
        if cert is None:
            raise CliFailure(MSG_CERT_INVALID)
        digest = certstore.cert_sha256(cert)
        with self.repos.modify(options["-m"]) as repo:
            if label in repo["entries"] or label in repo["requests"]:
                raise CliFailure(MSG_LABEL_IN_USE % label)
            for name, entry in sorted(repo["entries"].items()):
                other = x509.load_pem_x509_certificate(entry["cert_pem"].encode("ascii"))
                if certstore.cert_sha256(other) == digest:
                    raise CliFailure(MSG_CERT_EXISTS % name)
            repo["entries"][label] = {"kind": "trusted",
                                      "cert_pem": cert.public_bytes(serialization.Encoding.PEM).decode("ascii")}
        return []

    def cmd_listcert(self, options):
        entries = self.repos.load(options["-m"])["entries"]
        expiry = options.get("-expiry")
        limit = None
        if isinstance(expiry, str):
            if not expiry.isdigit():
                raise CliFailure("%% Invalid value for parameter -expiry: %s" % expiry)
            limit = util.now_utc() + datetime.timedelta(days=int(expiry))
        lines = []
        for label in sorted(entries):
            entry = entries[label]
            cert = x509.load_pem_x509_certificate(entry["cert_pem"].encode("ascii"))
            if limit is not None and cert.not_valid_after_utc > limit:
                continue
            lines.append("%s\t%s" % ("-" if entry["kind"] == "personal" else "!", label))
            if expiry is not None:
                lines.append("\tValid From: %s To: %s"
                             % (certstore.gsk_date(cert.not_valid_before_utc), certstore.gsk_date(cert.not_valid_after_utc)))
        if not lines:
            return ["No certificates were found."]
        return ["Certificates found", "* default, - personal, ! trusted, # secret key"] + lines

    def cmd_detailcert(self, options):
        entry = self.repos.load(options["-m"])["entries"].get(options["-label"])
        if entry is None:
            raise CliFailure(MSG_NO_LABEL % options["-label"])
        cert = x509.load_pem_x509_certificate(entry["cert_pem"].encode("ascii"))
        return certstore.cert_details(options["-label"], cert)

    def cmd_deletecert(self, options):
        with self.repos.modify(options["-m"]) as repo:
            if repo["entries"].pop(options["-label"], None) is None:
                raise CliFailure(MSG_NO_LABEL % options["-label"])
        return []
