#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_channel
short_description: TLS attributes of IBM MQ channels, one channel or every channel of a pattern (STIG MQMH-AS-001180)
version_added: 0.1.0
description:
  - Manages the TLS attributes of an IBM MQ channel (O(sslciph), O(sslcauth), O(sslpeer), O(certlabl)) and a few
    others (O(descr), O(trptype), O(conname), O(qmname)). Only the attributes set are compared.
  - It sends DEFINE CHANNEL when the channel is absent, ALTER CHANNEL with only the differing attributes when they
    differ, and nothing when they are equal. O(state=absent) sends DELETE CHANNEL.
  - With a pattern in O(name) (for example V(*)) every matching channel is read with one DISPLAY, whatever their
    number. This is the STIG's own check (C(DIS CHANNEL(*) CHLTYPE(SVRCONN))) and a fleet fix. Channels C(SYSTEM.*)
    are left out unless O(exclude) says otherwise.
  - A requested CipherSpec is judged by the policy engine before anything is sent. One that the profile does not
    approve (for example the STIG's own example C(TLS_RSA_WITH_AES_128_CBC_SHA)) is refused, with the reasons, unless
    O(allow_unapproved_cipherspec=true).
  - Returns the MQSC commands run (or that would be run in check mode), the attributes before and after, and policy
    findings for every channel matched (missing or weak SSLCIPH, SSLCAUTH not REQUIRED, and a blank SSLPEER as a
    warning).
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mqstig.tls.connection
attributes:
  check_mode:
    support: full
    details: Check mode reads the channels and reports the commands it would send and the findings as they are.
  diff_mode:
    support: full
  platform:
    platforms: posix
options:
  name:
    description: Channel name, or a generic name ending in C(*) for every matching channel.
    type: str
    required: true
  type:
    description: Channel type (CHLTYPE). Needed to define a channel; with a pattern it filters the channels matched.
    type: str
    choices: [SDR, SVR, RCVR, RQSTR, CLNTCONN, SVRCONN, CLUSSDR, CLUSRCVR, AMQP]
  state:
    description: V(absent) deletes the channel (one name only, never a pattern).
    type: str
    choices: [present, absent]
    default: present
  sslciph:
    description: CipherSpec (SSLCIPH). An empty value turns TLS off and is refused unless O(allow_unapproved_cipherspec=true).
    type: str
  sslcauth:
    description: SSLCAUTH; the STIG requires V(REQUIRED) on channels that receive TLS connections.
    type: str
    choices: [REQUIRED, OPTIONAL]
  sslpeer:
    description: SSLPEER, the filter on the peer certificate's distinguished name.
    type: str
  certlabl:
    description: CERTLABL, the label of the certificate the channel presents.
    type: str
  descr:
    description: DESCR.
    type: str
  trptype:
    description: TRPTYPE.
    type: str
    choices: [TCP, LU62, NETBIOS, SPX]
  conname:
    description: CONNAME, where the channel type has one.
    type: str
  qmname:
    description: QMNAME (CLNTCONN).
    type: str
  include:
    description: With a pattern, only channels whose names match one of these shell patterns.
    type: list
    elements: str
  exclude:
    description: With a pattern, channels whose names match one of these shell patterns are left out.
    type: list
    elements: str
    default: ["SYSTEM.*"]
  profile:
    description: Policy profile for the CipherSpec check and the findings.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
  sslfips:
    description: Whether the queue manager runs with SSLFIPS(YES), for judging CipherSpec aliases.
    type: bool
  require_sslpeer:
    description: Report a blank SSLPEER as a failure rather than a warning.
    type: bool
    default: false
  allow_unapproved_cipherspec:
    description: Send a CipherSpec the profile does not approve (or an empty one). Only with a documented risk acceptance.
    type: bool
    default: false
seealso:
  - module: mqstig.tls.mq_qmgr
  - module: mqstig.tls.mq_channel_info
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | PATCH | Every SVRCONN channel uses TLS 1.3 and mutual authentication
  mqstig.tls.mq_channel:
    qmgr: QM1
    rest_url: https://mq1.example.mil:9443
    url_username: mqadmin
    url_password: "{{ vault_mq_rest_password }}"
    ca_path: /etc/pki/tls/certs/site-ca.pem
    name: "*"
    type: SVRCONN
    sslciph: TLS_AES_256_GCM_SHA384
    sslcauth: REQUIRED

- name: MEDIUM | MQMH-AS-001180 | AUDIT | The STIG check, as an audit
  mqstig.tls.mq_channel:
    qmgr: QM1
    transport: runmqsc
    name: "*"
    type: SVRCONN
  check_mode: true
  register: svrconn_audit

- name: MEDIUM | MQMH-AS-001180 | PATCH | One client channel, restricted to one DN
  mqstig.tls.mq_channel:
    qmgr: QM1
    transport: runmqsc
    name: APP1.SVRCONN
    type: SVRCONN
    sslciph: ECDHE_ECDSA_AES_256_GCM_SHA384
    sslcauth: REQUIRED
    sslpeer: CN=app1,OU=MQ,O=Example,C=US
"""

RETURN = r"""
commands:
  description: MQSC commands sent (or that would be sent, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["ALTER CHANNEL('APP1.SVRCONN') CHLTYPE(SVRCONN) SSLCIPH('TLS_AES_256_GCM_SHA384') SSLCAUTH(REQUIRED)"]
channels:
  description: The channels changed, with the action and each attribute's before and after.
  returned: always
  type: list
  elements: dict
matched:
  description: Names of the channels matched.
  returned: always
  type: list
  elements: str
before:
  description: The matched channels' attributes as displayed, by name.
  returned: always
  type: dict
after:
  description: The channels' attributes after the change (as displayed again), or as predicted in check mode.
  returned: always
  type: dict
cipherspec:
  description: The policy verdict on the requested SSLCIPH.
  returned: when O(sslciph) is set
  type: dict
findings:
  description: Policy findings for every channel matched (as they are in check mode, as they end up otherwise).
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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils import mq_connection
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import PROFILES
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import channel_backend

CHANNEL_TYPES = ["SDR", "SVR", "RCVR", "RQSTR", "CLNTCONN", "SVRCONN", "CLUSSDR", "CLUSRCVR", "AMQP"]


def main():
    module = AnsibleModule(
        argument_spec=mq_connection.connection_argument_spec(
            name={"type": "str", "required": True},
            type={"type": "str", "choices": CHANNEL_TYPES},
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
            sslciph={"type": "str"},
            sslcauth={"type": "str", "choices": ["REQUIRED", "OPTIONAL"]},
            sslpeer={"type": "str"},
            certlabl={"type": "str"},
            descr={"type": "str"},
            trptype={"type": "str", "choices": ["TCP", "LU62", "NETBIOS", "SPX"]},
            conname={"type": "str"},
            qmname={"type": "str"},
            include={"type": "list", "elements": "str"},
            exclude={"type": "list", "elements": "str", "default": ["SYSTEM.*"]},
            profile={"type": "str", "choices": PROFILES, "default": "nist"},
            sslfips={"type": "bool"},
            require_sslpeer={"type": "bool", "default": False},
            allow_unapproved_cipherspec={"type": "bool", "default": False},
        ),
        supports_check_mode=True,
    )
    secret_args.restore(module)
    transport = mq_connection.transport(module)
    try:
        result = channel_backend.run(module.params, transport, module.check_mode)
    except channel_backend.ChannelError as exc:
        module.fail_json(msg=str(exc), commands_sent=list(getattr(transport, "sent", [])))
    if module._diff:
        result["diff"] = {"before": result["before"], "after": result["after"]}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
