# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PCF transport without IBM MQ: the attribute mapping both ways for every row of the tables,
checked against IBM's constant values written out here (not read from the code under test), the
transport methods against a fake PCFExecute that answers the way ibmmq/pymqi do (int keys, bytes
values padded with blanks, MQMIError with comp/reason), round trips, and the no-library path."""
from __future__ import annotations

import re
import sys
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import pcf
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.mqsc import MqscError
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.pcf import PcfError, PcfTransport

# IBM's values (CMQC/CMQCFC/CMQXC of ibmmq 2.1.0 and pymqi 1.12.11, which agree).
COMMANDS = {
    "MQCMD_CHANGE_Q_MGR": 1, "MQCMD_INQUIRE_Q_MGR": 2, "MQCMD_CHANGE_CHANNEL": 21, "MQCMD_CREATE_CHANNEL": 23,
    "MQCMD_DELETE_CHANNEL": 24, "MQCMD_INQUIRE_CHANNEL": 25, "MQCMD_REFRESH_SECURITY": 78,
    "MQCMD_SET_CHLAUTH_REC": 203, "MQCMD_INQUIRE_CHLAUTH_RECS": 204,
}
CHANNEL_NAME, CHANNEL_TYPE, CHANNEL_ATTRS, ALL = 3501, 1511, 1015, 1009
CHLAUTH_TYPE, CHLAUTH_ATTRS, ACTION, QMGR_ATTRS, SECURITY_TYPE = 1352, 1355, 1086, 1001, 1106

# (kind, MQSC name, MQSC value, PCF parameter id, PCF value as sent). Every row of every table
# appears at least once (checked below); keyword attributes appear with every keyword.
MAPPING = [
    ("channel", "CHANNEL", "APP1.SVRCONN", 3501, b"APP1.SVRCONN"),
    *[("channel", "CHLTYPE", k, 1511, v) for k, v in (("SDR", 1), ("SVR", 2), ("RCVR", 3), ("RQSTR", 4), ("CLNTCONN", 6),
                                                      ("SVRCONN", 7), ("CLUSRCVR", 8), ("CLUSSDR", 9), ("MQTT", 10),
                                                      ("AMQP", 11))],
    *[("channel", "TRPTYPE", k, 1501, v) for k, v in (("LU62", 1), ("TCP", 2), ("NETBIOS", 3), ("SPX", 4))],
    ("channel", "DESCR", "Payments app: it's \"TLS\" (1.3)", 3502, b"Payments app: it's \"TLS\" (1.3)"),
    ("channel", "SSLCIPH", "TLS_AES_256_GCM_SHA384", 3544, b"TLS_AES_256_GCM_SHA384"),
    ("channel", "SSLCAUTH", "REQUIRED", 1568, 0),
    ("channel", "SSLCAUTH", "OPTIONAL", 1568, 1),
    ("channel", "SSLPEER", "CN=app1,OU=Payments,O=Example Corp,C=US", 3545, b"CN=app1,OU=Payments,O=Example Corp,C=US"),
    ("channel", "CERTLABL", "ibmwebspheremqapp1", 2121, b"ibmwebspheremqapp1"),
    ("channel", "CONNAME", "mq1.example.com(1414),mq2.example.com(1414)", 3506, b"mq1.example.com(1414),mq2.example.com(1414)"),
    ("channel", "QMNAME", "QM1", 2015, b"QM1"),
    ("channel", "XMITQ", "QM2.XMITQ", 3505, b"QM2.XMITQ"),
    ("channel", "MCAUSER", "appuser", 3527, b"appuser"),
    ("channel", "HBINT", "300", 1563, 300),
    ("channel", "MAXMSGL", "4194304", 1510, 4194304),
    ("channel", "SHARECNV", "10", 1615, 10),
    ("channel", "ALTDATE", "2025-04-22", 2027, b"2025-04-22"),
    ("channel", "ALTTIME", "03.01.08", 2028, b"03.01.08"),
    ("qmgr", "QMNAME", "QM1", 2015, b"QM1"),
    ("qmgr", "DESCR", "Payments hub", 2014, b"Payments hub"),
    ("qmgr", "SSLKEYR", "/var/mqm/qmgrs/QM1/ssl/key", 2049, b"/var/mqm/qmgrs/QM1/ssl/key"),
    ("qmgr", "CERTLABL", "ibmwebspheremqqm1", 2121, b"ibmwebspheremqqm1"),
    ("qmgr", "SSLFIPS", "NO", 92, 0),
    ("qmgr", "SSLFIPS", "YES", 92, 1),
    ("qmgr", "SSLRKEYC", "0", 76, 0),
    ("qmgr", "SSLEV", "DISABLED", 75, 0),
    ("qmgr", "SSLEV", "ENABLED", 75, 1),
    ("qmgr", "SSLCRLNL", "DOD.CRL.NAMELIST", 2050, b"DOD.CRL.NAMELIST"),
    ("qmgr", "SUITEB", "NONE", 247, [1]),
    ("qmgr", "SUITEB", "128_BIT", 247, [2]),
    ("qmgr", "SUITEB", "128_BIT,192_BIT", 247, [2, 4]),
    ("qmgr", "CERTVPOL", "ANY", 252, 0),
    ("qmgr", "CERTVPOL", "RFC5280", 252, 1),
    ("qmgr", "CHLAUTH", "DISABLED", 248, 0),
    ("qmgr", "CHLAUTH", "ENABLED", 248, 1),
    ("qmgr", "CONNAUTH", "DEV.AUTHINFO", 2125, b"DEV.AUTHINFO"),
    ("qmgr", "REVDNS", "ENABLED", 254, 0),
    ("qmgr", "REVDNS", "DISABLED", 254, 1),
    ("qmgr", "ALTDATE", "2025-05-06", 2027, b"2025-05-06"),
    ("qmgr", "ALTTIME", "00.06.10", 2028, b"00.06.10"),
    ("chlauth", "CHLAUTH", "APP*.SVRCONN", 3501, b"APP*.SVRCONN"),
    *[("chlauth", "TYPE", k, 1352, v) for k, v in (("BLOCKUSER", 1), ("BLOCKADDR", 2), ("SSLPEERMAP", 3), ("ADDRESSMAP", 4),
                                                   ("USERMAP", 5), ("QMGRMAP", 6))],
    ("chlauth", "DESCR", "Back-stop rule - Blocks everyone", 2118, b"Back-stop rule - Blocks everyone"),
    ("chlauth", "CUSTOM", "", 2119, b" "),
    ("chlauth", "ADDRESS", "10.20.*", 3506, b"10.20.*"),
    ("chlauth", "ADDRLIST", "10.0.0.*,192.168.1.1", 3566, [b"10.0.0.*", b"192.168.1.1"]),
    ("chlauth", "USERLIST", "*MQADMIN", 3568, [b"*MQADMIN"]),
    ("chlauth", "CLNTUSER", "admin", 3567, b"admin"),
    ("chlauth", "QMNAME", "QM2*", 2017, b"QM2*"),
    ("chlauth", "SSLPEER", "CN=app1,O=Example Corp,C=US", 3545, b"CN=app1,O=Example Corp,C=US"),
    ("chlauth", "SSLCERTI", "CN=DOD ID CA-59,OU=PKI,OU=DoD,O=U.S. Government,C=US", pcf.CHLAUTH_SSLCERTI_PARAMETER,
     b"CN=DOD ID CA-59,OU=PKI,OU=DoD,O=U.S. Government,C=US"),
    *[("chlauth", "USERSRC", k, 1638, v) for k, v in (("MAP", 0), ("NOACCESS", 1), ("CHANNEL", 2))],
    *[("chlauth", "CHCKCLNT", k, 258, v) for k, v in (("REQDADM", 2), ("REQUIRED", 3), ("ASQMGR", 4))],
    ("chlauth", "MCAUSER", "app1", 3527, b"app1"),
    ("chlauth", "WARN", "NO", 1639, 0),
    ("chlauth", "WARN", "YES", 1639, 1),
    ("chlauth", "ALTDATE", "2025-04-22", 2027, b"2025-04-22"),
    ("chlauth", "ALTTIME", "03.01.08", 2028, b"03.01.08"),
]
READ_ONLY = {("channel", "ALTDATE"), ("channel", "ALTTIME"), ("qmgr", "QMNAME"), ("qmgr", "ALTDATE"), ("qmgr", "ALTTIME"),
             ("chlauth", "ALTDATE"), ("chlauth", "ALTTIME")}


def padded(value, width=48):
    """A PCF value the way a queue manager answers: strings blank-padded to the attribute width."""
    if isinstance(value, bytes):
        return value.ljust(max(width, len(value)), b" ")
    if isinstance(value, list):
        return [padded(item, 12) if isinstance(item, bytes) else item for item in value]
    return value


def mapping_id(row):
    return "%s-%s-%s" % (row[0], row[1], row[2] or "empty")


# --- the table ------------------------------------------------------------------------------------

def test_mapping_covers_every_row_of_every_table():
    covered = {(row[0], row[1]) for row in MAPPING}
    assert covered == {(kind, row.name) for kind in pcf.OBJECT_KINDS for row in pcf.attribute_table(kind)}
    assert {(kind, row.name) for kind in pcf.OBJECT_KINDS for row in pcf.attribute_table(kind) if not row.writable} == READ_ONLY


@pytest.mark.parametrize("row", MAPPING, ids=mapping_id)
def test_pcf_to_record(row):
    kind, name, value, parameter, pcf_value = row
    assert pcf.record_from_pcf(kind, {parameter: padded(pcf_value)}) == {name: value}
    assert pcf.record_from_pcf(kind, {parameter: pcf_value}) == {name: value}


@pytest.mark.parametrize("row", [r for r in MAPPING if (r[0], r[1]) not in READ_ONLY], ids=mapping_id)
def test_attributes_to_pcf(row):
    kind, name, value, parameter, pcf_value = row
    assert pcf.pcf_from_attributes(kind, {name: value}) == {parameter: pcf_value}
    keyword = {row.name: row for row in pcf.attribute_table(kind)}[name].codec.kind.startswith("keyword")
    assert pcf.pcf_from_attributes(kind, {name.lower(): value.lower() if keyword else value}) == {parameter: pcf_value}


@pytest.mark.parametrize("kind,name", sorted(READ_ONLY))
def test_read_only_attributes_are_refused(kind, name):
    with pytest.raises(MqscError, match="read-only"):
        pcf.pcf_from_attributes(kind, {name: "x"})


def test_keyword_tables_agree_with_the_mqsc_builder():
    """Every keyword the PCF codecs know is one `mqsc` accepts, and the other way round, so a value
    passes validation exactly when it can be encoded."""
    for kind in pcf.OBJECT_KINDS:
        for row in pcf.attribute_table(kind):
            if row.codec.kind in ("keyword", "keyword list") and row.name in mqsc.KEYWORD_VALUES:
                assert set(row.codec.codes) == set(mqsc.KEYWORD_VALUES[row.name]), (kind, row.name)
    assert set(pcf.CHANNEL_TYPE_CODES) == set(mqsc.CHANNEL_TYPES)
    assert set(pcf.CHLAUTH_TYPE_CODES) == set(mqsc.CHLAUTH_TYPES)
    assert set(pcf.ACTION_CODES) == set(mqsc.KEYWORD_VALUES["ACTION"])


def test_constants_are_ibms():
    for name, value in COMMANDS.items():
        assert getattr(pcf, name) == value
    assert (pcf.MQIACF_SECURITY_TYPE, pcf.MQSECTYPE_SSL, pcf.MQCNO_CLIENT_BINDING) == (1106, 2, 0x800)
    assert (pcf.MQCHT_ALL, pcf.MQCAUT_ALL, pcf.MQIACF_ALL) == (5, 0, 1009)
    assert pcf.ACTION_CODES == {"ADD": 5, "REPLACE": 6, "REMOVE": 7, "REMOVEALL": 8}
    assert pcf.REASON_NAMES[2085] == "MQRC_UNKNOWN_OBJECT_NAME" and pcf.REASON_NAMES[4032] == "MQRCCF_CHANNEL_NOT_FOUND"
    assert pcf.REASON_NAMES[3338] == "MQRCCF_CHLAUTH_NOT_FOUND" and pcf.REASON_NAMES[3200] == "MQRCCF_NONE_FOUND"


# --- reading --------------------------------------------------------------------------------------

def test_record_is_in_table_order_and_drops_unknown_parameters():
    response = {3544: padded(b"ANY_TLS12_OR_HIGHER", 32), 1568: 1, 9999: b"?", 1511: 7, 3501: padded(b"DEV.SSL.SVRCONN", 20),
                3545: b" " * 1024, 2121: b"\x00\x00\x00", 1600: 42}
    record = pcf.record_from_pcf("channel", response)
    assert list(record) == ["CHANNEL", "CHLTYPE", "SSLCIPH", "SSLCAUTH", "SSLPEER", "CERTLABL"]
    assert record == {"CHANNEL": "DEV.SSL.SVRCONN", "CHLTYPE": "SVRCONN", "SSLCIPH": "ANY_TLS12_OR_HIGHER",
                      "SSLCAUTH": "OPTIONAL", "SSLPEER": "", "CERTLABL": ""}


def test_unknown_codes_encodings_and_str_values():
    assert pcf.record_from_pcf("channel", {1568: 7, 1511: 12}) == {"SSLCAUTH": "7", "CHLTYPE": "12"}
    assert pcf.record_from_pcf("qmgr", {247: [1, 8]}) == {"SUITEB": "NONE,8"}
    assert pcf.record_from_pcf("qmgr", {247: 2}) == {"SUITEB": "128_BIT"}
    assert pcf.record_from_pcf("channel", {3545: "CN=caf\u00e9   ".encode("utf-8")}) == {"SSLPEER": "CN=caf\u00e9"}
    assert pcf.record_from_pcf("channel", {3545: "CN=caf\u00e9".encode("latin-1") + b"  "}) == {"SSLPEER": "CN=caf\u00e9"}
    assert pcf.record_from_pcf("channel", {3545: b"CN=x", 3502: "already text  "}) == {"SSLPEER": "CN=x", "DESCR": "already text"}
    assert pcf.record_from_pcf("channel", {3545: b"CN=x"}, encoding="latin-1") == {"SSLPEER": "CN=x"}
    assert pcf.record_from_pcf("chlauth", {3568: b"nobody  "}) == {"USERLIST": "nobody"}
    assert pcf.record_from_pcf("chlauth", {3568: [b"a   ", b"    ", b"b"]}) == {"USERLIST": "a,b"}


@pytest.mark.parametrize("parameter", [2130, 3550])
def test_chlauth_issuer_is_read_from_either_identifier(parameter):
    assert pcf.record_from_pcf("chlauth", {parameter: padded(b"CN=Issuing CA", 1024)}) == {"SSLCERTI": "CN=Issuing CA"}


def test_unknown_kind():
    with pytest.raises(MqscError, match="unknown object kind"):
        pcf.record_from_pcf("queue", {})
    with pytest.raises(MqscError, match="unknown object kind"):
        pcf.pcf_from_attributes("queue", {})


# --- writing --------------------------------------------------------------------------------------

def test_changes_keep_the_given_order_and_accept_pairs():
    got = pcf.pcf_from_attributes("channel", [("sslcauth", "required"), ("SSLCIPH", "TLS_AES_128_GCM_SHA256"), ("HBINT", 60)])
    assert list(got.items()) == [(1568, 0), (3544, b"TLS_AES_128_GCM_SHA256"), (1563, 60)]
    assert pcf.pcf_from_attributes("qmgr", {"SUITEB": ["128_bit", "192_BIT"]}) == {247: [2, 4]}
    assert pcf.pcf_from_attributes("chlauth", {"USERLIST": ["nobody", "*MQADMIN"]}) == {3568: [b"nobody", b"*MQADMIN"]}
    assert pcf.pcf_from_attributes("channel", {"SSLPEER": ""}) == {3545: b" "}
    assert pcf.pcf_from_attributes("channel", {"DESCR": "caf\u00e9"}, encoding="latin-1") == {3502: b"caf\xe9"}
    assert pcf.pcf_from_attributes("channel", None) == {}


@pytest.mark.parametrize("kind,attrs,message", [
    ("channel", {"SSLCAUTH": "MAYBE"}, "SSLCAUTH takes one of"),
    ("channel", {"SSLCAUTH": 0}, "SSLCAUTH takes one of"),
    ("channel", {"SSLCIPH": "X" * 33}, "at most 32"),
    ("channel", {"SSLCIPH": "TLS_AES) SSLCAUTH(OPTIONAL"}, "not a CipherSpec"),
    ("channel", {"DESCR": "two\nlines"}, "control character"),
    ("channel", {"DESCR": ["a", "b"]}, "takes a string"),
    ("channel", {"DESCR": 5}, "takes a string"),
    ("channel", {"SSLPEER": True}, "needs a value"),
    ("channel", {"SSLPEER": None}, "needs a value"),
    ("channel", {"HBINT": "-1"}, "takes a number"),
    ("channel", {"HBINT": "\u0663"}, "takes a number"),
    ("channel", {"CHANNEL": "BAD NAME"}, "IBM MQ names may hold only"),
    ("channel", {"CHANNEL": "A" * 21}, "at most 20"),
    ("channel", {"CHLTYPE": "FAST"}, "CHLTYPE"),
    ("channel", {"KAINT": "AUTO"}, "is not a channel attribute this PCF transport maps"),
    ("channel", [("SSLCIPH", "ANY"), ("sslciph", "ANY")], "given twice"),
    ("channel", {"1BAD": "x"}, "not an MQSC keyword"),
    ("channel", {"XMITQ": "Q 1"}, "not an IBM MQ object name"),
    ("qmgr", {"SUITEB": ""}, "no values"),
    ("qmgr", {"SUITEB": []}, "no values"),
    ("chlauth", {"USERLIST": "a,,b"}, "an empty one"),
    ("qmgr", {"SUITEB": "128_BIT,256_BIT"}, "SUITEB takes one of"),
    ("qmgr", {"SSLFIPS": "TRUE"}, "SSLFIPS takes one of"),
    ("chlauth", {"CHLAUTH": "A B"}, "may hold only"),
    ("chlauth", {"TYPE": "ALL"}, "TYPE"),
    ("chlauth", {"MCAUSER": "x" * 65}, "at most 64"),
])
def test_invalid_changes_are_refused(kind, attrs, message):
    with pytest.raises(MqscError, match=re.escape(message)):
        pcf.pcf_from_attributes(kind, attrs)


# --- a fake PCFExecute ----------------------------------------------------------------------------

class FakeMQMIError(Exception):
    """What ibmmq and pymqi raise: the completion and reason codes as attributes."""

    def __init__(self, comp, reason):
        super().__init__("MQI Error. Comp: %d, Reason %d" % (comp, reason))
        self.comp, self.reason = comp, reason


def _match(pattern, name):
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), name) is not None


class FakePcf:
    """A PCFExecute stand-in: ``pcf.MQCMD_X(params)``. It records every call (command name and the
    parameters in the order given), answers inquiries from a small object model with PCF-shaped
    dicts (int keys, blank-padded bytes) and raises FakeMQMIError the way a queue manager fails."""

    def __init__(self):
        self.calls = []
        self.fail = {}  # command name -> reason code to fail with
        self.channels = {}  # name -> PCF dict
        self.qmgr = {2015: padded(b"QM1"), 2049: padded(b"/var/mqm/qmgrs/QM1/ssl/key", 256), 2121: padded(b"ibmwebspheremqqm1", 64),
                     92: 0, 248: 1, 75: 0, 76: 0, 247: [1], 252: 0, 254: 0, 2014: padded(b"", 64), 2125: padded(b"DEV.AUTHINFO"),
                     2050: padded(b""), 2027: b"2025-05-06", 2028: b"00.06.10", 31: 1208}
        self.chlauth = []

    def __getattr__(self, name):
        if not name.startswith("MQCMD_"):
            raise AttributeError(name)

        def command(params):
            self.calls.append((name, list(params.items())))
            if name in self.fail:
                raise FakeMQMIError(2, self.fail[name])
            return getattr(self, "_" + name.lower())(params)
        return command

    def add_channel(self, name, chltype=7, params=None):
        record = {3501: padded(name.encode(), 20), 1511: chltype, 3502: padded(b"", 64), 3544: padded(b"", 32), 3545: padded(b"", 1024),
                  2121: padded(b"", 64), 1501: 2, 3527: padded(b"", 64), 2027: b"2025-04-22", 2028: b"03.01.08", 1600: 0}
        if chltype in (2, 3, 4, 7, 8, 11):
            record[1568] = 0
        record.update(params or {})
        self.channels[name] = record

    def _mqcmd_inquire_channel(self, params):
        pattern = params[3501].decode()
        wanted = params.get(1511, 5)
        found = [dict(r) for n, r in sorted(self.channels.items()) if _match(pattern, n) and wanted in (5, r[1511])]
        if not found:
            raise FakeMQMIError(2, 2085)
        return found

    def _mqcmd_create_channel(self, params):
        name = params[3501].decode()
        if name in self.channels:
            raise FakeMQMIError(2, 4001)
        self.add_channel(name, params[1511], {k: v for k, v in params.items() if k not in (3501, 1511)})
        return []

    def _mqcmd_change_channel(self, params):
        name = params[3501].decode()
        if name not in self.channels:
            raise FakeMQMIError(2, 4032)
        if self.channels[name][1511] != params[1511]:
            raise FakeMQMIError(2, 3034)
        self.channels[name].update({k: v for k, v in params.items() if k not in (3501, 1511)})
        return []

    def _mqcmd_delete_channel(self, params):
        if self.channels.pop(params[3501].decode(), None) is None:
            raise FakeMQMIError(2, 4032)
        return []

    def _mqcmd_inquire_q_mgr(self, params):  # pylint: disable=unused-argument
        return [dict(self.qmgr)]

    def _mqcmd_change_q_mgr(self, params):
        self.qmgr.update(params)
        return []

    def _mqcmd_refresh_security(self, params):  # pylint: disable=unused-argument
        return []

    def _mqcmd_inquire_chlauth_recs(self, params):
        pattern = params[3501].decode()
        wanted = params.get(1352, 0)
        found = [dict(r) for r in self.chlauth if _match(pattern, r[3501].decode().rstrip()) and wanted in (0, r[1352])]
        if not found:
            raise FakeMQMIError(2, 3338)
        return found

    @staticmethod
    def _rule_key(record):
        """A CHLAUTH rule is identified by profile, type and the value it matches on."""
        return tuple(record.get(k) for k in (3501, 1352, 3545, 3506, 3567, 2017))

    def _mqcmd_set_chlauth_rec(self, params):
        action = params.get(1086, 5)
        if action == 8:
            self.chlauth = [r for r in self.chlauth if (r[3501], r[1352]) != (params[3501], params[1352])]
            return []
        key = self._rule_key(params)
        if action == 5 and any(self._rule_key(r) == key for r in self.chlauth):
            raise FakeMQMIError(2, 3337)
        record = {k: v for k, v in params.items() if k != 1086}
        record.setdefault(1639, 0)
        self.chlauth = [r for r in self.chlauth if self._rule_key(r) != key] + [record]
        return []


@pytest.fixture(name="fake")
def fixture_fake():
    return FakePcf()


@pytest.fixture(name="transport")
def fixture_transport(fake):
    return PcfTransport(pcf.make_execute(fake, (FakeMQMIError,)))


def call(fake, index=-1):
    """(command, [(param, value), ...]) of one recorded call."""
    return fake.calls[index]


# --- transport: displays ----------------------------------------------------------------------------

def test_display_channels_one_inquiry(transport, fake):
    fake.add_channel("APP1.SVRCONN", 7, {3544: padded(b"TLS_AES_256_GCM_SHA384", 32)})
    fake.add_channel("SYSTEM.DEF.SVRCONN", 7)
    fake.add_channel("QM1.TO.QM2", 1, {3506: padded(b"qm2(1414)", 264), 3505: padded(b"QM2")})
    records = transport.display_channels("*", "SVRCONN")
    assert call(fake) == ("MQCMD_INQUIRE_CHANNEL", [(3501, b"*"), (1511, 7), (1015, [1009])])
    assert [r["CHANNEL"] for r in records] == ["APP1.SVRCONN", "SYSTEM.DEF.SVRCONN"]
    assert records[0] == {"CHANNEL": "APP1.SVRCONN", "CHLTYPE": "SVRCONN", "TRPTYPE": "TCP", "DESCR": "",
                          "SSLCIPH": "TLS_AES_256_GCM_SHA384", "SSLCAUTH": "REQUIRED", "SSLPEER": "", "CERTLABL": "",
                          "MCAUSER": "", "ALTDATE": "2025-04-22", "ALTTIME": "03.01.08"}
    every = transport.display_channels()
    assert call(fake) == ("MQCMD_INQUIRE_CHANNEL", [(3501, b"*"), (1015, [1009])])
    assert {r["CHLTYPE"] for r in every} == {"SVRCONN", "SDR"}
    (sender,) = [r for r in every if r["CHANNEL"] == "QM1.TO.QM2"]
    assert sender["CONNAME"] == "qm2(1414)" and sender["XMITQ"] == "QM2" and "SSLCAUTH" not in sender
    transport.display_channels("APP*", "all")
    assert call(fake) == ("MQCMD_INQUIRE_CHANNEL", [(3501, b"APP*"), (1511, 5), (1015, [1009])])


def test_bulk_audit_of_5000_channels_is_one_call(transport, fake):
    for number in range(5000):
        fake.add_channel("C%05d.SVRCONN" % number, 7, {1568: number % 2})
    records = transport.display_channels("*", "SVRCONN")
    assert len(fake.calls) == 1 and len(records) == 5000
    assert transport.round_trips == 1 and transport.sent == ["MQCMD_INQUIRE_CHANNEL"] and transport.name == "pcf"
    assert sum(r["SSLCAUTH"] == "OPTIONAL" for r in records) == 2500


def test_display_that_matches_nothing(transport, fake):
    assert transport.display_channels("NOPE*") == []
    with pytest.raises(PcfError) as caught:
        transport.display_channels("NOPE*", missing_ok=False)
    error = caught.value
    assert error.not_found and error.reason_code == 2085 and error.completion_code == 2
    assert error.reason_name == "MQRC_UNKNOWN_OBJECT_NAME" and error.command == "MQCMD_INQUIRE_CHANNEL"
    assert "MQCMD_INQUIRE_CHANNEL failed (completion code 2, reason code 2085: MQRC_UNKNOWN_OBJECT_NAME)" == str(error)
    assert transport.display_chlauth("NOPE") == []
    with pytest.raises(PcfError) as caught:
        transport.display_chlauth("NOPE", missing_ok=False)
    assert caught.value.not_found and caught.value.reason_name == "MQRCCF_CHLAUTH_NOT_FOUND"


def test_display_errors_other_than_not_found_are_raised(transport, fake):
    fake.fail["MQCMD_INQUIRE_CHANNEL"] = 2035
    with pytest.raises(PcfError) as caught:
        transport.display_channels()
    assert not caught.value.not_found and caught.value.reason_name == "MQRC_NOT_AUTHORIZED"
    fake.fail["MQCMD_INQUIRE_CHANNEL"] = 2033
    with pytest.raises(PcfError, match="MQRC_NO_MSG_AVAILABLE"):
        transport.display_channels()


@pytest.mark.parametrize("pattern,chltype", [("BAD NAME", None), ("A" * 21, None), ("*", "FAST"), ("X')", None)])
def test_display_channels_validates_before_sending(transport, fake, pattern, chltype):
    with pytest.raises(MqscError):
        transport.display_channels(pattern, chltype)
    assert fake.calls == []


def test_display_qmgr(transport, fake):
    record = transport.display_qmgr()
    assert call(fake) == ("MQCMD_INQUIRE_Q_MGR", [(1001, [1009])])
    assert record == {"QMNAME": "QM1", "DESCR": "", "SSLKEYR": "/var/mqm/qmgrs/QM1/ssl/key", "CERTLABL": "ibmwebspheremqqm1",
                      "SSLFIPS": "NO", "SSLRKEYC": "0", "SSLEV": "DISABLED", "SSLCRLNL": "", "SUITEB": "NONE", "CERTVPOL": "ANY",
                      "CHLAUTH": "ENABLED", "CONNAUTH": "DEV.AUTHINFO", "REVDNS": "ENABLED", "ALTDATE": "2025-05-06",
                      "ALTTIME": "00.06.10"}
    empty = PcfTransport(lambda command, params: [{9999: 1}])
    with pytest.raises(PcfError, match="no queue manager attributes"):
        empty.display_qmgr()


def test_display_chlauth(transport, fake):
    rule = {"SSLPEER": "CN=app1,O=Example", "SSLCERTI": "CN=Issuing CA", "USERSRC": "MAP", "MCAUSER": "app1"}
    transport.set_chlauth("APP*.SVRCONN", "SSLPEERMAP", rule, "ADD")
    transport.set_chlauth("*", "ADDRESSMAP", {"ADDRESS": "*", "USERSRC": "NOACCESS", "DESCR": "Back-stop"})
    records = transport.display_chlauth()
    assert call(fake) == ("MQCMD_INQUIRE_CHLAUTH_RECS", [(3501, b"*"), (1355, [1009])])
    assert records == [
        {"CHLAUTH": "APP*.SVRCONN", "TYPE": "SSLPEERMAP", "SSLPEER": "CN=app1,O=Example", "SSLCERTI": "CN=Issuing CA",
         "USERSRC": "MAP", "MCAUSER": "app1", "WARN": "NO"},
        {"CHLAUTH": "*", "TYPE": "ADDRESSMAP", "DESCR": "Back-stop", "ADDRESS": "*", "USERSRC": "NOACCESS", "WARN": "NO"},
    ]
    assert transport.display_chlauth("APP*.SVRCONN", "sslpeermap") == records[:1]
    assert call(fake) == ("MQCMD_INQUIRE_CHLAUTH_RECS", [(3501, b"APP*.SVRCONN"), (1352, 3), (1355, [1009])])
    transport.display_chlauth("*", "ALL")
    assert call(fake)[1][1] == (1352, 0)
    with pytest.raises(MqscError):
        transport.display_chlauth("A B")


# --- transport: changes ---------------------------------------------------------------------------

def test_define_then_display_round_trip(transport, fake):
    attrs = {"SSLCIPH": "TLS_AES_256_GCM_SHA384", "SSLCAUTH": "REQUIRED", "SSLPEER": "CN=app1,O=Example", "TRPTYPE": "TCP",
             "DESCR": "STIG MQMH-AS-001180"}
    assert transport.define_channel("C1.TO.QM1", "svrconn", attrs) == []
    command, params = call(fake)
    assert command == "MQCMD_CREATE_CHANNEL"
    assert params[:2] == [(3501, b"C1.TO.QM1"), (1511, 7)]  # ChannelType straight after ChannelName
    assert params[2:] == [(3544, b"TLS_AES_256_GCM_SHA384"), (1568, 0), (3545, b"CN=app1,O=Example"), (1501, 2),
                          (3502, b"STIG MQMH-AS-001180")]
    (record,) = transport.display_channels("C1.TO.QM1")
    assert {k: record[k] for k in attrs} == attrs
    with pytest.raises(PcfError) as caught:
        transport.define_channel("C1.TO.QM1", "SVRCONN")
    assert not caught.value.not_found and caught.value.reason_name == "MQRCCF_OBJECT_ALREADY_EXISTS"


def test_alter_channel(transport, fake):
    fake.add_channel("APP1.SVRCONN", 7, {1568: 1})
    transport.alter_channel("APP1.SVRCONN", "SVRCONN", {"SSLCAUTH": "REQUIRED", "SSLCIPH": "ECDHE_ECDSA_AES_256_GCM_SHA384"})
    assert call(fake) == ("MQCMD_CHANGE_CHANNEL", [(3501, b"APP1.SVRCONN"), (1511, 7), (1568, 0), (3544, b"ECDHE_ECDSA_AES_256_GCM_SHA384")])
    (record,) = transport.display_channels("APP1.SVRCONN")
    assert record["SSLCAUTH"] == "REQUIRED" and record["SSLCIPH"] == "ECDHE_ECDSA_AES_256_GCM_SHA384"
    with pytest.raises(PcfError) as caught:
        transport.alter_channel("GONE", "SVRCONN", {"SSLCAUTH": "REQUIRED"})
    assert caught.value.not_found and caught.value.reason_name == "MQRCCF_CHANNEL_NOT_FOUND"
    assert caught.value.command == "MQCMD_CHANGE_CHANNEL"
    with pytest.raises(PcfError, match="MQRCCF_CHANNEL_TYPE_ERROR"):
        transport.alter_channel("APP1.SVRCONN", "RCVR", {"SSLCAUTH": "REQUIRED"})


@pytest.mark.parametrize("name,chltype,attrs,message", [
    ("APP1", "SVRCONN", {}, "at least one attribute"),
    ("APP1", "SVRCONN", None, "at least one attribute"),
    ("APP1", "SVRCONN", {"CHLTYPE": "SDR"}, "set by the command itself"),
    ("APP1", "SVRCONN", {"channel": "X"}, "set by the command itself"),
    ("APP1", "SDR", {"SSLCAUTH": "REQUIRED"}, "not an attribute of SDR channels"),
    ("APP1", "SVRCONN", {"CONNAME": "h(1)"}, "not an attribute of SVRCONN channels"),
    ("APP1", "SVRCONN", {"ALTDATE": "2025-01-01"}, "read-only"),
    ("BAD NAME", "SVRCONN", {"SSLCAUTH": "REQUIRED"}, "IBM MQ names may hold only"),
    ("APP1", "NOTATYPE", {"SSLCAUTH": "REQUIRED"}, "CHLTYPE(NOTATYPE)"),
])
def test_alter_channel_refuses_bad_input_before_sending(transport, fake, name, chltype, attrs, message):
    with pytest.raises(MqscError, match=re.escape(message)):
        transport.alter_channel(name, chltype, attrs)
    assert fake.calls == []


def test_delete_channel(transport, fake):
    fake.add_channel("OLD.SVRCONN")
    assert transport.delete_channel("OLD.SVRCONN") == []
    assert call(fake) == ("MQCMD_DELETE_CHANNEL", [(3501, b"OLD.SVRCONN")])
    with pytest.raises(PcfError) as caught:
        transport.delete_channel("OLD.SVRCONN")
    assert caught.value.not_found
    with pytest.raises(MqscError):
        transport.delete_channel("OLD*")


def test_alter_qmgr_and_refresh(transport, fake):
    transport.alter_qmgr({"SSLFIPS": "YES", "CHLAUTH": "ENABLED", "SSLKEYR": "/var/mqm/qmgrs/QM1/ssl/key", "SUITEB": "192_BIT"})
    assert call(fake) == ("MQCMD_CHANGE_Q_MGR", [(92, 1), (248, 1), (2049, b"/var/mqm/qmgrs/QM1/ssl/key"), (247, [4])])
    record = transport.display_qmgr()
    assert (record["SSLFIPS"], record["CHLAUTH"], record["SUITEB"]) == ("YES", "ENABLED", "192_BIT")
    assert transport.refresh_security_ssl() == []
    assert call(fake) == ("MQCMD_REFRESH_SECURITY", [(1106, 2)])
    for attrs, message in (({}, "at least one"), ({"QMNAME": "QM2"}, "set by the command itself"), ({"SSLFIPS": "Y"}, "SSLFIPS")):
        with pytest.raises(MqscError, match=message):
            transport.alter_qmgr(attrs)
    fake.fail["MQCMD_REFRESH_SECURITY"] = 3202
    with pytest.raises(PcfError, match="MQRCCF_SECURITY_REFRESH_FAILED"):
        transport.refresh_security_ssl()


def test_set_chlauth_parameter_order_and_actions(transport, fake):
    transport.set_chlauth("SECURE.*", "SSLPEERMAP", iter([("SSLPEER", "CN=*"), ["USERSRC", "NOACCESS"]]), action="replace")
    assert call(fake) == ("MQCMD_SET_CHLAUTH_REC", [(3501, b"SECURE.*"), (1352, 3), (3545, b"CN=*"), (1638, 1), (1086, 6)])
    transport.set_chlauth("SECURE.*", "SSLPEERMAP", {"SSLPEER": "CN=app1", "SSLCERTI": "CN=CA", "MCAUSER": "app1", "USERSRC": "MAP"})
    params = call(fake)[1]
    assert params[:2] == [(3501, b"SECURE.*"), (1352, 3)] and (pcf.CHLAUTH_SSLCERTI_PARAMETER, b"CN=CA") in params
    assert 1086 not in dict(params)  # no ACTION: MQ's default (ADD)
    transport.set_chlauth("*", "BLOCKUSER", {"USERLIST": "nobody,*MQADMIN", "WARN": "NO"}, "ADD")
    assert call(fake)[1] == [(3501, b"*"), (1352, 1), (3568, [b"nobody", b"*MQADMIN"]), (1639, 0), (1086, 5)]
    with pytest.raises(PcfError) as caught:
        transport.set_chlauth("*", "BLOCKUSER", {"USERLIST": "nobody"}, "ADD")
    assert caught.value.reason_name == "MQRCCF_CHLAUTH_ALREADY_EXISTS" and not caught.value.not_found
    transport.set_chlauth("*", "BLOCKUSER", {}, "REMOVEALL")
    assert call(fake)[1] == [(3501, b"*"), (1352, 1), (1086, 8)]
    calls = len(fake.calls)
    for args in (("APP", "BLOCKADDR", {"ADDRLIST": "10.*"}), ("*", "ALL", {}), ("*", "USERMAP", {"TYPE": "USERMAP"}),
                 ("*", "USERMAP", {"ACTION": "ADD"}), ("*", "USERMAP", {"CLNTUSER": "a"}, "DROP")):
        with pytest.raises(MqscError):
            transport.set_chlauth(*args)
    assert len(fake.calls) == calls


def test_responses_of_other_shapes():
    answers = []
    transport = PcfTransport(lambda command, params: answers)
    answers[:] = [({3501: b"A  ", 1511: 7}, object())]  # ibmmq's responses= form: (dict, MQCFH)
    assert transport.display_channels() == [{"CHANNEL": "A", "CHLTYPE": "SVRCONN"}]
    answers[:] = [{}]  # a response with nothing this table maps
    assert transport.display_channels() == []
    answers[:] = ["not a dict"]
    with pytest.raises(PcfError, match="where a PCF response dict was expected"):
        transport.display_channels()
    assert PcfTransport(lambda command, params: None).refresh_security_ssl() == []


def test_errors_raised_by_execute_get_the_command():
    def execute(command, params):
        raise PcfError("the command server did not answer", 2, 2322)
    with pytest.raises(PcfError) as caught:
        PcfTransport(execute).refresh_security_ssl()
    assert caught.value.command == "MQCMD_REFRESH_SECURITY" and caught.value.reason_name == "MQRC_CMD_SERVER_NOT_AVAILABLE"
    assert caught.value.details["command"] == "MQCMD_REFRESH_SECURITY" and not caught.value.not_found


def test_make_execute_passes_other_exceptions_through():
    class Broken:
        def MQCMD_INQUIRE_Q_MGR(self, params):  # pylint: disable=invalid-name
            raise KeyError(params)
    with pytest.raises(KeyError):
        pcf.make_execute(Broken(), (FakeMQMIError,))("MQCMD_INQUIRE_Q_MGR", {})


def test_pcf_error_details():
    error = PcfError("x failed", 2, 4092, "MQCMD_CREATE_CHANNEL")
    assert str(error) == error.message == "x failed (completion code 2, reason code 4092: MQRCCF_SSL_CIPHER_SPEC_ERROR)"
    assert not error.not_found and isinstance(error, AdminError)
    assert error.details == {"completion_code": 2, "reason_code": 4092, "reason_name": "MQRCCF_SSL_CIPHER_SPEC_ERROR",
                             "command": "MQCMD_CREATE_CHANNEL"}
    assert str(PcfError("odd", 2, 1)) == "odd (completion code 2, reason code 1)" and pcf.reason_name(1) is None
    assert str(PcfError("no codes")) == "no codes" and PcfError("no codes").reason_name is None
    from_exc = PcfError.from_mqi(FakeMQMIError(2, 4032), "MQCMD_DELETE_CHANNEL")
    assert (from_exc.completion_code, from_exc.reason_code, from_exc.not_found) == (2, 4032, True)
    assert str(PcfError.from_mqi(ValueError("no codes"))) == "the PCF command failed"


def test_reason_names_from_a_loaded_library(monkeypatch):
    library = types.SimpleNamespace(CMQCFC=types.SimpleNamespace(MQRCCF_SOMETHING_NEW=3999, MQIACF_X=3998),
                                    CMQC=types.SimpleNamespace(MQRC_OTHER=2998))
    monkeypatch.setattr(pcf, "PCF_LIBRARY", library)
    assert pcf.reason_name(3999) == "MQRCCF_SOMETHING_NEW" and pcf.reason_name(2998) == "MQRC_OTHER"
    assert pcf.reason_name(3998) is None


# --- round trips ------------------------------------------------------------------------------------

REFUSED = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./_%"


def text(limit, alphabet=None):
    chars = st.sampled_from(alphabet) if alphabet else st.characters(blacklist_categories=REFUSED)
    return st.text(chars, max_size=limit).filter(lambda s: len(s.encode("utf-8")) <= limit and s == s.rstrip(" "))


def list_items(alphabet):
    return st.lists(st.text(st.sampled_from(alphabet), min_size=1, max_size=12), min_size=1, max_size=5).map(",".join)


def value_strategy(kind, row):
    """Valid MQSC values for one writable row, in the canonical (record) form."""
    if row.codec.kind == "keyword":
        return st.sampled_from(sorted(row.codec.codes))
    if row.codec.kind == "keyword list":
        return st.lists(st.sampled_from(sorted(row.codec.codes)), min_size=1, max_size=3).map(",".join)
    if row.codec.kind == "integer":
        return st.integers(min_value=0, max_value=999999999).map(str)
    if row.codec.kind == "string list":
        return list_items(NAME_CHARS + "*:")
    if (kind, row.name) == ("channel", "CHANNEL"):
        return st.text(st.sampled_from(NAME_CHARS), min_size=1, max_size=20)
    if (kind, row.name) == ("chlauth", "CHLAUTH"):
        return st.text(st.sampled_from(NAME_CHARS + "*"), min_size=1, max_size=20)
    if row.name == "SSLCIPH":
        return text(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
    if row.name in mqsc.NAME_VALUED:
        return text(48, NAME_CHARS + ("*" if row.name == "QMNAME" else ""))
    return text(mqsc.STRING_LENGTHS.get(row.name, 200))


def attrs_strategy(kind):
    rows = [row for row in pcf.attribute_table(kind) if row.writable]
    return st.fixed_dictionaries({}, optional={row.name: value_strategy(kind, row) for row in rows})


def as_answered(pcf_dict):
    """What a queue manager would answer for these parameters: strings blank padded, lists of codes
    unchanged (single values as ints), NUL padding after the blanks as pymqi may leave it."""
    out = {}
    for parameter, value in pcf_dict.items():
        if isinstance(value, bytes):
            out[parameter] = value + b" " * 7 + b"\x00"
        elif isinstance(value, list) and value and isinstance(value[0], bytes):
            out[parameter] = [item.ljust(12, b" ") for item in value]
        else:
            out[parameter] = value
    return out


@pytest.mark.parametrize("kind", pcf.OBJECT_KINDS)
@settings(max_examples=150, deadline=None, database=None)
@given(data=st.data())
def test_attrs_to_pcf_to_record_round_trip(kind, data):
    attrs = data.draw(attrs_strategy(kind))
    sent = pcf.pcf_from_attributes(kind, attrs)
    assert len(sent) == len(attrs)
    assert pcf.record_from_pcf(kind, as_answered(sent)) == attrs
    assert pcf.record_from_pcf(kind, sent) == attrs


@settings(max_examples=100, deadline=None, database=None)
@given(attrs=attrs_strategy("channel"), name=st.text(st.sampled_from(NAME_CHARS), min_size=1, max_size=20))
def test_alter_then_display_round_trip_through_the_fake(attrs, name):
    fake = FakePcf()
    fake.add_channel(name, 7)
    transport = PcfTransport(pcf.make_execute(fake, (FakeMQMIError,)))
    changes = {k: v for k, v in attrs.items() if k not in ("CHANNEL", "CHLTYPE", "CONNAME", "QMNAME", "XMITQ")}
    if not changes:
        return
    transport.alter_channel(name, "SVRCONN", changes)
    (record,) = transport.display_channels(name)
    assert {k: record[k] for k in changes} == changes


# --- libraries ----------------------------------------------------------------------------------------

def test_import_prefers_ibmmq_then_pymqi(monkeypatch):
    ibmmq, pymqi = types.ModuleType("ibmmq"), types.ModuleType("pymqi")
    monkeypatch.setitem(sys.modules, "ibmmq", ibmmq)
    monkeypatch.setitem(sys.modules, "pymqi", pymqi)
    assert pcf._import_library() == (ibmmq, "ibmmq", None)  # pylint: disable=protected-access
    monkeypatch.setitem(sys.modules, "ibmmq", None)  # None in sys.modules makes the import fail
    assert pcf._import_library() == (pymqi, "pymqi", None)  # pylint: disable=protected-access
    monkeypatch.setitem(sys.modules, "pymqi", None)
    library, name, error = pcf._import_library()  # pylint: disable=protected-access
    assert library is None and name is None and "ibmmq" in error and "pymqi" in error


def test_module_flags_match_this_machine():
    assert pcf.HAS_PCF_LIBRARY is (pcf.PCF_LIBRARY is not None)
    if not pcf.HAS_PCF_LIBRARY:  # no IBM MQ client on the build machines
        assert pcf.PCF_LIBRARY_NAME is None and "ibmmq" in pcf.PCF_IMPORT_ERROR
    else:
        assert pcf.PCF_LIBRARY_NAME in ("ibmmq", "pymqi") and pcf.PCF_IMPORT_ERROR is None


def test_connect_without_a_library(monkeypatch):
    monkeypatch.setattr(pcf, "PCF_LIBRARY", None)
    monkeypatch.setattr(pcf, "PCF_IMPORT_ERROR", "Traceback ...\nModuleNotFoundError: No module named 'pymqi'\n")
    with pytest.raises(PcfError, match="needs the Python package ibmmq or pymqi .*No module named 'pymqi'") as caught:
        pcf.connect("QM1", "ADMIN.SVRCONN", "mq1(1414)")
    assert caught.value.reason_code is None
    monkeypatch.setattr(pcf, "PCF_IMPORT_ERROR", None)
    with pytest.raises(PcfError, match="neither could be imported"):
        pcf.connect("QM1", "ADMIN.SVRCONN", "mq1(1414)")


class Struct:
    """MQCD / MQSCO stand-in: attributes set by the caller."""


def fake_library(fail_connect=None, fail_pcf=None):
    """A stand-in for the ibmmq / pymqi module: CD, SCO, QueueManager, PCFExecute, MQMIError."""
    log = []

    class QueueManager:
        def __init__(self, name):
            assert name is None
            self.connected = None

        def connect_with_options(self, name, **options):
            log.append(("connect", name, options))
            if fail_connect:
                raise FakeMQMIError(2, fail_connect)
            self.connected = name

        def disconnect(self):
            log.append(("disconnect",))

    class PCFExecute(FakePcf):
        def __init__(self, manager, response_wait_interval):
            if fail_pcf:
                raise FakeMQMIError(2, fail_pcf)
            super().__init__()
            self.__dict__["manager"] = manager
            log.append(("pcf", manager.connected, response_wait_interval))

        def disconnect(self):
            log.append(("pcf-disconnect",))
            raise FakeMQMIError(2, 2009)  # a failure while closing is not reported

    library = types.SimpleNamespace(CD=Struct, SCO=Struct, QueueManager=QueueManager, PCFExecute=PCFExecute, MQMIError=FakeMQMIError)
    return library, log


def test_connect_builds_a_tls_client_connection():
    library, log = fake_library()
    transport = pcf.connect("QM1", "ADMIN.TLS.SVRCONN", "mq1.example.com(1414)", user="admin", password="secret",
                            cipher_spec="TLS_AES_256_GCM_SHA384", key_repository="/etc/mq/key", certificate_label="admin1",
                            fips_required=True, response_wait_interval=9000, library=library)
    (step, name, options), pcf_step = log[0], log[1]
    assert (step, name) == ("connect", b"QM1") and pcf_step == ("pcf", b"QM1", 9000)
    cd, sco = options["cd"], options["sco"]
    assert (cd.ChannelName, cd.ConnectionName, cd.ChannelType, cd.TransportType, cd.SSLCipherSpec) == \
        (b"ADMIN.TLS.SVRCONN", b"mq1.example.com(1414)", 6, 2, b"TLS_AES_256_GCM_SHA384")
    assert (sco.KeyRepository, sco.CertificateLabel, sco.FipsRequired) == (b"/etc/mq/key", b"admin1", 1)
    assert (options["opts"], options["user"], options["password"]) == (0x800, "admin", "secret")
    assert transport.display_qmgr()["QMNAME"] == "QM1"
    transport.close()
    assert log[-2:] == [("pcf-disconnect",), ("disconnect",)]
    transport.close()  # a second close does nothing
    assert log[-1] == ("disconnect",) and len(log) == 4


def test_connect_without_tls_options_or_user():
    library, log = fake_library()
    pcf.connect("QM1", "ADMIN.SVRCONN", "mq1(1414)", library=library)
    options = log[0][2]
    assert "user" not in options and not hasattr(options["cd"], "SSLCipherSpec")
    assert not hasattr(options["sco"], "KeyRepository") and not hasattr(options["sco"], "FipsRequired")


def test_connect_failures_carry_the_codes():
    library, log = fake_library(fail_connect=2538)
    with pytest.raises(PcfError) as caught:
        pcf.connect("QM1", "ADMIN.SVRCONN", "mq1(1414)", library=library)
    assert caught.value.reason_name == "MQRC_HOST_NOT_AVAILABLE" and "MQCONNX to QM1 at mq1(1414) over ADMIN.SVRCONN" in str(caught.value)
    library, log = fake_library(fail_pcf=2035)
    with pytest.raises(PcfError, match="opening the PCF reply queue.*MQRC_NOT_AUTHORIZED"):
        pcf.connect("QM1", "ADMIN.SVRCONN", "mq1(1414)", library=library)
    assert log[-1] == ("disconnect",)
