# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of the options documented in the mqstig.tls.certificate_key doc fragment."""

from __future__ import annotations


def certificate_key_spec():
    """key_type, curve, key_size and waive_findings: the key of a new request and the policy waivers."""
    return {
        "key_type": {"type": "str", "choices": ["ec", "rsa"], "default": "ec"},
        "curve": {"type": "str", "choices": ["P-256", "P-384", "P-521"]},
        "key_size": {"type": "int"},
        "waive_findings": {"type": "list", "elements": "str", "default": []},
    }
