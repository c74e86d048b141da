# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Options shared by the modules that open an IBM MQ key repository."""

    DOCUMENTATION = r"""
options:
  path:
    description:
      - Path of the key repository on the managed host.
      - Without an extension, C(.p12) is appended for O(type=pkcs12) and C(.kdb) for O(type=cms), the way
        IBM MQ appends C(.kdb) to the stem given in C(SSLKEYR), C(MQSSLKEYR) or C(SSLKeyRepository).
      - The stash file is the same path with the extension C(.sth).
      - A symbolic link is refused; give the real path.
    type: path
    required: true
  type:
    description:
      - V(pkcs12) is written natively with the Python C(cryptography) library.
      - V(cms) is driven through IBM's C(runmqakm) program, which must be installed on the managed host
        (searched in E(PATH), C(/opt/mqm/bin) and C(/opt/mqm/gskit8/bin)). There is no fallback to another format.
    type: str
    choices: [pkcs12, cms]
    default: pkcs12
  password:
    description:
      - Password of the key repository. Never logged and never returned.
    type: str
  profile:
    description:
      - Policy profile the repository and its certificates are judged against (see the collection's
        C(docs/policy.md)).
    type: str
    choices: [nist, fips, suite_b_128, suite_b_192, cnsa]
    default: nist
notes:
  - Every write is atomic (temporary file in the same directory, fsync, rename) under an exclusive lock
    held in C(.<name>.lock) beside the repository, so a crash or a concurrent run never leaves a partial file.
requirements:
  - cryptography >= 40.0 on the managed host
"""
