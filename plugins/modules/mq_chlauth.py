#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_chlauth
short_description: SSLPEERMAP channel authentication rules mapping certificate DNs to users
version_added: 0.1.0
description:
  - Manages one C(SET CHLAUTH ... TYPE(SSLPEERMAP)) rule. The rule maps the distinguished name of a client's
    certificate (O(sslpeer), and optionally its issuer O(sslcerti)) to a user (O(usersrc=MAP) with O(mcauser)), or
    blocks it (V(NOACCESS)).
  - A rule is identified by its channel profile, SSLPEER and SSLCERTI. It is sent with C(ACTION(REPLACE)) only when it
    is missing or a setting differs, and removed with C(ACTION(REMOVE)) only when it exists.
  - The queue manager needs C(CHLAUTH(ENABLED)) (see M(mqstig.tls.mq_qmgr)).
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mqstig.tls.connection
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: posix
options:
  channel:
    description: Channel profile of the rule (a channel name, or a generic one with C(*)).
    type: str
    required: true
  sslpeer:
    description: Distinguished name filter on the peer certificate's subject.
    type: str
    required: true
  sslcerti:
    description: Distinguished name filter on the certificate's issuer.
    type: str
  usersrc:
    description: V(MAP) runs the channel as O(mcauser); V(NOACCESS) refuses it; V(CHANNEL) keeps the channel's user.
    type: str
    choices: [MAP, NOACCESS, CHANNEL]
  mcauser:
    description: The user a matching certificate is mapped to (O(usersrc=MAP)).
    type: str
  descr:
    description: Description of the rule.
    type: str
  warn:
    description: V(YES) only logs what the rule would block.
    type: str
    choices: ["YES", "NO"]
  state:
    description: V(absent) removes the rule.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: mqstig.tls.mq_qmgr
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | PATCH | Map app1's certificate to the app1 user
  mqstig.tls.mq_chlauth:
    qmgr: QM1
    transport: runmqsc
    channel: APP1.SVRCONN
    sslpeer: CN=app1,OU=MQ,O=Example,C=US
    sslcerti: CN=Example Client CA,O=Example,C=US
    usersrc: MAP
    mcauser: app1
"""

RETURN = r"""
commands:
  description: MQSC commands sent (or that would be sent).
  returned: always
  type: list
  elements: str
changes:
  description: Settings that differ, with before and after.
  returned: always
  type: list
  elements: dict
before:
  description: The rule as displayed, or null when it did not exist.
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils import mq_connection
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import chlauth_backend


def main():
    module = AnsibleModule(
        argument_spec=mq_connection.connection_argument_spec(
            channel={"type": "str", "required": True},
            sslpeer={"type": "str", "required": True},
            sslcerti={"type": "str"},
            usersrc={"type": "str", "choices": ["MAP", "NOACCESS", "CHANNEL"]},
            mcauser={"type": "str"},
            descr={"type": "str"},
            warn={"type": "str", "choices": ["YES", "NO"]},
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
        ),
        required_if=[("usersrc", "MAP", ("mcauser",))],
        supports_check_mode=True,
    )
    secret_args.restore(module)
    transport = mq_connection.transport(module)
    try:
        result = chlauth_backend.run(module.params, transport, module.check_mode)
    except chlauth_backend.ChlauthError as exc:
        module.fail_json(msg=str(exc), commands_sent=list(getattr(transport, "sent", [])))
    if module._diff:
        result["diff"] = {"before": result["before"] or {}, "after": {"commands": result["commands"]}}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
