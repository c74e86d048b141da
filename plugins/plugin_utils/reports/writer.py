# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writing report files: safe names, a private directory, atomic replacement."""

from __future__ import annotations

import os
import re
import tempfile


def safe_name(host):
    """A file name stem for an inventory host name (no path separators, no leading dot)."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", host).lstrip(".")
    return stem or "host"


def ensure_directory(path):
    os.makedirs(path, mode=0o750, exist_ok=True)


def write(directory, name, data):
    """Replace directory/name with `data` (bytes) atomically; the file is 0640. Returns its path."""
    target = os.path.join(directory, name)
    fd, temp = tempfile.mkstemp(prefix=".%s." % name, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o640)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return target
