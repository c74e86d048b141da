# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
#
# MQSC rules modelled (IBM's "MQSC command syntax" and "MQSC input file syntax" pages): a verb, a noun, the
# object name in parentheses, then keywords in any order, each with its value in parentheses; blanks and commas
# separate; keywords are not case sensitive; unquoted values are folded to upper case; a quoted string keeps its
# case and blanks and a quote inside it is doubled; a line ending in '+' continues from the first non-blank of the
# next line, one ending in '-' from the start of the next line; a line starting with '*' is a comment; ';' may
# end a command; a repeated keyword is an error; generic names end in '*'. Synonyms modelled: DIS, DEF, REF, CHL,
# SEC (IBM documents DIS CHL, DEF CHL, ALTER CHL, DELETE CHL, DIS QMGR and REF SEC).
#
# Messages: the AMQ ids and texts below are the ones real queue managers print (samples A01, B01, B02, E01, E02,
# X03, X06 and public transcripts). AMQ8243E (SSLPEER definition wrong) and the reason codes put in REST
# responses are from IBM's reference lists but were not seen in a captured response. Messages that start with
# MQLAB are this test double's own, for cases whose real text this project could not confirm.
"""MQSC commands for the lab queue manager: parse, execute against the model, format runmqsc-style records."""

from __future__ import annotations

import fnmatch
import os
import re

from . import model

# Completion and reason codes (IBM MQ constants).
MQCC_OK, MQCC_WARNING, MQCC_FAILED = 0, 1, 2
MQRC_NOT_AUTHORIZED = 2035
MQRC_UNKNOWN_OBJECT_NAME = 2085
MQRCCF_COMMAND_FAILED = 3008
MQRCCF_CHLAUTH_NOT_FOUND = 3338
MQRCCF_CHANNEL_NOT_FOUND = 4032
MQRCCF_CHANNEL_ALREADY_EXISTS = 4042
MQRCCF_SSL_CIPHER_SPEC_ERROR = 4092
MQRCCF_SSL_PEER_NAME_ERROR = 4093

MSG_SYNTAX = "AMQ8405I: Syntax error detected at or near end of command segment below:-"
MSG = {
    "channel_created": "AMQ8014I: IBM MQ channel created.",
    "channel_deleted": "AMQ8015I: IBM MQ channel deleted.",
    "channel_changed": "AMQ8016I: IBM MQ channel changed.",
    "qmgr_changed": "AMQ8005I: IBM MQ queue manager changed.",
    "chlauth_set": "AMQ8877I: IBM MQ channel authentication record set.",
    "security_refreshed": "AMQ8560I: IBM MQ security cache refreshed.",
    "display_channel": "AMQ8414I: Display Channel details.",
    "display_qmgr": "AMQ8408I: Display Queue Manager details.",
    "display_chlauth": "AMQ8878I: Display channel authentication record details.",
    "not_found": "AMQ8147E: IBM MQ object %s not found.",
    "exists": "AMQ8150E: IBM MQ object already exists.",
    "sslciph": "AMQ8242E: SSLCIPH definition wrong.",
    "sslpeer": "AMQ8243E: SSLPEER definition wrong.",
    "chlauth_not_found": "AMQ8884E: Channel authentication record not found.",
    "not_authorized": "AMQ8135E: Not authorized.",
    "not_modelled": "MQLAB9000E: %s is not modelled by the lab queue manager.",
    "type_mismatch": "MQLAB9001E: Channel %s is CHLTYPE(%s), not CHLTYPE(%s).",
    "chlauth_value": "MQLAB9002E: %s",
}

VERBS = {"DISPLAY": "DISPLAY", "DIS": "DISPLAY", "DEFINE": "DEFINE", "DEF": "DEFINE", "ALTER": "ALTER",
         "DELETE": "DELETE", "SET": "SET", "REFRESH": "REFRESH", "REF": "REFRESH", "END": "END"}
NOUNS = {"CHANNEL": "CHANNEL", "CHL": "CHANNEL", "QMGR": "QMGR", "CHLAUTH": "CHLAUTH", "SECURITY": "SECURITY",
         "SEC": "SECURITY"}
# Real MQSC nouns the lab does not model: a command naming one fails with MQLAB9000E instead of a syntax error.
OTHER_NOUNS = frozenset((
    "QLOCAL", "QL", "QREMOTE", "QR", "QALIAS", "QA", "QMODEL", "QM", "QUEUE", "Q", "QSTATUS", "QS", "LISTENER", "LSTR",
    "LSSTATUS", "CHSTATUS", "CHS", "QMSTATUS", "AUTHINFO", "AUTHREC", "AUTHSERV", "NAMELIST", "NL", "TOPIC", "TPSTATUS",
    "PROCESS", "PRO", "SERVICE", "SVSTATUS", "SUB", "SBSTATUS", "CONN", "POLICY", "COMMINFO", "ENTAUTH", "PUBSUB",
    "CLUSQMGR", "APSTATUS", "CHINIT", "SYSTEM", "ARCHIVE", "LOG", "TRACE", "USAGE", "GROUP", "THREAD", "CFSTRUCT",
    "CFSTATUS", "STGCLASS", "SMDS", "SMDSCONN", "PSID", "BUFFPOOL",
))
BARE_ONLY = ("REPLACE", "NOREPLACE", "ALL", "FORCE")
_GENERIC_FORBIDDEN = re.compile(r"[?:]")


class SyntaxFault(Exception):
    """An MQSC syntax error; `pos` is where the segment that runmqsc prints ends."""

    def __init__(self, pos):
        super().__init__(pos)
        self.pos = pos


class Param:
    __slots__ = ("key", "values", "bare", "end")

    def __init__(self, key, values, bare, end):
        self.key, self.values, self.bare, self.end = key, values, bare, end


class Command:
    """One parsed MQSC command. `values` of a parameter are (text, quoted) pairs; unquoted text is upper case."""

    def __init__(self, text):
        self.text = text
        self.verb = self.noun = None
        self.verb_end = self.noun_end = 0
        self.name = None
        self.name_quoted = False
        self.name_end = 0
        self.params = {}

    def take(self, key):
        return self.params.pop(key, None)


# ------------------------------------------------------------------------------------------------------------
# Parsing
# ------------------------------------------------------------------------------------------------------------
_SEPARATORS = " ,\t"


class _Scanner:
    def __init__(self, text):
        self.text, self.pos, self.size = text, 0, len(text)

    def skip(self):
        while self.pos < self.size and self.text[self.pos] in _SEPARATORS:
            self.pos += 1

    def at(self, char):
        return self.pos < self.size and self.text[self.pos] == char

    def word(self):
        start = self.pos
        while self.pos < self.size and self.text[self.pos] not in _SEPARATORS + "()'":
            self.pos += 1
        if self.at("'"):
            raise SyntaxFault(self.pos + 1)
        return self.text[start:self.pos]

    def quoted(self):
        self.pos += 1  # opening quote
        out = []
        while True:
            if self.pos >= self.size:
                raise SyntaxFault(self.size)
            char = self.text[self.pos]
            if char == "'":
                if self.pos + 1 < self.size and self.text[self.pos + 1] == "'":
                    out.append("'")
                    self.pos += 2
                    continue
                self.pos += 1
                break
            out.append(char)
            self.pos += 1
        if self.pos < self.size and self.text[self.pos] not in _SEPARATORS + ")":
            raise SyntaxFault(self.pos + 1)
        return "".join(out)

    def unquoted(self):
        start, depth = self.pos, 0
        while self.pos < self.size:
            char = self.text[self.pos]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char in _SEPARATORS and depth == 0:
                break
            elif char == "'":
                raise SyntaxFault(self.pos + 1)
            self.pos += 1
        return self.text[start:self.pos]

    def values(self):
        """At '(': the items up to the matching ')' as (text, quoted) pairs."""
        self.pos += 1
        items = []
        while True:
            self.skip()
            if self.pos >= self.size:
                raise SyntaxFault(self.size)
            if self.text[self.pos] == ")":
                self.pos += 1
                break
            if self.text[self.pos] == "'":
                items.append((self.quoted(), True))
            else:
                items.append((self.unquoted().upper(), False))
        if not items:
            raise SyntaxFault(self.pos)
        return items


def parse(text):
    """Parse one MQSC command (already joined from its lines, without a trailing ';')."""
    command = Command(text)
    scan = _Scanner(text)
    scan.skip()
    verb = scan.word().upper()
    command.verb_end = scan.pos
    if verb not in VERBS:
        raise SyntaxFault(scan.pos)
    command.verb = VERBS[verb]
    if command.verb == "END":
        scan.skip()
        if scan.pos < scan.size:
            raise SyntaxFault(scan.size)
        return command
    scan.skip()
    noun = scan.word().upper()
    command.noun_end = scan.pos
    if not noun:
        raise SyntaxFault(scan.pos)
    command.noun = NOUNS.get(noun, noun)
    if command.noun not in NOUNS.values() and command.noun not in OTHER_NOUNS:
        raise SyntaxFault(scan.pos)
    while scan.at(" ") or scan.at("\t"):
        scan.pos += 1
    if scan.at("("):
        items = scan.values()
        if len(items) != 1:
            raise SyntaxFault(scan.pos)
        command.name, command.name_quoted = items[0]
        command.name_end = scan.pos
    while True:
        scan.skip()
        if scan.pos >= scan.size:
            break
        if scan.at("(") or scan.at(")"):
            raise SyntaxFault(scan.pos + 1)
        key = scan.word().upper()
        key_end = scan.pos
        while scan.at(" ") or scan.at("\t"):
            scan.pos += 1
        if scan.at("("):
            param = Param(key, scan.values(), False, scan.pos)
        else:
            scan.pos = key_end
            param = Param(key, [], True, key_end)
        if key in command.params:
            raise SyntaxFault(param.end)
        command.params[key] = param
    return command


def split_script(text):
    """Split runmqsc input into entries: ("command", [physical lines], joined text) or ("other", [line]) for comments and
    blank lines, applying the '+' / '-' continuation rules. An unfinished last command is still returned."""
    entries, pending_lines, pieces, mode = [], [], [], None
    for line in text.splitlines():
        stripped = line.rstrip()
        if pending_lines and (not stripped or stripped.startswith("*")):
            pending_lines.append(line)  # discarded inside a continued command, but echoed
            continue
        if not pending_lines and (not stripped.strip() or stripped.startswith("*")):
            entries.append(("other", [line]))
            continue
        piece = stripped
        if mode == "+":
            piece = piece.lstrip()
        pending_lines.append(line)
        if piece.endswith("+") or piece.endswith("-"):
            mode = piece[-1]
            pieces.append(piece[:-1])
            continue
        pieces.append(piece)
        entries.append(("command", pending_lines, "".join(pieces)))
        pending_lines, pieces, mode = [], [], None
    if pending_lines:
        entries.append(("command", pending_lines, "".join(pieces)))
    return entries


def strip_terminator(text):
    text = text.rstrip()
    return text[:-1] if text.endswith(";") else text


# ------------------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------------------
class Block:
    """One response of a command: its messages, and for DISPLAY one record as (ATTR, value) pairs."""

    __slots__ = ("cc", "rc", "messages", "record")

    def __init__(self, cc, rc, messages, record=None):
        self.cc, self.rc, self.messages, self.record = cc, rc, messages, record


class Outcome:
    __slots__ = ("syntax_error", "blocks", "ended")

    def __init__(self, blocks, syntax_error=False, ended=False):
        self.blocks, self.syntax_error, self.ended = blocks, syntax_error, ended

    @property
    def failed(self):
        return self.syntax_error or any(b.cc == MQCC_FAILED for b in self.blocks)


def _ok(message):
    return Outcome([Block(MQCC_OK, 0, [message])])


def _fail(message, reason=MQRCCF_COMMAND_FAILED):
    return Outcome([Block(MQCC_FAILED, reason, [message])])


def syntax_outcome(text, pos):
    return Outcome([Block(MQCC_FAILED, MQRCCF_COMMAND_FAILED, [MSG_SYNTAX, text[:pos]])], syntax_error=True)


# ------------------------------------------------------------------------------------------------------------
# Values
# ------------------------------------------------------------------------------------------------------------
def convert(rule, param):
    """The stored value for `param` under `rule`; raises SyntaxFault when MQSC would reject it."""
    if param.bare:
        raise SyntaxFault(param.end)
    kind = rule[0]
    values = param.values
    if kind == "list":
        words = [text.upper() for text, _quoted in values]
        if any(w not in rule[1] for w in words) or len(set(words)) != len(words):
            raise SyntaxFault(param.end)
        return ",".join(words)
    if kind == "names":
        names = [text for text, _quoted in values]
        if any(not n or len(n) > rule[1] for n in names):
            raise SyntaxFault(param.end)
        return names
    if len(values) != 1:
        raise SyntaxFault(param.end)
    text, quoted = values[0]
    if kind == "str":
        if len(text) > rule[1]:
            raise SyntaxFault(param.end)
        return text.rstrip()
    if kind == "int":
        if not quoted and text in rule[3]:
            return text
        if quoted or not re.match(r"^[0-9]{1,10}$", text):
            raise SyntaxFault(param.end)
        number = int(text)
        if number < rule[1] or number > rule[2]:
            raise SyntaxFault(param.end)
        return number
    if kind == "kw":
        if text.upper() not in rule[1]:
            raise SyntaxFault(param.end)
        return text.upper()
    if kind == "word":
        if quoted or not re.match(r"^[A-Z0-9_.]+$", text):
            raise SyntaxFault(param.end)
        return text
    raise SyntaxFault(param.end)  # "ro"


_DN_ATTRIBUTE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9.]*)\s*=\s*(.*?)\s*$")


def dn_problem(text):
    """None when `text` looks like an SSLPEER/SSLCERTI distinguished-name filter (ATTR=value, comma separated; a value
    may be quoted), else a reason. IBM MQ checks DN syntax; exactly which strings it refuses is not confirmed."""
    if not text.strip():
        return None
    for part in _split_dn(text):
        match = _DN_ATTRIBUTE.match(part)
        if not match or not match.group(2):
            return "not ATTRIBUTE=value: %r" % part
    return None


def _split_dn(text):
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char in ",;" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def dn_matches(pattern, subject_pairs):
    """IBM MQ SSLPEER matching, modelled: every attribute in the filter must be present in the certificate's subject
    with an equal value (case-insensitive; a trailing '*' matches any suffix). `subject_pairs` is [(ATTR, value)]."""
    if not pattern.strip():
        return True
    subject = {}
    for attr, value in subject_pairs:
        subject.setdefault(attr.upper(), []).append(value)
    for part in _split_dn(pattern):
        match = _DN_ATTRIBUTE.match(part)
        if not match:
            return False
        attr, wanted = match.group(1).upper(), match.group(2).strip('"')
        have = subject.get(attr, [])
        if wanted.endswith("*"):
            ok = any(v.upper().startswith(wanted[:-1].upper()) for v in have)
        else:
            ok = any(v.upper() == wanted.upper() for v in have)
        if not ok:
            return False
    return True


# ------------------------------------------------------------------------------------------------------------
# Display formatting (runmqsc layout)
# ------------------------------------------------------------------------------------------------------------
# An item longer than this goes on a line of its own (samples: 37 characters still pair, 38 and more do not).
PAIR_LIMIT = 37
SLOT = 40
# List-valued CHLAUTH attributes start a new line (sample B02: CUSTOM( ) alone before USERLIST(*MQADMIN)).
NEW_LINE_ATTRS = ("USERLIST", "ADDRLIST")


def item_text(attr, value):
    if value is None:
        return attr
    if isinstance(value, list):
        value = ",".join(value)
    if attr in model.MASKED_ATTRS and value not in ("", None):
        value = "********"
    text = str(value)
    return "%s(%s)" % (attr, text if text != "" else " ")


def layout(record, indent="   "):
    """The lines runmqsc prints for one record: two 40-character columns, long items alone on a line."""
    lines, left = [], None
    for attr, value in record:
        text = item_text(attr, value)
        if len(text) > PAIR_LIMIT:
            if left is not None:
                lines.append(indent + left)
                left = None
            lines.append(indent + text)
        elif attr in NEW_LINE_ATTRS and left is not None:
            lines.append(indent + left)
            left = text
        elif left is None:
            left = text
        else:
            lines.append(indent + left.ljust(SLOT) + text)
            left = None
    if left is not None:
        lines.append(indent + left)
    return lines


def json_value(attr, value):
    if isinstance(value, list):
        return list(value)
    if attr in model.MASKED_ATTRS and value not in ("", None):
        return "********"
    return value


# ------------------------------------------------------------------------------------------------------------
# Execution
# ------------------------------------------------------------------------------------------------------------
def _weak_from_env():
    return bool(os.environ.get("AMQ_SSL_WEAK_CIPHER_ENABLE")), bool(os.environ.get("AMQ_SSL_V3_ENABLE"))


class Engine:
    """Runs MQSC commands against one queue manager of a model.Store."""

    def __init__(self, store, qmgr, role="MQWebAdmin"):
        self.store, self.qmgr, self.role = store, qmgr, role

    def run_text(self, text, verify_only=False):
        """Run one command given as text (continuations already joined)."""
        text = strip_terminator(text)
        try:
            command = parse(text)
        except SyntaxFault as fault:
            return syntax_outcome(text, fault.pos)
        if command.verb == "END":
            return Outcome([], ended=True)
        try:
            return self.run(command, verify_only)
        except SyntaxFault as fault:
            return syntax_outcome(text, fault.pos)

    def run(self, command, verify_only=False):
        if command.noun in OTHER_NOUNS:
            return _fail(MSG["not_modelled"] % ("%s %s" % (command.verb, command.noun)))
        handler = getattr(self, "_%s_%s" % (command.verb.lower(), command.noun.lower()), None)
        if handler is None:
            return _fail(MSG["not_modelled"] % ("%s %s" % (command.verb, command.noun)))
        if self.role != "MQWebAdmin" and command.verb != "DISPLAY":
            return _fail(MSG["not_authorized"], MQRC_NOT_AUTHORIZED)
        if verify_only:
            return Outcome([])
        return handler(command)

    # -- helpers ------------------------------------------------------------------------------------------
    @staticmethod
    def _name(command, generic=False, required=True, maximum=model.CHANNEL_NAME_MAX):
        if command.name is None:
            if required:
                raise SyntaxFault(command.noun_end)
            return None
        name = command.name
        if generic and name.endswith("*"):
            stem = name[:-1]
            if len(name) > maximum or "*" in stem or _GENERIC_FORBIDDEN.search(name) or (stem and not model.valid_channel_name(stem)):
                raise SyntaxFault(command.name_end)
            return name
        if not model.valid_channel_name(name) or len(name) > maximum:
            raise SyntaxFault(command.name_end)
        return name

    @staticmethod
    def _no_more(command):
        if command.params:
            raise SyntaxFault(next(iter(command.params.values())).end)

    def _options(self, data):
        weak_env, v3_env = _weak_from_env()
        options = data.get("options", {})
        return options.get("weak_ciphers") or weak_env, options.get("ssl_v3") or v3_env

    def _tls_checks(self, data, attrs):
        """MQ errors for SSLCIPH / SSLPEER values, or None."""
        if "SSLCIPH" in attrs:
            attrs["SSLCIPH"] = attrs["SSLCIPH"].strip().upper()
            weak, ssl_v3 = self._options(data)
            if model.cipherspec_problem(attrs["SSLCIPH"], weak, ssl_v3):
                return _fail(MSG["sslciph"], MQRCCF_SSL_CIPHER_SPEC_ERROR)
        if "SSLPEER" in attrs and dn_problem(attrs["SSLPEER"]):
            return _fail(MSG["sslpeer"], MQRCCF_SSL_PEER_NAME_ERROR)
        return None

    @staticmethod
    def _selection(command, order, keep=("CHANNEL", "CHLTYPE")):
        """Attributes a DISPLAY asks for: (all?, set of names). Bare attribute keywords select; ALL selects all."""
        want_all, chosen = False, set()
        for key in list(command.params):
            param = command.params[key]
            if key == "ALL":
                if not param.bare:
                    raise SyntaxFault(param.end)
                want_all = True
            elif key in order or key in keep:
                if not param.bare:
                    raise SyntaxFault(param.end)
                chosen.add(key)
            else:
                continue
            del command.params[key]
        return want_all, chosen

    @staticmethod
    def _where(command, known):
        param = command.take("WHERE")
        if param is None:
            return None
        if param.bare or len(param.values) != 3:
            raise SyntaxFault(param.end)
        attr, operator = param.values[0][0].upper(), param.values[1][0].upper()
        value, quoted = param.values[2]
        if attr not in known or operator not in ("EQ", "NE", "LT", "GT", "LE", "GE", "LK", "NL"):
            raise SyntaxFault(param.end)

        def test(record_value):
            left = "" if record_value is None else record_value
            if isinstance(left, list):
                left = ",".join(left)
            if isinstance(left, int) and not quoted:
                try:
                    right = int(value)
                except ValueError:
                    return False
            else:
                left, right = str(left).strip(), value.strip()
                if right.endswith("*") and operator in ("EQ", "NE", "LK", "NL"):
                    hit = left.upper().startswith(right[:-1].upper())
                    return hit if operator in ("EQ", "LK") else not hit
            return {"EQ": left == right, "NE": left != right, "LT": left < right, "GT": left > right,
                    "LE": left <= right, "GE": left >= right, "LK": left == right, "NL": left != right}[operator]
        return attr, test

    # -- channels -----------------------------------------------------------------------------------------
    @staticmethod
    def _channel_attrs(command):
        """Attribute values of a DEFINE or ALTER CHANNEL, converted; keeps each one's Param for error positions."""
        attrs, params = {}, {}
        for key in list(command.params):
            param = command.params.pop(key)
            rule = model.CHANNEL_ATTRS.get(key)
            if rule is None or rule[0] == "ro":
                raise SyntaxFault(param.end)
            attrs[key] = convert(rule, param)
            params[key] = param
        return attrs, params

    @staticmethod
    def _check_type(chltype, params):
        """An attribute the channel type does not have is a syntax error at that attribute."""
        order = model.CHANNEL_ORDER[chltype]
        wrong = [p.end for key, p in params.items() if key not in order]
        if wrong:
            raise SyntaxFault(min(wrong))

    def _display_channel(self, command):
        pattern = self._name(command, generic=True)
        chltype = None
        type_param = command.take("CHLTYPE")
        if type_param is not None and not type_param.bare:
            chltype = convert(("kw", model.CHANNEL_TYPES + ("ALL",)), type_param)
            chltype = None if chltype == "ALL" else chltype
        where = self._where(command, set(model.CHANNEL_ATTRS) | {"CHANNEL", "CHLTYPE"})
        all_attrs = set(model.CHANNEL_ATTRS)
        want_all, chosen = self._selection(command, all_attrs)
        self._no_more(command)
        generic = pattern.endswith("*")
        if not want_all and not chosen and not generic:
            want_all = True
        with self.store.read(self.qmgr) as data:
            channels = data["channels"]
            if generic:
                stem = pattern[:-1]
                names = [n for n in channels if n.startswith(stem)]
            else:
                names = [pattern] if pattern in channels else []
            names.sort(key=lambda n: model.channel_sort_key(n, channels[n]["CHLTYPE"]))
            blocks = []
            for name in names:
                channel = channels[name]
                if chltype and channel["CHLTYPE"] != chltype:
                    continue
                if where and not where[1](channel.get(where[0])):
                    continue
                record = [("CHANNEL", name), ("CHLTYPE", channel["CHLTYPE"])]
                for attr in model.CHANNEL_ORDER[channel["CHLTYPE"]]:
                    if want_all or attr in chosen or (where and attr == where[0]):
                        record.append((attr, channel.get(attr, "")))
                blocks.append(Block(MQCC_OK, 0, [MSG["display_channel"]], record))
        if not blocks:
            return _fail(MSG["not_found"] % pattern, MQRCCF_CHANNEL_NOT_FOUND)
        return Outcome(blocks)

    def _define_channel(self, command):
        name = self._name(command)
        type_param = command.take("CHLTYPE")
        if type_param is None:
            raise SyntaxFault(len(command.text))
        chltype = convert(("kw", model.CHANNEL_TYPES), type_param)
        replace = command.take("REPLACE")
        noreplace = command.take("NOREPLACE")
        for flag in (replace, noreplace):
            if flag is not None and not flag.bare:
                raise SyntaxFault(flag.end)
        if replace is not None and noreplace is not None:
            raise SyntaxFault(max(replace.end, noreplace.end))
        like = command.take("LIKE")
        if like is not None and (like.bare or len(like.values) != 1):
            raise SyntaxFault(like.end)
        attrs, params = self._channel_attrs(command)
        self._check_type(chltype, params)
        with self.store.write(self.qmgr) as data:
            channels = data["channels"]
            existing = channels.get(name)
            if existing is not None and replace is None:
                return _fail(MSG["exists"], MQRCCF_CHANNEL_ALREADY_EXISTS)
            if existing is not None and existing["CHLTYPE"] != chltype:
                return _fail(MSG["type_mismatch"] % (name, existing["CHLTYPE"], chltype))
            base = channels.get(model.SYSTEM_DEFAULT_CHANNEL[chltype])
            if base is not None and base["CHLTYPE"] != chltype:
                base = None
            if like is not None:
                like_name = like.values[0][0]
                base = channels.get(like_name)
                if base is None or base["CHLTYPE"] != chltype:
                    return _fail(MSG["not_found"] % like_name, MQRCCF_CHANNEL_NOT_FOUND)
            failure = self._tls_checks(data, attrs)
            if failure:
                return failure
            channels[name] = model.new_channel(name, chltype, attrs, base=base)
            data["dirty"] = True
        return _ok(MSG["channel_created"])

    def _alter_channel(self, command):
        name = self._name(command)
        type_param = command.take("CHLTYPE")
        wanted = None if type_param is None else convert(("kw", model.CHANNEL_TYPES), type_param)
        attrs, params = self._channel_attrs(command)
        if wanted:
            self._check_type(wanted, params)
        with self.store.write(self.qmgr) as data:
            channel = data["channels"].get(name)
            if channel is None:
                return _fail(MSG["not_found"] % name, MQRCCF_CHANNEL_NOT_FOUND)
            chltype = channel["CHLTYPE"]
            if wanted and wanted != chltype:
                return _fail(MSG["type_mismatch"] % (name, chltype, wanted))
            self._check_type(chltype, params)
            failure = self._tls_checks(data, attrs)
            if failure:
                return failure
            channel.update(attrs)
            channel["ALTDATE"], channel["ALTTIME"] = model.now_stamp()
            data["dirty"] = True
        return _ok(MSG["channel_changed"])

    def _delete_channel(self, command):
        name = self._name(command)
        table = command.take("CHLTABLE")
        if table is not None:
            convert(("kw", ("QMGR", "CLNTTBL")), table)
        self._no_more(command)
        with self.store.write(self.qmgr) as data:
            if name not in data["channels"]:
                return _fail(MSG["not_found"] % name, MQRCCF_CHANNEL_NOT_FOUND)
            del data["channels"][name]
            data["dirty"] = True
        return _ok(MSG["channel_deleted"])

    # -- queue manager ------------------------------------------------------------------------------------
    def _display_qmgr(self, command):
        if command.name is not None:
            raise SyntaxFault(command.name_end)
        want_all, chosen = self._selection(command, model.QMGR_ORDER, keep=())
        self._no_more(command)
        if not chosen:
            want_all = True
        with self.store.read(self.qmgr) as data:
            attrs = data["qmgr"]
            record = [("QMNAME", attrs["QMNAME"])]
            record.extend((a, attrs.get(a, "")) for a in model.QMGR_ORDER[1:] if want_all or a in chosen)
        return Outcome([Block(MQCC_OK, 0, [MSG["display_qmgr"]], record)])

    def _alter_qmgr(self, command):
        if command.name is not None:
            raise SyntaxFault(command.name_end)
        force = command.take("FORCE")
        if force is not None and not force.bare:
            raise SyntaxFault(force.end)
        attrs = {}
        for key in list(command.params):
            param = command.params.pop(key)
            rule = model.qmgr_attr_rule(key)
            if rule is None:
                raise SyntaxFault(param.end)
            attrs[key] = convert(rule, param)
        if "SSLRKEYC" in attrs and 0 < attrs["SSLRKEYC"] < 32768:
            return _fail(MSG["chlauth_value"] % "SSLRKEYC must be 0 or 32768 through 999999999.")
        with self.store.write(self.qmgr) as data:
            current = data["qmgr"]
            pending = data["security"].setdefault("ssl_changes_pending", [])
            for key, value in attrs.items():
                if current.get(key) != value and key in model.QMGR_TLS_ATTRS and key not in pending:
                    pending.append(key)
            current.update(attrs)
            current["ALTDATE"], current["ALTTIME"] = model.now_stamp()
            data["dirty"] = True
        return _ok(MSG["qmgr_changed"])

    def _refresh_security(self, command):
        if command.name is not None and command.name != "*":
            raise SyntaxFault(command.name_end)
        type_param = command.take("TYPE")
        kind = "AUTHSERV" if type_param is None else convert(("kw", ("AUTHSERV", "SSL", "CONNAUTH")), type_param)
        self._no_more(command)
        with self.store.write(self.qmgr) as data:
            security = data["security"]
            security["refresh"][kind] = security["refresh"].get(kind, 0) + 1
            if kind == "SSL":
                # IBM: REFRESH SECURITY TYPE(SSL) stops and restarts every running TLS channel; the lab's TLS
                # listeners watch this counter and drop their connections when it changes.
                security["refresh_ssl_count"] = security.get("refresh_ssl_count", 0) + 1
                security["last_refresh_ssl"] = "%s %s" % model.now_stamp()
                security["ssl_changes_pending"] = []
            data["dirty"] = True
        return _ok(MSG["security_refreshed"])

    # -- CHLAUTH ------------------------------------------------------------------------------------------
    @staticmethod
    def _profile(command):
        if command.name is None:
            raise SyntaxFault(command.noun_end)
        name = command.name
        if len(name) > model.CHANNEL_NAME_MAX or not re.match(r"^[A-Za-z0-9._/%*]+$", name):
            raise SyntaxFault(command.name_end)
        return name

    def _set_chlauth(self, command):
        profile = self._profile(command)
        type_param = command.take("TYPE")
        if type_param is None:
            raise SyntaxFault(len(command.text))
        rtype = convert(("kw", model.CHLAUTH_TYPES), type_param)
        action_param = command.take("ACTION")
        action = "ADD" if action_param is None else convert(("kw", ("ADD", "REPLACE", "REMOVE", "REMOVEALL")), action_param)
        allowed = ("DESCR", "CUSTOM") + model.CHLAUTH_TYPE_ATTRS[rtype]
        attrs = {}
        for key in list(command.params):
            param = command.params.pop(key)
            if key not in allowed:
                raise SyntaxFault(param.end)
            attrs[key] = convert(model.CHLAUTH_ATTRS[key], param)
        if rtype == "BLOCKADDR" and profile != "*":
            raise SyntaxFault(command.name_end)
        for key in model.CHLAUTH_KEYS[rtype]:
            if key in ("ADDRESS", "SSLCERTI"):
                attrs.setdefault(key, "")
        required = {"SSLPEERMAP": "SSLPEER", "USERMAP": "CLNTUSER", "QMGRMAP": "QMNAME", "ADDRESSMAP": "ADDRESS",
                    "BLOCKUSER": "USERLIST", "BLOCKADDR": "ADDRLIST"}[rtype]
        if action != "REMOVEALL" and not attrs.get(required):
            raise SyntaxFault(len(command.text))
        for key in ("SSLPEER", "SSLCERTI"):
            if attrs.get(key) and dn_problem(attrs[key]):
                return _fail(MSG["sslpeer"], MQRCCF_SSL_PEER_NAME_ERROR)
        if action in ("ADD", "REPLACE") and rtype not in ("BLOCKUSER", "BLOCKADDR"):
            attrs.setdefault("USERSRC", "MAP")
            if attrs["USERSRC"] == "MAP" and not attrs.get("MCAUSER"):
                return _fail(MSG["chlauth_value"] % "USERSRC(MAP) needs an MCAUSER.")
        record = dict(attrs, CHLAUTH=profile, TYPE=rtype)
        identity = model.chlauth_identity(record)
        with self.store.write(self.qmgr) as data:
            records = data["chlauth"]
            if action == "REMOVEALL":
                data["chlauth"] = [r for r in records if not (r["CHLAUTH"] == profile and r["TYPE"] == rtype)]
            else:
                index = next((i for i, r in enumerate(records) if model.chlauth_identity(r) == identity), None)
                if action == "REMOVE":
                    if index is None:
                        return _fail(MSG["chlauth_not_found"], MQRCCF_CHLAUTH_NOT_FOUND)
                    if rtype in ("BLOCKUSER", "BLOCKADDR") and attrs.get(required):
                        key = required
                        left = [v for v in records[index].get(key, []) if v not in attrs[key]]
                        if left:
                            records[index][key] = left
                        else:
                            del records[index]
                    else:
                        del records[index]
                else:
                    record.setdefault("DESCR", "")
                    record.setdefault("CUSTOM", "")
                    record["ALTDATE"], record["ALTTIME"] = model.now_stamp()
                    if index is not None and action == "ADD" and rtype in ("BLOCKUSER", "BLOCKADDR"):
                        key = required
                        merged = list(records[index].get(key, []))
                        merged.extend(v for v in record[key] if v not in merged)
                        record[key] = merged
                    if index is None:
                        records.append(record)
                    else:
                        records[index] = record
            data["dirty"] = True
        return _ok(MSG["chlauth_set"])

    def _display_chlauth(self, command):
        profile = self._profile(command)
        type_param = command.take("TYPE")
        rtype = None if type_param is None else convert(("kw", ("ALL",) + model.CHLAUTH_TYPES), type_param)
        if rtype == "ALL":
            rtype = None
        match = command.take("MATCH")
        if match is not None and convert(("kw", ("GENERIC", "EXACT", "RUNCHECK", "ALL")), match) == "RUNCHECK":
            return _fail(MSG["not_modelled"] % "DISPLAY CHLAUTH MATCH(RUNCHECK)")
        fields = set(model.CHLAUTH_ATTRS) | {"ALTDATE", "ALTTIME"}
        want_all, chosen = self._selection(command, fields, keep=())
        self._no_more(command)
        if not chosen:
            want_all = True
        with self.store.read(self.qmgr) as data:
            records = sorted(data["chlauth"], key=model.chlauth_sort_key)
            blocks = []
            for record in records:
                if "*" in profile and match is None:
                    hit = fnmatch.fnmatchcase(record["CHLAUTH"], profile)
                else:
                    hit = record["CHLAUTH"] == profile
                if not hit or (rtype and record["TYPE"] != rtype):
                    continue
                shown = [(a, v) for a, v in model.chlauth_display_fields(record)
                         if want_all or a in ("CHLAUTH", "TYPE") or a in chosen]
                blocks.append(Block(MQCC_OK, 0, [MSG["display_chlauth"]], shown))
        if not blocks:
            return _fail(MSG["chlauth_not_found"], MQRCCF_CHLAUTH_NOT_FOUND)
        return Outcome(blocks)


# ------------------------------------------------------------------------------------------------------------
# The REST API's runCommandJSON, as MQSC
# ------------------------------------------------------------------------------------------------------------
class JsonRequestError(ValueError):
    """A runCommandJSON body the REST layer rejects before any command runs."""


def quote(text):
    return "'" + str(text).replace("'", "''") + "'"


def _rule_for(noun, key):
    if noun == "CHANNEL":
        if key == "CHLTYPE":
            return ("kw",)
        return model.CHANNEL_ATTRS.get(key)
    if noun == "QMGR":
        return model.qmgr_attr_rule(key)
    if noun == "CHLAUTH":
        if key in ("TYPE", "ACTION", "MATCH"):
            return ("kw",)
        return model.CHLAUTH_ATTRS.get(key)
    if noun == "SECURITY" and key == "TYPE":
        return ("kw",)
    return None


def _render_value(rule, value):
    kind = rule[0] if rule else "str"
    if isinstance(value, list):
        return "(" + ",".join(_render_value(rule, v)[1:-1] for v in value) + ")"
    if isinstance(value, bool):
        value = "YES" if value else "NO"
    if isinstance(value, int):
        return "(%d)" % value
    if kind in ("kw", "list", "word", "int"):
        return "(%s)" % str(value).upper()
    return "(%s)" % quote(value)


def json_to_mqsc(body):
    """The MQSC text of a runCommandJSON request body, and the attribute selection its response must carry."""
    command = body.get("command")
    qualifier = body.get("qualifier")
    if not isinstance(command, str) or not command.strip() or not isinstance(qualifier, str) or not qualifier.strip():
        raise JsonRequestError("runCommandJSON needs 'command' and 'qualifier' strings")
    verb, noun = command.strip().upper(), qualifier.strip().upper()
    parts = [verb, noun]
    name = body.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise JsonRequestError("'name' must be a string")
        parts[-1] += "(" + quote(name) + ")"
    parameters = body.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise JsonRequestError("'parameters' must be an object")
    canonical_noun = NOUNS.get(noun, noun)
    for key, value in parameters.items():
        key_upper = str(key).upper()
        if key_upper in BARE_ONLY:
            if value in (True, "yes", "YES", "") or value is None:
                parts.append(key_upper)
            elif key_upper == "REPLACE":
                parts.append("NOREPLACE")
            continue
        if value is None:
            parts.append(key_upper)
            continue
        parts.append(key_upper + _render_value(_rule_for(canonical_noun, key_upper), value))
    selection = body.get("responseParameters")
    if selection is not None:
        if not isinstance(selection, list) or not all(isinstance(s, str) for s in selection):
            raise JsonRequestError("'responseParameters' must be a list of strings")
        if verb in ("DISPLAY", "DIS"):
            if any(s.lower() == "all" for s in selection):
                parts.append("ALL")
            else:
                parts.extend(s.upper() for s in selection)
    return " ".join(parts)


def block_json(block):
    """One commandResponse item of a runCommandJSON response."""
    item = {"completionCode": block.cc, "reasonCode": block.rc}
    if block.record is not None:
        item["parameters"] = {attr.lower(): json_value(attr, value) for attr, value in block.record if value is not None}
    else:
        item["message"] = list(block.messages)
    return item


def block_text(block):
    """One commandResponse item of a runCommand response. A DISPLAY record is ONE string: the message, then every
    runmqsc line of the record with its three-blank indent and no line breaks (IBM's MQ MCP server sample prints
    text[0] of each item as the whole object; public transcripts show "AMQ8414I: Display Channel details.   CHANNEL(...)
    CHLTYPE(...)"). Other responses carry their message lines."""
    if block.record is not None:
        text = [block.messages[0] + "".join(layout(block.record))]
    else:
        text = list(block.messages)
    return {"completionCode": block.cc, "reasonCode": block.rc, "text": text}
