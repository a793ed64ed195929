"""Targets: quantified indicators ("Thu nhập bình quân đầu người năm 2024 đạt 70 triệu đồng/năm").

For each indicator phrase (indicators.json) the first quantity in its scope (up to the next
indicator, ";" or the end of the sentence) is its value, with the comparator written before or
after it, the unit and period after it, and the year of the clause or of the sentence.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from . import vocab
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


@cache
def _units() -> tuple[dict[str, float], list[tuple[tuple[str, ...], str, float]]]:
    data = vocab.load("units.json")
    mult = {fold(k): float(v) for k, v in data["multipliers"].items()}
    units = []
    for u in data["units"]:
        for w in u["words"]:
            units.append((tuple(fold(w.lower()).split()), u["base"], float(u["factor"])))
    units.sort(key=lambda x: -len(x[0]))
    return mult, units


def _match_words(doc: Doc, i: int, words: tuple[str, ...]) -> int | None:
    j = i
    for w in words:
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
            j += 1
        if j >= len(doc) or doc[j].norm_ != w:
            return None
        j += 1
    return j


def _skip_space(doc: Doc, i: int) -> int:
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    return i


def _token_at(doc: Doc, i: int) -> Token | None:
    return doc[i] if i < len(doc) else None


def _quantity(doc: Doc, i: int):
    """Quantity at token i: (end, value, factor, base unit, periods, unit as written)."""
    value = parse_number(doc[i].text)
    if value is None:
        return None
    mult, units = _units()
    j = _skip_space(doc, i + 1)
    factor, base = 1.0, None
    unit_start = j
    if j < len(doc) and doc[j].norm_ in mult:
        factor *= mult[doc[j].norm_]
        j = _skip_space(doc, j + 1)
    for words, b, f in units:
        end = _match_words(doc, j, words)
        if end is not None:
            base, factor = b, factor * f
            j = end
            break
    periods = []
    while True:
        k = _skip_space(doc, j)
        if k < len(doc) and doc[k].text == "/":
            k2 = _skip_space(doc, k + 1)
            if k2 < len(doc) and doc[k2].is_alpha:
                periods.append(doc[k2].norm_)
                j = k2 + 1
                continue
        break
    unit_text = re.sub(r"\s*/\s*", "/", doc[unit_start:j].text).strip() if j > unit_start else None
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


def _comparator(doc: Doc, num_i: int, end: int) -> str:
    k = _skip_space(doc, end)
    two = " ".join(t.norm_ for t in doc[k : k + 2] if not t.is_space)
    if two in _AFTER:
        return _AFTER[two]
    before = [t.norm_ for t in doc[max(0, num_i - 4) : num_i] if not t.is_space]
    for n in (2, 1):
        if len(before) >= n and " ".join(before[-n:]) in _BEFORE:
            return _BEFORE[" ".join(before[-n:])]
    return "eq"


def _year_in(span: Span) -> int | None:
    year = None
    toks = [t for t in span if not t.is_space]
    for a, b in zip(toks, toks[1:], strict=False):
        if a.norm_ in ("nam", "den") and _YEAR.match(b.text):
            year = int(b.text)
    return year


def _indicator_spans(doc: Doc) -> list[tuple[str, int, int]]:
    found = [(s.label_[4:], s.start, s.end) for s in doc.spans["vocab"] if s.label_.startswith("IND_")]
    found.sort(key=lambda x: (x[1], -(x[2] - x[1])))
    kept: list[tuple[str, int, int]] = []
    for code, s, e in found:
        if kept and s < kept[-1][2]:
            continue
        kept.append((code, s, e))
    return kept


def find_targets(doc: Doc, published_year: int | None) -> list[Target]:
    """Quantified indicators in a document, in text order."""
    by_code = vocab.indicator_by_code()
    spans = _indicator_spans(doc)
    out: list[Target] = []
    for n, (code, s, e) in enumerate(spans):
        sent = doc[s].sent
        limit = min(sent.end, spans[n + 1][1] if n + 1 < len(spans) else sent.end, e + _MAX_GAP)
        hit = None
        i = e
        while i < limit:
            t = doc[i]
            if t.text in _SCOPE_STOPS or "\n" in t.text:
                break
            if t.like_num or t.text[:1].isdigit():
                prev = doc[i - 1] if i else None
                nxt = _token_at(doc, _skip_space(doc, i + 1))
                if _YEAR.match(t.text) and prev is not None and prev.norm_ in ("nam", "den", "-"):
                    i += 1
                    continue
                after = _token_at(doc, _skip_space(doc, nxt.i + 1)) if nxt is not None else None
                if nxt is not None and nxt.text == "/" and after is not None and after.like_num:
                    break  # "17/19 chỉ tiêu", a date: a count of targets met, not a value
                q = _quantity(doc, i)
                if q is not None:
                    hit = (i, q)
                    break
            i += 1
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
        clause = doc[s:end]
        year = _year_in(clause) or _year_in(doc[sent.start : s]) or _year_in(doc[end : sent.end])
        text_before = fold(doc[sent.start : end].text.lower())
        planned = any(fold(w) in text_before for w in _PLAN_WORDS)
        if not planned and year and published_year and year > published_year:
            planned = True
        comparator = _comparator(doc, num_i, end)
        unit_norm = _normalized_unit(base, periods, ind.unit_normalized)
        if base is None:
            unit_norm = ind.unit_normalized
        start_char = doc[s].idx
        end_char = doc[end - 1].idx + len(doc[end - 1].text)
        out.append(
            Target(
                text=doc.text[start_char:end_char],
                indicator=code,
                label=doc[s:e].text,
                value=int(value) if value.is_integer() else value,
                unit=unit_text,
                value_normalized=_clean(value * factor),
                unit_normalized=unit_norm,
                comparator=comparator,
                year=year,
                kind="target" if planned else "achieved",
                start=start_char,
                end=end_char,
                sentence=sent.text.strip(),
            )
        )
    return out


def _clean(x: float) -> float | int:
    r = round(x, 6)
    return int(r) if float(r).is_integer() else r
