# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON client channel definition table (CCDT) of IBM MQ 9.1.2 and later.

The file holds ``{"channel": [ ... ]}``; a client connection channel is an object such as

    {"name": "APP1.SVRCONN", "type": "clientConnection",
     "clientConnection": {"connection": [{"host": "mq1.example", "port": 1414}], "queueManager": "QM1"},
     "transmissionSecurity": {"cipherSpecification": "TLS_AES_256_GCM_SHA384",
                              "certificateLabel": "ibmwebspheremqapp1", "certificatePeerName": "CN=QM1"}}

`merge` sets the channels it is given and leaves every other channel, and every key it does not
own inside a channel it sets, as it was. Channels are matched by name and, when one is given, by
queue manager name, because a JSON CCDT may hold one name more than once.
"""

from __future__ import annotations

import copy
import json

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc

_TLS_KEYS = (("cipherspec", "cipherSpecification"), ("certificate_label", "certificateLabel"),
             ("peer_name", "certificatePeerName"))


class CcdtError(ValueError):
    """A CCDT or a channel definition this code refuses to write, with the reason."""


def load(text):
    """The parsed CCDT; {"channel": []} for an empty file."""
    if not text.strip():
        return {"channel": []}
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CcdtError("the CCDT is not valid JSON (%s); fix or move it, nothing was changed" % exc)
    if not isinstance(data, dict) or not isinstance(data.get("channel", []), list):
        raise CcdtError('the CCDT must be a JSON object with a "channel" list; nothing was changed')
    data.setdefault("channel", [])
    return data


def dump(data):
    """The text written for `data`: two-space indentation, keys in the order they were read."""
    return json.dumps(data, indent=2) + "\n"


def _connections(spec):
    connections = spec.get("connections") or []
    if spec.get("host"):
        connections = [{"host": spec["host"], "port": spec.get("port") or 1414}] + list(connections)
    out = []
    for item in connections:
        host = str(item.get("host") or "").strip()
        if not host:
            raise CcdtError("channel %s: every connection needs a host" % spec["name"])
        try:
            port = int(item.get("port") or 1414)
        except (TypeError, ValueError):
            raise CcdtError("channel %s: port %r is not a number" % (spec["name"], item.get("port")))
        if not 0 < port < 65536:
            raise CcdtError("channel %s: port %d is out of range" % (spec["name"], port))
        out.append({"host": host, "port": port})
    return out


def validate(spec):
    """Check one channel request (the module's `channels` item); the name as MQ would take it."""
    try:
        mqsc.validate_name(spec.get("name") or "", "channel")
        if spec.get("queue_manager"):
            mqsc.validate_name(spec["queue_manager"], "qmgr")
    except mqsc.MqscError as exc:
        raise CcdtError(str(exc))
    if spec.get("state", "present") == "present":
        if not spec.get("cipherspec"):
            raise CcdtError("channel %s: a cipherspec is required; TLS cannot be left off" % spec["name"])
        if len(str(spec["cipherspec"])) > 32:
            raise CcdtError("channel %s: a CipherSpec name is at most 32 characters" % spec["name"])
        if not _connections(spec):
            raise CcdtError("channel %s: give host (and port) or connections" % spec["name"])
    return spec["name"]


def matches(entry, spec):
    if not isinstance(entry, dict) or entry.get("name") != spec["name"]:
        return False
    if spec.get("queue_manager"):
        return (entry.get("clientConnection") or {}).get("queueManager") == spec["queue_manager"]
    return True


def find(data, spec):
    """The indexes of the entries `spec` stands for."""
    return [i for i, entry in enumerate(data["channel"]) if matches(entry, spec)]


def _apply(entry, spec):
    entry["name"] = spec["name"]
    entry["type"] = "clientConnection"
    client = entry.setdefault("clientConnection", {})
    client["connection"] = _connections(spec)
    if spec.get("queue_manager"):
        client["queueManager"] = spec["queue_manager"]
    security = entry.setdefault("transmissionSecurity", {})
    for option, key in _TLS_KEYS:
        if spec.get(option):
            security[key] = spec[option]
        elif option != "cipherspec":
            security.pop(key, None)
    return entry


def merge(data, specs):
    """A copy of `data` with every channel in `specs` set (state present) or removed (state absent)."""
    data = copy.deepcopy(data)
    for spec in specs:
        validate(spec)
        hits = find(data, spec)
        if spec.get("state", "present") == "absent":
            data["channel"] = [e for i, e in enumerate(data["channel"]) if i not in hits]
            continue
        if len(hits) > 1:
            raise CcdtError("the CCDT holds %d channels named %s%s; give queue_manager to say which one is meant"
                            % (len(hits), spec["name"],
                               " for queue manager %s" % spec["queue_manager"] if spec.get("queue_manager") else ""))
        if hits:
            _apply(data["channel"][hits[0]], spec)
        else:
            data["channel"].append(_apply({}, spec))
    return data


def summary(entry):
    """The TLS-relevant view of one CCDT entry (what the module returns)."""
    client = entry.get("clientConnection") or {}
    security = entry.get("transmissionSecurity") or {}
    return {
        "name": entry.get("name"),
        "queue_manager": client.get("queueManager"),
        "connections": client.get("connection") or [],
        "cipherspec": security.get("cipherSpecification"),
        "certificate_label": security.get("certificateLabel"),
        "peer_name": security.get("certificatePeerName"),
    }
