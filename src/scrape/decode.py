"""Turn fetched bytes into NFC text, and tell HTML from other content.

Parsers are handed ``str`` only: lexbor ignores ``http-equiv`` charsets on bytes, and
windows-1258 decodes to combining tone marks, so ``"Hòa" in text`` is False until NFC.
The order follows WHATWG's encoding sniffing: BOM, HTTP charset, ``<meta>`` prescan of
the first 1024 bytes, then a statistical guess, then UTF-8 with replacement characters.

One deliberate difference from a browser: a body that is valid UTF-8 with some non-ASCII
bytes is read as UTF-8 even when a single-byte charset (ISO-8859-1, windows-1252,
windows-1258…) is declared. Servers often add ``charset=iso-8859-1`` by default to pages
written in UTF-8, and Vietnamese text in a single-byte charset is, in practice, never
valid UTF-8 (a tone letter such as ``à`` = 0xE0 must be followed by two continuation
bytes), so the UTF-8 reading is the right one. For the same reason an HTTP charset of
ISO-8859-1 / windows-1252 (a server default) yields to a different ``<meta>`` charset.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from charset_normalizer import from_bytes

# How many leading bytes the <meta> prescan reads (WHATWG says 1024).
PRESCAN_BYTES = 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG maps these labels to other decoders than Python's codec of the same name.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-874": "cp874",
    "x-user-defined": "cp1252",
}

_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _codec(label: str | bytes | None) -> str | None:
    """Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A <meta> cannot honestly declare UTF-16: the bytes were readable as ASCII (WHATWG).
    return "utf-8" if name.startswith("utf-16") else name


def http_charset(content_type: str | None) -> str | None:
    """Codec named by the charset parameter of a Content-Type header."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type.encode("latin-1", "ignore"))
    return _codec(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    """Codec declared by ``<meta charset>`` or ``<meta http-equiv content=…charset=…>``."""
    for tag in _META_TAG.finditer(body[:PRESCAN_BYTES]):
        match = _CHARSET_PARAM.search(tag.group(0))
        if match:
            codec = _codec(match.group(1))
            if codec:
                return codec
    return None


def _strict(body: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


@functools.lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Does ``codec`` map each byte to one character (latin-1, windows-125x, koi8…)?

    Multi-byte codecs (Shift_JIS, GBK, UTF-16…) join some byte pairs into one character.
    UTF-8 is excluded by name: with replacement it also gives one character per byte here.
    """
    if codec == "utf-8":
        return False
    try:
        return len(bytes(range(256)).decode(codec, "replace")) == 256
    except (LookupError, UnicodeError):
        return False


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTML (or text) body to NFC ``str``.

    A declared charset that fails to decode strictly is not trusted (Vietnamese portals
    often declare UTF-8 and serve windows-1258, or the reverse); the next source is tried,
    and if nothing decodes cleanly the first declared charset is used with replacement.
    Valid non-ASCII UTF-8 wins over declared single-byte charsets, and a ``<meta>``
    charset over an HTTP ISO-8859-1 / windows-1252 (module docstring).
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return unicodedata.normalize("NFC", body[len(bom) :].decode(codec, "replace"))
    header, meta = http_charset(content_type), meta_charset(body)
    if header == "cp1252" and meta:  # a server default: the page's own <meta> knows better
        header, meta = meta, header
    declared = [c for c in (header, meta) if c]
    if not body.isascii() and all(_single_byte(c) for c in declared):
        utf8 = _strict(body, "utf-8")
        if utf8 is not None:
            return unicodedata.normalize("NFC", utf8)
    text = None
    for codec in declared:
        text = _strict(body, codec)
        if text is not None:
            break
    if text is None:
        guess = from_bytes(body).best()
        if guess is not None:
            text = _strict(body, guess.encoding)
    if text is None:
        text = body.decode(declared[0] if declared else "utf-8", "replace")
    return unicodedata.normalize("NFC", text)


def is_html(content_type: str | None, body: bytes = b"") -> bool:
    """True when links should be mined: an HTML type, or no type and HTML-looking bytes."""
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    head = body[:PRESCAN_BYTES].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
