# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab queue manager (tests/integration/targets/setup_mq_lab_qmgr/files/mq_lab_qmgr: a test double of an IBM MQ
queue manager, not IBM software): its model, MQSC parser, runmqsc stand-in, REST server and TLS listener, driven
through real subprocesses, HTTPS requests and TLS handshakes."""
from __future__ import annotations

import base64
import http.client
import importlib
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import DNSName, IPAddress

FILES = Path(__file__).resolve().parents[2] / "integration" / "targets" / "setup_mq_lab_qmgr" / "files"
PASSWORD = "Lab-Passw0rd#1"
CSRF = {"ibm-mq-rest-csrf-token": ""}


def _env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(FILES) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("AMQ_SSL_WEAK_CIPHER_ENABLE", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # keep __pycache__ out of the target's files/
    env.update(extra)
    return env


def lab(*args, stdin=None, env=None, check=True):
    proc = subprocess.run([sys.executable, "-m", "mq_lab_qmgr"] + [str(a) for a in args], input=stdin, capture_output=True,
                          text=True, env=env or _env(), timeout=120, check=False)
    if check and proc.returncode not in (0, 10):
        raise AssertionError("mq_lab_qmgr %s failed (%d): %s%s" % (args, proc.returncode, proc.stdout, proc.stderr))
    return proc


def runmqsc(state, qmgr, text, *options):
    return lab("runmqsc", "--state", state, *options, qmgr, stdin=text)


@pytest.fixture(scope="module")
def pkg():
    """The lab package imported in this process (for the parts tested without a subprocess)."""
    sys.path.insert(0, str(FILES))
    bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        yield {name: importlib.import_module("mq_lab_qmgr." + name) for name in ("model", "mqsc", "runmqsc")}
    finally:
        sys.dont_write_bytecode = bytecode
        sys.path.remove(str(FILES))


@pytest.fixture
def fresh(tmp_path):
    state = tmp_path / "state"
    lab("seed", "--state", state, "--qmgr", "QM1")
    return state


# ------------------------------------------------------------------------------------------------------------
# Model, formatting and parser
# ------------------------------------------------------------------------------------------------------------
def _normalise(text, *attrs):
    pattern = r"(%s)\([^)]*\)" % "|".join(("ALTDATE", "ALTTIME") + attrs)
    return re.sub(pattern, r"\1(X)", text)


def test_seeded_queue_manager_prints_like_the_real_mq942_one(fresh, mq_sample):
    out = runmqsc(fresh, "QM1", "DISPLAY CHANNEL(*) ALL\n").stdout
    assert _normalise(out) == _normalise(mq_sample("A01"))
    out = runmqsc(fresh, "QM1", "DISPLAY CHLAUTH(*) ALL\n").stdout
    assert _normalise(out) == _normalise(mq_sample("B02"))
    out = runmqsc(fresh, "QM1", "DISPLAY QMGR ALL\n").stdout
    # crtmqm enables CHLAUTH (IBM's default); the sampled queue manager had it switched off
    expected = _normalise(mq_sample("B01"), "CRDATE", "CRTIME", "QMID").replace("CHLAUTH(DISABLED)", "CHLAUTH(ENABLED) ")
    assert _normalise(out, "CRDATE", "CRTIME", "QMID") == expected


def test_cipherspec_names_are_the_policy_tables(pkg):
    cipherspecs = importlib.import_module("ansible_collections.mqstig.tls.plugins.module_utils.policy.cipherspecs")
    lab_specs = pkg["model"].CIPHERSPECS
    assert set(lab_specs) == set(cipherspecs.CIPHERSPECS)
    for name, entry in cipherspecs.CIPHERSPECS.items():
        assert lab_specs[name] == (entry["protocol"], entry["status"]), name
    assert set(pkg["model"].CIPHERSPEC_ALIASES) == set(cipherspecs.ALIASES)


def test_layout_pairs_items_and_puts_long_ones_alone(pkg):
    lines = pkg["mqsc"].layout([("CHANNEL", "A"), ("CHLTYPE", "RCVR"), ("DESCR", "Receiver channel using TLS from QM1 to QM2"),
                                ("HBINT", 300), ("SEQWRAP", 999999999), ("SSLCIPH", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
                                ("SSLPEER", ""), ("QUEUE", "SYSTEM.ADMIN.TRACE.ROUTE.QUEUE"), ("TYPE", "QLOCAL"),
                                ("SYNCPT", None), ("PASSWORD", "secret")])
    assert lines == ["   CHANNEL(A)                              CHLTYPE(RCVR)",
                     "   DESCR(Receiver channel using TLS from QM1 to QM2)",
                     "   HBINT(300)                              SEQWRAP(999999999)",
                     "   SSLCIPH(TLS_RSA_WITH_AES_128_CBC_SHA256)",
                     "   SSLPEER( )                              QUEUE(SYSTEM.ADMIN.TRACE.ROUTE.QUEUE)",
                     "   TYPE(QLOCAL)                            SYNCPT",
                     "   PASSWORD(********)"]


def test_script_continuations_comments_and_quotes(pkg):
    mqsc = pkg["mqsc"]
    entries = mqsc.split_script("* comment\nDEFINE CHANNEL('a.b') +\n   DESCR('It''s +\n   here') -\n SSLCIPH('')\n\nDIS QMGR;\n")
    assert [e[0] for e in entries] == ["other", "command", "other", "command"]
    assert entries[1][2] == "DEFINE CHANNEL('a.b') DESCR('It''s here')  SSLCIPH('')"
    command = mqsc.parse(entries[1][2])
    assert (command.verb, command.noun, command.name, command.name_quoted) == ("DEFINE", "CHANNEL", "a.b", True)
    assert command.params["DESCR"].values == [("It's here", True)]
    assert command.params["SSLCIPH"].values == [("", True)]
    assert mqsc.parse("dis chl(app.*) sslciph").name == "APP.*"  # unquoted names fold to upper case
    assert mqsc.parse("ALTER CHL(X) CONNAME(host(1414))").params["CONNAME"].values == [("HOST(1414)", False)]
    for text, segment in (("DEFINE QREMOTE (X) RNAME (Y) RQMNAME (QMB') XMITQ (QMB)", "DEFINE QREMOTE (X) RNAME (Y) RQMNAME (QMB'"),
                          ("DISPLAY FOO(X)", "DISPLAY FOO"), ("DIS CHL(X) DESCR DESCR", "DIS CHL(X) DESCR DESCR"),
                          ("DEFINE CHL(X) DESCR('open", "DEFINE CHL(X) DESCR('open"), ("DEF CHL(X) DESCR()", "DEF CHL(X) DESCR()")):
        with pytest.raises(mqsc.SyntaxFault) as fault:
            mqsc.parse(text)
        assert text[:fault.value.pos] == segment


def test_engine_errors_and_defaults(pkg, fresh):
    model, mqsc = pkg["model"], pkg["mqsc"]
    engine = mqsc.Engine(model.Store(fresh), "QM1")

    def run(text):
        outcome = engine.run_text(text)
        return outcome, [m for b in outcome.blocks for m in b.messages]

    outcome, messages = run("DEFINE CHANNEL(C1.TO.QM1) CHLTYPE(SVRCONN) TRPTYPE(TCP) SSLCIPH(ECDHE_RSA_AES_256_GCM_SHA384) "
                            "SSLCAUTH(REQUIRED) DESCR('STIG fix')")
    assert messages == ["AMQ8014I: IBM MQ channel created."] and not outcome.failed
    assert run("DEFINE CHANNEL(C1.TO.QM1) CHLTYPE(SVRCONN)")[1] == ["AMQ8150E: IBM MQ object already exists."]
    assert run("DEFINE CHANNEL(C1.TO.QM1) CHLTYPE(SVRCONN) REPLACE")[1] == ["AMQ8014I: IBM MQ channel created."]
    record = dict(run("DIS CHL(C1.TO.QM1)")[0].blocks[0].record)
    assert record["SSLCIPH"] == "" and record["SHARECNV"] == 10 and record["MAXMSGL"] == 4194304  # REPLACE took defaults
    # new channels copy the current SYSTEM.DEF.* channel of their type
    run("ALTER CHANNEL(SYSTEM.DEF.SVRCONN) CHLTYPE(SVRCONN) SHARECNV(1)")
    run("DEFINE CHANNEL(C2) CHLTYPE(SVRCONN)")
    assert dict(run("DIS CHL(C2) SHARECNV")[0].blocks[0].record)["SHARECNV"] == 1
    outcome, messages = run("ALTER CHANNEL(C2) CHLTYPE(SVRCONN) SSLCIPH(TLS_RSA_WITH_AES_128_CBC_SHA)")  # TLS 1.0: deprecated
    assert messages == ["AMQ8242E: SSLCIPH definition wrong."] and outcome.blocks[0].rc == mqsc.MQRCCF_SSL_CIPHER_SPEC_ERROR
    assert run("ALTER CHANNEL(C2) SSLCIPH(NOT_A_CIPHERSPEC)")[1] == ["AMQ8242E: SSLCIPH definition wrong."]
    assert run("ALTER CHANNEL(C2) SSLCIPH('ANY_TLS13_OR_HIGHER')")[1] == ["AMQ8016I: IBM MQ channel changed."]
    assert run("ALTER CHANNEL(C2) SSLPEER('no equals sign')")[1] == ["AMQ8243E: SSLPEER definition wrong."]
    assert run("DELETE CHANNEL(NOPE)")[1] == ["AMQ8147E: IBM MQ object NOPE not found."]
    assert run("DIS CHL(NOPE*)")[1] == ["AMQ8147E: IBM MQ object NOPE* not found."]
    long_descr = "x" * 65
    outcome, messages = run("ALTER CHANNEL(C2) DESCR('%s')" % long_descr)
    assert outcome.syntax_error and messages[0].startswith("AMQ8405I")
    assert run("DEFINE CHANNEL(ABCDEFGHIJKLMNOPQRSTU) CHLTYPE(SVRCONN)")[1][1] == "DEFINE CHANNEL(ABCDEFGHIJKLMNOPQRSTU)"
    assert run("DEFINE CHANNEL(X.SDR) CHLTYPE(SDR) SSLCAUTH(REQUIRED)")[0].syntax_error  # not an SDR attribute
    assert run("ALTER CHANNEL(C2) CHLTYPE(RCVR)")[1][0].startswith("MQLAB9001E")
    assert run("DISPLAY QLOCAL(*)")[1][0].startswith("MQLAB9000E")
    # generic names, type filter, attribute selection, WHERE
    shown = run("DIS CHL(SYSTEM.DEF.*) CHLTYPE(SVRCONN)")[0].blocks
    assert [b.record for b in shown] == [[("CHANNEL", "SYSTEM.DEF.SVRCONN"), ("CHLTYPE", "SVRCONN")]]
    assert len(run("DISPLAY CHANNEL('*') CHLTYPE(ALL) ALL")[0].blocks) == 16
    shown = run("DIS CHL(*) WHERE(SSLCIPH NE ' ')")[0].blocks
    assert [b.record for b in shown] == [[("CHANNEL", "C2"), ("CHLTYPE", "SVRCONN"), ("SSLCIPH", "ANY_TLS13_OR_HIGHER")]]
    # queue manager and REFRESH SECURITY bookkeeping
    assert run("ALTER QMGR SSLFIPS(YES) SSLKEYR('/var/mqm/qmgrs/QM1/ssl/new')")[1] == ["AMQ8005I: IBM MQ queue manager changed."]
    assert run("ALTER QMGR QMNAME(X)")[0].syntax_error
    with model.Store(fresh).read("QM1") as data:
        assert data["security"]["ssl_changes_pending"] == ["SSLFIPS", "SSLKEYR"]
    assert run("REF SEC TYPE(SSL)")[1] == ["AMQ8560I: IBM MQ security cache refreshed."]
    with model.Store(fresh).read("QM1") as data:
        assert data["security"]["refresh_ssl_count"] == 1 and data["security"]["ssl_changes_pending"] == []
    # CHLAUTH
    assert run("SET CHLAUTH('C2') TYPE(SSLPEERMAP) SSLPEER('CN=client1,O=Example') USERSRC(MAP) MCAUSER('app') "
               "ACTION(REPLACE)")[1] == ["AMQ8877I: IBM MQ channel authentication record set."]
    record = dict(run("DIS CHLAUTH(C2)")[0].blocks[0].record)
    assert (record["TYPE"], record["SSLPEER"], record["MCAUSER"]) == ("SSLPEERMAP", "CN=client1,O=Example", "app")
    assert run("SET CHLAUTH(C2) TYPE(SSLPEERMAP) SSLPEER('CN=other') ACTION(REMOVE)")[1] == [
        "AMQ8884E: Channel authentication record not found."]
    assert run("SET CHLAUTH(C2) TYPE(SSLPEERMAP) SSLPEER('CN=client1,O=Example') ACTION(REMOVE)")[1][0].startswith("AMQ8877I")
    assert run("DIS CHLAUTH(C2)")[1] == ["AMQ8884E: Channel authentication record not found."]


def test_weak_cipherspecs_need_the_seed_flag_or_the_environment(pkg, tmp_path, monkeypatch):
    model, mqsc = pkg["model"], pkg["mqsc"]
    lab("seed", "--state", tmp_path, "--qmgr", "WEAK", "--weak-ciphers")
    engine = mqsc.Engine(model.Store(tmp_path), "WEAK")
    assert engine.run_text("DEF CHL(OLD) CHLTYPE(SVRCONN) SSLCIPH(TLS_RSA_WITH_AES_128_CBC_SHA)").blocks[0].cc == 0
    assert engine.run_text("ALTER CHL(OLD) SSLCIPH(NULL_MD5)").blocks[0].messages == ["AMQ8242E: SSLCIPH definition wrong."]
    lab("seed", "--state", tmp_path, "--qmgr", "STRICT")
    engine = mqsc.Engine(model.Store(tmp_path), "STRICT")
    assert engine.run_text("DEF CHL(OLD) CHLTYPE(SVRCONN) SSLCIPH(TLS_RSA_WITH_AES_128_CBC_SHA)").blocks[0].cc == 2
    monkeypatch.setenv("AMQ_SSL_WEAK_CIPHER_ENABLE", "1")
    assert engine.run_text("DEF CHL(OLD) CHLTYPE(SVRCONN) SSLCIPH(TLS_RSA_WITH_AES_128_CBC_SHA)").blocks[0].cc == 0


# ------------------------------------------------------------------------------------------------------------
# runmqsc stand-in
# ------------------------------------------------------------------------------------------------------------
def test_runmqsc_output_shape_and_exit_codes(fresh):
    proc = runmqsc(fresh, "QM1", "* make the STIG channel\ndef chl('C1.TO.QM1') chltype(svrconn) +\n"
                   "  sslciph(ECDHE_ECDSA_AES_256_GCM_SHA384) sslcauth(required)\n\ndis chl(C1.TO.QM1) sslciph sslcauth\n")
    assert proc.returncode == 0
    assert proc.stdout == (
        "5724-H72 (C) Copyright IBM Corp. 1994, 2025.\nStarting MQSC for queue manager QM1.\n\n\n"
        "       : * make the STIG channel\n"
        "     1 : def chl('C1.TO.QM1') chltype(svrconn) +\n"
        "       :   sslciph(ECDHE_ECDSA_AES_256_GCM_SHA384) sslcauth(required)\n"
        "AMQ8014I: IBM MQ channel created.\n"
        "       :\n"
        "     2 : dis chl(C1.TO.QM1) sslciph sslcauth\n"
        "AMQ8414I: Display Channel details.\n"
        "   CHANNEL(C1.TO.QM1)                      CHLTYPE(SVRCONN)\n"
        "   SSLCAUTH(REQUIRED)\n"
        "   SSLCIPH(ECDHE_ECDSA_AES_256_GCM_SHA384)\n"  # 39 characters: too wide to pair
        "2 MQSC commands read.\nNo commands have a syntax error.\nAll valid MQSC commands were processed.\n")
    proc = runmqsc(fresh, "QM1", "DIS CHL(NOPE)\nDEFINE CHANNEL(X) CHLTYPE(SVRCONN) BOGUS(1)\nDIS QMGR SSLFIPS\nend\nDIS QMGR\n")
    assert proc.returncode == 10
    assert "AMQ8147E: IBM MQ object NOPE not found.\n" in proc.stdout
    assert "AMQ8405I: Syntax error detected at or near end of command segment below:-\n" \
           "DEFINE CHANNEL(X) CHLTYPE(SVRCONN) BOGUS(1)\n" in proc.stdout
    assert "   QMNAME(QM1)                             SSLFIPS(NO)\n" in proc.stdout
    assert proc.stdout.endswith("3 MQSC commands read.\nOne command has a syntax error.\n"
                                "One valid MQSC command could not be processed.\n")
    proc = runmqsc(fresh, "QM1", "DIS QMGR\n", "-e")
    assert " : " not in proc.stdout and proc.returncode == 0
    proc = lab("runmqsc", "--state", fresh, "QM9", stdin="DIS QMGR\n", check=False)
    assert proc.returncode == 20 and "AMQ8118E: IBM MQ queue manager does not exist." in proc.stdout
    # two processes changing the same queue manager at once lose nothing (flock + atomic rename)
    procs = [subprocess.Popen([sys.executable, "-m", "mq_lab_qmgr", "runmqsc", "--state", str(fresh), "QM1"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=_env())
             for _number in range(2)]
    for number, proc in enumerate(procs):
        proc.stdin.write("".join("DEF CHL(P%d.C%03d) CHLTYPE(SVRCONN)\n" % (number, i) for i in range(40)))
        proc.stdin.close()
    assert [proc.wait(60) for proc in procs] == [0, 0]
    out = runmqsc(fresh, "QM1", "DIS CHL(P*)\n").stdout
    assert out.count("AMQ8414I") == 80


# ------------------------------------------------------------------------------------------------------------
# REST server
# ------------------------------------------------------------------------------------------------------------
class Rest:
    """A tiny HTTPS client that verifies the lab server's certificate against its CA."""

    def __init__(self, port, ca):
        self.port = port
        self.context = ssl.create_default_context(cafile=ca)

    def call(self, method, path, body=None, user="mqadmin", password=PASSWORD, headers=None, raw=None):
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=60)
        send = {"Content-Type": "application/json;charset=utf-8"}
        if user:
            send["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        send.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        conn.request(method, path, body=data, headers=send)
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        return response.status, (json.loads(payload) if payload else None), response

    def mqsc(self, body, qmgr="QM1", version="v2", **kwargs):
        kwargs.setdefault("headers", CSRF)
        status, payload, _response = self.call("POST", "/ibmmq/rest/%s/admin/action/qmgr/%s/mqsc" % (version, qmgr), body, **kwargs)
        return status, payload

    def stats(self):
        return self.call("GET", "/lab/stats", user=None)[1]


@pytest.fixture(scope="module")
def rest_lab(tmp_path_factory):
    state = tmp_path_factory.mktemp("rest") / "state"
    lab("seed", "--state", state, "--qmgr", "QM1", env=_env(MQ_LAB_PASSWORD=PASSWORD))
    lab("seed", "--state", state, "--qmgr", "WEAK", "--weak-ciphers")
    lab("user", "--state", state, "--user", "reader", "--role", "MQWebAdminRO", env=_env(MQ_LAB_PASSWORD="Read-0nly#pw"))
    proc = subprocess.Popen([sys.executable, "-m", "mq_lab_qmgr", "serve-rest", "--state", str(state), "--port", "0",
                             "--ltpa-expiry", "600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    line = proc.stdout.readline()
    match = re.match(r"MQLAB REST LISTENING (\d+)", line)
    assert match, line + proc.stderr.read()
    info = json.loads((state / "rest.json").read_text())
    assert info["port"] == int(match.group(1)) and info["pid"] == proc.pid
    yield {"state": state, "client": Rest(info["port"], info["ca"]), "info": info}
    proc.terminate()
    proc.wait(20)


def test_rest_run_command_json_display_define_alter_delete(rest_lab):
    rest = rest_lab["client"]
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "channel", "name": "DEV.APP.SVRCONN",
                              "responseParameters": ["sslciph", "sslcauth", "mcauser", "maxmsgl"]})
    assert status == 200
    assert body == {"commandResponse": [{"completionCode": 0, "reasonCode": 0, "parameters": {
        "channel": "DEV.APP.SVRCONN", "chltype": "SVRCONN", "maxmsgl": 4194304, "mcauser": "app", "sslcauth": "REQUIRED",
        "sslciph": ""}}], "overallReasonCode": 0, "overallCompletionCode": 0}
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "define", "qualifier": "channel", "name": "REST.SVRCONN",
                              "parameters": {"chltype": "svrconn", "sslciph": "TLS_AES_256_GCM_SHA384", "sslcauth": "optional",
                                             "descr": "O'Brien's channel"}})
    assert (status, body["overallCompletionCode"], body["commandResponse"][0]["message"]) == (
        200, 0, ["AMQ8014I: IBM MQ channel created."])
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "alter", "qualifier": "channel", "name": "REST.SVRCONN",
                              "parameters": {"chltype": "SVRCONN", "sslcauth": "REQUIRED", "sslpeer": "CN=app1, O=Example"}})
    assert body["commandResponse"][0]["message"] == ["AMQ8016I: IBM MQ channel changed."]
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "channel", "name": "REST.*",
                              "parameters": {"chltype": "svrconn"}, "responseParameters": ["all"]})
    params = body["commandResponse"][0]["parameters"]
    assert (params["descr"], params["sslcauth"], params["sslpeer"], params["sslciph"]) == (
        "O'Brien's channel", "REQUIRED", "CN=app1, O=Example", "TLS_AES_256_GCM_SHA384")
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "define", "qualifier": "channel", "name": "REST.SVRCONN",
                              "parameters": {"chltype": "svrconn", "replace": "yes"}})
    assert body["commandResponse"][0]["message"] == ["AMQ8014I: IBM MQ channel created."]
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "delete", "qualifier": "channel", "name": "REST.SVRCONN"})
    assert body["commandResponse"][0]["message"] == ["AMQ8015I: IBM MQ channel deleted."]
    # queue manager and CHLAUTH through runCommandJSON
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "alter", "qualifier": "qmgr", "parameters": {"sslev": "enabled"}})
    assert body["overallCompletionCode"] == 0
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "qmgr",
                              "responseParameters": ["sslev", "sslfips", "sslkeyr", "certlabl", "chlauth"]})
    assert body["commandResponse"][0]["parameters"] == {"qmname": "QM1", "certlabl": "ibmwebspheremqqm1", "chlauth": "ENABLED",
                                                        "sslev": "ENABLED", "sslfips": "NO", "sslkeyr": "/var/mqm/qmgrs/QM1/ssl/key"}
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "set", "qualifier": "chlauth", "name": "DEV.APP.SVRCONN",
                              "parameters": {"type": "sslpeermap", "sslpeer": "CN=app1,O=Example", "usersrc": "map",
                                             "mcauser": "app", "action": "replace"}})
    assert body["commandResponse"][0]["message"] == ["AMQ8877I: IBM MQ channel authentication record set."]
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "chlauth", "name": "DEV.APP.SVRCONN",
                              "parameters": {"type": "sslpeermap"}, "responseParameters": ["all"]})
    assert body["commandResponse"][0]["parameters"]["sslpeer"] == "CN=app1,O=Example"


def test_rest_run_command_and_mq_errors(rest_lab):
    rest = rest_lab["client"]
    status, body = rest.mqsc({"type": "runCommand", "parameters": {"command": "DEFINE CHANNEL(DOTNET.SVRCONN) CHLTYPE(SVRCONN)"}})
    assert (status, body) == (200, {"commandResponse": [{"completionCode": 0, "reasonCode": 0,
                                                         "text": ["AMQ8014I: IBM MQ channel created."]}],
                                    "overallReasonCode": 0, "overallCompletionCode": 0})
    status, body = rest.mqsc({"type": "runCommand", "parameters": {"command": "DIS CHL(DOTNET.SVRCONN) SSLCIPH SSLCAUTH"}},
                             version="v1")
    assert body["commandResponse"][0]["text"] == ["AMQ8414I: Display Channel details."
                                                  "   CHANNEL(DOTNET.SVRCONN)                 CHLTYPE(SVRCONN)"
                                                  "   SSLCAUTH(REQUIRED)                      SSLCIPH( )"]
    # HTTP 200 does not mean the command worked
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "channel", "name": "NO.SUCH.CHANNEL"})
    assert (status, body) == (200, {"commandResponse": [{"completionCode": 2, "reasonCode": 4032,
                                                         "message": ["AMQ8147E: IBM MQ object NO.SUCH.CHANNEL not found."]}],
                                    "overallReasonCode": 3008, "overallCompletionCode": 2})
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "alter", "qualifier": "channel", "name": "DOTNET.SVRCONN",
                              "parameters": {"chltype": "svrconn", "sslciph": "TLS_RSA_WITH_AES_128_CBC_SHA"}}, version="v3")
    assert body["commandResponse"] == [{"completionCode": 2, "reasonCode": 4092, "message": ["AMQ8242E: SSLCIPH definition wrong."]}]
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "alter", "qualifier": "channel", "name": "DOTNET.SVRCONN",
                              "parameters": {"chltype": "svrconn", "sslciph": "TLS_RSA_WITH_AES_128_CBC_SHA"}}, qmgr="WEAK")
    assert body["commandResponse"][0]["completionCode"] == 2  # no such channel on WEAK
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "define", "qualifier": "channel", "name": "OLD.SVRCONN",
                              "parameters": {"chltype": "svrconn", "sslciph": "TLS_RSA_WITH_AES_128_CBC_SHA"}}, qmgr="WEAK")
    assert body["overallCompletionCode"] == 0  # that queue manager re-enabled weak CipherSpecs
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "alter", "qualifier": "channel", "name": "DOTNET.SVRCONN",
                              "parameters": {"chltype": "svrconn", "descr": "d" * 65}})
    assert body["commandResponse"][0]["message"][0].startswith("AMQ8405I: Syntax error")
    status, body = rest.mqsc({"type": "runCommand", "parameters": {"command": "DEFINE CHANNEL(DOTNET.SVRCONN) CHLTYPE(SVRCONN)"}})
    assert body["commandResponse"][0]["text"] == ["AMQ8150E: IBM MQ object already exists."]
    # a read-only user may display but not change
    status, body = rest.mqsc({"type": "runCommand", "parameters": {"command": "DELETE CHANNEL(DOTNET.SVRCONN)"}},
                             user="reader", password="Read-0nly#pw")
    assert body["commandResponse"][0] == {"completionCode": 2, "reasonCode": 2035, "text": ["AMQ8135E: Not authorized."]}


def test_rest_authentication_csrf_and_request_errors(rest_lab):
    rest = rest_lab["client"]
    display = {"type": "runCommandJSON", "command": "display", "qualifier": "qmgr"}
    status, body = rest.mqsc(display, headers={})
    assert status == 403 and body["error"][0]["msgId"] == "MQWB0100E"
    assert body["error"][0]["message"] == "MQWB0100E: The CSRF header 'ibm-mq-rest-csrf-token' was omitted from the request."
    status, body, response = rest.call("POST", "/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc", display, user=None, headers=CSRF)
    assert status == 401 and body["error"][0]["msgId"] == "MQWB0104E"
    assert response.getheader("WWW-Authenticate", "").startswith("Basic ")
    status, body = rest.mqsc(display, password="wrong")
    assert status == 401 and body["error"][0]["msgId"] == "MQWB0104E"
    status, body = rest.mqsc(display, qmgr="NOSUCHQM")
    assert (status, body["error"][0]["msgId"], body["error"][0]["reasonCode"]) == (404, "MQWB0009E", 2058)
    status, body, _response = rest.call("POST", "/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc", raw=b"{not json", headers=CSRF)
    assert status == 400 and body["error"][0]["type"] == "rest"
    status, body = rest.mqsc({"type": "runSomething"})
    assert status == 400
    status, body = rest.mqsc({"type": "runCommandJSON", "qualifier": "channel"})
    assert status == 400
    # LTPA token login: 204 and a cookie, then requests without credentials; after logout the cookie fails
    status, body, response = rest.call("POST", "/ibmmq/rest/v1/login", {"username": "mqadmin", "password": PASSWORD}, user=None)
    assert status == 204 and body is None
    cookie = response.getheader("Set-Cookie").split(";")[0]
    assert re.match(r"^LtpaToken2_\d+=\S+$", cookie)
    status, body = rest.mqsc(display, user=None, headers=dict(CSRF, Cookie=cookie))
    assert status == 200 and body["commandResponse"][0]["parameters"]["qmname"] == "QM1"
    status, body, _response = rest.call("GET", "/ibmmq/rest/v1/login", user=None, headers={"Cookie": cookie})
    assert body["user"][0]["name"] == "mqadmin"
    status, _body, _response = rest.call("DELETE", "/ibmmq/rest/v1/login", user=None, headers=dict(CSRF, Cookie=cookie))
    assert status == 204
    status, body = rest.mqsc(display, user=None, headers=dict(CSRF, Cookie=cookie))
    assert status == 401 and body["error"][0]["msgId"] == "MQWB0112E"
    status, body, _response = rest.call("POST", "/ibmmq/rest/v1/login", {"username": "mqadmin", "password": "bad"}, user=None)
    assert status == 401
    status, body, _response = rest.call("GET", "/ibmmq/rest/v2/admin/qmgr")
    assert body == {"qmgr": [{"name": "QM1", "state": "running"}, {"name": "WEAK", "state": "running"}]}


def test_rest_request_counter_counts_round_trips(rest_lab):
    rest = rest_lab["client"]
    before = rest.stats()
    for _round in range(3):
        rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "qmgr", "responseParameters": ["sslfips"]})
    rest.mqsc({"type": "runCommand", "parameters": {"command": "DIS QMGR"}}, headers={})  # refused: still a round trip
    after = rest.stats()
    assert after["requests"] - before["requests"] == 4
    assert after["mqsc_commands"] - before["mqsc_commands"] == 3
    assert after["by_type"]["runCommandJSON"] - before["by_type"].get("runCommandJSON", 0) == 3
    cli = json.loads(lab("stats", "--state", rest_lab["state"]).stdout)
    assert cli["requests"] == after["requests"]


def test_bulk_5000_channels_one_display_in_one_round_trip(rest_lab, capsys):
    rest = rest_lab["client"]
    state = rest_lab["state"]
    lab("seed", "--state", state, "--qmgr", "BULK")
    started = time.monotonic()
    out = json.loads(lab("bulk-channels", "--state", state, "--qmgr", "BULK", "--count", "5000", "--prefix", "APP.").stdout)
    bulk_seconds = time.monotonic() - started
    assert (out["count"], out["first"], out["last"]) == (5000, "APP.00001", "APP.05000")
    before = rest.stats()["requests"]
    started = time.monotonic()
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "channel", "name": "*",
                              "responseParameters": ["sslciph", "sslcauth"]}, qmgr="BULK")
    display_seconds = time.monotonic() - started
    assert status == 200 and body["overallCompletionCode"] == 0
    records = body["commandResponse"]
    assert len(records) == 5014  # 5,000 + the 14 channels of the seed
    assert sum(1 for r in records if r["parameters"]["channel"].startswith("APP.")) == 5000
    assert rest.stats()["requests"] - before == 1
    started = time.monotonic()
    status, body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "channel", "name": "*",
                              "parameters": {"chltype": "svrconn"}, "responseParameters": ["all"]}, qmgr="BULK")
    display_all_seconds = time.monotonic() - started
    assert len(body["commandResponse"]) == 5005  # the seed has five SVRCONN channels
    with capsys.disabled():
        sys.stdout.write("\n[lab timings] bulk-create 5,000 channels: %.2f s (process included); one REST display of 5,014 "
                         "channels (2 attributes): %.2f s; 5,005 SVRCONN with ALL: %.2f s\n"
                         % (bulk_seconds, display_seconds, display_all_seconds))
    assert bulk_seconds < 20 and display_seconds < 20 and display_all_seconds < 20


def test_serve_rest_daemon_and_stop(tmp_path):
    state = tmp_path / "state"
    lab("seed", "--state", state, "--qmgr", "QM1", env=_env(MQ_LAB_PASSWORD=PASSWORD))
    info = json.loads(lab("serve-rest", "--state", state, "--daemon").stdout)
    try:
        rest = Rest(info["port"], info["ca"])
        status, _body = rest.mqsc({"type": "runCommandJSON", "command": "display", "qualifier": "qmgr"})
        assert status == 200
    finally:
        assert "stopped REST server %d" % info["pid"] in lab("stop-rest", "--state", state).stdout
    assert not (state / "rest.json").exists()


# ------------------------------------------------------------------------------------------------------------
# TLS listener
# ------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tls_lab(tmp_path_factory, pki):
    base = tmp_path_factory.mktemp("tls")
    state = base / "state"
    lab("seed", "--state", state, "--qmgr", "QM1")
    ca_cert, ca_key = pki.ca("Lab Channel CA")
    other_cert, other_key = pki.ca("Some Other CA")
    server_key = ec.generate_private_key(ec.SECP384R1())
    server_cert = pki.issue(server_key, (ca_cert, ca_key), subject="CN=qm1.example,O=Example", eku=("serverAuth",),
                            sans=[DNSName("localhost"), IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))])
    files = {"ca": base / "ca.pem", "cert": base / "server.pem", "key": base / "server-key.pem"}
    files["ca"].write_text(pki.pem(ca_cert))
    files["cert"].write_text(pki.pem(server_cert))
    files["key"].write_bytes(server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.BestAvailableEncryption(b"Key-Passphrase-1")))
    clients = {}
    for label, issuer, subject in (("good", (ca_cert, ca_key), "CN=client1,OU=Apps,O=Example"),
                                   ("other", (other_cert, other_key), "CN=client1,OU=Apps,O=Example"),
                                   ("stranger", (ca_cert, ca_key), "CN=intruder,O=Elsewhere")):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = pki.issue(key, issuer, subject=subject, eku=("clientAuth",))
        clients[label] = (base / ("%s.pem" % label), base / ("%s-key.pem" % label))
        clients[label][0].write_text(pki.pem(cert))
        clients[label][1].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
    runmqsc(state, "QM1", "DEFINE CHANNEL(TLS.SVRCONN) CHLTYPE(SVRCONN) SSLCIPH(ECDHE_ECDSA_AES_256_GCM_SHA384) SSLCAUTH(REQUIRED)\n")
    proc = subprocess.Popen([sys.executable, "-m", "mq_lab_qmgr", "tls-listen", "--state", str(state), "--channel", "TLS.SVRCONN",
                             "--cert", str(files["cert"]), "--key", str(files["key"]), "--ca", str(files["ca"]),
                             "--key-passphrase-env", "LAB_KEY_PASS"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(LAB_KEY_PASS="Key-Passphrase-1"))
    line = proc.stdout.readline()
    match = re.match(r"MQLAB TLS LISTENING (\d+)", line)
    assert match, line + proc.stderr.read()
    yield {"state": state, "port": int(match.group(1)), "ca": files["ca"], "clients": clients}
    proc.terminate()
    proc.wait(20)


def tls_connect(lab_info, client=None, ciphers=None, maximum=None, keep=False):
    """(greeting line or None when refused, the open socket when keep=True)."""
    context = ssl.create_default_context(cafile=str(lab_info["ca"]))
    if client:
        context.load_cert_chain(*[str(p) for p in lab_info["clients"][client]])
    if ciphers:
        context.set_ciphers(ciphers)
    if maximum:
        context.maximum_version = maximum
    raw = socket.create_connection(("127.0.0.1", lab_info["port"]), timeout=10)
    tls = None
    try:
        tls = context.wrap_socket(raw, server_hostname="127.0.0.1")
        data = b""
        while not data.endswith(b"\n"):
            chunk = tls.recv(1024)
            if not chunk:
                break
            data += chunk
        line = data.decode() or None
    except (ssl.SSLError, ConnectionError, socket.timeout):
        line = None
    if keep and line:
        return line, tls
    (tls or raw).close()
    return line, None


def test_tls_listener_enforces_sslcauth_and_sslciph_with_real_handshakes(tls_lab):
    line, _sock = tls_connect(tls_lab, "good")
    assert line and line.startswith("MQLAB CHANNEL(TLS.SVRCONN) SSLCIPH(ECDHE_ECDSA_AES_256_GCM_SHA384) "
                                    "CIPHER(ECDHE-ECDSA-AES256-GCM-SHA384) PROTOCOL(TLSv1.2) PEER(CN=client1,OU=Apps,O=Example)")
    assert tls_connect(tls_lab)[0] is None  # no client certificate: SSLCAUTH(REQUIRED) refuses it
    assert tls_connect(tls_lab, "other")[0] is None  # signed by a CA the channel does not trust
    assert tls_connect(tls_lab, "good", ciphers="ECDHE-ECDSA-AES128-GCM-SHA256", maximum=ssl.TLSVersion.TLSv1_2)[0] is None
    log = tls_lab["state"] / "listeners" / "QM1.TLS.SVRCONN.log"
    deadline = time.monotonic() + 10
    while True:  # the listener's thread may log a refusal just after the client has seen it
        events = [json.loads(x)["event"] for x in log.read_text().splitlines()]
        events = [e for e in events if e != "listening"]
        if len(events) >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert events[:4] == ["accepted", "refused", "refused", "refused"]


def test_tls_listener_follows_channel_changes_sslpeer_and_refresh_security(tls_lab):
    state = tls_lab["state"]
    runmqsc(state, "QM1", "ALTER CHANNEL(TLS.SVRCONN) CHLTYPE(SVRCONN) SSLCIPH(TLS_AES_256_GCM_SHA384) SSLCAUTH(OPTIONAL)\n")
    line, _sock = tls_connect(tls_lab)
    assert line and "CIPHER(TLS_AES_256_GCM_SHA384) PROTOCOL(TLSv1.3) PEER()" in line  # OPTIONAL: no certificate needed
    assert tls_connect(tls_lab, "other")[0] is None  # but one that is sent must verify
    runmqsc(state, "QM1", "ALTER CHANNEL(TLS.SVRCONN) CHLTYPE(SVRCONN) SSLCIPH(ANY_TLS12_OR_HIGHER) SSLCAUTH(REQUIRED) "
                          "SSLPEER('CN=client1, O=Example')\n")
    assert tls_connect(tls_lab, "stranger")[0] is None  # SSLPEER does not match
    line, sock = tls_connect(tls_lab, "good", keep=True)
    assert line and "PROTOCOL(TLSv1.3)" in line
    # REFRESH SECURITY TYPE(SSL) stops running TLS channels
    assert "AMQ8560I" in runmqsc(state, "QM1", "REFRESH SECURITY TYPE(SSL)\n").stdout
    sock.settimeout(10)
    try:
        closed = sock.recv(1024) == b""
    except (ssl.SSLError, ConnectionError):
        closed = True
    sock.close()
    assert closed


def test_tls_listener_refuses_channels_it_cannot_serve(tls_lab, tmp_path):
    runmqsc(tls_lab["state"], "QM1", "DEFINE CHANNEL(PLAIN.SVRCONN) CHLTYPE(SVRCONN)\n")
    proc = lab("tls-listen", "--state", tls_lab["state"], "--channel", "PLAIN.SVRCONN", "--cert", tmp_path / "x", "--key",
               tmp_path / "x", "--ca", tmp_path / "x", check=False)
    assert proc.returncode == 2 and "no SSLCIPH" in proc.stderr
