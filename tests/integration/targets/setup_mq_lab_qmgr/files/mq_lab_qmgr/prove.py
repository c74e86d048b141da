# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
#
# The lab's proof that a remediated channel works: the lab TLS listener serves one channel of the lab queue
# manager with the key, certificate and trusted CAs taken from the queue manager's PKCS#12 key repository, and a
# client connects twice with real handshakes (Python ssl / OpenSSL): once with the key and certificate of its
# PKCS#12 key repository, once without a certificate. The proof holds when the first is accepted and the second
# refused. Key material is copied only into a private temporary directory (0700), the private key encrypted
# with a random passphrase, and removed at the end.
"""Prove a channel with real handshakes: a client with its certificate gets in, one without does not."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import ssl
import tempfile
import threading
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from . import tls_listener


def _load(path, password):
    with open(path, "rb") as handle:
        key, cert, others = pkcs12.load_key_and_certificates(handle.read(), password.encode("utf-8"))
    if key is None or cert is None:
        raise SystemExit("%s holds no personal certificate" % path)
    return key, cert, list(others or [])


def _pem(certs):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def _write_private(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _key_pem(key, passphrase):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def _attempt(listener, port, context, channel):
    seen = len(listener.events)
    outcome = _connect(port, context, channel)
    if outcome["result"] == "refused":
        # The listener's own reason (SSLPEER mismatch, no client certificate, ...): it may log just after the client
        # has seen the connection end, so wait a moment for it.
        for _wait in range(40):
            refused = [e for e in listener.events[seen:] if e.get("event") == "refused"]
            if refused:
                outcome["listener"] = refused[-1].get("reason")
                break
            time.sleep(0.025)
    return outcome


def _connect(port, context, channel):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with context.wrap_socket(raw) as tls:
                data = b""
                while not data.endswith(b"\n"):
                    chunk = tls.recv(512)
                    if not chunk:
                        break
                    data += chunk
                text = data.decode("utf-8", "replace").strip()
                if text.startswith("MQLAB CHANNEL(%s)" % channel):
                    return {"result": "accepted", "greeting": text}
                reason = "the listener closed the connection after the handshake"
                return {"result": "refused", "reason": reason + (" with %r" % text if text else "")}
    except (ssl.SSLError, OSError) as exc:
        return {"result": "refused", "reason": str(exc) or type(exc).__name__}


def prove(state, qmgr, channel, qmgr_keyrepo, client_keyrepo, qmgr_password, client_password):
    qm_key, qm_cert, qm_others = _load(qmgr_keyrepo, qmgr_password)
    cl_key, cl_cert, cl_others = _load(client_keyrepo, client_password)
    work = tempfile.mkdtemp(prefix="mqlab-prove-")
    passphrase = secrets.token_urlsafe(24)
    try:
        _write_private(os.path.join(work, "qmgr.key"), _key_pem(qm_key, passphrase))
        _write_private(os.path.join(work, "client.key"), _key_pem(cl_key, passphrase))
        with open(os.path.join(work, "qmgr.pem"), "wb") as handle:
            handle.write(_pem([qm_cert]))
        with open(os.path.join(work, "client.pem"), "wb") as handle:
            handle.write(_pem([cl_cert]))
        with open(os.path.join(work, "qmgr-trusts.pem"), "wb") as handle:
            handle.write(_pem(qm_others))
        env_name = "MQLAB_PROVE_KEY_%d" % os.getpid()
        os.environ[env_name] = passphrase
        args = argparse.Namespace(state=state, qmgr=qmgr, channel=channel, cert=os.path.join(work, "qmgr.pem"),
                                  key=os.path.join(work, "qmgr.key"), ca=os.path.join(work, "qmgr-trusts.pem"),
                                  key_passphrase_env=env_name, host="127.0.0.1", port=0,
                                  port_file=os.path.join(work, "port"))
        listener = tls_listener.Listener(args)
        os.environ.pop(env_name, None)
        thread = threading.Thread(target=listener.serve, kwargs={"announce": False}, daemon=True)
        thread.start()
        for _wait in range(200):
            if os.path.exists(args.port_file):
                break
            time.sleep(0.05)
        with open(args.port_file, encoding="utf-8") as handle:
            port = int(handle.read().strip())

        def client(with_certificate):
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.check_hostname = False
            context.load_verify_locations(cadata=_pem(cl_others).decode("ascii"))
            if with_certificate:
                context.load_cert_chain(os.path.join(work, "client.pem"), os.path.join(work, "client.key"),
                                        password=passphrase)
            return context

        result = {"qmgr": listener.qmgr, "channel": channel, "sslciph": listener.policy().sslciph,
                  "client": cl_cert.subject.rfc4514_string(), "queue_manager": qm_cert.subject.rfc4514_string(),
                  "with_certificate": _attempt(listener, port, client(True), channel),
                  "without_certificate": _attempt(listener, port, client(False), channel)}
        listener.stopping.set()
        thread.join(5)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["proved"] = (result["with_certificate"]["result"] == "accepted"
                        and result["without_certificate"]["result"] == "refused")
    return result


def read_stash(keyrepo):
    """The password MQ reads from the stash beside a key repository (<stem>.sth): each byte XOR 0xF5, up to the
    first NUL (the "v1" layout the collection's mq_keyrepo writes; see its docs/keyrepo.md)."""
    stash = os.path.splitext(keyrepo)[0] + ".sth"
    try:
        with open(stash, "rb") as handle:
            data = bytes(b ^ 0xF5 for b in handle.read())
    except OSError as exc:
        raise SystemExit("cannot read the stash %s: %s" % (stash, exc.strerror)) from exc
    password, nul, _padding = data.partition(b"\0")
    if not nul or not password:
        raise SystemExit("%s is not a key repository stash" % stash)
    return password.decode("utf-8")


def _password(env_name, keyrepo):
    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise SystemExit("the environment variable %s is not set" % env_name)
        return value
    return read_stash(keyrepo)


def main(args):
    qmgr_password = _password(args.qmgr_password_env, args.qmgr_keyrepo)
    client_password = _password(args.client_password_env or args.qmgr_password_env, args.client_keyrepo)
    result = prove(args.state, args.qmgr, args.channel, args.qmgr_keyrepo, args.client_keyrepo, qmgr_password,
                   client_password)
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0 if result["proved"] else 1
