# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.policy import keys

TODAY = "2026-12-03"


def codes(key, profile="nist", at=TODAY):
    return sorted((status, code) for status, code, _reason, _basis in keys.problems(key, profile, at))


@pytest.mark.parametrize("size, strength", [(1024, 80), (2047, 80), (2048, 112), (3071, 112), (3072, 128),
                                            (7680, 192), (15360, 256)])
def test_rsa_strength_sp800_57(size, strength):
    assert keys.strength({"type": "rsa", "size": size}) == strength


@pytest.mark.parametrize("curve, strength", [("P-224", 112), ("prime256v1", 128), ("secp384r1", 192),
                                             ("P-521", 256), ("secp256k1", 0)])
def test_ec_strength(curve, strength):
    assert keys.strength({"type": "ec", "curve": curve}) == strength


def test_rsa_boundaries_under_nist():
    assert codes({"type": "rsa", "size": 2047}) == [("fail", "KEY_SIZE"), ("fail", "KEY_STRENGTH")]
    assert codes({"type": "rsa", "size": 2048}) == []
    assert codes({"type": "rsa", "size": 3072}) == []


def test_112_bit_transition():
    rsa2048 = {"type": "rsa", "size": 2048}
    assert codes(rsa2048, at="2029-12-31") == []
    assert codes(rsa2048, at="2030-01-01") == [("warn", "KEY_STRENGTH_TRANSITION")]
    assert codes(rsa2048, at="2030-12-31") == [("warn", "KEY_STRENGTH_TRANSITION")]
    assert codes(rsa2048, at="2031-01-01") == [("fail", "KEY_STRENGTH")]
    p224 = {"type": "ec", "curve": "P-224"}
    assert codes(p224, at="2026-12-03") == []
    assert codes(p224, at="2031-01-01") == [("fail", "KEY_STRENGTH")]
    assert codes({"type": "rsa", "size": 3072}, at="2031-01-01") == []


def test_profiles_on_keys():
    assert codes({"type": "rsa", "size": 2048}, "cnsa") == [("fail", "KEY_SIZE"), ("fail", "KEY_STRENGTH")]
    assert codes({"type": "rsa", "size": 3072}, "cnsa") == []
    assert codes({"type": "ec", "curve": "P-256"}, "cnsa") == [("fail", "KEY_CURVE")]
    assert codes({"type": "ec", "curve": "P-384"}, "cnsa") == []
    assert codes({"type": "rsa", "size": 4096}, "suite_b_128") == [("fail", "KEY_TYPE")]
    assert codes({"type": "ec", "curve": "P-256"}, "suite_b_128") == []
    assert codes({"type": "ec", "curve": "P-256"}, "suite_b_192") == [("fail", "KEY_CURVE"), ("fail", "KEY_STRENGTH")]
    assert codes({"type": "ec", "curve": "P-224"}, "suite_b_128") == [("fail", "KEY_CURVE"), ("fail", "KEY_STRENGTH")]


def test_other_key_types():
    assert codes({"type": "dsa", "size": 3072}) == [("fail", "KEY_TYPE")]
    assert codes({"type": "ed25519"}) == []
    assert codes({"type": "ed25519"}, "fips") == [("fail", "KEY_CURVE")]
    assert codes({"type": "ec", "curve": "secp256k1"}) == [("fail", "KEY_CURVE"), ("fail", "KEY_STRENGTH")]
    assert codes({"type": "elgamal"}) == [("fail", "KEY_TYPE")]


def test_key_findings_shape():
    found = keys.findings({"type": "ec", "curve": "secp384r1"}, "nist", TODAY, obj_name="client key")
    assert [(f["code"], f["status"]) for f in found] == [("KEY_APPROVED", "pass")]
    assert found[0]["object"] == {"type": "key", "name": "client key"}
    assert found[0]["actual"] == "EC secp384r1"
