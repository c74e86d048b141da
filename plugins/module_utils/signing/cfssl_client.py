# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client of a CFSSL CA server's HTTP API.

`sign` posts the request to /api/v1/cfssl/sign, or, with an auth key, to /api/v1/cfssl/authsign
(the request JSON, base64-encoded, with an HMAC-SHA-256 token over it made with the shared key:
CFSSL's "standard" authenticated signing). `info` reads the CA certificate from /api/v1/cfssl/info.
The HTTP call is injected: `post(url, body_bytes) -> (status, body_bytes)`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json


class CfsslError(Exception):
    """The CFSSL server refused or could not be reached; the message says which."""


class CfsslClient:

    def __init__(self, url, post, auth_key=None):
        self.url = url.rstrip("/")
        self.post = post
        self.auth_key = None
        if auth_key:
            try:
                self.auth_key = binascii.unhexlify(auth_key.strip())
            except (binascii.Error, ValueError):
                raise CfsslError("the CFSSL auth key must be hexadecimal (as in the server's auth_keys)")

    def _call(self, endpoint, payload):
        status, body = self.post(self.url + endpoint, json.dumps(payload).encode("utf-8"))
        try:
            answer = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
        except (ValueError, AttributeError):
            raise CfsslError("CFSSL %s answered HTTP %s with something that is not JSON" % (endpoint, status))
        if not answer.get("success"):
            errors = "; ".join("%s (code %s)" % (e.get("message"), e.get("code")) for e in answer.get("errors") or [])
            raise CfsslError("CFSSL %s refused: %s" % (endpoint, errors or "HTTP %s" % status))
        return answer.get("result") or {}

    def sign(self, csr_pem, profile=None, label=None, hosts=None):
        """The PEM certificate the CA issued for `csr_pem`."""
        request = {"certificate_request": csr_pem}
        if profile:
            request["profile"] = profile
        if label:
            request["label"] = label
        if hosts:
            request["hosts"] = list(hosts)
        if self.auth_key is None:
            result = self._call("/api/v1/cfssl/sign", request)
        else:
            raw = json.dumps(request).encode("utf-8")
            token = base64.b64encode(hmac.new(self.auth_key, raw, hashlib.sha256).digest()).decode("ascii")
            result = self._call("/api/v1/cfssl/authsign", {"token": token, "request": base64.b64encode(raw).decode("ascii")})
        certificate = result.get("certificate")
        if not certificate:
            raise CfsslError("CFSSL answered without a certificate")
        return certificate

    def info(self, profile=None, label=None):
        """The PEM certificate of the CA that signs for `profile`."""
        payload = {}
        if profile:
            payload["profile"] = profile
        if label:
            payload["label"] = label
        certificate = self._call("/api/v1/cfssl/info", payload).get("certificate")
        if not certificate:
            raise CfsslError("CFSSL info answered without the CA certificate")
        return certificate
