"""Quantities as commune reports write them, read from the token view (tokens.py).

A quantity is a number ("1.234,5", "05", "mười một", "hai chục"), maybe a range ("3 - 3,5",
"40 - 50") or an achieved-over-planned pair ("12/10"), then a multiplier (nghìn, triệu, tỷ), a
unit (%, đồng, tấn, ha, hộ, lao động...) and periods ("/người/năm"). The value is the number as
written: the first of a range, the achieved figure of "X/Y".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from . import vocab
from .nlp import TokenView
from .numbers import is_number_word, is_year, parse_number, words_to_int
from .textnorm import fold, word_key
from .tokens import _TOKEN

RANGE_MARKS = frozenset({"-", "–", "—", "đến", "tới", "÷"})  # with their marks: "đèn" is no range

Unit = tuple[tuple[str, ...], str, float]


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # the (first) number token
    unit_start: int  # the token after the number(s): the multiplier or unit, if any
    word_start: int  # the first unit word, after the multipliers ("12 nghìn cây": "cây")
    end: int  # the token after the quantity
    value: float
    factor: float  # multiplier times unit factor: value * factor is in the base unit
    base: str | None  # base unit ("%", "VND", "persons"...), None for a bare number
    periods: tuple[str, ...]  # folded period words after "/" ("nguoi", "nam")
    unit_text: str | None  # unit as written ("triệu đồng/năm")
    plan: float | None = None  # Y of "X/Y": the planned figure
    upper: float | None = None  # the upper end of a range ("8,5 - 9%/năm": 9)
    words: bool = False  # written in words ("mười một")
    share: float | None = None  # "…, bằng 107% kế hoạch" after the amount: the share of plan met


def token_keys(phrase: str) -> tuple[str, ...]:
    """A phrase as the folded keys of its tokens, punctuation kept ("m2" is "m", "2")."""
    return tuple(fold(t.lower()) for t in _TOKEN.findall(phrase))


@cache
def period_names() -> dict[str, str]:
    """Period words after "/" (folded) -> their name in a normalised unit ("năm" -> "year")."""
    return {fold(k): p for k, p in vocab.load("units.json")["periods"].items() if "/" not in k}


@cache
def _units() -> tuple[dict[str, float], dict[str, list[Unit]], frozenset[str]]:
    """The multipliers, the units by their first folded word (longest first), and the
    multipliers that make a bare number a sum of money."""
    data = vocab.load("units.json")
    mult = {fold(k): float(v) for k, v in data["multipliers"].items() if " " not in k}
    units = [(token_keys(w), u["base"], float(u["factor"])) for u in data["units"] for w in u["words"]]
    units.sort(key=lambda x: -len(x[0]))
    by_first: dict[str, list[Unit]] = {}
    for unit in units:
        by_first.setdefault(unit[0][0], []).append(unit)
    return mult, by_first, frozenset(fold(w) for w in data.get("money_multipliers", ()))


def match_words(v: TokenView, i: int, words: tuple[str, ...]) -> int | None:
    """The token after `words` (folded) written from token i on, blanks between; else None."""
    j = i
    for w in words:
        j = v.skip_blank(j)
        if j >= len(v) or v.norm[j] != w:
            return None
        j += 1
    return j


def _number(v: TokenView, i: int) -> tuple[float, int, bool] | None:
    """(value, token after it, written in words) of a number at token i."""
    text = v.text[i]
    if text[:1].isdigit():
        value = parse_number(text)
        return None if value is None else (value, i + 1, False)
    if not (v.is_alpha[i] and is_number_word(text)):
        return None
    words, j = [], i
    while j < len(v) and (v.blank[j] or (v.is_alpha[j] and is_number_word(v.text[j]))):
        if not v.blank[j]:
            words.append(v.text[j])
        j += 1
    while j > i and v.blank[j - 1]:
        j -= 1
    n = words_to_int(words)
    return None if n is None else (float(n), j, True)


def _after_number(v: TokenView, j: int) -> tuple[int, float | None, float | None, bool]:
    """After a number ending before token j: the end of "/Y" (a plan) or "- Y" (a range), the
    plan, the range's upper end, and whether the number is part of a date ("21/12/2023")."""
    n = len(v)
    k = v.skip_blank(j)
    if k < n and v.text[k] == "/":
        y = v.skip_blank(k + 1)
        if y < n and v.text[y][:1].isdigit() and parse_number(v.text[y]) is not None:
            after = v.skip_blank(y + 1)
            if after < n and v.text[after] in ("/", "-", "."):
                return j, None, None, True  # 21/12/2023, 15/12-...
            return y + 1, parse_number(v.text[y]), None, False
    if k < n and word_key(v.text[k]) in RANGE_MARKS:
        y = v.skip_blank(k + 1)
        if (
            y < n
            and v.text[y][:1].isdigit()
            and not is_year(v.text[y])
            and parse_number(v.text[y]) is not None
        ):
            return y + 1, None, parse_number(v.text[y]), False
    return j, None, None, False


def _range_after_unit(v: TokenView, j: int, base: str) -> tuple[int, float | None]:
    """ "từ 92% đến 94%": the end of a range written with its unit twice, and its upper end;
    (j, None) if none follows the unit ending before token j."""
    k = v.skip_blank(j)
    if k >= len(v) or word_key(v.text[k]) not in RANGE_MARKS:
        return j, None
    y = v.skip_blank(k + 1)
    if y >= len(v) or not v.text[y][:1].isdigit() or is_year(v.text[y]):
        return j, None
    upper = parse_number(v.text[y])
    _, end, _, other, _ = _unit_at(v, v.skip_blank(y + 1))
    return (end, upper) if upper is not None and other == base else (j, None)


def quantity_at(v: TokenView, i: int) -> Quantity | None:
    """The quantity whose number is token i, or None (no number, a date, a word number with no
    unit: "một số", "năm" are not counts)."""
    read = v.quantities
    if i not in read:
        read[i] = _read_quantity(v, i)
    return read[i]


def _read_quantity(v: TokenView, i: int) -> Quantity | None:
    num = _number(v, i)
    if num is None:
        return None
    value, j, in_words = num
    if not in_words and is_year(v.text[i]):
        return None
    j, plan, upper, is_date = _after_number(v, j)
    if is_date:
        return None
    unit_start = j = v.skip_blank(j)
    word_start, j, factor, base, periods = _unit_at(v, j)
    if in_words and base is None:
        return None
    unit_text = _unit_text(v, unit_start, j)
    if upper is None and base is not None:
        j, upper = _range_after_unit(v, j, base)
    if j == unit_start:  # nothing after the number: the quantity ends with it
        j = unit_start = word_start = _last_solid(v, unit_start)
    return Quantity(
        i,
        unit_start,
        word_start,
        j,
        value,
        factor,
        base,
        periods,
        unit_text,
        plan,
        upper,
        in_words,
    )


def _unit_at(v: TokenView, j: int) -> tuple[int, int, float, str | None, tuple[str, ...]]:
    """(first unit word, end, factor, base unit, periods) of the multipliers, unit and "/periods"
    written from token j; end is j when there are none."""
    mult, by_first, money = _units()
    n = len(v)
    start = j
    factor, base, last_mult = 1.0, None, ""
    while j < n and v.norm[j] in mult:  # "1,5 nghìn tỷ": multipliers multiply
        factor *= mult[v.norm[j]]
        last_mult = v.norm[j]
        j = v.skip_blank(j + 1)
    word_start = j
    for words, b, f in by_first.get(v.norm[j], ()) if j < n else ():
        end = match_words(v, j, words)
        if end is not None:
            base, factor, j = b, factor * f, end
            break
    if base is None and last_mult in money:
        base = "VND"  # "3,48 tỷ": money, the commonest thing counted in millions and billions
        j = _last_solid(v, j)
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
    return word_start, (j if j > start else start), factor, base, tuple(periods)


def _unit_text(v: TokenView, start: int, end: int) -> str | None:
    return re.sub(r"\s*/\s*", "/", v.span_text(start, end)).strip() or None if end > start else None


def unit_label(v: TokenView, start: int, end: int, q: Quantity) -> Quantity:
    """q with the unit written as a label between an indicator and its bare number, a table's
    unit cell or a bracket ("Thu ngân sách (tỷ đồng): 12,5", "... | Triệu đồng | 70")."""
    if q.base is not None:
        return q
    mult, by_first, _ = _units()
    for j in range(start, end):
        if v.norm[j] not in mult and v.norm[j] not in by_first:
            continue
        _, u_end, factor, base, periods = _unit_at(v, j)
        after = v.skip_blank(u_end)
        if base is not None and after < len(v) and v.text[after] in (")", "|", ":"):
            unit = _unit_text(v, j, u_end)
            return replace(q, factor=factor, base=base, periods=periods, unit_text=unit)
    return q


def _last_solid(v: TokenView, j: int) -> int:
    """j moved back over the blanks before it."""
    return v.prev_solid(j) + 1
