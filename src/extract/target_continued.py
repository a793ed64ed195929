"""Rates that carry on an indicator in the clauses after its value, with no phrase of their own:
"tỷ lệ hộ nghèo hiện còn 32,4%, phấn đấu đến cuối năm 2022 giảm còn 28,5%" (a plan for the same
rate), "suy dinh dưỡng thể nhẹ cân còn 14,2%, thể thấp còi còn 21,6%", "…; năm 2023 ước còn
27,9%, bình quân mỗi năm giảm 9,45%" (its reduction, target_rules.resolve).

A clause carries the rate on when it names no indicator of the vocabulary, its first number (not
a year) is a percentage with a level, change or comparator word right before it, and besides
words of time, plan and estimate (continuation_words) it has at most three words of its own
after a comma, none after a semicolon; the first clause that does not ends the run.
"""

from __future__ import annotations

from bisect import bisect_right

from .nlp import TokenView
from .numbers import is_year
from .quantities import quantity_at
from .target_other import label_words
from .target_rules import SCOPE_STOPS, Hit, key_at, resolve, rules

_CLAUSES = 3  # clauses after a value that may carry its indicator on
_MARKS = frozenset((",", ";"))
_OF_WHICH = ["trong", "đó"]
_FREE_AFTER_COMMA = 3  # words of its own a carried-on rate may have after a comma ("thể thấp còi")


def _figure(v: TokenView, j: int) -> bool:
    """A number in digits that is not a year ("năm" is a number word too)."""
    return v.like_num[j] and v.text[j][0].isdigit() and not is_year(v.text[j])


def continued_hits(
    v: TokenView, hits: list[Hit], spans: list[tuple[str, int, int]], taken: set[int]
) -> list[Hit]:
    """Hits for the rates that carry on the indicators of ``hits`` (``taken``: the tokens of the
    values read already, updated)."""
    starts = sorted(s for _, s, _ in spans)
    r = rules()
    lead_words = r.level | r.change | frozenset(r.before)
    out: list[Hit] = []
    for code, _, _, q in hits:
        if q.base != "%":
            continue
        k, sent_end = q.end, v.sent_bounds(q.start)[1]
        for _ in range(_CLAUSES):
            mark = next((j for j in range(k, sent_end) if v.text[j] in _MARKS | SCOPE_STOPS), None)
            if mark is None or v.text[mark] not in _MARKS:
                break
            end = next((j for j in range(mark + 1, sent_end) if v.text[j] in _MARKS), sent_end)
            number = next((j for j in range(mark + 1, end) if _figure(v, j)), None)
            phrase = bisect_right(starts, mark)
            if number is None or number in taken or (phrase < len(starts) and starts[phrase] < end):
                break
            found = quantity_at(v, number)
            before = v.prev_solid(number)
            if found is None or found.base != "%" or key_at(v, before) not in lead_words:
                break
            words = [key_at(v, j) for j in range(mark + 1, number) if v.content[j] and not v.like_num[j]]
            if words[:2] == _OF_WHICH:
                break  # "…, trong đó trên chuẩn đạt 64,3%": a part of the subjects, another rate
            free = [w for w in words if w not in lead_words and w not in r.continuation]
            if len(free) > (_FREE_AFTER_COMMA if v.text[mark] == "," else 0):
                break  # "…; mức độ hài lòng của người dân đạt trên 95%": another indicator
            resolved = resolve(code, found, words)
            after = v.skip_blank(found.end)
            if resolved is None or (after < len(v) and key_at(v, after) == "so"):
                break  # no rate of it, or a change against a base ("tăng 2,7% so với cùng kỳ")
            if key_at(v, before) in r.change and resolved == code:
                break  # a change of a rate that has no change indicator
            label = label_words(v, mark + 1, number) or (number, number)
            out.append((resolved, label[0], label[1], found))
            taken.update(range(found.start, found.end))
            k = found.end
    return out
