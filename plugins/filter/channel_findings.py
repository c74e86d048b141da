# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: channel_findings
short_description: Run the STIG channel check on channel attributes
version_added: 0.1.0
description:
  - Applies the check of MQMH-AS-001180 and its siblings to channel attributes as IBM MQ displays them
    (C(CHANNEL), C(CHLTYPE), C(SSLCIPH), C(SSLCAUTH), C(SSLPEER)). The CipherSpec must be approved by the
    profile, C(SSLCAUTH) must be C(REQUIRED) where the channel type has it, and a blank C(SSLPEER) is a warning.
  - Takes one channel (a dict) or a list of channels and returns findings in the collection's findings schema,
    documented in C(docs/findings.md).
options:
  _input:
    description: A channel's attributes, or a list of them. Keys are MQSC attribute names in any case.
    type: raw
    required: true
  profile:
    description: The policy profile.
    type: str
    default: nist
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
  at:
    description: The date to judge on (ISO 8601). Defaults to today (UTC).
    type: str
  sslfips:
    description: Whether the queue manager runs with C(SSLFIPS(YES)).
    type: bool
    default: false
  require_sslpeer:
    description: Make a blank C(SSLPEER) a failure instead of a warning.
    type: bool
    default: false
author: mqstig.tls contributors
"""

EXAMPLES = r"""
- name: Audit channel definitions
  ansible.builtin.debug:
    msg: "{{ channels | mqstig.tls.channel_findings | selectattr('status', 'eq', 'fail') | map(attribute='reason') }}"
  vars:
    channels:
      - {CHANNEL: APP.SVRCONN, CHLTYPE: SVRCONN, SSLCIPH: TLS_RSA_WITH_AES_128_CBC_SHA, SSLCAUTH: OPTIONAL}
"""

RETURN = r"""
_value:
  description: Findings, one or more per channel (code, status, severity, rules, object, expected, actual, reason).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channels_policy


def channel_findings(channels, profile="nist", at=None, sslfips=False, require_sslpeer=False):
    items = channels if is_sequence(channels) else [channels]
    out = []
    try:
        for item in items:
            if not isinstance(item, dict):
                raise ValueError("each channel must be a dict of attributes, not %s" % type(item).__name__)
            out.extend(channels_policy.channel_findings(item, profile, at, sslfips, require_sslpeer))
    except ValueError as exc:
        raise AnsibleFilterError("channel_findings: %s" % exc)
    return out


class FilterModule(object):
    def filters(self):
        return {"channel_findings": channel_findings}
