# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PCF transport: the collection's MQSC-shaped records and changes carried as IBM MQ PCF.

The rest of the collection speaks in MQSC terms: a record is ``{"CHANNEL": "APP.SVRCONN",
"CHLTYPE": "SVRCONN", "SSLCIPH": "TLS_AES_256_GCM_SHA384", "SSLCAUTH": "REQUIRED", ...}`` (upper-case
attribute names, string values, keyword values as MQSC keywords), the shape that
`mqsc_output.display_attributes` and `rest_response.display_records` return, and a change is a dict
of MQSC attributes. This file maps both to and from PCF parameters with one table per object kind
(``channel``, ``qmgr``, ``chlauth``), and runs the commands through an injected ``execute``
callable, so that everything except the connection itself can be tested without IBM MQ.

Libraries: ``ibmmq`` (IBM's maintained package) is preferred, ``pymqi`` is the fallback. Both need
the IBM MQ C client at run time. Their PCF interface is the same [C, both packages' source]:
``pcf = PCFExecute(qmgr)``, then ``pcf.MQCMD_INQUIRE_CHANNEL({param_id: value, ...})`` returns a
list of dicts keyed by integer parameter ids; strings come back as bytes (blank padded; pymqi may
also keep the NUL padding of the PCF structure), integers as ints, lists as lists. In a request a
bytes or str value is sent as MQCFST, an int as MQCFIN (MQCFIL for an ``*_ATTRS`` selector), a list
of ints as MQCFIL and a list of strings as MQCFSL. Parameters are sent in dict order, which
matters: IBM requires the CHLAUTH Type right after the profile [C]; ChannelType is likewise sent
right after ChannelName, as IBM's own examples do. A failed command raises the library's
``MQMIError`` with ``comp`` and ``reason``.

Constants: every numeric value below was checked against the constant modules of both ibmmq
(``CMQC``/``CMQCFC``/``CMQXC``, 2.1.0 source) and pymqi (1.12.11 source); they agree. Which PCF
parameter carries which MQSC attribute is from IBM's PCF reference [C] except where a comment
says [3P] (only third-party code shows it) or [U] (not confirmed; verify on a queue manager).

Value rules: a string is encoded (UTF-8 unless the transport is told otherwise) and an empty
string is sent as one blank, since MQ pads character attributes with blanks and treats an
all-blank value as empty [C]; [U] whether a zero-length MQCFST is accepted everywhere. On read,
trailing blanks and NULs are dropped and bytes that are not valid in the encoding are read as
Latin-1. Integer attributes without keywords become decimal strings; an integer code a keyword
table does not know (a newer MQ release) is returned as its decimal string rather than dropped.
Lists (SUITEB, USERLIST, ADDRLIST) are joined with commas, as `rest_response.normalise_value`
does, and a comma-separated string is accepted for them on write. PCF parameters that have no
entry in the table are left out of records.
"""

from __future__ import annotations

import importlib
import traceback
from collections import namedtuple

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError


def _import_library(names=("ibmmq", "pymqi")):
    """(module, name, None) for the first of `names` that imports, else (None, None, the tracebacks).
    Importing either package also loads the IBM MQ C client library, so this fails (ImportError,
    or OSError on some platforms) on a host without the MQ client even when the package is installed."""
    failures = []
    for name in names:
        try:
            return importlib.import_module(name), name, None
        except (ImportError, OSError):
            failures.append(traceback.format_exc())
    return None, None, "".join(failures)


PCF_LIBRARY, PCF_LIBRARY_NAME, PCF_IMPORT_ERROR = _import_library()
HAS_PCF_LIBRARY = PCF_LIBRARY is not None

# --- PCF commands (MQCMD_*) [C] -------------------------------------------------------------------
MQCMD_CHANGE_Q_MGR = 1
MQCMD_INQUIRE_Q_MGR = 2
MQCMD_CHANGE_CHANNEL = 21
MQCMD_CREATE_CHANNEL = 23
MQCMD_DELETE_CHANNEL = 24
MQCMD_INQUIRE_CHANNEL = 25
MQCMD_REFRESH_SECURITY = 78
MQCMD_SET_CHLAUTH_REC = 203
MQCMD_INQUIRE_CHLAUTH_RECS = 204

# --- Parameter identifiers ----------------------------------------------------------------------
MQCA_Q_MGR_DESC = 2014
MQCA_Q_MGR_NAME = 2015
MQCA_REMOTE_Q_MGR_NAME = 2017
MQCA_ALTERATION_DATE = 2027
MQCA_ALTERATION_TIME = 2028
MQCA_SSL_KEY_REPOSITORY = 2049
MQCA_SSL_CRL_NAMELIST = 2050
MQCA_CHLAUTH_DESC = 2118
MQCA_CUSTOM = 2119
MQCA_CERT_LABEL = 2121
MQCA_CONN_AUTH = 2125
MQCA_SSL_CERT_ISSUER_NAME = 2130
MQIA_SSL_EVENT = 75
MQIA_SSL_RESET_COUNT = 76
MQIA_SSL_FIPS_REQUIRED = 92
MQIA_SUITE_B_STRENGTH = 247
MQIA_CHLAUTH_RECORDS = 248
MQIA_CERT_VAL_POLICY = 252
MQIA_REVERSE_DNS_LOOKUP = 254
MQIA_CHECK_CLIENT_BINDING = 258
MQIACF_Q_MGR_ATTRS = 1001
MQIACF_ALL = 1009
MQIACF_CHANNEL_ATTRS = 1015
MQIACF_ACTION = 1086
MQIACF_SECURITY_TYPE = 1106
MQIACF_CHLAUTH_TYPE = 1352
MQIACF_CHLAUTH_ATTRS = 1355
MQIACH_XMIT_PROTOCOL_TYPE = 1501
MQIACH_MAX_MSG_LENGTH = 1510
MQIACH_CHANNEL_TYPE = 1511
MQIACH_HB_INTERVAL = 1563
MQIACH_SSL_CLIENT_AUTH = 1568
MQIACH_SHARING_CONVERSATIONS = 1615
MQIACH_USER_SOURCE = 1638
MQIACH_WARNING = 1639
MQCACH_CHANNEL_NAME = 3501
MQCACH_DESC = 3502
MQCACH_XMIT_Q_NAME = 3505
MQCACH_CONNECTION_NAME = 3506
MQCACH_MCA_USER_ID = 3527
MQCACH_SSL_CIPHER_SPEC = 3544
MQCACH_SSL_PEER_NAME = 3545
MQCACH_SSL_CERT_ISSUER_NAME = 3550
MQCACH_CONNECTION_NAME_LIST = 3566
MQCACH_CLIENT_USER_ID = 3567
MQCACH_MCA_USER_ID_LIST = 3568

# [U] The PCF identifier of the CHLAUTH SSLCertIssuer parameter: the IBM page could not be read
# here. MQCA_SSL_CERT_ISSUER_NAME (2130) is used for writing: it was added to the MQCA_ range
# (object attributes, next to the other MQ 8.0 additions) when SSLCERTI came to SET CHLAUTH,
# whereas MQCACH_SSL_CERT_ISSUER_NAME (3550) is the channel-status SSLCERTI [C]; one third-party
# REST bridge sends 3550 for CHLAUTH [3P]. Records accept either on read; change this one
# constant if a queue manager answers MQRCCF_CFST_PARM_ID_ERROR (3015).
CHLAUTH_SSLCERTI_PARAMETER = MQCA_SSL_CERT_ISSUER_NAME

# --- Values ---------------------------------------------------------------------------------------
MQCHT_ALL = 5
MQCAUT_ALL = 0
MQSECTYPE_SSL = 2
MQCNO_CLIENT_BINDING = 0x00000800
MQCHT_CLNTCONN = 6
MQXPT_TCP = 2
MQSSL_FIPS_YES = 1
MQCC_OK, MQCC_WARNING, MQCC_FAILED = 0, 1, 2

CHANNEL_TYPE_CODES = {  # MQCHT_*
    "SDR": 1, "SVR": 2, "RCVR": 3, "RQSTR": 4, "CLNTCONN": 6, "SVRCONN": 7, "CLUSRCVR": 8,
    "CLUSSDR": 9, "MQTT": 10, "AMQP": 11,
}
TRANSPORT_TYPE_CODES = {"LU62": 1, "TCP": 2, "NETBIOS": 3, "SPX": 4}  # MQXPT_*
SSLCAUTH_CODES = {"REQUIRED": 0, "OPTIONAL": 1}  # MQSCA_*
SSLFIPS_CODES = {"NO": 0, "YES": 1}  # MQSSL_FIPS_*
ENABLED_CODES = {"DISABLED": 0, "ENABLED": 1}  # MQCHLA_* for CHLAUTH, MQEVR_* for SSLEV
REVDNS_CODES = {"ENABLED": 0, "DISABLED": 1}  # MQRDNS_*: note ENABLED is 0
CERTVPOL_CODES = {"ANY": 0, "RFC5280": 1}  # MQ_CERT_VAL_POLICY_*
SUITEB_CODES = {"NONE": 1, "128_BIT": 2, "192_BIT": 4}  # MQ_SUITE_B_*
CHLAUTH_TYPE_CODES = {  # MQCAUT_*
    "BLOCKUSER": 1, "BLOCKADDR": 2, "SSLPEERMAP": 3, "ADDRESSMAP": 4, "USERMAP": 5, "QMGRMAP": 6,
}
USERSRC_CODES = {"MAP": 0, "NOACCESS": 1, "CHANNEL": 2}  # MQUSRC_*
CHCKCLNT_CODES = {"REQDADM": 2, "REQUIRED": 3, "ASQMGR": 4}  # MQCHK_REQUIRED_ADMIN, _REQUIRED, _AS_Q_MGR
WARN_CODES = {"NO": 0, "YES": 1}  # MQWARN_*
ACTION_CODES = {"ADD": 5, "REPLACE": 6, "REMOVE": 7, "REMOVEALL": 8}  # MQACT_*

# --- Reason codes ---------------------------------------------------------------------------------
REASON_NAMES = {
    2009: "MQRC_CONNECTION_BROKEN", 2033: "MQRC_NO_MSG_AVAILABLE", 2035: "MQRC_NOT_AUTHORIZED",
    2042: "MQRC_OBJECT_IN_USE", 2058: "MQRC_Q_MGR_NAME_ERROR", 2059: "MQRC_Q_MGR_NOT_AVAILABLE",
    2085: "MQRC_UNKNOWN_OBJECT_NAME", 2100: "MQRC_OBJECT_ALREADY_EXISTS", 2322: "MQRC_CMD_SERVER_NOT_AVAILABLE",
    2381: "MQRC_KEY_REPOSITORY_ERROR", 2393: "MQRC_SSL_INITIALIZATION_ERROR", 2398: "MQRC_SSL_PEER_NAME_MISMATCH",
    2399: "MQRC_SSL_PEER_NAME_ERROR", 2401: "MQRC_SSL_CERTIFICATE_REVOKED", 2538: "MQRC_HOST_NOT_AVAILABLE",
    2540: "MQRC_UNKNOWN_CHANNEL_NAME", 2591: "MQRC_CIPHER_SPEC_NOT_SUITE_B",
    3008: "MQRCCF_COMMAND_FAILED", 3014: "MQRCCF_CFIN_PARM_ID_ERROR", 3015: "MQRCCF_CFST_PARM_ID_ERROR",
    3034: "MQRCCF_CHANNEL_TYPE_ERROR", 3035: "MQRCCF_PARM_SEQUENCE_ERROR", 3150: "MQRCCF_FILTER_ERROR",
    3200: "MQRCCF_NONE_FOUND", 3201: "MQRCCF_SECURITY_SWITCH_OFF", 3202: "MQRCCF_SECURITY_REFRESH_FAILED",
    3203: "MQRCCF_PARM_CONFLICT", 3229: "MQRCCF_PARM_VALUE_ERROR", 3326: "MQRCCF_CHLAUTH_TYPE_ERROR",
    3327: "MQRCCF_CHLAUTH_ACTION_ERROR", 3335: "MQRCCF_CHLAUTH_USERSRC_ERROR", 3336: "MQRCCF_WRONG_CHLAUTH_TYPE",
    3337: "MQRCCF_CHLAUTH_ALREADY_EXISTS", 3338: "MQRCCF_CHLAUTH_NOT_FOUND", 3357: "MQRCCF_CHLAUTH_DISABLED",
    3371: "MQRCCF_CERT_LABEL_NOT_ALLOWED", 4001: "MQRCCF_OBJECT_ALREADY_EXISTS", 4004: "MQRCCF_OBJECT_OPEN",
    4008: "MQRCCF_OBJECT_NAME_ERROR", 4031: "MQRCCF_CHANNEL_IN_USE", 4032: "MQRCCF_CHANNEL_NOT_FOUND",
    4042: "MQRCCF_CHANNEL_ALREADY_EXISTS", 4044: "MQRCCF_CHANNEL_NAME_ERROR", 4092: "MQRCCF_SSL_CIPHER_SPEC_ERROR",
    4093: "MQRCCF_SSL_PEER_NAME_ERROR", 4094: "MQRCCF_SSL_CLIENT_AUTH_ERROR",
}
# "No such object": MQRC_UNKNOWN_OBJECT_NAME is what IBM's own example expects when an inquiry
# matches nothing [C, ibmmq examples/dis_channels.py]; the REST transport reads the same code and
# MQRCCF_CHANNEL_NOT_FOUND as "not found". MQRCCF_CHLAUTH_NOT_FOUND and MQRCCF_NONE_FOUND are
# included by their names (values [C]); which code a given release returns for which command is [U].
NOT_FOUND_REASONS = frozenset((2085, 3200, 3338, 4032))


def reason_name(reason_code):
    """The MQRC_/MQRCCF_ name of `reason_code`, from REASON_NAMES or the loaded library's
    constants; None when unknown."""
    if reason_code is None:
        return None
    if reason_code in REASON_NAMES:
        return REASON_NAMES[reason_code]
    for module_name in ("CMQCFC", "CMQC"):
        module = getattr(PCF_LIBRARY, module_name, None)
        if module is None:
            continue
        for name, value in vars(module).items():
            if value == reason_code and name.startswith(("MQRC_", "MQRCCF_")):
                return name
    return None


class PcfError(AdminError):
    """A PCF command that failed, or a connection that could not be made: the collection's
    `AdminError` (what every transport raises), with MQ's codes.

    ``completion_code`` and ``reason_code`` are MQ's (None when the failure did not come from MQ),
    ``reason_name`` the MQRC_/MQRCCF_ name when known, ``command`` the MQCMD_ name, and
    ``not_found`` is True when the reason says the object does not exist (NOT_FOUND_REASONS).
    ``message`` (and ``str()``) carry the codes; ``details`` holds them for callers that report."""

    def __init__(self, message, completion_code=None, reason_code=None, command=None):
        self.completion_code = completion_code
        self.reason_code = reason_code
        self.reason_name = reason_name(reason_code)
        self.command = command
        if reason_code is not None:
            message += " (completion code %s, reason code %s%s)" % (
                completion_code, reason_code, ": " + self.reason_name if self.reason_name else "")
        super().__init__(message, not_found=reason_code in NOT_FOUND_REASONS,
                         details={"completion_code": completion_code, "reason_code": reason_code,
                                  "reason_name": self.reason_name, "command": command})

    @classmethod
    def from_mqi(cls, exc, command=None):
        """A PcfError for an exception carrying ``comp`` and ``reason`` (the libraries' MQMIError)."""
        comp = getattr(exc, "comp", None)
        reason = getattr(exc, "reason", None)
        return cls("%s failed" % (command or "the PCF command"), comp, reason, command)


# --- Value codecs ---------------------------------------------------------------------------------

def _decode(value, encoding):
    if isinstance(value, str):
        text = value
    else:
        raw = bytes(value)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    return text.rstrip(" \x00")


def _encode(value, encoding):
    return value.encode(encoding) if value else b" "


def _split(value):
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value]
    return [item.strip() for item in str(value).split(",")] if str(value).strip() else []


class StringCodec:
    """A character attribute: bytes (MQCFST) <-> str."""

    kind = "string"

    def read(self, value, encoding):
        """MQSC text of a PCF value."""
        return _decode(value, encoding)

    def write(self, value, encoding):
        """PCF value of an already validated MQSC value."""
        return _encode(value, encoding)


class IntegerCodec:
    """A numeric attribute: int (MQCFIN) <-> decimal string."""

    kind = "integer"

    def read(self, value, encoding):  # pylint: disable=unused-argument
        """MQSC text of a PCF value."""
        return str(int(value))

    def write(self, value, encoding):  # pylint: disable=unused-argument
        """PCF value of an already validated MQSC value (an int or a string of ASCII digits)."""
        return int(value)


class KeywordCodec:
    """A keyword attribute: int code (MQCFIN) <-> MQSC keyword, by `codes` {keyword: code}."""

    kind = "keyword"

    def __init__(self, codes):
        self.codes = dict(codes)
        self.names = {code: name for name, code in self.codes.items()}

    def read(self, value, encoding):  # pylint: disable=unused-argument
        """MQSC text of a PCF value (the decimal code when no keyword is known for it)."""
        return self.names.get(int(value), str(int(value)))

    def write(self, value, encoding):  # pylint: disable=unused-argument
        """PCF value of an already validated MQSC value."""
        return self.codes[str(value).strip().upper()]


class KeywordListCodec(KeywordCodec):
    """A list of keywords: list of int codes (MQCFIL) <-> comma-joined keywords."""

    kind = "keyword list"

    def read(self, value, encoding):
        """MQSC text of a PCF value."""
        items = value if isinstance(value, (list, tuple)) else [value]
        return ",".join(KeywordCodec.read(self, item, encoding) for item in items)

    def write(self, value, encoding):
        """PCF value of an already validated MQSC value."""
        return [KeywordCodec.write(self, item, encoding) for item in _split(value)]


class StringListCodec:
    """A list of strings: list of bytes (MQCFSL) <-> comma-joined text."""

    kind = "string list"

    def read(self, value, encoding):
        """MQSC text of a PCF value."""
        items = value if isinstance(value, (list, tuple)) else [value]
        return ",".join(text for text in (_decode(item, encoding) for item in items) if text)

    def write(self, value, encoding):
        """PCF value of an already validated MQSC value."""
        return [_encode(item, encoding) for item in _split(value)]


STRING = StringCodec()
INTEGER = IntegerCodec()

# One row of a table: the MQSC name, the PCF parameter id, the codec, whether a change may set it,
# and further parameter ids accepted on read.
Attribute = namedtuple("Attribute", "name parameter codec writable read_aliases")


def _row(name, parameter, codec=STRING, writable=True, read_aliases=()):
    return Attribute(name, parameter, codec, writable, tuple(read_aliases))


ATTRIBUTES = {
    "channel": (
        _row("CHANNEL", MQCACH_CHANNEL_NAME),
        _row("CHLTYPE", MQIACH_CHANNEL_TYPE, KeywordCodec(CHANNEL_TYPE_CODES)),
        _row("TRPTYPE", MQIACH_XMIT_PROTOCOL_TYPE, KeywordCodec(TRANSPORT_TYPE_CODES)),
        _row("DESCR", MQCACH_DESC),
        _row("SSLCIPH", MQCACH_SSL_CIPHER_SPEC),
        _row("SSLCAUTH", MQIACH_SSL_CLIENT_AUTH, KeywordCodec(SSLCAUTH_CODES)),
        _row("SSLPEER", MQCACH_SSL_PEER_NAME),
        _row("CERTLABL", MQCA_CERT_LABEL),
        _row("CONNAME", MQCACH_CONNECTION_NAME),
        _row("QMNAME", MQCA_Q_MGR_NAME),  # CLNTCONN QMgrName; the identifier is [U]
        _row("XMITQ", MQCACH_XMIT_Q_NAME),
        _row("MCAUSER", MQCACH_MCA_USER_ID),
        _row("HBINT", MQIACH_HB_INTERVAL, INTEGER),
        _row("MAXMSGL", MQIACH_MAX_MSG_LENGTH, INTEGER),
        _row("SHARECNV", MQIACH_SHARING_CONVERSATIONS, INTEGER),
        _row("ALTDATE", MQCA_ALTERATION_DATE, writable=False),
        _row("ALTTIME", MQCA_ALTERATION_TIME, writable=False),
    ),
    "qmgr": (
        _row("QMNAME", MQCA_Q_MGR_NAME, writable=False),
        _row("DESCR", MQCA_Q_MGR_DESC),
        _row("SSLKEYR", MQCA_SSL_KEY_REPOSITORY),
        _row("CERTLABL", MQCA_CERT_LABEL),
        _row("SSLFIPS", MQIA_SSL_FIPS_REQUIRED, KeywordCodec(SSLFIPS_CODES)),
        _row("SSLRKEYC", MQIA_SSL_RESET_COUNT, INTEGER),
        _row("SSLEV", MQIA_SSL_EVENT, KeywordCodec(ENABLED_CODES)),
        _row("SSLCRLNL", MQCA_SSL_CRL_NAMELIST),
        _row("SUITEB", MQIA_SUITE_B_STRENGTH, KeywordListCodec(SUITEB_CODES)),
        _row("CERTVPOL", MQIA_CERT_VAL_POLICY, KeywordCodec(CERTVPOL_CODES)),
        _row("CHLAUTH", MQIA_CHLAUTH_RECORDS, KeywordCodec(ENABLED_CODES)),
        _row("CONNAUTH", MQCA_CONN_AUTH),
        _row("REVDNS", MQIA_REVERSE_DNS_LOOKUP, KeywordCodec(REVDNS_CODES)),
        _row("ALTDATE", MQCA_ALTERATION_DATE, writable=False),
        _row("ALTTIME", MQCA_ALTERATION_TIME, writable=False),
    ),
    "chlauth": (
        _row("CHLAUTH", MQCACH_CHANNEL_NAME),
        _row("TYPE", MQIACF_CHLAUTH_TYPE, KeywordCodec(CHLAUTH_TYPE_CODES)),
        _row("DESCR", MQCA_CHLAUTH_DESC),
        _row("CUSTOM", MQCA_CUSTOM),
        _row("ADDRESS", MQCACH_CONNECTION_NAME),
        _row("ADDRLIST", MQCACH_CONNECTION_NAME_LIST, StringListCodec()),
        _row("USERLIST", MQCACH_MCA_USER_ID_LIST, StringListCodec()),
        _row("CLNTUSER", MQCACH_CLIENT_USER_ID),
        _row("QMNAME", MQCA_REMOTE_Q_MGR_NAME),
        _row("SSLPEER", MQCACH_SSL_PEER_NAME),
        _row("SSLCERTI", CHLAUTH_SSLCERTI_PARAMETER,
             read_aliases=(MQCACH_SSL_CERT_ISSUER_NAME, MQCA_SSL_CERT_ISSUER_NAME)),
        _row("USERSRC", MQIACH_USER_SOURCE, KeywordCodec(USERSRC_CODES)),
        _row("CHCKCLNT", MQIA_CHECK_CLIENT_BINDING, KeywordCodec(CHCKCLNT_CODES)),
        _row("MCAUSER", MQCACH_MCA_USER_ID),
        _row("WARN", MQIACH_WARNING, KeywordCodec(WARN_CODES)),
        _row("ALTDATE", MQCA_ALTERATION_DATE, writable=False),
        _row("ALTTIME", MQCA_ALTERATION_TIME, writable=False),
    ),
}
OBJECT_KINDS = tuple(ATTRIBUTES)
# The attribute that names the object, and the one that gives its type, per kind.
KEY_ATTRIBUTES = {"channel": ("CHANNEL", "CHLTYPE"), "qmgr": ("QMNAME",), "chlauth": ("CHLAUTH", "TYPE")}


def attribute_table(obj_kind):
    """The table rows (Attribute tuples) of `obj_kind`: ``channel``, ``qmgr`` or ``chlauth``."""
    try:
        return ATTRIBUTES[obj_kind]
    except KeyError:
        raise mqsc.MqscError("unknown object kind %r; PCF records here are %s" % (obj_kind, ", ".join(OBJECT_KINDS))) from None


def _by_name(obj_kind):
    return {row.name: row for row in attribute_table(obj_kind)}


def record_from_pcf(obj_kind, pcf_dict, encoding="utf-8"):
    """The canonical MQSC-shaped record of one PCF response dict ``{param_id: value}``: upper-case
    MQSC names in table order, string values, keywords for keyword codes. Parameters without a
    table entry are left out."""
    record = {}
    for row in attribute_table(obj_kind):
        for parameter in (row.parameter,) + row.read_aliases:
            if parameter in pcf_dict:
                record[row.name] = row.codec.read(pcf_dict[parameter], encoding)
                break
    return record


def _validate(obj_kind, name, value):
    """Refuse what MQSC would refuse, by `mqsc`'s rules, so that every transport takes the same input."""
    if value is True or value is None or value is False:
        raise mqsc.MqscError("%s needs a value, not %r" % (name, value))
    if obj_kind == "channel" and name == "CHANNEL":
        return mqsc.validate_name(value, "channel")
    if obj_kind == "channel" and name == "CHLTYPE":
        return mqsc.channel_type(value)
    if obj_kind == "chlauth" and name == "CHLAUTH":
        return mqsc.validate_chlauth_profile(value)
    if obj_kind == "chlauth" and name == "TYPE":
        return mqsc.chlauth_type(value)
    codec = _by_name(obj_kind)[name].codec
    if codec.kind in ("keyword list", "string list"):
        items = _split(value)
        if not items or not all(items):
            raise mqsc.MqscError("%s was given no values, or an empty one: %r" % (name, value))
        mqsc.attribute(name, items)
        return items
    if codec.kind == "string" and not isinstance(value, str):
        raise mqsc.MqscError("%s takes a string, not %r" % (name, value))
    mqsc.attribute(name, value)
    return value


def pcf_from_attributes(obj_kind, attrs, encoding="utf-8"):
    """``{param_id: value}`` for MQSC attributes of `obj_kind` (a dict or (name, value) pairs), in
    the order given. Values are checked as `mqsc.attribute` checks them; unknown, read-only and
    repeated names raise `mqsc.MqscError`."""
    rows = _by_name(obj_kind)
    out = {}
    seen = set()
    items = attrs.items() if isinstance(attrs, dict) else (attrs or ())
    for key, value in items:
        name = mqsc.keyword(key)
        if name not in rows:
            raise mqsc.MqscError("%s is not a %s attribute this PCF transport maps (it maps %s)"
                                 % (name, obj_kind, ", ".join(sorted(r for r in rows if rows[r].writable))))
        if not rows[name].writable:
            raise mqsc.MqscError("%s is read-only" % name)
        if name in seen:
            raise mqsc.MqscError("%s is given twice" % name)
        seen.add(name)
        out[rows[name].parameter] = rows[name].codec.write(_validate(obj_kind, name, value), encoding)
    return out


# --- The transport ----------------------------------------------------------------------------------

class PcfTransport:
    """Channel, queue manager and CHLAUTH administration over PCF, with the same methods as the
    REST and runmqsc transports (``round_trips`` counts commands sent, ``sent`` names them).

    `execute(command_name, params)` runs one PCF command (``"MQCMD_INQUIRE_CHANNEL"``, ``{param_id:
    value}``) and returns the response dicts; it raises `PcfError` when MQ reports a failure (see
    `make_execute` for the real one). Display methods return canonical records; a display that
    matches nothing returns ``[]`` unless ``missing_ok=False``. Changes return the records of any
    responses (normally ``[]``) and raise `PcfError` on failure; ``error.not_found`` tells a missing
    object from other failures. Input is validated by `mqsc`'s rules before anything is sent."""

    name = "pcf"

    def __init__(self, execute, encoding="utf-8", close=None):
        self._execute = execute
        self.encoding = encoding
        self._close = close
        self.round_trips = 0
        self.sent = []

    def close(self):
        """Disconnect (when this transport was made by `connect`)."""
        if self._close is not None:
            self._close()
            self._close = None

    def _run(self, command, params):
        self.round_trips += 1
        self.sent.append(command)
        try:
            responses = self._execute(command, params)
        except PcfError as exc:
            if exc.command is None:
                exc.command = exc.details["command"] = command
            raise
        out = []
        for response in responses or ():
            if isinstance(response, tuple) and response:  # ibmmq's "responses=" form: (dict, MQCFH)
                response = response[0]
            if not isinstance(response, dict):
                raise PcfError("%s returned %r where a PCF response dict was expected" % (command, response), command=command)
            out.append(response)
        return out

    def _records(self, obj_kind, responses):
        return [record for record in (record_from_pcf(obj_kind, r, self.encoding) for r in responses) if record]

    def _display(self, obj_kind, command, params, missing_ok):
        try:
            responses = self._run(command, params)
        except PcfError as exc:
            if missing_ok and exc.not_found:
                return []
            raise
        return self._records(obj_kind, responses)

    def _name(self, value):
        return value.encode(self.encoding)

    def _changes(self, obj_kind, attrs, reserved, chltype=None, need_one=False):
        items = list(attrs.items()) if isinstance(attrs, dict) else [tuple(pair) for pair in attrs or ()]
        names = [mqsc.keyword(pair[0]) for pair in items]
        for name in names:
            if name in reserved:
                raise mqsc.MqscError("%s is set by the command itself; do not pass it as an attribute" % name)
            allowed = mqsc.ATTRIBUTE_CHANNEL_TYPES.get(name)
            if chltype and allowed and chltype not in allowed:
                raise mqsc.MqscError("%s is not an attribute of %s channels (only %s)" % (name, chltype, ", ".join(allowed)))
        if need_one and not names:
            raise mqsc.MqscError("the change needs at least one attribute")
        return pcf_from_attributes(obj_kind, items, self.encoding)

    def display_channels(self, pattern="*", chltype=None, missing_ok=True):
        """Every channel matching `pattern` (a name, or generic with a trailing ``*``), of one
        `chltype` or all, in one inquiry: ``[{"CHANNEL": ..., "CHLTYPE": ..., ...}]``."""
        params = {MQCACH_CHANNEL_NAME: self._name(mqsc.validate_name(pattern, "channel", generic=True))}
        if chltype:
            kind = mqsc.channel_type(chltype, allow_all=True)
            params[MQIACH_CHANNEL_TYPE] = MQCHT_ALL if kind == "ALL" else CHANNEL_TYPE_CODES[kind]
        params[MQIACF_CHANNEL_ATTRS] = [MQIACF_ALL]
        return self._display("channel", "MQCMD_INQUIRE_CHANNEL", params, missing_ok)

    def display_qmgr(self):
        """The queue manager's record ``{"QMNAME": ..., "SSLFIPS": ..., ...}`` (one dict)."""
        records = self._records("qmgr", self._run("MQCMD_INQUIRE_Q_MGR", {MQIACF_Q_MGR_ATTRS: [MQIACF_ALL]}))
        if not records:
            raise PcfError("MQCMD_INQUIRE_Q_MGR returned no queue manager attributes", command="MQCMD_INQUIRE_Q_MGR")
        return records[0]

    def display_chlauth(self, profile="*", rule_type=None, missing_ok=True):
        """The CHLAUTH records for `profile` (``*`` may stand anywhere), of one `rule_type` or all:
        ``[{"CHLAUTH": ..., "TYPE": ..., ...}]``."""
        params = {MQCACH_CHANNEL_NAME: self._name(mqsc.validate_chlauth_profile(profile))}
        if rule_type:
            kind = mqsc.chlauth_type(rule_type, allow_all=True)
            params[MQIACF_CHLAUTH_TYPE] = MQCAUT_ALL if kind == "ALL" else CHLAUTH_TYPE_CODES[kind]
        params[MQIACF_CHLAUTH_ATTRS] = [MQIACF_ALL]
        return self._display("chlauth", "MQCMD_INQUIRE_CHLAUTH_RECS", params, missing_ok)

    def _channel_command(self, command, name, chltype, attrs, need_one):
        chltype = mqsc.channel_type(chltype)
        params = {MQCACH_CHANNEL_NAME: self._name(mqsc.validate_name(name, "channel")),
                  MQIACH_CHANNEL_TYPE: CHANNEL_TYPE_CODES[chltype]}
        params.update(self._changes("channel", attrs, ("CHANNEL", "CHLTYPE"), chltype, need_one))
        return self._records("channel", self._run(command, params))

    def define_channel(self, name, chltype, attrs=None):
        """Create Channel (DEFINE CHANNEL without REPLACE: an existing channel is an error)."""
        return self._channel_command("MQCMD_CREATE_CHANNEL", name, chltype, attrs, False)

    def alter_channel(self, name, chltype, attrs):
        """Change Channel: only the attributes given change."""
        return self._channel_command("MQCMD_CHANGE_CHANNEL", name, chltype, attrs, True)

    def delete_channel(self, name):
        """Delete Channel."""
        params = {MQCACH_CHANNEL_NAME: self._name(mqsc.validate_name(name, "channel"))}
        return self._records("channel", self._run("MQCMD_DELETE_CHANNEL", params))

    def alter_qmgr(self, attrs):
        """Change Queue Manager: only the attributes given change."""
        params = self._changes("qmgr", attrs, ("QMGR", "QMNAME"), need_one=True)
        return self._records("qmgr", self._run("MQCMD_CHANGE_Q_MGR", params))

    def set_chlauth(self, profile, rule_type, attrs, action=None):
        """Set Channel Authentication Record: profile, then TYPE (IBM requires this order), the
        attributes, then ACTION when given (MQ's default is ADD)."""
        rule_type = mqsc.chlauth_type(rule_type)
        params = {MQCACH_CHANNEL_NAME: self._name(mqsc.validate_chlauth_profile(profile, rule_type)),
                  MQIACF_CHLAUTH_TYPE: CHLAUTH_TYPE_CODES[rule_type]}
        params.update(self._changes("chlauth", attrs, ("CHLAUTH", "TYPE", "ACTION")))
        if action is not None:
            mqsc.attribute("ACTION", action)
            params[MQIACF_ACTION] = ACTION_CODES[str(action).strip().upper()]
        return self._records("chlauth", self._run("MQCMD_SET_CHLAUTH_REC", params))

    def refresh_security_ssl(self):
        """REFRESH SECURITY TYPE(SSL). IBM: this stops running TLS SVRCONN channels, so run it only
        after a change."""
        return self._records("qmgr", self._run("MQCMD_REFRESH_SECURITY", {MQIACF_SECURITY_TYPE: MQSECTYPE_SSL}))


def make_execute(pcf, error_types):
    """An `execute` for PcfTransport over a library ``PCFExecute`` object: calls
    ``pcf.<command>(params)`` and turns the library's exceptions in `error_types` (its
    ``MQMIError``) into PcfError with the completion and reason codes."""
    def execute(command, params):
        try:
            return getattr(pcf, command)(params)
        except error_types as exc:
            raise PcfError.from_mqi(exc, command) from exc
    return execute


def _set_bytes(structure, field, value):
    if value:
        setattr(structure, field, value.encode("utf-8"))


def connect(qmgr, channel, conname, user=None, password=None, *, cipher_spec=None, key_repository=None,
            certificate_label=None, fips_required=False, response_wait_interval=5000, encoding="utf-8", library=None):
    """A PcfTransport over a client connection made with ibmmq or pymqi (`library`, default the one
    imported): MQCD for `channel` at `conname` (``host(port)``) with `cipher_spec`, MQSCO with
    `key_repository` (the stem, without ``.kdb``), `certificate_label` and `fips_required`, and
    `user`/`password` for connection authentication. Call ``close()`` on the result when done.

    Not exercised against a queue manager here (no IBM MQ client on the build machines); the calls
    follow both packages' source [C]. [U]: whether the library's MQSCO structure has
    CertificateLabel on every MQ client version (it is only set when given)."""
    lib = library if library is not None else PCF_LIBRARY
    if lib is None:
        raise PcfError("the PCF transport needs the Python package ibmmq or pymqi and the IBM MQ client: %s"
                       % (PCF_IMPORT_ERROR or "neither could be imported").strip().splitlines()[-1])
    errors = (lib.MQMIError,)
    cd = lib.CD()
    _set_bytes(cd, "ChannelName", channel)
    _set_bytes(cd, "ConnectionName", conname)
    cd.ChannelType = MQCHT_CLNTCONN
    cd.TransportType = MQXPT_TCP
    _set_bytes(cd, "SSLCipherSpec", cipher_spec)
    sco = lib.SCO()
    _set_bytes(sco, "KeyRepository", key_repository)
    _set_bytes(sco, "CertificateLabel", certificate_label)
    if fips_required:
        sco.FipsRequired = MQSSL_FIPS_YES
    options = {"cd": cd, "sco": sco, "opts": MQCNO_CLIENT_BINDING}
    if user:
        options.update(user=user, password=password or "")
    manager = lib.QueueManager(None)
    try:
        manager.connect_with_options(qmgr.encode("utf-8"), **options)
    except errors as exc:
        raise PcfError.from_mqi(exc, "MQCONNX to %s at %s over %s" % (qmgr, conname, channel)) from exc
    try:
        pcf = lib.PCFExecute(manager, response_wait_interval=response_wait_interval)
    except errors as exc:
        manager.disconnect()
        raise PcfError.from_mqi(exc, "opening the PCF reply queue") from exc

    def close():
        for step in (pcf.disconnect, manager.disconnect):
            try:
                step()
            except errors:
                pass

    return PcfTransport(make_execute(pcf, errors), encoding=encoding, close=close)
