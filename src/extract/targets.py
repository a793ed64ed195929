"""Targets: quantified indicators ("Thu nhập bình quân đầu người năm 2024 đạt 70 triệu đồng/năm").

An indicator phrase (indicators.json) takes its value from one of three places:
- a number written just before it, its unit or a subject noun between ("94,6% đảng viên hoàn
  thành tốt nhiệm vụ", "02 trường đạt chuẩn quốc gia", "100% hộ dân sử dụng nước sạch");
- else the first fitting quantity after it, up to the next indicator, ";" or the end of the
  sentence ("Thu ngân sách 6 tháng đạt 5,36 tỷ đồng": "6 tháng" is a length of time); a
  reduction may carry the level it reaches too ("giảm 3,86%, còn 14,27%");
- or a frame around the number ("giảm 326 hộ nghèo").
The value's unit must fit the indicator (a sum of money beside a rate is not its value), and
a value may turn the phrase into a related indicator (target_rules.resolve). A percent of
plan ("đạt 107% kế hoạch") is the value only when no amount is written; a date, a length of
time, a starting point ("từ 18,6% xuống còn 7,2%") or a threshold is never one. The record's
comparator, year and kind are read in target_records.py; a rate no phrase of the vocabulary
reads, named by the words around it, is an `other` target (target_other.py), and so is a count
after a verb of work (target_counts.py).
Reads the token view of the shared pipeline (tokens.py, nlp.py): plain lists, no Token or Span objects.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import compress

from spacy.tokens import Doc

from .nlp import TokenView, doc_view
from .quantities import RANGE_MARKS, Quantity, match_words, quantity_at, unit_label
from .records import Target
from .target_continued import continued_hits
from .target_counts import count_hits
from .target_crops import crop_area_hits, crop_of
from .target_other import other_hits
from .target_records import Describer
from .target_rules import OTHER, SCOPE_STOPS, Frame, Hit, indicator_rules, key_at, resolve, rules, starts_with
from .textnorm import word_key

_MAX_GAP = 14  # tokens between an indicator phrase and its number
_SUBJECTS = 4  # subjects listed between a rate and its phrase ("thôn, bon, tổ dân phố")
_LEAD_GAP = 8  # tokens before an indicator phrase where a number written first may start


def _indicator_spans(v: TokenView) -> list[tuple[str, int, int]]:
    """The indicator phrases, longest first where they overlap ("tỷ lệ hộ nghèo giảm" over
    "tỷ lệ hộ nghèo")."""
    found = [(lbl[4:], s, e) for lbl, s, e in v.matches if lbl.startswith("IND_")]
    found.sort(key=lambda x: (x[1], -(x[2] - x[1])))
    kept: list[tuple[str, int, int]] = []
    for code, s, e in found:
        if kept and s < kept[-1][2]:
            continue
        kept.append((code, s, e))
    return kept


def _attached(v: TokenView, q: Quantity, s: int) -> bool:
    """Whether an indicator phrase at token s follows quantity q: right after it, starting with
    its unit ("02 trường đạt chuẩn"), or after a subject noun ("100% hộ dân sử dụng...")."""
    r = rules()
    after = v.skip_blank(q.end)
    past = starts_with(v, after, r.after_phrases)
    if past is not None:
        after = v.skip_blank(past)
    if s in (q.unit_start, q.word_start, after):
        return True
    for at in (q.word_start, after):
        end = starts_with(v, at, r.subjects)
        for _ in range(_SUBJECTS):  # "100% thôn, bon, tổ dân phố đạt danh hiệu văn hóa": a list of them
            if end is None:
                break
            end = v.skip_blank(end)
            if end == s or (key_at(v, end) in r.linking and v.skip_blank(end + 1) == s):
                return True
            if end >= len(v) or v.text[end] not in (",", "và"):
                break
            nxt = v.skip_blank(end + 1)
            if nxt == s:
                return True  # the phrase itself opens with a subject ("bản đạt danh hiệu văn hóa")
            end = starts_with(v, nxt, r.subjects)
    return False


def _lead(v: TokenView, code: str, s: int, e: int) -> Hit | None:
    """The value written just before the indicator phrase s..e, if it fits."""
    closing = _ends_clause(v, e)
    lo = max(v.sent_bounds(s)[0], s - (_LONG_GAP if closing else _LEAD_GAP))
    like_num = v.like_num  # true for digits and number words alike
    if not any(like_num[lo:s]):
        return None  # most phrases have no number before them
    for i in range(s - 1, lo - 1, -1):
        if not like_num[i] or (v.is_alpha[i] and i > lo and v.is_alpha[i - 1] and like_num[i - 1]):
            continue  # not a number, or inside a number in words ("hai chục": from "hai")
        if v.text[v.prev_solid(i)] == "/" or _range_end(v, i):
            continue  # the plan of "15/19", the end of "92% đến 94%": the quantity starts before
        q = quantity_at(v, i)
        if q is not None and (_attached(v, q, s) or (closing and _rate_of_subject(v, q, s))):
            found = resolve(code, q, [])
            if found is not None:
                return (found, s, e, q)
    return None


def _ends_clause(v: TokenView, e: int) -> bool:
    """Does a clause end right after token e ("…; ", "… .", a line end, the text's end)?"""
    k = v.skip_blank(e)
    return k >= len(v) or v.text[k] in _CLAUSE_STOPS or "\n" in v.text[e - 1 if e else 0 : k + 1]


_CLAUSE_STOPS = frozenset((";", ".", "!", "?", ":"))
_LONG_GAP = 24  # tokens back from a phrase closing its clause: "100% <subject, a few words> <phrase>"
_SUBJECT_WORDS = 6  # words after the subject


def _rate_of_subject(v: TokenView, q: Quantity, s: int) -> bool:
    """A rate, its subject and a few plain words, then the phrase that closes the clause
    ("100% trường học trên địa bàn thu học phí không dùng tiền mặt")."""
    if q.base != "%":
        return False
    k = starts_with(v, v.skip_blank(q.end), rules().subjects)
    words = 0
    while k is not None and (k := v.skip_blank(k)) < s:
        if not v.is_alpha[k] or v.like_num[k] or words == _SUBJECT_WORDS:
            return False  # punctuation or a number: another clause or figure between them
        k, words = k + 1, words + 1
    return k == s


def _range_end(v: TokenView, i: int) -> bool:
    """Is the number at token i the upper end of a range read with the number before it?"""
    mark = v.prev_solid(i)
    if mark < 0 or word_key(v.text[mark]) not in RANGE_MARKS:
        return False  # "- 100% hộ dân": a list's dash
    first = next((k for k in range(mark - 1, max(mark - 4, -1), -1) if v.like_num[k]), None)
    q = quantity_at(v, first) if first is not None else None
    return q is not None and q.upper is not None and q.end > i


def _reach(hit: Hit) -> int:
    """How many tokens a hit's phrase and value cover."""
    _, s, e, q = hit
    return max(e, q.end) - min(s, q.start)


def _words(v: TokenView, start: int, end: int) -> list[str]:
    return [key_at(v, k) for k in range(start, end) if v.content[k]]


def _not_a_value(v: TokenView, q: Quantity, limit: int) -> bool:
    """A date ("ngày 15/12"), a length of time ("6 tháng") or a starting point ("từ X ... còn Y")."""
    r = rules()
    before = v.prev_solid(q.start)
    prev = key_at(v, before) if before >= 0 else ""
    after = v.skip_blank(q.end)
    nxt = key_at(v, after) if after < len(v) else ""
    if prev in r.dates or (q.base is None and nxt in r.durations):
        return True
    if prev in r.start:
        for k in range(q.end, limit):
            if v.text[k] in SCOPE_STOPS or v.text[k] == ",":
                break
            if key_at(v, k) in r.to and key_at(v, v.prev_solid(k)) != "trở":  # not "từ 10 trở lên"
                return True
    return False


def _percent_of_plan(v: TokenView, q: Quantity) -> bool:
    """ "đạt 107% kế hoạch": the share of the plan met, not the amount."""
    return q.base == "%" and starts_with(v, v.skip_blank(q.end), rules().plan_refs) is not None


def _next_number(v: TokenView, i: int, limit: int) -> int:
    """The first number token from i on, or limit when the scope stops first."""
    while i < limit:
        t = v.text[i]
        if t in SCOPE_STOPS or "\n" in t:
            return limit
        if v.like_num[i]:  # digits and number words
            return i
        i += 1
    return limit


def _fits(v: TokenView, code: str, e: int, q: Quantity, limit: int) -> tuple[str | None, Quantity]:
    """The indicator the value q after a phrase ending at e belongs to (None: not its value),
    and q with the unit of a label before it ("Thu ngân sách (tỷ đồng): 12,5")."""
    if _not_a_value(v, q, limit):
        return None, q
    q = unit_label(v, e, q.start, q)
    if q.plan is not None and q.base is None and q.start - e > 2:
        return None, q  # "17/19 chỉ tiêu" after other words: targets met, no value
    return resolve(code, q, _words(v, e, q.start)), q


def _values_after(
    v: TokenView, code: str, s: int, e: int, limit: int, claimed: set[int], scope: int
) -> list[Hit]:
    """The value after the indicator phrase s..e, within ``limit``; and the level a reduction
    reaches or the change of a level, within ``scope`` (the phrase's clauses: "… ước đạt 7,84
    tỷ đồng, bằng 87,1% dự toán, tăng 12,6% so với cùng kỳ")."""
    share: Hit | None = None  # a percent of plan: the value only when no amount is written
    amount = False
    i = _next_number(v, e, limit)
    while i < limit:
        if i in claimed:
            return []  # the number of the next indicator phrase (and the amount of a share before it)
        q = quantity_at(v, i)
        if q is None:
            i += 1
            while i < limit and v.is_alpha[i] and v.like_num[i]:
                i += 1  # the rest of a number in words
            i = _next_number(v, i, limit)
            continue
        if q.base == "%" and ":" in v.text[e:i] and starts_with(v, v.skip_blank(q.end), rules().subjects):
            return []  # "Thanh toán không dùng tiền mặt được đẩy mạnh: 100% đối tượng …": a list's own
        if _percent_of_plan(v, q):
            share = share or (None if amount else (code, s, e, replace(q, share=q.value)))
        else:
            found, q = _fits(v, code, e, q, limit)
            if found is not None:
                if _threshold(v, s, q):
                    return []
                return _with_level(v, (found, s, e, _with_share(v, q, limit, claimed)), code, scope, claimed)
            amount = amount or q.base not in (None, "%")  # "312 người, đạt 105% kế hoạch": no rate
        i = _next_number(v, max(i + 1, q.end), limit)
    if share is not None and not indicator_rules()[code].share_alone:
        share = (OTHER, *share[1:])  # "giải ngân 100% kế hoạch vốn": a rate of disbursement, no capital
    return [share] if share is not None else []


def _with_share(v: TokenView, q: Quantity, limit: int, claimed: set[int]) -> Quantity:
    """The amount q, with the share of plan written right after it ("3,48 tỷ đồng, bằng 56% kế
    hoạch"): the next number within a few tokens, if it is one."""
    i = _next_number(v, q.end, min(limit, q.end + _SHARE_GAP))
    if i >= limit or i in claimed:
        return q
    after = quantity_at(v, i)
    if after is None or not _percent_of_plan(v, after):
        return q
    return replace(q, share=after.value)


def _with_level(v: TokenView, hit: Hit, code: str, limit: int, claimed: set[int]) -> list[Hit]:
    """The hit, and the level a reduction reaches when written after it ("giảm 3,86%, còn 14,27%"),
    or the change written after a level ("còn 46,8%, giảm 7,3% so với năm 2016")."""
    by_code = indicator_rules()
    level, change = by_code[code].level, by_code[hit[0]].change
    if level and hit[0] != level:
        second = _percent_after(v, hit[3].end, limit, claimed, rules().level)
        if second is not None:
            return [hit, (level, hit[1], hit[2], second)]
    elif change:
        second = _percent_after(v, hit[3].end, limit, claimed, rules().change)
        if second is not None:
            return [hit, (change, hit[1], hit[2], second)]
    return [hit]


_DEFINING = frozenset(("có", "là"))


def _threshold(v: TokenView, s: int, q: Quantity) -> bool:
    """'hộ có thu nhập ... từ 1,5 triệu đồng trở xuống', 'chuẩn nghèo … là thu nhập bình quân từ
    1,5 triệu đồng/người/tháng trở xuống': a definition's threshold."""
    if starts_with(v, v.skip_blank(q.end), rules().threshold) is None:
        return False
    before = v.prev_solid(s)
    if before >= 0 and key_at(v, before) in _DEFINING:  # "hộ có …", "… là …": a definition
        return True
    # "(theo chuẩn nghèo …, thu nhập bình quân từ 2 triệu đồng/người/tháng trở xuống)": in brackets
    lo = v.sent_bounds(s)[0]
    opened = next((k for k in range(s - 1, lo - 1, -1) if v.text[k] in ("(", ")")), None)
    return opened is not None and v.text[opened] == "("


def _percent_after(
    v: TokenView, j: int, limit: int, claimed: set[int], words: frozenset[str]
) -> Quantity | None:
    """A percentage after one of ``words`` in the scope after token j: the level a reduction
    reaches ("giảm 3,86%, còn 14,27%"), the change of a level ("còn 46,8%, giảm 7,3%")."""
    seen = False
    for k in range(j, limit):
        if v.text[k] in SCOPE_STOPS or k in claimed:
            return None
        if key_at(v, k) in words:
            seen = True
        elif seen and v.like_num[k]:
            if words is rules().change and key_at(v, v.prev_solid(k)) in rules().level:
                return None  # "giảm còn 10%": a level again, not the change
            q = quantity_at(v, k)
            return q if q is not None and q.base == "%" else None
    return None


def _frame_hits(v: TokenView) -> list[Hit]:
    """Values inside a frame ("giảm 326 hộ nghèo"): head words, fillers, number, tail words."""
    frames, fillers = rules().frames, rules().fillers
    hits: list[Hit] = []
    for i in compress(range(len(v)), v.like_num):
        if i and v.norm[i - 1] not in frames and v.norm[i - 1] not in fillers and not v.blank[i - 1]:
            continue  # the common case, told at once: no frame head or filler just before
        j = v.prev_solid(i)
        while j >= 0:  # the head ends here, or before more fillers
            hit = _frame_at(v, i, j, frames[v.norm[j]]) if v.norm[j] in frames else None
            if hit is not None:
                hits.append(hit)
                break
            if v.norm[j] not in fillers:
                break
            j = v.prev_solid(j)
    return hits


def _frame_at(v: TokenView, i: int, j: int, frames: list[Frame]) -> Hit | None:
    """The frame whose head ends at token j, around the number at token i."""
    for code, head, tail in frames:
        h = j
        for w in reversed(head[:-1]):
            h = v.prev_solid(h)
            if h < 0 or v.norm[h] != w:
                break
        else:
            q = quantity_at(v, i)
            if q is None:
                return None
            end = match_words(v, q.word_start, tail) or match_words(v, q.end, tail)
            found = resolve(code, q, []) if end is not None else None
            if found is not None and end is not None:
                return (found, h, end, q)
    return None


_CLAUSE_MARKS = frozenset((";", ":", "."))
_SHARE_GAP = 8  # tokens between an amount and its share of plan: ", bằng", ", đạt", " ("


_DAMAGE_REACH = 10  # tokens from a figure to the words that make it a loss


def _not_an_indicator(v: TokenView, q: Quantity) -> bool:
    """Is the figure in a clause that gives one example ("tiêu biểu như hộ ông A hiến 450 m2
    đất"), a household's figure, or a loss: "1.200 m đường giao thông bị sạt lở" (the loss words
    after it, before the next number or clause mark), "làm sạt lở 1.200 m đường"?"""
    i = q.start
    lo, hi = v.sent_bounds(i)
    start = next((k + 1 for k in range(i - 1, lo - 1, -1) if v.text[k] in _CLAUSE_MARKS), lo)
    if rules().example.search(" ".join(v.norm[start:i])) is not None:
        return True
    before = range(max(start, i - 4), i)
    if any(_phrase_at(v, k, hi, rules().repair) for k in before):
        return False  # "sửa chữa 5 km đường bị hư hỏng": a loss made good
    for k in (*before, *range(q.end, min(hi, q.end + _DAMAGE_REACH))):
        if k >= q.end and (v.text[k] in _CLAUSE_MARKS or v.like_num[k]):
            break
        if _phrase_at(v, k, hi, rules().damage):
            return True
    return False


def _phrase_at(v: TokenView, k: int, hi: int, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """One of ``phrases`` (word keys with their marks) is written from token k, before token hi."""
    return any(
        k + len(words) <= hi and all(key_at(v, k + n) == w for n, w in enumerate(words))
        for words in phrases.get(key_at(v, k), ())
    )


def find_targets(doc: Doc, published_year: int | None) -> list[Target]:
    """Quantified indicators in a document, in text order."""
    v = doc_view(doc)
    spans = _indicator_spans(v)
    frames = _frame_hits(v)
    leads = [_lead(v, *span) for span in spans]
    hits = [hit for hit in leads if hit is not None]
    claimed = {h[3].start for h in hits}
    for n, (code, s, e) in enumerate(spans):
        if leads[n] is not None:
            continue
        sent_end = v.sent_bounds(s)[1]
        nxt = spans[n + 1][1] if n + 1 < len(spans) else sent_end
        hits += _values_after(v, code, s, e, min(sent_end, nxt, e + _MAX_GAP), claimed, min(sent_end, nxt))
    # A number read both by a frame ("đạt # tiêu chí", "trồng mới # rừng") and by an indicator
    # phrase: the longer reading says more ("15/19 tiêu chí nông thôn mới nâng cao", "trồng mới
    # 18,5 ha rừng").
    by_number = {h[3].start: n for n, h in enumerate(hits)}
    for f in frames:
        at = by_number.get(f[3].start)
        if at is None:
            hits.append(f)
        elif _reach(f) > _reach(hits[at]):
            hits[at] = f
    taken = {k for h in hits for k in range(h[3].start, h[3].end)}
    hits += continued_hits(v, hits, spans, taken)
    hits += crop_area_hits(v, taken)
    hits += other_hits(v, taken, spans, hits)
    hits += count_hits(v, taken)
    hits = [crop_of(v, h) for h in hits if not _not_an_indicator(v, h[3])]
    if not hits:
        return []
    describe = Describer(v, published_year)
    out = sorted(map(describe, hits), key=lambda t: (t.start, t.end))
    seen: set[tuple] = set()
    kept = []
    for t in out:  # a figure restated (the lead, then the report) is one fact
        key = (t.indicator, t.value, t.year, t.kind, t.label.lower() if t.indicator == OTHER else "")
        if key not in seen:
            seen.add(key)
            kept.append(t)
    return kept
