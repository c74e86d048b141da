# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The appliance CLI session on a scripted channel, the readers of its certificate listings (on the real GSKit
outputs in shared/reference/mq-output-samples and on the layouts modelled in docs/appliance.md), the file store
client with a fake HTTP call, and the quoting of CLI arguments."""
from __future__ import annotations

import base64
import datetime
import json
import socket

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.appliance import appliance_cert_backend as backend
from ansible_collections.mqstig.tls.plugins.module_utils.appliance import cli_output
from ansible_collections.mqstig.tls.plugins.module_utils.appliance import cli_session
from ansible_collections.mqstig.tls.plugins.module_utils.appliance.filestore import FileStore, FileStoreError
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.cert_backend import CertError

PASSWORD = "Appl1ance#Secret"


class ScriptedChannel:
    """An appliance terminal: answers each line sent with what `respond(line)` returns (echo included)."""

    def __init__(self, greeting, respond):
        self.pending = [greeting.encode()]
        self.respond = respond
        self.sent = []
        self.closed = False

    def settimeout(self, _seconds):
        pass

    def send(self, data):
        line = data.decode().rstrip("\n")
        self.sent.append(line)
        answer = self.respond(line)
        if answer is not None:
            self.pending.append(answer.encode())

    def recv(self, _size):
        if self.pending:
            return self.pending.pop(0)
        raise socket.timeout()

    def close(self):
        self.closed = True


def appliance(outputs=None, password=PASSWORD):
    """A channel that behaves as the appliance's login, top level and mqcli mode."""
    state = {"step": "user", "mode": "top"}
    outputs = outputs or {}

    def respond(line):
        if state["step"] == "user":
            state["step"] = "password"
            return line + "\r\nPassword: "
        if state["step"] == "password":
            if line != password:
                state["step"] = "user"
                return "\r\n% Login failed.\r\nlogin: "
            state["step"] = "in"
            return "\r\nWelcome\r\n\r\nmqa# "
        if line == "mqcli":
            state["mode"] = "mqcli"
        elif line == "exit":
            if state["mode"] == "top":
                return "Goodbye.\r\n"
            state["mode"] = "top"
        prompt = "mqa(mqcli)# " if state["mode"] == "mqcli" else "mqa# "
        body = outputs.get(line, "")
        return line + "\r\n" + (body.replace("\n", "\r\n") + "\r\n" if body else "") + prompt

    return ScriptedChannel("\r\nlogin: ", respond)


def test_login_enter_mqcli_run_and_exit_as_ibm_scripts_do():
    channel = appliance({"dspmq": "QMNAME(QM1)                 STATUS(Running)"})
    session = cli_session.CliSession(channel, timeout=2, poll=0.01)
    session.login("admin", PASSWORD)
    assert (session.name, session.mode) == ("mqa", "")
    assert session.run("dspmq") == "QMNAME(QM1)                 STATUS(Running)"
    assert session.mode == "mqcli"
    session.close()
    assert channel.sent == ["admin", PASSWORD, "mqcli", "dspmq", "exit", "exit"]
    assert channel.closed
    assert PASSWORD not in " ".join(session.commands)


def test_wrong_password_is_a_clear_error_without_the_password():
    session = cli_session.CliSession(appliance(password="other"), timeout=2, poll=0.01)
    with pytest.raises(cli_session.ApplianceCliError) as err:
        session.login("admin", PASSWORD)
    assert "refused the login of admin" in str(err.value)
    assert PASSWORD not in str(err.value)


def test_an_error_line_fails_the_command_and_names_the_message():
    session = cli_session.CliSession(appliance({
        "deletecert -m QM1 -label x": 'CTGSK3029W The database doesn\'t contain an entry with label "x".',
        "bogus": '% Unknown command: "bogus"'}), timeout=2, poll=0.01)
    session.login("admin", PASSWORD)
    with pytest.raises(cli_session.ApplianceCliError) as err:
        session.run("deletecert -m QM1 -label x")
    assert "CTGSK3029W" in str(err.value) and err.value.command == "deletecert -m QM1 -label x"
    with pytest.raises(cli_session.ApplianceCliError):
        session.run("bogus")
    assert "CTGSK3029W" in session.run("deletecert -m QM1 -label x", check=False)


def test_no_prompt_within_the_timeout_is_reported():
    channel = ScriptedChannel("\r\nlogin: ", lambda line: None)
    session = cli_session.CliSession(channel, timeout=0.05, poll=0.01)
    with pytest.raises(cli_session.ApplianceCliError, match="no answer from the appliance"):
        session.login("admin", PASSWORD)


def test_a_password_echoed_by_the_appliance_is_masked_in_outputs_and_errors():
    def echo_everything(line):
        return line + "\r\n" + ("Password: " if line == "admin" else "")
    session = cli_session.CliSession(ScriptedChannel("\r\nlogin: ", echo_everything), timeout=0.1, poll=0.01)
    with pytest.raises(cli_session.ApplianceCliError) as err:
        session.login("admin", PASSWORD)
    assert PASSWORD not in str(err.value) and "********" in str(err.value)


def test_a_closed_session_is_reported():
    class Closed(ScriptedChannel):
        def recv(self, _size):
            return b""
    with pytest.raises(cli_session.ApplianceCliError, match="closed the session"):
        cli_session.CliSession(Closed("", None), timeout=1, poll=0.01).login("a", "b")


def test_multi_line_commands_are_refused():
    session = cli_session.CliSession(appliance(), timeout=2, poll=0.01)
    session.login("admin", PASSWORD)
    with pytest.raises(cli_session.ApplianceCliError, match="one line"):
        session.run("listcert -m QM1\nexit")


def test_error_lines():
    text = "Label : a\n% Error: bad\nCTGSK2021W The label \"a\" is already in use.\nAMQ7048E: no such qmgr\nok"
    assert cli_session.error_lines(text) == ["% Error: bad", 'CTGSK2021W The label "a" is already in use.',
                                             "AMQ7048E: no such qmgr"]


@pytest.mark.skipif(not cli_session.HAS_PARAMIKO, reason="paramiko is not installed")
def test_host_key_checking_refuses_unknown_and_changed_keys(tmp_path):
    paramiko = cli_session.paramiko
    known = paramiko.RSAKey.generate(1024)
    other = paramiko.RSAKey.generate(1024)
    line = "%s %s" % (known.get_name(), known.get_base64())
    hosts = tmp_path / "known_hosts"
    hosts.write_text("[127.0.0.1]:2222 %s\n" % line)
    cli_session.check_host_key(known, "127.0.0.1", 2222, str(hosts))
    cli_session.check_host_key(known, "127.0.0.1", 2222, None, host_key=line)
    with pytest.raises(cli_session.ApplianceCliError, match="changed"):
        cli_session.check_host_key(other, "127.0.0.1", 2222, str(hosts))
    with pytest.raises(cli_session.ApplianceCliError, match="not in"):
        cli_session.check_host_key(known, "127.0.0.1", 2223, str(hosts))
    with pytest.raises(cli_session.ApplianceCliError, match="not the one given"):
        cli_session.check_host_key(other, "127.0.0.1", 2222, None, host_key=line)


# ---------------------------------------------------------------- listings


def test_listcert_reads_the_real_gskit_listings(mq_sample):
    assert [(e["label"], e["kind"]) for e in cli_output.parse_listcert(mq_sample("D01"))] == [
        ("ibmwebspheremqqm1", "personal")]
    assert [(e["label"], e["kind"]) for e in cli_output.parse_listcert(mq_sample("D05"))] == [
        ("personalcertlabel", "personal")]
    assert cli_output.parse_listcert("No certificates were found.") == []


def test_listcert_expiry_lines_go_to_the_entry_above():
    text = ("Certificates found\n* default, - personal, ! trusted, # secret key\n"
            "!\tlab-ca\n\tValid From: 4 December 2026 01:02:03 GMT+00:00 To: 4 December 2036 01:02:03 GMT+00:00\n"
            "-\tibmwebspheremqqm2\n\tValid From: 4 December 2026 01:02:03 GMT+00:00 To: 4 December 2027 01:02:03 GMT+00:00\n")
    entries = cli_output.parse_listcert(text)
    assert [(e["label"], e["kind"], e["not_after"]) for e in entries] == [
        ("lab-ca", "trusted", "2036-12-04T01:02:03+00:00"), ("ibmwebspheremqqm2", "personal", "2027-12-04T01:02:03+00:00")]


def test_gskit_dates():
    assert cli_output.parse_date("26 July 2021 16:29:37 GMT+01:00") == datetime.datetime(
        2021, 7, 26, 15, 29, 37, tzinfo=datetime.timezone.utc)
    assert cli_output.parse_date("Sunday, December 8, 2024 5:38:09 PM GMT") == datetime.datetime(
        2024, 12, 8, 17, 38, 9, tzinfo=datetime.timezone.utc)
    assert cli_output.parse_date("not a date") is None
    assert cli_output.parse_date(None) is None


def test_detailcert_of_the_real_runmqakm_details(mq_sample):
    facts = cli_output.certificate_facts(mq_sample("D09"), "personal")
    assert facts["label"] == "ibmwebspheremqemir"
    assert facts["subject"] == "CN=app1" and facts["issuer"] == "CN=app1"
    assert facts["serial"] == "a5f7ac503bb6d22f"
    assert facts["not_after"] == "2031-07-24T15:29:37+00:00"
    assert facts["key"] == {"type": "rsa", "size": 2048, "curve": None}
    assert (facts["signature_algorithm"], facts["signature_hash"]) == ("rsa-pkcs1v15", "sha256")
    assert facts["sha256_fingerprint"] is None  # the sample's digest is cut short


def test_detailcert_of_the_real_runmqckm_details(mq_sample):
    facts = cli_output.certificate_facts(mq_sample("D01"), "personal")
    assert facts["label"] == "ibmwebspheremqqm1"
    assert facts["sha256_fingerprint"] == "4359563B0035BCA4079D7328EADBA9D11CEF72EA2625ADF4407EF0D0248A6ED9"
    assert facts["not_before"] == "2024-12-08T17:38:09+00:00"
    assert facts["not_after"] == "2025-12-09T17:38:09+00:00"
    assert facts["signature_hash"] == "sha256"


def test_detailcertrequest_and_an_ec_key():
    text = ("Label : ibmwebspheremqqm2\nKey Size : 384\nSubject : CN=QM2,O=Lab,C=US\n"
            "Public Key Type : EC_ecPublicKey (1.2.840.10045.2.1)\nFingerprint : SHA256 : \n    AA BB\n"
            "Signature Algorithm : EC_ecdsa_with_SHA384 (1.2.840.10045.4.3.3)\n")
    facts = cli_output.request_facts(text)
    assert facts["key"] == {"type": "ec", "size": 384, "curve": "secp384r1"}
    assert facts["signature_hash"] == "sha384" and facts["subject"] == "CN=QM2,O=Lab,C=US"
    assert cli_output.request_facts("CTGSK3029W no such label") is None


def test_request_file_named_in_the_output():
    assert cli_output.request_file("written to mqpubcert:///qm2.csr", "x.csr") == "qm2.csr"
    assert cli_output.request_file("", "x.csr") == "x.csr"


# ---------------------------------------------------------------- file store


def test_file_store_read_write_delete_and_errors():
    calls = []
    files = {"a.pem": b"PEM"}

    def request(method, url, body):
        calls.append((method, url, body))
        name = url.rsplit("/", 1)[1]
        if method == "GET":
            if name not in files:
                return 404, json.dumps({"error": "Resource not found"})
            return 200, json.dumps({"file": base64.b64encode(files[name]).decode()})
        if method == "PUT":
            files[name] = base64.b64decode(body["file"]["content"])
            return 201, "{}"
        if method == "DELETE":
            return (200, "{}") if files.pop(name, None) is not None else (404, "{}")
        return 500, json.dumps({"error": ["boom"]})

    store = FileStore("https://mqa:5554/", request)
    assert store.read("a.pem") == b"PEM"
    assert store.read("missing.pem") is None
    store.write("b.pem", b"DATA")
    assert files["b.pem"] == b"DATA"
    assert calls[-1][1] == "https://mqa:5554/mgmt/filestore/default/mqpubcert/b.pem"
    assert calls[-1][2] == {"file": {"name": "b.pem", "content": base64.b64encode(b"DATA").decode()}}
    store.delete("b.pem")
    store.delete("b.pem")
    with pytest.raises(FileStoreError, match="not a file name"):
        store.read("../etc/passwd")
    with pytest.raises(FileStoreError, match="HTTP 500 boom"):
        FileStore("https://mqa", lambda m, u, b: (500, json.dumps({"error": ["boom"]}))).write("c.pem", b"x")


# ---------------------------------------------------------------- CLI arguments


def test_quoting_of_cli_arguments():
    assert backend.quote("ibmwebspheremqqm1", "-label") == "ibmwebspheremqqm1"
    assert backend.quote("CN=QM1,OU=MQ,O=mqstig lab,C=US", "-dn") == '"CN=QM1,OU=MQ,O=mqstig lab,C=US"'
    assert backend.quote(256, "-size") == "256"
    for bad in ('CN="x"', "a\nb", "", "a\\b"):
        with pytest.raises(CertError):
            backend.quote(bad, "-dn")
    assert backend.file_name("my label/1", ".pem") == "mqstig-my_label_1.pem"
