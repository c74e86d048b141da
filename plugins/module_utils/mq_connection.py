# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options of the queue manager modules, and the transport they select (Ansible glue)."""

from __future__ import annotations

import json
import socket

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.six.moves.urllib.error import HTTPError, URLError
from ansible.module_utils.urls import open_url

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.rest_transport import RestTransport
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.runmqsc_transport import RunmqscTransport

CSRF_HEADER = "ibm-mq-rest-csrf-token"


def connection_argument_spec(**extra):
    spec = {
        "qmgr": {"type": "str", "required": True},
        "transport": {"type": "str", "choices": ["rest", "runmqsc", "pcf"], "default": "rest"},
        "rest_url": {"type": "str"},
        "rest_api_version": {"type": "str", "choices": ["v1", "v2", "v3"], "default": "v2"},
        "url_username": {"type": "str"},
        "url_password": {"type": "str", "no_log": True},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "client_cert": {"type": "path"},
        "client_key": {"type": "path"},
        "timeout": {"type": "int", "default": 60},
        "runmqsc_path": {"type": "path"},
        "pcf_channel": {"type": "str"},
        "pcf_conname": {"type": "str"},
        "pcf_user": {"type": "str"},
        "pcf_password": {"type": "str", "no_log": True},
        "pcf_cipher_spec": {"type": "str"},
        "pcf_key_repository": {"type": "path", "no_log": False},
        "pcf_certificate_label": {"type": "str"},
    }
    spec.update(extra)
    return spec


def _rest_post(module):
    params = module.params

    def post(url, body):
        headers = {"Content-Type": "application/json;charset=utf-8", CSRF_HEADER: "mqstig.tls"}
        try:
            response = open_url(url, data=json.dumps(body), method="POST", headers=headers,
                                url_username=params["url_username"], url_password=params["url_password"],
                                force_basic_auth=bool(params["url_username"]), validate_certs=params["validate_certs"],
                                ca_path=params["ca_path"], client_cert=params["client_cert"],
                                client_key=params["client_key"], timeout=params["timeout"])
            return response.getcode(), response.read().decode("utf-8", "replace")
        except HTTPError as exc:
            body_text = exc.read().decode("utf-8", "replace") if exc.fp is not None else ""
            return exc.code, body_text
        except (URLError, socket.error, OSError) as exc:
            raise AdminError("cannot reach the MQ REST API at %s: %s" % (url, exc))

    return post


def transport(module):
    """The transport the module's parameters ask for; fails the module with a clear message otherwise."""
    params = module.params
    try:
        if params["transport"] == "rest":
            if not params["rest_url"]:
                module.fail_json(msg="transport rest needs rest_url")
            return RestTransport(params["rest_url"], params["qmgr"], _rest_post(module), params["rest_api_version"])
        if params["transport"] == "runmqsc":
            binary = params["runmqsc_path"] or module.get_bin_path("runmqsc", opt_dirs=["/opt/mqm/bin"])
            if not binary:
                module.fail_json(msg="transport runmqsc needs IBM MQ's runmqsc on the managed host; it was not found in "
                                     "PATH or /opt/mqm/bin (set runmqsc_path)")

            def run(argv, data):
                return module.run_command(argv, data=data, expand_user_and_vars=False)

            return RunmqscTransport(params["qmgr"], run, binary)
        from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import pcf  # pylint: disable=import-outside-toplevel
        if not pcf.HAS_PCF_LIBRARY:
            module.fail_json(msg=missing_required_lib("ibmmq (or pymqi)"), exception=str(pcf.PCF_IMPORT_ERROR))
        if not params["pcf_channel"] or not params["pcf_conname"]:
            module.fail_json(msg="transport pcf needs pcf_channel and pcf_conname")
        return pcf.connect(params["qmgr"], params["pcf_channel"], params["pcf_conname"], params["pcf_user"],
                           params["pcf_password"], cipher_spec=params["pcf_cipher_spec"],
                           key_repository=params["pcf_key_repository"], certificate_label=params["pcf_certificate_label"])
    except AdminError as exc:
        module.fail_json(msg=exc.message)
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    return None
