# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request bodies for, and answers from, the IBM MQ administrative REST API's MQSC resource
(``POST {base}/ibmmq/rest/{v1|v2|v3}/admin/action/qmgr/{qmgr}/mqsc``).

What this rests on [C] (IBM MQ documentation, "POST - JSON formatted command" / "plain text MQSC
command"): a body is either ``{"type": "runCommand", "parameters": {"command": "<MQSC>"}}`` or
``{"type": "runCommandJSON", "command": "define", "qualifier": "channel", "name": "...",
"parameters": {"chltype": "svrconn"}, "responseParameters": ["all"]}``. The answer is
``{"commandResponse": [{"completionCode": 0, "reasonCode": 0, ...}], "overallCompletionCode": 0,
"overallReasonCode": 0}``, where an item holds ``parameters`` (runCommandJSON DISPLAY), ``message``
(a list of AMQ messages) or ``text`` (runCommand output lines). HTTP 200 does not mean the command
worked: a command that failed has a non-zero completion code. Errors of the REST layer itself
(unknown queue manager, expired login, ...) come as ``{"error": [{"msgId": "MQWB0009E",
"message": ..., "explanation": ..., "action": ..., "completionCode": ..., "reasonCode": ...,
"type": "rest"}]}``, usually with an HTTP 4xx/5xx status.

From transcripts and other projects' fixtures [3P]: runCommandJSON ``parameters`` keys are lower
case (``"curdepth": 10``, ``"defpsist": "YES"``); numbers are JSON numbers. [U]: how list-valued
attributes and bare keywords (CURRENT, SYNCPT) appear in runCommandJSON answers, and whether
runCommand answers a DISPLAY with one ``text`` line per object (third-party code says so: the
message and the attributes on one line, which `mqsc_output.parse_display` reads).

`normalise_parameters` makes runCommandJSON records look like runmqsc records: names upper case,
numbers as decimal strings, lists joined with commas, ``null`` as ``""``, trailing blanks dropped.
"""

from __future__ import annotations

import json
import re

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc_output

# Reason codes that mean "no such object" [C]: MQRC_UNKNOWN_OBJECT_NAME, MQRCCF_CHANNEL_NOT_FOUND.
# 3338: no channel authentication record matches (with AMQ8884E) [U: seen in IBM's reason code list, not in a capture].
NOT_FOUND_REASONS = (2085, 4032, 3338)
# runCommandJSON qualifiers whose object name follows IBM's naming rules, with the kind of name.
QUALIFIER_NAME_KINDS = {
    "channel": "channel", "chstatus": "channel", "qmgr": None, "queue": "queue", "qlocal": "queue",
    "qalias": "queue", "qremote": "queue", "qmodel": "queue", "namelist": "namelist", "authinfo": "authinfo",
    "listener": "listener", "process": "process", "service": "service", "topic": "topic",
}
_AMQ_ID_RE = re.compile(r"\b(AMQ\d{4}[A-Z]?|MQWB\d{4}[A-Z]?)\b")
_SNIPPET = 200


def build_run_command(mqsc_text):
    """The body of a ``runCommand`` request for one MQSC command (for example from `mqsc`'s builders)."""
    mqsc.check_text(mqsc_text, "command")
    command = mqsc_text.strip()
    if not command:
        raise mqsc.MqscError("the command is empty")
    if len(command) > mqsc.MAX_COMMAND_LENGTH:
        raise mqsc.MqscError("the command is %d characters long; MQSC allows at most %d"
                             % (len(command), mqsc.MAX_COMMAND_LENGTH))
    return {"type": "runCommand", "parameters": {"command": command}}


def _check_object_name(qualifier, command, name):
    if qualifier == "chlauth":
        return mqsc.validate_chlauth_profile(name)
    kind = QUALIFIER_NAME_KINDS.get(qualifier, "")
    if kind is None:
        raise mqsc.MqscError("%s takes no object name" % qualifier.upper())
    if kind:
        generic = command in ("display", "dis")
        return mqsc.validate_name(name, kind, generic=generic)
    return mqsc.check_text(name, "name")


def _json_value(qualifier, name, value):
    """A parameter value for runCommandJSON, checked by the same rules as an MQSC attribute."""
    if value is True or value is None or value is False:
        raise mqsc.MqscError("%s: runCommandJSON parameters here take a value; use runCommand for bare keywords"
                             % name)
    if name == "CHLTYPE":
        return mqsc.channel_type(value)
    if name == "TYPE" and qualifier == "chlauth":
        return mqsc.chlauth_type(value)
    mqsc.attribute(name, value)  # raises MqscError for anything MQSC would not take
    if isinstance(value, (list, tuple)):
        return [item.strip().upper() if name in mqsc.KEYWORD_VALUES else item for item in value]
    if name in mqsc.KEYWORD_VALUES and isinstance(value, str) and not value.strip().isdigit():
        return value.strip().upper()
    if name in mqsc.INTEGER_ATTRIBUTES and isinstance(value, str):
        return int(value)
    return value


def build_run_command_json(command, qualifier, name, parameters=None, response_parameters=None):
    """The body of a ``runCommandJSON`` request. `command` and `qualifier` are MQSC words (any
    case; sent in lower case as IBM's examples show); `name` is the object name or pattern (None
    for QMGR); `parameters` maps attribute names to values, checked as `mqsc.attribute` checks
    them (keyword values upper case, numbers as numbers); `response_parameters` names the
    attributes to return (``["all"]``)."""
    command = mqsc.keyword(command, "command").lower()
    qualifier = mqsc.keyword(qualifier, "qualifier").lower()
    body = {"type": "runCommandJSON", "command": command, "qualifier": qualifier}
    if name is not None:
        body["name"] = _check_object_name(qualifier, command, name)
    if parameters:
        out = {}
        items = parameters.items() if isinstance(parameters, dict) else parameters
        for key, value in items:
            upper = mqsc.keyword(key)
            if upper.lower() in out:
                raise mqsc.MqscError("%s is given twice" % upper)
            out[upper.lower()] = _json_value(qualifier, upper, value)
        body["parameters"] = out
    if response_parameters:
        body["responseParameters"] = [mqsc.keyword(item, "response parameter").lower() for item in response_parameters]
    return body


def normalise_value(value):
    """A runCommandJSON parameter value as runmqsc would print it (see the module docstring)."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, (list, tuple)):
        text = ",".join(str(normalise_value(item)) for item in value)
    elif isinstance(value, dict):
        text = normalise_parameters(value)
    else:
        text = str(value).rstrip()
    return text


def normalise_parameters(parameters):
    """runCommandJSON ``parameters`` with MQSC (upper-case) names and runmqsc-style values."""
    return {str(key).upper(): normalise_value(value) for key, value in (parameters or {}).items()}


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _strings(value):
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _response(item):
    item = item if isinstance(item, dict) else {}
    text = _strings(item.get("text"))
    return {
        "completion_code": _as_int(item.get("completionCode")),
        "reason_code": _as_int(item.get("reasonCode")),
        "parameters": normalise_parameters(item.get("parameters")) if isinstance(item.get("parameters"), dict) else {},
        "messages": _strings(item.get("message")) + text,
        "text": text,
    }


def _rest_error(status, item):
    message = str(item.get("message") or "").strip()
    msg_id = item.get("msgId") or (_AMQ_ID_RE.search(message).group(1) if _AMQ_ID_RE.search(message) else None)
    return {
        "source": "rest", "msg_id": msg_id,
        "message": "HTTP %s: %s" % (status, message or msg_id or "the REST API reported an error"),
        "explanation": item.get("explanation"), "action": item.get("action"),
        "completion_code": _as_int(item.get("completionCode")), "reason_code": _as_int(item.get("reasonCode")),
    }


def _http_error(status, problem):
    return {"source": "http", "msg_id": None, "message": "HTTP %s: %s" % (status, problem), "explanation": None,
            "action": None, "completion_code": None, "reason_code": None}


def _command_error(responses, overall):
    failed = next((r for r in responses if r["completion_code"] not in (0, None)), None)
    if failed is None:
        detail = "overall completion code %s, reason code %s" % overall
        return {"source": "command", "msg_id": None, "message": "the command failed: " + detail, "explanation": None,
                "action": None, "completion_code": overall[0], "reason_code": overall[1]}
    said = "; ".join(failed["messages"])
    found = _AMQ_ID_RE.search(said)
    message = "the command failed (completion code %s, reason code %s)" % (failed["completion_code"], failed["reason_code"])
    return {"source": "command", "msg_id": found.group(1) if found else None,
            "message": message + (": " + said if said else ""), "explanation": None, "action": None,
            "completion_code": failed["completion_code"], "reason_code": failed["reason_code"]}


def parse_mqsc_response(status, body_text):
    """An answer of the MQSC resource: ``{"ok", "status", "overall": (cc, rc), "responses": [...],
    "error": None or {...}, "body": the decoded JSON}``.

    Each response is ``{"completion_code", "reason_code", "parameters" (normalised, upper-case
    names), "messages" (the ``message`` and ``text`` lines), "text"}``. ``ok`` is True only for an
    HTTP 2xx status, no REST error, overall completion code 0 (or none given) and every response's
    completion code 0. Otherwise ``error`` says what failed: ``{"source": "rest"|"http"|"command",
    "msg_id" (MQWBnnnnE or AMQnnnnE, when known), "message" (one line, with the HTTP status or the
    codes), "explanation", "action", "completion_code", "reason_code"}``."""
    if isinstance(body_text, bytes):
        body_text = body_text.decode("utf-8", "replace")
    body_text = body_text or ""
    result = {"ok": False, "status": status, "overall": (None, None), "responses": [], "error": None, "body": None}
    body = None
    if body_text.strip():
        try:
            body = json.loads(body_text)
        except ValueError:
            snippet = " ".join(body_text.split())[:_SNIPPET]
            result["error"] = _http_error(status, "the response is not JSON: %s" % snippet)
            return result
    result["body"] = body
    if isinstance(body, dict) and isinstance(body.get("error"), list) and body["error"]:
        result["error"] = _rest_error(status, body["error"][0] if isinstance(body["error"][0], dict) else {})
        return result
    code = _as_int(status)
    if code is None or not 200 <= code < 300:
        result["error"] = _http_error(status, "the REST API answered with an error status and no MQWB message")
        return result
    if isinstance(body, dict):
        result["overall"] = (_as_int(body.get("overallCompletionCode")), _as_int(body.get("overallReasonCode")))
        result["responses"] = [_response(item) for item in body.get("commandResponse") or []]
    failed = any(r["completion_code"] not in (0, None) for r in result["responses"])
    if failed or result["overall"][0] not in (0, None):
        result["error"] = _command_error(result["responses"], result["overall"])
        return result
    result["ok"] = True
    return result


def display_records(result):
    """The attribute dicts a DISPLAY returned: runCommandJSON ``parameters``, or the records in
    runCommand ``text`` (read by `mqsc_output.parse_display`), in order - the same shape as
    `mqsc_output.display_attributes` gives for runmqsc output."""
    out = []
    for response in result.get("responses") or []:
        if response["parameters"]:
            out.append(response["parameters"])
        elif response["text"]:
            out.extend(mqsc_output.display_attributes("\n".join(response["text"])))
    return out


def object_not_found(result):
    """True when the command failed only because the object does not exist (reason code 2085 or
    4032, or AMQ8147 / AMQ8420 in the messages)."""
    for response in result.get("responses") or []:
        if response["reason_code"] in NOT_FOUND_REASONS:
            return True
        if any(m["number"] in mqsc_output.NOT_FOUND_NUMBERS for m in mqsc_output.parse_messages("\n".join(response["messages"]))):
            return True
    return False
