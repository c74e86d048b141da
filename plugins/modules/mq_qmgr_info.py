#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_qmgr_info
short_description: Read an IBM MQ queue manager's attributes and judge SSLFIPS (read-only)
version_added: 0.1.0
description:
  - Reads the queue manager's attributes with one DISPLAY QMGR and returns them with the SSLFIPS finding
    (MQMH-AS-001200 and siblings). O(query) filters them with a JMESPath expression.
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mqstig.tls.connection
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: posix
options:
  query:
    description: JMESPath expression applied to RV(qmgr_attributes); its result is in RV(query_result).
    type: str
  profile:
    description: Policy profile of the findings.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
requirements:
  - jmespath (for O(query))
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001200 | AUDIT | Read SSLFIPS and the key repository
  mqstig.tls.mq_qmgr_info:
    qmgr: QM1
    transport: runmqsc
    query: "{fips: SSLFIPS, keyr: SSLKEYR}"
"""

RETURN = r"""
qmgr_attributes:
  description: The queue manager's attributes as displayed (MQSC names, upper case).
  returned: always
  type: dict
query_result:
  description: The result of O(query).
  returned: when O(query) is set
  type: raw
findings:
  description: The SSLFIPS finding.
  returned: always
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils import mq_connection
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import PROFILES
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channel_policy

try:
    import jmespath
    HAS_JMESPATH = True
except ImportError:
    HAS_JMESPATH = False


def main():
    module = AnsibleModule(
        argument_spec=mq_connection.connection_argument_spec(
            query={"type": "str"},
            profile={"type": "str", "choices": PROFILES, "default": "nist"},
        ),
        supports_check_mode=True,
    )
    secret_args.restore(module)
    if module.params["query"] and not HAS_JMESPATH:
        module.fail_json(msg=missing_required_lib("jmespath"))
    transport = mq_connection.transport(module)
    try:
        record = transport.display_qmgr()
    except AdminError as exc:
        module.fail_json(msg=exc.message)
    result = {"changed": False, "qmgr_attributes": record,
              "findings": channel_policy.qmgr_findings(record, module.params["profile"])}
    if module.params["query"]:
        try:
            result["query_result"] = jmespath.search(module.params["query"], record)
        except jmespath.exceptions.JMESPathError as exc:
            module.fail_json(msg="query is not a valid JMESPath expression: %s" % exc)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
