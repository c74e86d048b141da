# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading what runmqsc prints: DISPLAY records, AMQ messages, and the closing summary.

The parser is tested on real runmqsc output (MQ 9.4 back to WebSphere MQ 6). What it relies on:
  - A DISPLAY answer is a message line (``AMQ8414I: Display Channel details.``; before MQ 9.0 the
    severity letter is missing: ``AMQ8414:``) followed by lines of attributes ``NAME(value)`` or
    bare ``NAME`` (``CURRENT``, ``SYNCPT``, ``NOTRIGGER``). runmqsc prints two attributes a line,
    the second at column 43, but an attribute too wide for its column stands alone, and old
    releases pad lines with blanks; the parser therefore reads attributes as tokens and does not
    rely on columns.
  - Attribute names are upper case. Values are printed without quotation marks and may hold
    blanks, commas, ``=``, ``:`` and parentheses (``CONNAME(10.241.0.4(1414))``); an empty value
    prints as ``( )``. A value may continue on the next line (a NAMES list: ``NAMES(A`` then
    ``,B)``) - parentheses are counted across lines. The WebSphere MQ 7.5 documentation shows
    SSLPEER and SSLCERTI values in double quotation marks inside the parentheses.
  - Anything else - the copyright banner, ``Starting MQSC ...``, the echo of each command
    (``     1 : DISPLAY ...``, ``       :`` continuations), a command typed at the prompt, blank
    lines, shell prompts, markdown indentation and ``>`` markers in copied transcripts - is not
    part of a record. A line that is not made only of attributes ends the record; so does a blank
    line. A typed command in upper case (``DISPLAY QMGR SSLKEYR``) is recognised by its verb.
  - [3P] The REST API's ``runCommand`` is reported by third-party code to return a DISPLAY record
    on one line: ``AMQ8409I: Display Queue details.   QUEUE(Q1)   CURDEPTH(0)``; that form is read too.

Values: trailing blanks are dropped (MQ pads character attributes with blanks); a value that is a
complete MQSC quoted string (``'it''s'``) is unquoted; SSLPEER/SSLCERTI values in double quotation
marks lose them (``""`` inside becomes ``"``). [U]: whether any current release prints quoted
values at all, and how runmqsc wraps a single value longer than a line other than a list.
"""

from __future__ import annotations

import re

# Message ids that report a failure even though they carry no E/S/T severity letter: in releases
# before MQ 9.0 no id has a letter, and AMQ8405 (syntax error) is printed as AMQ8405I [sample].
KNOWN_ERROR_NUMBERS = {
    "AMQ8405": "syntax error",
    "AMQ8147": "object not found",
    "AMQ8242": "SSLCIPH definition wrong",
    "AMQ8420": "channel status not found",
    "AMQ8884": "channel authentication record not found",
}
NOT_FOUND_NUMBERS = ("AMQ8147", "AMQ8420", "AMQ8884")
ERROR_SEVERITIES = ("E", "S", "T")
DN_ATTRIBUTES = ("SSLPEER", "SSLCERTI")
COMMAND_VERBS = frozenset((
    "ALTER", "ARCHIVE", "BACKUP", "CLEAR", "DEF", "DEFINE", "DELETE", "DIS", "DISPLAY", "END", "EXIT",
    "MOVE", "PING", "PURGE", "QUIT", "RECOVER", "REFRESH", "RESCAN", "RESET", "RESOLVE", "RESUME",
    "RVERIFY", "SET", "STA", "START", "STOP", "SUSPEND",
))

_MESSAGE_RE = re.compile(r"^\s*(?:>\s*)?(?P<number>AMQ\d{4,5})(?P<severity>[A-Z])?:[ \t]*(?P<text>.*?)\s*$")
_ECHO_RE = re.compile(r"^\s*(?:>\s*)?(?P<number>\d+)?\s*:(?:\s(?P<text>.*?))?\s*$")
_KEYWORD_RE = re.compile(r"[A-Z][A-Z0-9]*")
_ATTRIBUTE_START_RE = re.compile(r"[A-Z][A-Z0-9]*(?:\(|\s|$)")
_AFTER_VALUE_RE = re.compile(r"\s*$|\s+[A-Z][A-Z0-9]*(?:\(|\s|$)")
_ONE_LINE_RECORD_RE = re.compile(r"^(?P<text>.*?\.)\s{2,}(?P<attrs>[A-Z][A-Z0-9]*(?:\(|\s|$).*)$")
_COUNT = r"(?P<count>One|No|\d+)"
_READ_RE = re.compile(r"^\s*" + _COUNT + r"\s+(?:valid\s+)?MQSC\s+commands?\s+read\.\s*$", re.IGNORECASE)
_SYNTAX_RE = re.compile(r"^\s*" + _COUNT + r"\s+commands?\s+(?:has|have)\s+a\s+syntax\s+error\.\s*$", re.IGNORECASE)
_ALL_DONE_RE = re.compile(r"^\s*All\s+valid\s+MQSC\s+commands\s+were\s+processed\.\s*$", re.IGNORECASE)
_NOT_DONE_RE = re.compile(r"^\s*" + _COUNT + r"\s+valid\s+MQSC\s+commands?\s+could\s+not\s+be\s+processed\.\s*$",
                          re.IGNORECASE)
_OPEN = object()  # a value whose closing parenthesis is not on this line


def _find_close(text, start, allow_open):
    """Index of the ``)`` that ends the value starting at `start`; _OPEN when the parentheses are
    not balanced by the end of the line and `allow_open` (the value may go on on the next line);
    None when no ``)`` can end it."""
    depth = 1
    closes = []
    balanced = None
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            closes.append(index)
            depth -= 1
            if depth == 0 and balanced is None:
                balanced = index
    if balanced is not None and _AFTER_VALUE_RE.match(text, balanced + 1):
        return balanced
    if balanced is None and allow_open:
        return _OPEN
    # Unbalanced parentheses inside a value (runmqsc prints DESCR and the like unquoted): the
    # value ends at the first ")" followed by nothing or by another attribute.
    for index in closes:
        if _AFTER_VALUE_RE.match(text, index + 1):
            return index
    return None


def _tokens(text, allow_open=True):
    """[(NAME, raw value or True)] when `text` holds only attributes; _OPEN when a value may run on
    to the next line (see `_find_close`); None when `text` is not an attribute line."""
    pairs = []
    pos = len(text) - len(text.lstrip())
    while pos < len(text):
        match = _KEYWORD_RE.match(text, pos)
        if not match:
            return None
        name = match.group()
        pos = match.end()
        if pos < len(text) and text[pos] == "(":
            close = _find_close(text, pos + 1, allow_open)
            if close is _OPEN or close is None:
                return close
            pairs.append((name, text[pos + 1:close]))
            pos = close + 1
        elif pos == len(text) or text[pos].isspace():
            pairs.append((name, True))
        else:
            return None
        if pos < len(text) and not text[pos].isspace():
            return None
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if not pairs or (pairs[0][1] is True and pairs[0][0] in COMMAND_VERBS):
        return None
    return pairs


def _unquote(name, value):
    if value is True:
        return True
    value = value.rstrip()
    if not value.strip():
        return ""
    if len(value) >= 2 and value[0] == value[-1] == "'" and "'" not in value[1:-1].replace("''", ""):
        return value[1:-1].replace("''", "'")
    if name in DN_ATTRIBUTES and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('""', '"')
    return value


def _is_continuation(line):
    """A line that continues a value from the line before: not blank, not a message or an echo, not
    starting with an attribute name nor with an MQSC verb (a command typed at the prompt)."""
    stripped = line.strip()
    if not stripped or _MESSAGE_RE.match(line) or _ECHO_RE.match(line):
        return False
    if stripped.startswith(","):
        return True
    return not _ATTRIBUTE_START_RE.match(stripped) and stripped.split()[0].upper() not in COMMAND_VERBS


def _line_attributes(lines, index):
    """(pairs or None, index of the next unread line) for the attribute line at lines[index]."""
    text = lines[index]
    nxt = index + 1
    pairs = _tokens(text)
    while pairs is _OPEN and nxt < len(lines) and _is_continuation(lines[nxt]):
        text = text.rstrip() + lines[nxt].strip()
        nxt += 1
        pairs = _tokens(text)
    if pairs is _OPEN:
        pairs = _tokens(text, allow_open=False)
    return pairs, nxt


def _message(line):
    match = _MESSAGE_RE.match(line)
    if not match:
        return None
    return {"id": match.group("number") + (match.group("severity") or ""), "number": match.group("number"),
            "severity": match.group("severity"), "text": match.group("text")}


def parse_display(text):
    """The DISPLAY records in runmqsc output, in order: ``[{"message": "AMQ8414I", "attributes":
    {"CHANNEL": "DEV.APP.SVRCONN", "SSLCIPH": "", "CURRENT": True, ...}}]``. Messages followed by
    no attributes (AMQ8016I channel changed, errors) give no record."""
    lines = text.splitlines()
    records = []
    current = None
    index = 0
    while index < len(lines):
        line = lines[index]
        message = _message(line)
        if message:
            current = {"message": message["id"], "attributes": {}}
            records.append(current)
            tail = _ONE_LINE_RECORD_RE.match(message["text"])
            pairs = _tokens(tail.group("attrs"), allow_open=False) if tail else None
            if pairs:
                _add(current, pairs)
            index += 1
            continue
        if current is None or not line.strip() or _ECHO_RE.match(line):
            current = None
            index += 1
            continue
        pairs, index = _line_attributes(lines, index)
        if pairs:
            _add(current, pairs)
        else:
            current = None
    return [record for record in records if record["attributes"]]


def _add(record, pairs):
    for name, value in pairs:
        record["attributes"].setdefault(name, _unquote(name, value))


def display_attributes(text):
    """Only the attribute dicts of `parse_display`."""
    return [record["attributes"] for record in parse_display(text)]


def parse_messages(text):
    """Every AMQ message in `text`: ``[{"id": "AMQ8405I", "number": "AMQ8405", "severity": "I" or None,
    "text": "..."}]``. A syntax error (AMQ8405) also has ``segment``, the command text runmqsc
    quotes after it. In queue manager error-log entries (text followed by ``EXPLANATION:`` and
    ``ACTION:``) the text is joined across lines and ``explanation`` and ``action`` are added."""
    lines = text.splitlines()
    out = []
    for index, line in enumerate(lines):
        message = _message(line)
        if not message:
            continue
        tail = _ONE_LINE_RECORD_RE.match(message["text"])
        if tail and _tokens(tail.group("attrs"), allow_open=False):
            message["text"] = tail.group("text")
        if message["number"] == "AMQ8405":
            following = _next_nonblank(lines, index + 1)
            if following is not None and not _message(lines[following]) and not _ECHO_RE.match(lines[following]):
                message["segment"] = lines[following].strip()
        _error_log_detail(lines, index, message)
        out.append(message)
    return out


def _next_nonblank(lines, start):
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _section(lines, start, stop_words):
    """Lines from `start` up to the first line in `stop_words`, a message or an error-log entry
    separator (a line starting with dashes), joined by blanks."""
    parts = []
    index = start
    while index < len(lines):
        stripped = lines[index].strip()
        if stripped in stop_words or stripped.startswith("---") or _message(lines[index]):
            break
        if stripped:
            parts.append(stripped)
        index += 1
    return " ".join(parts), index


def _error_log_detail(lines, index, message):
    """Error-log layout (AMQERR01.LOG): message text over several lines, then EXPLANATION: and ACTION:."""
    continued = []
    cursor = index + 1
    while cursor < len(lines) and lines[cursor].strip() and not _message(lines[cursor]):
        continued.append(lines[cursor].strip())
        cursor += 1
    following = _next_nonblank(lines, cursor)
    if following is None or lines[following].strip() != "EXPLANATION:":
        return
    if continued:
        message["text"] = " ".join([message["text"]] + continued)
    message["explanation"], cursor = _section(lines, following + 1, ("ACTION:",))
    if cursor < len(lines) and lines[cursor].strip() == "ACTION:":
        message["action"] = _section(lines, cursor + 1, ("EXPLANATION:",))[0]


def is_error(message):
    """True for a message that reports a failure: severity E, S or T, or an id in KNOWN_ERROR_NUMBERS."""
    return message.get("severity") in ERROR_SEVERITIES or message.get("number") in KNOWN_ERROR_NUMBERS


def errors(text):
    """The messages of `parse_messages` that report a failure (see `is_error`)."""
    return [message for message in parse_messages(text) if is_error(message)]


def not_found(text):
    """True when the output says the object (AMQ8147) or channel status (AMQ8420) does not exist."""
    return any(message["number"] in NOT_FOUND_NUMBERS for message in parse_messages(text))


def _count(word):
    lowered = word.lower()
    if lowered == "one":
        return 1
    if lowered == "no":
        return 0
    return int(word)


def summaries(text):
    """Every closing summary in `text` (one per runmqsc run): ``[{"read": 8, "syntax_errors": 0,
    "not_processed": 0, "ok": True}]``. A summary starts at its "N MQSC commands read." line."""
    out = []
    for line in text.splitlines():
        match = _READ_RE.match(line)
        if match:
            out.append({"read": _count(match.group("count")), "syntax_errors": None, "not_processed": None, "ok": False})
            continue
        if not out:
            continue
        match = _SYNTAX_RE.match(line)
        if match:
            out[-1]["syntax_errors"] = _count(match.group("count"))
        elif _ALL_DONE_RE.match(line):
            out[-1]["not_processed"] = 0
        else:
            match = _NOT_DONE_RE.match(line)
            if match:
                out[-1]["not_processed"] = _count(match.group("count"))
    for item in out:
        item["ok"] = item["syntax_errors"] == 0 and item["not_processed"] == 0
    return out


def summary(text):
    """The last closing summary in `text` (see `summaries`), or None when runmqsc printed none
    (interactive sessions, or output cut short)."""
    found = summaries(text)
    return found[-1] if found else None


def split_commands(text):
    """runmqsc output cut at each echoed command: ``[{"number": 1, "command": "DISPLAY QMGR ALL",
    "output": "AMQ8408I: ...\\n..."}]``. Continued command lines (``       :``) are joined following
    MQSC's ``+``/``-`` rules; echoed comments are dropped. Text before the first echo is not returned."""
    out = []
    for line in text.splitlines():
        echo = _ECHO_RE.match(line)
        if echo and not _message(line):
            part = echo.group("text") or ""
            if echo.group("number"):
                out.append({"number": int(echo.group("number")), "command": part.strip(), "output": []})
            elif out and not out[-1]["output"] and out[-1]["command"][-1:] in ("+", "-") \
                    and part.strip() and not part.lstrip().startswith("*"):
                # "+": continue from the first non-blank character of the next line; "-": from its start.
                joined = out[-1]["command"]
                out[-1]["command"] = joined[:-1] + (part.lstrip() if joined.endswith("+") else part).rstrip()
        elif out:
            out[-1]["output"].append(line)
    for item in out:
        item["output"] = "\n".join(item["output"])
    return out
