# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""runmqsc output parsing, on the real IBM MQ outputs in ../shared/reference/mq-output-samples
(one or more tests per A, B, E and X sample) and on a few constructed edge cases."""
from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc_output as out
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels, findings

A01_CHANNELS = [
    ("DEV.ADMIN.SVRCONN", "SVRCONN"), ("DEV.APP.SVRCONN", "SVRCONN"), ("SYSTEM.ADMIN.SVRCONN", "SVRCONN"),
    ("SYSTEM.AUTO.RECEIVER", "RCVR"), ("SYSTEM.AUTO.SVRCONN", "SVRCONN"), ("SYSTEM.DEF.AMQP", "AMQP"),
    ("SYSTEM.DEF.CLUSRCVR", "CLUSRCVR"), ("SYSTEM.DEF.CLUSSDR", "CLUSSDR"), ("SYSTEM.DEF.RECEIVER", "RCVR"),
    ("SYSTEM.DEF.REQUESTER", "RQSTR"), ("SYSTEM.DEF.SENDER", "SDR"), ("SYSTEM.DEF.SERVER", "SVR"),
    ("SYSTEM.DEF.SVRCONN", "SVRCONN"), ("SYSTEM.DEF.CLNTCONN", "CLNTCONN"),
]
DN_QM1 = "SERIALNUMBER=78:40:26:54:E5:D4:80:E4,CN=QM1,OU=SSL For MQ,O=IBM,ST=MA,C=US"


def by_name(records, key="CHANNEL"):
    return {record["attributes"][key]: record["attributes"] for record in records}


# --- A: DISPLAY CHANNEL -------------------------------------------------------------------------

def test_a01_all_fourteen_channels_of_mq942(mq_sample):
    text = mq_sample("A01")
    records = out.parse_display(text)
    assert [(r["attributes"]["CHANNEL"], r["attributes"]["CHLTYPE"]) for r in records] == A01_CHANNELS
    assert {r["message"] for r in records} == {"AMQ8414I"}
    chls = by_name(records)
    admin = chls["DEV.ADMIN.SVRCONN"]
    assert len(admin) == 27  # 13 two-column lines and TRPTYPE alone
    assert admin["SSLCIPH"] == "" and admin["SSLPEER"] == "" and admin["CERTLABL"] == "" and admin["DESCR"] == ""
    assert admin["SSLCAUTH"] == "REQUIRED" and admin["TRPTYPE"] == "TCP" and admin["KAINT"] == "AUTO"
    assert chls["DEV.APP.SVRCONN"]["MCAUSER"] == "app"
    assert chls["SYSTEM.AUTO.RECEIVER"]["DESCR"] == "Auto-defined by"
    assert chls["SYSTEM.DEF.AMQP"]["TMPQPRFX"] == "AMQP.*"
    assert chls["SYSTEM.DEF.AMQP"]["PORT"] == "5672"
    assert "SSLCAUTH" not in chls["SYSTEM.DEF.CLUSSDR"] and "SSLCAUTH" not in chls["SYSTEM.DEF.CLNTCONN"]
    assert chls["SYSTEM.DEF.SENDER"]["XMITQ"] == "" and chls["SYSTEM.DEF.CLNTCONN"]["USERID"] == ""
    assert out.summary(text) == {"read": 1, "syntax_errors": 0, "not_processed": 0, "ok": True}
    assert out.errors(text) == []


def test_a01_records_feed_the_stig_channel_check(mq_sample):
    svrconns = [r for r in out.display_attributes(mq_sample("A01")) if r["CHLTYPE"] == "SVRCONN"]
    assert len(svrconns) == 5
    for channel in svrconns:
        result = {f["code"]: f["status"] for f in channels.channel_findings(channel, "nist")}
        assert result["CHANNEL_SSLCAUTH"] == findings.PASS
        assert findings.FAIL in [f["status"] for f in channels.channel_findings(channel, "nist")
                                 if f["code"] != "CHANNEL_SSLCAUTH"]


def test_a02_markdown_indent_and_prompt_marker(mq_sample):
    text = mq_sample("A02")
    records = out.parse_display(text)
    assert len(records) == 1
    chl = records[0]["attributes"]
    assert chl["CHANNEL"] == "DEV.SSL.SVRCONN"
    assert chl["SSLCIPH"] == "ANY_TLS12_OR_HIGHER" and chl["SSLCAUTH"] == "OPTIONAL" and chl["SSLPEER"] == ""
    assert "DISPLAY" not in chl  # the typed command is not an attribute line
    assert out.summary(text) is None
    assert [c["command"] for c in out.split_commands(text)] == ["DISPLAY CHANNEL(DEV.SSL.SVRCONN)"]


def test_a03_command_echoed_twice(mq_sample):
    text = mq_sample("A03")
    records = out.parse_display(text)
    assert len(records) == 1 and records[0]["message"] == "AMQ8414I"
    assert records[0]["attributes"]["MCAUSER"] == "app"
    assert records[0]["attributes"]["SSLCIPH"] == "ANY_TLS12_OR_HIGHER"
    assert records[0]["attributes"]["ALTDATE"] == "2024-12-18"
    commands = out.split_commands(text)
    assert [(c["number"], c["command"]) for c in commands] == [(1, "DISPLAY CHANNEL(DEV.APP.SVRCONN)")]


def test_a04_sslpeer_with_spaces_then_cleared(mq_sample):
    text = mq_sample("A04")
    first, second = out.display_attributes(text)
    assert first["SSLPEER"] == "CN=John Cena, OU=Test, O=IBM, C=GB"
    assert first["DESCR"] == "Receiver channel using TLS from QM1 to QM2"
    assert first["SSLCIPH"] == "TLS_RSA_WITH_AES_128_CBC_SHA256"
    assert first["CERTLABL"] == "QM2" and first["SSLCAUTH"] == "REQUIRED" and first["CHLTYPE"] == "RCVR"
    assert first["ALTTIME"] == "18.21.00" and second["ALTTIME"] == "18.31.34"
    assert second["SSLPEER"] == ""
    assert second["USEDLQ"] == "YES"
    assert [m["id"] for m in out.parse_messages(text)] == ["AMQ8414I", "AMQ8016I", "AMQ8414I", "AMQ8724I"]
    commands = out.split_commands(text)
    assert [c["number"] for c in commands] == [1, 2, 3, 4]
    assert commands[1]["command"] == "alter channel(QM1.TO.QM2) CHLTYPE(RCVR) SSLPEER('')"
    assert [m["id"] for m in out.parse_messages(commands[1]["output"])] == ["AMQ8016I"]
    assert out.display_attributes(commands[2]["output"]) == [second]


def test_a06_wmq6_message_without_severity_and_comment_echo(mq_sample):
    text = mq_sample("A06")
    records = out.parse_display(text)
    assert len(records) == 1 and records[0]["message"] == "AMQ8414"
    chl = records[0]["attributes"]
    assert chl["CHANNEL"] == "secana.ssl"
    assert chl["SSLCIPH"] == "NULL_MD5" and chl["SSLCAUTH"] == "REQUIRED" and chl["SSLPEER"] == ""
    assert "CERTLABL" not in chl
    messages = out.parse_messages(text)
    assert [(m["id"], m["severity"]) for m in messages] == [("AMQ8005", None), ("AMQ8414", None)]
    assert out.errors(text) == []
    assert [c["command"] for c in out.split_commands(text)] == ["DIS CHANNEL('secana.ssl') ALL;"]


def test_a07_banner_and_abbreviated_command(mq_sample):
    text = mq_sample("A07")
    (chl,) = out.display_attributes(text)
    assert chl["CHANNEL"] == "DEV.APP.SVRCONN"
    assert chl["SSLCIPH"] == "ANY_TLS12" and chl["SSLCAUTH"] == "OPTIONAL" and chl["MAXINST"] == "999999999"
    assert out.split_commands(text)[0]["command"] == "dis chl(DEV.APP.SVRCONN)"


def test_a08_name_and_type_list_of_wmq7(mq_sample):
    records = out.parse_display(mq_sample("A08"))
    assert len(records) == 15
    assert all(r["message"] == "AMQ8414" and len(r["attributes"]) == 2 for r in records)
    assert records[0]["attributes"] == {"CHANNEL": "CHANNEL1", "CHLTYPE": "SVRCONN"}
    assert records[-1]["attributes"] == {"CHANNEL": "SYSTEM.DEF.CLNTCONN", "CHLTYPE": "CLNTCONN"}
    assert sum(r["attributes"]["CHLTYPE"] == "RCVR" for r in records) == 4


def test_a09_trailing_blanks_on_the_last_line(mq_sample):
    (chl,) = out.display_attributes(mq_sample("A09"))
    assert chl["CHANNEL"] == "FLCORP.RC" and chl["CHLTYPE"] == "RCVR"
    assert chl["USEDLQ"] == "YES"  # followed by six blanks in the source
    assert chl["MAXMSGL"] == "10485760" and chl["BATCHSZ"] == "10"
    assert chl["SSLCIPH"] == "" and chl["SSLCAUTH"] == "REQUIRED"
    assert len(chl) == 35


# --- B: DISPLAY QMGR / CHLAUTH / CHSTATUS -------------------------------------------------------

def test_b01_display_qmgr_all(mq_sample):
    text = mq_sample("B01")
    (record,) = out.parse_display(text)
    qmgr = record["attributes"]
    assert record["message"] == "AMQ8408I"
    assert qmgr["QMNAME"] == "QM1" and qmgr["SSLFIPS"] == "NO" and qmgr["CHLAUTH"] == "DISABLED"
    assert qmgr["SSLKEYR"] == "/var/mqm/qmgrs/QM1/ssl/key" and qmgr["CERTLABL"] == "ibmwebspheremqqm1"
    assert qmgr["SSLEV"] == "DISABLED" and qmgr["KEYRPWD"] == "" and qmgr["SSLRKEYC"] == "0"
    assert qmgr["SYNCPT"] is True
    assert qmgr["QMID"] == "QM1_2025-04-22_03.01.05" and qmgr["VERSION"] == "09040200"
    assert qmgr["XRCAP"] == "YES"
    (finding,) = channels.qmgr_findings(qmgr)
    assert finding["status"] == findings.FAIL and finding["object"]["name"] == "QM1"


def test_b02_display_chlauth_long_descr_alone(mq_sample):
    records = out.display_attributes(mq_sample("B02"))
    assert [(r["CHLAUTH"], r["TYPE"]) for r in records] == [
        ("DEV.ADMIN.SVRCONN", "USERMAP"), ("DEV.ADMIN.SVRCONN", "BLOCKUSER"), ("DEV.APP.SVRCONN", "ADDRESSMAP"),
        ("SYSTEM.*", "ADDRESSMAP"), ("*", "ADDRESSMAP"), ("*", "BLOCKUSER")]
    assert records[0]["DESCR"] == "Allows admin user to connect via ADMIN channel"
    assert records[0]["CLNTUSER"] == "admin" and records[0]["CHCKCLNT"] == "ASQMGR" and records[0]["ADDRESS"] == ""
    assert records[1]["DESCR"] == "Allows admins on ADMIN channel" and records[1]["USERLIST"] == "nobody"
    assert records[4]["DESCR"] == "Back-stop rule - Blocks everyone" and records[4]["USERSRC"] == "NOACCESS"
    assert records[5]["USERLIST"] == "*MQADMIN" and records[5]["CUSTOM"] == ""
    assert [len(r) for r in records] == [10, 8, 9, 9, 9, 8]


def test_b03_chstatus_bare_keyword_and_nested_parentheses(mq_sample):
    (status,) = out.display_attributes(mq_sample("B03"))
    assert status["CURRENT"] is True
    assert status["COMPHDR"] == "NONE,NONE" and status["COMPRATE"] == "0,0"
    assert status["LOCLADDR"] == "9.30.219.53(1415)" and status["CONNAME"] == "9.38.73.124"
    assert status["RAPPLTAG"] == "org.apache.karaf.main.Main"
    assert status["SSLCERTI"] == "" and status["SSLPEER"] == "" and status["SSLKEYDA"] == ""
    assert status["RPRODUCT"] == "MQJB" and status["RVERSION"] == "09040005"


def test_b04_markdown_fences_and_typed_commands(mq_sample):
    text = mq_sample("B04")
    records = out.display_attributes(text)
    assert records == [{"LISTENER": "SYSTEM.LISTENER.TCP.1", "STATUS": "RUNNING", "PID": "255", "PORT": "1414"},
                       {"LISTENER": "LISTENER.TCP.2", "STATUS": "RUNNING", "PID": "428", "PORT": "1419"}]
    assert [m["id"] for m in out.parse_messages(text)] == ["AMQ8631I", "AMQ8631I"]


def test_b05_password_prompt_and_sequence_number_15(mq_sample):
    text = mq_sample("B05")
    assert out.display_attributes(text) == [{"QMNAME": "DRHAQM1",
                                             "SSLKEYR": "/var/mqm/vols/ssldrhaqm1/qmgr/ssldrhaqm1/ssl/key"}]
    assert [(c["number"], c["command"]) for c in out.split_commands(text)] == [(15, "DISPLAY QMGR SSLKEYR")]


def test_b06_sender_status_with_peer_and_issuer(mq_sample):
    (status,) = out.display_attributes(mq_sample("B06"))
    assert status["CHLTYPE"] == "SDR" and status["CONNAME"] == "10.241.0.4(1414)" and status["CURRENT"] is True
    assert status["SSLCERTI"] == "CN=QM2,OU=SSL For MQ,O=IBM,ST=MA,C=US"
    assert status["SSLPEER"] == "SERIALNUMBER=5E:C8:76:52:DA:81:96:5B,CN=QM2,OU=SSL For MQ,O=IBM,ST=MA,C=US"
    assert status["XMITQ"] == "QM2" and status["SUBSTATE"] == "MQGET" and status["RQMNAME"] == "QM2"


def test_b07_receiver_status(mq_sample):
    text = mq_sample("B07")
    (status,) = out.display_attributes(text)
    assert status["CHLTYPE"] == "RCVR" and status["CONNAME"] == "10.241.2.5"
    assert status["SSLPEER"] == DN_QM1
    assert status["SSLCERTI"] == "CN=QM1,OU=SSL For MQ,O=IBM,ST=MA,C=US"
    assert status["SUBSTATE"] == "RECEIVE" and "XMITQ" not in status
    assert out.split_commands(text)[0]["command"] == "DISPLAY CHS(QM1.TO.QM2) SSLPEER SSLCERTI"


def test_b08_wmq6_status_dn_with_spaces_and_ipv6_address(mq_sample):
    records = out.parse_display(mq_sample("B08"))
    assert len(records) == 1 and records[0]["message"] == "AMQ8417"
    status = records[0]["attributes"]
    assert status["SSLPEER"] == "CN=mbj - client,OU=Decision Analytics,O=Experian,L=Oslo,C=NO"
    assert status["SSLCERTI"] == "CN=Experian Secana CA,OU=Decision Analytics,O=Experian,L=Oslo,C=NO"
    assert status["LOCLADDR"] == "::ffff:192.168.2.100(6666)"
    assert status["RQMNAME"] == "" and status["XMITQ"] == "" and status["MSGS"] == "20203"


def test_b09_two_identical_instances_and_trailer(mq_sample):
    text = mq_sample("B09")
    records = out.display_attributes(text)
    assert records == [{"CHANNEL": "QM6CHL", "CHLTYPE": "SVRCONN", "CONNAME": "172.30.93.252", "CURRENT": True,
                        "STATUS": "RUNNING", "SUBSTATE": "RECEIVE"}] * 2
    assert out.summary(text)["ok"] is True


def test_b10_tab_indented_body_unindented_trailer(mq_sample):
    text = mq_sample("B10")
    (status,) = out.display_attributes(text)
    assert status == {"CHANNEL": "CRC01CRD.A.CRC01CMM", "CHLTYPE": "SDR", "CONNAME": "192.168.1.110(1416)",
                      "CURRENT": True, "RQMNAME": "CRC01CMM", "STATUS": "RUNNING", "SUBSTATE": "MQGET",
                      "XMITQ": "CRC01CMM"}
    assert out.summary(text) == {"read": 1, "syntax_errors": 0, "not_processed": 0, "ok": True}


def test_b11_wmq75_docs_double_quoted_dn_values(mq_sample):
    records = out.parse_display(mq_sample("B11"))
    assert len(records) == 1 and records[0]["message"] == "AMQ8417"
    status = records[0]["attributes"]
    assert status["SSLCERTI"] == "CN=QM2,OU=WebSphere MQ Development,O=IBM,ST=Hampshire,C=UK"
    assert status["SSLPEER"] == ("SERIALNUMBER=4C:D0:49:D5:02:5E:02,CN=QM2,OU=WebSphere MQ Development,"
                                 "O=IBM,ST=Hampshire,C=UK")
    assert status["CONNAME"] == "9.20.25.40" and status["XMITQ"] == "QM2"


def test_b12_orphan_attribute_padded_with_blanks(mq_sample):
    records = out.parse_display(mq_sample("B12"))
    assert [r["message"] for r in records] == ["AMQ8417"]
    assert records[0]["attributes"] == {"CHANNEL": "FLCORP.RC", "CHLTYPE": "RCVR", "CONNAME": "168.33.131.13",
                                        "CURRENT": True, "RQMNAME": "QMCORP", "STATUS": "RUNNING",
                                        "SUBSTATE": "RECEIVE"}


def test_b12b_wmq7_banner_is_not_output(mq_sample):
    text = mq_sample("B12b")
    assert out.parse_display(text) == [] and out.parse_messages(text) == [] and out.summary(text) is None


def test_b13_wmq701_sslfips_and_sslkeyr_alone(mq_sample):
    records = out.parse_display(mq_sample("B13"))
    assert len(records) == 1 and records[0]["message"] == "AMQ8408"
    qmgr = records[0]["attributes"]
    assert qmgr["SSLFIPS"] == "NO" and qmgr["SSLKEYR"] == "/var/mqm/qmgrs/qmgr1/ssl/key"
    assert qmgr["SSLRKEYC"] == "0" and qmgr["SYNCPT"] is True and qmgr["TRIGINT"] == "999999999"
    assert qmgr["QMNAME"] == "qmgr1" and qmgr["CMDLEVEL"] == "701"
    assert "CHLAUTH" not in qmgr and "CERTLABL" not in qmgr
    assert len(qmgr) == 72


# --- E: errors ----------------------------------------------------------------------------------

def test_e01_sslciph_definition_wrong(mq_sample):
    text = mq_sample("E01")
    (error,) = out.errors(text)
    assert error == {"id": "AMQ8242E", "number": "AMQ8242", "severity": "E", "text": "SSLCIPH definition wrong."}
    assert [m["id"] for m in out.parse_messages(text)] == ["AMQ8242E"]  # "Unable to access ..." has no id
    assert out.parse_display(text) == [] and out.summary(text) is None
    (command,) = out.split_commands(text)
    assert command["number"] == 4 and "SSLCIPH('ANY_TLS13_OR_HIGHER')" in command["command"]


def test_e02_syntax_error_with_informational_letter(mq_sample):
    text = mq_sample("E02")
    assert [m["id"] for m in out.parse_messages(text)] == ["AMQ8006I", "AMQ8405I", "AMQ8006I", "AMQ8014I", "AMQ8018I"]
    (error,) = out.errors(text)
    assert error["id"] == "AMQ8405I" and error["severity"] == "I"
    assert error["text"] == "Syntax error detected at or near end of command segment below:-"
    assert error["segment"] == "DEFINE QREMOTE (LOCAL.DEF.OF.REMOTE.QUEUE) RNAME (RECEIVER.Q) RQMNAME (QMB'"
    commands = out.split_commands(text)
    assert [c["number"] for c in commands] == [1, 3, 4, 5, 6]
    assert out.errors(commands[1]["output"]) and not out.errors(commands[2]["output"])
    assert out.parse_display(text) == []


# --- X: longer transcripts ----------------------------------------------------------------------

def test_x01_seven_runmqsc_runs_in_one_script_output(mq_sample):
    text = mq_sample("X01")
    records = out.parse_display(text)
    assert len(records) == 28
    assert [r["message"] for r in records].count("AMQ8414I") == 14
    assert [r["message"] for r in records].count("AMQ8878I") == 6
    qmstatus = next(r["attributes"] for r in records if r["message"] == "AMQ8705I")
    assert qmstatus["DISKLSN"] == "<0:0:79:38170>" and qmstatus["LOGPATH"] == "/var/mqm/log/QM1/active/"
    assert qmstatus["STATUS"] == "RUNNING"
    assert not any(r["attributes"].get("STATUS") == "Running" for r in records)  # the dspmq line
    assert len(out.summaries(text)) == 7 and all(s["ok"] for s in out.summaries(text))
    commands = out.split_commands(text)
    assert [c["command"] for c in commands] == [
        "DISPLAY QMGR ALL", "DISPLAY QMSTATUS ALL", "DISPLAY CHANNEL(*) ALL", "DISPLAY CHLAUTH(*) ALL",
        "DISPLAY CHSTATUS(*) ALL", "DISPLAY LISTENER(*) ALL", "DISPLAY LSSTATUS(*) ALL"]
    assert [c["number"] for c in commands] == [1] * 7
    assert len(out.display_attributes(commands[2]["output"])) == 14


def test_x02_error_log_entry(mq_sample):
    text = mq_sample("X02")
    (message,) = out.parse_messages(text)
    assert message["id"] == "AMQ9636E"
    assert message["text"] == "SSL distinguished name does not match peer name, channel 'QM1.TO.QM2'."
    assert DN_QM1 in message["explanation"]  # rejoined where the log wrapped it
    assert message["action"].startswith("If this remote system should be allowed to connect")
    assert message["action"].endswith("Restart the channel.")
    assert out.errors(text) == [message]
    assert out.parse_display(text) == []  # Host(...) CommentInsert1(...) header lines are no records


def test_x03_alter_sslpeer_then_refresh(mq_sample):
    text = mq_sample("X03")
    assert [m["id"] for m in out.parse_messages(text)] == ["AMQ8016I", "AMQ8724I"]
    assert out.errors(text) == [] and out.parse_display(text) == []
    commands = out.split_commands(text)
    assert commands[0]["command"] == "alter channel(QM1.TO.QM2) CHLTYPE(RCVR) SSLPEER('%s')" % DN_QM1
    assert commands[1]["command"] == "refresh qmgr type(configev) object(channel)"


def test_x04_wmq6_script_with_continued_commands(mq_sample):
    text = mq_sample("X04")
    queue, channel, listener = out.parse_display(text)
    assert queue["message"] == "AMQ8409" and channel["message"] == "AMQ8414" and listener["message"] == "AMQ8630"
    assert queue["attributes"]["DESCR"] == "queue used for secana transactions"
    assert queue["attributes"]["NOHARDENBO"] is True and queue["attributes"]["NOTRIGGER"] is True
    assert queue["attributes"]["SHARE"] is True and queue["attributes"]["TYPE"] == "QLOCAL"
    assert channel["attributes"]["SSLCIPH"] == "NULL_MD5"
    assert listener["attributes"]["DESCR"] == "TCP/IP Listener for this queue-manager"
    assert {m["severity"] for m in out.parse_messages(text)} == {None}
    commands = [c["command"] for c in out.split_commands(text)]
    assert ("DEFINE CHANNEL('secana.ssl') CHLTYPE(SVRCONN) TRPTYPE(TCP) MCAUSER('') SSLCAUTH(REQUIRED) "
            "SSLCIPH('NULL_MD5') REPLACE;") in commands  # the commented-out SSLPEER line is dropped
    assert "ALTER QMGR SSLKEYR('/var/mqm/ssl/swolinux')" in commands


def test_x05_rest_transcript_is_not_runmqsc_output(mq_sample):
    text = mq_sample("X05")
    assert out.parse_display(text) == []
    assert out.parse_messages(text) == []  # the AMQ8014I inside a JSON string is not a message line


def test_x06_names_list_continued_on_the_next_line(mq_sample):
    text = mq_sample("X06")
    namelist, qmgr = out.parse_display(text)
    assert namelist["message"] == "AMQ8550I"
    assert namelist["attributes"] == {
        "NAMELIST": "SYSTEM.QPUBSUB.QUEUE.NAMELIST", "NAMCOUNT": "2",
        "NAMES": "SYSTEM.BROKER.DEFAULT.STREAM,SYSTEM.BROKER.ADMIN.STREAM",
        "DESCR": "A list of queues for the queued Pub/Sub interface to monitor",
        "ALTDATE": "2022-09-06", "ALTTIME": "17.07.08"}
    assert qmgr["attributes"] == {"QMNAME": "CRC01CRD", "PSMODE": "ENABLED"}
    assert out.summary(text) == {"read": 8, "syntax_errors": 0, "not_processed": 0, "ok": True}
    commands = out.split_commands(text)
    assert [c["number"] for c in commands] == list(range(1, 9))
    assert commands[5]["command"] == ("ALTER NAMELIST(SYSTEM.QPUBSUB.QUEUE.NAMELIST) "
                                      "NAMES(SYSTEM.BROKER.DEFAULT.STREAM,SYSTEM.BROKER.ADMIN.STREAM,SYSTEM.FTE)")


def test_x07_type_pushed_below_long_queue_names(mq_sample):
    records = out.display_attributes(mq_sample("X07"))
    assert len(records) == 48
    assert all(set(r) == {"QUEUE", "TYPE"} and r["TYPE"] == "QLOCAL" for r in records)
    names = [r["QUEUE"] for r in records]
    assert "SYSTEM.BROKER.INTER.BROKER.COMMUNICATIONS" in names and "SYSTEM.ADMIN.TRACE.ROUTE.QUEUE" in names
    assert names[-1] == "SYSTEM.SELECTION.VALIDATION.QUEUE"


# --- constructed cases --------------------------------------------------------------------------

def test_rest_runcommand_one_line_record():
    text = "AMQ8409I: Display Queue details.   QUEUE(Q1)   TYPE(QLOCAL)   CURDEPTH(0)"
    assert out.parse_display(text) == [{"message": "AMQ8409I",
                                        "attributes": {"QUEUE": "Q1", "TYPE": "QLOCAL", "CURDEPTH": "0"}}]
    assert out.parse_messages(text)[0]["text"] == "Display Queue details."


def test_unbalanced_parentheses_quotes_and_wrapped_lists():
    text = "\n".join([
        "AMQ8414I: Display Channel details.",
        "   CHANNEL(X)                              DESCR(a ( b)",
        "   SSLPEER('it''s')                        CERTLABL(x ) y)",
        "   CONNAME(h1(1414),h2(1415)",
        "      ,h3(1416))",
        "   MCAUSER( )                              HBINT(300)",
        "display channel(x)",
        "   SSLCIPH(IGNORED)",
    ])
    assert out.display_attributes(text) == [{
        "CHANNEL": "X", "DESCR": "a ( b", "SSLPEER": "it's", "CERTLABL": "x ) y",
        "CONNAME": "h1(1414),h2(1415),h3(1416)", "MCAUSER": "", "HBINT": "300"}]


def test_blank_line_and_uppercase_typed_command_end_a_record():
    text = "AMQ8408I: Display Queue Manager details.\n   QMNAME(QM1)\n\n   SSLFIPS(YES)\n" \
           "AMQ8408I: Display Queue Manager details.\n   QMNAME(QM2)\nDISPLAY QMGR SSLFIPS\n   SSLFIPS(NO)\n"
    assert out.display_attributes(text) == [{"QMNAME": "QM1"}, {"QMNAME": "QM2"}]


def test_summary_with_errors_and_not_found():
    text = ("     1 : DISPLAY CHANNEL(NOPE)\nAMQ8147E: IBM MQ object NOPE not found.\n"
            "     2 : DIS CHS(NOPE)\nAMQ8420I: Channel Status not found.\n"
            "2 MQSC commands read.\nOne command has a syntax error.\nOne valid MQSC command could not be processed.\n")
    assert out.summary(text) == {"read": 2, "syntax_errors": 1, "not_processed": 1, "ok": False}
    assert [m["id"] for m in out.errors(text)] == ["AMQ8147E", "AMQ8420I"]
    assert out.not_found(text)
    assert not out.not_found("AMQ8016I: IBM MQ channel changed.")
    assert out.summary("AMQ8016I: IBM MQ channel changed.") is None
