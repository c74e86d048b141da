# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crash-safe, lock-protected writes of key material.

* `locked(path)` holds an exclusive `flock` on a lock file beside `path` (`.<name>.lock`), so
  two runs that read-modify-write the same repository never lose one another's update.
* `write(path, data, mode)` writes a temporary file in the same directory (created 0600 by
  `mkstemp`, so no moment exists where others can read it), sets its mode and owner, fsyncs it,
  renames it over `path` and fsyncs the directory: readers see the old file or the new one,
  never a part of either.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import grp
import os
import pwd
import stat
import tempfile


class FileError(ValueError):
    """A path that this code refuses to write, with the reason."""


def check_target(path):
    """Refuse what must not be written: a missing directory, a symlink, something not a file."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(directory):
        raise FileError("the directory %s does not exist" % directory)
    if os.path.islink(path):
        raise FileError("%s is a symbolic link (to %s); give the real path" % (path, os.readlink(path)))
    if os.path.exists(path) and not os.path.isfile(path):
        raise FileError("%s exists and is not a regular file" % path)


def _uid(owner):
    if owner is None:
        return -1
    try:
        return int(owner) if str(owner).isdigit() else pwd.getpwnam(owner).pw_uid
    except KeyError:
        raise FileError("no such user: %s" % owner)


def _gid(group):
    if group is None:
        return -1
    try:
        return int(group) if str(group).isdigit() else grp.getgrnam(group).gr_gid
    except KeyError:
        raise FileError("no such group: %s" % group)


def _fsync_dir(directory):
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale_temporaries(directory, name):
    """Temporary files of `name` left by a writer that was killed. Every writer holds the lock while its
    temporary file exists, so under the lock any that remain are stale."""
    prefix = ".%s." % name
    for entry in os.listdir(directory):
        if entry.startswith(prefix) and entry.endswith(".tmp"):
            try:
                os.unlink(os.path.join(directory, entry))
            except FileNotFoundError:
                pass


@contextlib.contextmanager
def locked(path, timeout=None):
    """Exclusive lock for read-modify-write of `path` (blocks until the other holder is done)."""
    directory, name = os.path.split(os.path.abspath(path))
    lock_path = os.path.join(directory, ".%s.lock" % name)
    if not os.path.isdir(directory):
        raise FileError("the directory %s does not exist" % directory)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _remove_stale_temporaries(directory, name)
        yield lock_path
    finally:
        os.close(fd)


def write(path, data, mode=0o600, owner=None, group=None):
    """Replace `path` with `data` atomically, with `mode`, `owner` and `group` set before it appears."""
    check_target(path)
    directory, name = os.path.split(os.path.abspath(path))
    uid, gid = _uid(owner), _gid(group)
    fd, tmp = tempfile.mkstemp(prefix=".%s." % name, suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            if uid != -1 or gid != -1:
                os.fchown(handle.fileno(), uid, gid)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(directory)
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def remove(path):
    """Remove `path` if it exists (durably); True when something was removed."""
    if not os.path.lexists(path):
        return False
    os.unlink(path)
    _fsync_dir(os.path.dirname(os.path.abspath(path)) or ".")
    return True


def attributes(path):
    """{"mode", "owner", "group", "uid", "gid"} of an existing file, or None."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return {"mode": stat.S_IMODE(info.st_mode), "owner": owner, "group": group, "uid": info.st_uid, "gid": info.st_gid}


def fix_attributes(path, mode=0o600, owner=None, group=None):
    """Set mode/owner/group of `path` where they differ; the list of what changed."""
    changes = attribute_changes(path, mode, owner, group)
    if "mode" in changes:
        os.chmod(path, mode)
    if "owner" in changes:
        os.chown(path, _uid(owner), _gid(group))
    return changes


def attribute_changes(path, mode=0o600, owner=None, group=None):
    """What `fix_attributes` would change, without changing it."""
    current = attributes(path)
    if current is None:
        return []
    out = []
    if current["mode"] != mode:
        out.append("mode")
    uid, gid = _uid(owner), _gid(group)
    if (uid != -1 and uid != current["uid"]) or (gid != -1 and gid != current["gid"]):
        out.append("owner")
    return out


def backup(path, mode=0o600):
    """Copy `path` to `<path>.<UTC timestamp>.bak` (atomically, 0600); the backup's path."""
    if not os.path.exists(path):
        return None
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = "%s.%s.bak" % (path, stamp)
    with open(path, "rb") as handle:
        data = handle.read()
    write(target, data, mode)
    return target
