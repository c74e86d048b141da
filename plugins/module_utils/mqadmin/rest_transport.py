# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IBM MQ administrative REST API as a transport (the one the MQ Appliance offers).

Every call is one POST to ``{base}/ibmmq/rest/{version}/admin/action/qmgr/{qmgr}/mqsc``:
displays use ``runCommandJSON`` (one request returns every matching object, so a bulk audit of
any number of channels costs one round trip); changes send MQSC built by `mqsc` through
``runCommand``. HTTP 200 is not success: the completion and reason codes of every command are
checked. The HTTP call itself is injected: `post(url, body_dict) -> (status, body_text)`, which
the module builds with Ansible's `open_url` (CSRF header, authentication, TLS validation).
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import rest_response
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.mqsc_changes import MqscChangesMixin

API_VERSIONS = ("v1", "v2", "v3")


class RestTransport(MqscChangesMixin):
    """MQSC over the REST API of one queue manager."""

    name = "rest"

    def __init__(self, base_url, qmgr, post, api_version="v2"):
        if api_version not in API_VERSIONS:
            raise AdminError("api_version must be one of %s" % ", ".join(API_VERSIONS))
        mqsc.validate_name(qmgr, "qmgr")
        self.url = "%s/ibmmq/rest/%s/admin/action/qmgr/%s/mqsc" % (base_url.rstrip("/"), api_version, qmgr)
        self.qmgr = qmgr
        self.post = post
        self.round_trips = 0
        self.sent = []

    def _call(self, body, what):
        self.round_trips += 1
        status, text = self.post(self.url, body)
        result = rest_response.parse_mqsc_response(status, text)
        if not result["ok"]:
            error = result.get("error") or {}
            raise AdminError("%s on %s: %s" % (what, self.qmgr, error.get("message") or "HTTP %s" % status),
                             not_found=rest_response.object_not_found(result), details=error)
        return result

    def _display(self, qualifier, name, parameters=None):
        body = rest_response.build_run_command_json("display", qualifier, name, parameters, ["all"])
        try:
            return rest_response.display_records(self._call(body, "DISPLAY %s" % qualifier.upper()))
        except AdminError as exc:
            if exc.not_found:
                return []
            raise

    def run(self, command):
        """Run one MQSC command (already built safely by `mqsc`); the parsed response."""
        self.sent.append(command)
        return self._call(rest_response.build_run_command(command), command.split("(", 1)[0].strip())

    # ---------------------------------------------------------------- the transport interface
    def display_channels(self, pattern="*", chltype=None):
        mqsc.validate_name(pattern, "channel", generic=True)
        return self._display("channel", pattern, {"chltype": mqsc.channel_type(chltype)} if chltype else None)

    def display_qmgr(self):
        records = self._display("qmgr", None)
        if not records:
            raise AdminError("DISPLAY QMGR returned nothing for %s" % self.qmgr)
        return records[0]

    def display_chlauth(self, profile="*"):
        mqsc.validate_chlauth_profile(profile)
        return self._display("chlauth", profile)
