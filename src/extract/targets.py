"""Targets: quantified indicators ("Thu nhập bình quân đầu người năm 2024 đạt 70 triệu đồng/năm").

For each indicator phrase (indicators.json) the first quantity in its scope (up to the next
indicator, ";" or the end of the sentence) is its value, with the comparator written before or
after it, the unit and period after it, and the year of the clause or of the sentence.
Reads the token view of the shared pipeline (tokens.py, nlp.py): plain lists, no Token or Span objects.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import compress
from operator import add

from spacy.tokens import Doc

from . import vocab
from .nlp import TokenView, doc_view
from .numbers import parse_number
from .records import Target
from .textnorm import fold

_YEAR = re.compile(r"^(19|20)\d\d$")
_PLAN_WORDS = (
    "phấn đấu",
    "chỉ tiêu",
    "kế hoạch",
    "phương hướng",
    "mục tiêu",
    "dự kiến",
    "đề ra",
    "định hướng",
    "nhiệm vụ năm",
    "đến năm",
    "sẽ",
    "cần đạt",
    "phải đạt",
    "nghị quyết",
)
_BEFORE = {  # comparator words written right before the number (folded)
    "tren": "gt",
    "hon": "gt",
    "vuot": "gt",
    "duoi": "lt",
    "con": "lte",
    "giam con": "lte",
    "giam xuong": "lte",
    "xuong con": "lte",
    "xuong": "lte",
    "khong qua": "lte",
    "toi da": "lte",
    "it nhat": "gte",
    "toi thieu": "gte",
    "tang len": "eq",
    "dat": "eq",
    "la": "eq",
    "gan": "lt",
}
_AFTER = {"tro len": "gte", "tro xuong": "lte", "tro ra": "gte"}
_SCOPE_STOPS = {";", ".", "!", "?", "\n"}
_MAX_GAP = 14  # tokens between an indicator phrase and its number
_SPACE_AFTER = ("", " ")  # by Token.whitespace_ as a bool


Unit = tuple[tuple[str, ...], str, float]


@cache
def _units() -> tuple[dict[str, float], list[Unit]]:
    data = vocab.load("units.json")
    mult = {fold(k): float(v) for k, v in data["multipliers"].items()}
    units = []
    for u in data["units"]:
        for w in u["words"]:
            units.append((tuple(fold(w.lower()).split()), u["base"], float(u["factor"])))
    units.sort(key=lambda x: -len(x[0]))
    return mult, units


@cache
def _units_by_first_word() -> tuple[dict[str, list[Unit]], list[Unit]]:
    """The units by their first word, each list in _units() order (longest first), and the units
    with no word: a quantity then tries only the units that can match its next word."""
    by_first: dict[str, list[Unit]] = {}
    empty = []
    for unit in _units()[1]:
        if unit[0]:
            by_first.setdefault(unit[0][0], []).append(unit)
        else:
            empty.append(unit)
    return by_first, empty


@cache
def _plan_keys() -> tuple[str, ...]:
    return tuple(fold(w) for w in _PLAN_WORDS)


def _folded(v: TokenView, start: int, end: int) -> str:
    """fold(doc[start:end].text.lower()) from the tokens' folded keys, which are cached (folding a
    sentence character by character is slow). The one difference, lower-casing "Σ" token by
    token (σ or ς by context), cannot change whether an ASCII plan word is in the text."""
    if end <= start:
        return ""
    keys = list(v.norm[start:end])
    if any(v.is_space[start:end]):  # fold leaves white space as it is; its norm is " "
        for k in range(start, end):
            if v.is_space[k]:
                keys[k - start] = v.text[k]
    after = list(map(_SPACE_AFTER.__getitem__, v.space_after[start:end]))
    after[-1] = ""  # a span's text ends with its last token
    return "".join(map(add, keys, after))


def _is_year(text: str) -> bool:
    # The prefix test first: almost no token starts with "19" or "20".
    return text[:2] in ("19", "20") and _YEAR.match(text) is not None


def _match_words(v: TokenView, i: int, words: tuple[str, ...]) -> int | None:
    j = i
    for w in words:
        j = v.skip_blank(j)
        if j >= len(v) or v.norm[j] != w:
            return None
        j += 1
    return j


def _quantity(v: TokenView, i: int) -> tuple[int, float, float, str | None, list[str], str | None] | None:
    """Quantity at token i: (end, value, factor, base unit, periods, unit as written)."""
    value = parse_number(v.text[i])
    if value is None:
        return None
    mult = _units()[0]
    n = len(v)
    j = v.skip_blank(i + 1)
    factor, base = 1.0, None
    unit_start = j
    if j < n and v.norm[j] in mult:
        factor *= mult[v.norm[j]]
        j = v.skip_blank(j + 1)
    by_first, empty = _units_by_first_word()
    first = v.skip_blank(j)
    candidates = by_first.get(v.norm[first], []) + empty if first < n else empty
    for words, b, f in candidates:
        end = _match_words(v, j, words)
        if end is not None:
            base, factor = b, factor * f
            j = end
            break
    periods = []
    while True:
        k = v.skip_blank(j)
        if k < n and v.text[k] == "/":
            k2 = v.skip_blank(k + 1)
            if k2 < n and v.is_alpha[k2]:
                periods.append(v.norm[k2])
                j = k2 + 1
                continue
        break
    unit_text = re.sub(r"\s*/\s*", "/", v.span_text(unit_start, j)).strip() if j > unit_start else None
    return j, value, factor, base, periods, unit_text


def _normalized_unit(base: str | None, periods: list[str], indicator_unit: str) -> str | None:
    if base is None:
        return None
    if indicator_unit.split("/")[0] == base:
        return indicator_unit
    names = {
        "nam": "year",
        "nguoi": "person",
        "thang": "month",
        "ha": "ha",
        "ho": "household",
        "khau": "person",
        "vu": "season",
    }
    return "/".join([base] + [names.get(p, p) for p in periods])


def _comparator(v: TokenView, num_i: int, end: int) -> str:
    k = v.skip_blank(end)
    two = " ".join(v.norm[t] for t in range(k, min(k + 2, len(v))) if not v.is_space[t])
    if two in _AFTER:
        return _AFTER[two]
    before = [v.norm[t] for t in range(max(0, num_i - 4), num_i) if not v.is_space[t]]
    for n in (2, 1):
        if len(before) >= n and " ".join(before[-n:]) in _BEFORE:
            return _BEFORE[" ".join(before[-n:])]
    return "eq"


def _year_positions(v: TokenView) -> list[int]:
    """Tokens that are years, in order. A year ("2024", digits only) is always like_num, so only
    the few number tokens are tested."""
    return [i for i in compress(range(len(v)), v.like_num) if _is_year(v.text[i])]


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


def _indicator_spans(v: TokenView) -> list[tuple[str, int, int]]:
    found = [(lbl[4:], s, e) for lbl, s, e in v.matches if lbl.startswith("IND_")]
    found.sort(key=lambda x: (x[1], -(x[2] - x[1])))
    kept: list[tuple[str, int, int]] = []
    for code, s, e in found:
        if kept and s < kept[-1][2]:
            continue
        kept.append((code, s, e))
    return kept


def _number_at(v: TokenView, e: int, limit: int) -> tuple[int, tuple] | None:
    """The first quantity in tokens e..limit (stopping at ; . ! ? or a line break)."""
    text, n = v.text, len(v)
    i = e
    while i < limit:
        t = text[i]
        if t in _SCOPE_STOPS or "\n" in t:
            break
        if v.like_num[i] or t[:1].isdigit():
            nxt = v.skip_blank(i + 1)
            if i and _is_year(t) and v.norm[i - 1] in ("nam", "den", "-"):
                i += 1
                continue
            after = v.skip_blank(nxt + 1) if nxt < n else n
            if nxt < n and text[nxt] == "/" and after < n and v.like_num[after]:
                break  # "17/19 chỉ tiêu", a date: a count of targets met, not a value
            q = _quantity(v, i)
            if q is not None:
                return i, q
        i += 1
    return None


def find_targets(doc: Doc, published_year: int | None) -> list[Target]:
    """Quantified indicators in a document, in text order."""
    by_code = vocab.indicator_by_code()
    v = doc_view(doc)
    spans = _indicator_spans(v)
    years = _year_positions(v) if spans else []
    out: list[Target] = []
    for n, (code, s, e) in enumerate(spans):
        sent_start, sent_end = v.sent_bounds(s)
        limit = min(sent_end, spans[n + 1][1] if n + 1 < len(spans) else sent_end, e + _MAX_GAP)
        hit = _number_at(v, e, limit)
        if hit is None:
            continue
        num_i, (end, value, factor, base, periods, unit_text) = hit
        if base is None and code not in (
            "jobs_created",
            "party_members_admitted",
            "military_recruitment",
        ):
            continue
        ind = by_code[code]
        year = (
            _year_in(v, years, s, end)
            or _year_in(v, years, sent_start, s)
            or _year_in(v, years, end, sent_end)
        )
        text_before = _folded(v, sent_start, end)
        planned = any(w in text_before for w in _plan_keys())
        if not planned and year and published_year and year > published_year:
            planned = True
        comparator = _comparator(v, num_i, end)
        unit_norm = _normalized_unit(base, periods, ind.unit_normalized)
        if base is None:
            unit_norm = ind.unit_normalized
        start_char = v.idx[s]
        end_char = v.end_char(end - 1)
        out.append(
            Target(
                text=v.source[start_char:end_char],
                indicator=code,
                label=v.span_text(s, e),
                value=int(value) if value.is_integer() else value,
                unit=unit_text,
                value_normalized=_clean(value * factor),
                unit_normalized=unit_norm,
                comparator=comparator,
                year=year,
                kind="target" if planned else "achieved",
                start=start_char,
                end=end_char,
                sentence=v.span_text(sent_start, sent_end).strip(),
            )
        )
    return out


def _clean(x: float) -> float | int:
    r = round(x, 6)
    return int(r) if float(r).is_integer() else r
