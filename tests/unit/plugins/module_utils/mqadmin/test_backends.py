# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_channel, mq_qmgr and mq_chlauth backends against an in-memory transport that counts round trips."""

from __future__ import annotations

import fnmatch

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import channel_backend, chlauth_backend, qmgr_backend
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError


class MemoryTransport:
    """Records as a queue manager would display them; every method call is one round trip."""

    def __init__(self, channels=(), qmgr=None, chlauth=()):
        self.channels = {c["CHANNEL"]: dict(c) for c in channels}
        self.qmgr = dict(qmgr or {"QMNAME": "QM1", "SSLFIPS": "NO", "SSLKEYR": "/var/mqm/qmgrs/QM1/ssl/key",
                                  "CERTLABL": "", "CHLAUTH": "ENABLED"})
        self.chlauth = [dict(r) for r in chlauth]
        self.round_trips = 0
        self.calls = []

    def _trip(self, *call):
        self.round_trips += 1
        self.calls.append(call)

    def display_channels(self, pattern="*", chltype=None):
        self._trip("display_channels", pattern, chltype)
        return [dict(c) for n, c in sorted(self.channels.items())
                if fnmatch.fnmatchcase(n, pattern) and (chltype is None or c["CHLTYPE"] == chltype)]

    def display_qmgr(self):
        self._trip("display_qmgr")
        return dict(self.qmgr)

    def display_chlauth(self, profile="*"):
        self._trip("display_chlauth", profile)
        return [dict(r) for r in self.chlauth if fnmatch.fnmatchcase(r["CHLAUTH"], profile)]

    def define_channel(self, name, chltype, attrs):
        self._trip("define_channel", name)
        if name in self.channels:
            raise AdminError("exists")
        record = {"CHANNEL": name, "CHLTYPE": chltype, "SSLCIPH": "", "SSLCAUTH": "REQUIRED", "SSLPEER": "", "CERTLABL": ""}
        record.update(attrs)
        self.channels[name] = record

    def alter_channel(self, name, chltype, attrs):
        self._trip("alter_channel", name)
        self.channels[name].update(attrs)

    def delete_channel(self, name):
        self._trip("delete_channel", name)
        del self.channels[name]

    def alter_qmgr(self, attrs):
        self._trip("alter_qmgr")
        self.qmgr.update(attrs)

    def refresh_security_ssl(self):
        self._trip("refresh_security_ssl")

    def set_chlauth(self, profile, rule_type, attrs, action=None):
        self._trip("set_chlauth", profile, action)
        key = (profile, attrs.get("SSLPEER"), attrs.get("SSLCERTI", ""))
        self.chlauth = [r for r in self.chlauth if (r["CHLAUTH"], r["SSLPEER"], r.get("SSLCERTI", "")) != key]
        if action != "REMOVE":
            record = {"CHLAUTH": profile, "TYPE": rule_type, "SSLCERTI": ""}
            record.update(attrs)
            self.chlauth.append(record)


def svrconn(name, sslciph="", sslcauth="OPTIONAL"):
    return {"CHANNEL": name, "CHLTYPE": "SVRCONN", "SSLCIPH": sslciph, "SSLCAUTH": sslcauth, "SSLPEER": "", "CERTLABL": ""}


GOOD = {"sslciph": "TLS_AES_256_GCM_SHA384", "sslcauth": "REQUIRED"}


def channel(transport, check_mode=False, **params):
    params.setdefault("state", "present")
    return channel_backend.run(params, transport, check_mode)


def test_single_channel_check_apply_idempotent():
    qm = MemoryTransport([svrconn("APP1.SVRCONN")])
    check = channel(qm, True, name="APP1.SVRCONN", type="SVRCONN", **GOOD)
    assert check["changed"] and qm.channels["APP1.SVRCONN"]["SSLCIPH"] == ""
    assert check["commands"] == ["ALTER CHANNEL('APP1.SVRCONN') CHLTYPE(SVRCONN) SSLCIPH('TLS_AES_256_GCM_SHA384') "
                                 "SSLCAUTH(REQUIRED)"]
    assert {f["code"] for f in check["findings"] if f["status"] == "fail"} >= {"CIPHERSPEC_NONE", "CHANNEL_SSLCAUTH"}
    applied = channel(qm, name="APP1.SVRCONN", type="SVRCONN", **GOOD)
    assert applied["changed"] and qm.channels["APP1.SVRCONN"]["SSLCAUTH"] == "REQUIRED"
    assert not [f for f in applied["findings"] if f["status"] == "fail"]
    for check_mode in (True, False):
        again = channel(qm, check_mode, name="APP1.SVRCONN", type="SVRCONN", sslciph="tls_aes_256_gcm_sha384",
                        sslcauth="required")
        assert not again["changed"] and again["commands"] == []


def test_define_and_delete():
    qm = MemoryTransport()
    with pytest.raises(channel_backend.ChannelError, match="give type"):
        channel(qm, name="NEW.SVRCONN", **GOOD)
    made = channel(qm, name="NEW.SVRCONN", type="SVRCONN", **GOOD)
    assert made["commands"][0].startswith("DEFINE CHANNEL('NEW.SVRCONN') CHLTYPE(SVRCONN)")
    assert "NEW.SVRCONN" in qm.channels
    gone = channel(qm, name="NEW.SVRCONN", state="absent")
    assert gone["commands"] == ["DELETE CHANNEL('NEW.SVRCONN')"] and "NEW.SVRCONN" not in qm.channels
    assert not channel(qm, name="NEW.SVRCONN", state="absent")["changed"]


@pytest.mark.parametrize("sslciph, match", [("TLS_RSA_WITH_AES_128_CBC_SHA", "not approved"), ("", "turns TLS off"),
                                            ("NOT_A_CIPHER", "not an IBM MQ CipherSpec")])
def test_unapproved_cipherspec_is_refused_before_anything_is_sent(sslciph, match):
    qm = MemoryTransport([svrconn("APP1.SVRCONN")])
    with pytest.raises(channel_backend.ChannelError, match=match):
        channel(qm, name="APP1.SVRCONN", type="SVRCONN", sslciph=sslciph)
    assert qm.round_trips == 0


def test_unapproved_cipherspec_can_be_forced_explicitly():
    qm = MemoryTransport([svrconn("APP1.SVRCONN", "TLS_AES_256_GCM_SHA384", "REQUIRED")])
    result = channel(qm, name="APP1.SVRCONN", type="SVRCONN", sslciph="TLS_RSA_WITH_AES_128_CBC_SHA",
                     allow_unapproved_cipherspec=True)
    assert result["changed"] and any(f["status"] == "fail" for f in result["findings"])


def test_type_change_is_refused():
    qm = MemoryTransport([svrconn("APP1.SVRCONN")])
    with pytest.raises(channel_backend.ChannelError, match="delete it first"):
        channel(qm, name="APP1.SVRCONN", type="RCVR", **GOOD)


def test_bulk_audit_of_5000_channels_costs_one_round_trip_and_fix_alters_only_the_drift():
    channels = [svrconn("APP.%04d" % i, "TLS_AES_256_GCM_SHA384", "REQUIRED") for i in range(5000)]
    channels[17] = svrconn("APP.0017")
    channels[4242] = svrconn("APP.4242", "TLS_AES_256_GCM_SHA384", "OPTIONAL")
    channels.append(svrconn("SYSTEM.DEF.SVRCONN"))
    qm = MemoryTransport(channels)
    audit = channel(qm, True, name="*", type="SVRCONN", **GOOD)
    assert qm.round_trips == 1
    assert len(audit["matched"]) == 5000 and "SYSTEM.DEF.SVRCONN" not in audit["matched"]
    assert [c["name"] for c in audit["channels"]] == ["APP.0017", "APP.4242"]
    failing = sorted({f["object"]["name"] for f in audit["findings"] if f["status"] == "fail"})
    assert failing == ["APP.0017", "APP.4242"]
    fixed = channel(qm, name="*", type="SVRCONN", **GOOD)
    assert fixed["changed"] and qm.round_trips == 1 + 1 + 2 + 1  # audit; display; two ALTERs; display after
    assert not [f for f in fixed["findings"] if f["status"] == "fail"]
    assert qm.channels["SYSTEM.DEF.SVRCONN"]["SSLCIPH"] == ""


def test_bulk_include_exclude_and_no_bulk_delete():
    qm = MemoryTransport([svrconn("A.ONE"), svrconn("B.TWO"), svrconn("SYSTEM.X")])
    result = channel(qm, True, name="*", include=["A.*", "SYSTEM.*"], exclude=[], **GOOD)
    assert result["matched"] == ["A.ONE", "SYSTEM.X"]
    with pytest.raises(channel_backend.ChannelError, match="pattern"):
        channel(qm, name="*", state="absent")


def test_injection_attempt_is_refused():
    qm = MemoryTransport([svrconn("APP1.SVRCONN")])
    with pytest.raises(channel_backend.ChannelError):
        channel(qm, name="APP1.SVRCONN", type="SVRCONN", descr="x')\nDELETE CHANNEL('APP1.SVRCONN")
    assert qm.round_trips == 0
    result = channel(qm, True, name="APP1.SVRCONN", type="SVRCONN", sslpeer="CN=a') SSLCAUTH(OPTIONAL")
    assert result["commands"] == ["ALTER CHANNEL('APP1.SVRCONN') CHLTYPE(SVRCONN) SSLPEER('CN=a'') SSLCAUTH(OPTIONAL')"]


def test_qmgr_sslfips_and_refresh_only_when_needed():
    qm = MemoryTransport()
    check = qmgr_backend.run({"sslfips": True}, qm, True)
    assert check["changed"] and check["commands"] == ["ALTER QMGR SSLFIPS(YES)", "REFRESH SECURITY TYPE(SSL)"]
    assert check["findings"][0]["status"] == "fail" and qm.qmgr["SSLFIPS"] == "NO"
    applied = qmgr_backend.run({"sslfips": True}, qm)
    assert applied["refreshed"] and applied["findings"][0]["status"] == "pass"
    assert ("refresh_security_ssl",) in qm.calls
    qm.calls.clear()
    again = qmgr_backend.run({"sslfips": True}, qm)
    assert not again["changed"] and ("refresh_security_ssl",) not in qm.calls
    chlauth_only = qmgr_backend.run({"chlauth": "DISABLED"}, qm)
    assert chlauth_only["commands"] == ["ALTER QMGR CHLAUTH(DISABLED)"] and not chlauth_only["refreshed"]
    forced = qmgr_backend.run({"refresh_security": "always"}, qm)
    assert forced["commands"] == ["REFRESH SECURITY TYPE(SSL)"]


def test_chlauth_sslpeermap_idempotent():
    qm = MemoryTransport()
    rule = {"channel": "APP1.SVRCONN", "sslpeer": "CN=app1,OU=MQ,O=Example", "sslcerti": "CN=Example CA",
            "usersrc": "MAP", "mcauser": "app1"}
    check = chlauth_backend.run(rule, qm, True)
    assert check["changed"] and qm.chlauth == []
    assert check["commands"] == ["SET CHLAUTH('APP1.SVRCONN') TYPE(SSLPEERMAP) SSLPEER('CN=app1,OU=MQ,O=Example') "
                                 "SSLCERTI('CN=Example CA') USERSRC(MAP) MCAUSER('app1') ACTION(REPLACE)"]
    assert chlauth_backend.run(rule, qm)["changed"]
    assert not chlauth_backend.run(rule, qm)["changed"]
    assert chlauth_backend.run(dict(rule, mcauser="app2"), qm)["changed"]
    assert chlauth_backend.run(dict(rule, state="absent"), qm)["changed"] and qm.chlauth == []
    with pytest.raises(chlauth_backend.ChlauthError, match="mcauser"):
        chlauth_backend.run(dict(rule, mcauser=None), qm)
