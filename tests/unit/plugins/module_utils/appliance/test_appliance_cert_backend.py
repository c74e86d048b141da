# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_appliance_cert's decisions with canned appliance answers: what is sent, what is refused before anything is
sent, and the findings of an audit. The whole flow against the emulated appliance is the mq_appliance_cert
integration target."""
from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.mqstig.tls.plugins.module_utils.appliance import appliance_cert_backend as backend
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.cert_backend import CertError

NOW = datetime.datetime(2026, 12, 4, tzinfo=datetime.timezone.utc)
EMPTY = "No certificates were found."
MISSING = 'CTGSK3029W The database doesn\'t contain an entry with label "%s".'


def make_ca(name):
    key = ec.generate_private_key(ec.SECP384R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(NOW + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA384()))
    return cert


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def details(label, cert):
    digest = " ".join("%02X" % b for b in cert.fingerprint(hashes.SHA256()))
    return ("Label : %s\nKey Size : 384\nVersion : X509 V3\nSerial : %x\nIssuer : %s\nSubject : %s\n"
            "Not Before : 3 December 2026 00:00:00 GMT+00:00\n\nNot After : 1 December 2036 00:00:00 GMT+00:00\n\n"
            "Public Key Type : EC_ecPublicKey (1.2.840.10045.2.1)\nFingerprint : SHA256 : \n    %s\n"
            "Signature Algorithm : EC_ecdsa_with_SHA384 (1.2.840.10045.4.3.3)\nTrust Status : Enabled\n"
            % (label, cert.serial_number, cert.issuer.rfc4514_string(), cert.subject.rfc4514_string(), digest))


class FakeCli:
    def __init__(self, answers):
        self.answers = answers
        self.commands = []

    def run(self, command, check=True):
        self.commands.append(command)
        return self.answers.get(command, "")


class FakeFiles:
    def __init__(self, files=None):
        self.files = dict(files or {})
        self.writes = []

    def read(self, name):
        return self.files.get(name)

    def write(self, name, data):
        self.writes.append(name)
        self.files[name] = data


def params(**extra):
    base = {"qmgr": "QM2", "kind": "personal", "state": "present", "profile": "nist", "role": "personal",
            "renew_before_days": 30, "waive_findings": [], "trusted": []}
    base.update(extra)
    return base


def listing(*rows):
    return "Certificates found\n* default, - personal, ! trusted, # secret key\n" + "".join(
        "%s\t%s\n" % (flag, label) for flag, label in rows)


def test_an_audit_of_an_empty_queue_manager_sends_only_listings_and_fails_on_what_is_missing():
    ca = make_ca("Site CA")
    cli = FakeCli({"listcert -m QM2 -expiry": EMPTY,
                   "detailcertrequest -m QM2 -label ibmwebspheremqqm2": MISSING % "ibmwebspheremqqm2"})
    result = backend.ApplianceCertBackend(params(subject="CN=QM2,O=Lab,C=US", trusted=[
        {"label": "site-ca", "certificate": pem(ca)}]), cli, FakeFiles(), now=NOW).run(check_mode=True)
    assert result["changed"] and len(result["actions"]) == 2
    assert cli.commands == ["listcert -m QM2 -expiry", "detailcertrequest -m QM2 -label ibmwebspheremqqm2"]
    assert sorted(f["code"] for f in result["findings"]) == ["CERT_MISSING", "CERT_NOT_TRUSTED"]
    assert result["csr"] is None
    assert [e["label"] for e in result["diff"]["after"]["entries"]] == ["ibmwebspheremqqm2", "site-ca"]


def test_a_trusted_ca_is_found_by_fingerprint_and_judged_on_its_certificate():
    ca = make_ca("Site CA")
    cli = FakeCli({"listcert -m QM2 -expiry": listing(("!", "site-ca")),
                   "detailcert -m QM2 -label site-ca": details("site-ca", ca)})
    result = backend.ApplianceCertBackend(params(kind="trusted", label="site-ca", certificate=pem(ca)), cli,
                                          FakeFiles(), now=NOW).run()
    assert not result["changed"]
    assert result["trusted"][0]["source"] == "certificate"
    assert [f["code"] for f in result["findings"]] == ["CERT_APPROVED"]


def test_a_ca_the_module_did_not_add_is_judged_on_detailcert_with_a_warning():
    ca = make_ca("Someone else's CA")
    other = make_ca("Site CA")
    cli = FakeCli({"listcert -m QM2 -expiry": listing(("!", "site-ca")),
                   "detailcert -m QM2 -label site-ca": details("site-ca", ca)})
    files = FakeFiles()
    decisions = backend.ApplianceCertBackend(params(kind="trusted", label="site-ca", certificate=pem(other)), cli,
                                             files, now=NOW)
    result = decisions.run(check_mode=True)
    assert result["actions"] == ["replace the trusted certificate site-ca (CN=Site CA) on QM2"]
    assert {f["code"] for f in result["findings"]} == {"CERT_EXTENSIONS_UNREAD"}
    assert files.writes == [] and not any(c.startswith(("addcert", "deletecert")) for c in cli.commands)


def test_a_same_ca_under_another_label_is_not_added_twice():
    ca = make_ca("Site CA")
    cli = FakeCli({"listcert -m QM2 -expiry": listing(("!", "old-label")),
                   "detailcert -m QM2 -label old-label": details("old-label", ca)})
    decisions = backend.ApplianceCertBackend(params(kind="trusted", label="site-ca", certificate=pem(ca)), cli,
                                             FakeFiles(), now=NOW)
    result = decisions.run()
    assert not result["changed"] and "already trusted on QM2 under the label old-label" in result["warnings"][0]


def test_refusals_before_anything_is_sent():
    cli = FakeCli({"listcert -m QM2 -expiry": EMPTY,
                   "detailcertrequest -m QM2 -label ibmwebspheremqqm2": MISSING % "ibmwebspheremqqm2"})
    with pytest.raises(CertError, match="needs CN, O and C"):
        backend.ApplianceCertBackend(params(subject="CN=QM2,OU=MQ"), cli, FakeFiles(), now=NOW).run()
    with pytest.raises(CertError, match="cannot be passed to the appliance CLI"):
        backend.ApplianceCertBackend(params(subject='CN=QM\\,2,O=Lab,C=US'), cli, FakeFiles(), now=NOW).run()
    with pytest.raises(CertError, match="not a queue manager name"):
        backend.ApplianceCertBackend(params(qmgr="QM2; deletecert"), cli, FakeFiles(), now=NOW)
    with pytest.raises(CertError, match="given twice"):
        ca = pem(make_ca("CA"))
        backend.ApplianceCertBackend(params(trusted=[{"label": "a", "certificate": ca}, {"label": "a", "certificate": ca}]),
                                     cli, FakeFiles(), now=NOW)
    assert not any(c.startswith(("createcertrequest", "addcert", "receivecert", "deletecert")) for c in cli.commands)


def test_receiving_over_a_different_certificate_is_refused():
    ca = make_ca("Site CA")
    current = make_ca("Current")
    offered = make_ca("Offered")
    cli = FakeCli({"listcert -m QM2 -expiry": listing(("-", "ibmwebspheremqqm2")),
                   "detailcert -m QM2 -label ibmwebspheremqqm2": details("ibmwebspheremqqm2", current),
                   "detailcertrequest -m QM2 -label ibmwebspheremqqm2": MISSING % "ibmwebspheremqqm2"})
    with pytest.raises(CertError, match="already holds another certificate"):
        backend.ApplianceCertBackend(params(certificate=pem(offered), trusted=[
            {"label": "site-ca", "certificate": pem(ca)}]), cli, FakeFiles(), now=NOW).run()
    assert pkcs12_store.certificate_fingerprint(offered) != pkcs12_store.certificate_fingerprint(current)


def test_a_step_that_fails_after_others_names_what_was_done():
    ca = make_ca("Site CA")

    class Failing(FakeCli):
        def run(self, command, check=True):
            if command.startswith("createcertrequest"):
                self.commands.append(command)
                raise backend.ApplianceCliError("createcertrequest: Invalid key size 256", command, "")
            return super().run(command, check)

    cli = Failing({"listcert -m QM2 -expiry": EMPTY,
                   "detailcertrequest -m QM2 -label ibmwebspheremqqm2": MISSING % "ibmwebspheremqqm2"})
    files = FakeFiles()
    with pytest.raises(backend.ApplianceCliError) as err:
        backend.ApplianceCertBackend(params(subject="CN=QM2,O=Lab,C=US", trusted=[
            {"label": "site-ca", "certificate": pem(ca)}]), cli, files, now=NOW).run()
    assert "after 2 of the 3 steps" in str(err.value) and "add the trusted certificate site-ca" in str(err.value)
    assert files.writes == ["mqstig-site-ca.pem"]
