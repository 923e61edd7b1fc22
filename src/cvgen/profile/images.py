"""What a photo file holds, read from its bytes: its kind and its size in pixels.

A photo that the engine cannot include (empty, truncated, corrupt, of another kind than its name says, too
large for TeX's dimensions) is refused at validation, at its field's line, instead of stopping the engine
later with no word of the photo. Only the structure is read (PNG chunks and their checksums, JPEG
segments, a PDF's header and end): nothing is decoded into pixels, so a hostile file costs no memory.
"""

from __future__ import annotations

import struct
import zlib

# Larger sides overflow TeX's dimensions ("Dimension too large") at any resolution a photo is printed at.
MAX_SIDE = 10_000
_PNG = b"\x89PNG\r\n\x1a\n"
_KIND = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".pdf": "PDF"}


def photo_problem(data: bytes, suffix: str) -> str | None:
    """What makes `data` unusable as a photo named `*.suffix`, or None."""
    expected = _KIND[suffix.lower()]
    if not data:
        return "the file is empty"
    kind = "PNG" if data.startswith(_PNG) else "JPEG" if data.startswith(b"\xff\xd8") else (
        "PDF" if data.startswith(b"%PDF-") else None)
    if kind is None:
        return f"the file is not a {expected} image"
    if kind != expected:
        return f"the file is a {kind} image, not a {expected} one as its name says"
    if kind == "PDF":
        return None if b"%%EOF" in data[-2048:] else "the PDF file is truncated (it has no %%EOF at its end)"
    try:
        width, height = _png_size(data) if kind == "PNG" else _jpeg_size(data)
    except ValueError as error:
        return f"the {kind} file is broken ({error})"
    if max(width, height) > MAX_SIDE:
        return f"the image is {width} × {height} pixels; at most {MAX_SIDE} pixels a side can be printed"
    return None


def _png_size(data: bytes) -> tuple[int, int]:
    """Every chunk's length and checksum, IHDR first and IEND last: a truncated or altered file fails."""
    position, size, ended = len(_PNG), None, False
    while position < len(data) and not ended:
        if position + 8 > len(data):
            raise ValueError("truncated")
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        checksum = data[position + 8 + length:position + 12 + length]
        if len(body) < length or len(checksum) < 4:
            raise ValueError("truncated")
        if zlib.crc32(kind + body) != struct.unpack(">I", checksum)[0]:
            raise ValueError(f"the checksum of its {kind.decode('latin-1')} chunk is wrong")
        if size is None:
            if kind != b"IHDR" or length < 8:
                raise ValueError("no IHDR header")
            size = struct.unpack(">II", body[:8])
        ended = kind == b"IEND"
        position += 12 + length
    if not ended or size is None:
        raise ValueError("truncated")
    return size


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """The frame header's size; the file must end with its end-of-image marker."""
    if b"\xff\xd9" not in data[-1024:]:
        raise ValueError("truncated")
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ValueError("a segment does not start with a marker")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if position + 9 > len(data):
                raise ValueError("truncated")
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return width, height
        if marker == 0xDA:  # the image data starts before any frame header
            break
        position += 2 + length
    raise ValueError("no frame header")
