# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module half of secret delivery: passwords that never pass through ansible-core as module arguments.

ansible-core prints every module's arguments when ANSIBLE_DEBUG is on, no_log or not (its documentation says so).
The collection's action plugins (plugins/plugin_utils/secret_action.py) therefore replace each secret option with
a placeholder, ``__mqstig_secret__:<file>``, and write the values to <file>, a 0600 file in the task's remote
temporary directory. `restore` reads that file, deletes it, puts the values back into the module's parameters and
registers them with no_log so that nothing the module prints can show them.
"""

from __future__ import annotations

import json
import os

PREFIX = "__mqstig_secret__:"


def restore(module):
    """Replace placeholders in module.params with the values from the secrets file; fail clearly if it is gone."""
    files = sorted({v[len(PREFIX):] for v in module.params.values() if isinstance(v, str) and v.startswith(PREFIX)})
    if not files:
        return
    values = {}
    for path in files:
        try:
            with open(path, "r", encoding="utf-8") as handle:
                values.update(json.load(handle))
        except (OSError, ValueError) as exc:
            module.fail_json(msg="cannot read the secrets the action plugin sent (%s): %s" % (path, exc))
        finally:
            if os.path.exists(path):
                os.unlink(path)
    for name, value in list(module.params.items()):
        if isinstance(value, str) and value.startswith(PREFIX):
            if name not in values:
                module.fail_json(msg="the action plugin sent no value for %s" % name)
            module.params[name] = values[name]
            if values[name]:
                module.no_log_values.add(values[name])
