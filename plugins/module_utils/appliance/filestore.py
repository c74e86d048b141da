# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files in the appliance's ``mqpubcert:`` directory, through its REST management interface.

IBM documents file management on the appliance's REST management interface (port 5554 by default)
as ``/mgmt/filestore/{domain}/{top_directory}/{file_path}`` [C]. The bodies follow the same interface
on DataPower, whose firmware the appliance shares [3P]: ``GET`` a file gives ``{"file": <base64>}``,
``PUT`` takes ``{"file": {"name": ..., "content": <base64>}}``, ``DELETE`` removes it. That
``mqpubcert`` is one of its top directories is [U].

Only public material passes here: CA certificates, signed certificates and certificate requests.
The HTTP call is injected, `request(method, url, body_dict_or_None) -> (status, text)`; the module
builds it with Ansible's `open_url` (basic authentication, TLS validation).
"""

from __future__ import annotations

import base64
import json
import re

DIRECTORY = "mqpubcert"
_NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class FileStoreError(Exception):
    """The file store refused a request."""


def check_name(name):
    if not name or not _NAME_RE.match(name) or name in (".", ".."):
        raise FileStoreError("%r is not a file name the appliance file store takes (letters, digits, '.', '_', '-')"
                             % name)
    return name


def _message(text):
    try:
        body = json.loads(text)
    except ValueError:
        return (text or "").strip()[:200]
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, list):
            return "; ".join(str(e) for e in error)
        if error:
            return str(error)
    return (text or "").strip()[:200]


class FileStore:
    """mqpubcert: on one appliance."""

    def __init__(self, base_url, request, domain="default"):
        self.base = "%s/mgmt/filestore/%s/%s" % (base_url.rstrip("/"), domain, DIRECTORY)
        self.request = request
        self.calls = []

    def _call(self, method, name, body=None):
        url = "%s/%s" % (self.base, check_name(name)) if name else self.base
        self.calls.append("%s %s" % (method, name or DIRECTORY))
        return self.request(method, url, body)

    def read(self, name):
        """The bytes of mqpubcert:///name, or None when there is no such file."""
        status, text = self._call("GET", name)
        if status == 404:
            return None
        if status != 200:
            raise FileStoreError("reading mqpubcert:///%s: HTTP %s %s" % (name, status, _message(text)))
        try:
            return base64.b64decode(json.loads(text)["file"], validate=True)
        except (ValueError, KeyError, TypeError) as exc:
            raise FileStoreError("reading mqpubcert:///%s: the answer is not a file (%s)" % (name, exc))

    def write(self, name, data):
        """Create or replace mqpubcert:///name with `data` (bytes)."""
        body = {"file": {"name": check_name(name), "content": base64.b64encode(data).decode("ascii")}}
        status, text = self._call("PUT", name, body)
        if status not in (200, 201, 204):
            raise FileStoreError("writing mqpubcert:///%s: HTTP %s %s" % (name, status, _message(text)))

    def delete(self, name):
        status, text = self._call("DELETE", name)
        if status not in (200, 204, 404):
            raise FileStoreError("deleting mqpubcert:///%s: HTTP %s %s" % (name, status, _message(text)))
