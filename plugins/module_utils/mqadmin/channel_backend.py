# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_channel's backend: the TLS attributes of one channel, or of every channel matching a pattern.

The STIG check is `DIS CHANNEL(*) CHLTYPE(SVRCONN)`: every server-connection channel needs an
approved SSLCIPH and SSLCAUTH(REQUIRED). A pattern (`name: "*"`) is read with one DISPLAY, so an
audit of any number of channels costs a constant number of round trips; then only the channels
that differ get an ALTER. A requested CipherSpec is judged by the policy engine before anything is
sent.
"""

from __future__ import annotations

import fnmatch

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import compare
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channel_policy
from ansible_collections.mqstig.tls.plugins.module_utils.policy import cipherspecs
from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import profiles as prf

OPTION_ATTRIBUTES = ("sslciph", "sslcauth", "sslpeer", "certlabl", "descr", "trptype", "conname", "qmname")
DEFAULT_EXCLUDE = ("SYSTEM.*",)


class ChannelError(Exception):
    """A clear reason why nothing was sent."""


def wanted_attributes(params):
    """The MQSC attributes the user set (None means "leave as it is")."""
    return {name.upper(): params[name] for name in OPTION_ATTRIBUTES if params.get(name) is not None}


def check_cipherspec(value, profile, sslfips, allow):
    """The policy verdict on a requested SSLCIPH; ChannelError when it is refused."""
    if value is None:
        return None
    if not str(value).strip():
        if allow:
            return None
        raise ChannelError("an empty SSLCIPH turns TLS off on the channel (STIG MQMH-AS-001180); refused unless "
                           "allow_unapproved_cipherspec is true")
    verdict = cipherspecs.judge(value, profile, None, sslfips)
    if not verdict["known"]:
        raise ChannelError("%s is not an IBM MQ CipherSpec" % value)
    if verdict["verdict"] == fnd.FAIL and not allow:
        raise ChannelError("SSLCIPH(%s) is not approved by the %s profile: %s. Nothing was sent" % (
            value, profile.name, "; ".join(p["reason"] for p in verdict["problems"] if p["status"] == fnd.FAIL)))
    return verdict


def selected(records, include, exclude, chltype):
    out = []
    for record in records:
        name = str(record.get("CHANNEL", ""))
        if include and not any(fnmatch.fnmatchcase(name, pattern) for pattern in include):
            continue
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in exclude):
            continue
        if chltype and str(record.get("CHLTYPE", "")).upper() != chltype:
            continue
        out.append(record)
    return out


class ChannelBackend:

    def __init__(self, params, transport):
        self.params = params
        self.transport = transport
        self.profile = prf.get_profile(params.get("profile") or "nist")
        self.commands = []

    def run(self, check_mode=False):
        name = self.params["name"]
        chltype = mqsc.channel_type(self.params["type"]) if self.params.get("type") else None
        state = self.params.get("state") or "present"
        wanted = wanted_attributes(self.params)
        bulk = "*" in name
        try:
            mqsc.validate_name(name, "channel", generic=bulk)
            for key, value in wanted.items():
                mqsc.attribute(key, value)
        except mqsc.MqscError as exc:
            raise ChannelError(str(exc))
        sslfips = self.params.get("sslfips")
        verdict = check_cipherspec(wanted.get("SSLCIPH"), self.profile, sslfips,
                                   self.params.get("allow_unapproved_cipherspec", False))
        if bulk and state == "absent":
            raise ChannelError("state absent takes one channel name, not a pattern")
        include = self.params.get("include") or []
        exclude = DEFAULT_EXCLUDE if self.params.get("exclude") is None else self.params["exclude"]

        def pick(records):
            if bulk:
                return selected(records, include, exclude, chltype)
            return [r for r in records if r.get("CHANNEL") == name]

        # One channel is displayed whatever its type, so that a type mismatch is reported, not redefined.
        display_type = chltype if bulk else None
        targets = pick(self.transport.display_channels(name, display_type))
        plan = self._plan(name, chltype, state, wanted, targets, bulk)
        if not check_mode and plan:
            for step in plan:
                self._send(step)
            after = {r["CHANNEL"]: r for r in pick(self.transport.display_channels(name, display_type))}
        else:
            after = {r["CHANNEL"]: r for r in targets}
            if check_mode:
                after = self._predict(after, plan)
        return self._result(targets, after, plan, verdict, check_mode)

    def _plan(self, name, chltype, state, wanted, targets, bulk):
        plan = []
        if state == "absent":
            if targets:
                plan.append({"action": "delete", "name": name, "chltype": targets[0].get("CHLTYPE"), "changes": []})
            return plan
        if not targets and not bulk:
            if not chltype:
                raise ChannelError("channel %s does not exist; give type to define it" % name)
            plan.append({"action": "define", "name": name, "chltype": chltype, "attrs": wanted,
                         "changes": compare.changes(wanted, {})})
            return plan
        for record in targets:
            current_type = str(record.get("CHLTYPE", "")).upper()
            if chltype and not bulk and current_type != chltype:
                raise ChannelError("channel %s is a %s channel, not %s; delete it first to change its type"
                                   % (name, current_type, chltype))
            applicable = {k: v for k, v in wanted.items()
                          if current_type in mqsc.ATTRIBUTE_CHANNEL_TYPES.get(k, (current_type,))}
            diff = compare.differences(applicable, record)
            if diff:
                plan.append({"action": "alter", "name": record["CHANNEL"], "chltype": current_type, "attrs": diff,
                             "changes": compare.changes(applicable, record)})
        return plan

    def _command(self, step):
        if step["action"] == "define":
            return mqsc.define_channel(step["name"], step["chltype"], step["attrs"])
        if step["action"] == "alter":
            return mqsc.alter_channel(step["name"], step["chltype"], step["attrs"])
        return mqsc.delete_channel(step["name"])

    def _send(self, step):
        if step["action"] == "define":
            self.transport.define_channel(step["name"], step["chltype"], step["attrs"])
        elif step["action"] == "alter":
            self.transport.alter_channel(step["name"], step["chltype"], step["attrs"])
        else:
            self.transport.delete_channel(step["name"])

    @staticmethod
    def _predict(after, plan):
        predicted = {k: dict(v) for k, v in after.items()}
        for step in plan:
            if step["action"] == "delete":
                predicted.pop(step["name"], None)
            else:
                record = predicted.setdefault(step["name"], {"CHANNEL": step["name"], "CHLTYPE": step["chltype"]})
                record.update({k.upper(): v for k, v in step["attrs"].items()})
        return predicted

    def _result(self, targets, after, plan, verdict, check_mode):
        findings = []
        judged = {r["CHANNEL"]: r for r in targets} if check_mode else after
        for record in judged.values():
            findings.extend(channel_policy.channel_findings(record, self.profile, None, self.params.get("sslfips"),
                                                            self.params.get("require_sslpeer", False)))
        before = {r["CHANNEL"]: r for r in targets}
        return {
            "changed": bool(plan),
            "commands": [self._command(step) for step in plan],
            "channels": [{"name": step["name"], "chltype": step["chltype"], "action": step["action"],
                          "changes": step["changes"]} for step in plan],
            "matched": sorted(before),
            "before": before,
            "after": after,
            "cipherspec": verdict,
            "findings": findings,
            "summary": fnd.summarize(findings),
            "round_trips": getattr(self.transport, "round_trips", None),
        }


def run(params, transport, check_mode=False):
    try:
        return ChannelBackend(params, transport).run(check_mode)
    except AdminError as exc:
        raise ChannelError(exc.message)
