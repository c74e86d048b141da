# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The entries of a CMS (.kdb) key repository, read through runmqakm, in the shape entries.py returns."""

from __future__ import annotations

import shutil
import tempfile

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import entries as entry_mod
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts

try:
    from cryptography import x509
except ImportError:  # pragma: no cover - x509_facts reports the missing library
    pass


def request_pem(runner, db, label):
    """The PEM request of a pending label (runmqakm -certreq -extract)."""
    workdir = tempfile.mkdtemp(prefix="mqstig-req-")
    try:
        target = workdir + "/request.pem"
        runner.extract_request(db, label, target)
        with open(target, "r", encoding="ascii", errors="replace") as handle:
            return handle.read()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def pending_facts(runner, db, label):
    """Facts of a pending request: its label, subject and key (a request has no issuer or validity yet)."""
    csr = x509.load_pem_x509_csr(request_pem(runner, db, label).encode("ascii"))
    return {"label": label, "kind": "pending", "subject": csr.subject.rfc4514_string(), "issuer": None, "serial": None,
            "not_before": None, "not_after": None, "sha256_fingerprint": None,
            "key": x509_facts.key_facts(csr.public_key()), "signature_algorithm": None, "signature_hash": None,
            "chain": []}


def list_entries(runner, db):
    """Every certificate entry and pending request of `db` (secret-key entries are not listed)."""
    out = []
    for item in runner.list(db):
        if item.get("kind") not in ("personal", "trusted"):
            continue
        pem = runner.certificate_pem(db, item["label"], None)
        cert = x509_facts.load_pem_certificates(pem)[0]
        out.append(entry_mod.facts(item["label"], item["kind"], cert))
    for label in runner.list_requests(db):
        out.append(pending_facts(runner, db, label))
    return out
