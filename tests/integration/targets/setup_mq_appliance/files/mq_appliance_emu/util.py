# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""State directory helpers: atomic writes with fixed modes, the secret, locking, the event log."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import secrets
import tempfile
import threading

DIR_MODE = 0o700
FILE_MODE = 0o600
PUBLIC_FILE_MODE = 0o644


class EmuError(Exception):
    """An error of the emulator's own command line (not an appliance message)."""


def ensure_dir(path):
    os.makedirs(path, mode=DIR_MODE, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def atomic_write(path, data, mode=FILE_MODE):
    """Write bytes (or str) to path through a temporary file in the same directory and os.replace."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_secret(state_dir):
    """The random secret (DIR/.secret, 0600) that encrypts the stored private keys; created on first use."""
    path = os.path.join(state_dir, ".secret")
    with state_lock(state_dir):
        if not os.path.exists(path):
            atomic_write(path, secrets.token_hex(32) + "\n")
    with open(path, "r", encoding="ascii") as handle:
        return handle.read().strip().encode("ascii")


_THREAD_LOCK = threading.RLock()
_HELD = threading.local()


@contextlib.contextmanager
def state_lock(state_dir):
    """Exclusive lock over the state: a thread lock (one process) and a flock on DIR/.lock (other processes).
    Re-entrant within a thread (the flock is taken only by the outermost holder)."""
    with _THREAD_LOCK:
        depth = getattr(_HELD, "depth", 0)
        if depth:
            _HELD.depth = depth + 1
            try:
                yield
            finally:
                _HELD.depth = depth
            return
        fd = os.open(os.path.join(state_dir, ".lock"), os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            _HELD.depth = 1
            yield
        finally:
            _HELD.depth = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


class EventLog:
    """JSON lines in DIR/emu-log.jsonl (0600). Never given passwords, file contents or keys."""

    def __init__(self, state_dir):
        self.path = os.path.join(state_dir, "emu-log.jsonl")
        self._lock = threading.Lock()

    def write(self, **fields):
        record = {"t": now_utc().isoformat(timespec="milliseconds")}
        record.update(fields)
        line = (json.dumps(record, sort_keys=True) + "\n").encode("utf-8")
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
