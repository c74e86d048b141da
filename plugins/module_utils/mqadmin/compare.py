# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Comparing what is asked with what a queue manager displays, attribute by attribute.

Only the attributes the user set are compared. Keyword values (SSLCAUTH, SSLFIPS, ...) and
CipherSpec names compare without regard to case; every other string compares exactly (MQ keeps
quoted strings as entered); numbers compare as numbers.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc

CASE_INSENSITIVE = ("SSLCIPH",)


def normalise(name, value):
    name = name.upper()
    if value is None:
        return None
    if isinstance(value, bool):
        return "YES" if value else "NO"
    text = str(value).strip() if name not in ("DESCR",) else str(value).rstrip()
    if name in mqsc.KEYWORD_VALUES or name in CASE_INSENSITIVE:
        return text.upper()
    if name in mqsc.INTEGER_ATTRIBUTES and text.isdigit():
        return str(int(text))
    return text


def differences(wanted, current):
    """{NAME: wanted value} for every attribute of `wanted` that `current` does not already have."""
    current = {str(k).upper(): v for k, v in (current or {}).items()}
    out = {}
    for name, value in wanted.items():
        upper = name.upper()
        if normalise(upper, value) != normalise(upper, current.get(upper, "")):
            out[upper] = value
    return out


def changes(wanted, current):
    """[{"attribute", "before", "after"}] for the diff and the result."""
    current = {str(k).upper(): v for k, v in (current or {}).items()}
    return [{"attribute": name, "before": current.get(name), "after": value}
            for name, value in differences(wanted, current).items()]
