# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the appliance's certificate commands print, read into the entry shapes of keystore/entries.py.

The appliance keeps each queue manager's key repository with GSKit, and its listings are read as
GSKit's: ``listcert`` as ``-cert -list`` (``Certificates found``, the legend, flag TAB label), and
``detailcert`` / ``detailcertrequest`` as ``-cert -details`` / ``-certreq -details`` (``Key : Value``),
with the parsers of keystore/runmqakm.py that are tested on real runmqakm and runmqckm outputs.
That the appliance prints exactly these layouts is [U]; so is the ``Valid From: .. To: ..`` line
that ``listcert -expiry`` is read with. Dates are read in the forms GSKit prints: ``26 July 2021
16:29:37 GMT+01:00`` (runmqakm) and ``Sunday, December 8, 2024 5:38:09 PM GMT`` (runmqckm).
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import runmqakm

_VALIDITY_RE = re.compile(r"^\s*Valid\s*(?:From)?\s*:?\s*(?:From:\s*)?(?P<start>.+?)\s+To:\s*(?P<end>.+?)\s*$",
                          re.IGNORECASE)
_ROW_RE = re.compile(r"^\s*[*!#-]{1,2}(?:\t| +)\S")
_REQUEST_FILE_RE = re.compile(r"mqpubcert:///?(?P<name>[A-Za-z0-9._-]+)")
_GMT_OFFSET_RE = re.compile(r"\s*(?:GMT|UTC)\s*(?P<sign>[+-])?(?P<hours>\d{1,2})?:?(?P<minutes>\d{2})?\s*$")
_DATE_FORMATS = ("%d %B %Y %H:%M:%S", "%A, %B %d, %Y %I:%M:%S %p", "%B %d, %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S",
                 "%Y-%m-%d %H:%M:%S")
_SIGNATURES = (
    # (substring of GSKit's name, lower-cased; family; hash)
    ("ecdsa_with_sha512", "ecdsa", "sha512"), ("ecdsa_with_sha384", "ecdsa", "sha384"),
    ("ecdsa_with_sha256", "ecdsa", "sha256"), ("ecdsa_with_sha224", "ecdsa", "sha224"),
    ("ecdsa_with_sha1", "ecdsa", "sha1"),
    ("sha512withecdsa", "ecdsa", "sha512"), ("sha384withecdsa", "ecdsa", "sha384"),
    ("sha256withecdsa", "ecdsa", "sha256"), ("sha1withecdsa", "ecdsa", "sha1"),
    ("rsassa-pss", "rsa-pss", None), ("rsapss", "rsa-pss", None),
    ("sha512withrsa", "rsa-pkcs1v15", "sha512"), ("sha384withrsa", "rsa-pkcs1v15", "sha384"),
    ("sha256withrsa", "rsa-pkcs1v15", "sha256"), ("sha224withrsa", "rsa-pkcs1v15", "sha224"),
    ("sha1withrsa", "rsa-pkcs1v15", "sha1"), ("shawithrsa", "rsa-pkcs1v15", "sha1"),
    ("md5withrsa", "rsa-pkcs1v15", "md5"), ("md5_with_rsa", "rsa-pkcs1v15", "md5"),
    ("withdsa", "dsa", "sha1"),
)
_SIGNATURE_OIDS = {
    "1.2.840.10045.4.3.2": ("ecdsa", "sha256"), "1.2.840.10045.4.3.3": ("ecdsa", "sha384"),
    "1.2.840.10045.4.3.4": ("ecdsa", "sha512"), "1.2.840.10045.4.1": ("ecdsa", "sha1"),
    "1.2.840.113549.1.1.11": ("rsa-pkcs1v15", "sha256"), "1.2.840.113549.1.1.12": ("rsa-pkcs1v15", "sha384"),
    "1.2.840.113549.1.1.13": ("rsa-pkcs1v15", "sha512"), "1.2.840.113549.1.1.5": ("rsa-pkcs1v15", "sha1"),
    "1.2.840.113549.1.1.4": ("rsa-pkcs1v15", "md5"), "1.2.840.113549.1.1.10": ("rsa-pss", None),
}
_EC_CURVES = {256: "secp256r1", 384: "secp384r1", 521: "secp521r1", 512: "secp521r1"}


def parse_date(text):
    """An aware datetime from a GSKit date, or None when the text is not one."""
    if not text:
        return None
    text = " ".join(text.split())
    offset = datetime.timedelta(0)
    match = _GMT_OFFSET_RE.search(text)
    if match:
        if match.group("hours"):
            offset = datetime.timedelta(hours=int(match.group("hours")), minutes=int(match.group("minutes") or 0))
            if match.group("sign") == "-":
                offset = -offset
        text = text[:match.start()]
    for form in _DATE_FORMATS:
        try:
            moment = datetime.datetime.strptime(text.strip(), form)
        except ValueError:
            continue
        return (moment - offset).replace(tzinfo=datetime.timezone.utc)
    return None


def _iso(moment):
    return moment.isoformat() if moment is not None else None


def parse_listcert(text):
    """Entries of a ``listcert`` output: [{"label", "kind", "default", "not_before", "not_after"}].

    ``-expiry`` adds a ``Valid From: .. To: ..`` line under each entry [U]; it is taken off before the rows are
    read as a GSKit listing, and its dates (ISO 8601, UTC) go to the entry above it.
    """
    rows = 0
    kept = []
    validity = {}
    in_block = False
    for raw in (text or "").splitlines():
        stripped = raw.strip()
        match = _VALIDITY_RE.match(stripped) if in_block else None
        if match and rows:
            validity[rows - 1] = (parse_date(match.group("start")), parse_date(match.group("end")))
            continue
        if stripped.lower() == "certificates found":
            in_block = True
        elif in_block and _ROW_RE.match(raw) and not stripped.lower().startswith("* default"):
            rows += 1
        kept.append(raw)
    entries = runmqakm.parse_list("\n".join(kept))
    for index, entry in enumerate(entries):
        start, end = validity.get(index, (None, None))
        entry["not_before"] = _iso(start)
        entry["not_after"] = _iso(end)
    return entries


def _signature(name):
    """(family, hash) from GSKit's signature algorithm text, such as ``SHA256WithRSASignature (1.2.840...)``."""
    if not name:
        return None, None
    oid = re.search(r"\(([0-9.]+)\)", name)
    if oid and oid.group(1) in _SIGNATURE_OIDS:
        return _SIGNATURE_OIDS[oid.group(1)]
    lowered = name.lower().replace(" ", "")
    for text, family, digest in _SIGNATURES:
        if text in lowered:
            return family, digest
    return None, None


def _key(details, signature_family):
    kind = (details.get("public_key_type") or "").lower()
    size = details.get("key_size")
    if kind.startswith("ec") or "1.2.840.10045.2.1" in kind:
        return {"type": "ec", "size": size, "curve": _EC_CURVES.get(size)}
    if "rsa" in kind:
        return {"type": "rsa", "size": size, "curve": None}
    if "dsa" in kind:
        return {"type": "dsa", "size": size, "curve": None}
    # No Public Key Type line: the key follows the signature family of a self-signed request.
    if signature_family == "ecdsa":
        return {"type": "ec", "size": size, "curve": _EC_CURVES.get(size)}
    return {"type": "rsa" if signature_family in ("rsa-pkcs1v15", "rsa-pss") else None, "size": size, "curve": None}


def _fingerprint(details):
    digest = (details.get("fingerprints") or {}).get("sha256")
    return digest.replace(":", "").upper() if digest and len(digest.replace(":", "")) == 64 else None


def certificate_facts(text, kind):
    """Facts of one ``detailcert`` output, in the keys of x509_facts.certificate_facts that GSKit prints.

    Extensions (basic constraints, key usage, extended key usage, alternative names) are not read from the
    details: they are None here, and `entry facts` from the certificate itself replace these when the module has
    the certificate (see appliance_cert_backend).
    """
    details = runmqakm.normalize_details(runmqakm.parse_details(text))
    if not details.get("label"):
        return None
    family, digest = _signature(details.get("signature_algorithm"))
    return {
        "label": details["label"],
        "kind": kind,
        "subject": details.get("subject"),
        "issuer": details.get("issuer"),
        "serial": details.get("serial"),
        "not_before": _iso(parse_date(details.get("not_before"))),
        "not_after": _iso(parse_date(details.get("not_after"))),
        "sha256_fingerprint": _fingerprint(details),
        "key": _key(details, family),
        "signature_algorithm": family,
        "signature_hash": digest,
        "chain": [],
        "source": "detailcert",
    }


def request_facts(text):
    """Facts of one ``detailcertrequest`` output: {"label", "subject", "key": {...}, "signature_hash"}."""
    details = runmqakm.normalize_details(runmqakm.parse_details(text))
    if not details.get("label"):
        return None
    family, digest = _signature(details.get("signature_algorithm"))
    return {"label": details["label"], "subject": details.get("subject"), "key": _key(details, family),
            "signature_algorithm": family, "signature_hash": digest}


def request_file(text, default):
    """The mqpubcert: file a createcertrequest output names [U], else `default`."""
    match = _REQUEST_FILE_RE.search(text or "")
    return match.group("name") if match else default
