# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read and edit the IBM MQ client configuration file (mqclient.ini) one attribute at a time.

The file is a list of stanzas. A stanza starts with its name and a colon at the start of a line
(``SSL:``); its attributes follow as ``Name=Value`` lines, usually indented. Lines starting with
``#`` or ``;`` are comments. This editor changes only the attributes it is asked to set or
remove: every other line (other stanzas, comments, blank lines, spacing) comes back unchanged,
so a run never rewrites more of the file than the collection owns.

Stanza and attribute names are matched without regard to case; values are kept as written.
"""

from __future__ import annotations

import re

_STANZA = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)[ \t]*:[ \t]*$")
_ATTRIBUTE = re.compile(r"^([ \t]*)([A-Za-z][A-Za-z0-9_]*)[ \t]*=(.*)$")
_COMMENT = re.compile(r"^[ \t]*[#;]")

# Attributes that hold a secret: their values are never returned or shown in a diff.
SECRET_ATTRIBUTES = frozenset(["sslkeyrepositorypassword"])
MASK = "********"


class IniError(ValueError):
    """A mqclient.ini this editor refuses to change, with the reason."""


def _split_lines(text):
    lines = text.splitlines(True)
    return lines


def _newline_of(text):
    return "\r\n" if "\r\n" in text else "\n"


def _parse(lines):
    """[(kind, stanza, name, value, indent)] per line; kind is stanza/attribute/other."""
    out = []
    stanza = None
    for line in lines:
        body = line.rstrip("\r\n")
        match = _STANZA.match(body)
        if match and not _COMMENT.match(body):
            stanza = match.group(1)
            out.append(("stanza", stanza, None, None, None))
            continue
        match = _ATTRIBUTE.match(body)
        if match and stanza is not None and not _COMMENT.match(body):
            out.append(("attribute", stanza, match.group(2), match.group(3).strip(), match.group(1)))
            continue
        out.append(("other", stanza, None, None, None))
    return out


def read(text):
    """{stanza name (as written): {attribute name (as written): value}}; the last value wins."""
    result = {}
    for kind, stanza, name, value, _indent in _parse(_split_lines(text)):
        if kind == "stanza":
            result.setdefault(stanza, {})
        elif kind == "attribute":
            section = result.setdefault(stanza, {})
            for existing in list(section):
                if existing.lower() == name.lower():
                    del section[existing]
            section[name] = value
    return result


def stanza(text, name):
    """The attributes of stanza `name` (case-insensitive), or {} when it is missing."""
    merged = {}
    for key, attributes in read(text).items():
        if key.lower() == name.lower():
            merged.update(attributes)
    return merged


def masked(attributes):
    """A copy of `attributes` with secret values replaced by a mask."""
    return {k: (MASK if k.lower() in SECRET_ATTRIBUTES else v) for k, v in attributes.items()}


def _check_value(name, value):
    text = str(value)
    if "\n" in text or "\r" in text:
        raise IniError("the value of %s must be one line" % name)
    if text != text.strip():
        raise IniError("the value of %s must not start or end with spaces" % name)
    return text


def edit(text, stanza_name, set_attributes=None, remove=()):
    """Return `text` with `set_attributes` set and `remove` removed in stanza `stanza_name`.

    An attribute that is present gets its value replaced on its own line (indentation kept); a
    duplicate of it later in the stanza is removed, because MQ would read only one of them. One
    that is missing is added after the last attribute of the stanza. A missing stanza is appended
    at the end of the file. Nothing else changes.
    """
    set_attributes = dict(set_attributes or {})
    for name, value in set_attributes.items():
        if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", name):
            raise IniError("%r is not an mqclient.ini attribute name" % name)
        set_attributes[name] = _check_value(name, value)
    wanted = {name.lower(): (name, value) for name, value in set_attributes.items()}
    dropping = {name.lower() for name in remove}
    newline = _newline_of(text)
    lines = _split_lines(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    parsed = _parse(lines)
    target = stanza_name.lower()

    out = []
    done = set()
    last_attribute_at = None      # index in `out` after the last attribute of the target stanza
    seen_stanza = False
    indent = "   "
    for line, (kind, section, name, _value, line_indent) in zip(lines, parsed):
        in_target = section is not None and section.lower() == target
        if kind == "stanza" and in_target:
            seen_stanza = True
            out.append(line)
            last_attribute_at = len(out)
            continue
        if kind == "attribute" and in_target:
            key = name.lower()
            indent = line_indent or indent
            if key in dropping or key in done:
                continue
            if key in wanted:
                new_value = wanted[key][1]
                out.append("%s%s=%s%s" % (line_indent, name, new_value, newline))
                done.add(key)
            else:
                out.append(line)
            last_attribute_at = len(out)
            continue
        out.append(line)

    missing = [wanted[key] for key in wanted if key not in done]
    if missing:
        added = ["%s%s=%s%s" % (indent, name, value, newline) for name, value in missing]
        if seen_stanza:
            out[last_attribute_at:last_attribute_at] = added
        else:
            if out and out[-1].strip():
                out.append(newline)
            out.append("%s:%s" % (stanza_name, newline))
            out.extend(added)
    return "".join(out)


def masked_text(text):
    """`text` with the value of every secret attribute replaced by a mask (for diffs)."""
    lines = _split_lines(text)
    out = []
    for line, (kind, _section, name, _value, indent) in zip(lines, _parse(lines)):
        if kind == "attribute" and name.lower() in SECRET_ATTRIBUTES:
            ending = line[len(line.rstrip("\r\n")):]
            out.append("%s%s=%s%s" % (indent, name, MASK, ending))
        else:
            out.append(line)
    return "".join(out)
