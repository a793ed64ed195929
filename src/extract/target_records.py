"""A found value as a Target record: its text, units, comparator, year and kind (plan or result).

The years and the plan words of a doc are read once per doc (Describer), not once per value.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, compress

from .nlp import TokenView
from .numbers import is_year
from .quantities import Quantity, period_names
from .records import Target
from .target_rules import SCOPE_STOPS, Hit, indicator_rules, key_at, rules


class Describer:
    """Turns the hits of one doc into Targets."""

    def __init__(self, v: TokenView, published_year: int | None) -> None:
        self.v = v
        self.published_year = published_year
        self.years = [i for i in compress(range(len(v)), v.like_num) if is_year(v.text[i])]
        self.plans: dict[int, int | None] = {}  # sentence start -> its first plan word
        self.paragraphs: dict[int, int] = {}  # sentence start -> its paragraph's start

    def __call__(self, hit: Hit) -> Target:
        v = self.v
        code, s, e, q = hit
        ind = indicator_rules()[code]
        start, end = min(s, q.start), max(e, q.end)
        sent_start, sent_end = v.sent_bounds(start)
        year = self.year(q, start, end, sent_start, sent_end)
        planned = self.planned(sent_start, sent_end, end)
        if not planned and year and self.published_year and year > self.published_year:
            planned = True
        if year is None and not planned:
            year = self.published_year  # a result with no year: the year it was reported in
        label_s, label_e = (s, e) if e > s else (q.start, q.end)
        start_char, end_char = v.idx[start], v.end_char(end - 1)
        return Target(
            text=v.source[start_char:end_char],
            indicator=code,
            label=v.span_text(label_s, label_e),
            value=int(q.value) if q.value.is_integer() else q.value,
            unit=q.unit_text,
            value_normalized=_clean(q.value * q.factor),
            unit_normalized=_normalized_unit(q, ind.accepts, ind.unit_normalized),
            comparator=_comparator(v, q),
            year=year,
            kind="target" if planned else "achieved",
            start=start_char,
            end=end_char,
            sentence=v.span_text(sent_start, sent_end).strip(),
            plan=_number(q.plan),
            value_max=_number(q.upper),
            percent_of_plan=_number(q.share),
        )

    def year(self, q: Quantity, start: int, end: int, sent_start: int, sent_end: int) -> int | None:
        """The year right after the value, else in the phrase, the sentence, the paragraph before
        (a report names its year once, up front)."""
        v, years = self.v, self.years
        return (
            _year_after(v, years, q.end, sent_end)
            or _year_in(v, years, start, end)
            or _year_in(v, years, sent_start, start)
            or _year_in(v, years, end, sent_end)
            or _year_in(v, years, self.paragraph_start(sent_start), sent_start)
        )

    def paragraph_start(self, i: int) -> int:
        """The first token of the paragraph of token i (read back once per paragraph)."""
        j = i
        while j > 0 and "\n" not in self.v.text[j - 1] and j not in self.paragraphs:
            j -= 1
        start = self.paragraphs.get(j, j)
        self.paragraphs[i] = start
        return start

    def planned(self, sent_start: int, sent_end: int, end: int) -> bool:
        """Whether plan words (phấn đấu, chỉ tiêu...) come before token `end` in its sentence,
        other than in a result's share of its plan ("đạt 112,5% chỉ tiêu")."""
        if sent_start not in self.plans:
            self.plans[sent_start] = _first_plan_word(self.v, sent_start, sent_end)
        first = self.plans[sent_start]
        return first is not None and first < end


def _first_plan_word(v: TokenView, start: int, end: int) -> int | None:
    """The token where the first plan word of tokens start..end begins, read on folded keys."""
    r = rules()
    words = v.norm[start:end]
    text = " ".join(words)
    text = r.share_of_plan.sub(lambda m: " " * len(m.group()), text)  # lengths kept: offsets hold
    m = r.plan.search(text)
    if m is None:
        return None
    offsets = list(accumulate((len(w) + 1 for w in words), initial=0))
    return start + bisect_right(offsets, m.start()) - 1


def _normalized_unit(q: Quantity, accepts: frozenset[str], indicator_unit: str) -> str | None:
    if q.base is None or q.base in accepts:
        return indicator_unit
    names = period_names()
    return "/".join([q.base] + [names.get(p, p) for p in q.periods])


def _comparator(v: TokenView, q: Quantity) -> str:
    r = rules()
    k = v.skip_blank(q.end)
    two = " ".join(key_at(v, t) for t in range(k, min(k + 2, len(v))) if not v.is_space[t])
    if two in r.after:
        return r.after[two]
    before = [key_at(v, t) for t in range(max(0, q.start - 4), q.start) if not v.is_space[t]]
    for n in (3, 2, 1):
        if len(before) >= n and " ".join(before[-n:]) in r.before:
            found = r.before[" ".join(before[-n:])]
            return "eq" if q.upper is not None and found == "gte" else found  # "từ 3 - 4%": a range
    return "eq"


def _year_in(v: TokenView, years: list[int], start: int, end: int) -> int | None:
    """The year after the last "năm" or "đến" in doc[start:end]: a year whose previous non-space
    token in the range is one of those words."""
    lo, hi = max(start, 0), min(end, len(v))
    for b in reversed(years[bisect_left(years, lo) : bisect_left(years, hi)]):
        a = b - 1
        while a >= lo and v.is_space[a]:
            a -= 1
        if a >= lo and v.norm[a] in ("nam", "den"):
            return int(v.text[b])
    return None


def _year_after(v: TokenView, years: list[int], j: int, limit: int) -> int | None:
    """The year written right after a value ("4,65% năm 2019", "7,2% vào cuối năm 2022")."""
    for k in range(j, min(j + 5, limit)):
        if v.text[k] in SCOPE_STOPS or v.text[k] == ",":
            return None
        if v.norm[k] == "nam":
            return _year_in(v, years, k, k + 3)
    return None


def _clean(x: float) -> float | int:
    r = round(x, 6)
    return int(r) if float(r).is_integer() else r


def _number(x: float | None) -> float | int | None:
    return None if x is None else (int(x) if float(x).is_integer() else x)
