# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_qmgr's backend: the queue manager's TLS attributes, compared, then changed only where they differ.

`REFRESH SECURITY TYPE(SSL)` stops running TLS server-connection channels (clients reconnect), so it
is sent only when a TLS-relevant attribute really changed (`refresh_security: auto`), or when asked
(`always`), never gratuitously.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import compare
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channel_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

OPTION_ATTRIBUTES = ("sslfips", "sslkeyr", "certlabl", "chlauth", "sslev", "sslrkeyc", "suiteb", "certvpol", "sslcrlnl")
# A change to these takes effect for running channels only after REFRESH SECURITY TYPE(SSL) (IBM MQ documentation).
REFRESH_ATTRIBUTES = ("SSLFIPS", "SSLKEYR", "CERTLABL", "SSLRKEYC", "SUITEB", "CERTVPOL", "SSLCRLNL")


class QmgrError(Exception):
    """A clear reason why nothing was sent."""


def run(params, transport, check_mode=False):
    wanted = {name.upper(): params[name] for name in OPTION_ATTRIBUTES if params.get(name) is not None}
    if "SSLFIPS" in wanted and isinstance(wanted["SSLFIPS"], bool):
        wanted["SSLFIPS"] = "YES" if wanted["SSLFIPS"] else "NO"
    profile = prf.get_profile(params.get("profile") or "nist")
    try:
        for key, value in wanted.items():
            mqsc.attribute(key, value)
        before = transport.display_qmgr()
        diff = compare.differences(wanted, before)
        refresh = params.get("refresh_security") or "auto"
        do_refresh = refresh == "always" or (refresh == "auto" and any(k in REFRESH_ATTRIBUTES for k in diff))
        commands = []
        if diff:
            commands.append(mqsc.alter_qmgr(diff))
        if do_refresh:
            commands.append(mqsc.refresh_security_ssl())
        if not check_mode:
            if diff:
                transport.alter_qmgr(diff)
            if do_refresh:
                transport.refresh_security_ssl()
            after = transport.display_qmgr() if commands else before
        else:
            after = dict(before)
            after.update(diff)
    except mqsc.MqscError as exc:
        raise QmgrError(str(exc))
    except AdminError as exc:
        raise QmgrError(exc.message)
    judged = before if check_mode else after
    findings = channel_policy.qmgr_findings(judged, profile)
    return {
        "changed": bool(commands),
        "commands": commands,
        "changes": compare.changes(wanted, before),
        "refreshed": do_refresh,
        "before": before,
        "after": after,
        "findings": findings,
        "summary": fnd.summarize(findings),
        "round_trips": getattr(transport, "round_trips", None),
    }
