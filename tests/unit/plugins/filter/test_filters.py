# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters' own logic: dispatch, input checks and clear errors (their happy paths also run
through ansible-playbook in tests/integration/targets/filter_policy)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.mqstig.tls.plugins.filter import certificate_findings, channel_findings
from ansible_collections.mqstig.tls.plugins.filter import cipherspec_info, qmgr_findings


def test_filter_modules_register_their_names():
    assert set(cipherspec_info.FilterModule().filters()) == {"cipherspec_info"}
    assert set(channel_findings.FilterModule().filters()) == {"channel_findings"}
    assert set(qmgr_findings.FilterModule().filters()) == {"qmgr_findings"}
    assert set(certificate_findings.FilterModule().filters()) == {"certificate_findings"}


def test_cipherspec_info_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match="cipherspec_info: unknown policy profile"):
        cipherspec_info.cipherspec_info("TLS_AES_256_GCM_SHA384", profile="nsa")
    with pytest.raises(AnsibleFilterError, match="invalid date"):
        cipherspec_info.cipherspec_info("TLS_AES_256_GCM_SHA384", at="someday")


def test_channel_findings_accepts_one_or_many():
    one = {"CHANNEL": "A", "CHLTYPE": "SVRCONN", "SSLCIPH": "TLS_AES_256_GCM_SHA384", "SSLCAUTH": "REQUIRED",
           "SSLPEER": "CN=a"}
    assert len(channel_findings.channel_findings(one)) == 2
    assert len(channel_findings.channel_findings([one, dict(one, CHANNEL="B")])) == 4
    with pytest.raises(AnsibleFilterError, match="each channel must be a dict"):
        channel_findings.channel_findings(["A"])


def test_qmgr_and_certificate_input_errors():
    with pytest.raises(AnsibleFilterError, match="expected a dict"):
        qmgr_findings.qmgr_findings("QM1")
    with pytest.raises(AnsibleFilterError, match="certificate_findings: not a PEM certificate|no PEM certificate"):
        certificate_findings.certificate_findings("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(AnsibleFilterError, match="no PEM certificate"):
        certificate_findings.certificate_findings("hello")
