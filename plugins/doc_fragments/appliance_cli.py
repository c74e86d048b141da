# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """How a module reaches an MQ Appliance's command line (SSH) and its mqpubcert: file store (HTTPS)."""

    DOCUMENTATION = r"""
options:
  appliance_host:
    description: Host name or address of the MQ Appliance (its management interface).
    type: str
    required: true
  cli_port:
    description: SSH port of the appliance command line.
    type: int
    default: 22
  cli_username:
    description: Appliance user that logs in to the command line (an MQ administrator on the appliance).
    type: str
    required: true
  cli_password:
    description: Password of O(cli_username). Never logged, never on a command line.
    type: str
    required: true
  host_key_checking:
    description:
      - Check the appliance's SSH host key against O(host_key) or O(known_hosts_file), and refuse to log in when it is
        unknown or changed. Turning it off exposes the login to a man in the middle; the module warns when it is off.
    type: bool
    default: true
  known_hosts_file:
    description: OpenSSH known_hosts file holding the appliance's host key.
    type: path
    default: ~/.ssh/known_hosts
  host_key:
    description: The appliance's public host key, as in a known_hosts line (C(ssh-ed25519 AAAA...)); checked instead of
      O(known_hosts_file).
    type: str
  filestore_url:
    description:
      - Base URL of the appliance's REST management interface, which moves certificates and requests in and out of
        C(mqpubcert:). Defaults to C(https://<appliance_host>:5554).
    type: str
  filestore_username:
    description: User for the REST management interface. Defaults to O(cli_username).
    type: str
  filestore_password:
    description: Password of O(filestore_username). Defaults to O(cli_password). Never logged.
    type: str
  validate_certs:
    description: Verify the REST management interface's TLS certificate. Leave on outside a lab.
    type: bool
    default: true
  ca_path:
    description: PEM file of the CA certificates that verify the REST management interface.
    type: path
  timeout:
    description: Seconds to wait for the appliance (SSH connection, each command, each file transfer).
    type: int
    default: 60
notes:
  - Runs where the task runs (the controller or an AWX execution node with C(delegate_to) C(localhost)) and needs the
    C(paramiko) Python package there. One task is one SSH login; give several CA certificates in one task (O(trusted))
    to log in once for them all.
"""
