# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writing report files: safe names, a private directory, atomic replacement (the keystore's atomic_file)."""

from __future__ import annotations

import os
import re

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file


def safe_name(host):
    """A file name stem for an inventory host name (no path separators, no leading dot)."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", host).lstrip(".")
    return stem or "host"


def ensure_directory(path):
    os.makedirs(path, mode=0o750, exist_ok=True)


def write(directory, name, data):
    """Replace directory/name with `data` (bytes) atomically; the file is 0640. Returns its path."""
    target = os.path.join(directory, name)
    try:
        atomic_file.write(target, data, 0o640)
    except atomic_file.FileError as exc:
        raise OSError(str(exc)) from exc
    return target
