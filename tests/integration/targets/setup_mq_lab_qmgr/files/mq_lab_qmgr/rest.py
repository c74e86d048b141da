# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
#
# Models IBM MQ's administrative REST API (mqweb) as IBM documents it:
#   POST /ibmmq/rest/{v1,v2,v3}/admin/action/qmgr/{qmgr}/mqsc with {"type": "runCommandJSON", ...} or
#   {"type": "runCommand", "parameters": {"command": "..."}}; HTTP 200 even when the command failed, with
#   commandResponse[] (completionCode, reasonCode, and parameters / message / text) and overallCompletionCode,
#   overallReasonCode; basic authentication or the LtpaToken2 cookie from POST /ibmmq/rest/v1/login (204); the
#   ibm-mq-rest-csrf-token header (any value, even empty) required on POST, PATCH and DELETE, else MQWB0100E;
#   errors as {"error": [{"msgId", "action", "completionCode", "reasonCode", "type", "message", "explanation"}]}
#   (field names and order as in real mqweb responses: sample C04); unknown queue manager MQWB0009E with 404
#   (sample C03); missing credentials MQWB0104E with 401; a failed LTPA cookie MQWB0112E with 401 (sample C04).
# The HTTP status for MQWB0100E (403) is this project's reading of IBM's status list, not seen in a capture. Error ids
# starting MQLAB are the lab's own (IBM's ids for those cases were not found).
# /lab/stats is NOT part of IBM's API: it is the lab's side channel for counting round trips.
"""HTTPS server speaking the lab queue manager's administrative REST API."""

from __future__ import annotations

import base64
import contextlib
import datetime
import fcntl
import http.server
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse

from . import model
from . import mqsc

CSRF_HEADER = "ibm-mq-rest-csrf-token"
MAX_BODY = 1024 * 1024
_MQSC_PATH = re.compile(r"^/ibmmq/rest/(v[123])/admin/action/qmgr/([^/]+)/mqsc$")
_LOGIN_PATH = re.compile(r"^/ibmmq/rest/(v[123])/login$")
_QMGR_PATH = re.compile(r"^/ibmmq/rest/(v[123])/admin/qmgr(?:/([^/]+))?$")


# ------------------------------------------------------------------------------------------------------------
# TLS material for the server (a CA and a certificate for 127.0.0.1 / localhost, kept in <state>/rest-tls)
# ------------------------------------------------------------------------------------------------------------
def ensure_tls_material(state_dir):
    """Paths (ca, cert, key) of the REST server's TLS files, created with cryptography on first use."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory = os.path.join(os.path.abspath(state_dir), "rest-tls")
    paths = tuple(os.path.join(directory, n) for n in ("ca.pem", "server-cert.pem", "server-key.pem"))
    if all(os.path.isfile(p) for p in paths):
        return paths
    os.makedirs(directory, mode=0o700, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mq_lab_qmgr test double"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "mq_lab_qmgr REST test CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
               .not_valid_after(now + datetime.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mq_lab_qmgr test double"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    contents = (ca_cert.public_bytes(pem), cert.public_bytes(pem),
                key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    for path, data in zip(paths, contents):
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(path + ".tmp", path)
    return paths


# ------------------------------------------------------------------------------------------------------------
# Request counters: <state>/rest-stats.json, shared with the "stats" subcommand (flock-protected)
# ------------------------------------------------------------------------------------------------------------
def _stats_paths(state_dir):
    base = os.path.abspath(state_dir)
    return os.path.join(base, "rest-stats.json"), os.path.join(base, "rest-stats.lock")


def _empty_stats():
    return {"requests": 0, "mqsc": 0, "mqsc_commands": 0, "login": 0, "other": 0, "by_status": {}, "by_type": {}}


@contextlib.contextmanager
def _stats_locked(state_dir):
    path, lock_path = _stats_paths(state_dir)
    with open(lock_path, "a+", encoding="utf-8") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            try:
                with open(path, "r", encoding="utf-8") as handle:
                    stats = json.load(handle)
            except (OSError, ValueError):
                stats = _empty_stats()
            holder = {"stats": stats}
            yield holder
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(holder["stats"], handle, sort_keys=True)
            os.replace(tmp, path)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def read_stats(state_dir):
    path, _lock = _stats_paths(state_dir)
    try:
        with open(path, "r", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return _empty_stats()


def reset_stats(state_dir):
    with _stats_locked(state_dir) as holder:
        holder["stats"] = _empty_stats()


def _count(state_dir, kind, status, body_type=None):
    with _stats_locked(state_dir) as holder:
        stats = holder["stats"]
        stats["requests"] = stats.get("requests", 0) + 1
        stats[kind] = stats.get(kind, 0) + 1
        by_status = stats.setdefault("by_status", {})
        by_status[str(status)] = by_status.get(str(status), 0) + 1
        if body_type:
            by_type = stats.setdefault("by_type", {})
            by_type[body_type] = by_type.get(body_type, 0) + 1
            stats["mqsc_commands"] = stats.get("mqsc_commands", 0) + 1


# ------------------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------------------
def rest_error(msg_id, message, explanation, action, completion=0, reason=0):
    return {"error": [{"msgId": msg_id, "action": action, "completionCode": completion, "reasonCode": reason, "type": "rest",
                       "message": message, "explanation": explanation}]}


def err_not_authenticated():
    return 401, rest_error("MQWB0104E", "MQWB0104E: The REST API request is not authenticated.",
                           "The REST API request cannot be completed because credentials were omitted from the request.",
                           "Resubmit the request with valid credentials.")


def err_ltpa(cookie_name):
    return 401, rest_error("MQWB0112E", "MQWB0112E: The '%s' authentication token cookie failed verification." % cookie_name,
                           "The REST API request cannot be completed because the authentication token failed verification.",
                           "Login to the REST API to obtain a valid authentication cookie.")


def err_csrf():
    return 403, rest_error("MQWB0100E", "MQWB0100E: The CSRF header '%s' was omitted from the request." % CSRF_HEADER,
                           "The REST API request cannot be completed because the CSRF header was omitted.",
                           "Resubmit the request with the correct CSRF header.")


def err_qmgr(qmgr):
    return 404, rest_error("MQWB0009E", "MQWB0009E: Could not query the queue manager '%s'." % qmgr,
                           "The REST API was invoked specifying a queue manager name which cannot be located.",
                           "Resubmit the request with a valid queue manager name.", completion=2, reason=2058)


def err_bad_request(detail):
    return 400, rest_error("MQLAB9400E", "MQLAB9400E: The request body is not valid: %s." % detail,
                           "The lab REST server could not use the request body (this message id is the test double's own).",
                           "Correct the request body and resubmit the request.")


def err_not_found(path):
    return 404, rest_error("MQLAB9404E", "MQLAB9404E: The resource '%s' is not modelled by the lab REST server." % path,
                           "The lab REST server serves the mqsc, login and qmgr resources only.",
                           "Use a resource the lab models.")


def err_method(method, path):
    return 405, rest_error("MQLAB9405E", "MQLAB9405E: The %s HTTP method is not allowed for the %s resource request." % (method, path),
                           "A recognized resource request has been made, but it does not support the specified method.",
                           "Use a method the resource supports.")


# ------------------------------------------------------------------------------------------------------------
# Server
# ------------------------------------------------------------------------------------------------------------
class LabRestServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state_dir, qmgrs=None, ltpa_expiry=7200):
        self.state_dir = os.path.abspath(state_dir)
        self.store = model.Store(self.state_dir)
        self.qmgrs = set(qmgrs) if qmgrs else None
        self.ltpa_expiry = ltpa_expiry
        self.ltpa_cookie = "LtpaToken2_%d" % secrets.randbelow(10 ** 19)
        self.tokens = {}
        self.tokens_lock = threading.Lock()
        self.log_path = os.path.join(self.state_dir, "rest.log")
        self.ca_path, cert_path, key_path = ensure_tls_material(self.state_dir)
        super().__init__(address, LabRestHandler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert_path, key_path)
        self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def handle_error(self, request, client_address):
        with contextlib.suppress(OSError):
            with open(self.log_path, "a", encoding="utf-8") as log:
                stamp = datetime.datetime.now().isoformat(timespec="seconds")
                log.write("%s error while serving %s: %r\n" % (stamp, client_address, sys.exc_info()[1]))

    def serves(self, qmgr):
        return (self.qmgrs is None or qmgr in self.qmgrs) and self.store.exists(qmgr)

    def new_token(self, user, role):
        token = base64.b64encode(secrets.token_bytes(48)).decode("ascii")
        with self.tokens_lock:
            self.tokens[token] = (user, role, time.time() + self.ltpa_expiry)
        return token

    def token_user(self, token):
        with self.tokens_lock:
            entry = self.tokens.get(token)
            if entry and entry[2] < time.time():
                del self.tokens[token]
                entry = None
        return entry

    def drop_token(self, token):
        with self.tokens_lock:
            self.tokens.pop(token, None)


class LabRestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mq_lab_qmgr"
    sys_version = ""

    def setup(self):
        self.handshake_ok = True
        self.request.settimeout(30)
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError):
            self.handshake_ok = False
        super().setup()

    def handle(self):
        if self.handshake_ok:
            with contextlib.suppress(ssl.SSLError, ConnectionError, TimeoutError):
                super().handle()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        with contextlib.suppress(OSError):
            with open(self.server.log_path, "a", encoding="utf-8") as log:
                stamp = datetime.datetime.now().isoformat(timespec="seconds")
                log.write("%s %s %s\n" % (stamp, self.address_string(), format % args))

    # -- plumbing -----------------------------------------------------------------------------------------
    def _send(self, status, body=None, headers=()):
        data = b"" if body is None else json.dumps(body, indent=2).encode("utf-8")
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.send_header("X-Content-Type-Options", "nosniff")
        if status == 401 and body and body["error"][0]["msgId"] == "MQWB0104E":
            # a Basic challenge, so that clients which send credentials only when challenged can log in
            self.send_header("WWW-Authenticate", 'Basic realm="mqweb"')
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)
        return status

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("larger than %d bytes" % MAX_BODY)
        return self.rfile.read(length) if length else b""

    def _cookie(self):
        for header in self.headers.get_all("Cookie") or []:
            for part in header.split(";"):
                name, _sep, value = part.strip().partition("=")
                if name.startswith("LtpaToken2"):
                    return name, value
        return None, None

    def _authenticate(self):
        """(user, role, None) or (None, None, (status, body))."""
        header = self.headers.get("Authorization")
        if header and header[:6].lower() == "basic ":
            try:
                user, _sep, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                return None, None, err_not_authenticated()
            role = model.check_user(model.load_users(self.server.state_dir), user, password)
            if role:
                return user, role, None
            return None, None, err_not_authenticated()
        name, token = self._cookie()
        if name:
            entry = self.server.token_user(token) if name == self.server.ltpa_cookie else None
            if entry:
                return entry[0], entry[1], None
            return None, None, err_ltpa(name)
        return None, None, err_not_authenticated()

    def _csrf_ok(self):
        return self.headers.get(CSRF_HEADER) is not None

    def _route(self):
        path = urllib.parse.urlsplit(self.path).path
        if path in ("/lab/stats", "/lab/stats/reset"):
            return self._lab(path)
        body_type = None
        if _MQSC_PATH.match(path):
            kind = "mqsc"
            status, body_type = self._mqsc(path)
        elif _LOGIN_PATH.match(path):
            kind = "login"
            status = self._login()
        elif _QMGR_PATH.match(path):
            kind = "other"
            status = self._qmgr_list(path)
        else:
            kind = "other"
            status = self._send(*err_not_found(path))
        _count(self.server.state_dir, kind, status, body_type)
        return status

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self._route()

    def do_POST(self):  # noqa: N802
        self._route()

    def do_DELETE(self):  # noqa: N802
        self._route()

    def do_PATCH(self):  # noqa: N802
        self._route()

    def do_PUT(self):  # noqa: N802
        self._route()

    # -- lab side channel ---------------------------------------------------------------------------------
    def _lab(self, path):
        if path == "/lab/stats" and self.command == "GET":
            return self._send(200, read_stats(self.server.state_dir))
        if path == "/lab/stats/reset" and self.command == "POST":
            reset_stats(self.server.state_dir)
            return self._send(204)
        return self._send(*err_method(self.command, path))

    # -- /login ---------------------------------------------------------------------------------------------
    def _login(self):
        if self.command == "POST":
            try:
                body = json.loads(self._body() or b"{}")
            except ValueError as exc:
                return self._send(*err_bad_request("not JSON (%s)" % exc))
            if not isinstance(body, dict) or not isinstance(body.get("username"), str) or not isinstance(body.get("password"), str):
                return self._send(*err_bad_request("login needs 'username' and 'password' strings"))
            role = model.check_user(model.load_users(self.server.state_dir), body["username"], body["password"])
            if not role:
                return self._send(*err_not_authenticated())
            token = self.server.new_token(body["username"], role)
            cookie = "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict" % (self.server.ltpa_cookie, token)
            return self._send(204, headers=(("Set-Cookie", cookie),))
        if self.command not in ("GET", "DELETE"):
            return self._send(*err_method(self.command, self.path))
        user, role, failure = self._authenticate()
        if failure:
            return self._send(*failure)
        if self.command == "GET":
            mechanism = "basic" if self.headers.get("Authorization") else "token"
            return self._send(200, {"user": [{"name": user, "role": [role], "authenticationMechanism": mechanism}]})
        if not self._csrf_ok():
            return self._send(*err_csrf())
        _name, token = self._cookie()
        if token:
            self.server.drop_token(token)
        expired = "%s=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0" % self.server.ltpa_cookie
        return self._send(204, headers=(("Set-Cookie", expired),))

    # -- /admin/qmgr -------------------------------------------------------------------------------------------
    def _qmgr_list(self, path):
        if self.command != "GET":
            return self._send(*err_method(self.command, path))
        _user, _role, failure = self._authenticate()
        if failure:
            return self._send(*failure)
        wanted = _QMGR_PATH.match(path).group(2)
        names = [n for n in self.server.store.qmgr_names() if self.server.serves(n)]
        if wanted is not None:
            wanted = urllib.parse.unquote(wanted)
            if wanted not in names:
                return self._send(*err_qmgr(wanted))
            names = [wanted]
        return self._send(200, {"qmgr": [{"name": n, "state": "running"} for n in names]})

    # -- /admin/action/qmgr/{qmgr}/mqsc ---------------------------------------------------------------------
    def _mqsc(self, path):
        """(status, body type or None)."""
        if self.command != "POST":
            return self._send(*err_method(self.command, path)), None
        _user, role, failure = self._authenticate()
        if failure:
            return self._send(*failure), None
        if not self._csrf_ok():
            return self._send(*err_csrf()), None
        qmgr = urllib.parse.unquote(_MQSC_PATH.match(path).group(2))
        if not self.server.serves(qmgr):
            return self._send(*err_qmgr(qmgr)), None
        try:
            raw = self._body()
            body = json.loads(raw.decode("utf-8")) if raw else None
        except (ValueError, UnicodeDecodeError) as exc:
            return self._send(*err_bad_request("not JSON (%s)" % exc)), None
        if not isinstance(body, dict) or body.get("type") not in ("runCommand", "runCommandJSON"):
            return self._send(*err_bad_request("'type' must be runCommand or runCommandJSON")), None
        engine = mqsc.Engine(self.server.store, qmgr, role=role)
        if body["type"] == "runCommand":
            parameters = body.get("parameters")
            command = parameters.get("command") if isinstance(parameters, dict) else None
            if not isinstance(command, str) or not command.strip():
                return self._send(*err_bad_request("runCommand needs parameters.command")), None
            outcome = engine.run_text(command.strip())
            items = [mqsc.block_text(b) for b in outcome.blocks]
        else:
            try:
                text = mqsc.json_to_mqsc(body)
            except mqsc.JsonRequestError as exc:
                return self._send(*err_bad_request(str(exc))), None
            outcome = engine.run_text(text)
            items = [mqsc.block_json(b) for b in outcome.blocks]
        failed = outcome.failed
        response = {"commandResponse": items,
                    "overallReasonCode": mqsc.MQRCCF_COMMAND_FAILED if failed else 0,
                    "overallCompletionCode": mqsc.MQCC_FAILED if failed else mqsc.MQCC_OK}
        return self._send(200, response), body["type"]


# ------------------------------------------------------------------------------------------------------------
# Running it
# ------------------------------------------------------------------------------------------------------------
def info_path(state_dir):
    return os.path.join(os.path.abspath(state_dir), "rest.json")


def serve(args):
    if args.daemon:
        return _daemonize(args)
    server = LabRestServer((args.host, args.port), args.state, qmgrs=args.qmgr, ltpa_expiry=args.ltpa_expiry)
    port = server.server_address[1]
    info = {"pid": os.getpid(), "host": args.host, "port": port, "url": "https://%s:%d" % (args.host, port),
            "ca": server.ca_path, "state": server.state_dir}
    tmp = info_path(args.state) + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(info, handle, indent=2, sort_keys=True)
    os.replace(tmp, info_path(args.state))

    def on_signal(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sys.stdout.write("MQLAB REST LISTENING %d\n" % port)
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        with contextlib.suppress(OSError):
            with open(info_path(args.state), "r", encoding="utf-8") as handle:
                current = json.load(handle)
            if current.get("pid") == os.getpid():
                os.unlink(info_path(args.state))
    return 0


def _daemonize(args):
    """Start the server in a detached child; print its facts (JSON) once it listens."""
    path = info_path(args.state)
    os.makedirs(os.path.abspath(args.state), exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    log_path = os.path.join(os.path.abspath(args.state), "rest-server.out")
    pid = os.fork()
    if pid == 0:  # child
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        args.daemon = False
        code = 1
        try:
            code = serve(args)
        finally:
            os._exit(code)  # pylint: disable=protected-access
    deadline = time.time() + 30
    while time.time() < deadline:
        finished, _status = os.waitpid(pid, os.WNOHANG)
        if finished:
            break
        with contextlib.suppress(OSError, ValueError):
            with open(path, "r", encoding="utf-8") as handle:
                info = json.load(handle)
            if info.get("pid") == pid:
                sys.stdout.write(json.dumps(info, sort_keys=True) + "\n")
                return 0
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        with open(log_path, "r", encoding="utf-8") as handle:
            sys.stderr.write(handle.read()[-4000:])
    sys.stderr.write("mq_lab_qmgr: the REST server did not start\n")
    return 1


def _is_lab_server(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            cmdline = handle.read().replace(b"\0", b" ")
    except OSError:
        return False
    return b"mq_lab_qmgr" in cmdline and b"serve-rest" in cmdline


def stop(state_dir):
    """Stop the server recorded in <state>/rest.json (only if that pid is a lab REST server)."""
    try:
        with open(info_path(state_dir), "r", encoding="utf-8") as handle:
            pid = int(json.load(handle)["pid"])
    except (OSError, ValueError, KeyError):
        sys.stdout.write("no REST server recorded in %s\n" % state_dir)
        return 0
    if not _is_lab_server(pid):
        sys.stdout.write("process %d is not a lab REST server; nothing stopped\n" % pid)
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + 10
    while time.time() < deadline and _is_lab_server(pid):
        time.sleep(0.05)
    if _is_lab_server(pid):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(info_path(state_dir))
    sys.stdout.write("stopped REST server %d\n" % pid)
    return 0


def wait_for_port(host, port, timeout=10.0):
    """Helper for tests: wait until host:port accepts TCP connections."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with contextlib.suppress(OSError):
            with socket.create_connection((host, port), timeout=0.5):
                return True
        time.sleep(0.05)
    return False
