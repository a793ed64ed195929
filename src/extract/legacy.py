"""Text that older portals still serve in broken encodings, repaired before parsing.

* Double-encoded UTF-8 ("Ä\x90áº£ng" for "Đảng"): UTF-8 bytes once read as windows-1252 and
  saved again. Runs that are valid UTF-8 when turned back into bytes are decoded again.
* TCVN3 (ABC) legacy fonts: text inside an element set in a ``.VnTime``-style font is one
  byte per Vietnamese letter, shown as Latin-1 glyphs ("NhiÖm kú" for "Nhiệm kỳ"); it is
  mapped back with ``data/tcvn3.json``. Only the text run right inside such an element is
  converted (nested runs of other fonts are left alone).
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab


def _byte_chars() -> dict[str, int]:
    """The character windows-1252 shows for each byte (Latin-1's for the five it lacks)."""
    out = {}
    for b in range(0x80, 0x100):
        try:
            out[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            out[chr(b)] = b
    return out


_BYTES = _byte_chars()
_LEAD = "".join(c for c, b in _BYTES.items() if 0xC2 <= b <= 0xF4)
_CONT = "".join(c for c, b in _BYTES.items() if 0x80 <= b <= 0xBF)
_MOJIBAKE = re.compile(f"(?:[{re.escape(_LEAD)}][{re.escape(_CONT)}]{{1,3}})+")


# How Vietnamese looks once double-encoded: áº/á» are the U+1Exx letters (ạ, ế, ộ, ữ…) that
# every Vietnamese sentence has. (Not Ã alone: "XÃ" is everyday upper-case Vietnamese.)
_SIGNS = ("áº", "á»")


def _redecode(m: re.Match[str]) -> str:
    try:
        return bytes(_BYTES[c] for c in m.group(0)).decode("utf-8")
    except (UnicodeDecodeError, KeyError):
        return m.group(0)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as windows-1252; returns the text and whether anything changed."""
    # The common case, decided by one-character searches (several times faster than
    # searching for the two-character signs): no "º" or "»" at all, so no "áº"/"á»".
    if not any(sign[1] in text and sign in text for sign in _SIGNS):
        return text, False
    fixed = _MOJIBAKE.sub(_redecode, text)
    return fixed, fixed != text


@cache
def _tcvn3() -> dict[int, str]:
    return {ord(glyph): letter for glyph, letter in vocab.load("tcvn3.json")["glyphs"].items()}


_VN_FONT_RUN = re.compile(r"(<[a-z]+\b[^>]*\.Vn[A-Za-z]*[^>]*>)([^<]+)", re.IGNORECASE)


def convert_vn_fonts(html: str) -> tuple[str, bool]:
    """Map TCVN3 glyphs back to Vietnamese in text set in a .Vn* font."""
    if ".Vn" not in html:  # font names: .VnTime, .VnArial, .VnTimeH
        return html, False
    table = _tcvn3()
    converted = _VN_FONT_RUN.sub(lambda m: m.group(1) + m.group(2).translate(table), html)
    return converted, converted != html
