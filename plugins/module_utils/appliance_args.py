# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The appliance connection options (doc fragment mqstig.tls.appliance_cli) and what they open (Ansible glue)."""

from __future__ import annotations

import json
import os

from ansible.module_utils.six.moves.urllib.error import HTTPError, URLError
from ansible.module_utils.urls import open_url

from ansible_collections.mqstig.tls.plugins.module_utils.appliance import cli_session
from ansible_collections.mqstig.tls.plugins.module_utils.appliance.filestore import FileStore, FileStoreError


def appliance_argument_spec(**extra):
    spec = {
        "appliance_host": {"type": "str", "required": True},
        "cli_port": {"type": "int", "default": 22},
        "cli_username": {"type": "str", "required": True},
        "cli_password": {"type": "str", "required": True, "no_log": True},
        "host_key_checking": {"type": "bool", "default": True},
        "known_hosts_file": {"type": "path", "default": "~/.ssh/known_hosts"},
        "host_key": {"type": "str", "no_log": False},
        "filestore_url": {"type": "str"},
        "filestore_username": {"type": "str"},
        "filestore_password": {"type": "str", "no_log": True},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "timeout": {"type": "int", "default": 60},
    }
    spec.update(extra)
    return spec


def open_cli(module):
    """A logged-in CliSession (ApplianceCliError when the appliance cannot be reached or refuses the login)."""
    params = module.params
    if not params["host_key_checking"]:
        module.warn("host_key_checking is off: the appliance's SSH host key is not checked")
    known_hosts = os.path.expanduser(params["known_hosts_file"]) if params["known_hosts_file"] else None
    return cli_session.open_ssh_session(params["appliance_host"], params["cli_port"], params["cli_username"],
                                        params["cli_password"], known_hosts_file=known_hosts,
                                        host_key=params["host_key"], host_key_checking=params["host_key_checking"],
                                        timeout=params["timeout"])


def _host_for_url(host):
    return "[%s]" % host if ":" in host and not host.startswith("[") else host


def https_request(base, username, password, validate_certs=True, ca_path=None, timeout=60):
    """`request(method, url, body) -> (status, text)` for FileStore, with Ansible's open_url (basic authentication)."""

    def request(method, url, body):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)
        try:
            response = open_url(url, data=data, method=method, headers=headers, url_username=username,
                                url_password=password, force_basic_auth=True, validate_certs=validate_certs,
                                ca_path=ca_path, timeout=timeout)
            return response.getcode(), response.read().decode("utf-8", "replace")
        except HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace") if exc.fp else ""
        except (URLError, OSError, ValueError) as exc:
            raise FileStoreError("cannot reach %s: %s" % (base, getattr(exc, "reason", exc)))

    return request


def file_store(module):
    params = module.params
    base = params["filestore_url"] or "https://%s:5554" % _host_for_url(params["appliance_host"])
    return FileStore(base, https_request(base, params["filestore_username"] or params["cli_username"],
                                         params["filestore_password"] or params["cli_password"],
                                         params["validate_certs"], params["ca_path"], params["timeout"]))
