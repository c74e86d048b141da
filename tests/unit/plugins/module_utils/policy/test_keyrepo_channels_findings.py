# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels, findings, keyrepo, stig_catalog

TODAY = "2026-12-03"
GOOD_P12 = {
    "path": "/var/mqm/ssl/key.p12", "format": "pkcs12", "mode": 0o600,
    "protections": [{"where": "keys", "scheme": "pbes2", "prf": "sha256", "cipher": "aes256", "iterations": 50000},
                    {"where": "certificates", "scheme": "pbes2", "prf": "sha256", "cipher": "aes256",
                     "iterations": 50000}],
    "mac": {"hash": "sha256", "iterations": 50000},
    "stash": {"path": "/var/mqm/ssl/key.sth", "present": True, "mode": 0o600},
}


def repo_codes(changes, profile="nist"):
    repo = dict(GOOD_P12, **changes)
    return sorted((s, c, t) for s, c, _r, _b, t in keyrepo.problems(repo, profile))


def test_keyrepo_protection():
    assert repo_codes({}) == []
    legacy = [{"where": "keys", "scheme": "pkcs12-pbe", "cipher": "3des", "iterations": 2048},
              {"where": "certificates", "scheme": "pkcs12-pbe", "cipher": "rc2-40", "iterations": 2048}]
    assert repo_codes({"protections": legacy, "mac": {"hash": "sha1"}}) == [
        ("fail", "KEYREPO_ENCRYPTION", "keyrepo"), ("fail", "KEYREPO_ENCRYPTION", "keyrepo"),
        ("fail", "KEYREPO_MAC", "keyrepo")]
    assert repo_codes({"mac": None}) == [("fail", "KEYREPO_MAC", "keyrepo")]
    weak_kdf = [{"where": "keys", "scheme": "pbes2", "prf": "sha1", "cipher": "aes256", "iterations": 999}]
    assert repo_codes({"protections": weak_kdf}) == [("fail", "KEYREPO_KDF", "keyrepo"), ("fail", "KEYREPO_KDF", "keyrepo")]
    aes128 = [{"where": "keys", "scheme": "pbes2", "prf": "sha256", "cipher": "aes128", "iterations": 1000}]
    assert repo_codes({"protections": aes128}) == []
    assert repo_codes({"protections": aes128}, "cnsa") == [("fail", "KEYREPO_ENCRYPTION", "keyrepo")]
    assert repo_codes({"protections": [{"where": "keys", "scheme": "none"}]}) == [("fail", "KEYREPO_ENCRYPTION", "keyrepo")]
    assert repo_codes({"protections": [{"where": "certificates", "scheme": "none"}]}) == []


def test_a_missing_repository_is_one_finding():
    missing = {"path": "/var/mqm/ssl/app1.p12", "exists": False, "format": "pkcs12", "mode": None, "protections": [],
               "mac": None, "stash": {"path": "/var/mqm/ssl/app1.sth", "present": False, "mode": None, "expected": True}}
    found = keyrepo.findings(missing, "nist")
    assert [(f["code"], f["status"]) for f in found] == [("KEYREPO_MISSING", "fail")]
    assert found[0]["rules"][0]["stig_id"] == "MQMH-AS-001180"
    # Without the flag (facts from older callers) the properties are judged as before.
    assert "KEYREPO_MAC" in [f["code"] for f in keyrepo.findings(dict(missing, exists=None), "nist")]


def test_file_modes_and_cms():
    assert repo_codes({"mode": 0o644}) == [("fail", "FILE_MODE", "keyrepo")]
    assert repo_codes({"stash": {"path": "k.sth", "present": True, "mode": 0o640}}) == [("fail", "FILE_MODE", "stash")]
    assert repo_codes({"format": "cms"}) == [("warn", "KEYREPO_FORMAT", "keyrepo")]
    assert repo_codes({"stash": {"path": "k.sth", "present": False, "expected": True}}) == [
        ("fail", "STASH_MISSING", "stash")]
    assert repo_codes({"stash": {"path": "k.sth", "present": False, "expected": False}}) == []
    found = keyrepo.findings(dict(GOOD_P12, stash={"path": "k.sth", "present": True, "mode": 0o604}))
    assert [(f["code"], f["object"]) for f in found] == [("FILE_MODE", {"type": "stash", "name": "k.sth"})]


def channel(**attrs):
    base = {"CHANNEL": "C1.TO.QM1", "CHLTYPE": "SVRCONN", "SSLCIPH": "ECDHE_ECDSA_AES_256_GCM_SHA384",
            "SSLCAUTH": "REQUIRED", "SSLPEER": "CN=client1,O=Example"}
    base.update(attrs)
    return base


def statuses(found):
    return sorted((f["code"], f["status"]) for f in found)


def test_stig_channel_check():
    assert statuses(channels.channel_findings(channel(), "nist", TODAY)) == [
        ("CHANNEL_SSLCAUTH", "pass"), ("CIPHERSPEC_APPROVED", "pass")]
    # The STIG's own example (deprecated TLS 1.0 spec) and SSLCAUTH(OPTIONAL).
    bad = channels.channel_findings(channel(SSLCIPH="TLS_RSA_WITH_AES_128_CBC_SHA", SSLCAUTH="OPTIONAL", SSLPEER=""),
                                    "nist", TODAY)
    assert ("CHANNEL_SSLCAUTH", "fail") in statuses(bad) and ("CHANNEL_SSLPEER", "warn") in statuses(bad)
    assert all(f["object"] == {"type": "channel", "name": "C1.TO.QM1"} for f in bad)
    strict = channels.channel_findings(channel(SSLPEER=" "), "nist", TODAY, require_sslpeer=True)
    assert ("CHANNEL_SSLPEER", "fail") in statuses(strict)
    # Lower-case keys, as a JSON API might give them.
    lower = {k.lower(): v for k, v in channel(SSLCIPH="").items()}
    assert ("CIPHERSPEC_NONE", "fail") in statuses(channels.channel_findings(lower, "nist", TODAY))


def test_sender_channels_bear_on_qmgr_rule_and_have_no_sslcauth():
    found = channels.channel_findings(channel(CHLTYPE="SDR", SSLCAUTH=None), "nist", TODAY)
    assert statuses(found) == [("CIPHERSPEC_APPROVED", "pass")]
    assert [r["stig_id"] for r in found[0]["rules"]] == ["MQMH-AS-000180"]


@pytest.mark.parametrize("value, status", [("YES", "pass"), ("NO", "fail"), ("", "fail")])
def test_sslfips(value, status):
    found = channels.qmgr_findings({"QMNAME": "QM1", "SSLFIPS": value})
    assert [(f["code"], f["status"]) for f in found] == [("QMGR_SSLFIPS", status)]
    assert {r["stig_id"] for r in found[0]["rules"]} == {
        "MQMH-AS-001200", "MQMH-AS-001230", "MQMH-AS-001240", "MQMH-AS-001250"}


def test_finding_schema_and_helpers():
    f_pass = findings.make_finding("X", "pass", "key", "k", "e", "a", "r")
    f_warn = findings.make_finding("X", "warn", "key", "k", "e", "a", "r")
    f_fail = findings.make_finding("X", "fail", "key", "k", "e", "a", "r")
    assert (f_pass["severity"], f_warn["severity"], f_fail["severity"]) == ("info", "low", "medium")
    assert set(f_fail) == {"code", "status", "severity", "rules", "object", "expected", "actual", "reason",
                           "profile", "basis"}
    assert findings.summarize([f_pass, f_warn, f_fail]) == {"status": "fail", "counts": {"pass": 1, "warn": 1, "fail": 1}}
    assert findings.summarize([]) == {"status": "pass", "counts": {"pass": 0, "warn": 0, "fail": 0}}
    assert findings.failures([f_pass, f_warn]) == [f_warn]
    with pytest.raises(ValueError):
        findings.make_finding("X", "ok", "key", "k", "e", "a", "r")
    with pytest.raises(KeyError):
        findings.rule_refs(["MQMH-AS-999999"])


def test_every_rule_group_names_real_stig_rules():
    for group in (findings.RULES_CHANNEL_TLS, findings.RULES_QMGR_CHANNEL_TLS, findings.RULES_SSLFIPS,
                  findings.RULES_KEY_MANAGEMENT, findings.RULES_DOD_PKI):
        for stig_id in group:
            assert set(stig_catalog.RULES[stig_id]) >= {"V1R1", "V1R2", "severity", "title", "cci"}
    assert stig_catalog.RULES["MQMH-AS-001170"]["severity"] == "high"
    assert stig_catalog.RULES["MQMH-AS-001180"]["V1R2"]["vuln_id"] == "V-255808"
