"""Award vocabulary read on diacritic keys, for awards.py and its helpers.

The shared matcher (nlp.py) finds award kinds, verbs and recipient nouns on folded keys; the
smaller lists of awards.json (receive words, gift words, breakdown markers...) are read here on
diacritic keys, because folding merges words that matter ("quà" a gift, "qua" past).
"""

from __future__ import annotations

from functools import cache

from . import vocab
from .nlp import TokenView
from .numbers import is_year
from .textnorm import fold, key, word_key

REC = ("REC_collective", "REC_individual")

Table = dict[str, tuple[tuple[str, ...], ...]]  # first word key -> phrases as word keys, longest first


@cache
def table(name: str) -> Table:
    """An awards.json list as diacritic word keys, grouped by first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in vocab.load("awards.json").get(name, []):
        words = tuple(key(w) for w in phrase.replace(",", " , ").split())
        out.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@cache
def grammar(role: str) -> str:
    """The diacritic key of a function word of awards.json "grammar" ("to" -> "cho")."""
    return key(vocab.load("awards.json")["grammar"][role])


def is_word(v: TokenView, i: int, role: str) -> bool:
    """Whether token i is that function word ("cho", "của")."""
    return word_key(v.text[i]) == grammar(role)


@cache
def merged(*names: str) -> Table:
    """Several awards.json lists as one table (a word that starts a phrase of any of them)."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for name in names:
        for first, phrases in table(name).items():
            out.setdefault(first, set()).update(phrases)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@cache
def approximate_words() -> frozenset[str]:
    """ "hơn", "gần", "khoảng": words allowed between "cho" and a count."""
    return frozenset(key(w) for w in vocab.load("numbers.json").get("approximate", {}) if " " not in w)


def match_at(v: TokenView, i: int, end: int, phrases: Table) -> int | None:
    """The token after the longest phrase written from token i (blanks between words), or None."""
    if i >= end:
        return None
    candidates = phrases.get(word_key(v.text[i]))
    if not candidates:
        return None
    for words in candidates:
        j = i + 1
        for w in words[1:]:
            j = v.skip_blank(j)
            if j >= end or word_key(v.text[j]) != w:
                break
            j += 1
        else:
            return j
    return None


def find_first(v: TokenView, start: int, end: int, phrases: Table) -> tuple[int, int] | None:
    """(start, end) of the first phrase of the list in tokens [start, end)."""
    text, content = v.text, v.content
    for i in range(start, end):
        # The first word's key first: most tokens start no phrase, and match_at is a call more.
        if content[i] and word_key(text[i]) in phrases:
            j = match_at(v, i, end, phrases)
            if j is not None:
                return i, j
    return None


def prev_content(v: TokenView, i: int, floor: int) -> int:
    """The last non-blank token before i (floor - 1 if none from floor on)."""
    i -= 1
    while i >= floor and v.blank[i]:
        i -= 1
    return i


def ends_before(v: TokenView, k: int, floor: int, name: str) -> bool:
    """Whether a phrase of the list ends right before token k ("các" before "đảng viên")."""
    q, phrases = k, table(name)
    for _ in range(3):  # the lists hold phrases of up to three words
        q = prev_content(v, q, floor)
        if q < floor:
            return False
        j = match_at(v, q, k, phrases)
        if j is not None and v.skip_blank(j) == k:
            return True
    return False


def year_in(v: TokenView, start: int, end: int) -> int | None:
    """The first "năm 2023" in tokens [start, end) ("năm học 2019" is a school year, not one)."""
    for i in range(start, end):
        if is_word(v, i, "year"):
            j = v.skip_blank(i + 1)
            if j < end and is_year(v.text[j]):
                return int(v.text[j])
    return None


@cache
def trigger_keys() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Folded award kind or verb -> its diacritic spellings, to drop folded look-alikes of a
    phrase ("tuyến đường" folds to "tuyên dương")."""
    data = vocab.load("awards.json")
    out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for phrase in data["award_kinds"] + data["award_verbs"]:
        words = phrase.split()
        out.setdefault(tuple(fold(w.lower()) for w in words), []).append(tuple(key(w) for w in words))
    return {k: tuple(v) for k, v in out.items()}


def spelled_right(v: TokenView, s: int, e: int) -> bool:
    """Whether a phrase found on folded keys is the vocabulary phrase, one misspelt tone allowed."""
    words = [i for i in range(s, e) if v.content[i]]
    if len(words) < 2:
        return True  # the matcher checks one-word phrases with their diacritics
    spellings = trigger_keys().get(tuple(v.norm[i] for i in words), ())
    keys = [word_key(v.text[i]) for i in words]
    return any(sum(a != b for a, b in zip(keys, sp, strict=False)) <= 1 for sp in spellings)
