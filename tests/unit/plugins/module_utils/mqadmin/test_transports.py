# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The REST and runmqsc transports: what they send, how they read answers, and how they fail."""

from __future__ import annotations

import json

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.rest_transport import RestTransport
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.runmqsc_transport import RunmqscTransport


class Post:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, url, body):
        self.calls.append((url, body))
        status, payload = self.answers.pop(0)
        return status, payload if isinstance(payload, str) else json.dumps(payload)


OK_DISPLAY = {"commandResponse": [
    {"completionCode": 0, "reasonCode": 0, "parameters": {"channel": "A.SVRCONN", "chltype": "SVRCONN", "sslciph": "",
                                                          "sslcauth": "OPTIONAL"}},
    {"completionCode": 0, "reasonCode": 0, "parameters": {"channel": "B.SVRCONN", "chltype": "SVRCONN",
                                                          "sslciph": "TLS_AES_256_GCM_SHA384", "sslcauth": "REQUIRED"}}],
    "overallCompletionCode": 0, "overallReasonCode": 0}


def test_rest_display_is_one_request_with_run_command_json():
    post = Post((200, OK_DISPLAY))
    transport = RestTransport("https://127.0.0.1:9443/", "QM1", post)
    records = transport.display_channels("*", "SVRCONN")
    url, body = post.calls[0]
    assert url == "https://127.0.0.1:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc"
    assert body["type"] == "runCommandJSON" and body["qualifier"] == "channel" and body["name"] == "*"
    assert body["parameters"] == {"chltype": "SVRCONN"} and body["responseParameters"] == ["all"]
    assert [r["CHANNEL"] for r in records] == ["A.SVRCONN", "B.SVRCONN"] and records[0]["SSLCAUTH"] == "OPTIONAL"
    assert transport.round_trips == 1


def test_rest_http_200_with_a_failed_command_is_an_error():
    failed = {"commandResponse": [{"completionCode": 2, "reasonCode": 3008, "message": [
        "AMQ8242E: SSLCIPH definition wrong."]}], "overallCompletionCode": 2, "overallReasonCode": 3008}
    transport = RestTransport("https://h:1", "QM1", Post((200, failed)))
    with pytest.raises(AdminError, match="AMQ8242E") as info:
        transport.alter_channel("A.SVRCONN", "SVRCONN", {"SSLCIPH": "TLS_AES_256_GCM_SHA384"})
    assert not info.value.not_found


def test_rest_not_found_display_is_empty_and_rest_errors_are_named():
    missing = {"commandResponse": [{"completionCode": 2, "reasonCode": 2085, "message": [
        "AMQ8147E: IBM MQ object X not found."]}], "overallCompletionCode": 2, "overallReasonCode": 3008}
    error = {"error": [{"msgId": "MQWB0009E", "action": "Check the name", "completionCode": 2, "reasonCode": 2058,
                        "type": "rest", "message": "MQWB0009E: Could not query the queue manager 'QM9'.",
                        "explanation": "The MQ REST API was invoked specifying a queue manager name which cannot be located."}]}
    transport = RestTransport("https://h:1", "QM1", Post((200, missing), (404, error)))
    assert transport.display_channels("X") == []
    with pytest.raises(AdminError, match="MQWB0009E"):
        transport.display_qmgr()


def test_rest_change_sends_run_command_with_safe_mqsc():
    ok = {"commandResponse": [{"completionCode": 0, "reasonCode": 0, "text": ["AMQ8016I: IBM MQ channel changed."]}],
          "overallCompletionCode": 0, "overallReasonCode": 0}
    post = Post((200, ok))
    RestTransport("https://h:1", "QM1", post).alter_channel("A.SVRCONN", "SVRCONN", {"SSLPEER": "CN=a') DESCR('x"})
    assert post.calls[0][1] == {"type": "runCommand", "parameters": {
        "command": "ALTER CHANNEL('A.SVRCONN') CHLTYPE(SVRCONN) SSLPEER('CN=a'') DESCR(''x')"}}


class Runner:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, argv, data):
        self.calls.append((argv, data))
        return self.answers.pop(0)


def test_runmqsc_reads_the_real_display_layout(mq_sample):
    text = mq_sample("A01")
    runner = Runner((0, text, ""))
    records = RunmqscTransport("QM1", runner, "/opt/mqm/bin/runmqsc").display_channels("*")
    assert runner.calls[0][0] == ["/opt/mqm/bin/runmqsc", "QM1"]
    assert runner.calls[0][1].startswith("DISPLAY CHANNEL('*')")
    assert len(records) == 14
    assert {r["CHANNEL"]: r["SSLCAUTH"] for r in records if r["CHLTYPE"] == "SVRCONN"}["DEV.ADMIN.SVRCONN"] == "REQUIRED"


def test_runmqsc_errors_name_the_message(mq_sample):
    runner = Runner((10, mq_sample("E01"), ""))
    with pytest.raises(AdminError, match="AMQ8242E"):
        RunmqscTransport("QM1", runner).define_channel("A.SVRCONN", "SVRCONN", {"SSLCIPH": "TLS_AES_256_GCM_SHA384"})


def test_runmqsc_not_found_display_is_empty():
    out = ("     1 : DISPLAY CHANNEL('NOPE') ALL\nAMQ8147E: IBM MQ object NOPE not found.\n"
           "One MQSC command read.\nNo commands have a syntax error.\nOne valid MQSC command could not be processed.\n")
    assert RunmqscTransport("QM1", Runner((10, out, ""))).display_channels("NOPE") == []


def test_qmgr_name_is_validated():
    with pytest.raises(ValueError):
        RunmqscTransport("QM1; rm -rf /", Runner())
