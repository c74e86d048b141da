# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The small part of ASN.1 DER that PKCS#12 needs: build values, and read them back.

Reading also accepts the BER forms that some PKCS#12 writers emit (indefinite lengths,
constructed OCTET STRINGs). Every reading error raises DerError with the offset.
"""

from __future__ import annotations

SEQUENCE = 0x30
SET = 0x31
INTEGER = 0x02
OCTET_STRING = 0x04
NULL = 0x05
OID = 0x06
BMP_STRING = 0x1E
CONSTRUCTED = 0x20


class DerError(ValueError):
    """The bytes are not the ASN.1 structure that was expected."""


def _length(size):
    if size < 0x80:
        return bytes([size])
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    """One DER element: tag byte, length, content."""
    return bytes([tag]) + _length(len(content)) + content


def sequence(*items):
    return tlv(SEQUENCE, b"".join(items))


def set_of(*items):
    # DER orders the members of a SET OF by their encodings.
    return tlv(SET, b"".join(sorted(items)))


def integer(value):
    size = max(1, (value.bit_length() + 8) // 8)
    return tlv(INTEGER, value.to_bytes(size, "big", signed=True))


def octet_string(data):
    return tlv(OCTET_STRING, bytes(data))


def null():
    return tlv(NULL, b"")


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    if len(parts) < 2:
        raise ValueError("an OID has at least two arcs: %r" % dotted)
    out = bytearray()
    for number in [parts[0] * 40 + parts[1]] + parts[2:]:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        out.extend(reversed(chunk))
    return tlv(OID, bytes(out))


def bmp_string(text):
    return tlv(BMP_STRING, text.encode("utf-16-be"))


def explicit(number, content):
    """[number] EXPLICIT around an already encoded element."""
    return tlv(0xA0 | number, content)


def implicit_primitive(number, data):
    """[number] IMPLICIT for a primitive value such as an OCTET STRING."""
    return tlv(0x80 | number, bytes(data))


class Element:
    """One decoded element: its tag, its content bytes and, when constructed, its children."""

    __slots__ = ("tag", "content", "offset")

    def __init__(self, tag, content, offset):
        self.tag = tag
        self.content = content
        self.offset = offset

    @property
    def constructed(self):
        return bool(self.tag & CONSTRUCTED)

    def children(self):
        if not self.constructed:
            raise DerError("element with tag 0x%02x at offset %d is not constructed" % (self.tag, self.offset))
        return read_all(self.content, self.offset)

    def expect(self, tag, what):
        if self.tag != tag:
            raise DerError("%s: expected tag 0x%02x, found 0x%02x at offset %d" % (what, tag, self.tag, self.offset))
        return self

    def as_int(self):
        self.expect(INTEGER, "INTEGER")
        return int.from_bytes(self.content, "big", signed=True)

    def as_oid(self):
        self.expect(OID, "OBJECT IDENTIFIER")
        arcs = []
        number = 0
        for byte in self.content:
            number = (number << 7) | (byte & 0x7F)
            if not byte & 0x80:
                arcs.append(number)
                number = 0
        if not arcs:
            raise DerError("empty OBJECT IDENTIFIER at offset %d" % self.offset)
        first = min(arcs[0] // 40, 2)
        return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])

    def as_bytes(self):
        """The value of an OCTET STRING (or an IMPLICIT one), joining BER constructed pieces."""
        if self.constructed:
            return b"".join(child.as_bytes() for child in self.children())
        return self.content

    def as_bmp(self):
        self.expect(BMP_STRING, "BMPString")
        return self.content.decode("utf-16-be")


def _read_length(data, pos, base):
    if pos >= len(data):
        raise DerError("truncated length at offset %d" % (base + pos))
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0:
        return None, pos  # BER indefinite length
    if count > 8 or pos + count > len(data):
        raise DerError("bad length at offset %d" % (base + pos - 1))
    return int.from_bytes(data[pos:pos + count], "big"), pos + count


def read_one(data, pos=0, base=0):
    """(Element, next position) for the element that starts at `pos`."""
    start = pos
    if pos >= len(data):
        raise DerError("truncated data at offset %d" % (base + pos))
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used by PKCS#12 (offset %d)" % (base + pos))
    size, pos = _read_length(data, pos + 1, base)
    if size is None:
        if not tag & CONSTRUCTED:
            raise DerError("indefinite length on a primitive element at offset %d" % (base + start))
        inner = pos
        while True:
            if data[pos:pos + 2] == b"\x00\x00":
                return Element(tag, bytes(data[inner:pos]), base + inner), pos + 2
            _child, pos = read_one(data, pos, base)
    if pos + size > len(data):
        raise DerError("element at offset %d claims %d bytes but only %d remain"
                       % (base + start, size, len(data) - pos))
    return Element(tag, bytes(data[pos:pos + size]), base + pos), pos + size


def read_all(data, base=0):
    out = []
    pos = 0
    while pos < len(data):
        element, pos = read_one(data, pos, base)
        out.append(element)
    return out


def parse(data):
    """The single element that makes up `data` (trailing bytes are an error)."""
    element, end = read_one(bytes(data))
    if end != len(data):
        raise DerError("%d unexpected bytes after the end of the structure" % (len(data) - end))
    return element
