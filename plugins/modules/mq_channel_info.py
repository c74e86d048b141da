#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_channel_info
short_description: Read IBM MQ channels and judge their TLS attributes (read-only)
version_added: 0.1.0
description:
  - Reads every channel matching O(name) (and O(type)) with one DISPLAY and returns their attributes and the policy
    findings of each. This is the STIG check C(DIS CHANNEL(*) CHLTYPE(SVRCONN)) as data.
  - O(query) filters the result with a JMESPath expression.
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
  name:
    description: Channel name or generic name.
    type: str
    default: "*"
  type:
    description: Only channels of this type.
    type: str
    choices: [SDR, SVR, RCVR, RQSTR, CLNTCONN, SVRCONN, CLUSSDR, CLUSRCVR, AMQP]
  exclude:
    description: Channels whose names match one of these shell patterns are left out.
    type: list
    elements: str
    default: []
  query:
    description: JMESPath expression applied to RV(channels); its result is returned in RV(query_result).
    type: str
  profile:
    description: Policy profile of the findings.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
  sslfips:
    description: Whether the queue manager runs with SSLFIPS(YES), for judging CipherSpec aliases.
    type: bool
requirements:
  - jmespath (for O(query))
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | AUDIT | Every SVRCONN channel without SSLCAUTH(REQUIRED)
  mqstig.tls.mq_channel_info:
    qmgr: QM1
    transport: runmqsc
    type: SVRCONN
    query: "[?SSLCAUTH != 'REQUIRED'].CHANNEL"
  register: weak_channels
"""

RETURN = r"""
channels:
  description: The channels' attributes as displayed (MQSC names, upper case).
  returned: always
  type: list
  elements: dict
query_result:
  description: The result of O(query).
  returned: when O(query) is set
  type: raw
findings:
  description: Policy findings of every channel.
  returned: always
  type: list
  elements: dict
summary:
  description: Findings per status.
  returned: always
  type: dict
round_trips:
  description: Requests made to the queue manager.
  returned: always
  type: int
"""

import fnmatch

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils import mq_connection
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import PROFILES
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channel_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd

try:
    import jmespath
    HAS_JMESPATH = True
except ImportError:
    HAS_JMESPATH = False


def main():
    module = AnsibleModule(
        argument_spec=mq_connection.connection_argument_spec(
            name={"type": "str", "default": "*"},
            type={"type": "str", "choices": ["SDR", "SVR", "RCVR", "RQSTR", "CLNTCONN", "SVRCONN", "CLUSSDR", "CLUSRCVR",
                                             "AMQP"]},
            exclude={"type": "list", "elements": "str", "default": []},
            query={"type": "str"},
            profile={"type": "str", "choices": PROFILES, "default": "nist"},
            sslfips={"type": "bool"},
        ),
        supports_check_mode=True,
    )
    secret_args.restore(module)
    if module.params["query"] and not HAS_JMESPATH:
        module.fail_json(msg=missing_required_lib("jmespath"))
    transport = mq_connection.transport(module)
    try:
        records = transport.display_channels(module.params["name"], module.params["type"])
    except AdminError as exc:
        module.fail_json(msg=exc.message)
    records = [r for r in records if not any(fnmatch.fnmatchcase(str(r.get("CHANNEL", "")), p) for p in module.params["exclude"])]
    findings = []
    for record in records:
        findings.extend(channel_policy.channel_findings(record, module.params["profile"], None, module.params["sslfips"]))
    result = {"changed": False, "channels": records, "findings": findings, "summary": fnd.summarize(findings),
              "round_trips": getattr(transport, "round_trips", None)}
    if module.params["query"]:
        try:
            result["query_result"] = jmespath.search(module.params["query"], records)
        except jmespath.exceptions.JMESPathError as exc:
            module.fail_json(msg="query is not a valid JMESPath expression: %s" % exc)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
