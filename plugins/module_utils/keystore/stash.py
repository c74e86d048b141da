# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""MQ/GSKit password stash files (`.sth`), the "v1" layout.

129 bytes: the password, a NUL, then random non-zero padding; every byte XOR 0xF5. IBM does not
document the layout (third-party descriptions and `runmqakm -stashpw -v1stash`); newer GSKit
writes a 193-byte layout by default, which `decode` reads only when it follows the same rule.
A stash hides the password from a casual look; it does not protect it: keep the file 0600.
"""

from __future__ import annotations

import os

V1_SIZE = 129
MASK = 0xF5
KNOWN_SIZES = (129, 193)


class StashError(ValueError):
    """The stash cannot hold this password, or the file is not a stash."""


def encode(password, size=V1_SIZE):
    """Stash bytes for `password` (random padding: two calls give different bytes)."""
    raw = password.encode("utf-8")
    if not raw:
        raise StashError("an empty password cannot be stashed")
    if b"\x00" in raw:
        raise StashError("a password with a NUL character cannot be stashed")
    if len(raw) >= size:
        raise StashError("the password is %d bytes; a v1 stash holds at most %d" % (len(raw), size - 1))
    padding = bytearray()
    while len(padding) < size - len(raw) - 1:
        padding.extend(b for b in os.urandom(size) if b not in (0, MASK))
    plain = raw + b"\x00" + bytes(padding[:size - len(raw) - 1])
    return bytes(b ^ MASK for b in plain)


def decode(data):
    """The password held by stash bytes; StashError when they are not a stash."""
    if len(data) not in KNOWN_SIZES:
        raise StashError("a stash file is %s bytes, not %d" % (" or ".join(str(s) for s in KNOWN_SIZES), len(data)))
    plain = bytes(b ^ MASK for b in data)
    end = plain.find(b"\x00")
    if end <= 0:
        raise StashError("no password found in the stash file")
    try:
        return plain[:end].decode("utf-8")
    except UnicodeDecodeError:
        raise StashError("the stash file does not hold a UTF-8 password")


def stash_path(repository_path):
    """The stash beside a repository: same directory and stem, extension `.sth`."""
    stem, ext = os.path.splitext(repository_path)
    return (stem if ext.lower() in (".kdb", ".p12", ".pfx", ".rdb", ".crl") else repository_path) + ".sth"
