# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs mqstig.tls.mq_appliance_cert with its secret options kept out of the module arguments (see plugin_utils/secret_action.py)."""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.plugin_utils.secret_action import SecretArgsAction


class ActionModule(SecretArgsAction):
    MODULE = "mq_appliance_cert"
