# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of the options documented in the mqstig.tls.keyrepo doc fragment."""

from __future__ import annotations

PROFILES = ["nist", "fips", "suite_b_128", "suite_b_192", "cnsa"]


def keyrepo_argument_spec(**extra):
    """path, type, password and profile, plus the module's own options in `extra`."""
    spec = {
        "path": {"type": "path", "required": True},
        "type": {"type": "str", "choices": ["pkcs12", "cms"], "default": "pkcs12"},
        "password": {"type": "str", "no_log": True},
        "profile": {"type": "str", "choices": list(PROFILES), "default": "nist"},
    }
    spec.update(extra)
    return spec
