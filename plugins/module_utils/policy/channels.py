# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The STIG's channel and queue manager checks, on attributes as MQ displays them.

MQMH-AS-001180 and its siblings: every SVRCONN channel must have an approved SSLCIPH and
SSLCAUTH(REQUIRED). MQMH-AS-000180: queue-manager-to-queue-manager channels use mutual TLS.
MQMH-AS-001200/001230/001240/001250: DIS QMGR SSLFIPS must be YES.

Attributes are a dict keyed by MQSC names (CHANNEL, CHLTYPE, SSLCIPH, SSLCAUTH, SSLPEER), in
any case; values as runmqsc or the REST API show them.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import cipherspecs
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

# Channel types on which SSLCAUTH is valid (the end that receives the TLS connection).
SSLCAUTH_TYPES = ("SVRCONN", "RCVR", "RQSTR", "SVR", "CLUSRCVR")
CLIENT_TYPES = ("SVRCONN", "CLNTCONN")


def _attrs(channel):
    return {str(k).upper(): v for k, v in channel.items()}


def rules_for(chltype):
    """The STIG rules a channel of this type bears on."""
    return fnd.RULES_CHANNEL_TLS if chltype in CLIENT_TYPES else fnd.RULES_QMGR_CHANNEL_TLS


def channel_findings(channel, profile=None, at=None, sslfips=None, require_sslpeer=False):
    """Findings for one channel: SSLCIPH (per profile), SSLCAUTH, and SSLPEER (warn when blank)."""
    profile = prf.get_profile(profile)
    attrs = _attrs(channel)
    name = str(attrs.get("CHANNEL", "")).strip()
    chltype = str(attrs.get("CHLTYPE", "")).strip().upper()
    rules = rules_for(chltype)
    out = cipherspecs.findings(attrs.get("SSLCIPH"), profile, at, sslfips, obj_type="channel", obj_name=name,
                               rules=rules)
    if chltype in SSLCAUTH_TYPES:
        sslcauth = str(attrs.get("SSLCAUTH") or "").strip().upper()
        if sslcauth == "REQUIRED":
            out.append(fnd.make_finding("CHANNEL_SSLCAUTH", fnd.PASS, "channel", name, "SSLCAUTH(REQUIRED)",
                                        "SSLCAUTH(REQUIRED)", "the channel requires a client certificate",
                                        rules=rules, profile=profile.name))
        else:
            out.append(fnd.make_finding("CHANNEL_SSLCAUTH", fnd.FAIL, "channel", name, "SSLCAUTH(REQUIRED)",
                                        "SSLCAUTH(%s)" % (sslcauth or ""),
                                        "the channel does not require the peer's certificate (no mutual authentication)",
                                        rules=rules, profile=profile.name, basis=("DISA STIG",)))
    if chltype in SSLCAUTH_TYPES:
        sslpeer = str(attrs.get("SSLPEER") or "").strip()
        if not sslpeer:
            status = fnd.FAIL if require_sslpeer else fnd.WARN
            out.append(fnd.make_finding("CHANNEL_SSLPEER", status, "channel", name, "an SSLPEER filter", "SSLPEER( )",
                                        "any certificate from a trusted CA is accepted; set SSLPEER or a CHLAUTH "
                                        "SSLPEERMAP rule", rules=rules, profile=profile.name, basis=("IBM MQ documentation",)))
    return out


def qmgr_findings(qmgr, profile=None):
    """Findings for a queue manager's TLS attributes: SSLFIPS must be YES."""
    profile = prf.get_profile(profile)
    attrs = _attrs(qmgr)
    name = str(attrs.get("QMNAME") or attrs.get("QMGR") or "").strip()
    sslfips = str(attrs.get("SSLFIPS") or "").strip().upper()
    status = fnd.PASS if sslfips == "YES" else fnd.FAIL
    reason = ("only FIPS-certified cryptography is used for TLS" if status == fnd.PASS
              else "the queue manager may use cryptography that is not FIPS 140 certified")
    return [fnd.make_finding("QMGR_SSLFIPS", status, "qmgr", name, "SSLFIPS(YES)", "SSLFIPS(%s)" % sslfips, reason,
                             rules=fnd.RULES_SSLFIPS, profile=profile.name, basis=("DISA STIG", "FIPS 140-2/140-3"))]
