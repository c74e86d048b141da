# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_appliance_cert's backend: STIG MQMH-AS-001180 fix steps 2 to 4 on an MQ Appliance queue manager.

The queue manager's key repository lives on the appliance and is changed only by its CLI commands
(cli_session); certificates go on and requests come off through the ``mqpubcert:`` file store
(filestore). The decisions are mq_cert's (keystore/cert_backend.CertDecisions: labels, policy
checks, chain, key of a new request): idempotent by fingerprint, every input checked before the
first command that changes anything, and in check mode only listing commands are sent.

Every certificate this module puts on the appliance is kept in ``mqpubcert:`` as
``mqstig-<label>.pem``: it is public, and later runs read it back (checked against the fingerprint
``detailcert`` prints) to judge the entry on its extensions, which ``detailcert`` does not show.
"""

from __future__ import annotations

import re

from ansible_collections.mqstig.tls.plugins.module_utils.appliance import cli_output
from ansible_collections.mqstig.tls.plugins.module_utils.appliance.cli_session import ApplianceCliError, error_lines
from ansible_collections.mqstig.tls.plugins.module_utils.appliance.filestore import FileStoreError
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import entries as entry_mod
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import requests
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.cert_backend import CertDecisions, CertError
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.cert_backend import read_pem
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.runmqakm import LABEL_NOT_FOUND
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates as cert_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass

_QMGR_RE = re.compile(r"^[A-Za-z0-9._/%]{1,48}$")
_UNSAFE_FILE_CHARS_RE = re.compile(r"[^A-Za-z0-9._-]")
_SIG_ALG = {"P-256": ("SHA256WithECDSA", 256), "P-384": ("SHA384WithECDSA", 384), "P-521": ("SHA512WithECDSA", 521)}
# Checks that need a certificate's extensions, which detailcert does not print.
_EXTENSION_CODES = ("CERT_NOT_CA", "CERT_BASIC_CONSTRAINTS", "CERT_KEY_USAGE", "CERT_IS_CA", "CERT_EXTENDED_KEY_USAGE")


def quote(value, what):
    """One CLI argument: double-quoted when it holds anything but plain characters."""
    text = str(value)
    if not text or '"' in text or "\n" in text or "\r" in text or "\\" in text:
        raise CertError("%s %r cannot be passed to the appliance CLI (empty, or holds a quote, backslash or line "
                        "break)" % (what, text))
    return text if re.match(r"^[A-Za-z0-9._@:/=+-]+$", text) else '"%s"' % text


def file_name(label, suffix):
    """The mqpubcert: file this module keeps for `label`."""
    return "mqstig-%s%s" % (_UNSAFE_FILE_CHARS_RE.sub("_", label), suffix)


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _same_name(first, second):
    try:
        return requests.parse_subject(first) == requests.parse_subject(second)
    except (requests.RequestError, ValueError):
        return " ".join((first or "").split()).lower() == " ".join((second or "").split()).lower()


class ApplianceCertBackend(CertDecisions):
    """Decide and (unless check mode) apply the certificates of one appliance queue manager."""

    def __init__(self, params, cli, files, now=None):
        qmgr = params.get("qmgr") or ""
        if not _QMGR_RE.match(qmgr):
            raise CertError("qmgr %r is not a queue manager name (1 to 48 of A-Z a-z 0-9 . _ / %%)" % qmgr)
        super().__init__(params, now)
        self.qmgr = qmgr
        self.cli = cli
        self.files = files
        self.csr_name = params.get("csr_file") or self.label + ".csr"
        self.trusted_items = self._trusted_items()
        self.known = {}  # fingerprint -> certificate, for every certificate this run holds
        self.planned = {}  # label -> facts after the change (None: removed)

    # ------------------------------------------------------------ inputs
    def _trusted_items(self):
        items = []
        if self.kind == "trusted":
            items.append({"label": self.label, "state": self.params.get("state") or "present",
                          "certificate": self.params.get("certificate"),
                          "certificate_path": self.params.get("certificate_path")})
        for item in self.params.get("trusted") or []:
            items.append({"label": item.get("label"), "state": item.get("state") or "present",
                          "certificate": item.get("certificate"), "certificate_path": item.get("certificate_path")})
        labels = []
        for item in items:
            if not item["label"]:
                raise CertError("every trusted certificate needs a label")
            if item["label"] in labels:
                raise CertError("the label %s is given twice" % item["label"])
            labels.append(item["label"])
            if item["state"] == "present":
                certs = read_pem(item, "certificate")
                if not certs or len(certs) != 1:
                    raise CertError("the trusted certificate %s needs one CA certificate (certificate or "
                                    "certificate_path)" % item["label"])
                item["cert"] = certs[0]
            if self.kind == "personal" and item["label"] == self.label:
                raise CertError("the label %s is both the personal certificate's and a trusted one's" % self.label)
        return items

    def _cmd(self, verb, *args):
        parts = [verb, "-m", self.qmgr]
        for name, value in zip(args[::2], args[1::2]):
            parts.extend([name, quote(value, name)])
        return " ".join(parts)

    # ------------------------------------------------------------ reading the appliance
    def _details(self, verb, label):
        output = self.cli.run(self._cmd(verb, "-label", label), check=False)
        problems = error_lines(output)
        if problems:
            if any(LABEL_NOT_FOUND in line for line in problems):
                return None
            raise ApplianceCliError("%s %s: %s" % (verb, label, "; ".join(problems)), verb, output)
        return output

    def _stored_certificate(self, label, fingerprint):
        """The certificate file this module left in mqpubcert: for `label`, when it is the entry's certificate."""
        if not fingerprint:
            return None
        if fingerprint in self.known:
            return self.known[fingerprint]
        data = self.files.read(file_name(label, ".pem"))
        if not data:
            return None
        try:
            certs = x509_facts.load_pem_certificates(data.decode("ascii", "replace"))
        except ValueError:
            return None
        if certs and pkcs12_store.certificate_fingerprint(certs[0]) == fingerprint:
            self.known[fingerprint] = certs[0]
            return certs[0]
        return None

    def inventory(self):
        """{"entries": [facts of every entry, with expiry], "pending": facts of the request at the label or None}."""
        listed = cli_output.parse_listcert(self.cli.run(self._cmd("listcert") + " -expiry"))
        scope = self.scope()
        entries = []
        for item in listed:
            if item.get("kind") not in ("personal", "trusted"):
                continue
            text = self._details("detailcert", item["label"])
            facts = cli_output.certificate_facts(text, item["kind"]) if text else None
            if facts is None:
                facts = {"label": item["label"], "kind": item["kind"], "not_before": item.get("not_before"),
                         "not_after": item.get("not_after"), "sha256_fingerprint": None, "source": "listcert"}
            if item["label"] in scope:
                cert = self._stored_certificate(item["label"], facts.get("sha256_fingerprint"))
                if cert is not None:
                    facts = dict(entry_mod.facts(item["label"], item["kind"], cert), source="certificate")
            entries.append(facts)
        pending = None
        if self.kind == "personal":
            text = self._details("detailcertrequest", self.label)
            if text:
                request = cli_output.request_facts(text) or {}
                pending = {"label": self.label, "kind": "pending", "subject": request.get("subject"), "issuer": None,
                           "serial": None, "not_before": None, "not_after": None, "sha256_fingerprint": None,
                           "key": request.get("key") or {}, "signature_algorithm": request.get("signature_algorithm"),
                           "signature_hash": request.get("signature_hash"), "chain": []}
        return {"entries": entries, "pending": pending}

    def scope(self):
        labels = [item["label"] for item in self.trusted_items]
        if self.kind == "personal":
            labels.insert(0, self.label)
        return labels

    # ------------------------------------------------------------ entry point
    def run(self, check_mode=False):
        self.check_mode = check_mode
        for item in self.trusted_items:
            if item.get("cert") is not None:
                self.known[pkcs12_store.certificate_fingerprint(item["cert"])] = item["cert"]
        try:
            before = self.inventory()
            ops = self.decide(before)
            if ops and not check_mode:
                self._apply(ops)
                after = self.inventory()
            else:
                after = before
            if self.csr is None and not check_mode and after["pending"] is not None:
                self.csr = self._request_pem()
        except FileStoreError as exc:
            raise CertError("the appliance file store: %s" % exc)
        self.csr_file()
        return self.result(before, after)

    def _apply(self, ops):
        """Run the changes in order; when one fails, say which ones the appliance had already carried out."""
        for done, operation in enumerate(ops):
            try:
                operation()
            except (ApplianceCliError, FileStoreError) as exc:
                if done == 0:
                    raise
                raise ApplianceCliError("%s (after %d of the %d steps of: %s; run again to finish, every step is "
                                        "checked first)" % (exc, done, len(ops), "; ".join(self.changes)),
                                        getattr(exc, "command", None), getattr(exc, "output", None))

    def decide(self, before):
        """The changes to make, as closures; every input is checked before the first one runs."""
        by_label = dict((e["label"], e) for e in before["entries"])
        ops = []
        for item in self.trusted_items:
            ops.extend(self._trusted(item, by_label))
        if self.kind == "personal":
            ops.extend(self._personal(before, by_label))
        return ops

    # ------------------------------------------------------------ trusted (fix step 3)
    def _trusted(self, item, by_label):
        label = item["label"]
        existing = by_label.get(label)
        if existing is not None and existing["kind"] != "trusted":
            raise CertError("the label %s holds a %s certificate, not a trusted one; nothing was changed"
                            % (label, existing["kind"]))
        if item["state"] == "absent":
            if existing is None:
                return []
            self.changes.append("remove the trusted certificate %s from %s" % (label, self.qmgr))
            self.planned[label] = None
            return [lambda: self.cli.run(self._cmd("deletecert", "-label", label))]
        cert = item["cert"]
        fingerprint = pkcs12_store.certificate_fingerprint(cert)
        if existing is not None and existing.get("sha256_fingerprint") == fingerprint:
            return []
        same = next((e for e in by_label.values() if e["kind"] == "trusted" and e.get("sha256_fingerprint")
                     == fingerprint), None)
        if same is not None and existing is None:
            self.warnings.append("this CA certificate is already trusted on %s under the label %s; not added twice"
                                 % (self.qmgr, same["label"]))
            return []
        self.validate(cert, "ca", "the CA certificate for %s" % label)
        name = file_name(label, ".pem")
        ops = [lambda: self.files.write(name, _pem(cert))]
        if existing is not None:
            ops.append(lambda: self.cli.run(self._cmd("deletecert", "-label", label)))
        ops.append(lambda: self.cli.run(self._cmd("addcert", "-label", label, "-file", name)))
        self.changes.append("%s the trusted certificate %s (%s) on %s" % (
            "replace" if existing else "add", label, cert.subject.rfc4514_string(), self.qmgr))
        self.planned[label] = entry_mod.facts(label, "trusted", cert)
        return ops

    # ------------------------------------------------------------ personal (fix steps 2 and 4)
    def _personal(self, before, by_label):
        existing = by_label.get(self.label)
        pending = before["pending"]
        if existing is not None and existing["kind"] == "trusted":
            raise CertError("the label %s holds a trusted CA certificate, not a personal one" % self.label)
        if (self.params.get("state") or "present") == "absent":
            ops = []
            if existing is not None:
                self.changes.append("remove the personal certificate %s from %s" % (self.label, self.qmgr))
                ops.append(lambda: self.cli.run(self._cmd("deletecert", "-label", self.label)))
            if pending is not None:
                self.changes.append("remove the pending request %s from %s" % (self.label, self.qmgr))
                ops.append(lambda: self.cli.run(self._cmd("deletecertrequest", "-label", self.label)))
            self.planned[self.label] = None
            return ops
        certs = read_pem(self.params, "certificate")
        if certs:
            return self._receive(existing, pending, certs[0], certs[1:] + (read_pem(self.params, "chain") or []),
                                 by_label)
        if existing is not None:
            self._expiry_notice(existing)
            return []
        return self._ensure_request(pending)

    def _expiry_notice(self, existing):
        not_after = cert_policy.as_datetime(existing.get("not_after"))
        if not_after is None:
            return
        days_left = (not_after - self.now).total_seconds() / 86400.0
        renew = self.params.get("renew_before_days")
        if days_left <= (30 if renew is None else int(renew)):
            self.warnings.append("%s on %s expires on %s (in %.0f days): remove it (state absent) and request a new "
                                 "one; channels using it stop until the new certificate is received"
                                 % (self.label, self.qmgr, not_after.isoformat(), days_left))

    def _request_pem(self):
        data = self.files.read(self.csr_name)
        return data.decode("ascii", "replace") if data else None

    def _ensure_request(self, pending):
        subject, sans, spec = self.request_params()
        try:
            parsed = requests.parse_subject(subject)
            names = requests.parse_sans(sans)
        except requests.RequestError as exc:
            raise CertError(str(exc))
        present = set(attr.oid for attr in parsed)
        required = (("CN", NameOID.COMMON_NAME), ("O", NameOID.ORGANIZATION_NAME), ("C", NameOID.COUNTRY_NAME))
        missing = [short for short, oid in required if oid not in present]  # the appliance requires them [C]
        if missing:
            raise CertError("the appliance needs CN, O and C in the subject; %s lacks %s" % (subject, ", ".join(missing)))
        unsupported = [n for n in names if not isinstance(n, (x509.DNSName, x509.IPAddress))]
        if unsupported:
            raise CertError("createcertrequest takes DNS and IP alternative names only")
        ops = []
        if pending is not None:
            pem = self._request_pem()
            if pem and self._request_matches(pem, parsed, names, spec):
                self.csr = pem
                return ops
            ops.append(lambda: self.cli.run(self._cmd("deletecertrequest", "-label", self.label)))
        if spec["type"] == "ec":
            sig_alg, size = _SIG_ALG[spec["curve"]]
        else:
            sig_alg, size = "SHA384WithRSA" if spec["size"] >= 7680 else "SHA256WithRSA", spec["size"]
        args = ["-label", self.label, "-dn", subject, "-size", size, "-sig_alg", sig_alg]
        dns = [n.value for n in names if isinstance(n, x509.DNSName)]
        ips = [str(n.value) for n in names if isinstance(n, x509.IPAddress)]
        if dns:
            args.extend(["-san_dnsname", ",".join(dns)])
        if ips:
            args.extend(["-san_ipaddr", ",".join(ips)])
        command = self._cmd("createcertrequest", *args)

        def create():
            output = self.cli.run(command)
            self.csr_name = cli_output.request_file(output, self.csr_name)

        ops.append(create)
        self.changes.append("%s a request with a new %s key for %s under %s on %s (the key stays on the appliance)" % (
            "replace the pending request with" if pending is not None else "create",
            "EC %s" % spec["curve"] if spec["type"] == "ec" else "RSA %d" % spec["size"], subject, self.label,
            self.qmgr))
        self.planned[self.label] = {"label": self.label, "kind": "pending", "subject": parsed.rfc4514_string(),
                                    "key": {"type": spec["type"], "size": size,
                                            "curve": {"P-256": "secp256r1", "P-384": "secp384r1",
                                                      "P-521": "secp521r1"}.get(spec.get("curve"))}}
        return ops

    @staticmethod
    def _request_matches(pem, subject, names, spec):
        try:
            csr = x509.load_pem_x509_csr(pem.encode("ascii"))
        except ValueError:
            return False
        try:
            current = list(csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
        except x509.ExtensionNotFound:
            current = []
        key = x509_facts.key_facts(csr.public_key())
        wanted_size = spec["size"] if spec["type"] == "rsa" else _SIG_ALG[spec["curve"]][1]
        return (csr.subject == subject and sorted(map(repr, current)) == sorted(map(repr, names))
                and key["type"] == spec["type"] and key["size"] == wanted_size)

    def _receive(self, existing, pending, cert, chain, by_label):
        fingerprint = pkcs12_store.certificate_fingerprint(cert)
        if existing is not None:
            if existing.get("sha256_fingerprint") == fingerprint:
                return []
            raise CertError("%s on %s already holds another certificate (SHA-256 %s); the appliance receives a "
                            "certificate only for a pending request. Remove the current one (state absent) and "
                            "request again. Nothing was changed"
                            % (self.label, self.qmgr, existing.get("sha256_fingerprint")))
        if pending is None:
            raise CertError("there is no pending request %s on %s to receive %s into; make the request first. "
                            "Nothing was changed" % (self.label, self.qmgr, cert.subject.rfc4514_string()))
        pem = self._request_pem()
        if not pem:
            raise CertError("the request file mqpubcert:///%s is not on the appliance, so the certificate cannot be "
                            "checked against the pending key (csr_file names another file?)" % self.csr_name)
        csr = x509.load_pem_x509_csr(pem.encode("ascii"))
        if pkcs12_store.public_key_der(csr.public_key()) != pkcs12_store.public_key_der(cert.public_key()):
            raise CertError("the certificate %s does not match the key of the pending request %s on %s (the CA "
                            "answered another request?). Nothing was changed"
                            % (cert.subject.rfc4514_string(), self.label, self.qmgr))
        if cert.subject == cert.issuer:
            raise CertError("the certificate for %s is self-signed; STIG MQMH-AS-001180 needs a CA-signed certificate"
                            % self.label)
        self.validate(cert, self.role, "the certificate for %s" % self.label)
        trusted = []
        for entry in by_label.values():
            if entry["kind"] == "trusted":
                stored = self._stored_certificate(entry["label"], entry.get("sha256_fingerprint"))
                if stored is not None:
                    trusted.append(stored)
        trusted.extend(item["cert"] for item in self.trusted_items if item.get("cert") is not None)
        path = self.verify_chain(cert, chain, trusted)
        name = file_name(self.label, ".pem")
        self.changes.append("receive the CA-signed certificate %s (serial %X) into %s on %s" % (
            cert.subject.rfc4514_string(), cert.serial_number, self.label, self.qmgr))
        self.planned[self.label] = entry_mod.facts(self.label, "personal", cert, path[1:])
        return [lambda: self.files.write(name, _pem(cert)),
                lambda: self.cli.run(self._cmd("receivecert", "-file", name, "-format", "ascii"))]

    # ------------------------------------------------------------ result
    def _findings(self, facts):
        if facts["kind"] == "pending" or facts.get("source") == "certificate" or "basic_constraints" in facts:
            return entry_mod.findings(facts, self.profile, self.now, self.role)
        role = entry_mod.role_of(facts["kind"], self.role)
        problems = [p for p in cert_policy.problems(facts, role, self.profile, self.now)
                    if p[1] not in _EXTENSION_CODES]
        problems.append((fnd.WARN, "CERT_EXTENSIONS_UNREAD", "judged on what detailcert prints: its extensions "
                         "(basicConstraints, keyUsage, extendedKeyUsage) were not read, because the certificate "
                         "file %s is not in mqpubcert:" % file_name(facts["label"], ".pem"), ("RFC 5280",)))
        return fnd.from_problems(problems, "CERT_APPROVED", "", "certificate", facts["label"],
                                 "a %s certificate approved by the %s profile" % (role, self.profile.name),
                                 "%s, valid until %s" % (facts.get("subject"), facts.get("not_after")),
                                 profile=self.profile.name)

    def _missing(self, label):
        """The finding for a label this run manages that holds nothing (an audit before the fix, or a removal)."""
        trusted = next((item for item in self.trusted_items if item["label"] == label), None)
        if trusted is not None:
            if trusted["state"] == "absent":
                return fnd.make_finding("CERT_REMOVED", fnd.PASS, "certificate", label, "no certificate at %s" % label,
                                        "absent", "the label is to be absent and is", profile=self.profile.name)
            return fnd.make_finding(
                "CERT_NOT_TRUSTED", fnd.FAIL, "certificate", label, "the CA certificate %s trusted on %s"
                % (label, self.qmgr), "not in the queue manager's key repository",
                "the CA certificate is not trusted: STIG fix step 3, add the CA certificate(s) to the key repository",
                profile=self.profile.name, basis=("DISA STIG MQMH-AS-001180 fix step 3",))
        if (self.params.get("state") or "present") == "absent":
            return fnd.make_finding("CERT_REMOVED", fnd.PASS, "certificate", label, "no certificate at %s" % label,
                                    "absent", "the label is to be absent and is", profile=self.profile.name)
        return fnd.make_finding(
            "CERT_MISSING", fnd.FAIL, "certificate", label, "a CA-signed certificate at %s on %s" % (label, self.qmgr),
            "no certificate and no request", "the queue manager has no certificate: STIG fix steps 2 and 4, request a "
            "CA-signed certificate and receive it", profile=self.profile.name,
            basis=("DISA STIG MQMH-AS-001180 fix steps 2 and 4",))

    def _state(self, inventory):
        state = dict((e["label"], e) for e in inventory["entries"])
        if inventory["pending"] is not None and self.label not in state:
            state[self.label] = inventory["pending"]
        return state

    def result(self, before, after):
        """Findings and `entry` describe the queue manager's repository as the module leaves it (in check mode:
        as found); the diff shows what apply changes."""
        scope = self.scope()
        found = self._state(before)
        now_state = self._state(before if self.check_mode else after)
        predicted = dict(found)
        for label, facts in self.planned.items():
            if facts is None:
                predicted.pop(label, None)
            else:
                predicted[label] = facts
        final = predicted if self.check_mode else now_state
        findings = []
        for label in scope:
            if label in now_state:
                findings.extend(self._findings(now_state[label]))
            else:
                findings.append(self._missing(label))
        shown = ("label", "kind", "subject", "issuer", "not_before", "not_after", "sha256_fingerprint")
        listing = [dict((k, e.get(k)) for k in shown) for e in (before if self.check_mode else after)["entries"]]
        return {
            "changed": bool(self.changes),
            "actions": list(self.changes),
            "warnings": list(self.warnings),
            "qmgr": self.qmgr,
            "label": self.label if self.kind == "personal" else None,
            "entry": now_state.get(self.label) if self.kind == "personal" else None,
            "renewal": None,
            "trusted": [now_state[item["label"]] for item in self.trusted_items if item["label"] in now_state],
            "entries": listing,
            "csr": self.csr,
            "findings": findings,
            "summary": fnd.summarize(findings),
            "commands": list(getattr(self.cli, "commands", [])),
            "diff": {"before": {"entries": [entry_mod.summary(found[label]) for label in scope if label in found]},
                     "after": {"entries": [entry_mod.summary(final[label]) for label in scope if label in final]}},
        }
