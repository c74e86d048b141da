#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_appliance_cert
short_description: Request, receive and trust certificates of an MQ Appliance queue manager (STIG MQMH-AS-001180 steps 2-4)
version_added: 0.2.0
description:
  - Manages the key repository of a queue manager on an IBM MQ Appliance, which the appliance creates itself and which
    only its command line reaches (over SSH, in MQ administration mode, C(mqcli)). The MQ REST API cannot reach it.
    Steps 2, 3 and 4 of the fix of DISA STIG rule MQMH-AS-001180, with the same semantics as M(mqstig.tls.mq_cert).
  - O(kind=personal), step 2 (request). C(createcertrequest) makes the key on the appliance, where it stays; the module
    returns the request in RV(csr) (and writes it to O(csr_path)) for a CA to sign, for example with
    M(mqstig.tls.mq_csr_sign).
  - O(kind=personal) with O(certificate), step 4 (receive). The signed certificate must match the pending request's key,
    chain to a CA certificate trusted on the appliance (or given in O(chain) or O(trusted)) and pass the policy engine;
    otherwise the module fails and sends nothing. It goes to C(mqpubcert:) and C(receivecert) takes it.
  - O(kind=trusted), or O(trusted) with any O(kind), step 3 (add CA certificates). C(addcert) adds each CA certificate
    under its label; a different certificate under the same label is replaced. Give both CAs to both ends when the
    clients' and the queue manager's certificates come from different CAs.
  - Idempotent by SHA-256 fingerprint, read with C(listcert) and C(detailcert). Every input is checked before the first
    command that changes anything. In check mode only C(listcert), C(detailcert) and C(detailcertrequest) are sent.
  - Every call returns the whole repository with expiry dates (RV(entries)), and policy findings for the labels it
    manages.
  - Files go in and out of C(mqpubcert:) through the appliance's REST management interface file store. See
    C(docs/appliance.md) in the collection for what rests on IBM documentation and what is not yet confirmed.
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mqstig.tls.appliance_cli
  - mqstig.tls.certificate_key
attributes:
  check_mode:
    support: full
    details: Logs in and lists; no key is made, so no request is returned for a key that does not exist yet.
  diff_mode:
    support: full
    details: The diff shows entry summaries (label, kind, subject, issuer, serial, validity, fingerprint) of the labels
      managed.
  platform:
    platforms: posix
requirements:
  - paramiko
  - cryptography
options:
  qmgr:
    description: The queue manager on the appliance.
    type: str
    required: true
  kind:
    description: V(personal) for the queue manager's own certificate, V(trusted) for one CA certificate at O(label).
    type: str
    choices: [personal, trusted]
    default: personal
  state:
    description: V(absent) removes the certificate at O(label) (for V(personal), also a pending request).
    type: str
    choices: [present, absent]
    default: present
  label:
    description:
      - Label of the certificate (up to 64 characters, case-sensitive). Defaults, for O(kind=personal), to the label the
        queue manager looks for, C(ibmwebspheremq) followed by the lower-cased O(qmgr). Required for O(kind=trusted).
    type: str
  certificate:
    description:
      - PEM certificate. For O(kind=trusted) the CA certificate; for O(kind=personal) the CA-signed certificate to
        receive, optionally followed by its chain. Mutually exclusive with O(certificate_path).
    type: str
  certificate_path:
    description: File on the controller holding what O(certificate) would hold.
    type: path
  chain:
    description: PEM CA certificates that complete the chain of a received certificate.
    type: str
  chain_path:
    description: File holding what O(chain) would hold.
    type: path
  trusted:
    description:
      - CA certificates to trust, handled in the same login as the personal certificate (fix step 3 before step 4).
    type: list
    elements: dict
    default: []
    suboptions:
      label:
        description: Label of the CA certificate.
        type: str
        required: true
      certificate:
        description: PEM CA certificate.
        type: str
      certificate_path:
        description: File holding the PEM CA certificate.
        type: path
      state:
        description: V(absent) removes the label.
        type: str
        choices: [present, absent]
        default: present
  subject:
    description:
      - Distinguished name of the request, such as C(CN=QM1,OU=MQ,O=Example,C=US). The appliance needs CN, O and C.
      - Required for O(kind=personal) while the queue manager has no CA-signed certificate.
    type: str
  subject_alt_names:
    description: Subject alternative names of the request, as C(DNS:host) or C(IP:address).
    type: list
    elements: str
  role:
    description: What the personal certificate is judged as; a queue manager uses it both ways (V(personal)).
    type: str
    choices: [personal, client, server]
    default: personal
  renew_before_days:
    description: Warn when the personal certificate expires within this many days.
    type: int
    default: 30
  profile:
    description: Policy profile the certificates are judged by.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
  csr_file:
    description: The file in C(mqpubcert:) that C(createcertrequest) writes the request to, when its output does not
      name one. Defaults to O(label) + C(.csr).
    type: str
  csr_path:
    description: Also write the request to this file on the controller (mode 0644; a request holds no secret).
    type: path
seealso:
  - module: mqstig.tls.mq_cert
  - module: mqstig.tls.mq_csr_sign
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | PATCH | Trust both CAs and request QM1's certificate, in one login
  mqstig.tls.mq_appliance_cert:
    appliance_host: mqa1.example.mil
    cli_username: mqadmin
    cli_password: "{{ vault_mqa1_password }}"
    ca_path: /etc/pki/mqa1-mgmt-ca.pem
    qmgr: QM1
    subject: CN=QM1,OU=MQ,O=Example,C=US
    subject_alt_names: ["DNS:mqa1.example.mil"]
    trusted:
      - {label: qmgr-issuing-ca, certificate: "{{ lookup('ansible.builtin.file', 'pki/qmgr-ca.pem') }}"}
      - {label: client-issuing-ca, certificate: "{{ lookup('ansible.builtin.file', 'pki/client-ca.pem') }}"}
  delegate_to: localhost
  register: qm1_request

- name: MEDIUM | MQMH-AS-001180 | PATCH | Receive the certificate the CA signed
  mqstig.tls.mq_appliance_cert:
    appliance_host: mqa1.example.mil
    cli_username: mqadmin
    cli_password: "{{ vault_mqa1_password }}"
    ca_path: /etc/pki/mqa1-mgmt-ca.pem
    qmgr: QM1
    certificate: "{{ qm1_signed.certificate }}"
  delegate_to: localhost
"""

RETURN = r"""
qmgr:
  description: The queue manager.
  returned: always
  type: str
label:
  description: The personal certificate's label (null for O(kind=trusted)).
  returned: always
  type: str
  sample: ibmwebspheremqqm1
actions:
  description: What was changed (or, in check mode, would be).
  returned: always
  type: list
  elements: str
entry:
  description: The personal certificate (or pending request) at O(label) as the module leaves it (in check mode, as
    found); null when absent.
  returned: always
  type: dict
trusted:
  description: The trusted certificates of O(trusted) (and O(label) for O(kind=trusted)) as the module leaves them.
  returned: always
  type: list
  elements: dict
entries:
  description: Every certificate in the queue manager's repository, with label, kind, subject, issuer, validity and
    SHA-256 fingerprint.
  returned: always
  type: list
  elements: dict
csr:
  description: PEM certificate signing request of the pending key; null when no request is pending.
  returned: always
  type: str
findings:
  description: Policy findings of the labels managed.
  returned: always
  type: list
  elements: dict
summary:
  description: Number of findings per status.
  returned: always
  type: dict
commands:
  description: The appliance CLI commands sent (no secrets are ever part of them).
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.mqstig.tls.plugins.module_utils.module_result import exit_with_result
from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils.certificate_args import certificate_key_spec
from ansible_collections.mqstig.tls.plugins.module_utils.appliance import appliance_cert_backend as backend
from ansible_collections.mqstig.tls.plugins.module_utils.appliance import cli_session
from ansible_collections.mqstig.tls.plugins.module_utils.appliance_args import appliance_argument_spec, file_store
from ansible_collections.mqstig.tls.plugins.module_utils.appliance_args import open_cli
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import PROFILES
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.cert_backend import CertError


def main():
    module = AnsibleModule(
        argument_spec=appliance_argument_spec(
            **certificate_key_spec(),
            qmgr={"type": "str", "required": True},
            kind={"type": "str", "choices": ["personal", "trusted"], "default": "personal"},
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
            label={"type": "str"},
            certificate={"type": "str"},
            certificate_path={"type": "path"},
            chain={"type": "str"},
            chain_path={"type": "path"},
            trusted={"type": "list", "elements": "dict", "default": [], "options": {
                "label": {"type": "str", "required": True},
                "certificate": {"type": "str"},
                "certificate_path": {"type": "path"},
                "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            }},
            subject={"type": "str"},
            subject_alt_names={"type": "list", "elements": "str"},
            role={"type": "str", "choices": ["personal", "client", "server"], "default": "personal"},
            renew_before_days={"type": "int", "default": 30},
            profile={"type": "str", "choices": list(PROFILES), "default": "nist"},
            csr_file={"type": "str"},
            csr_path={"type": "path"},
        ),
        mutually_exclusive=[("certificate", "certificate_path"), ("chain", "chain_path")],
        required_if=[("kind", "trusted", ("label",))],
        supports_check_mode=True,
    )
    secret_args.restore(module)
    if not cli_session.HAS_PARAMIKO:
        module.fail_json(msg=missing_required_lib("paramiko"), exception=str(cli_session.PARAMIKO_IMPORT_ERROR))
    if not x509_facts.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography >= %s" % x509_facts.MIN_CRYPTOGRAPHY),
                         exception=str(x509_facts.CRYPTOGRAPHY_IMPORT_ERROR))
    session = None
    try:
        files = file_store(module)
        # Inputs are checked before the appliance is contacted.
        decisions = backend.ApplianceCertBackend(module.params, None, files)
        session = open_cli(module)
        decisions.cli = session
        result = decisions.run(module.check_mode)
    except (CertError, cli_session.ApplianceCliError) as exc:
        module.fail_json(msg=str(exc), commands=list(getattr(session, "commands", [])))
    finally:
        if session is not None:
            session.close()
    exit_with_result(module, result)


if __name__ == "__main__":
    main()
