# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The changes a transport makes by sending MQSC text (REST runCommand and runmqsc alike).

A transport that mixes this in provides ``run(command)``, which sends one MQSC command and raises AdminError when
the queue manager refuses it. Every command is built by mqsc.py, so every value is validated and quoted.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc


class MqscChangesMixin:
    """DEFINE / ALTER / DELETE CHANNEL, ALTER QMGR, SET CHLAUTH and REFRESH SECURITY TYPE(SSL), sent as MQSC
    through the transport's own ``run``."""

    def define_channel(self, name, chltype, attrs):
        self.run(mqsc.define_channel(name, chltype, attrs))

    def alter_channel(self, name, chltype, attrs):
        self.run(mqsc.alter_channel(name, chltype, attrs))

    def delete_channel(self, name):
        self.run(mqsc.delete_channel(name))

    def alter_qmgr(self, attrs):
        self.run(mqsc.alter_qmgr(attrs))

    def set_chlauth(self, profile, rule_type, attrs, action=None):
        self.run(mqsc.set_chlauth(profile, rule_type, attrs, action))

    def refresh_security_ssl(self):
        self.run(mqsc.refresh_security_ssl())
