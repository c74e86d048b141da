# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: certificate_findings
short_description: Judge PEM certificates under a policy profile
version_added: 0.1.0
description:
  - Reads every certificate in a PEM text and judges its signature hash and algorithm, public key
    (NIST SP 800-57 strength, curves), validity and intended use for the given role.
  - Returns findings in the collection's findings schema.
requirements:
  - cryptography (on the controller)
options:
  _input:
    description: PEM text holding one or more certificates.
    type: str
    required: true
  role:
    description: How the certificate is used.
    type: str
    default: personal
    choices: [ca, client, server, personal]
  profile:
    description: The policy profile.
    type: str
    default: nist
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
  now:
    description: The moment to judge validity at (ISO 8601). Defaults to now (UTC).
    type: str
  expiry_warn_days:
    description: Warn when the certificate expires within this many days.
    type: int
    default: 30
author: mqstig.tls contributors
"""

EXAMPLES = r"""
- name: Check a CA certificate before trusting it
  ansible.builtin.assert:
    that: >-
      lookup('ansible.builtin.file', 'ca.pem') | mqstig.tls.certificate_findings(role='ca')
      | selectattr('status', 'eq', 'fail') | list | length == 0
"""

RETURN = r"""
_value:
  description: Findings, one or more per certificate.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates


def certificate_findings(pem, role="personal", profile="nist", now=None, expiry_warn_days=30):
    if not x509_facts.HAS_CRYPTOGRAPHY:
        raise AnsibleFilterError("certificate_findings needs the Python library cryptography on the controller: %s"
                                 % x509_facts.CRYPTOGRAPHY_IMPORT_ERROR)
    try:
        out = []
        for cert in x509_facts.load_pem_certificates(pem):
            facts = x509_facts.certificate_facts(cert)
            out.extend(certificates.findings(facts, role, profile, now, expiry_warn_days=int(expiry_warn_days)))
        return out
    except (TypeError, ValueError) as exc:
        raise AnsibleFilterError("certificate_findings: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"certificate_findings": certificate_findings}
