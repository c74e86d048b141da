#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mq_keyrepo
short_description: Prepare an IBM MQ key repository with approved protection (STIG MQMH-AS-001180 step 1)
version_added: 0.1.0
description:
  - Creates, checks, re-protects, changes the password of, or removes an IBM MQ key repository and its stash file
    on the managed host. This is step 1 of the fix of DISA STIG rule MQMH-AS-001180 (NIST- or NSA-approved key
    management).
  - A PKCS#12 repository is protected only with PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC) and an HMAC-SHA-256
    integrity MAC. An existing repository protected with a legacy scheme (RC2, 3DES, RC4, SHA-1 MAC, unencrypted
    keys) is reported as a finding and, unless O(reprotect=false), re-protected.
  - The stash file is the 129-byte "v1" layout (password, NUL, random non-zero padding, every byte XOR 0xF5) that
    GSKit and IBM MQ clients read when no other password source is configured.
  - In check mode nothing is written; the result reports what would change and the policy findings of the
    repository as it is, which makes check mode a compliance audit.
author:
  - mqstig.tls maintainers (@mqstig)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mqstig.tls.keyrepo
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details: The diff lists entry summaries (label, kind, subject, fingerprint), protection and file modes; never key
      material or passwords.
  platform:
    platforms: posix
options:
  state:
    description:
      - V(present) creates the repository if it is missing and brings its protection, password, stash and file
        attributes to what is asked. V(absent) removes the repository and its stash (and, for V(cms), the
        C(.rdb) and C(.crl) files of the same stem).
    type: str
    choices: [present, absent]
    default: present
  new_password:
    description:
      - Rotate the password. The repository is re-protected with O(new_password) and the stash rewritten.
      - Idempotent and restartable; a repository that already opens with O(new_password) is not rewritten, so a run
        stopped half-way is completed by the next one.
    type: str
  stash:
    description:
      - Keep a stash file beside the repository holding the password.
      - With V(false) no stash is written and an existing one is left alone; MQ C clients then need
        C(MQKEYRPWD) or C(SSLKeyRepositoryPassword) in C(mqclient.ini) (MQ 9.3 and later).
      - A V(cms) repository is always used through its stash.
    type: bool
    default: true
  owner:
    description: Owner of the repository and stash files (name or uid). Unchanged when omitted.
    type: str
  group:
    description: Group of the repository and stash files (name or gid). Unchanged when omitted.
    type: str
  mode:
    description:
      - Permissions of the repository and stash files, in octal. Group and others must have no access; a mode that
        gives them any is refused.
    type: str
    default: "0600"
  backup:
    description: Before the repository file is replaced or removed, copy it to C(<path>.<UTC timestamp>.bak) (mode 0600).
    type: bool
    default: false
  kdf_iterations:
    description: PBKDF2 and MAC iteration count used when the repository is written (at least 1000, SP 800-132).
    type: int
    default: 10000
  reprotect:
    description: Rewrite a repository whose protection fails the profile. With V(false) it is only reported.
    type: bool
    default: true
seealso:
  - module: mqstig.tls.mq_cert
"""

EXAMPLES = r"""
- name: MEDIUM | MQMH-AS-001180 | PATCH | Prepare the client key repository
  mqstig.tls.mq_keyrepo:
    path: /var/mqm/ssl/app1
    password: "{{ vault_app1_keyrepo_password }}"
    owner: app1
    group: mqm

- name: MEDIUM | MQMH-AS-001180 | AUDIT | Check the repository without changing it
  mqstig.tls.mq_keyrepo:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_keyrepo_password }}"
  check_mode: true
  register: keyrepo_audit

- name: MEDIUM | MQMH-AS-001180 | PATCH | Rotate the repository password
  mqstig.tls.mq_keyrepo:
    path: /var/mqm/ssl/app1.p12
    password: "{{ vault_app1_old_password }}"
    new_password: "{{ vault_app1_keyrepo_password }}"

- name: MEDIUM | MQMH-AS-001180 | PATCH | Queue manager CMS repository through runmqakm
  mqstig.tls.mq_keyrepo:
    path: /var/mqm/qmgrs/QM1/ssl/key
    type: cms
    password: "{{ vault_qm1_keyrepo_password }}"
    owner: mqm
    group: mqm
"""

RETURN = r"""
path:
  description: The repository file.
  returned: always
  type: str
  sample: /var/mqm/ssl/app1.p12
stash_path:
  description: The stash file, when O(stash=true).
  returned: always
  type: str
  sample: /var/mqm/ssl/app1.sth
type:
  description: Repository format.
  returned: always
  type: str
  sample: pkcs12
actions:
  description: What was changed (or, in check mode, would be). Empty when nothing is to change.
  returned: always
  type: list
  elements: str
  sample: ["create /var/mqm/ssl/app1.p12", "write the stash /var/mqm/ssl/app1.sth"]
protection:
  description: How a PKCS#12 repository is protected, per part (keys, certificates) and its MAC.
  returned: when O(state=present)
  type: dict
  sample: {"protections": [{"where": "certificates", "scheme": "pbes2", "prf": "sha256", "cipher": "aes256",
           "iterations": 10000}], "mac": {"hash": "sha256", "iterations": 10000}}
entries:
  description:
    - The entries of the repository. C(kind) is V(personal) (a key with its CA-signed certificate), V(pending)
      (a key waiting for its signed certificate) or V(trusted) (a CA certificate).
  returned: always
  type: list
  elements: dict
  sample: [{"label": "ibmwebspheremqapp1", "kind": "personal", "subject": "CN=app1,O=Example",
            "issuer": "CN=Example CA", "serial": "1A2B", "not_before": "2026-01-01T00:00:00+00:00",
            "not_after": "2027-01-01T00:00:00+00:00", "sha256_fingerprint": "AB12...",
            "key": {"type": "ec", "size": 256, "curve": "secp256r1"}, "signature_algorithm": "ecdsa",
            "signature_hash": "sha256"}]
findings:
  description: Policy findings (see the collection's C(docs/findings.md)) for the repository, its stash and each entry.
  returned: always
  type: list
  elements: dict
summary:
  description: Number of findings per status.
  returned: when O(state=present)
  type: dict
  sample: {"pass": 3, "warn": 0, "fail": 0}
client_settings:
  description:
    - What an MQ C client needs to use the repository. The password is never returned; take it from your vault.
  returned: when O(state=present)
  type: dict
  sample: {"mqclient_ini": {"SSL": {"SSLKeyRepository": "/var/mqm/ssl/app1.p12"}},
           "environment": {"MQSSLKEYR": "/var/mqm/ssl/app1.p12"}, "password_source": "stash",
           "stash_path": "/var/mqm/ssl/app1.sth"}
backup_files:
  description: Backups made by O(backup=true).
  returned: always
  type: list
  elements: str
removed:
  description: Files removed by O(state=absent).
  returned: when O(state=absent)
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.mqstig.tls.plugins.module_utils.module_result import exit_with_result
from ansible_collections.mqstig.tls.plugins.module_utils import secret_args
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.keystore.runmqakm import RunmqakmError
from ansible_collections.mqstig.tls.plugins.module_utils import runmqakm_lookup
from ansible_collections.mqstig.tls.plugins.module_utils.keyrepo_args import keyrepo_argument_spec


def main():
    module = AnsibleModule(
        argument_spec=keyrepo_argument_spec(
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
            new_password={"type": "str", "no_log": True},
            stash={"type": "bool", "default": True},
            owner={"type": "str"},
            group={"type": "str"},
            mode={"type": "str", "default": "0600"},
            backup={"type": "bool", "default": False},
            kdf_iterations={"type": "int", "default": 10000},
            reprotect={"type": "bool", "default": True},
        ),
        required_if=[("state", "present", ("password",))],
        supports_check_mode=True,
    )
    secret_args.restore(module)
    if not x509_facts.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography >= %s" % x509_facts.MIN_CRYPTOGRAPHY),
                         exception=str(x509_facts.CRYPTOGRAPHY_IMPORT_ERROR))
    params = dict(module.params)
    try:
        params["mode"] = int(str(params["mode"]), 8)
    except ValueError:
        module.fail_json(msg="mode must be octal, such as 0600, not %s" % params["mode"])
    if params["mode"] & 0o077:
        module.fail_json(msg="mode %04o gives group or others access to key material; use 0600 (or 0400)" % params["mode"])
    if params["kdf_iterations"] < 1000:
        module.fail_json(msg="kdf_iterations must be at least 1000 (NIST SP 800-132)")
    runner = None
    if params["type"] == "cms" and params["state"] == "present":
        runner = runmqakm_lookup.driver(module)
        if runner is None:
            module.fail_json(msg=runmqakm_lookup.MISSING)
    try:
        result = keyrepo_backend.KeyRepo(params, runner).run(module.check_mode)
    except (keyrepo_backend.KeyRepoError, RunmqakmError) as exc:
        module.fail_json(msg=str(exc))
    exit_with_result(module, result)


if __name__ == "__main__":
    main()
