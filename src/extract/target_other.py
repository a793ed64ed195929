"""Rates the indicator vocabulary lacks, as `other` targets ("tỷ lệ hồ sơ nộp trực tuyến đạt
68,5%", "100% thôn có nhân viên y tế", "huấn luyện dân quân đạt 100%").

Only a percentage that no vocabulary rule has read, and only where words name what it measures:
"tỷ lệ" and the words after it, the words after a rate that heads its clause, or the clause
before "đạt". Left out: a rate in the scope of a vocabulary phrase (the vocabulary's rules
judged it), a change ("tăng 12% so với"), a share of plan ("đạt 107% kế hoạch"), a vote or a
turnout (vote_words); targets.py drops losses and examples as for every target.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from itertools import compress

from .nlp import TokenView
from .numbers import is_year
from .quantities import Quantity, quantity_at
from .target_rules import OTHER, SCOPE_STOPS, Hit, indicator_rules, key_at, resolve, rules, starts_with

_LABEL_TOKENS = 24  # tokens (words, spaces, marks) a label may span
_CLAUSE = frozenset((",", ";", ":", "(", ")", "|"))
_BULLETS = frozenset(("-", "+", "•", "–"))
_AMOUNT_REACH = 14  # tokens between an amount and the comma before its share of plan
_BEFORE_RATE = frozenset(("trên", "hơn", "gần", "khoảng", "xấp", "xỉ"))  # "đạt trên 80%"


def other_hits(
    v: TokenView, taken: set[int], spans: list[tuple[str, int, int]], read: list[Hit]
) -> list[Hit]:
    """`other` hits for the percentages of v outside ``taken`` (tokens of values already read)
    and outside the scope of the vocabulary's phrases (``spans``); "tỷ lệ này" (this rate) is
    the rate of the last of the hits ``read`` before it."""
    # A rate "tỷ lệ …" names is judged by the phrases whose indicator is a rate ("tỷ lệ giải ngân
    # đạt 28,4%" is no amount of capital); any other by every phrase of the vocabulary.
    rate_starts, all_starts = _starts(spans, "%"), _starts(spans, None)
    r = rules()
    hits: list[Hit] = []
    votes: dict[int, bool] = {}  # by sentence start
    for j in compress(range(len(v)), v.is_punct):
        if v.text[j] != "%":
            continue  # most marks: the common case, told at once
        i = v.prev_solid(j)
        if i < 0 or not v.like_num[i] or i in taken or v.like_num[v.prev_solid(i)]:
            continue  # no number, one read already, or the end of a number ("1 234,5 %")
        q = quantity_at(v, i)
        if q is None or q.base != "%" or any(k in taken for k in range(q.start, q.end)):
            continue
        after = v.skip_blank(q.end)
        if starts_with(v, after, r.plan_refs) is not None:  # "đạt 107% kế hoạch": a share of plan
            planned = _amount_before(v, q, taken, spans)
            if planned is not None:  # "tiếp nhận 141 đơn vị máu, đạt 117,5% chỉ tiêu"
                hits.append(planned)
                taken.update(range(planned[3].start, planned[3].end))
            continue
        if after < len(v) and key_at(v, after) == "so":
            changed = _changed_label(v, q)  # "số vụ phạm tội giảm 12% so với năm 2021"
            if changed is not None and not _in_phrase_scope(v, q, all_starts):
                hits.append((OTHER, changed[0], changed[1], q))
                taken.update(range(q.start, q.end))
            continue  # "tăng 12% so với năm 2022" after a value read: that value's change, or none
        named = _rate_words(v, q)
        if _in_phrase_scope(v, q, rate_starts if named else all_starts) or _a_vote(v, q.start, votes):
            continue
        share_of = _share_of(v, q, spans)
        if share_of is not None:  # "14 chi bộ đạt trong sạch vững mạnh, đạt 66,67%"
            hits.append(share_of)
            taken.update(range(q.start, q.end))
            continue
        label = named or _counted_after(v, q) or _clause_before(v, q, taken)
        if label is not None and _this_rate(v, label):
            earlier = max(
                (h for h in read if h[3].base == "%" and h[3].end <= q.start), key=_end, default=None
            )
            found = resolve(earlier[0], q, []) if earlier is not None else None
            if found is not None:
                hits.append((found, label[0], label[1], q))
                taken.update(range(q.start, q.end))
            continue
        if label is not None and r.population.search(" ".join(v.norm[label[0] : label[1]])) is None:
            hits.append((OTHER, label[0], label[1], q))
            taken.update(range(q.start, q.end))
    return hits


def _amount_before(
    v: TokenView, share: Quantity, taken: set[int], spans: list[tuple[str, int, int]]
) -> Hit | None:
    """The amount a share of plan is written after, the vocabulary lacking its indicator:
    "xã đã cấp 63 giấy chứng nhận …, đạt 42% kế hoạch", "… được 312,5 triệu đồng, đạt 125% chỉ
    tiêu". The last figure (not a year) of the clause before the comma, a few words before it."""
    k = v.prev_solid(share.start)
    comma = v.prev_solid(k)
    if k < 0 or key_at(v, k) not in rules().share or comma < 0 or v.text[comma] != ",":
        return None
    lo = _clause_start(v, comma, v.sent_bounds(share.start)[0])
    for i in range(comma - 1, max(lo, comma - _AMOUNT_REACH) - 1, -1):
        if i in taken:
            return None
        if (
            not (v.like_num[i] and v.text[i][0].isdigit())
            or is_year(v.text[i])
            or v.like_num[v.prev_solid(i)]
        ):
            continue
        amount = quantity_at(v, i)
        if amount is None or amount.base == "%" or _in_phrase_scope(v, amount, _starts(spans, amount.base)):
            return None
        words = label_words(v, lo, amount.start) or label_words(v, amount.end, comma) or (i, amount.end)
        return (OTHER, words[0], words[1], replace(amount, share=share.value))
    return None


def _this_rate(v: TokenView, label: tuple[int, int]) -> bool:
    """ "tỷ lệ này", "tỷ lệ trên": the rate named before, not a new one."""
    words = [key_at(v, k) for k in range(*label) if v.content[k]]
    this = rules().demonstratives
    return len(words) > 2 and words[:2] == ["tỷ", "lệ"] and all(w in this for w in words[2:])


def _end(hit: Hit) -> int:
    return hit[3].end


def _starts(spans: list[tuple[str, int, int]], base: str | None) -> list[int]:
    """Where the phrases start whose indicator a value in ``base`` units may belong to ("tỷ lệ
    giải ngân đạt 28,4%" is no amount of capital, though "giải ngân" names it)."""
    ind = indicator_rules()
    return sorted(
        s for code, s, _ in spans if base is None or base in ind[code].accepts or base in ind[code].by_unit
    )


def _in_phrase_scope(v: TokenView, q: Quantity, starts: list[int]) -> bool:
    """A vocabulary phrase in the clause before the rate, or after it up to the scope's end
    ("100% hộ nghèo, cận nghèo được cấp thẻ BHYT")."""
    lo, hi = v.sent_bounds(q.start)
    k = bisect_left(starts, q.start) - 1
    if k >= 0 and starts[k] >= lo and not any(v.text[j] in _CLAUSE for j in range(starts[k], q.start)):
        return True
    k += 1
    if k < len(starts) and starts[k] < hi:
        return not any(v.text[j] in SCOPE_STOPS for j in range(q.end, starts[k]))
    return False


def _share_of(v: TokenView, q: Quantity, spans: list[tuple[str, int, int]]) -> Hit | None:
    """The rate after a count as the share it is of the vocabulary's indicator named with the
    count, in the clause before: "14 chi bộ đạt trong sạch vững mạnh, đạt 66,67%"."""
    k = v.prev_solid(q.start)
    while k >= 0 and key_at(v, k) in _BEFORE_RATE:
        k = v.prev_solid(k)
    comma = v.prev_solid(k)
    if k < 0 or key_at(v, k) not in rules().share or comma < 0 or v.text[comma] != ",":
        return None
    lo = _clause_start(v, comma, v.sent_bounds(q.start)[0])
    named = [(code, s, e) for code, s, e in spans if lo <= s and e <= comma]
    if not named:
        return None
    code, s, e = named[-1]
    found = resolve(code, q, [])
    return (found, s, e, q) if found is not None else None


def _a_vote(v: TokenView, i: int, seen: dict[int, bool]) -> bool:
    """Does the sentence of token i tell votes or a turnout? (``seen``: answers by sentence)"""
    lo, hi = v.sent_bounds(i)
    if lo not in seen:
        seen[lo] = rules().votes.search(" ".join(v.norm[lo:hi])) is not None
    return seen[lo]


def label_words(v: TokenView, s: int, e: int) -> tuple[int, int] | None:
    """s..e without marks at either end and without the verbs and comparators at its end."""
    trim = rules().label_trim
    while e > s and (not v.content[e - 1] or key_at(v, e - 1) in trim):
        e -= 1
    while s < e and not v.content[s]:
        s += 1
    return (s, e) if e > s else None


def _rate_words(v: TokenView, q: Quantity) -> tuple[int, int] | None:
    """ "tỷ lệ <what> đạt 68,5%": "tỷ lệ" in the clause before the rate, with words after it."""
    lo = max(v.sent_bounds(q.start)[0], q.start - _LABEL_TOKENS)
    for k in range(q.start - 1, lo, -1):
        t = v.text[k]
        if t in SCOPE_STOPS or t in _CLAUSE or t == "%":
            return None
        if v.norm[k] == "le" and v.norm[v.prev_solid(k)] == "ty":
            words = label_words(v, k + 1, q.start)
            return (v.prev_solid(k), words[1]) if words is not None else None
    return None


def _counted_after(v: TokenView, q: Quantity) -> tuple[int, int] | None:
    """ "100% thôn có nhân viên y tế": a rate heading its clause, then what it counts."""
    before = v.prev_solid(q.start)
    while before >= 0 and key_at(v, before) in _BEFORE_RATE:
        before = v.prev_solid(before)  # "ít nhất 30% …"
    heads = before < v.sent_bounds(q.start)[0] or v.text[before] in _CLAUSE | _BULLETS
    if not heads and key_at(v, before) not in rules().rate_leads:  # "hiện 100% xóm …", "phấn đấu 100% …"
        return None
    k = v.skip_blank(q.end)
    if k >= len(v) or not v.is_alpha[k]:
        return None
    e = k
    while e < min(len(v), k + _LABEL_TOKENS):
        if v.text[e] in SCOPE_STOPS or v.text[e] in _CLAUSE or v.text[e] == "%":
            break
        e += 1
    if e < len(v) and v.text[e] == "%":  # "100% thôn 95% hộ …": the next rate's number goes
        e = v.prev_solid(e)
    return label_words(v, k, e)


def _clause_before(v: TokenView, q: Quantity, taken: set[int]) -> tuple[int, int] | None:
    """ "huấn luyện dân quân đạt 100%": the clause before "đạt" (or before its comma, unless a
    value read there is what the rate measures: "giao quân 18/18 chỉ tiêu, đạt 100%")."""
    k = v.prev_solid(q.start)
    while k >= 0 and key_at(v, k) in _BEFORE_RATE:
        k = v.prev_solid(k)
    if k < 0 or key_at(v, k) != "đạt":
        return None
    lo = max(v.sent_bounds(q.start)[0], k - _LABEL_TOKENS)
    s = _clause_start(v, k, lo)
    if v.prev_solid(k) == s - 1 and s - 1 > lo and v.text[s - 1] == ",":
        # "điều tra làm rõ 06/07 vụ, đạt 85,7%": the clause before the comma says what
        k = s - 1
        s = _clause_start(v, k, lo)
        if any(j in taken for j in range(s, k)):
            return None
    return label_words(v, s, k)


def _changed_label(v: TokenView, q: Quantity) -> tuple[int, int] | None:
    """ "số vụ phạm tội giảm 12% so với năm 2021": the words before a change verb in the rate's
    clause, when they name something (two words at least) and no value is written among them."""
    k = v.prev_solid(q.start)
    while k >= 0 and key_at(v, k) in _BEFORE_RATE:
        k = v.prev_solid(k)
    if k < 0 or key_at(v, k) not in rules().change:
        return None
    s = _clause_start(v, k, max(v.sent_bounds(q.start)[0], k - _LABEL_TOKENS))
    if any(v.like_num[j] for j in range(s, k)):
        return None
    label = label_words(v, s, k)
    if label is None or sum(1 for j in range(*label) if v.content[j]) < 2:
        return None
    return label


def _clause_start(v: TokenView, k: int, lo: int) -> int:
    """The first token of the clause token k ends, not before lo."""
    s = k
    while s > lo and v.text[s - 1] not in SCOPE_STOPS and v.text[s - 1] not in _CLAUSE:
        s -= 1
    return s
