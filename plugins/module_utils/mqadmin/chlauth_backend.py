# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_chlauth's backend: SSLPEERMAP rules mapping certificate DNs to an MCAUSER (or NOACCESS).

A rule is identified by its channel profile, TYPE(SSLPEERMAP), SSLPEER and SSLCERTI; USERSRC,
MCAUSER, DESCR and WARN are its settings. `SET CHLAUTH ... ACTION(REPLACE)` is sent only when the
rule is missing or a setting differs; `ACTION(REMOVE)` only when it exists.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import compare
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError

SETTINGS = ("usersrc", "mcauser", "descr", "warn")


class ChlauthError(Exception):
    """A clear reason why nothing was sent."""


def _identity(record):
    return (str(record.get("TYPE", "")).upper(), str(record.get("SSLPEER", "")), str(record.get("SSLCERTI", "")))


def run(params, transport, check_mode=False):
    profile = params["channel"]
    wanted_id = ("SSLPEERMAP", params["sslpeer"], params.get("sslcerti") or "")
    settings = {name.upper(): params[name] for name in SETTINGS if params.get(name) is not None}
    if settings.get("USERSRC", "").upper() == "MAP" and not settings.get("MCAUSER"):
        raise ChlauthError("usersrc MAP needs mcauser (the user the certificate is mapped to)")
    state = params.get("state") or "present"
    try:
        mqsc.validate_chlauth_profile(profile, "SSLPEERMAP")
        records = transport.display_chlauth(profile)
        current = next((r for r in records if str(r.get("CHLAUTH", "")) == profile and _identity(r) == wanted_id), None)
        identity = {"SSLPEER": params["sslpeer"]}
        if params.get("sslcerti"):
            identity["SSLCERTI"] = params["sslcerti"]
        commands = []
        changes = []
        if state == "absent":
            if current is not None:
                commands.append(mqsc.set_chlauth(profile, "SSLPEERMAP", identity, "REMOVE"))
        else:
            diff = compare.differences(settings, current or {})
            if current is None or diff:
                attrs = dict(identity)
                attrs.update(settings)
                commands.append(mqsc.set_chlauth(profile, "SSLPEERMAP", attrs, "REPLACE"))
                changes = compare.changes(settings, current or {})
        if not check_mode and commands:
            if state == "absent":
                transport.set_chlauth(profile, "SSLPEERMAP", identity, "REMOVE")
            else:
                attrs = dict(identity)
                attrs.update(settings)
                transport.set_chlauth(profile, "SSLPEERMAP", attrs, "REPLACE")
    except mqsc.MqscError as exc:
        raise ChlauthError(str(exc))
    except AdminError as exc:
        raise ChlauthError(exc.message)
    return {"changed": bool(commands), "commands": commands, "changes": changes, "before": current,
            "round_trips": getattr(transport, "round_trips", None)}
