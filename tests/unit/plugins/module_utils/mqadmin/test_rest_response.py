# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""REST API request bodies and answers, on the C samples (mqweb responses, request bodies and
other projects' fixtures) in ../shared/reference/mq-output-samples and constructed cases."""
from __future__ import annotations

import json
import re

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc, mqsc_output
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import rest_response as rest


def folded(value):
    """A JSON structure with every string lower-cased, to compare bodies whose MQSC words differ only in case."""
    if isinstance(value, dict):
        return {key: folded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [folded(item) for item in value]
    return value.lower() if isinstance(value, str) else value


def test_c01_display_qlocal_ok(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C01"))
    assert result["ok"] is True and result["error"] is None
    assert result["overall"] == (0, 0)
    (response,) = result["responses"]
    assert response["completion_code"] == 0 and response["reason_code"] == 0
    assert response["parameters"] == {"CURDEPTH": "10", "TYPE": "QLOCAL", "QUEUE": "DEV.QUEUE.1"}
    assert rest.display_records(result) == [response["parameters"]]
    # KEDA's request for this answer (pkg/scalers/ibmmq_scaler.go), built here:
    keda = {"type": "runCommandJSON", "command": "display", "qualifier": "qlocal", "name": "DEV.QUEUE.1",
            "responseParameters": ["CURDEPTH"]}
    built = rest.build_run_command_json("display", "qlocal", "DEV.QUEUE.1", response_parameters=["CURDEPTH"])
    assert folded(built) == folded(keda)


def test_c02_http_200_with_failed_command_is_not_ok(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C02"))
    assert result["ok"] is False
    assert result["overall"] == (2, 3008)
    (response,) = result["responses"]
    assert (response["completion_code"], response["reason_code"]) == (2, 2085)
    assert response["messages"] == ["AMQ8147E: IBM MQ object FAKE.QUEUE not found."]
    error = result["error"]
    assert error["source"] == "command" and error["msg_id"] == "AMQ8147E"
    assert error["completion_code"] == 2 and error["reason_code"] == 2085
    assert "reason code 2085" in error["message"] and "FAKE.QUEUE not found" in error["message"]
    assert rest.object_not_found(result)


def test_c03_http_404_mqwb_error(mq_sample):
    result = rest.parse_mqsc_response(404, mq_sample("C03"))
    assert result["ok"] is False and result["responses"] == []
    error = result["error"]
    assert error["source"] == "rest" and error["msg_id"] == "MQWB0009E"
    assert error["message"] == "HTTP 404: MQWB0009E: Could not query the queue manager 'testqmgR'."
    assert error["action"] == "Resubmit the request with a valid queue manager name."
    assert error["explanation"].startswith("The REST API was invoked specifying a queue manager name")
    assert (error["completion_code"], error["reason_code"]) == (2, 2058)
    assert not rest.object_not_found(result)


def test_c04_expired_ltpa_token(mq_sample):
    body = mq_sample("C04")
    for status in (401, 200):  # an "error" body is a failure whatever the status says
        result = rest.parse_mqsc_response(status, body)
        assert result["ok"] is False
        assert result["error"]["msg_id"] == "MQWB0112E"
        assert result["error"]["action"] == "Login to the REST API to obtain a valid authentication cookie."
        assert (result["error"]["completion_code"], result["error"]["reason_code"]) == (0, 0)
        assert result["error"]["message"].startswith("HTTP %d: MQWB0112E: The 'LtpaToken2_" % status)


def test_c05_get_qmgr_resource_has_no_command_responses(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C05"))
    assert result["ok"] is True and result["responses"] == [] and result["overall"] == (None, None)
    assert result["body"] == {"qmgr": [{"name": "QM9", "state": "running"}]}


def test_c06_login_204_no_content(mq_sample):
    text = mq_sample("C06")
    status = int(re.match(r"HTTP/1\.1 (\d{3}) ", text).group(1))
    assert status == 204 and "Set-Cookie: LtpaToken2_" in text and "Content-Length: 0" in text
    result = rest.parse_mqsc_response(status, "")
    assert result["ok"] is True and result["body"] is None and result["error"] is None
    failed = rest.parse_mqsc_response(401, "")
    assert failed["ok"] is False and failed["error"]["source"] == "http" and failed["error"]["message"].startswith("HTTP 401")


def test_c07_channel_resource(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C07"))
    assert result["ok"] is True and result["responses"] == []
    assert result["body"]["channel"][0]["name"] == "SYSTEM.DEF.SENDER"
    assert result["body"]["channel"][0]["sender"]["connection"] == []


def test_c08_run_command_define_channel_text(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C08"))
    assert result["ok"] is True and result["overall"] == (0, 0)
    (response,) = result["responses"]
    assert response["text"] == ["AMQ8014I: IBM MQ channel created."]
    assert response["messages"] == ["AMQ8014I: IBM MQ channel created."]
    assert response["parameters"] == {} and rest.display_records(result) == []
    assert mqsc_output.errors("\n".join(response["text"])) == []


def test_c09_run_command_request_body(mq_sample):
    sample = json.loads(mq_sample("C09"))
    assert rest.build_run_command("DEFINE CHANNEL(DOTNET.SVRCONN) CHLTYPE(SVRCONN)") == sample
    built = rest.build_run_command(mqsc.define_channel("DOTNET.SVRCONN", "SVRCONN"))
    assert built == {"type": "runCommand", "parameters": {"command": "DEFINE CHANNEL('DOTNET.SVRCONN') CHLTYPE(SVRCONN)"}}


def test_c10_queue_resource_with_all_attributes(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C10"))
    assert result["ok"] is True and result["responses"] == []
    queue = result["body"]["queue"][0]
    assert queue["name"] == "Q1" and queue["storage"]["maximumDepth"] == 5000 and queue["trigger"]["enabled"] is False


def test_c11_run_command_json_lower_case_parameters(mq_sample):
    result = rest.parse_mqsc_response(200, mq_sample("C11"))
    assert result["ok"] is True and result["overall"] == (0, 0)
    record = result["responses"][0]["parameters"]
    assert record == {"QUEUE": "DEV.QLOCAL", "DEFPSIST": "YES", "DESCR": "dev local queue"}
    runmqsc = ("AMQ8409I: Display Queue details.\n"
               "   QUEUE(DEV.QLOCAL)                       DEFPSIST(YES)\n"
               "   DESCR(dev local queue)\n")
    assert mqsc_output.display_attributes(runmqsc) == [record]  # both transports give equal records


def test_c12_run_command_json_request_body(mq_sample):
    sample = json.loads(mq_sample("C12"))
    built = rest.build_run_command_json("DISPLAY", "QLOCAL", "DEV.QLOCAL")
    assert built == {"type": "runCommandJSON", "command": "display", "qualifier": "qlocal", "name": "DEV.QLOCAL"}
    assert folded(built) == folded(sample)


def test_x05_transcripts_parse_as_rest_answers(mq_sample):
    text = mq_sample("X05")
    blocks = re.findall(r"^Invoking :(\S+)\n(.*?)\nStatusCode: (\d+),", text, re.S | re.M)
    assert len(blocks) == 4
    for url, payload, status in blocks:
        lines = payload.split("\n")
        if url.endswith("/mqsc"):
            assert json.loads(lines[0]) == rest.build_run_command("DEFINE CHANNEL(DOTNET.SVRCONN) CHLTYPE(SVRCONN)")
            payload = "\n".join(lines[1:])
        result = rest.parse_mqsc_response(int(status), payload)
        assert result["ok"] is True, url


def test_build_run_command_json_checks_values_like_mqsc():
    body = rest.build_run_command_json(
        "define", "channel", "C1.TO.QM1",
        {"chltype": "svrconn", "trptype": "tcp", "sslciph": "TLS_AES_256_GCM_SHA384", "sslcauth": "required",
         "descr": "it's fine", "sharecnv": "10"}, ["all"])
    assert body == {"type": "runCommandJSON", "command": "define", "qualifier": "channel", "name": "C1.TO.QM1",
                    "parameters": {"chltype": "SVRCONN", "trptype": "TCP", "sslciph": "TLS_AES_256_GCM_SHA384",
                                   "sslcauth": "REQUIRED", "descr": "it's fine", "sharecnv": 10},
                    "responseParameters": ["all"]}
    assert rest.build_run_command_json("display", "channel", "DEV.*", response_parameters=["sslciph", "SSLCAUTH"])[
        "responseParameters"] == ["sslciph", "sslcauth"]
    assert rest.build_run_command_json("set", "chlauth", "DEV.*", {"type": "sslpeermap", "sslpeer": "CN=a",
                                                                   "usersrc": "map", "mcauser": "app"})[
        "parameters"] == {"type": "SSLPEERMAP", "sslpeer": "CN=a", "usersrc": "MAP", "mcauser": "app"}
    assert "name" not in rest.build_run_command_json("display", "qmgr", None, response_parameters=["sslfips"])
    bad = [
        lambda: rest.build_run_command_json("define", "channel", "A" * 21),
        lambda: rest.build_run_command_json("define", "channel", "bad name"),
        lambda: rest.build_run_command_json("display", "qmgr", "QM1"),
        lambda: rest.build_run_command_json("alter", "channel", "C1", {"sslcauth": "sometimes"}),
        lambda: rest.build_run_command_json("alter", "channel", "C1", {"sslciph": "X" * 33}),
        lambda: rest.build_run_command_json("alter", "channel", "C1", {"descr": "a\nb"}),
        lambda: rest.build_run_command_json("alter", "channel", "C1", {"descr": "a", "DESCR": "b"}),
        lambda: rest.build_run_command_json("define", "channel", "C1", {"replace": True}),
        lambda: rest.build_run_command_json("dis play", "channel", "C1"),
        lambda: rest.build_run_command("DISPLAY QMGR\nDELETE QLOCAL(X)"),
        lambda: rest.build_run_command("   "),
    ]
    for call in bad:
        with pytest.raises(mqsc.MqscError):
            call()


def test_non_json_and_bytes_bodies():
    result = rest.parse_mqsc_response(502, "<html><body>Bad Gateway</body></html>")
    assert result["ok"] is False and result["error"]["source"] == "http"
    assert result["error"]["message"] == "HTTP 502: the response is not JSON: <html><body>Bad Gateway</body></html>"
    ok = rest.parse_mqsc_response(200, b'{"commandResponse": [], "overallCompletionCode": 0, "overallReasonCode": 0}')
    assert ok["ok"] is True
    warned = rest.parse_mqsc_response(200, '{"commandResponse": [], "overallCompletionCode": 1, "overallReasonCode": 3008}')
    assert warned["ok"] is False and warned["error"]["message"] == ("the command failed: overall completion code 1, "
                                                                    "reason code 3008")


def test_run_command_display_text_and_normalised_values():
    body = {"commandResponse": [
        {"completionCode": 0, "reasonCode": 0,
         "text": ["AMQ8414I: Display Channel details.   CHANNEL(C1)   CHLTYPE(SVRCONN)   SSLCIPH( )"]},
        {"completionCode": 0, "reasonCode": 0,
         "parameters": {"channel": "C2", "chltype": "SVRCONN", "sslciph": "", "sharecnv": 10, "comphdr": ["NONE", "SYSTEM"],
                        "mcauser": None, "descr": "padded   "}}],
        "overallCompletionCode": 0, "overallReasonCode": 0}
    result = rest.parse_mqsc_response(200, json.dumps(body))
    assert rest.display_records(result) == [
        {"CHANNEL": "C1", "CHLTYPE": "SVRCONN", "SSLCIPH": ""},
        {"CHANNEL": "C2", "CHLTYPE": "SVRCONN", "SSLCIPH": "", "SHARECNV": "10", "COMPHDR": "NONE,SYSTEM", "MCAUSER": "",
         "DESCR": "padded"}]


def test_channel_not_found_by_reason_code():
    body = {"commandResponse": [{"completionCode": 2, "reasonCode": 4032, "message": ["AMQ8147E: IBM MQ object C9 not found."]}],
            "overallCompletionCode": 2, "overallReasonCode": 3008}
    result = rest.parse_mqsc_response(200, json.dumps(body))
    assert result["ok"] is False and rest.object_not_found(result)
    assert result["error"]["msg_id"] == "AMQ8147E"
