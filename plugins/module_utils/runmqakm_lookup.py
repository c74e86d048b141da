# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find IBM's runmqakm on the managed host and drive it through AnsibleModule.run_command."""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.keystore.runmqakm import Runmqakm

RUNMQAKM_DIRS = ["/opt/mqm/bin", "/opt/mqm/gskit8/bin"]
MISSING = ("type cms needs IBM's runmqakm program on the managed host (from IBM MQ or GSKit); it was not found in "
           "PATH or " + ", ".join(RUNMQAKM_DIRS) + ". Install it, or use type pkcs12")


def driver(module):
    """A Runmqakm driver, or None when runmqakm is not installed."""
    binary = module.get_bin_path("runmqakm", opt_dirs=RUNMQAKM_DIRS)
    if binary is None:
        return None

    def run(argv, data=None):
        # No $VAR or ~ expansion: a password holding "$" must reach runmqakm unchanged.
        return module.run_command(argv, data=data, binary_data=True, expand_user_and_vars=False, handle_exceptions=False)

    return Runmqakm(run, binary=binary)
