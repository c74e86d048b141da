#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_client_config
short_description: Set the TLS configuration an IBM MQ client reads (mqclient.ini SSL stanza, JSON CCDT)
version_added: 0.1.0
description:
  - Sets the attributes of the C(SSL) stanza of an IBM MQ client configuration file (C(mqclient.ini)) and the
    client connection channels of a JSON client channel definition table (CCDT, IBM MQ 9.1.2 and later), so that
    the client uses the key repository, certificate label and CipherSpec that DISA STIG rule MQMH-AS-001180 asks
    for.
  - Only what it is given is changed. Other stanzas, other attributes of the C(SSL) stanza, comments and spacing of
    C(mqclient.ini) come back unchanged; other channels of the CCDT, and keys of a channel it does not own, are kept.
  - A CipherSpec that the policy O(profile) does not approve is refused before anything is written, so the client
    side cannot drift from the queue manager's approved C(SSLCIPH).
  - In check mode nothing is written; the findings report every attribute and channel that differs from what is
    asked, which makes check mode an audit of the client configuration.
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details: The diff shows the files before and after; the value of C(SSLKeyRepositoryPassword), if the file has
      one, is masked.
  platform:
    platforms: posix
options:
  mqclient_ini:
    description:
      - Path of the client configuration file. Created when missing.
      - IBM MQ clients find it through E(MQCLNTCF), the working directory, the MQ data directory or the home
        directory, in that order.
    type: path
  ssl:
    description:
      - Attributes of the C(SSL) stanza to set, by IBM's names C(SSLKeyRepository), C(CertificateLabel),
        C(SSLFipsRequired), C(SSLKeyResetCount), C(CertificateValPolicy), C(ClientRevocationChecks),
        C(OCSPAuthentication), C(AllowTLSV13) and C(OutboundSNI). Names are matched without regard to case.
      - Booleans become C(YES)/C(NO). An empty value leaves the attribute as it is.
      - C(SSLKeyRepositoryPassword) is refused; keep the password in the stash that M(mqstig.tls.mq_keyrepo)
        writes, or pass it in E(MQKEYRPWD).
    type: dict
    default: {}
  ssl_absent:
    description:
      - Attributes of the C(SSL) stanza to remove, for example C(SSLKeyRepositoryPassword).
    type: list
    elements: str
    default: []
  ccdt_path:
    description:
      - Path of the JSON CCDT. Created when missing. A file that is not a JSON CCDT is left alone with an error.
    type: path
  channels:
    description:
      - Client connection channels to define in the CCDT at O(ccdt_path).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Channel name, as on the queue manager's server-connection channel (at most 20 characters).
        type: str
        required: true
      queue_manager:
        description:
          - Queue manager name. Also picks the entry when the CCDT holds the channel name more than once.
        type: str
      host:
        description: Host name or address of the queue manager's listener.
        type: str
      port:
        description: Port of the listener.
        type: int
        default: 1414
      connections:
        description: More listeners, for a multi-instance or replicated queue manager; each a dict with C(host), C(port).
        type: list
        elements: dict
        default: []
      cipherspec:
        description:
          - The CipherSpec (C(transmissionSecurity.cipherSpecification)); must be the server-connection channel's
            C(SSLCIPH). Required when O(channels[].state=present).
        type: str
      certificate_label:
        description: Label of the client's personal certificate (C(transmissionSecurity.certificateLabel)).
        type: str
      peer_name:
        description: Distinguished name filter for the queue manager's certificate (C(certificatePeerName)).
        type: str
      state:
        description: V(absent) removes the channel from the CCDT.
        type: str
        choices: [present, absent]
        default: present
  profile:
    description: Policy profile the CipherSpecs are judged against.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
  mode:
    description:
      - Mode of the files, as an octal string such as V('0644'). Default is the current mode, or C(0644) for a new
        file (the files hold paths and labels, no secrets).
    type: raw
  owner:
    description: Owner of the files.
    type: str
  group:
    description: Group of the files.
    type: str
  backup:
    description: Keep a copy of a file before it is changed, beside it with a time stamp.
    type: bool
    default: false
seealso:
  - module: mqstig.tls.mq_keyrepo
  - module: mqstig.tls.mq_channel
"""

EXAMPLES = r"""
- name: Point the client at its key repository and require FIPS
  mqstig.tls.mq_client_config:
    mqclient_ini: /var/mqm/mqclient.ini
    ssl:
      SSLKeyRepository: /var/mqm/ssl/app1.p12
      CertificateLabel: ibmwebspheremqapp1
      SSLFipsRequired: true
      ClientRevocationChecks: REQUIRED
    ssl_absent: [SSLKeyRepositoryPassword]

- name: The client channel with the same CipherSpec as the queue manager's SVRCONN channel
  mqstig.tls.mq_client_config:
    ccdt_path: /var/mqm/ccdt.json
    channels:
      - name: APP1.SVRCONN
        queue_manager: QM1
        host: mq1.example.mil
        port: 1414
        cipherspec: "{{ mq_tls_cipherspec }}"
        certificate_label: ibmwebspheremqapp1
        peer_name: CN=QM1,OU=MQ,O=Example

- name: Audit only
  mqstig.tls.mq_client_config:
    mqclient_ini: /var/mqm/mqclient.ini
    ssl:
      SSLFipsRequired: true
  check_mode: true
  register: client_audit
"""

RETURN = r"""
ssl:
  description: The C(SSL) stanza after the run (in check mode, as it would be); a password value is masked.
  returned: when O(mqclient_ini) is given
  type: dict
  sample: {"SSLKeyRepository": "/var/mqm/ssl/app1.p12", "CertificateLabel": "ibmwebspheremqapp1", "SSLFipsRequired": "YES"}
channels:
  description: The CCDT entries of the channels given, after the run (in check mode, as they would be).
  returned: when O(ccdt_path) is given
  type: list
  elements: dict
  sample: [{"name": "APP1.SVRCONN", "queue_manager": "QM1", "connections": [{"host": "mq1.example.mil", "port": 1414}],
            "cipherspec": "TLS_AES_256_GCM_SHA384", "certificate_label": "ibmwebspheremqapp1", "peer_name": "CN=QM1"}]
mqclient_ini:
  description: What changed in the client configuration file (V(content), V(mode), V(owner)).
  returned: when O(mqclient_ini) is given
  type: dict
  sample: {"path": "/var/mqm/mqclient.ini", "changed": true, "changes": ["content"]}
ccdt:
  description: What changed in the CCDT file.
  returned: when O(ccdt_path) is given
  type: dict
  sample: {"path": "/var/mqm/ccdt.json", "changed": false, "changes": []}
findings:
  description:
    - Findings of the configuration, as it is in check mode and as it ends up otherwise, in the collection's
      findings schema (see C(docs/findings.md)).
  returned: always
  type: list
  elements: dict
summary:
  description: Counts of the findings by status and the overall status.
  returned: always
  type: dict
  sample: {"status": "fail", "counts": {"pass": 1, "warn": 0, "fail": 2}}
backup_files:
  description: Backups written.
  returned: when O(backup=true) and a file changed
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mqstig.tls.plugins.module_utils.module_result import exit_with_result
from ansible_collections.mqstig.tls.plugins.module_utils.clientconf import client_config_backend


def main():
    channel_spec = dict(
        name=dict(type="str", required=True),
        queue_manager=dict(type="str"),
        host=dict(type="str"),
        port=dict(type="int", default=1414),
        connections=dict(type="list", elements="dict", default=[]),
        cipherspec=dict(type="str"),
        certificate_label=dict(type="str"),
        peer_name=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AnsibleModule(
        argument_spec=dict(
            mqclient_ini=dict(type="path"),
            ssl=dict(type="dict", default={}),
            ssl_absent=dict(type="list", elements="str", default=[]),
            ccdt_path=dict(type="path"),
            channels=dict(type="list", elements="dict", default=[], options=channel_spec),
            profile=dict(type="str", choices=["nist", "fips", "suite_b_128", "suite_b_192", "cnsa"], default="nist"),
            mode=dict(type="raw"),
            owner=dict(type="str"),
            group=dict(type="str"),
            backup=dict(type="bool", default=False),
        ),
        required_one_of=[["mqclient_ini", "ccdt_path"]],
        supports_check_mode=True,
    )
    params = dict(module.params)
    if params["mode"] is not None:
        try:
            raw = params["mode"]
            params["mode"] = raw if isinstance(raw, int) else int(str(raw), 8)
        except ValueError:
            module.fail_json(msg="mode must be octal, such as 0644, not %s" % params["mode"])
    try:
        result = client_config_backend.ClientConfig(params).run(check_mode=module.check_mode)
    except client_config_backend.ConfigError as exc:
        module.fail_json(msg=str(exc))
    exit_with_result(module, result)


if __name__ == "__main__":
    main()
