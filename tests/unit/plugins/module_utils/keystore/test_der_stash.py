# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""DER building/reading and the v1 stash file."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import der, stash


def test_oid_round_trip_and_known_encoding():
    # 1.2.840.113549.1.12.10.1.2 (pkcs8ShroudedKeyBag), encoding from RFC 7292 / X.690 rules
    encoded = der.oid("1.2.840.113549.1.12.10.1.2")
    assert encoded.hex() == "060b2a864886f70d010c0a0102"
    assert der.parse(encoded).as_oid() == "1.2.840.113549.1.12.10.1.2"
    assert der.parse(der.oid("2.16.840.1.113894.746875.1.1")).as_oid() == "2.16.840.1.113894.746875.1.1"


@given(st.integers(min_value=-(2 ** 70), max_value=2 ** 70))
def test_integer_round_trip(value):
    assert der.parse(der.integer(value)).as_int() == value


def test_long_lengths_and_bmp():
    blob = b"x" * 70000
    assert der.parse(der.octet_string(blob)).as_bytes() == blob
    assert der.parse(der.bmp_string("ibmwebspheremqApp1é")).as_bmp() == "ibmwebspheremqApp1é"


def test_set_of_is_sorted():
    a, b = der.octet_string(b"\x02"), der.octet_string(b"\x01")
    assert der.set_of(a, b) == der.set_of(b, a)


def test_ber_indefinite_length_and_constructed_octet_string():
    # SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "cd" } }
    ber = bytes([0x30, 0x80, 0x24, 0x80]) + der.octet_string(b"ab") + der.octet_string(b"cd") + b"\x00\x00\x00\x00"
    seq = der.parse(ber)
    assert seq.children()[0].as_bytes() == b"abcd"


@pytest.mark.parametrize("data", [b"", b"\x30", b"\x30\x05\x02\x01", b"\x30\x84\xff\xff\xff\xff", b"\x30\x00\x00"])
def test_malformed_input_raises_der_error(data):
    with pytest.raises(der.DerError):
        der.parse(data)


def test_stash_layout():
    data = stash.encode("Passw0rd-1")
    assert len(data) == 129
    plain = bytes(b ^ 0xF5 for b in data)
    assert plain.startswith(b"Passw0rd-1\x00")
    assert 0 not in plain[len("Passw0rd-1") + 1:]
    assert stash.decode(data) == "Passw0rd-1"
    assert stash.encode("Passw0rd-1") != data  # random padding


@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1,
               max_size=40))
def test_stash_round_trip(password):
    assert stash.decode(stash.encode(password)) == password


@pytest.mark.parametrize("password", ["", "a\x00b", "x" * 129])
def test_stash_refuses(password):
    with pytest.raises(stash.StashError):
        stash.encode(password)


@pytest.mark.parametrize("data", [b"", b"\xf5" * 129, b"abc" * 10])
def test_stash_decode_refuses_garbage(data):
    with pytest.raises(stash.StashError):
        stash.decode(data)


@pytest.mark.parametrize("path, expected", [("/var/mqm/ssl/key.kdb", "/var/mqm/ssl/key.sth"),
                                            ("/x/app.p12", "/x/app.sth"), ("/x/app", "/x/app.sth")])
def test_stash_path(path, expected):
    assert stash.stash_path(path) == expected
