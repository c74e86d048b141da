# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The mqclient.ini editor changes the attributes it is given and nothing else."""

from __future__ import annotations

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.clientconf import mqclient_ini as ini

SAMPLE = (
    "# Client configuration kept by the application team\n"
    "CHANNELS:\n"
    "   ChannelDefinitionDirectory=/var/mqm\n"
    "   ChannelDefinitionFile=AMQCLCHL.TAB\n"
    "\n"
    "SSL:\n"
    "   SSLKeyRepository=/var/mqm/ssl/old\n"
    "   ; a comment inside the stanza\n"
    "   sslfipsrequired=NO\n"
    "   SSLKeyRepositoryPassword=Pa55word\n"
    "TCP:\n"
    "   KeepAlive=YES\n"
)


def test_read_gives_every_stanza_and_the_last_duplicate_wins():
    parsed = ini.read(SAMPLE + "SSL:\n  SSLKeyRepository=/second\n")
    assert parsed["CHANNELS"]["ChannelDefinitionFile"] == "AMQCLCHL.TAB"
    assert parsed["TCP"] == {"KeepAlive": "YES"}
    assert ini.stanza(SAMPLE + "SSL:\n  SSLKeyRepository=/second\n", "ssl")["SSLKeyRepository"] == "/second"


def test_edit_sets_adds_and_removes_only_what_it_is_given():
    new = ini.edit(SAMPLE, "SSL", {"SSLKeyRepository": "/var/mqm/ssl/app1.p12", "SSLFipsRequired": "YES",
                                   "CertificateLabel": "ibmwebspheremqapp1"}, remove=["SSLKeyRepositoryPassword"])
    before, after = SAMPLE.splitlines(), new.splitlines()
    # Lines outside the SSL stanza are byte for byte the same.
    assert before[:6] == after[:6]
    assert before[-2:] == after[-2:]
    assert "   ; a comment inside the stanza" in after
    assert "   SSLKeyRepository=/var/mqm/ssl/app1.p12" in after
    # The existing attribute keeps its spelling; only its value changes.
    assert "   sslfipsrequired=YES" in after
    assert "   CertificateLabel=ibmwebspheremqapp1" in after
    assert not any("Password" in line for line in after)
    # The new attribute goes inside the SSL stanza, before TCP.
    assert after.index("   CertificateLabel=ibmwebspheremqapp1") < after.index("TCP:")


def test_edit_is_idempotent():
    once = ini.edit(SAMPLE, "SSL", {"SSLKeyRepository": "/k", "CertificateLabel": "l"})
    assert ini.edit(once, "SSL", {"SSLKeyRepository": "/k", "CertificateLabel": "l"}) == once


def test_edit_appends_a_missing_stanza_and_creates_a_file_from_nothing():
    assert ini.edit("", "SSL", {"SSLKeyRepository": "/k"}) == "SSL:\n   SSLKeyRepository=/k\n"
    text = "TCP:\n   KeepAlive=YES"
    assert ini.edit(text, "SSL", {"SSLKeyRepository": "/k"}) == "TCP:\n   KeepAlive=YES\n\nSSL:\n   SSLKeyRepository=/k\n"


def test_edit_removes_duplicates_that_mq_would_read_once():
    text = "SSL:\n   SSLKeyRepository=/a\n   SSLKeyRepository=/b\n"
    assert ini.edit(text, "SSL", {"SSLKeyRepository": "/c"}) == "SSL:\n   SSLKeyRepository=/c\n"


def test_edit_keeps_windows_line_endings():
    text = "SSL:\r\n   SSLKeyRepository=/a\r\n"
    assert ini.edit(text, "SSL", {"CertificateLabel": "x"}) == "SSL:\r\n   SSLKeyRepository=/a\r\n   CertificateLabel=x\r\n"


def test_commented_out_attributes_are_not_read_or_touched():
    text = "SSL:\n#  SSLKeyRepository=/commented\n"
    assert ini.stanza(text, "SSL") == {}
    # The comment stays; the new attribute goes after the stanza's last attribute (here its header).
    assert ini.edit(text, "SSL", {"SSLKeyRepository": "/k"}) == "SSL:\n   SSLKeyRepository=/k\n#  SSLKeyRepository=/commented\n"


@pytest.mark.parametrize("value", ["a\nb", " lead", "trail "])
def test_values_that_would_break_the_file_are_refused(value):
    with pytest.raises(ini.IniError):
        ini.edit("", "SSL", {"CertificateLabel": value})


def test_bad_attribute_name_is_refused():
    with pytest.raises(ini.IniError):
        ini.edit("", "SSL", {"Bad Name": "x"})


def test_password_is_masked():
    assert "Pa55word" not in ini.masked_text(SAMPLE)
    assert ini.masked(ini.stanza(SAMPLE, "SSL"))["SSLKeyRepositoryPassword"] == ini.MASK
