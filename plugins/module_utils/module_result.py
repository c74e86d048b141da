# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a module hands its backend's result back to Ansible (Ansible glue)."""

from __future__ import annotations


def exit_with_result(module, result):
    """Warnings as Ansible warnings, the diff only under --diff, then exit_json."""
    for warning in result.pop("warnings", []):
        module.warn(warning)
    diff = result.pop("diff", None)
    if module._diff and diff is not None:
        result["diff"] = diff
    module.exit_json(**result)
