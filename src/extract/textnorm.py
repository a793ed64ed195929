"""Vietnamese text normalisation: NFC once, and length-preserving match keys.

Keys have exactly the length of the text they come from, so a match found on a key is a match
at the same offsets in the text the user sees.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old ("hòa") and new ("hoà") tone placement differ only in the open syllables oa, oe, uy.
# Keys use the old style, the commoner one on news sites (ecosystem.md §5).
_VOWELS_WITH_TONE = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
    "o": "òóỏõọ",
    "u": "ùúủũụ",
    "A": "ÀÁẢÃẠ",
    "E": "ÈÉẺẼẸ",
    "Y": "ỲÝỶỸỴ",
    "O": "ÒÓỎÕỌ",
    "U": "ÙÚỦŨỤ",
}
_NEW_TO_OLD: dict[str, str] = {}
for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
    for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
        for i, toned in enumerate(_VOWELS_WITH_TONE[s]):
            _NEW_TO_OLD[f + toned] = _VOWELS_WITH_TONE[f][i] + s
_NEW_STYLE = re.compile("|".join(sorted(_NEW_TO_OLD, key=len, reverse=True)))
_OLD_TO_NEW = {old: new for new, old in _NEW_TO_OLD.items()}
_OLD_STYLE = re.compile("|".join(sorted(_OLD_TO_NEW, key=len, reverse=True)))
# "thuỷ" but not "quý": after q, "uy" is a consonant + vowel and keeps its mark on y.
_WORD_END = re.compile(r"\w")


def nfc(text: str) -> str:
    """NFC with no other change."""
    return unicodedata.normalize("NFC", text)


def old_tone_style(text: str) -> str:
    """Move tone marks in oa/oe/uy to the old position: "hoà" -> "hòa", "uỷ" -> "ủy"."""

    def swap(m: re.Match[str]) -> str:
        start, end = m.span()
        before = m.string[start - 1] if start else ""
        after = m.string[end] if end < len(m.string) else ""
        # Only an open syllable ends after the pair; "hoàn", "quý" keep their marks.
        if _WORD_END.match(after) or (before and before in "qQ"):
            return m.group(0)
        return _NEW_TO_OLD[m.group(0)]

    return _NEW_STYLE.sub(swap, text)


def tone_variants(word: str) -> set[str]:
    """A lower-case word in both tone styles ("hòa", "hoà")."""
    low = word.lower()
    old = old_tone_style(low)
    return {low, old, _OLD_STYLE.sub(lambda m: _OLD_TO_NEW[m.group(0)], old)}


def key(text: str) -> str:
    """Match key: lower case, old tone style. Same length as ``text`` (NFC input)."""
    return old_tone_style(text.lower()) if len(text.lower()) == len(text) else old_tone_style(text)


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """key() of one token, cached: the extractors ask for the same few thousand words on every
    page, and key() runs a regular expression with a Python callback."""
    return key(word)


def _fold_table() -> dict[int, str]:
    """Latin letters with marks (Vietnamese and more) -> their base letter; đ -> d."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0xC0, 0x2000):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base.lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    return table


# str.translate runs in C: folding a whole page costs microseconds, not milliseconds.
_FOLD = _fold_table()


def fold(text: str) -> str:
    """Accent-free lower-case key ("Đảng ủy" -> "dang uy"). Same length as ``text``."""
    return text.translate(_FOLD)


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # spaces and joiners that print nothing
_ZERO_WIDTH_TO_SPACE = str.maketrans(dict.fromkeys(ZERO_WIDTH, " "))


def has_zero_width(text: str) -> bool:
    """Does ``text`` hold a character that prints nothing? (Five scans in C beat one regex.)"""
    return "\u200b" in text or "\u200d" in text or "\ufeff" in text or "\u200c" in text or "\u2060" in text


def clean_line(text: str) -> str:
    """Collapse runs of white space (no-break and zero-width spaces too) to one space and trim;
    keeps the letters as they are. (str.split is several times faster than a regex here.)"""
    if has_zero_width(text):
        text = text.translate(_ZERO_WIDTH_TO_SPACE)  # not white space to str.split
    return " ".join(text.split())
