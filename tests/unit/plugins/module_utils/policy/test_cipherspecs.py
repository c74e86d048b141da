# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every CipherSpec judged under every profile, and the reasons that matter to auditors."""

from __future__ import annotations

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.policy import cipherspecs, profiles

TODAY = "2026-12-03"

# What each profile approves (verdict pass or warn) on TODAY, written out by hand from the
# IBM tables and the NIST/NSA rules, so that a change in either shows up here.
APPROVED = {
    "nist": {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256",
        "ECDHE_ECDSA_AES_128_CBC_SHA256", "ECDHE_ECDSA_AES_256_CBC_SHA384", "ECDHE_ECDSA_AES_128_GCM_SHA256",
        "ECDHE_ECDSA_AES_256_GCM_SHA384", "ECDHE_RSA_AES_128_CBC_SHA256", "ECDHE_RSA_AES_256_CBC_SHA384",
        "ECDHE_RSA_AES_128_GCM_SHA256", "ECDHE_RSA_AES_256_GCM_SHA384",
    },
    "suite_b_128": {"ECDHE_ECDSA_AES_128_GCM_SHA256", "ECDHE_ECDSA_AES_256_GCM_SHA384"},
    "suite_b_192": {"ECDHE_ECDSA_AES_256_GCM_SHA384"},
    "cnsa": {"TLS_AES_256_GCM_SHA384", "ECDHE_ECDSA_AES_256_GCM_SHA384", "ECDHE_RSA_AES_256_GCM_SHA384"},
}
# fips: the nist set (IBM flags all of its TLS 1.2 members; the TLS 1.3 flags are unconfirmed -> warn).
APPROVED["fips"] = set(APPROVED["nist"])
PASS_CLEAN = {
    "fips": APPROVED["nist"] - {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256",
        "ECDHE_RSA_AES_256_CBC_SHA384", "ECDHE_RSA_AES_128_GCM_SHA256", "ECDHE_RSA_AES_256_GCM_SHA384"},
}


@pytest.mark.parametrize("profile", sorted(profiles.PROFILES))
@pytest.mark.parametrize("name", cipherspecs.all_names(include_aliases=False))
def test_every_cipherspec_under_every_profile(name, profile):
    verdict = cipherspecs.judge(name, profile, TODAY)
    assert verdict["known"] and not verdict["alias"]
    assert verdict["approved"] is (name in APPROVED[profile])
    if profile in PASS_CLEAN:
        assert (verdict["verdict"] == "pass") is (name in PASS_CLEAN[profile])
    elif verdict["approved"]:
        assert verdict["verdict"] == "pass" and verdict["problems"] == []
    else:
        assert verdict["verdict"] == "fail"
        assert all(p["reason"] for p in verdict["problems"])


def test_table_is_complete_and_consistent():
    names = cipherspecs.all_names(include_aliases=False)
    assert len(names) == len(set(names)) == 47
    for name in names:
        entry = cipherspecs.lookup(name)
        assert entry["protocol"] in ("TLS 1.3", "TLS 1.2", "TLS 1.0", "SSL 3.0")
        assert entry["status"] in ("supported", "deprecated")
        assert entry["iana_code"].startswith("0x") and len(entry["iana_code"]) == 6
        assert entry["fips"] in (True, False, None)
        assert entry["suite_b"] in (None, 128, 192)
        assert len(name) <= cipherspecs.SSLCIPH_MAX_LENGTH
        if entry["status"] == "deprecated":
            assert entry["deprecated_in"]
    # Only the two ECDHE-ECDSA GCM specs are Suite B, as IBM states.
    assert {n for n in names if cipherspecs.lookup(n)["suite_b"]} == {
        "ECDHE_ECDSA_AES_128_GCM_SHA256", "ECDHE_ECDSA_AES_256_GCM_SHA384"}
    assert sorted(cipherspecs.ALIASES) == ["ANY", "ANY_TLS12", "ANY_TLS12_OR_HIGHER", "ANY_TLS13", "ANY_TLS13_OR_HIGHER"]


def test_stig_example_cipherspec_is_not_approved_under_nist_with_reasons():
    verdict = cipherspecs.judge("TLS_RSA_WITH_AES_128_CBC_SHA", "nist", TODAY)
    assert verdict["verdict"] == "fail" and not verdict["approved"]
    codes = {p["code"] for p in verdict["problems"]}
    assert codes == {"CIPHERSPEC_PROTOCOL", "CIPHERSPEC_RSA_KEY_TRANSPORT", "CIPHERSPEC_DEPRECATED"}
    reasons = " ".join(p["reason"] for p in verdict["problems"])
    assert "TLS 1.0" in reasons and "RSA key transport" in reasons and "2023-12-31" in reasons


@pytest.mark.parametrize("at, status", [("2023-12-31", "warn"), ("2024-01-01", "fail")])
def test_rsa_key_transport_transition_date(at, status):
    verdict = cipherspecs.judge("TLS_RSA_WITH_AES_256_GCM_SHA384", "nist", at)
    assert [p["status"] for p in verdict["problems"] if p["code"] == "CIPHERSPEC_RSA_KEY_TRANSPORT"] == [status]
    assert verdict["approved"] is (status == "warn")


@pytest.mark.parametrize("at, status", [("2023-12-31", "warn"), ("2024-01-01", "fail")])
def test_3des_transition_date(at, status):
    verdict = cipherspecs.judge("ECDHE_RSA_3DES_EDE_CBC_SHA256", "nist", at)
    assert [p["status"] for p in verdict["problems"] if p["code"] == "CIPHERSPEC_3DES"] == [status]
    # It is deprecated by IBM as well, so it fails either way.
    assert verdict["verdict"] == "fail"


def test_chacha20_is_not_nist_approved():
    verdict = cipherspecs.judge("TLS_CHACHA20_POLY1305_SHA256", "nist", TODAY)
    assert [p["code"] for p in verdict["problems"]] == ["CIPHERSPEC_CIPHER"]


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_sslciph_means_no_tls(value):
    verdict = cipherspecs.judge(value, "nist", TODAY)
    assert verdict["verdict"] == "fail"
    assert [p["code"] for p in verdict["problems"]] == ["CIPHERSPEC_NONE"]


def test_unknown_name_and_normalisation():
    assert cipherspecs.judge("TLS_MADE_UP", "nist", TODAY)["problems"][0]["code"] == "CIPHERSPEC_UNKNOWN"
    assert not cipherspecs.judge("TLS_MADE_UP", "nist", TODAY)["known"]
    assert cipherspecs.judge(" ecdhe_ecdsa_aes_256_gcm_sha384 ", "cnsa", TODAY)["verdict"] == "pass"


def test_aliases():
    # ANY_TLS12_OR_HIGHER can negotiate RSA key transport and ChaCha20: not approved under nist.
    any12 = cipherspecs.judge("ANY_TLS12_OR_HIGHER", "nist", TODAY)
    assert any12["alias"] and any12["verdict"] == "fail"
    assert any("TLS_RSA_WITH_AES_128_GCM_SHA256" in p["reason"] for p in any12["problems"])
    # ANY_TLS13 under nist: ChaCha20 fails; with SSLFIPS(YES) the queue manager refuses ChaCha20.
    assert cipherspecs.judge("ANY_TLS13", "nist", TODAY)["verdict"] == "fail"
    fips13 = cipherspecs.judge("ANY_TLS13", "nist", TODAY, sslfips=True)
    assert fips13["verdict"] == "pass"
    info = cipherspecs.info("ANY_TLS13")
    assert "TLS_CHACHA20_POLY1305_SHA256" in info["members"] and "members" in info["unconfirmed"]


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown policy profile 'nsa'.*cnsa, fips, nist"):
        cipherspecs.judge("TLS_AES_256_GCM_SHA384", "nsa")


def test_findings_carry_the_stig_rules_of_the_channel_check():
    found = cipherspecs.findings("TLS_RSA_WITH_AES_128_CBC_SHA", "nist", TODAY, obj_type="channel", obj_name="C1.TO.QM1")
    assert {f["status"] for f in found} == {"fail"}
    for finding in found:
        ids = {r["stig_id"] for r in finding["rules"]}
        assert "MQMH-AS-001180" in ids and "MQMH-AS-001000" in ids
        target = [r for r in finding["rules"] if r["stig_id"] == "MQMH-AS-001180"][0]
        assert target["V1R1"]["rule_id"] == "SV-89591r1_rule"
        assert target["V1R2"]["rule_id"] == "SV-255808r961857_rule"
        # MQMH-AS-001170 is high, so a failure of the channel check is high.
        assert finding["severity"] == "high"
        assert finding["object"] == {"type": "channel", "name": "C1.TO.QM1"}
    passed = cipherspecs.findings("ECDHE_ECDSA_AES_256_GCM_SHA384", "nist", TODAY)
    assert [(f["code"], f["status"], f["severity"]) for f in passed] == [("CIPHERSPEC_APPROVED", "pass", "info")]
