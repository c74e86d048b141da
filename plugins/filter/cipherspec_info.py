# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: cipherspec_info
short_description: Describe an IBM MQ CipherSpec and judge it under a policy profile
version_added: 0.1.0
description:
  - Looks up an IBM MQ C(SSLCIPH) value (a CipherSpec or an C(ANY*) alias) and returns its facts
    (protocol, key exchange, cipher, MAC, IANA name and code, IBM's FIPS flag and Suite B level,
    deprecation) together with the verdict of the chosen policy profile and the reasons.
  - Facts that IBM's documentation does not state are listed in RV(_value.unconfirmed).
options:
  _input:
    description: The C(SSLCIPH) value. Case and surrounding blanks are ignored; blank means no TLS.
    type: str
    required: true
  profile:
    description: The policy profile, documented in C(docs/policy.md).
    type: str
    default: nist
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
  at:
    description: The date to judge on (ISO 8601), for the NIST transitions. Defaults to today (UTC).
    type: str
  sslfips:
    description: Whether the queue manager runs with C(SSLFIPS(YES)); an alias then negotiates FIPS CipherSpecs only.
    type: bool
    default: false
author: mqstig.tls contributors
"""

EXAMPLES = r"""
- name: Is the STIG's own example CipherSpec still approved?
  ansible.builtin.debug:
    msg: "{{ 'TLS_RSA_WITH_AES_128_CBC_SHA' | mqstig.tls.cipherspec_info }}"

- name: Fail early on a CipherSpec the CNSA profile does not approve
  ansible.builtin.assert:
    that: (mq_cipherspec | mqstig.tls.cipherspec_info(profile='cnsa')).approved
    fail_msg: "{{ (mq_cipherspec | mqstig.tls.cipherspec_info(profile='cnsa')).problems | map(attribute='reason') }}"
"""

RETURN = r"""
_value:
  description: The CipherSpec's facts and the profile's verdict.
  type: dict
  contains:
    name: {description: The normalised name., type: str}
    known: {description: Whether IBM MQ has a CipherSpec or alias of this name., type: bool}
    alias: {description: Whether the name is an alias such as C(ANY_TLS12_OR_HIGHER)., type: bool}
    protocol: {description: "C(TLS 1.3), C(TLS 1.2), C(TLS 1.0) or C(SSL 3.0); absent for aliases.", type: str}
    iana_name: {description: The IANA cipher suite name., type: str}
    iana_code: {description: The IANA code, for example C(0xC02C)., type: str}
    fips: {description: "IBM's FIPS flag; null where IBM does not state one.", type: bool}
    suite_b: {description: The Suite B level (128 or 192) or null., type: int}
    status: {description: C(supported) or C(deprecated) by IBM., type: str}
    unconfirmed: {description: Fields not confirmed in IBM documentation., type: list, elements: str}
    members: {description: For an alias, the CipherSpecs it can negotiate., type: list, elements: str}
    verdict: {description: C(pass), C(warn) or C(fail)., type: str}
    approved: {description: True unless the verdict is C(fail)., type: bool}
    problems:
      description: Why the profile does not fully approve it; empty when it does.
      type: list
      elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.mqstig.tls.plugins.module_utils.policy import cipherspecs


def cipherspec_info(name, profile="nist", at=None, sslfips=False):
    try:
        return cipherspecs.info(name, profile, at, sslfips)
    except ValueError as exc:
        raise AnsibleFilterError("cipherspec_info: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"cipherspec_info": cipherspec_info}
