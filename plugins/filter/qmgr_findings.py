# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: qmgr_findings
short_description: Run the STIG queue manager TLS check on queue manager attributes
version_added: 0.1.0
description:
  - Applies the check of MQMH-AS-001200, 001230, 001240 and 001250 (C(DIS QMGR SSLFIPS) must be C(YES))
    to queue manager attributes as IBM MQ displays them (C(QMNAME), C(SSLFIPS)).
  - Returns findings in the collection's findings schema, documented in C(docs/findings.md).
options:
  _input:
    description: The queue manager's attributes. Keys are MQSC attribute names in any case.
    type: dict
    required: true
  profile:
    description: The policy profile recorded in the findings.
    type: str
    default: nist
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
author: mqstig.tls contributors
"""

EXAMPLES = r"""
- name: Audit SSLFIPS
  ansible.builtin.debug:
    msg: "{{ {'QMNAME': 'QM1', 'SSLFIPS': 'NO'} | mqstig.tls.qmgr_findings }}"
"""

RETURN = r"""
_value:
  description: One finding, code C(QMGR_SSLFIPS).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channels_policy


def qmgr_findings(qmgr, profile="nist"):
    if not isinstance(qmgr, dict):
        raise AnsibleFilterError("qmgr_findings: expected a dict of queue manager attributes, not %s"
                                 % type(qmgr).__name__)
    try:
        return channels_policy.qmgr_findings(qmgr, profile)
    except ValueError as exc:
        raise AnsibleFilterError("qmgr_findings: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"qmgr_findings": qmgr_findings}
