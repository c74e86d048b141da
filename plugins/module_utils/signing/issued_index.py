# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The record of what a signer issued (like a CA database), so that asking twice signs once.

A JSON file: {"version": 1, "issued": [{"serial", "subject", "issuer", "spki_sha256", "usage",
"not_before", "not_after", "sha256_fingerprint", "certificate"}]}. Only public data. Read and
written under the same lock and atomic write as key repositories, so parallel hosts (forks of one
play delegating to the same CA host) never lose a record.
"""

from __future__ import annotations

import datetime
import json
import os

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates as cert_policy

VERSION = 1


class IssuedIndexError(ValueError):
    """The index file cannot be read."""


def load(path):
    if not os.path.exists(path):
        return {"version": VERSION, "issued": []}
    try:
        with open(path, "r", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise IssuedIndexError("the index %s cannot be read: %s" % (path, exc))
    if not isinstance(data, dict) or not isinstance(data.get("issued"), list):
        raise IssuedIndexError("%s is not an index of issued certificates" % path)
    return data


def save(path, data):
    atomic_file.write(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"), 0o644)


def current(data, spki, subject, usage, now, renew_before_days):
    """The newest record for this key, subject and usage still valid beyond the renewal window, or None."""
    limit = now + datetime.timedelta(days=int(renew_before_days))
    best = None
    for record in data["issued"]:
        if record.get("spki_sha256") != spki or record.get("subject") != subject or record.get("usage") != usage:
            continue
        not_after = cert_policy.as_datetime(record["not_after"])
        if not_after > limit and (best is None or not_after > cert_policy.as_datetime(best["not_after"])):
            best = record
    return best
