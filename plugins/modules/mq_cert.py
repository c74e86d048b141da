#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_cert
short_description: Request, receive and trust certificates in an IBM MQ key repository (STIG MQMH-AS-001180 steps 2-4)
version_added: 0.1.0
description:
  - Manages one certificate entry of an IBM MQ key repository made by M(mqstig.tls.mq_keyrepo). Steps 2, 3 and 4 of
    the fix of DISA STIG rule MQMH-AS-001180.
  - O(kind=personal), step 2 (request). The private key is generated inside the repository (EC P-256 by default,
    P-384 under the V(suite_b_192) and V(cnsa) profiles, RSA of 2048 bits or more on request). It is never written
    anywhere unencrypted and never returned. Until the CA answers, the key is kept with a self-signed placeholder
    certificate (as Java's keytool does); the module returns the certificate signing request in RV(csr) and, with
    O(csr_path), writes it to a file.
  - O(kind=personal) with O(certificate), step 4 (receive). The CA-signed certificate must match the pending key,
    chain to a CA certificate in the repository (or to a self-signed root in O(chain)) and pass the policy engine;
    otherwise the module fails and changes nothing. The certificate replaces the placeholder under the same label.
  - O(kind=trusted), step 3 (add CA certificates). Adds or replaces a CA certificate under O(label). A certificate
    that is not a CA (basicConstraints), is expired or not yet valid, or is signed with a disallowed hash (MD5, SHA-1)
    is refused unless its finding code is listed in O(waive_findings). When the client and the queue manager have
    certificates from different CAs, add both CA certificates to both repositories.
  - Renewal. When the personal certificate expires within O(renew_before_days), a new key and request are made under
    O(renewal_label) while the current certificate keeps working; receiving the new certificate moves it to O(label).
  - Idempotent by content, not by label alone. The same certificate twice is no change; the same label with another
    fingerprint is a change. In check mode the result and the diff say exactly what would change.
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mqstig.tls.keyrepo
  - mqstig.tls.certificate_key
attributes:
  check_mode:
    support: full
    details: In check mode no key is kept, so no request is returned for a key that does not exist yet.
  diff_mode:
    support: full
    details: The diff shows entry summaries (label, kind, subject, issuer, serial, validity, fingerprint); never keys.
  platform:
    platforms: posix
options:
  kind:
    description: V(personal) for the endpoint's own key and certificate, V(trusted) for a CA certificate.
    type: str
    choices: [personal, trusted]
    default: personal
  state:
    description: V(absent) removes the entry at O(label) (and, for V(personal), the renewal entry).
    type: str
    choices: [present, absent]
    default: present
  label:
    description:
      - Label of the entry (up to 64 characters, case-sensitive).
      - Defaults, for O(kind=personal), to what IBM MQ looks for, C(ibmwebspheremq) followed by the lower-cased
        O(qmgr) name or O(mq_user), or else the user the module runs as. Required for O(kind=trusted).
    type: str
  qmgr:
    description: Queue manager name, for the default label of a queue manager's personal certificate.
    type: str
  mq_user:
    description: User id the MQ client application runs as, for the default label of a client's personal certificate.
    type: str
  renewal_label:
    description: Label under which a renewal key and request wait for the CA. Defaults to O(label) + C(.renewal).
    type: str
  certificate:
    description:
      - PEM certificate. For O(kind=trusted) the CA certificate; for O(kind=personal) the CA-signed certificate to
        receive, optionally followed by its chain. Mutually exclusive with O(certificate_path).
    type: str
  certificate_path:
    description: File on the managed host holding what O(certificate) would hold.
    type: path
  chain:
    description: PEM CA certificates that complete the chain of a received certificate.
    type: str
  chain_path:
    description: File on the managed host holding what O(chain) would hold.
    type: path
  subject:
    description:
      - Distinguished name of the request, most specific first, such as C(CN=app1,OU=MQ,O=Example,C=US).
      - Required for O(kind=personal) while there is no CA-signed certificate (and for renewal).
    type: str
  subject_alt_names:
    description: Subject alternative names, as C(DNS:host), C(IP:address), C(email:address) or C(URI:uri).
    type: list
    elements: str
  key_usage:
    description: keyUsage asked for in the request.
    type: list
    elements: str
    choices: [digital_signature, content_commitment, key_encipherment, data_encipherment, key_agreement]
    default: [digital_signature]
  extended_key_usage:
    description: extendedKeyUsage asked for in the request.
    type: list
    elements: str
    choices: [clientAuth, serverAuth]
    default: [clientAuth, serverAuth]
  role:
    description:
      - What the personal certificate is judged as. V(client) needs clientAuth, V(server) serverAuth, V(personal)
        either (a queue manager uses its certificate both ways on channels).
    type: str
    choices: [personal, client, server]
    default: personal
  renew_before_days:
    description: Start a renewal when the personal certificate expires within this many days.
    type: int
    default: 30
  csr_path:
    description: Write the certificate request to this file (mode 0644; a request holds no secret).
    type: path
  backup:
    description: Copy the repository to C(<path>.<UTC timestamp>.bak) (mode 0600) before it is changed.
    type: bool
    default: false
seealso:
  - module: mqstig.tls.mq_keyrepo
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | PATCH | Trust the CA that signs the queue manager's certificate
  mqstig.tls.mq_cert:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_keyrepo_password }}"
    kind: trusted
    label: qm-issuing-ca
    certificate: "{{ lookup('ansible.builtin.file', 'pki/qm-issuing-ca.pem') }}"

- name: MEDIUM | MQMH-AS-001180 | PATCH | Request the client's certificate
  mqstig.tls.mq_cert:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_keyrepo_password }}"
    mq_user: app1
    subject: CN=app1,OU=MQ,O=Example,C=US
    role: client
    csr_path: /var/mqm/ssl/app1.csr
  register: app1_request

- name: MEDIUM | MQMH-AS-001180 | PATCH | Receive the CA-signed certificate
  mqstig.tls.mq_cert:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_keyrepo_password }}"
    mq_user: app1
    role: client
    certificate_path: /var/mqm/ssl/app1.signed.pem
"""

RETURN = r"""
path:
  description: The repository file.
  returned: always
  type: str
label:
  description: The label managed.
  returned: always
  type: str
  sample: ibmwebspheremqapp1
renewal_label:
  description: The label a renewal request waits under.
  returned: always
  type: str
actions:
  description: What was changed (or, in check mode, would be).
  returned: always
  type: list
  elements: str
warnings:
  description: Waived findings and renewal notices.
  returned: always
  type: list
  elements: str
entry:
  description: The entry at O(label) as it is when the module returns (in check mode, as found); null when absent.
  returned: always
  type: dict
renewal:
  description: The renewal entry, when one waits for the CA.
  returned: always
  type: dict
csr:
  description: PEM certificate signing request of the pending (or renewal) key; null when no request is pending.
  returned: always
  type: str
findings:
  description: Policy findings of the entry (and renewal entry).
  returned: always
  type: list
  elements: dict
summary:
  description: Number of findings per status.
  returned: always
  type: dict
backup_files:
  description: Backups made by O(backup=true).
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.mqstig.tls.plugins.module_utils.module_result import exit_with_result
from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils.certificate_args import certificate_key_spec
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.runmqakm import RunmqakmError
from ansible_collections.mqstig.tls.plugins.module_utils import runmqakm_lookup
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import keyrepo_argument_spec


def main():
    module = AnsibleModule(
        argument_spec=keyrepo_argument_spec(
            **certificate_key_spec(),
            kind={"type": "str", "choices": ["personal", "trusted"], "default": "personal"},
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
            label={"type": "str"},
            qmgr={"type": "str"},
            mq_user={"type": "str"},
            renewal_label={"type": "str"},
            certificate={"type": "str"},
            certificate_path={"type": "path"},
            chain={"type": "str"},
            chain_path={"type": "path"},
            subject={"type": "str"},
            subject_alt_names={"type": "list", "elements": "str"},
            key_usage={"type": "list", "elements": "str", "default": ["digital_signature"],
                       "choices": ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                                   "key_agreement"]},
            extended_key_usage={"type": "list", "elements": "str", "default": ["clientAuth", "serverAuth"],
                                "choices": ["clientAuth", "serverAuth"]},
            role={"type": "str", "choices": ["personal", "client", "server"], "default": "personal"},
            renew_before_days={"type": "int", "default": 30},
            csr_path={"type": "path"},
            backup={"type": "bool", "default": False},
        ),
        mutually_exclusive=[("certificate", "certificate_path"), ("chain", "chain_path"), ("qmgr", "mq_user")],
        required_if=[("kind", "trusted", ("label",))],
        supports_check_mode=True,
    )
    secret_args.restore(module)
    if not x509_facts.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography >= %s" % x509_facts.MIN_CRYPTOGRAPHY),
                         exception=str(x509_facts.CRYPTOGRAPHY_IMPORT_ERROR))
    if not module.params["password"]:
        module.fail_json(msg="password is required to open the key repository")
    runner = None
    if module.params["type"] == "cms":
        runner = runmqakm_lookup.driver(module)
        if runner is None:
            module.fail_json(msg=runmqakm_lookup.MISSING)
    try:
        result = cert_backend.CertBackend(module.params, runner).run(module.check_mode)
    except (cert_backend.CertError, RunmqakmError) as exc:
        module.fail_json(msg=str(exc))
    exit_with_result(module, result)


if __name__ == "__main__":
    main()
