# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The key of a new certificate request (mq_cert, mq_appliance_cert)."""

    DOCUMENTATION = r"""
options:
  key_type:
    description: Key algorithm of a new key.
    type: str
    choices: [ec, rsa]
    default: ec
  curve:
    description: Curve of a new EC key. Defaults to P-256, or P-384 when the profile allows only P-384.
    type: str
    choices: [P-256, P-384, P-521]
  key_size:
    description: Size in bits of a new RSA key (2048 or more; 3072 when omitted).
    type: int
  waive_findings:
    description:
      - Finding codes (such as C(CERT_NOT_CA), C(CERT_EXPIRED), C(CERT_SIGNATURE_HASH)) that do not block adding or
        receiving a certificate. They are reported as warnings. Use only with a documented risk acceptance.
    type: list
    elements: str
    default: []
"""
