# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""MQSC commands built so that no value can become a second attribute or a second command.

Every builder returns one command as one line of text, for runmqsc's standard input or for the
REST API's ``runCommand``. Values are checked before anything is built; a value that cannot be
carried safely raises `MqscError` with a message naming the attribute and the problem.

The MQSC rules this file rests on (IBM MQ documentation, "MQSC command syntax", "Generic values
and characters with special meanings", "MQSC input file syntax", "Rules for naming IBM MQ
objects") [C]:
  - A string is enclosed in single quotation marks; a quotation mark inside it is written twice
    and counts as one character. Everything inside the quotation marks is kept exactly as
    entered (no folding to upper case, blanks significant). Outside quotation marks blanks and
    commas separate keywords and lower case is folded to upper case.
  - ``''`` (nothing between the quotation marks) means a blank value on Multiplatforms, which is
    how an attribute such as SSLPEER or SSLCIPH is cleared.
  - A parameter must not be repeated.
  - A line of MQSC input ends a command unless its last non-blank character is ``+`` (continue
    from the first non-blank character of the next line) or ``-`` (continue from the start of the
    next line); both may occur inside quoted strings. Lines starting with ``*`` are comments and
    blank lines are ignored, also between continued lines. Lines must not end with control
    characters such as TAB. On Multiplatforms a line can be up to 2048 characters; a command can
    be up to 32 762 characters.
  - A generic value ends with ``*`` (the only or last character); inside quotation marks as
    ``'abc*'``. CHLAUTH profiles may hold ``*`` in any position (PCF Set Channel Authentication
    Record).
  - Object names: A-Z, a-z, 0-9, period, forward slash, underscore and percent sign; no blanks;
    channels up to 20 characters, queue managers, queues, namelists, authentication information
    objects, listeners, processes, services, topics and clusters up to 48. Names with lower case
    must be quoted in MQSC (this file quotes every string anyway).
  - Lengths [C]: SSLCIPH 32, SSLPEER 1024 on Multiplatforms (256 on z/OS), CERTLABL 64, DESCR 64
    bytes (fewer characters with a double-byte character set). Channel descriptions must hold
    only characters that can be displayed (MQCD Desc).
  - [U], not confirmed in IBM text read for this file: CONNAME 264, SSLKEYR 256, MCAUSER 64 and
    SSLCERTI 1024 characters; whether a quoted ``;`` is ever read as the end of a command by
    runmqsc (it is accepted in values here, as SSLPEER documents ``;`` as a DN separator, and
    `script` never ends a line with it); that a quoted ``'*'`` is as generic as the documented
    ``'abc*'`` (every name is quoted here, so ``DISPLAY CHANNEL('*')``).

Characters refused in every string: control characters (C0, DEL, C1, which include TAB, CR, LF
and NEL), Unicode format characters (bidirectional overrides, zero-width characters, BOM),
line and paragraph separators, surrogates, private-use and unassigned code points. None of them
can be displayed, and the line-breaking ones would end the command early.

Lengths are counted in UTF-8 bytes, which is what a queue manager with CCSID 1208 (the Linux
default) stores; with a single-byte CCSID this is stricter than MQ for non-ASCII text.
"""

from __future__ import annotations

import re
import unicodedata

MAX_COMMAND_LENGTH = 32762
MAX_SCRIPT_LINE = 2048
DEFAULT_SCRIPT_WIDTH = 1024

NAME_LENGTHS = {
    "channel": 20, "qmgr": 48, "queue": 48, "namelist": 48, "authinfo": 48, "listener": 48,
    "process": 48, "service": 48, "topic": 48, "cluster": 48,
}

CHANNEL_TYPES = ("SDR", "SVR", "RCVR", "RQSTR", "CLNTCONN", "SVRCONN", "CLUSSDR", "CLUSRCVR", "AMQP", "MQTT")
CHLAUTH_TYPES = ("BLOCKUSER", "BLOCKADDR", "SSLPEERMAP", "ADDRESSMAP", "USERMAP", "QMGRMAP")

# Attributes whose value is a keyword: written bare, after checking it is one of these.
KEYWORD_VALUES = {
    "TRPTYPE": ("TCP", "LU62", "NETBIOS", "SPX"),
    "SSLCAUTH": ("REQUIRED", "OPTIONAL"),
    "SSLFIPS": ("YES", "NO"),
    "CHLAUTH": ("ENABLED", "DISABLED"),
    "SSLEV": ("ENABLED", "DISABLED"),
    "CHLEV": ("ENABLED", "DISABLED", "EXCEPTION"),
    "REVDNS": ("ENABLED", "DISABLED"),
    "CERTVPOL": ("ANY", "RFC5280"),
    "SUITEB": ("NONE", "128_BIT", "192_BIT"),
    "IPADDRV": ("IPV4", "IPV6"),
    "USERSRC": ("MAP", "NOACCESS", "CHANNEL"),
    "CHCKCLNT": ("ASQMGR", "REQUIRED", "REQDADM"),
    "WARN": ("YES", "NO"),
    "ACTION": ("ADD", "REPLACE", "REMOVE", "REMOVEALL"),
    "MATCH": ("RUNCHECK", "EXACTMATCH", "GENERIC", "ALL"),
    "PUTAUT": ("DEF", "CTX", "ONLYMCA", "ALTMCA"),
    "MCATYPE": ("PROCESS", "THREAD"),
    "NPMSPEED": ("FAST", "NORMAL"),
    "CONVERT": ("YES", "NO"),
    "USEDLQ": ("YES", "NO"),
    "MONCHL": ("QMGR", "OFF", "LOW", "MEDIUM", "HIGH"),
    "STATCHL": ("QMGR", "OFF", "LOW", "MEDIUM", "HIGH"),
    "COMPHDR": ("NONE", "SYSTEM"),
    "COMPMSG": ("NONE", "RLE", "ZLIBFAST", "ZLIBHIGH", "ANY"),
    "AFFINITY": ("PREFERRED", "NONE"),
    "DEFRECON": ("NO", "YES", "QMGR", "DISABLED"),
    "PROPCTL": ("COMPAT", "NONE", "ALL"),
    "USECLTID": ("YES", "NO"),
    "KAINT": ("AUTO",),
    "AMQPKA": ("AUTO",),
}
# Keyword attributes that take a list of keywords, e.g. COMPMSG(ZLIBFAST,RLE).
KEYWORD_LISTS = ("SUITEB", "COMPHDR", "COMPMSG")
# Attributes whose value is a number; KAINT and AMQPKA also take AUTO.
INTEGER_ATTRIBUTES = (
    "HBINT", "MAXMSGL", "SHARECNV", "DISCINT", "MAXINST", "MAXINSTC", "BATCHSZ", "BATCHHB", "BATCHINT",
    "BATCHLIM", "SSLRKEYC", "CLNTWGHT", "PORT", "KAINT", "AMQPKA", "LONGRTY", "LONGTMR", "SHORTRTY",
    "SHORTTMR", "SEQWRAP", "MRRTY", "MRTMR", "NETPRTY", "CLWLPRTY", "CLWLRANK", "CLWLWGHT", "STATINT",
)
# Maximum lengths of string values, in bytes (see the module docstring for which are [C]).
STRING_LENGTHS = {
    "SSLCIPH": 32, "SSLPEER": 1024, "CERTLABL": 64, "DESCR": 64, "CONNAME": 264, "SSLKEYR": 256,
    "MCAUSER": 64, "SSLCERTI": 1024, "QMNAME": 48, "XMITQ": 48, "SSLCRLNL": 48, "CONNAUTH": 48,
}
# String attributes that hold an object name (blank clears them; QMNAME may be generic).
NAME_VALUED = ("QMNAME", "XMITQ", "SSLCRLNL", "CONNAUTH")
# The channel types that have these attributes (IBM MQ documentation for SSLCAUTH [C]; the
# others as DISPLAY CHANNEL(*) ALL shows them on MQ 9.4, plus AMQP's SSLCAUTH from that output).
ATTRIBUTE_CHANNEL_TYPES = {
    "SSLCAUTH": ("SVR", "RCVR", "RQSTR", "SVRCONN", "CLUSRCVR", "AMQP"),
    "CONNAME": ("SDR", "SVR", "RQSTR", "CLNTCONN", "CLUSSDR", "CLUSRCVR"),
    "QMNAME": ("CLNTCONN",),
    "XMITQ": ("SDR", "SVR"),
}

_NAME_RE = re.compile(r"[A-Za-z0-9./_%]+\Z")
_PROFILE_RE = re.compile(r"[A-Za-z0-9./_%*]+\Z")
_NAME_VALUE_RE = re.compile(r"[A-Za-z0-9./_%*]*\Z")
_KEYWORD_RE = re.compile(r"[A-Z][A-Z0-9]{0,15}\Z")
_CIPHERSPEC_RE = re.compile(r"[A-Za-z0-9_]*\Z")
_DIGITS_RE = re.compile(r"[0-9]+\Z")
_REFUSED_CATEGORIES = {
    "Cc": "control character", "Cf": "format character", "Cs": "surrogate", "Co": "private-use character",
    "Cn": "unassigned code point", "Zl": "line separator", "Zp": "paragraph separator",
}


class MqscError(ValueError):
    """A value, name or command that cannot be put into MQSC safely."""


def check_text(value, what="value"):
    """`value` unchanged when every character of it can be carried in an MQSC string, else MqscError."""
    if not isinstance(value, str):
        raise MqscError("%s must be a string, not %s" % (what, type(value).__name__))
    for index, char in enumerate(value):
        reason = _REFUSED_CATEGORIES.get(unicodedata.category(char))
        if reason:
            raise MqscError("%s: %s U+%04X at position %d cannot be carried in an MQSC command"
                            % (what, reason, ord(char), index))
    return value


def quote(value, what="value"):
    """``value`` as an MQSC quoted string: enclosed in single quotation marks, each quotation mark
    inside doubled. Refuses characters that MQSC cannot carry (see `check_text`)."""
    check_text(value, what)
    return "'" + value.replace("'", "''") + "'"


def _check_length(value, limit, what):
    size = len(value.encode("utf-8"))
    if size > limit:
        raise MqscError("%s is %d bytes long; IBM MQ allows at most %d" % (what, size, limit))


def validate_name(name, kind="channel", generic=False):
    """`name` unchanged when it is a valid IBM MQ object name of `kind` (a key of NAME_LENGTHS).

    Rules (IBM MQ "Rules for naming IBM MQ objects") [C]: characters A-Z a-z 0-9 . / _ %, no
    blanks, not empty, at most 20 characters for a channel and 48 for the other kinds here.
    With `generic`, one trailing ``*`` is allowed (``*`` alone means all), as DISPLAY takes it."""
    if kind not in NAME_LENGTHS:
        raise MqscError("unknown object kind %r" % (kind,))
    what = "%s name" % kind
    check_text(name, what)
    body = name[:-1] if generic and name.endswith("*") else name
    if not name:
        raise MqscError("%s must not be empty" % what)
    if body and not _NAME_RE.match(body):
        bad = next(c for c in body if not _NAME_RE.match(c))
        raise MqscError("%s %r has the character %r; IBM MQ names may hold only A-Z a-z 0-9 . / _ %%%s"
                        % (what, name, bad, " and a trailing * for a generic name" if generic else ""))
    if len(name) > NAME_LENGTHS[kind]:
        raise MqscError("%s %r is %d characters long; IBM MQ allows at most %d"
                        % (what, name, len(name), NAME_LENGTHS[kind]))
    return name


def validate_chlauth_profile(profile, rule_type=None):
    """`profile` unchanged when it is a valid CHLAUTH channel profile: a channel name in which ``*``
    may stand anywhere, up to 20 characters, and exactly ``*`` for TYPE(BLOCKADDR) [C]."""
    what = "CHLAUTH profile"
    check_text(profile, what)
    if not profile:
        raise MqscError("%s must not be empty" % what)
    if not _PROFILE_RE.match(profile):
        raise MqscError("%s %r may hold only A-Z a-z 0-9 . / _ %% and *" % (what, profile))
    if len(profile) > NAME_LENGTHS["channel"]:
        raise MqscError("%s %r is %d characters long; IBM MQ allows at most %d"
                        % (what, profile, len(profile), NAME_LENGTHS["channel"]))
    if rule_type == "BLOCKADDR" and profile != "*":
        raise MqscError("a BLOCKADDR rule must have the profile '*', not %r" % (profile,))
    return profile


def keyword(name, what="attribute name"):
    """`name` upper-cased when it is an MQSC keyword (a letter, then letters and digits), else MqscError."""
    if not isinstance(name, str):
        raise MqscError("%s must be a string, not %s" % (what, type(name).__name__))
    upper = name.strip().upper()
    if not _KEYWORD_RE.match(upper):
        raise MqscError("%s %r is not an MQSC keyword (a letter followed by letters and digits)" % (what, name))
    return upper


def channel_type(chltype, allow_all=False):
    """The channel type upper-cased, when it is one IBM MQ defines (CHANNEL_TYPES)."""
    value = keyword(chltype, "CHLTYPE")
    allowed = CHANNEL_TYPES + (("ALL",) if allow_all else ())
    if value not in allowed:
        raise MqscError("CHLTYPE(%s) is not one of %s" % (value, ", ".join(allowed)))
    return value


def _keyword_value(name, value):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise MqscError("%s takes a keyword, not %r" % (name, value))
    if isinstance(value, int) or _DIGITS_RE.match(value.strip()):
        if name not in INTEGER_ATTRIBUTES:
            raise MqscError("%s takes one of %s, not %r" % (name, ", ".join(KEYWORD_VALUES[name]), value))
        return str(int(value))
    upper = value.strip().upper()
    if upper not in KEYWORD_VALUES[name]:
        extra = " or a number" if name in INTEGER_ATTRIBUTES else ""
        raise MqscError("%s takes one of %s%s, not %r" % (name, ", ".join(KEYWORD_VALUES[name]), extra, value))
    return upper


def _integer_value(name, value):
    if isinstance(value, bool):
        raise MqscError("%s takes a number, not %r" % (name, value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _DIGITS_RE.match(value.strip()):
        return str(int(value))
    raise MqscError("%s takes a number, not %r" % (name, value))


def _string_value(name, value):
    check_text(value, name)
    if name == "SSLCIPH" and not _CIPHERSPEC_RE.match(value.strip()):
        raise MqscError("SSLCIPH %r is not a CipherSpec name (letters, digits and _ only)" % (value,))
    if name in NAME_VALUED and not _NAME_VALUE_RE.match(value.strip()):
        raise MqscError("%s %r is not an IBM MQ object name (A-Z a-z 0-9 . / _ %%)" % (name, value))
    if name in STRING_LENGTHS:
        _check_length(value, STRING_LENGTHS[name], name)
    return quote(value, name)


def attribute(name, value):
    """One ``NAME(value)`` (or a bare ``NAME`` for ``True``) for an MQSC command.

    Values: ``True`` gives the bare keyword (REPLACE, ALL, ...); an attribute of KEYWORD_VALUES
    takes one of its keywords (any case) or, for KEYWORD_LISTS, a list of them, written bare; an
    attribute of INTEGER_ATTRIBUTES takes an int or a string of digits, written bare; any other
    attribute takes a string, written quoted, or a list of strings, written ``('a','b')``.
    ``None``, ``False`` and other types raise MqscError."""
    name = keyword(name)
    if value is True:
        return name
    if value is None or value is False:
        raise MqscError("%s has no value (%r); leave it out instead" % (name, value))
    if isinstance(value, (list, tuple)):
        if not value:
            raise MqscError("%s was given an empty list" % name)
        if name in KEYWORD_LISTS:
            return "%s(%s)" % (name, ",".join(_keyword_value(name, item) for item in value))
        if name in KEYWORD_VALUES or name in INTEGER_ATTRIBUTES:
            raise MqscError("%s takes one value, not a list" % name)
        return "%s(%s)" % (name, ",".join(_string_value(name, item) for item in value))
    if name in KEYWORD_VALUES:
        return "%s(%s)" % (name, _keyword_value(name, value))
    if name in INTEGER_ATTRIBUTES:
        return "%s(%s)" % (name, _integer_value(name, value))
    if not isinstance(value, str):
        raise MqscError("%s takes a string, not %r" % (name, value))
    return "%s(%s)" % (name, _string_value(name, value))


def _items(attrs):
    if attrs is None:
        return []
    if isinstance(attrs, dict):
        return list(attrs.items())
    return [tuple(pair) for pair in attrs]


def _attributes(attrs, reserved=(), chltype=None):
    """The attributes as MQSC text, in the order given, refusing repeats and `reserved` names."""
    seen = set()
    parts = []
    for name, value in _items(attrs):
        upper = keyword(name)
        if upper in reserved:
            raise MqscError("%s is set by the command itself; do not pass it as an attribute" % upper)
        if upper in seen:
            raise MqscError("%s is given twice; MQSC does not allow a repeated parameter" % upper)
        seen.add(upper)
        if chltype and upper in ATTRIBUTE_CHANNEL_TYPES and chltype not in ATTRIBUTE_CHANNEL_TYPES[upper]:
            raise MqscError("%s is not an attribute of %s channels (only %s)"
                            % (upper, chltype, ", ".join(ATTRIBUTE_CHANNEL_TYPES[upper])))
        parts.append(attribute(upper, value))
    return parts


def _keywords(names, what="attribute"):
    out = []
    for name in names or ():
        upper = keyword(name, what)
        if upper not in out:
            out.append(upper)
    return out


def _command(*parts):
    text = " ".join(part for part in parts if part)
    if len(text) > MAX_COMMAND_LENGTH:
        raise MqscError("the command is %d characters long; MQSC allows at most %d" % (len(text), MAX_COMMAND_LENGTH))
    return text


def define_channel(name, chltype, attrs=None):
    """``DEFINE CHANNEL('name') CHLTYPE(type) attrs...``."""
    chltype = channel_type(chltype)
    return _command("DEFINE CHANNEL(%s)" % quote(validate_name(name, "channel")), "CHLTYPE(%s)" % chltype,
                    *_attributes(attrs, ("CHANNEL", "CHLTYPE"), chltype))


def alter_channel(name, chltype, attrs):
    """``ALTER CHANNEL('name') CHLTYPE(type) attrs...`` (CHLTYPE is required on ALTER)."""
    chltype = channel_type(chltype)
    parts = _attributes(attrs, ("CHANNEL", "CHLTYPE"), chltype)
    if not parts:
        raise MqscError("ALTER CHANNEL needs at least one attribute to change")
    return _command("ALTER CHANNEL(%s)" % quote(validate_name(name, "channel")), "CHLTYPE(%s)" % chltype, *parts)


def delete_channel(name):
    """``DELETE CHANNEL('name')``."""
    return _command("DELETE CHANNEL(%s)" % quote(validate_name(name, "channel")))


def display_channel(name_or_pattern, chltype=None, attrs=("ALL",)):
    """``DISPLAY CHANNEL('name*') [CHLTYPE(type)] ALL`` (or the attributes named in `attrs`)."""
    parts = ["DISPLAY CHANNEL(%s)" % quote(validate_name(name_or_pattern, "channel", generic=True))]
    if chltype:
        parts.append("CHLTYPE(%s)" % channel_type(chltype, allow_all=True))
    names = _keywords(attrs)
    if "CHLTYPE" in names or "CHANNEL" in names:
        raise MqscError("CHANNEL and CHLTYPE are given by the command itself")
    return _command(*(parts + names))


def alter_qmgr(attrs):
    """``ALTER QMGR attrs...``."""
    parts = _attributes(attrs, ("QMGR", "QMNAME"))
    if not parts:
        raise MqscError("ALTER QMGR needs at least one attribute to change")
    return _command("ALTER QMGR", *parts)


def display_qmgr(attrs=("ALL",)):
    """``DISPLAY QMGR ALL`` (or the attributes named in `attrs`)."""
    return _command("DISPLAY QMGR", *_keywords(attrs))


def chlauth_type(rule_type, allow_all=False):
    """The CHLAUTH TYPE upper-cased, when IBM MQ defines it (CHLAUTH_TYPES, and ALL for DISPLAY)."""
    value = keyword(rule_type, "TYPE")
    allowed = CHLAUTH_TYPES + (("ALL",) if allow_all else ())
    if value not in allowed:
        raise MqscError("TYPE(%s) is not one of %s" % (value, ", ".join(allowed)))
    return value


def set_chlauth(profile, rule_type, attrs, action=None):
    """``SET CHLAUTH('profile') TYPE(type) attrs... [ACTION(action)]``; TYPE follows the profile as
    IBM requires, ACTION comes last."""
    rule_type = chlauth_type(rule_type)
    parts = ["SET CHLAUTH(%s)" % quote(validate_chlauth_profile(profile, rule_type)), "TYPE(%s)" % rule_type]
    parts.extend(_attributes(attrs, ("CHLAUTH", "TYPE", "ACTION")))
    if action is not None:
        parts.append(attribute("ACTION", action))
    return _command(*parts)


def display_chlauth(profile, rule_type=None, attrs=("ALL",)):
    """``DISPLAY CHLAUTH('profile') [TYPE(type)] ALL`` (or the attributes named in `attrs`)."""
    parts = ["DISPLAY CHLAUTH(%s)" % quote(validate_chlauth_profile(profile))]
    if rule_type:
        parts.append("TYPE(%s)" % chlauth_type(rule_type, allow_all=True))
    names = _keywords(attrs)
    if "TYPE" in names or "CHLAUTH" in names:
        raise MqscError("CHLAUTH and TYPE are given by the command itself")
    return _command(*(parts + names))


def refresh_security_ssl():
    """``REFRESH SECURITY TYPE(SSL)``: the queue manager reloads its key repository and TLS settings.
    IBM: this stops running TLS SVRCONN channels (clients reconnect), so run it only after a change."""
    return "REFRESH SECURITY TYPE(SSL)"


def _utf8_len(char):
    return len(char.encode("utf-8"))


def _split_command(command, width):
    """The command as lines of at most `width` bytes, every line but the last ending in ``-``."""
    lines = []
    rest = command
    while sum(_utf8_len(c) for c in rest) > width:
        size = 1  # room for the "-" continuation character
        limit = 0
        while limit < len(rest) and size + _utf8_len(rest[limit]) <= width:
            size += _utf8_len(rest[limit])
            limit += 1
        cut = next((k for k in range(limit, 0, -1)
                    if not rest[k - 1].isspace() and rest[k - 1] not in "+-;"
                    and not rest[k].isspace() and rest[k] != "*"), None)
        if cut is None:
            raise MqscError("the command cannot be split into lines of %d bytes" % width)
        lines.append(rest[:cut] + "-")
        rest = rest[cut:]
    lines.append(rest)
    return lines


def script(commands, width=DEFAULT_SCRIPT_WIDTH):
    """runmqsc input for `commands` (strings from this file's builders): one command per line,
    longer commands split with the ``-`` continuation character into lines of at most `width`
    bytes (2048 is IBM's limit on Multiplatforms). A split never leaves a line ending in a blank,
    ``+``, ``-`` or ``;`` before the continuation character, nor starts a line with a blank or
    ``*`` (which runmqsc would read as a comment)."""
    if not 16 <= width <= MAX_SCRIPT_LINE:
        raise MqscError("width must be between 16 and %d bytes" % MAX_SCRIPT_LINE)
    out = []
    for command in commands:
        check_text(command, "command")
        stripped = command.strip()
        if not stripped or stripped.startswith("*") or stripped[-1] in "+-":
            raise MqscError("%r is not a complete MQSC command" % (command,))
        out.extend(_split_command(stripped, width))
    return "\n".join(out) + "\n"
