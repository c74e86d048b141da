#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_csr_sign
short_description: Have a CA sign an MQ endpoint's certificate request, once (STIG MQMH-AS-001180 step 2)
version_added: 0.1.0
description:
  - Takes the certificate signing request that M(mqstig.tls.mq_cert) made on an endpoint and returns the certificate
    a CA issued for it, with the CA certificate. The endpoint's private key never travels; only the request and the
    certificate do. Run it where the CA is reachable (usually C(delegate_to) the controller or a CA host).
  - O(provider=ownca) signs with a CA certificate and key held by the site, with the Python C(cryptography) library.
  - O(provider=cfssl) asks a CFSSL CA server over its HTTP API (C(/api/v1/cfssl/sign), or C(/api/v1/cfssl/authsign)
    when O(cfssl_auth_key) is given).
  - The request is checked with the policy engine before anything is signed. A weak key, a SHA-1 or MD5 signature,
    or a request whose signature does not verify is refused. So is a CA that fails the policy.
  - What the signer returns must be for the request's key, signed by the CA, and approved for O(usage). Otherwise the
    module fails and does not record it.
  - Idempotent. Every certificate issued is recorded in O(index_path), like a CA database. Asked again for the same
    key, subject and usage while that certificate is valid beyond O(renew_before_days), the module returns it
    (RV(status=current)) instead of issuing another.
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: In check mode nothing is signed; RV(status) is V(would_issue) when a certificate would be issued.
  diff_mode:
    support: none
  platform:
    platforms: posix
options:
  provider:
    description: Who signs.
    type: str
    choices: [ownca, cfssl]
    default: ownca
  csr:
    description: PEM certificate signing request (RV(mqstig.tls.mq_cert#module:csr)). Mutually exclusive with O(csr_path).
    type: str
  csr_path:
    description: File holding the request.
    type: path
  usage:
    description:
      - What the certificate is for. V(client) gives extendedKeyUsage clientAuth, V(server) serverAuth, V(both) both
        (a queue manager's certificate serves both ends of its channels). keyUsage is digitalSignature (and
        keyEncipherment for RSA keys); basicConstraints is CA:FALSE.
      - With O(provider=cfssl), the CFSSL profile decides the extensions; the module checks them against O(usage).
    type: str
    choices: [client, server, both]
    default: client
  subject_alt_names:
    description:
      - Subject alternative names of the certificate (C(DNS:host), C(IP:address), C(email:address), C(URI:uri)).
        When omitted, those of the request are copied.
    type: list
    elements: str
  validity_days:
    description: Validity of a certificate issued by O(provider=ownca) (never beyond the CA's own expiry).
    type: int
    default: 365
  renew_before_days:
    description: A recorded certificate that expires within this many days is not returned again; a new one is issued.
    type: int
    default: 30
  index_path:
    description:
      - The file recording what was issued (JSON, public data only), read and written under a lock with atomic
        writes, so that parallel hosts delegating to one CA host lose nothing. Keep it with the CA.
    type: path
    required: true
  profile:
    description: Policy profile that the request, the CA and the issued certificate are judged against.
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
  ownca_certificate:
    description: PEM certificate of the CA (O(provider=ownca)).
    type: str
  ownca_certificate_path:
    description: File holding the CA certificate.
    type: path
  ownca_private_key:
    description: PEM private key of the CA. Never logged.
    type: str
  ownca_private_key_path:
    description: File holding the CA private key (keep it encrypted; a plain key gives a warning).
    type: path
  ownca_private_key_passphrase:
    description: Passphrase of the CA private key. Never logged.
    type: str
  cfssl_url:
    description: Base URL of the CFSSL server, such as C(https://ca.example.mil:8888).
    type: str
  cfssl_profile:
    description: CFSSL signing profile.
    type: str
  cfssl_label:
    description: CFSSL signer label (multirootca).
    type: str
  cfssl_auth_key:
    description: Hexadecimal shared key of the profile's C(auth_key) for authenticated signing. Never logged.
    type: str
  validate_certs:
    description: Verify the CFSSL server's TLS certificate.
    type: bool
    default: true
  ca_path:
    description: PEM file of CA certificates to verify the CFSSL server with.
    type: path
  client_cert:
    description: PEM client certificate for a CFSSL server that requires mutual TLS.
    type: path
  client_key:
    description: PEM private key of O(client_cert).
    type: path
  timeout:
    description: Seconds to wait for the CFSSL server.
    type: int
    default: 30
seealso:
  - module: mqstig.tls.mq_cert
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | PATCH | Request the client certificate
  mqstig.tls.mq_cert:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_keyrepo_password }}"
    mq_user: app1
    subject: CN=app1,OU=MQ,O=Example,C=US
  register: app1_request

- name: MEDIUM | MQMH-AS-001180 | PATCH | The site CA signs it (on the controller)
  mqstig.tls.mq_csr_sign:
    csr: "{{ app1_request.csr }}"
    usage: client
    ownca_certificate_path: /etc/pki/mq-client-ca/ca.pem
    ownca_private_key_path: /etc/pki/mq-client-ca/ca.key
    ownca_private_key_passphrase: "{{ vault_mq_client_ca_passphrase }}"
    index_path: /etc/pki/mq-client-ca/issued.json
  delegate_to: localhost
  when: app1_request.csr is not none
  register: app1_signed

- name: MEDIUM | MQMH-AS-001180 | PATCH | Or a CFSSL CA server signs it
  mqstig.tls.mq_csr_sign:
    provider: cfssl
    csr: "{{ app1_request.csr }}"
    usage: client
    cfssl_url: https://cfssl.example.mil:8888
    cfssl_profile: mq-client
    cfssl_auth_key: "{{ vault_cfssl_auth_key }}"
    ca_path: /etc/pki/tls/certs/site-ca.pem
    index_path: /var/lib/mqstig/cfssl-issued.json
  delegate_to: localhost
  when: app1_request.csr is not none

- name: MEDIUM | MQMH-AS-001180 | PATCH | Receive it
  mqstig.tls.mq_cert:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_keyrepo_password }}"
    mq_user: app1
    certificate: "{{ app1_signed.certificate }}"
    chain: "{{ app1_signed.chain }}"
  when: app1_signed is not skipped
"""

RETURN = r"""
status:
  description: V(issued) (signed now), V(current) (a recorded certificate is returned again) or V(would_issue) (check mode).
  returned: always
  type: str
  sample: issued
certificate:
  description: PEM certificate; null in check mode when one would be issued.
  returned: always
  type: str
chain:
  description: PEM certificate of the CA that signed it.
  returned: always
  type: str
ca_subject:
  description: Subject of the CA.
  returned: always
  type: str
serial:
  description: Serial number (hexadecimal).
  returned: when a certificate is returned
  type: str
not_after:
  description: Expiry (ISO 8601).
  returned: when a certificate is returned
  type: str
sha256_fingerprint:
  description: SHA-256 fingerprint of the certificate.
  returned: when a certificate is returned
  type: str
request:
  description: Facts of the request (subject, key, signature hash, SPKI SHA-256, alternative names).
  returned: always
  type: dict
findings:
  description: Policy findings of the certificate returned.
  returned: always
  type: list
  elements: dict
"""

import socket

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.six.moves.urllib.error import HTTPError, URLError
from ansible.module_utils.urls import open_url

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import PROFILES
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.signing import cfssl_client, sign_backend


def http_post(module):
    """post(url, body) -> (status, body) over Ansible's open_url, with the module's TLS options."""
    params = module.params

    def post(url, body):
        try:
            response = open_url(url, data=body, method="POST", headers={"Content-Type": "application/json"},
                                validate_certs=params["validate_certs"], ca_path=params["ca_path"],
                                client_cert=params["client_cert"], client_key=params["client_key"],
                                timeout=params["timeout"])
            return response.getcode(), response.read()
        except HTTPError as exc:
            return exc.code, exc.read()
        except (URLError, socket.error, OSError) as exc:
            raise cfssl_client.CfsslError("cannot reach the CFSSL server at %s: %s" % (url, exc))

    return post


def main():
    module = AnsibleModule(
        argument_spec={
            "provider": {"type": "str", "choices": ["ownca", "cfssl"], "default": "ownca"},
            "csr": {"type": "str"},
            "csr_path": {"type": "path"},
            "usage": {"type": "str", "choices": ["client", "server", "both"], "default": "client"},
            "subject_alt_names": {"type": "list", "elements": "str"},
            "validity_days": {"type": "int", "default": 365},
            "renew_before_days": {"type": "int", "default": 30},
            "index_path": {"type": "path", "required": True},
            "profile": {"type": "str", "choices": PROFILES, "default": "nist"},
            "ownca_certificate": {"type": "str"},
            "ownca_certificate_path": {"type": "path"},
            "ownca_private_key": {"type": "str", "no_log": True},
            "ownca_private_key_path": {"type": "path"},
            "ownca_private_key_passphrase": {"type": "str", "no_log": True},
            "cfssl_url": {"type": "str"},
            "cfssl_profile": {"type": "str"},
            "cfssl_label": {"type": "str"},
            "cfssl_auth_key": {"type": "str", "no_log": True},
            "validate_certs": {"type": "bool", "default": True},
            "ca_path": {"type": "path"},
            "client_cert": {"type": "path"},
            "client_key": {"type": "path"},
            "timeout": {"type": "int", "default": 30},
        },
        required_one_of=[("csr", "csr_path")],
        mutually_exclusive=[("csr", "csr_path"), ("ownca_certificate", "ownca_certificate_path"),
                            ("ownca_private_key", "ownca_private_key_path")],
        required_if=[("provider", "cfssl", ("cfssl_url",))],
        supports_check_mode=True,
    )
    secret_args.restore(module)
    if not x509_facts.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography >= %s" % x509_facts.MIN_CRYPTOGRAPHY),
                         exception=str(x509_facts.CRYPTOGRAPHY_IMPORT_ERROR))
    if module.params["validity_days"] < 1:
        module.fail_json(msg="validity_days must be at least 1")
    try:
        result = sign_backend.SignBackend(module.params, http_post(module)).run(module.check_mode)
    except sign_backend.SignError as exc:
        module.fail_json(msg=str(exc))
    for warning in result.pop("warnings"):
        module.warn(warning)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
