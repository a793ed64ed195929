"""The rules of indicators.json, folded once: how a number beside an indicator is read.

Each indicator accepts values in its own base unit (and any listed in `units`); a value in another
unit may belong to a related indicator (`by_unit`), and the words before the number can turn a
rate into its change (`change`: "tỷ lệ hộ nghèo giảm 1,5%") or a reduction into the level it
reaches (`level`: "giảm tỷ lệ hộ nghèo xuống còn 3%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import vocab
from .nlp import TokenView
from .quantities import Quantity, match_words, token_keys
from .textnorm import fold, key, word_key

SCOPE_STOPS = frozenset({";", ".", "!", "?", "\n"})  # a value is looked for up to one of these
OTHER = "other"  # the code of an indicator the vocabulary lacks
Hit = tuple[str, int, int, Quantity]  # (indicator, label start, label end, value)
# Phrases as folded keys by their first word, longest first: a lookup, then few comparisons.
Phrases = dict[str, tuple[tuple[str, ...], ...]]
Frame = tuple[str, tuple[str, ...], tuple[str, ...]]  # (indicator, head words, tail words)


def key_at(v: TokenView, i: int) -> str:
    """Token i as a key with its marks (lower case, one tone style): "từ" is not "tư"."""
    return word_key(v.text[i])


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    unit_normalized: str
    accepts: frozenset[str]  # base units a value may have
    per_ha: bool  # a yield: the value must be "per ha" ("tấn/ha", "tạ/ha")
    bare: bool  # a number with no unit is a count of this indicator
    by_unit: dict[str, str]
    change: str | None
    level: str | None
    plans: frozenset[float] = frozenset()  # the only "X/Y" totals it has (19 new-rural criteria)
    share_alone: bool = True  # a share of plan with no amount written is its value ("đạt 107% kế hoạch")
    whole_only: bool = False  # the whole economy's: a phrase naming one sector makes it other


@dataclass(frozen=True)
class Rules:
    plan: re.Pattern[str]  # plan words, on folded text
    example: re.Pattern[str]  # "tiêu biểu như …": an anecdote, on folded text
    sectors: re.Pattern[str]  # "nông nghiệp", "dịch vụ": one sector of the economy, on folded text
    votes: re.Pattern[str]  # "cử tri", "phiếu": a sentence of votes and turnouts, on folded text
    damage: Phrases  # "bị sạt lở": a loss from a disaster, on keys with their marks ("bí đỏ" is no "bị đổ")
    repair: Phrases  # "sửa chữa": a loss being made good, which is a result again
    share_of_plan: re.Pattern[str]  # "đạt 112,5% chỉ tiêu", "vượt kế hoạch": a result, not a plan
    # The function words below are keys with their marks (textnorm.key): folded, "từ" would be
    # "đầu tư" and "còn" the unit "con".
    before: dict[str, str]  # comparator words before the number -> comparator
    after: dict[str, str]  # after it
    after_phrases: Phrases  # "80% [trở lên] chi hội đạt vững mạnh": between a value and what it counts
    plan_refs: Phrases  # "đạt 107% kế hoạch": a percent of plan, not a value
    level: frozenset[str]
    change: frozenset[str]
    start: frozenset[str]  # "từ" 18,6% ... "xuống còn" 7,2%: a starting point
    to: frozenset[str]
    threshold: Phrases
    durations: frozenset[str]  # "6 tháng", "5 năm": a length of time, not a value
    comparisons: Phrases  # "so với năm 2018": a base of comparison, not the figure's year
    dates: frozenset[str]  # "ngày 15/12": a date
    subjects: Phrases  # "100% [hộ dân] sử dụng nước sạch"
    linking: frozenset[str]  # "100% thôn [đạt] danh hiệu thôn văn hóa"
    fillers: frozenset[str]
    label_trim: frozenset[str]  # cut from the end of an `other` target's label ("đạt", "ước", "còn")
    share: frozenset[str]  # "…, đạt 66,67%", "…, chiếm 1,26%": a count's share, after a comma
    continuation: frozenset[str]  # "…; năm 2023 ước còn 27,9%": words a carried-on rate may have
    demonstratives: frozenset[str]  # "tỷ lệ này": the rate named before
    rate_leads: frozenset[str]  # "hiện 100% xóm …": words a rate the vocabulary lacks may follow
    population: re.Pattern[str]  # "100% là đồng bào Mông": a share of the population, on folded text
    frames: dict[str, list[Frame]]  # by the last word of their head


def _marked_keys(words: list[str]) -> Phrases:
    """Phrases as word keys with their marks, by first word, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for w in words:
        keys = tuple(word_key(x) for x in w.split())
        by_first.setdefault(keys[0], []).append(keys)
    return {k: tuple(sorted(p, key=len, reverse=True)) for k, p in by_first.items()}


def _keys(words: list[str]) -> Phrases:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for w in words:
        keys = token_keys(w)
        by_first.setdefault(keys[0], []).append(keys)
    return {k: tuple(sorted(p, key=len, reverse=True)) for k, p in by_first.items()}


def _any_word(words: list[str]) -> re.Pattern[str]:
    """Any of ``words`` as whole words of folded text."""
    return re.compile("|".join(rf"\b{re.escape(fold(w))}\b" for w in words))


@cache
def rules() -> Rules:
    data = vocab.load("indicators.json")
    r = data["rules"]
    plan = "|".join(re.escape(fold(w)) for w in sorted(r["plan_words"], key=len, reverse=True))
    refs = "|".join(re.escape(fold(w)) for w in sorted(r["plan_references"], key=len, reverse=True))
    frames: dict[str, list[Frame]] = {}
    for ind in data["indicators"]:
        for frame in ind.get("frames", ()):
            head, tail = (token_keys(part) for part in frame.split("#"))
            frames.setdefault(head[-1], []).append((ind["code"], head, tail))
    return Rules(
        plan=re.compile(rf"\b(?:{plan})\b"),
        example=_any_word(r["example_words"]),
        votes=_any_word(r["vote_words"]),
        sectors=_any_word(r["sector_words"]),
        damage=_marked_keys(r["damage_words"]),
        repair=_marked_keys(r["repair_words"]),
        share_of_plan=re.compile(rf"(?:[%\d]|\bvuot|\bdat|\bbang) (?:{refs})\b"),
        before={key(k): c for k, c in r["comparators_before"].items()},
        after={key(k): c for k, c in r["comparators_after"].items()},
        after_phrases=_keys(list(r["comparators_after"])),
        plan_refs=_keys(r["plan_references"]),
        level=frozenset(key(w) for w in r["level_words"]),
        change=frozenset(key(w) for w in r["change_words"]),
        start=frozenset(key(w) for w in r["from_words"]),
        to=frozenset(key(w) for w in r["to_words"]),
        threshold=_keys(r["threshold_words"]),
        durations=frozenset(key(w) for w in r["duration_words"]),
        comparisons=_keys(r["comparison_words"]),
        dates=frozenset(key(w) for w in r["date_words"]),
        subjects=_keys(r["subjects"]),
        linking=frozenset(key(w) for w in r["linking_words"]),
        fillers=frozenset(w for phrase in r["fillers"] for w in token_keys(phrase)),
        share=frozenset(key(w) for w in r["share_words"]),
        continuation=frozenset(key(w) for phrase in r["continuation_words"] for w in phrase.split()),
        population=_any_word(r["population_words"]),
        demonstratives=frozenset(key(w) for w in r["demonstratives"]),
        rate_leads=frozenset(key(w) for phrase in r["rate_leads"] for w in phrase.split()[-1:]),
        label_trim=frozenset(
            key(w)
            for phrase in (*r["label_trim_words"], *r["comparators_before"], *r["change_words"])
            for w in phrase.split()
        ),
        frames=frames,
    )


@cache
def indicator_rules() -> dict[str, IndicatorRule]:
    out = {}
    for ind in vocab.load("indicators.json")["indicators"]:
        unit = ind["unit_normalized"]
        parts = unit.split("/")
        out[ind["code"]] = IndicatorRule(
            code=ind["code"],
            unit_normalized=unit,
            accepts=frozenset([parts[0], *ind.get("units", ())]),
            per_ha=parts[1:2] == ["ha"],
            bare=bool(ind.get("bare")),
            by_unit=dict(ind.get("by_unit", {})),
            change=ind.get("change"),
            level=ind.get("level"),
            plans=frozenset(float(p) for p in ind.get("plans", ())),
            share_alone=ind.get("share_alone", True),
            whole_only=ind.get("whole_only", False),
        )
    # A rate the vocabulary lacks (target_other.py): its unit is its own.
    out[OTHER] = IndicatorRule(OTHER, "", frozenset(), False, False, {}, None, None)
    return out


def starts_with(v: TokenView, i: int, phrases: Phrases) -> int | None:
    """The token after the longest of `phrases` written at token i (blanks skipped), or None."""
    i = v.skip_blank(i)
    if i >= len(v):
        return None
    for words in phrases.get(v.norm[i], ()):
        end = match_words(v, i, words)
        if end is not None:
            return end
    return None


def resolve(code: str, q: Quantity, between: list[str]) -> str | None:
    """The indicator a value belongs to, from the phrase's indicator, the value's unit and the
    words between them; None when the unit does not fit (a sum of money beside a rate)."""
    ind = indicator_rules()
    r = rules()
    rule = ind[code]
    if rule.level and any(w in r.level for w in between):
        code = rule.level
    elif rule.change and any(w in r.change for w in between) and not any(w in r.level for w in between):
        code = rule.change
    rule = ind[code]
    if q.base is not None and q.base in rule.by_unit:
        code = rule.by_unit[q.base]
        rule = ind[code]
    if rule.plans and q.plan is not None and q.plan not in rule.plans:
        return None  # "đạt 10/10 tiêu chí" of health: not the 19 new-rural criteria
    if q.base is None:
        return code if rule.bare else None
    if q.base not in rule.accepts:
        return None
    if rule.per_ha and q.base == rule.unit_normalized.split("/")[0] and "ha" not in q.periods:
        return None
    return code
