# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""The REST management interface's file store, only for the `mqpubcert:` directory, over HTTPS with basic
authentication: GET (list / file), PUT, POST, DELETE under /mgmt/filestore/default/mqpubcert."""

from __future__ import annotations

import base64
import binascii
import datetime
import http.server
import json
import os
import re
import ssl
import urllib.parse

from . import util

BASE = "/mgmt/filestore/default/mqpubcert"
FILE_NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
MAX_BODY = 10 * 1024 * 1024


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "mq_appliance_emu-filestore"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # the event log (without bodies) is written by _done

    # ----- plumbing ------------------------------------------------------------------------------------------
    def _send(self, status, payload, extra_headers=None):
        body = (json.dumps(payload) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.server.emu.log.write(event="rest", method=self.command, path=self._path_only(), status=status)

    def _path_only(self):
        return urllib.parse.urlsplit(self.path).path

    def _authorized(self):
        header = self.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _colon, password = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return False
        return self.server.emu.password_ok(user, password)

    def _read_body(self):
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return None, (400, {"error": "Invalid Content-Length"})
        if length > MAX_BODY:
            return None, (413, {"error": "Request body too large"})
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None, (400, {"error": "Request body is not valid JSON"})
        item = body.get("file") if isinstance(body, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) \
                or not isinstance(item.get("content"), str):
            return None, (400, {"error": 'Request body must be {"file": {"name": ..., "content": ...}}'})
        if not FILE_NAME_RE.match(item["name"]):
            return None, (400, {"error": "Invalid file name"})
        try:
            content = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, ValueError):
            return None, (400, {"error": "File content is not valid base64"})
        return (item["name"], content), None

    def _route(self):
        """(kind, name): ("dir", None), ("file", name), or an error response tuple as kind 'error'."""
        path = self._path_only()
        if path in (BASE, BASE + "/"):
            return "dir", None
        if path.startswith(BASE + "/"):
            name = urllib.parse.unquote(path[len(BASE) + 1:])
            if not FILE_NAME_RE.match(name) or name in (".", ".."):
                return "error", (400, {"error": "Invalid file name"})
            return "file", name
        return "error", (404, {"error": "Resource not found"})

    def _handle(self):
        if not self._authorized():
            self._drain()
            return self._send(401, {"error": "Authentication failure"},
                              {"WWW-Authenticate": 'Basic realm="mq_appliance_emu"'})
        kind, arg = self._route()
        if kind == "error":
            self._drain()
            return self._send(*arg)
        store = self.server.emu.repos.pubcert_dir
        method = self.command
        if kind == "dir":
            if method == "GET":
                return self._send(200, {"filestore": {"location": {"name": "mqpubcert:", "file": _listing(store)}}})
            if method == "POST":
                parsed, error = self._read_body()
                if error:
                    return self._send(*error)
                name, content = parsed
                with util.state_lock(self.server.emu.state_dir):
                    path = os.path.join(store, name)
                    if os.path.exists(path):
                        return self._send(409, {"error": "File already exists"})
                    util.atomic_write(path, content, mode=util.PUBLIC_FILE_MODE)
                return self._send(201, {"result": "File was created."})
            self._drain()
            return self._send(405, {"error": "Method not allowed"})
        path = os.path.join(store, arg)
        if method == "GET":
            if not os.path.isfile(path):
                return self._send(404, {"error": "Resource not found"})
            with open(path, "rb") as handle:
                content = handle.read()
            return self._send(200, {"_links": {"self": {"href": self._path_only()}},
                                    "file": base64.b64encode(content).decode("ascii")})
        if method == "PUT":
            parsed, error = self._read_body()
            if error:
                return self._send(*error)
            name, content = parsed
            if name != arg:
                return self._send(400, {"error": "The file name in the body does not match the URL"})
            with util.state_lock(self.server.emu.state_dir):
                existed = os.path.exists(path)
                util.atomic_write(path, content, mode=util.PUBLIC_FILE_MODE)
            if existed:
                return self._send(200, {"result": "File was updated."})
            return self._send(201, {"result": "File was created."})
        if method == "DELETE":
            self._drain()
            with util.state_lock(self.server.emu.state_dir):
                if not os.path.isfile(path):
                    return self._send(404, {"error": "Resource not found"})
                os.unlink(path)
            return self._send(200, {"result": "ok"})
        self._drain()
        return self._send(405, {"error": "Method not allowed"})

    def _drain(self):
        try:
            length = min(int(self.headers.get("Content-Length", "0")), MAX_BODY)
        except ValueError:
            length = 0
        if length > 0:
            self.rfile.read(length)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _handle


def _listing(store):
    files = []
    for name in sorted(os.listdir(store)):
        path = os.path.join(store, name)
        if not FILE_NAME_RE.match(name) or not os.path.isfile(path):
            continue
        stat = os.stat(path)
        modified = datetime.datetime.fromtimestamp(stat.st_mtime, datetime.timezone.utc)
        files.append({"name": name, "size": stat.st_size, "modified": modified.strftime("%Y-%m-%d %H:%M:%S")})
    return files


class FileStoreServer(http.server.ThreadingHTTPServer):
    """HTTPS; the TLS handshake runs in the request's thread, not in the accept loop."""

    daemon_threads = True

    def __init__(self, emu, host, port, cert_file, key_file, key_password):
        self.emu = emu
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        self.context.load_cert_chain(cert_file, key_file, password=key_password)
        super().__init__((host, port), _Handler)

    def finish_request(self, request, client_address):
        request.settimeout(30)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            try:
                tls.close()
            except OSError:
                pass
