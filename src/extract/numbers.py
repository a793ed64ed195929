"""Numbers as Vietnamese pages write them: 1.234,5 · 3,48 · 0.5 · 05 · "mười hai"."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import vocab
from .textnorm import key, word_key

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def is_year(text: str) -> bool:
    """A token that is a year (1900-2099)."""
    # The prefix test first: almost no token starts with "19" or "20".
    return text[:2] in ("19", "20") and _YEAR.match(text) is not None


def parse_number(text: str) -> float | None:
    """A written number as a float, or None.

    Both separators present: the last one is the decimal mark. One kind only: "." or ","
    followed by exactly three digits (more than once, or "." once) groups thousands;
    otherwise it is a decimal mark (web text mixes "0.5" and "0,5").
    """
    if not _NUMBER.match(text):
        return None
    if "." in text and "," in text:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        grp = "." if dec == "," else ","
        if text.count(dec) > 1:
            return None  # two numbers run together ("1.234,51.234,5"), not one
        return float(text.replace(grp, "").replace(dec, "."))
    for sep in (".", ","):
        if sep in text:
            parts = text.split(sep)
            if len(parts) > 2 or (sep == "." and all(len(p) == 3 for p in parts[1:])):
                if all(len(p) == 3 for p in parts[1:]):
                    return float("".join(parts))
                return None
            return float(parts[0] + "." + parts[1])
    return float(text)


@cache
def _word_values() -> dict[str, int]:
    return {key(w): v for w, v in vocab.load("numbers.json")["words"].items()}


def words_to_int(words: list[str]) -> int | None:
    """ "mười hai" -> 12, "hai mươi lăm" -> 25, "ba" -> 3; None if not a number word run."""
    values = _word_values()
    total, current = 0, 0
    seen = False
    for w in words:
        k = word_key(w)
        if k in ("lăm", "nhăm"):
            k = "năm"
        if k not in values:
            return None
        v = values[k]
        seen = True
        if k == "trăm":
            current = (current or 1) * 100
            total += current
            current = 0
        elif k in ("mươi", "chục"):  # "hai mươi", "hai chục": tens
            current = (current or 1) * 10
        elif k == "mười":
            current += 10
        else:
            current += v
    return total + current if seen else None


@lru_cache(maxsize=1 << 16)
def is_number_word(word: str) -> bool:
    """Whether words_to_int knows the word ("mười", "lăm"): a run of such words is a number, and
    a run with any other word is not, so callers test words one by one without re-reading."""
    k = word_key(word)
    return (k if k not in ("lăm", "nhăm") else "năm") in _word_values()
