# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action half of secret delivery (see plugins/module_utils/secret_args.py for the module half).

ansible-core prints the module arguments of every task when ANSIBLE_DEBUG is on, whatever no_log says. This action
takes the secret options out of the arguments before the module is run: their values go into one JSON file in the
task's remote temporary directory (created 0700 by ansible-core, the file written by the connection and readable
only by the user the module runs as) and each option gets a placeholder naming that file. The module reads and
deletes the file before it does anything else.
"""

from __future__ import annotations

import json

from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.mqstig.tls.plugins.module_utils.secret_args import PREFIX

# The options that hold secrets, for every module of the collection that has any.
CONNECTION_SECRETS = ("url_password", "pcf_password")
SECRET_OPTIONS = {
    "mq_keyrepo": ("password", "new_password"),
    "mq_cert": ("password",),
    "mq_csr_sign": ("ownca_private_key", "ownca_private_key_passphrase", "cfssl_auth_key"),
    "mq_channel": CONNECTION_SECRETS,
    "mq_channel_info": CONNECTION_SECRETS,
    "mq_qmgr": CONNECTION_SECRETS,
    "mq_qmgr_info": CONNECTION_SECRETS,
    "mq_chlauth": CONNECTION_SECRETS,
    "mq_appliance_cert": ("cli_password", "filestore_password"),
}


class SecretArgsAction(ActionBase):
    """Runs the module of the same name with its secret options delivered in a private file."""

    TRANSFERS_FILES = True
    _supports_check_mode = True
    _supports_async = True
    MODULE = None

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        names = SECRET_OPTIONS.get(self.MODULE, ())
        secrets = {name: args[name] for name in names if isinstance(args.get(name), str) and args[name] != ""}
        # As ansible-core's own action for modules: an async module runs after this returns, so its temporary
        # directory (and the secrets file in it, which the module deletes once read) must outlive this call.
        wrap_async = self._task.async_val and not self._connection.has_native_async
        try:
            if secrets:
                if not self._connection._shell.tmpdir:
                    self._make_tmp_path()
                path = self._connection._shell.join_path(self._connection._shell.tmpdir, "mqstig-secrets.json")
                self._transfer_data(path, json.dumps(secrets))
                self._fixup_perms2((self._connection._shell.tmpdir, path), execute=False)
                for name in secrets:
                    args[name] = PREFIX + path
            result = merge_hash(result, self._execute_module(module_name="mqstig.tls.%s" % self.MODULE,
                                                             module_args=args, task_vars=task_vars,
                                                             wrap_async=wrap_async))
        finally:
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
