# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""MQSC building: quoting, validation, exact command text, and property tests showing that no value
can add an attribute or a command (every built command is read back with an MQSC tokenizer written
here from IBM's syntax rules, independently of the code under test)."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.mqsc import MqscError

REFUSED = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_UNQUOTED = re.compile(r"[^'\s,()]+")
NASTY = st.sampled_from(list("'\"(),;+-*= \t\n\r\x00\x85\u2028\u202e\ufeffAb1.:/%_") + ["''", "')", "') DELETE QLOCAL(X"])
PRINTABLE = st.sampled_from(list("'\"(),;+-*= Ab1.:/%_") + ["''", "')", "') DELETE QLOCAL(X", "' +", "-"])
# Any text (about a quarter of it carriable), and text made only of carriable characters.
TEXT = st.one_of(st.lists(st.one_of(NASTY, st.characters()), max_size=40).map("".join),
                 st.lists(st.one_of(PRINTABLE, st.characters(blacklist_categories=REFUSED)), max_size=40).map("".join))


def tokenize(command):
    """[(KEYWORD, True | [("q", quoted text) | ("u", UNQUOTED WORD), ...])] by IBM's MQSC rules: keywords
    and parenthesised values separated by blanks or commas; a quoted string ends at a lone quotation
    mark and ``''`` inside it is one quotation mark; outside quotes lower case folds to upper case."""
    if len(command.splitlines()) != 1:
        raise ValueError("not a single line")
    out = []
    n = len(command)

    def skip(i):
        while i < n and command[i] in " ,":
            i += 1
        return i

    i = skip(0)
    while i < n:
        word = _WORD.match(command, i)
        if not word:
            raise ValueError("no keyword at %d" % i)
        name, i = word.group().upper(), word.end()
        j = i
        while j < n and command[j] == " ":
            j += 1
        if j < n and command[j] == "(":
            i, items = j + 1, []
            while True:
                i = skip(i)
                if i >= n:
                    raise ValueError("unterminated value")
                if command[i] == ")":
                    i += 1
                    break
                if command[i] == "'":
                    i, chars = i + 1, []
                    while True:
                        if i >= n:
                            raise ValueError("unterminated string")
                        if command[i] == "'":
                            if command[i + 1:i + 2] == "'":
                                chars.append("'")
                                i += 2
                                continue
                            i += 1
                            break
                        chars.append(command[i])
                        i += 1
                    items.append(("q", "".join(chars)))
                else:
                    bare = _UNQUOTED.match(command, i)
                    if not bare:
                        raise ValueError("bad value at %d" % i)
                    items.append(("u", bare.group().upper()))
                    i = bare.end()
            out.append((name, items))
        else:
            out.append((name, True))
        if i < n and command[i] not in " ,":
            raise ValueError("no separator at %d" % i)
        i = skip(i)
    return out


def carriable(text, limit=None):
    ok = all(unicodedata.category(c) not in REFUSED for c in text)
    return ok and (limit is None or len(text.encode("utf-8")) <= limit)


def q(text):
    return [("q", text)]


def u(text):
    return [("u", text)]


# --- quoting ------------------------------------------------------------------------------------

def test_quote_doubles_quotation_marks():
    assert mqsc.quote("") == "''"
    assert mqsc.quote("abc") == "'abc'"
    assert mqsc.quote("it's") == "'it''s'"
    assert mqsc.quote("''") == "''''''"
    assert mqsc.quote("CN=John Smith, O=IBM ,OU=Test , C=GB") == "'CN=John Smith, O=IBM ,OU=Test , C=GB'"
    assert mqsc.quote("é ünïcødé ☃") == "'é ünïcødé ☃'"


@pytest.mark.parametrize("bad", ["a\nb", "a\rb", "a\x00b", "tab\t", "nel\x85", "ls\u2028", "ps\u2029",
                                 "rtl\u202eoverride", "bom\ufeff", "del\x7f", "priv\ue000"])
def test_quote_refuses_characters_mqsc_cannot_carry(bad):
    with pytest.raises(MqscError, match="cannot be carried"):
        mqsc.quote(bad)


def test_quote_needs_a_string():
    with pytest.raises(MqscError):
        mqsc.quote(5)


# --- names and lengths --------------------------------------------------------------------------

def test_names():
    assert mqsc.validate_name("DEV.APP.SVRCONN") == "DEV.APP.SVRCONN"
    assert mqsc.validate_name("a/b%c_d.e") == "a/b%c_d.e"
    assert mqsc.validate_name("C" * 20) == "C" * 20
    assert mqsc.validate_name("Q" * 48, "qmgr") == "Q" * 48
    assert mqsc.validate_name("*", generic=True) == "*"
    assert mqsc.validate_name("DEV.*", generic=True) == "DEV.*"
    for bad, kind, generic in [("C" * 21, "channel", False), ("Q" * 49, "qmgr", False), ("", "channel", False),
                               ("A B", "channel", False), ("A-B", "channel", False), ("A'B", "channel", False),
                               ("A*", "channel", False), ("*A", "channel", True), ("A**", "channel", True),
                               ("A?", "channel", True), ("A:", "channel", True), ("A", "widget", False)]:
        with pytest.raises(MqscError):
            mqsc.validate_name(bad, kind, generic)
    with pytest.raises(MqscError, match="at most 20"):
        mqsc.define_channel("TOO.LONG.CHANNEL.NAME", "SVRCONN")


def test_chlauth_profiles():
    assert mqsc.validate_chlauth_profile("*") == "*"
    assert mqsc.validate_chlauth_profile("SYSTEM.*") == "SYSTEM.*"
    assert mqsc.validate_chlauth_profile("A*B*") == "A*B*"
    for bad in ["", "A B", "A" * 21, "A'"]:
        with pytest.raises(MqscError):
            mqsc.validate_chlauth_profile(bad)
    with pytest.raises(MqscError, match="BLOCKADDR"):
        mqsc.set_chlauth("DEV.*", "BLOCKADDR", {"ADDRLIST": ["10.0.0.*"]})


@pytest.mark.parametrize("name,limit", [("SSLCIPH", 32), ("SSLPEER", 1024), ("CERTLABL", 64), ("DESCR", 64)])
def test_documented_lengths(name, limit):
    value = "A" * limit
    assert mqsc.attribute(name, value) == "%s('%s')" % (name, value)
    with pytest.raises(MqscError, match="at most %d" % limit):
        mqsc.attribute(name, value + "A")


def test_lengths_count_utf8_bytes_and_not_the_doubled_quotes():
    assert mqsc.attribute("DESCR", "é" * 32) == "DESCR('%s')" % ("é" * 32)
    with pytest.raises(MqscError, match="66 bytes"):
        mqsc.attribute("DESCR", "é" * 33)
    assert mqsc.attribute("DESCR", "'" * 64) == "DESCR('%s')" % ("'" * 128)


def test_cipherspec_characters():
    assert mqsc.attribute("SSLCIPH", "") == "SSLCIPH('')"
    assert mqsc.attribute("SSLCIPH", "ANY_TLS13_OR_HIGHER") == "SSLCIPH('ANY_TLS13_OR_HIGHER')"
    for bad in ["TLS AES", "TLS-AES", "X')"]:
        with pytest.raises(MqscError, match="CipherSpec"):
            mqsc.attribute("SSLCIPH", bad)


# --- attribute values ---------------------------------------------------------------------------

def test_keyword_values_are_checked_and_written_bare():
    assert mqsc.attribute("SSLCAUTH", "required") == "SSLCAUTH(REQUIRED)"
    assert mqsc.attribute("sslfips", "YES") == "SSLFIPS(YES)"
    assert mqsc.attribute("CHLAUTH", " enabled ") == "CHLAUTH(ENABLED)"
    assert mqsc.attribute("TRPTYPE", "TCP") == "TRPTYPE(TCP)"
    assert mqsc.attribute("USERSRC", "noaccess") == "USERSRC(NOACCESS)"
    assert mqsc.attribute("KAINT", "AUTO") == "KAINT(AUTO)" and mqsc.attribute("KAINT", 30) == "KAINT(30)"
    assert mqsc.attribute("SUITEB", ["128_BIT", "192_bit"]) == "SUITEB(128_BIT,192_BIT)"
    for name, bad in [("SSLCAUTH", "MAYBE"), ("SSLCAUTH", "REQUIRED) SSLCIPH(NULL"), ("SSLFIPS", 1),
                      ("SSLFIPS", 2), ("CHLAUTH", ["ENABLED"]), ("TRPTYPE", "'TCP'")]:
        with pytest.raises(MqscError):
            mqsc.attribute(name, bad)


def test_integers_strings_lists_and_flags():
    assert mqsc.attribute("SHARECNV", 10) == "SHARECNV(10)"
    assert mqsc.attribute("HBINT", "300") == "HBINT(300)"
    assert mqsc.attribute("MCAUSER", "app") == "MCAUSER('app')"
    assert mqsc.attribute("CONNAME", "h1(1414),h2(1415)") == "CONNAME('h1(1414),h2(1415)')"
    assert mqsc.attribute("USERLIST", ["a", "b'c"]) == "USERLIST('a','b''c')"
    assert mqsc.attribute("REPLACE", True) == "REPLACE"
    assert mqsc.attribute("MAXMSGL", 4194304) == "MAXMSGL(4194304)"
    for name, bad in [("HBINT", "3 00"), ("HBINT", 1.5), ("HBINT", False), ("DESCR", None),
                      ("DESCR", 5), ("USERLIST", []), ("DESC R", "x"), ("1DESCR", "x"), ("DESCR(", "x"),
                      ("SSLCAUTH", ["REQUIRED"])]:
        with pytest.raises(MqscError):
            mqsc.attribute(name, bad)


# --- whole commands -----------------------------------------------------------------------------

def test_stig_fix_command():
    command = mqsc.define_channel("C1.TO.QM1", "svrconn", {
        "TRPTYPE": "TCP", "SSLCIPH": "TLS_AES_256_GCM_SHA384", "SSLCAUTH": "REQUIRED",
        "DESCR": "Client 1's TLS channel"})
    assert command == ("DEFINE CHANNEL('C1.TO.QM1') CHLTYPE(SVRCONN) TRPTYPE(TCP) SSLCIPH('TLS_AES_256_GCM_SHA384') "
                       "SSLCAUTH(REQUIRED) DESCR('Client 1''s TLS channel')")


def test_channel_commands():
    assert mqsc.alter_channel("QM1.TO.QM2", "RCVR", {"SSLPEER": ""}) == \
        "ALTER CHANNEL('QM1.TO.QM2') CHLTYPE(RCVR) SSLPEER('')"
    assert mqsc.alter_channel("QM1.TO.QM2", "SDR", [("CONNAME", "10.241.0.4(1414)"), ("CERTLABL", "QM1")]) == \
        "ALTER CHANNEL('QM1.TO.QM2') CHLTYPE(SDR) CONNAME('10.241.0.4(1414)') CERTLABL('QM1')"
    assert mqsc.delete_channel("dev.lower") == "DELETE CHANNEL('dev.lower')"
    assert mqsc.display_channel("*", "SVRCONN") == "DISPLAY CHANNEL('*') CHLTYPE(SVRCONN) ALL"
    assert mqsc.display_channel("DEV.*", attrs=("sslciph", "SSLCAUTH", "sslciph")) == \
        "DISPLAY CHANNEL('DEV.*') SSLCIPH SSLCAUTH"
    assert mqsc.define_channel("X", "CLNTCONN", {"CONNAME": "h(1414)", "QMNAME": "QM1"}) == \
        "DEFINE CHANNEL('X') CHLTYPE(CLNTCONN) CONNAME('h(1414)') QMNAME('QM1')"


def test_channel_command_errors():
    cases = [
        lambda: mqsc.alter_channel("X", "SVRCONN", {}),
        lambda: mqsc.alter_channel("X", "SVRCONN", {"DESCR": "a", "descr": "b"}),
        lambda: mqsc.alter_channel("X", "SVRCONN", {"CHLTYPE": "SDR"}),
        lambda: mqsc.alter_channel("X", "WIDGET", {"DESCR": "a"}),
        lambda: mqsc.alter_channel("X", "SDR", {"SSLCAUTH": "REQUIRED"}),
        lambda: mqsc.alter_channel("X", "SVRCONN", {"CONNAME": "h"}),
        lambda: mqsc.alter_channel("X", "SVRCONN", {"QMNAME": "QM1"}),
        lambda: mqsc.alter_channel("X", "SVRCONN", {"XMITQ": "Q"}),
        lambda: mqsc.define_channel("X", "SDR", {"XMITQ": "BAD Q"}),
        lambda: mqsc.display_channel("X", attrs=("CHLTYPE",)),
        lambda: mqsc.display_channel("X", attrs=("ALL ALL",)),
        lambda: mqsc.delete_channel("X Y"),
    ]
    for call in cases:
        with pytest.raises(MqscError):
            call()


def test_qmgr_and_chlauth_commands():
    assert mqsc.alter_qmgr({"SSLFIPS": "yes", "CHLAUTH": "ENABLED", "SSLKEYR": "/var/mqm/qmgrs/QM1/ssl/key",
                            "CERTLABL": "ibmwebspheremqqm1", "SSLEV": "ENABLED"}) == (
        "ALTER QMGR SSLFIPS(YES) CHLAUTH(ENABLED) SSLKEYR('/var/mqm/qmgrs/QM1/ssl/key') CERTLABL('ibmwebspheremqqm1') "
        "SSLEV(ENABLED)")
    assert mqsc.display_qmgr() == "DISPLAY QMGR ALL"
    assert mqsc.display_qmgr(["SSLFIPS", "sslkeyr"]) == "DISPLAY QMGR SSLFIPS SSLKEYR"
    assert mqsc.refresh_security_ssl() == "REFRESH SECURITY TYPE(SSL)"
    assert mqsc.set_chlauth("APP.*", "sslpeermap", {"SSLPEER": "CN=app1,O=Example", "SSLCERTI": "CN=Example CA",
                                                    "USERSRC": "MAP", "MCAUSER": "app1"}, action="replace") == (
        "SET CHLAUTH('APP.*') TYPE(SSLPEERMAP) SSLPEER('CN=app1,O=Example') SSLCERTI('CN=Example CA') USERSRC(MAP) "
        "MCAUSER('app1') ACTION(REPLACE)")
    assert mqsc.set_chlauth("*", "ADDRESSMAP", {"ADDRESS": "*", "USERSRC": "NOACCESS"}) == \
        "SET CHLAUTH('*') TYPE(ADDRESSMAP) ADDRESS('*') USERSRC(NOACCESS)"
    assert mqsc.display_chlauth("*") == "DISPLAY CHLAUTH('*') ALL"
    assert mqsc.display_chlauth("APP.*", "SSLPEERMAP") == "DISPLAY CHLAUTH('APP.*') TYPE(SSLPEERMAP) ALL"
    for call in [lambda: mqsc.alter_qmgr({}), lambda: mqsc.alter_qmgr({"SSLFIPS": "MAYBE"}),
                 lambda: mqsc.set_chlauth("X", "SSLPEERMAP", {"TYPE": "USERMAP"}),
                 lambda: mqsc.set_chlauth("X", "SSLPEERMAP", {"ACTION": "ADD"}),
                 lambda: mqsc.set_chlauth("X", "WIDGET", {}), lambda: mqsc.set_chlauth("X", "USERMAP", {}, "DROP"),
                 lambda: mqsc.set_chlauth("X", "SSLPEERMAP", {"SSLPEER": "A" * 1025}),
                 lambda: mqsc.display_chlauth("X", attrs=("TYPE",))]:
        with pytest.raises(MqscError):
            call()


def test_command_length_limit():
    many = [("X%d" % i, "A" * 60) for i in range(600)]
    with pytest.raises(MqscError, match="32762"):
        mqsc.alter_qmgr(many)


def test_script_splits_long_commands_with_minus_continuation():
    peer = "CN=" + "x" * 1000 + ",O='quoted'"
    command = mqsc.alter_channel("C1", "SVRCONN", {"SSLPEER": peer, "DESCR": "d"})
    text = mqsc.script([command, mqsc.refresh_security_ssl()], width=100)
    lines = text.splitlines()
    assert text.endswith("\n") and lines[-1] == "REFRESH SECURITY TYPE(SSL)"
    assert all(len(line.encode()) <= 100 for line in lines)
    assert reassemble(lines[:-1]) == [command]
    assert mqsc.script(["DISPLAY QMGR ALL"]) == "DISPLAY QMGR ALL\n"
    for bad in [["DISPLAY QMGR\nEND"], ["* comment"], ["ALTER QMGR +"], [""]]:
        with pytest.raises(MqscError):
            mqsc.script(bad)
    with pytest.raises(MqscError):
        mqsc.script(["DISPLAY QMGR"], width=4096)


def reassemble(lines):
    """Commands from runmqsc input, by IBM's rules for a trailing ``-`` (continue from the start of the next line)."""
    commands, current = [], ""
    for line in lines:
        assert line and not line[0].isspace() and not line.startswith("*")
        if line.endswith("-"):
            assert not line[-2].isspace() and line[-2] not in "+-;"
            current += line[:-1]
        else:
            commands.append(current + line)
            current = ""
    assert current == ""
    return commands


# --- properties: nothing can be injected --------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(descr=TEXT, peer=TEXT, label=TEXT)
def test_channel_values_cannot_inject(descr, peer, label):
    expected_ok = carriable(descr, 64) and carriable(peer, 1024) and carriable(label, 64)
    try:
        command = mqsc.alter_channel("C1.TO.QM1", "SVRCONN", {"DESCR": descr, "SSLPEER": peer, "CERTLABL": label})
    except MqscError:
        assert not expected_ok
        return
    assert expected_ok
    assert tokenize(command) == [("ALTER", True), ("CHANNEL", q("C1.TO.QM1")), ("CHLTYPE", u("SVRCONN")),
                                 ("DESCR", q(descr)), ("SSLPEER", q(peer)), ("CERTLABL", q(label))]


@settings(max_examples=300, deadline=None)
@given(name=TEXT, conname=TEXT)
def test_names_cannot_inject(name, conname):
    expected_ok = bool(re.fullmatch(r"[A-Za-z0-9./_%]{1,20}", name)) and carriable(conname, 264)
    try:
        command = mqsc.define_channel(name, "SDR", {"CONNAME": conname, "XMITQ": "QM2"})
    except MqscError:
        assert not expected_ok
        return
    assert expected_ok
    assert tokenize(command) == [("DEFINE", True), ("CHANNEL", q(name)), ("CHLTYPE", u("SDR")),
                                 ("CONNAME", q(conname)), ("XMITQ", q("QM2"))]


@settings(max_examples=300, deadline=None)
@given(profile=TEXT, peer=TEXT, issuer=TEXT, user=TEXT, action=st.sampled_from(["ADD", "replace", "Remove"]))
def test_chlauth_values_cannot_inject(profile, peer, issuer, user, action):
    expected_ok = (bool(re.fullmatch(r"[A-Za-z0-9./_%*]{1,20}", profile)) and carriable(peer, 1024)
                   and carriable(issuer, 1024) and carriable(user, 64))
    try:
        command = mqsc.set_chlauth(profile, "SSLPEERMAP", {"SSLPEER": peer, "SSLCERTI": issuer, "USERSRC": "MAP",
                                                           "MCAUSER": user}, action)
    except MqscError:
        assert not expected_ok
        return
    assert expected_ok
    assert tokenize(command) == [("SET", True), ("CHLAUTH", q(profile)), ("TYPE", u("SSLPEERMAP")),
                                 ("SSLPEER", q(peer)), ("SSLCERTI", q(issuer)), ("USERSRC", u("MAP")),
                                 ("MCAUSER", q(user)), ("ACTION", u(action.upper()))]


@settings(max_examples=300, deadline=None)
@given(name=TEXT, value=TEXT)
def test_keywords_and_attribute_names_cannot_inject(name, value):
    for attr in ("SSLCAUTH", "SSLFIPS", "CHLAUTH", "TRPTYPE", "USERSRC", "HBINT", "KAINT"):
        try:
            text = mqsc.attribute(attr, value)
        except MqscError:
            continue
        ((got, items),) = tokenize(text)
        assert got == attr and len(items) == 1 and items[0][0] == "u"
        assert items[0][1] in mqsc.KEYWORD_VALUES.get(attr, ()) or items[0][1].isdigit()
    try:
        text = mqsc.attribute(name, "v")
    except MqscError:
        assert not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,15}", name.strip())
        return
    assert tokenize(text) == [(name.strip().upper(), q("v"))]


@settings(max_examples=200, deadline=None)
@given(peer=TEXT, descr=TEXT, width=st.integers(min_value=16, max_value=120))
def test_script_lines_reassemble_to_the_same_command(peer, descr, width):
    try:
        command = mqsc.alter_channel("C1", "SVRCONN", {"SSLPEER": peer * 5, "DESCR": descr})
    except MqscError:
        return
    try:
        text = mqsc.script([command, command], width=width)
    except MqscError as exc:
        assert "cannot be split" in str(exc)  # e.g. a run of '*' longer than a line
        return
    lines = text.splitlines()
    assert all(len(line.encode("utf-8")) <= width for line in lines)
    assert reassemble(lines) == [command, command]
