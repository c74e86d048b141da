# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
#
# Where the facts come from:
#   - Channel attributes, their display order and their defaults per channel type: the SYSTEM.DEF.* channels
#     of a real MQ 9.4.2 queue manager (runmqsc "DISPLAY CHANNEL(*) ALL", sample A01 in the project's
#     mq-output-samples). IBM documents that DEFINE CHANNEL takes every attribute it is not given from the
#     SYSTEM.DEF.* channel of the same type when that channel exists.
#   - Queue manager attributes and defaults: "DISPLAY QMGR ALL" of the same queue manager (sample B01), except
#     CHLAUTH, which is ENABLED on a queue manager created by crtmqm (IBM's default since 7.5; the sample's
#     queue manager had switched it off).
#   - CHLAUTH records: "DISPLAY CHLAUTH(*) ALL" of the same queue manager (sample B02).
#   - CipherSpec names: the same table as plugins/module_utils/policy/cipherspecs.py (IBM's "Enabling
#     CipherSpecs" and "Deprecated CipherSpecs" pages); a unit test keeps the two lists equal.
#   - Attribute lengths (channel name 20, SSLCIPH 32, SSLPEER 1024, CERTLABL 64, DESCR 64, ...): IBM's
#     DEFINE CHANNEL / ALTER QMGR reference pages.
"""The lab queue manager's object model: queue manager attributes, channels, CHLAUTH records, persisted as
JSON in a state directory and shared safely between processes (fcntl.flock)."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading

FORMAT = "mq_lab_qmgr state v1 (test double of an IBM MQ queue manager; NOT IBM software)"
USERS_FORMAT = "mq_lab_qmgr users v1 (test double; NOT IBM software)"

# --------------------------------------------------------------------------------------------------------
# CipherSpecs: name -> (protocol, status). "deprecated" ones are refused (AMQ8242E) unless weak CipherSpecs
# were re-enabled, as IBM MQ 9.x does by default (qm.ini SSL: AllowWeakCipherSpec, or the environment variable
# AMQ_SSL_WEAK_CIPHER_ENABLE; SSL 3.0 ones also need AllowSSLV3 / AMQ_SSL_V3_ENABLE).
# --------------------------------------------------------------------------------------------------------
TLS13, TLS12, TLS10, SSL30 = "TLS 1.3", "TLS 1.2", "TLS 1.0", "SSL 3.0"
_SUPPORTED_TLS13 = ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                    "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256")
_SUPPORTED_TLS12 = ("ECDHE_ECDSA_AES_128_CBC_SHA256", "ECDHE_ECDSA_AES_256_CBC_SHA384", "ECDHE_ECDSA_AES_128_GCM_SHA256",
                    "ECDHE_ECDSA_AES_256_GCM_SHA384", "ECDHE_RSA_AES_128_CBC_SHA256", "ECDHE_RSA_AES_256_CBC_SHA384",
                    "ECDHE_RSA_AES_128_GCM_SHA256", "ECDHE_RSA_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA256",
                    "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384")
_DEPRECATED_TLS12 = ("ECDHE_ECDSA_3DES_EDE_CBC_SHA256", "ECDHE_RSA_3DES_EDE_CBC_SHA256", "ECDHE_ECDSA_RC4_128_SHA256",
                     "ECDHE_RSA_RC4_128_SHA256", "ECDHE_ECDSA_NULL_SHA256", "ECDHE_RSA_NULL_SHA256", "TLS_RSA_WITH_NULL_SHA256")
_DEPRECATED_TLS10 = ("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
                     "TLS_RSA_WITH_DES_CBC_SHA", "TLS_RSA_WITH_NULL_MD5", "TLS_RSA_WITH_NULL_SHA", "TLS_RSA_WITH_RC4_128_MD5",
                     "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_EXPORT_WITH_RC2_40_MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5")
_DEPRECATED_SSL30 = ("AES_SHA_US", "DES_SHA_EXPORT", "DES_SHA_EXPORT1024", "FIPS_WITH_DES_CBC_SHA", "FIPS_WITH_3DES_EDE_CBC_SHA",
                     "NULL_MD5", "NULL_SHA", "RC2_MD5_EXPORT", "RC4_MD5_EXPORT", "RC4_MD5_US", "RC4_SHA_US",
                     "RC4_56_SHA_EXPORT1024", "TRIPLE_DES_SHA_US")
CIPHERSPECS = {}
for _names, _protocol, _status in ((_SUPPORTED_TLS13, TLS13, "supported"), (_SUPPORTED_TLS12, TLS12, "supported"),
                                   (_DEPRECATED_TLS12, TLS12, "deprecated"), (_DEPRECATED_TLS10, TLS10, "deprecated"),
                                   (_DEPRECATED_SSL30, SSL30, "deprecated")):
    for _name in _names:
        CIPHERSPECS[_name] = (_protocol, _status)
del _names, _protocol, _status, _name
CIPHERSPEC_ALIASES = ("ANY", "ANY_TLS12", "ANY_TLS12_OR_HIGHER", "ANY_TLS13", "ANY_TLS13_OR_HIGHER")


def cipherspec_problem(name, weak_enabled=False, ssl_v3_enabled=False):
    """None when the queue manager accepts SSLCIPH(name) (blank included), else why not (for logs and tests)."""
    key = (name or "").strip().upper()
    if not key or key in CIPHERSPEC_ALIASES:
        return None
    if key not in CIPHERSPECS:
        return "unknown CipherSpec"
    protocol, status = CIPHERSPECS[key]
    if status == "deprecated":
        if not weak_enabled:
            return "deprecated CipherSpec (weak CipherSpecs are not enabled)"
        if protocol == SSL30 and not ssl_v3_enabled:
            return "SSL 3.0 CipherSpec (SSL 3.0 is not enabled)"
    return None


# --------------------------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------------------------
CHANNEL_TYPES = ("SDR", "SVR", "RCVR", "RQSTR", "CLNTCONN", "SVRCONN", "CLUSSDR", "CLUSRCVR", "AMQP")
SYSTEM_DEFAULT_CHANNEL = {"SDR": "SYSTEM.DEF.SENDER", "SVR": "SYSTEM.DEF.SERVER", "RCVR": "SYSTEM.DEF.RECEIVER",
                          "RQSTR": "SYSTEM.DEF.REQUESTER", "CLNTCONN": "SYSTEM.DEF.CLNTCONN", "SVRCONN": "SYSTEM.DEF.SVRCONN",
                          "CLUSSDR": "SYSTEM.DEF.CLUSSDR", "CLUSRCVR": "SYSTEM.DEF.CLUSRCVR", "AMQP": "SYSTEM.DEF.AMQP"}
B = ""  # a blank string attribute, printed by runmqsc as "( )"

_SVRCONN = (("ALTDATE", None), ("ALTTIME", None), ("CERTLABL", B), ("COMPHDR", "NONE"), ("COMPMSG", "NONE"), ("DESCR", B),
            ("DISCINT", 0), ("HBINT", 300), ("KAINT", "AUTO"), ("MAXINST", 999999999), ("MAXINSTC", 999999999),
            ("MAXMSGL", 4194304), ("MCAUSER", B), ("MONCHL", "QMGR"), ("RCVDATA", B), ("RCVEXIT", B), ("SCYDATA", B),
            ("SCYEXIT", B), ("SENDDATA", B), ("SENDEXIT", B), ("SHARECNV", 10), ("SSLCAUTH", "REQUIRED"), ("SSLCIPH", B),
            ("SSLPEER", B), ("TRPTYPE", "TCP"))
_RCVR = (("ALTDATE", None), ("ALTTIME", None), ("BATCHSZ", 50), ("CERTLABL", B), ("COMPHDR", "NONE"), ("COMPMSG", "NONE"),
         ("DESCR", B), ("HBINT", 300), ("KAINT", "AUTO"), ("MAXMSGL", 4194304), ("MCAUSER", B), ("MONCHL", "QMGR"),
         ("MRDATA", B), ("MREXIT", B), ("MRRTY", 10), ("MRTMR", 1000), ("MSGDATA", B), ("MSGEXIT", B), ("NPMSPEED", "FAST"),
         ("PUTAUT", "DEF"), ("RCVDATA", B), ("RCVEXIT", B), ("RESETSEQ", "NO"), ("SCYDATA", B), ("SCYEXIT", B),
         ("SENDDATA", B), ("SENDEXIT", B), ("SEQWRAP", 999999999), ("SSLCAUTH", "REQUIRED"), ("SSLCIPH", B), ("SSLPEER", B),
         ("STATCHL", "QMGR"), ("TRPTYPE", "TCP"), ("USEDLQ", "YES"))
_RQSTR = (("ALTDATE", None), ("ALTTIME", None), ("BATCHSZ", 50), ("CERTLABL", B), ("COMPHDR", "NONE"), ("COMPMSG", "NONE"),
          ("CONNAME", B), ("DESCR", B), ("HBINT", 300), ("KAINT", "AUTO"), ("LOCLADDR", B), ("MAXMSGL", 4194304),
          ("MCANAME", B), ("MCATYPE", "PROCESS"), ("MCAUSER", B), ("MODENAME", B), ("MONCHL", "QMGR"), ("MRDATA", B),
          ("MREXIT", B), ("MRRTY", 10), ("MRTMR", 1000), ("MSGDATA", B), ("MSGEXIT", B), ("NPMSPEED", "FAST"), ("PASSWORD", B),
          ("PUTAUT", "DEF"), ("RCVDATA", B), ("RCVEXIT", B), ("RESETSEQ", "NO"), ("SCYDATA", B), ("SCYEXIT", B),
          ("SENDDATA", B), ("SENDEXIT", B), ("SEQWRAP", 999999999), ("SSLCAUTH", "REQUIRED"), ("SSLCIPH", B), ("SSLPEER", B),
          ("STATCHL", "QMGR"), ("TPNAME", B), ("TRPTYPE", "TCP"), ("USEDLQ", "YES"), ("USERID", B))
_SENDING = (("ALTDATE", None), ("ALTTIME", None), ("BATCHHB", 0), ("BATCHINT", 0), ("BATCHLIM", 5000), ("BATCHSZ", 50),
            ("CERTLABL", B), ("COMPHDR", "NONE"), ("COMPMSG", "NONE"), ("CONNAME", B), ("CONVERT", "NO"), ("DESCR", B),
            ("DISCINT", 6000), ("HBINT", 300), ("KAINT", "AUTO"), ("LOCLADDR", B), ("LONGRTY", 999999999), ("LONGTMR", 1200),
            ("MAXMSGL", 4194304), ("MCANAME", B), ("MCATYPE", "PROCESS"), ("MCAUSER", B), ("MODENAME", B), ("MONCHL", "QMGR"),
            ("MSGDATA", B), ("MSGEXIT", B), ("NPMSPEED", "FAST"), ("PASSWORD", B), ("PROPCTL", "COMPAT"), ("RCVDATA", B),
            ("RCVEXIT", B), ("RESETSEQ", "NO"), ("SCYDATA", B), ("SCYEXIT", B), ("SENDDATA", B), ("SENDEXIT", B),
            ("SEQWRAP", 999999999), ("SHORTRTY", 10), ("SHORTTMR", 60), ("SSLCAUTH", "REQUIRED"), ("SSLCIPH", B), ("SSLPEER", B),
            ("STATCHL", "QMGR"), ("TPNAME", B), ("TRPTYPE", "TCP"), ("USEDLQ", "YES"), ("USERID", B), ("XMITQ", B))
_SDR = tuple(item for item in _SENDING if item[0] != "SSLCAUTH")  # SSLCAUTH is not an attribute of sender channels
_CLUSSDR = (("ALTDATE", None), ("ALTTIME", None), ("BATCHHB", 0), ("BATCHINT", 0), ("BATCHLIM", 5000), ("BATCHSZ", 50),
            ("CLUSNL", B), ("CLUSTER", B), ("CLWLPRTY", 0), ("CLWLRANK", 0), ("CLWLWGHT", 50), ("COMPHDR", "NONE"),
            ("COMPMSG", "NONE"), ("CONNAME", B), ("CONVERT", "NO"), ("DESCR", B), ("DISCINT", 6000), ("HBINT", 300),
            ("KAINT", "AUTO"), ("LOCLADDR", B), ("LONGRTY", 999999999), ("LONGTMR", 1200), ("MAXMSGL", 4194304), ("MCANAME", B),
            ("MCATYPE", "THREAD"), ("MCAUSER", B), ("MODENAME", B), ("MONCHL", "QMGR"), ("MSGDATA", B), ("MSGEXIT", B),
            ("NPMSPEED", "FAST"), ("PASSWORD", B), ("PROPCTL", "COMPAT"), ("RCVDATA", B), ("RCVEXIT", B), ("RESETSEQ", "NO"),
            ("SCYDATA", B), ("SCYEXIT", B), ("SENDDATA", B), ("SENDEXIT", B), ("SEQWRAP", 999999999), ("SHORTRTY", 10),
            ("SHORTTMR", 60), ("SSLCIPH", B), ("SSLPEER", B), ("STATCHL", "QMGR"), ("TPNAME", B), ("TRPTYPE", "TCP"),
            ("USEDLQ", "YES"), ("USERID", B))
_CLUSRCVR = (("ALTDATE", None), ("ALTTIME", None), ("BATCHHB", 0), ("BATCHINT", 0), ("BATCHLIM", 5000), ("BATCHSZ", 50),
             ("CERTLABL", B), ("CLUSNL", B), ("CLUSTER", B), ("CLWLPRTY", 0), ("CLWLRANK", 0), ("CLWLWGHT", 50),
             ("COMPHDR", "NONE"), ("COMPMSG", "NONE"), ("CONNAME", B), ("CONVERT", "NO"), ("DESCR", B), ("DISCINT", 6000),
             ("HBINT", 300), ("KAINT", "AUTO"), ("LOCLADDR", B), ("LONGRTY", 999999999), ("LONGTMR", 1200),
             ("MAXMSGL", 4194304), ("MCANAME", B), ("MCATYPE", "THREAD"), ("MCAUSER", B), ("MODENAME", B), ("MONCHL", "QMGR"),
             ("MRDATA", B), ("MREXIT", B), ("MRRTY", 10), ("MRTMR", 1000), ("MSGDATA", B), ("MSGEXIT", B), ("NETPRTY", 0),
             ("NPMSPEED", "FAST"), ("PROPCTL", "COMPAT"), ("PUTAUT", "DEF"), ("RCVDATA", B), ("RCVEXIT", B), ("RESETSEQ", "NO"),
             ("SCYDATA", B), ("SCYEXIT", B), ("SENDDATA", B), ("SENDEXIT", B), ("SEQWRAP", 999999999), ("SHORTRTY", 10),
             ("SHORTTMR", 60), ("SSLCAUTH", "REQUIRED"), ("SSLCIPH", B), ("SSLPEER", B), ("STATCHL", "QMGR"), ("TPNAME", B),
             ("TRPTYPE", "TCP"), ("USEDLQ", "YES"))
_CLNTCONN = (("AFFINITY", "PREFERRED"), ("ALTDATE", None), ("ALTTIME", None), ("CERTLABL", B), ("CLNTWGHT", 0),
             ("COMPHDR", "NONE"), ("COMPMSG", "NONE"), ("CONNAME", B), ("DEFRECON", "NO"), ("DESCR", B), ("HBINT", 300),
             ("KAINT", "AUTO"), ("LOCLADDR", B), ("MAXMSGL", 4194304), ("MODENAME", B), ("PASSWORD", B), ("QMNAME", B),
             ("RCVDATA", B), ("RCVEXIT", B), ("SCYDATA", B), ("SCYEXIT", B), ("SENDDATA", B), ("SENDEXIT", B), ("SHARECNV", 10),
             ("SSLCIPH", B), ("SSLPEER", B), ("TPNAME", B), ("TRPTYPE", "TCP"), ("USERID", B))
# The AMQP channel's display order is not alphabetical in the sample; it is kept as printed.
_AMQP = (("ALTDATE", None), ("ALTTIME", None), ("CERTLABL", B), ("DESCR", B), ("AMQPKA", "AUTO"), ("LOCLADDR", B),
         ("MAXINST", 999999999), ("MAXMSGL", 4194304), ("MCAUSER", B), ("PORT", 5672), ("SSLCAUTH", "REQUIRED"), ("SSLCIPH", B),
         ("SSLPEER", B), ("TPROOT", "SYSTEM.BASE.TOPIC"), ("TMPMODEL", "SYSTEM.DEFAULT.MODEL.QUEUE"), ("TMPQPRFX", "AMQP.*"),
         ("USECLTID", "NO"))
_LAYOUTS = {"SVRCONN": _SVRCONN, "RCVR": _RCVR, "RQSTR": _RQSTR, "SDR": _SDR, "SVR": _SENDING, "CLUSSDR": _CLUSSDR,
            "CLUSRCVR": _CLUSRCVR, "CLNTCONN": _CLNTCONN, "AMQP": _AMQP}
# Display order per type (after CHANNEL and CHLTYPE) and the built-in SYSTEM.DEF.* values per type.
CHANNEL_ORDER = {t: tuple(name for name, _default in layout) for t, layout in _LAYOUTS.items()}
CHANNEL_DEFAULTS = {t: {name: default for name, default in layout if default is not None} for t, layout in _LAYOUTS.items()}
del _LAYOUTS

# Attribute rules: ("str", max length) | ("int", low, high, special keywords) | ("kw", choices) | ("list", choices) |
# ("ro",) read-only (displayed, never set by DEFINE/ALTER).
_ANY = 999999999
CHANNEL_ATTRS = {
    "AFFINITY": ("kw", ("PREFERRED", "NONE")), "ALTDATE": ("ro",), "ALTTIME": ("ro",),
    "AMQPKA": ("int", 0, 99999999, ("AUTO",)), "BATCHHB": ("int", 0, _ANY, ()), "BATCHINT": ("int", 0, _ANY, ()),
    "BATCHLIM": ("int", 0, _ANY, ()), "BATCHSZ": ("int", 1, 9999, ()), "CERTLABL": ("str", 64), "CLNTWGHT": ("int", 0, 99, ()),
    "CLUSNL": ("str", 48), "CLUSTER": ("str", 48), "CLWLPRTY": ("int", 0, 9, ()), "CLWLRANK": ("int", 0, 9, ()),
    "CLWLWGHT": ("int", 1, 99, ()), "COMPHDR": ("list", ("NONE", "SYSTEM")),
    "COMPMSG": ("list", ("NONE", "RLE", "ZLIBFAST", "ZLIBHIGH", "ANY")), "CONNAME": ("str", 264), "CONVERT": ("kw", ("YES", "NO")),
    "DEFRECON": ("kw", ("NO", "YES", "QMGR", "DISABLED")), "DESCR": ("str", 64), "DISCINT": ("int", 0, 999999, ()),
    "HBINT": ("int", 0, 999999, ()), "KAINT": ("int", 0, 99999, ("AUTO",)), "LOCLADDR": ("str", 48),
    "LONGRTY": ("int", 0, _ANY, ()), "LONGTMR": ("int", 0, _ANY, ()), "MAXINST": ("int", 0, _ANY, ()),
    "MAXINSTC": ("int", 0, _ANY, ()), "MAXMSGL": ("int", 0, 104857600, ()), "MCANAME": ("str", 20),
    "MCATYPE": ("kw", ("PROCESS", "THREAD")), "MCAUSER": ("str", 64), "MODENAME": ("str", 8),
    "MONCHL": ("kw", ("QMGR", "OFF", "LOW", "MEDIUM", "HIGH")), "MRDATA": ("str", 32), "MREXIT": ("str", 128),
    "MRRTY": ("int", 0, _ANY, ()), "MRTMR": ("int", 0, _ANY, ()), "MSGDATA": ("str", 32), "MSGEXIT": ("str", 128),
    "NETPRTY": ("int", 0, 9, ()), "NPMSPEED": ("kw", ("FAST", "NORMAL")), "PASSWORD": ("str", 12), "PORT": ("int", 0, 65535, ()),
    "PROPCTL": ("kw", ("COMPAT", "NONE", "ALL")), "PUTAUT": ("kw", ("DEF", "CTX", "ONLYMCA", "ALTMCA")), "QMNAME": ("str", 48),
    "RCVDATA": ("str", 32), "RCVEXIT": ("str", 128), "RESETSEQ": ("ro",), "SCYDATA": ("str", 32), "SCYEXIT": ("str", 128),
    "SENDDATA": ("str", 32), "SENDEXIT": ("str", 128), "SEQWRAP": ("int", 100, _ANY, ()), "SHARECNV": ("int", 0, _ANY, ()),
    "SHORTRTY": ("int", 0, _ANY, ()), "SHORTTMR": ("int", 0, _ANY, ()), "SSLCAUTH": ("kw", ("REQUIRED", "OPTIONAL")),
    "SSLCIPH": ("str", 32), "SSLPEER": ("str", 1024), "STATCHL": ("kw", ("QMGR", "OFF", "LOW", "MEDIUM", "HIGH")),
    "TMPMODEL": ("str", 48), "TMPQPRFX": ("str", 48), "TPNAME": ("str", 64), "TPROOT": ("str", 256),
    "TRPTYPE": ("kw", ("TCP", "LU62", "NETBIOS", "SPX")), "USECLTID": ("kw", ("YES", "NO")), "USEDLQ": ("kw", ("YES", "NO")),
    "USERID": ("str", 12), "XMITQ": ("str", 48),
}
# Shown masked by DISPLAY when set (IBM prints asterisks for passwords).
MASKED_ATTRS = ("PASSWORD", "KEYRPWD", "INITKEY")
CHANNEL_NAME_MAX = 20
OBJECT_NAME_MAX = 48
_NAME_CHARS = re.compile(r"^[A-Za-z0-9._/%]+$")


def valid_channel_name(name):
    return bool(name) and len(name) <= CHANNEL_NAME_MAX and bool(_NAME_CHARS.match(name))


def channel_sort_key(name, chltype):
    """runmqsc lists client-connection channels after all the others (sample A01), each group by name."""
    return (1 if chltype == "CLNTCONN" else 0, name)


# --------------------------------------------------------------------------------------------------------
# Queue manager attributes: (name, default) in DISPLAY QMGR ALL order. "{QM}"/"{qm}" become the queue manager
# name / its lower case; None is a bare keyword (SYNCPT).
# --------------------------------------------------------------------------------------------------------
QMGR_LAYOUT = (
    ("QMNAME", "{QM}"), ("ACCTCONO", "DISABLED"), ("ACCTINT", 1800), ("ACCTMQI", "OFF"), ("ACCTQ", "OFF"),
    ("ACTIVREC", "MSG"), ("ACTVCONO", "DISABLED"), ("ACTVTRC", "OFF"), ("ADVCAP", "ENABLED"), ("ALTDATE", "{DATE}"),
    ("ALTTIME", "{TIME}"), ("AMQPCAP", "YES"), ("AUTHOREV", "DISABLED"), ("CCSID", 1208), ("CERTLABL", "ibmwebspheremq{qm}"),
    ("CERTVPOL", "ANY"), ("CHAD", "DISABLED"), ("CHADEV", "DISABLED"), ("CHADEXIT", B), ("CHLEV", "DISABLED"),
    ("CHLAUTH", "ENABLED"), ("CLWLDATA", B), ("CLWLEXIT", B), ("CLWLLEN", 100), ("CLWLMRUC", 999999999),
    ("CLWLUSEQ", "LOCAL"), ("CMDEV", "DISABLED"), ("CMDLEVEL", 942), ("COMMANDQ", "SYSTEM.ADMIN.COMMAND.QUEUE"),
    ("CONFIGEV", "DISABLED"), ("CONNAUTH", "DEV.AUTHINFO"), ("CRDATE", "{DATE}"), ("CRTIME", "{TIME}"), ("CUSTOM", B),
    ("DEADQ", "DEV.DEAD.LETTER.QUEUE"), ("DEFCLXQ", "SCTQ"), ("DEFXMITQ", B), ("DESCR", B), ("DISTL", "YES"),
    ("IMGINTVL", 60), ("IMGLOGLN", "OFF"), ("IMGRCOVO", "YES"), ("IMGRCOVQ", "YES"), ("IMGSCHED", "MANUAL"),
    ("INHIBTEV", "DISABLED"), ("INITKEY", B), ("IPADDRV", "IPV4"), ("LOCALEV", "DISABLED"), ("LOGGEREV", "DISABLED"),
    ("MARKINT", 5000), ("MAXHANDS", 256), ("MAXMSGL", 4194304), ("MAXPROPL", "NOLIMIT"), ("MAXPRTY", 9),
    ("MAXUMSGS", 10000), ("MONACLS", "QMGR"), ("MONCHL", "OFF"), ("MONQ", "OFF"), ("PARENT", B), ("PERFMEV", "DISABLED"),
    ("PLATFORM", "UNIX"), ("PSMODE", "ENABLED"), ("PSCLUS", "ENABLED"), ("PSNPMSG", "DISCARD"), ("PSNPRES", "NORMAL"),
    ("PSRTYCNT", 5), ("PSSYNCPT", "IFPER"), ("QMID", "{QM}_{DATE}_{TIME}"), ("REMOTEEV", "DISABLED"), ("REPOS", B),
    ("REPOSNL", B), ("REVDNS", "ENABLED"), ("ROUTEREC", "MSG"), ("SCHINIT", "QMGR"), ("SCMDSERV", "QMGR"),
    ("SPLCAP", "ENABLED"), ("SSLCRLNL", B), ("SSLCRYP", B), ("SSLEV", "DISABLED"), ("SSLFIPS", "NO"), ("KEYRPWD", B),
    ("SSLKEYR", "/var/mqm/qmgrs/{QM}/ssl/key"), ("SSLRKEYC", 0), ("STATACLS", "QMGR"), ("STATCHL", "OFF"), ("STATINT", 30),
    ("STATMQI", "ON"), ("STATQ", "OFF"), ("STRSTPEV", "ENABLED"), ("SUITEB", "NONE"), ("SYNCPT", None), ("TREELIFE", 1800),
    ("TRIGINT", 999999999), ("VERSION", "09040200"), ("XRCAP", "YES"),
)
QMGR_ORDER = tuple(name for name, _default in QMGR_LAYOUT)
QMGR_READONLY = ("QMNAME", "ALTDATE", "ALTTIME", "CMDLEVEL", "COMMANDQ", "CRDATE", "CRTIME", "DISTL", "PLATFORM", "QMID",
                 "SYNCPT", "VERSION")
QMGR_ATTRS = {
    "CERTLABL": ("str", 64), "CERTVPOL": ("kw", ("ANY", "RFC5280")), "CHLAUTH": ("kw", ("ENABLED", "DISABLED")),
    "CONNAUTH": ("str", 48), "CUSTOM": ("str", 128), "DEADQ": ("str", 48), "DEFXMITQ": ("str", 48), "DESCR": ("str", 64),
    "INITKEY": ("str", 64), "KEYRPWD": ("str", 64), "SSLCRLNL": ("str", 48), "SSLCRYP": ("str", 256),
    "SSLEV": ("kw", ("ENABLED", "DISABLED")), "SSLFIPS": ("kw", ("YES", "NO")), "SSLKEYR": ("str", 256),
    "SSLRKEYC": ("int", 0, 999999999, ()), "SUITEB": ("list", ("NONE", "128_BIT", "192_BIT")),
    "CHADEXIT": ("str", 128), "CLWLDATA": ("str", 32), "CLWLEXIT": ("str", 128), "PARENT": ("str", 48), "REPOS": ("str", 48),
    "REPOSNL": ("str", 48),
}
# Changes to these take effect for TLS only after REFRESH SECURITY TYPE(SSL) (or for new channel processes).
QMGR_TLS_ATTRS = ("SSLKEYR", "CERTLABL", "SSLFIPS", "SSLCRYP", "SSLCRLNL", "SUITEB", "CERTVPOL", "KEYRPWD", "SSLRKEYC")


def qmgr_attr_rule(name):
    """The rule for an alterable queue manager attribute; None when it does not exist or is read-only."""
    if name in QMGR_READONLY or name not in QMGR_ORDER:
        return None
    if name in QMGR_ATTRS:
        return QMGR_ATTRS[name]
    default = dict(QMGR_LAYOUT)[name]
    if isinstance(default, int):
        return ("int", 0, 999999999, ())
    return ("word",)  # any single keyword, stored in upper case (a simplification for the attributes not listed)


# --------------------------------------------------------------------------------------------------------
# CHLAUTH records
# --------------------------------------------------------------------------------------------------------
CHLAUTH_TYPES = ("ADDRESSMAP", "SSLPEERMAP", "USERMAP", "QMGRMAP", "BLOCKUSER", "BLOCKADDR")
CHLAUTH_ATTRS = {
    "DESCR": ("str", 64), "CUSTOM": ("str", 128), "ADDRESS": ("str", 264), "SSLPEER": ("str", 1024), "SSLCERTI": ("str", 1024),
    "CLNTUSER": ("str", 1024), "QMNAME": ("str", 48), "USERSRC": ("kw", ("MAP", "NOACCESS", "CHANNEL")),
    "MCAUSER": ("str", 64), "CHCKCLNT": ("kw", ("ASQMGR", "REQUIRED", "REQDADM")), "WARN": ("kw", ("YES", "NO")),
    "USERLIST": ("names", 64), "ADDRLIST": ("names", 264),
}
# Which attributes each record type takes, and the key that tells records of one profile and type apart.
CHLAUTH_TYPE_ATTRS = {
    "ADDRESSMAP": ("ADDRESS", "USERSRC", "MCAUSER", "CHCKCLNT", "WARN"),
    "SSLPEERMAP": ("SSLPEER", "SSLCERTI", "ADDRESS", "USERSRC", "MCAUSER", "CHCKCLNT", "WARN"),
    "USERMAP": ("CLNTUSER", "ADDRESS", "USERSRC", "MCAUSER", "CHCKCLNT", "WARN"),
    "QMGRMAP": ("QMNAME", "ADDRESS", "USERSRC", "MCAUSER", "WARN"),
    "BLOCKUSER": ("USERLIST", "WARN"),
    "BLOCKADDR": ("ADDRLIST", "WARN"),
}
CHLAUTH_KEYS = {"ADDRESSMAP": ("ADDRESS",), "SSLPEERMAP": ("SSLPEER", "SSLCERTI", "ADDRESS"), "USERMAP": ("CLNTUSER", "ADDRESS"),
                "QMGRMAP": ("QMNAME", "ADDRESS"), "BLOCKUSER": (), "BLOCKADDR": ()}


def chlauth_display_fields(record):
    """(attribute, value) pairs of one record in DISPLAY CHLAUTH ALL order (sample B02 for the types it shows;
    the order for SSLPEERMAP and QMGRMAP follows the same pattern and is not confirmed)."""
    rtype = record["TYPE"]
    out = [("CHLAUTH", record["CHLAUTH"]), ("TYPE", rtype), ("DESCR", record.get("DESCR", "")),
           ("CUSTOM", record.get("CUSTOM", ""))]
    if rtype in ("BLOCKUSER", "BLOCKADDR"):
        list_attr = "USERLIST" if rtype == "BLOCKUSER" else "ADDRLIST"
        out.append((list_attr, ",".join(record.get(list_attr, []))))
        out.append(("WARN", record.get("WARN", "NO")))
    else:
        out.append(("ADDRESS", record.get("ADDRESS", "")))
        if rtype == "SSLPEERMAP":
            out.extend([("SSLPEER", record.get("SSLPEER", "")), ("SSLCERTI", record.get("SSLCERTI", ""))])
        elif rtype == "USERMAP":
            out.append(("CLNTUSER", record.get("CLNTUSER", "")))
        elif rtype == "QMGRMAP":
            out.append(("QMNAME", record.get("QMNAME", "")))
        usersrc = record.get("USERSRC", "MAP")
        out.append(("USERSRC", usersrc))
        if usersrc == "MAP":
            out.append(("MCAUSER", record.get("MCAUSER", "")))
        if usersrc == "NOACCESS":
            out.append(("WARN", record.get("WARN", "NO")))
        elif rtype != "QMGRMAP":
            out.append(("CHCKCLNT", record.get("CHCKCLNT", "ASQMGR")))
    out.extend([("ALTDATE", record.get("ALTDATE", "")), ("ALTTIME", record.get("ALTTIME", ""))])
    return out


def chlauth_sort_key(record):
    """Order of DISPLAY CHLAUTH(*) output: specific profiles before generic ones ('*' sorts last), then by type
    (sample B02: USERMAP before BLOCKUSER, ADDRESSMAP before BLOCKUSER)."""
    profile = record["CHLAUTH"].replace("*", "\x7f")
    keys = tuple(str(record.get(k, "")) for k in CHLAUTH_KEYS[record["TYPE"]])
    return (profile, CHLAUTH_TYPES.index(record["TYPE"]), keys)


def chlauth_identity(record):
    """What tells records apart: the profile, the type and the type's key attributes (ADDRESS, SSLPEER, ...)."""
    return (record["CHLAUTH"], record["TYPE"]) + tuple(str(record.get(k, "")) for k in CHLAUTH_KEYS[record["TYPE"]])


# --------------------------------------------------------------------------------------------------------
# Seed content: the default and DEV.* objects of an MQ 9.4 developer queue manager (samples A01 and B02).
# --------------------------------------------------------------------------------------------------------
SEED_CHANNELS = (
    ("DEV.ADMIN.SVRCONN", "SVRCONN", {}),
    ("DEV.APP.SVRCONN", "SVRCONN", {"MCAUSER": "app"}),
    ("SYSTEM.ADMIN.SVRCONN", "SVRCONN", {}),
    ("SYSTEM.AUTO.RECEIVER", "RCVR", {"DESCR": "Auto-defined by"}),
    ("SYSTEM.AUTO.SVRCONN", "SVRCONN", {"DESCR": "Auto-defined by"}),
) + tuple((name, chltype, {}) for chltype, name in SYSTEM_DEFAULT_CHANNEL.items())
SEED_CHLAUTH = (
    {"CHLAUTH": "DEV.ADMIN.SVRCONN", "TYPE": "USERMAP", "DESCR": "Allows admin user to connect via ADMIN channel",
     "ADDRESS": "", "CLNTUSER": "admin", "USERSRC": "CHANNEL", "CHCKCLNT": "ASQMGR"},
    {"CHLAUTH": "DEV.ADMIN.SVRCONN", "TYPE": "BLOCKUSER", "DESCR": "Allows admins on ADMIN channel", "USERLIST": ["nobody"],
     "WARN": "NO"},
    {"CHLAUTH": "DEV.APP.SVRCONN", "TYPE": "ADDRESSMAP", "DESCR": "Allows connection via APP channel", "ADDRESS": "*",
     "USERSRC": "CHANNEL", "CHCKCLNT": "REQUIRED"},
    {"CHLAUTH": "SYSTEM.*", "TYPE": "ADDRESSMAP", "DESCR": "Default rule to disable all SYSTEM channels", "ADDRESS": "*",
     "USERSRC": "NOACCESS", "WARN": "NO"},
    {"CHLAUTH": "*", "TYPE": "ADDRESSMAP", "DESCR": "Back-stop rule - Blocks everyone", "ADDRESS": "*", "USERSRC": "NOACCESS",
     "WARN": "NO"},
    {"CHLAUTH": "*", "TYPE": "BLOCKUSER", "DESCR": "Default rule to disallow privileged users", "USERLIST": ["*MQADMIN"],
     "WARN": "NO"},
)


def now_stamp(when=None):
    """(ALTDATE, ALTTIME) as MQ prints them: 2025-04-22, 03.01.08 (local time)."""
    when = when or datetime.datetime.now()
    return when.strftime("%Y-%m-%d"), when.strftime("%H.%M.%S")


def new_channel(name, chltype, attrs, base=None, when=None):
    """A channel dict: CHANNEL, CHLTYPE, then every attribute of the type, from `base` (the SYSTEM.DEF.* channel
    or a LIKE channel) or the built-in defaults, overridden by `attrs`."""
    date, time_ = now_stamp(when)
    channel = {"CHANNEL": name, "CHLTYPE": chltype}
    source = base if base is not None else CHANNEL_DEFAULTS[chltype]
    for attr in CHANNEL_ORDER[chltype]:
        if attr in ("ALTDATE", "ALTTIME"):
            continue
        channel[attr] = source.get(attr, CHANNEL_DEFAULTS[chltype].get(attr, ""))
    channel.update(attrs)
    channel["ALTDATE"], channel["ALTTIME"] = date, time_
    return channel


def new_qmgr_state(qmgr, weak_ciphers=False, ssl_v3=False, when=None):
    date, time_ = now_stamp(when)
    attrs = {}
    for name, default in QMGR_LAYOUT:
        if isinstance(default, str):
            default = (default.replace("{QM}", qmgr).replace("{qm}", qmgr.lower())
                       .replace("{DATE}", date).replace("{TIME}", time_))
        attrs[name] = default
    channels = {}
    for name, chltype, extra in SEED_CHANNELS:
        channels[name] = new_channel(name, chltype, extra, when=when)
    chlauth = []
    for record in SEED_CHLAUTH:
        record = dict(record)
        record["ALTDATE"], record["ALTTIME"] = date, time_
        record.setdefault("CUSTOM", "")
        chlauth.append(record)
    return {"format": FORMAT, "qmgr": attrs, "channels": channels, "chlauth": chlauth,
            "options": {"weak_ciphers": bool(weak_ciphers), "ssl_v3": bool(ssl_v3)},
            "security": {"refresh": {}, "refresh_ssl_count": 0, "last_refresh_ssl": None, "ssl_changes_pending": []},
            "generation": 0}


# --------------------------------------------------------------------------------------------------------
# State directory: <state>/qmgrs/<QM>.json (+ .lock), <state>/users.json
# --------------------------------------------------------------------------------------------------------
class LabError(Exception):
    """A problem with the lab itself (missing state, bad arguments), not an MQ error."""


def _qmgr_file_name(qmgr):
    if not re.match(r"^[A-Za-z0-9._%]{1,48}$", qmgr or ""):
        raise LabError("not a valid queue manager name: %r" % (qmgr,))
    return qmgr


def _atomic_write_json(path, data, compact=True):
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if compact:
                json.dump(data, handle, separators=(",", ":"), sort_keys=False)
            else:
                json.dump(data, handle, indent=2, sort_keys=True)
                handle.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Store:
    """Queue manager states in a directory, shared between processes.

    Every read holds a shared flock and every change an exclusive flock on <QM>.lock; a change is written to a
    temporary file and renamed over <QM>.json, so a reader never sees half a state. Parsed states are cached per
    process and reused while the file's (inode, size, mtime) is unchanged: a 5,000-channel state is parsed once,
    not once per request. Callers must not change what a read transaction yields."""

    def __init__(self, state_dir):
        self.state_dir = os.path.abspath(state_dir)
        self.qmgr_dir = os.path.join(self.state_dir, "qmgrs")
        self._cache = {}
        self._lock = threading.RLock()

    def _paths(self, qmgr):
        name = _qmgr_file_name(qmgr)
        return os.path.join(self.qmgr_dir, name + ".json"), os.path.join(self.qmgr_dir, name + ".lock")

    def exists(self, qmgr):
        try:
            return os.path.isfile(self._paths(qmgr)[0])
        except LabError:
            return False

    def qmgr_names(self):
        if not os.path.isdir(self.qmgr_dir):
            return []
        return sorted(n[:-5] for n in os.listdir(self.qmgr_dir) if n.endswith(".json"))

    def _load(self, path):
        stat = os.stat(path)
        signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        cached = self._cache.get(path)
        if cached and cached[0] == signature:
            return cached[1]
        with open(path, "r", encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT:
            raise LabError("%s is not a lab queue manager state" % path)
        self._cache[path] = (signature, data)
        return data

    @contextlib.contextmanager
    def read(self, qmgr):
        path, lock_path = self._paths(qmgr)
        if not os.path.isfile(path):
            raise LabError("queue manager %s does not exist in %s" % (qmgr, self.state_dir))
        with self._lock, open(lock_path, "a+", encoding="utf-8") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_SH)
            try:
                yield self._load(path)
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def write(self, qmgr, create=None):
        """Yield the state for changing; it is saved when the block ends without an exception and the state's
        "dirty" flag was set (or `create` gave a new state)."""
        path, lock_path = self._paths(qmgr)
        os.makedirs(self.qmgr_dir, mode=0o700, exist_ok=True)
        with self._lock, open(lock_path, "a+", encoding="utf-8") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                if os.path.isfile(path):
                    data = self._load(path)
                elif create is not None:
                    data = create()
                    data["dirty"] = True
                else:
                    raise LabError("queue manager %s does not exist in %s" % (qmgr, self.state_dir))
                try:
                    yield data
                except BaseException:
                    self._cache.pop(path, None)  # the cached object may be half-changed
                    raise
                if data.pop("dirty", False):
                    data["generation"] = data.get("generation", 0) + 1
                    _atomic_write_json(path, data)
                    stat = os.stat(path)
                    self._cache[path] = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), data)
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def delete(self, qmgr):
        path, lock_path = self._paths(qmgr)
        with self._lock:
            for item in (path, lock_path):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(item)
            self._cache.pop(path, None)


def seed(state_dir, qmgr, weak_ciphers=False, ssl_v3=False, replace=False):
    """Create a queue manager like a fresh MQ 9.4 developer one (SYSTEM.DEF.*, DEV.* channels, default CHLAUTH rules)."""
    store = Store(state_dir)
    if store.exists(qmgr):
        if not replace:
            raise LabError("queue manager %s already exists in %s (use --replace)" % (qmgr, store.state_dir))
        store.delete(qmgr)
    with store.write(qmgr, create=lambda: new_qmgr_state(qmgr, weak_ciphers, ssl_v3)):
        pass
    return store


def bulk_channels(state_dir, qmgr, count, prefix="APP.", chltype="SVRCONN", start=1, attrs=None):
    """Define `count` channels named <prefix><number> in one transaction, from the current SYSTEM.DEF.* channel.

    `attrs` (already validated MQ values, e.g. {"SSLCIPH": "TLS_AES_256_GCM_SHA384"}) apply to every channel; an
    existing channel of the same name is replaced. Returns the names."""
    if chltype not in CHANNEL_TYPES:
        raise LabError("unknown channel type %s" % chltype)
    width = max(len(str(start + count - 1)), 5)
    names = ["%s%0*d" % (prefix, width, start + i) for i in range(count)]
    bad = [n for n in names[:1] + names[-1:] if not valid_channel_name(n)]
    if bad:
        raise LabError("channel name %r is not valid (at most 20 of A-Z a-z 0-9 . / _ %%)" % bad[0])
    store = Store(state_dir)
    with store.write(qmgr) as data:
        base = data["channels"].get(SYSTEM_DEFAULT_CHANNEL[chltype])
        template = new_channel(names[0], chltype, dict(attrs or {}), base=base if base and base["CHLTYPE"] == chltype else None)
        for name in names:
            channel = dict(template)
            channel["CHANNEL"] = name
            data["channels"][name] = channel
        data["dirty"] = True
    return names


# --------------------------------------------------------------------------------------------------------
# REST users: <state>/users.json, passwords kept as salted PBKDF2 hashes.
# --------------------------------------------------------------------------------------------------------
ROLES = ("MQWebAdmin", "MQWebAdminRO")
_KDF_ITERATIONS = 20000


def _hash_password(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, _KDF_ITERATIONS).hex()


def users_path(state_dir):
    return os.path.join(os.path.abspath(state_dir), "users.json")


def load_users(state_dir):
    path = users_path(state_dir)
    if not os.path.isfile(path):
        return {}
    with open(path, "r", encoding="utf-8") as handle:
        data = json.load(handle)
    return data.get("users", {})


def set_user(state_dir, user, password, role="MQWebAdmin"):
    if role not in ROLES:
        raise LabError("role must be one of %s" % ", ".join(ROLES))
    if not user or not password:
        raise LabError("a REST user needs a name and a password")
    os.makedirs(os.path.abspath(state_dir), mode=0o700, exist_ok=True)
    users = load_users(state_dir)
    salt = secrets.token_bytes(16)
    users[user] = {"salt": salt.hex(), "hash": _hash_password(password, salt), "role": role}
    _atomic_write_json(users_path(state_dir), {"format": USERS_FORMAT, "users": users}, compact=False)


def check_user(users, user, password):
    """The user's role when the password is right, else None."""
    entry = users.get(user or "")
    if not entry or password is None:
        return None
    digest = _hash_password(password, bytes.fromhex(entry["salt"]))
    return entry["role"] if hmac.compare_digest(digest, entry["hash"]) else None
