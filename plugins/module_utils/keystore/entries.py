# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module returns about repository entries, and how policy judges them.

The same shapes come from a PKCS#12 file and from a CMS repository read through runmqakm,
so reports and roles never need to know which format a host uses.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import x509_facts
from ansible_collections.mqstig.tls.plugins.module_utils.policy import certificates as cert_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import keys as key_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

_SUMMARY_FIELDS = ("label", "kind", "subject", "issuer", "serial", "not_before", "not_after", "sha256_fingerprint",
                   "key", "signature_algorithm", "signature_hash")


def facts(label, kind, cert, chain=(), java_trusted=None):
    """The returned description of one entry (public data only: never a key, never a password)."""
    out = {"label": label, "kind": kind}
    out.update(x509_facts.certificate_facts(cert))
    out["chain"] = [{"subject": c.subject.rfc4514_string(), "sha256_fingerprint": x509_facts.certificate_facts(c)[
        "sha256_fingerprint"]} for c in chain]
    if java_trusted is not None:
        out["java_trusted"] = java_trusted
    return out


def summary(entry_facts):
    """The part of an entry that diffs and change lists show."""
    return {k: entry_facts.get(k) for k in _SUMMARY_FIELDS}


def role_of(kind, personal_role="personal"):
    return "ca" if kind == "trusted" else personal_role


def findings(entry_facts, profile=None, now=None, personal_role="personal", expiry_warn_days=30):
    """Policy findings for one entry. A pending entry is judged on its key, and reported pending."""
    profile = prf.get_profile(profile)
    name = entry_facts["label"]
    if entry_facts["kind"] == "pending":
        out = key_policy.findings(entry_facts["key"], profile, now, obj_name=name)
        out.append(fnd.make_finding(
            "CERT_PENDING", fnd.WARN, "certificate", name, "a CA-signed certificate",
            "a key waiting for its CA-signed certificate (self-signed placeholder)",
            "the certificate request has not been answered: receive the CA-signed certificate",
            profile=profile.name, basis=("DISA STIG MQMH-AS-001180 fix step 4",)))
        return out
    return cert_policy.findings(entry_facts, role_of(entry_facts["kind"], personal_role), profile, now, obj_name=name,
                                expiry_warn_days=expiry_warn_days)
