#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_qmgr
short_description: TLS attributes of an IBM MQ queue manager (STIG MQMH-AS-001200 SSLFIPS and siblings)
version_added: 0.1.0
description:
  - Manages the queue manager's TLS attributes (O(sslfips), O(sslkeyr), O(certlabl), O(chlauth), O(sslev),
    O(sslrkeyc), O(suiteb), O(certvpol), O(sslcrlnl)). Only the attributes set are compared, and ALTER QMGR carries
    only those that differ.
  - C(REFRESH SECURITY TYPE(SSL)) stops running TLS server-connection channels, and clients must reconnect. With
    O(refresh_security=auto) it is sent only when an attribute that needs it really changed (SSLFIPS, SSLKEYR,
    CERTLABL, SSLRKEYC, SUITEB, CERTVPOL, SSLCRLNL). V(always) sends it on every run and V(never) never sends it.
  - Returns the commands, the attributes before and after, and the SSLFIPS finding (MQMH-AS-001200, 001230, 001240,
    001250).
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
  sslfips:
    description: SSLFIPS; the STIG requires V(true) (YES).
    type: bool
  sslkeyr:
    description: SSLKEYR, the key repository stem.
    type: str
  certlabl:
    description: CERTLABL of the queue manager's certificate.
    type: str
  chlauth:
    description: CHLAUTH (needed for SSLPEERMAP rules).
    type: str
    choices: [ENABLED, DISABLED]
  sslev:
    description: SSLEV (TLS event messages).
    type: str
    choices: [ENABLED, DISABLED]
  sslrkeyc:
    description: SSLRKEYC, bytes before the secret key is renegotiated (0 for never).
    type: int
  suiteb:
    description: SUITEB.
    type: str
    choices: [NONE, 128_BIT, 192_BIT]
  certvpol:
    description: CERTVPOL.
    type: str
    choices: [ANY, RFC5280]
  sslcrlnl:
    description: SSLCRLNL, the namelist of AUTHINFO objects for revocation checks.
    type: str
  refresh_security:
    description: When to send REFRESH SECURITY TYPE(SSL).
    type: str
    choices: [auto, always, never]
    default: auto
  profile:
    description: Policy profile of the findings.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
seealso:
  - module: mqstig.tls.mq_channel
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001200 | PATCH | Queue manager uses FIPS-certified cryptography only
  mqstig.tls.mq_qmgr:
    qmgr: QM1
    transport: runmqsc
    sslfips: true
    certlabl: ibmwebspheremqqm1
"""

RETURN = r"""
commands:
  description: MQSC commands sent (or that would be sent).
  returned: always
  type: list
  elements: str
  sample: ["ALTER QMGR SSLFIPS(YES)", "REFRESH SECURITY TYPE(SSL)"]
changes:
  description: Each attribute that differs, with before and after.
  returned: always
  type: list
  elements: dict
refreshed:
  description: Whether REFRESH SECURITY TYPE(SSL) was (or would be) sent.
  returned: always
  type: bool
before:
  description: The queue manager's attributes as displayed.
  returned: always
  type: dict
after:
  description: The attributes after the change, or as predicted in check mode.
  returned: always
  type: dict
findings:
  description: The SSLFIPS finding.
  returned: always
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils import mq_connection
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import PROFILES
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import qmgr_backend


def main():
    module = AnsibleModule(
        argument_spec=mq_connection.connection_argument_spec(
            sslfips={"type": "bool"},
            sslkeyr={"type": "str", "no_log": False},
            certlabl={"type": "str"},
            chlauth={"type": "str", "choices": ["ENABLED", "DISABLED"]},
            sslev={"type": "str", "choices": ["ENABLED", "DISABLED"]},
            sslrkeyc={"type": "int", "no_log": False},
            suiteb={"type": "str", "choices": ["NONE", "128_BIT", "192_BIT"]},
            certvpol={"type": "str", "choices": ["ANY", "RFC5280"]},
            sslcrlnl={"type": "str"},
            refresh_security={"type": "str", "choices": ["auto", "always", "never"], "default": "auto"},
            profile={"type": "str", "choices": PROFILES, "default": "nist"},
        ),
        supports_check_mode=True,
    )
    secret_args.restore(module)
    transport = mq_connection.transport(module)
    try:
        result = qmgr_backend.run(module.params, transport, module.check_mode)
    except qmgr_backend.QmgrError as exc:
        module.fail_json(msg=str(exc), commands_sent=list(getattr(transport, "sent", [])))
    if module._diff:
        result["diff"] = {"before": result["before"], "after": result["after"]}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
