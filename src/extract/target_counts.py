"""Counts of work done or planned that the indicator vocabulary lacks, as `other` targets:
"xảy ra 27 vụ phạm pháp hình sự", "tổ chức 12 đợt tuần tra", "thu được 52 đơn vị máu", "đón
hơn 86.500 lượt khách", "đóng góp hơn 18.000 ngày công".

Only a number written right after a verb of work (count_verbs: the words that report or plan a
deed), past a few words of degree ("được", "thêm", "hơn", "ít nhất"), and followed by what it
counts (a unit or a word). A number the vocabulary's rules read is theirs; a year, a date, a
share of a whole and the figures of an example are not counts; targets.py drops losses as for
every target.
"""

from __future__ import annotations

from functools import cache
from itertools import compress

from . import vocab
from .nlp import TokenView
from .numbers import is_year
from .quantities import quantity_at
from .target_other import label_words
from .target_rules import OTHER, SCOPE_STOPS, Hit, key_at
from .textnorm import word_key

_LABEL_WORDS = 6  # words after the count that say what it counts
_OBJECT_WORDS = 8  # words of a verb's object before "cho" and the count
_CLAUSE = frozenset((",", ";", ":", "(", ")"))


@cache
def _vocabulary() -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """The verbs of work as word-key tuples (longest matched first), and the words of degree
    that may stand between a verb and its count."""
    r = vocab.load("indicators.json")["rules"]
    verbs = frozenset(tuple(word_key(w) for w in phrase.split()) for phrase in r["count_verbs"])
    degree = frozenset(word_key(w) for phrase in r["count_degree_words"] for w in phrase.split())
    return verbs, degree


def count_hits(v: TokenView, taken: set[int]) -> list[Hit]:
    """`other` hits for the counts after a verb of work, outside ``taken`` (updated)."""
    verbs, degree = _vocabulary()
    longest = max(map(len, verbs))
    hits: list[Hit] = []
    for i in compress(range(len(v)), v.like_num):
        if i in taken or not v.text[i][0].isdigit() or is_year(v.text[i]) or v.like_num[v.prev_solid(i)]:
            continue
        q = quantity_at(v, i)
        if (
            q is None
            or q.base == "%"
            or q.plan is not None
            or q.periods
            or any(k in taken for k in range(q.start, q.end))
        ):
            continue  # a rate, a fraction, a frequency ("2 lần/tuần"), or read already
        start = _verb_before(v, v.prev_solid(q.start), verbs, degree, longest)
        if start is None:
            continue
        end = _what_is_counted(v, q.end) or (q.end if q.base is not None else None)
        if end is None:
            continue  # "tổ chức 2": a bare number counting nothing named
        hits.append((OTHER, start, end, q))
        taken.update(range(q.start, q.end))
    return hits


def _verb_before(
    v: TokenView, k: int, verbs: frozenset[tuple[str, ...]], degree: frozenset[str], longest: int
) -> int | None:
    """Where the verb of work starts whose count follows token k: right before it, past words of
    degree ("thu được 52", "đóng góp hơn 18.000"), or, after "cho", earlier in the clause
    ("tập huấn khoa học kỹ thuật cho 900 lượt hội viên")."""
    reach = _OBJECT_WORDS
    while k >= 0 and v.content[k]:
        words: list[str] = []
        j, start = k, None
        while j >= 0 and len(words) < longest and v.content[j]:
            words.insert(0, key_at(v, j))
            if tuple(words) in verbs:
                start = j
            j = v.prev_solid(j)
        if start is not None:
            return start
        word = key_at(v, k)
        if word == "cho":
            reach = _OBJECT_WORDS  # the object of the verb stands before "cho"
        elif word not in degree:
            if reach == _OBJECT_WORDS and not _after_cho(v, k):
                return None
            reach -= 1
            if reach < 0:
                return None
        k = v.prev_solid(k)
    return None


def _after_cho(v: TokenView, k: int) -> bool:
    """Is "cho" between token k and the count (the count's beneficiaries follow it)?"""
    j = v.skip_blank(k + 1)
    while j < len(v) and v.content[j] and not v.like_num[j]:
        if key_at(v, j) == "cho":
            return True
        j = v.skip_blank(j + 1)
    return False


def _what_is_counted(v: TokenView, k: int) -> int | None:
    """The end of the words after a count that name what it counts, or None if none follow."""
    k = v.skip_blank(k)
    if k >= len(v) or not v.is_alpha[k]:
        return None
    e, words = k, 0
    while e < len(v) and words < _LABEL_WORDS:
        t = v.text[e]
        if t in SCOPE_STOPS or t in _CLAUSE or v.like_num[e]:
            break
        if v.content[e]:
            words += 1
        e += 1
    found = label_words(v, k, e)
    return found[1] if found else None
