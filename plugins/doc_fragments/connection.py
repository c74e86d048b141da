# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """How the queue manager modules reach a queue manager (usable through module_defaults group/mqstig.tls.mq)."""

    DOCUMENTATION = r"""
options:
  qmgr:
    description: Name of the queue manager.
    type: str
    required: true
  transport:
    description:
      - V(rest) is the IBM MQ administrative REST API (mqweb on a distributed queue manager; the MQ Appliance's REST
        management interface). Displays use C(runCommandJSON), so reading every channel costs one request; changes
        send MQSC through C(runCommand).
      - V(runmqsc) runs C(runmqsc) on the managed host (a distributed MQ installation).
      - V(pcf) uses IBM's C(ibmmq) Python package, or C(pymqi), with the IBM MQ client on the managed host.
    type: str
    choices: [rest, runmqsc, pcf]
    default: rest
  rest_url:
    description: Base URL of the REST API, such as C(https://mq.example.mil:9443) (the appliance's default port is 5554).
    type: str
  rest_api_version:
    description: REST API version in the path.
    type: str
    choices: [v1, v2, v3]
    default: v2
  url_username:
    description: User for REST basic authentication.
    type: str
  url_password:
    description: Password for REST basic authentication. Never logged.
    type: str
  validate_certs:
    description: Verify the REST server's TLS certificate. Leave on outside a lab.
    type: bool
    default: true
  ca_path:
    description: PEM file of the CA certificates that verify the REST server.
    type: path
  client_cert:
    description: PEM client certificate for REST client-certificate authentication.
    type: path
  client_key:
    description: PEM private key of O(client_cert).
    type: path
  timeout:
    description: Seconds to wait for a REST answer.
    type: int
    default: 60
  runmqsc_path:
    description: The runmqsc program (O(transport=runmqsc)); searched in E(PATH) and C(/opt/mqm/bin) when omitted.
    type: path
  pcf_channel:
    description: Server-connection channel for O(transport=pcf) client connections.
    type: str
  pcf_conname:
    description: Connection name for O(transport=pcf), such as C(mq.example.mil(1414)).
    type: str
  pcf_user:
    description: User for O(transport=pcf).
    type: str
  pcf_password:
    description: Password for O(transport=pcf). Never logged.
    type: str
  pcf_cipher_spec:
    description: CipherSpec of the O(transport=pcf) client connection (the administrative connection should use TLS too).
    type: str
  pcf_key_repository:
    description: Key repository stem of the O(transport=pcf) client (without C(.kdb)).
    type: path
  pcf_certificate_label:
    description: Certificate label of the O(transport=pcf) client.
    type: str
notes:
  - HTTP 200 from the REST API does not mean a command worked; the completion and reason codes of every command are
    checked, and a failure names the MQ message (AMQ.../MQWB...).
  - Every MQSC command is built with quoted, checked values, so no channel name, DN or description can add a command
    or an attribute.
"""
