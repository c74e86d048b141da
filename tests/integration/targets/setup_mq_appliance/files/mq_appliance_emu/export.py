# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""TEST-SIDE helper, not an appliance function: write a queue manager's key repository as PKCS#12 plus a stash
(<stem>.sth), so the lab's TLS proof (mq_lab_qmgr prove) can run a handshake with the appliance's key."""

from __future__ import annotations

import json
import os
import secrets

from cryptography import x509
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from . import certstore, util

STASH_LENGTH = 129
STASH_XOR = 0xF5


def stash_bytes(password):
    """The v1 stash: password, NUL, random non-zero padding to 129 bytes, every byte XOR 0xF5."""
    raw = password.encode("utf-8") + b"\0"
    if len(raw) > STASH_LENGTH:
        raise util.EmuError("password too long for a stash")
    raw += bytes(secrets.choice(range(1, 256)) for _index in range(STASH_LENGTH - len(raw)))
    return bytes(b ^ STASH_XOR for b in raw)


def export(state_dir, qmgr, out):
    repos = certstore.Repositories(state_dir)
    if not repos.exists(qmgr):
        raise util.EmuError("no key repository for queue manager %r in %s" % (qmgr, state_dir))
    with util.state_lock(repos.state_dir):
        repo = repos.load(qmgr)
    personal = sorted(label for label, entry in repo["entries"].items() if entry["kind"] == "personal")
    if not personal:
        raise util.EmuError("queue manager %s has no personal certificate to export" % qmgr)
    label = certstore.default_label(qmgr) if certstore.default_label(qmgr) in personal else personal[0]
    entry = repo["entries"][label]
    key = repos.decrypt_key(entry["key_pem"])
    cert = x509.load_pem_x509_certificate(entry["cert_pem"].encode("ascii"))
    cas = [x509.load_pem_x509_certificate(repo["entries"][name]["cert_pem"].encode("ascii"))
           for name in sorted(repo["entries"]) if repo["entries"][name]["kind"] == "trusted"]
    password = secrets.token_urlsafe(24)
    data = pkcs12.serialize_key_and_certificates(label.encode("utf-8"), key, cert, cas or None,
                                                 BestAvailableEncryption(password.encode("ascii")))
    out = os.path.abspath(out)
    stash = os.path.splitext(out)[0] + ".sth"
    util.atomic_write(out, data)
    util.atomic_write(stash, stash_bytes(password))
    return {"p12": out, "stash": stash, "label": label, "trusted": len(cas)}


def main(args):
    print(json.dumps(export(args.state, args.qmgr, args.out), sort_keys=True))
    return 0
