"""Awards: counted recipient groups of a commendation ("khen thưởng cho 3 chi bộ và 29 cá nhân").

Reads the token view of the shared pipeline (tokens.py, nlp.py): plain lists and the vocabulary matches of
each sentence. A counted group (award_groups.py) is awarded when an award is tied to it in its clause
(clauses end at ";"):
- written before it and given to it: "tặng Giấy khen cho 03 chi bộ", "khen thưởng 02 chi bộ";
- written after it with a receive word: "01 đảng viên được tặng Huy hiệu 60 năm tuổi Đảng",
  "04 tập thể đạt danh hiệu Tập thể lao động xuất sắc";
- shared with the group it is joined to ("03 chi bộ và 09 đảng viên", "2 tập thể và 5 cá nhân được
  ... tặng Giấy khen") or with the total it breaks down ("17 tập thể và cá nhân ..., trong đó 6 tập thể").
A bare "tặng"/"trao" names no award (it gives gifts too), and a group given a gift, planned or proposed
is not awarded. A stated total whose breakdown is listed too ("trong đó", or counts that add up to it)
is kept and marked is_total, so that a sum over awards does not count it twice; a fact restated
later in the text is kept once.
"""

from __future__ import annotations

from spacy.tokens import Doc

from . import award_text as text
from .award_groups import Group, find_groups, may_have_groups
from .award_linker import Found, Linker, Trigger, joined_by
from .award_words import ends_before, match_at, spelled_right, table, year_in
from .nlp import TokenView, doc_view
from .records import Award

_TRIGGERS = {"AWARD_VERB", "AWARD_KIND"}
_RECIPIENTS = {"REC_collective", "REC_individual"}
Match = tuple[str, int, int]


def find_awards(doc: Doc) -> list[Award]:
    """Counted award recipients, one per group, in text order."""
    v = doc_view(doc)
    found: list[Found] = []
    carried: Trigger | None = None  # an award announcing a list: "Tặng Giấy khen cho:"
    for n, (start, end) in enumerate(v.sents):
        matches = v.sent_matches[n]
        labels = {m[0] for m in matches}
        if labels & _TRIGGERS and (labels & _RECIPIENTS or _ends_with_colon(v, start, end)):
            more, carried = _sentence(v, n, start, end, matches)
            found += more
        elif labels & _TRIGGERS:
            carried = None
        elif carried is not None:
            more = _listed(v, n, start, end, carried)
            found += more
            carried = carried if more else None
    _mark_totals(v, found)
    return _once([_award(v, f) for f in found])


def _once(awards: list[Award]) -> list[Award]:
    """One award per fact: a report restates its total ("trao Huy hiệu Đảng cho 27 đảng viên", then
    "27 đảng viên được tặng Huy hiệu Đảng, trong đó: …"); the first mention stays, marked a total.
    Two like awards neither of which is broken down are two (a province's and a district's)."""
    out: list[Award] = []
    first: dict[tuple, Award] = {}
    for a in awards:
        key = (a.count, a.recipient_kind, a.recipient.lower(), a.award.lower())
        earlier = first.get(key)
        same_year = earlier is not None and (earlier.year == a.year or None in (earlier.year, a.year))
        if earlier is not None and same_year and (earlier.is_total or a.is_total):
            earlier.is_total = True  # a year stated once of the two ("đợt 3/2/2024 cho 11 đảng viên")
            continue
        first.setdefault(key, a)
        out.append(a)
    return out


def _sentence(
    v: TokenView, n: int, start: int, end: int, matches: list[Match]
) -> tuple[list[Found], Trigger | None]:
    """The awarded groups of a sentence, and its award if it announces a list ("... cho:")."""
    groups = find_groups(v, start, end) if may_have_groups(v, matches, start) else []
    if not groups and not _ends_with_colon(v, start, end):
        return [], None
    triggers = _triggers(v, matches, end, {g.start for g in groups})
    found: list[Found] = []
    if groups and triggers:
        found = Linker(v, n, start, end, groups, triggers).run()
        for f in found:
            _describe(v, f)
        _share(v, found)
    return found, _announced(v, start, end, groups, triggers, found)


def _announced(
    v: TokenView, start: int, end: int, groups: list[Group], triggers: list[Trigger], found: list[Found]
) -> Trigger | None:
    """The award of the list a sentence announces: "Tặng Giấy khen cho:" (an award after the last
    group), "khen thưởng 20 tập thể và cá nhân, trong đó:" (the total's, now marked a total)."""
    if not triggers or not _ends_with_colon(v, start, end):
        return None
    last = end - 1
    while last > start and v.is_space[last]:
        last -= 1
    if not groups or groups[-1].end < triggers[-1].start:
        t = triggers[-1]
        t.subject = text.subject_body(v, start, t.start)
        return t
    total = found[-1] if found else None
    if total is None or total.group is not groups[-1] or total.award is None:
        return None
    if not ends_before(v, last, total.group.end, "breakdown_markers"):
        return None
    total.total = True
    total.award.subject = total.body
    return total.award


def _ends_with_colon(v: TokenView, start: int, end: int) -> bool:
    last = end - 1
    while last > start and v.is_space[last]:
        last -= 1
    return v.text[last] == ":"


def _listed(v: TokenView, n: int, start: int, end: int, award: Trigger) -> list[Found]:
    """The groups of a list item after an award that announces the list ("- 5 tập thể ...;"):
    the item starts with its group (after a bullet)."""
    groups = find_groups(v, start, end)
    first = start
    while first < end and not v.text[first][:1].isalnum():  # blanks, "-", "+", "•"
        first += 1
    if not groups or groups[0].start != first:
        return []
    found = [Found(groups[0], n, (start, end), groups[1].start if len(groups) > 1 else end, award, "listed")]
    for g, nxt in zip(groups[1:], groups[2:] + [None], strict=False):
        if joined_by(v, found[-1].group.end, g.start) != "coordinated":
            break
        found.append(Found(g, n, (start, end), nxt.start if nxt else end, award, "listed"))
    for f in found:
        _describe(v, f)
    _share(v, found)
    return found


def _triggers(v: TokenView, matches: list[Match], end: int, stops: set[int]) -> list[Trigger]:
    """The award kinds and naming verbs of a sentence, the longest where they overlap."""
    weak, receive = table("weak_verbs"), table("receive_words")
    orgs = [(s, e) for label, s, e in matches if label == "ORG"]
    out: list[Trigger] = []
    for label, s, e in matches:
        if label not in _TRIGGERS or (out and s < out[-1].name_end) or not spelled_right(v, s, e):
            continue
        if label == "AWARD_VERB":
            # "tặng", "trao" also give gifts; "được khen thưởng" is found again as "khen thưởng";
            # "Hội đồng Thi đua - Khen thưởng" is an organisation.
            in_org = any(os < s and oe >= e for os, oe in orgs)
            if not (match_at(v, s, e, weak) == e or match_at(v, s, e, receive) is not None or in_org):
                out.append(Trigger(s, e, e, None, False))
            continue
        name_end, body = text.award_name(v, s, e, end, stops)
        # A yearly title ("danh hiệu Gia đình văn hóa") is a statistic of who attained it, unless
        # a body confers it ("UBND xã công nhận danh hiệu … cho 912 hộ").
        if not text.is_statistic(v, s, name_end, end) or _conferred(v, s):
            out.append(Trigger(s, e, name_end, body, True))
    return out


def _conferred(v: TokenView, s: int) -> bool:
    """Does a conferral verb stand right before token s ("công nhận danh hiệu …")?"""
    return ends_before(v, s, 0, "conferral_words")


def _describe(v: TokenView, f: Found) -> None:
    """Body, reason and year of a group from its own words (the body of the group it shares its
    award with, which comes first)."""
    g, t = f.group, f.award
    assert t is not None
    if f.source is not None:
        f.body = f.source.body
    elif t.body_start is not None:  # "Giấy khen của Chủ tịch UBND xã"
        f.body = v.span_text(t.body_start, t.name_end)
    elif f.via == "listed":
        f.body = t.subject
    elif f.via == "after":
        f.body = text.passive_body(v, f.link, t.start)
    elif f.via == "before":
        f.body = text.subject_body(v, f.clause[0], t.start)
    if f.via == "after":
        found = text.reason_at(v, g.end, f.link) or text.reason_at(v, t.name_end, f.next_start)
    else:
        found = text.reason_at(v, g.end, f.next_start)
    f.reason = found[0] if found else None
    f.year = year_in(v, g.start, f.next_start)


def _share(v: TokenView, found: list[Found]) -> None:
    """Joined groups share the reason and year written after the last of them; a group with no year
    of its own takes one written before the first group of its clause or sentence ("năm 2019 phường
    có 01 tập thể được tặng Cờ thi đua...; 04 tập thể đạt..."), and a reason written for uncounted
    recipients ("nhiều tập thể, cá nhân có thành tích ... được khen thưởng: 02 tập thể ...")."""
    if not found:
        return
    for a, b in zip(reversed(found[:-1]), reversed(found[1:]), strict=True):
        if a.clause == b.clause and joined_by(v, a.group.end, b.group.start) == "coordinated":
            a.reason = a.reason or b.reason
            a.year = a.year or b.year
    sent_start = v.sents[found[0].sent][0]
    intro = year_in(v, sent_start, found[0].group.start)
    lead = text.lead_reason(v, sent_start, found[0].group.start)
    for f in found:
        first = next(x for x in found if x.clause == f.clause)
        f.reason = f.reason or lead
        f.year = f.year or year_in(v, f.clause[0], first.group.start) or intro


def _mark_totals(v: TokenView, found: list[Found]) -> None:
    """Mark stated totals: a group followed by "trong đó" (marked by Linker), or one whose count is
    the sum of the two or more groups right after it (in its sentence or the next), of its kind and
    award ("06 đảng viên được tặng Huy hiệu Đảng. ... Huy hiệu 45 năm tuổi Đảng cho 01 đảng viên; ...").
    The total and its breakdown share a reason and a year written for either."""
    for i, f in enumerate(found):
        j, total = i + 1, 0
        while j < len(found) and found[j].sent - found[j - 1].sent <= 1 and total < f.group.count:
            if not _refines(v, f, found[j]):
                break
            total += found[j].group.count
            j += 1
        if not f.total and (total != f.group.count or j - i - 1 < 2):
            continue
        f.total = True
        parts = (
            found[i + 1 : j] if total == f.group.count else [x for x in found[i + 1 :] if x.sent == f.sent]
        )
        for part in parts:
            part.reason = part.reason or f.reason
            part.year = part.year or f.year
        reasons = {p.reason for p in parts if p.reason}
        years = {p.year for p in parts if p.year}
        f.reason = f.reason or (reasons.pop() if len(reasons) == 1 else None)
        f.year = f.year or (years.pop() if len(years) == 1 else None)


def _refines(v: TokenView, total: Found, part: Found) -> bool:
    """Whether a group can be part of a total: of its kind (any, for a mixed total), and given the
    total's award or a narrower one ("Huy hiệu 30 năm tuổi Đảng" of "Huy hiệu Đảng"; any award of
    a total "khen thưởng")."""
    kind = part.group.kind
    if kind == "mixed" or total.group.kind not in ("mixed", kind):
        return False
    a, b = total.award, part.award
    assert a is not None and b is not None
    return not a.kind or v.norm[a.start : a.end] == v.norm[b.start : b.start + a.end - a.start]


def _award(v: TokenView, f: Found) -> Award:
    g, t = f.group, f.award
    assert t is not None
    start, end = v.idx[g.start], v.end_char(g.end - 1)
    return Award(
        text=v.source[start:end],
        recipient_kind=g.kind,
        recipient=v.span_text(g.first_noun, g.end),
        count=g.count,
        award=v.span_text(t.start, t.name_end),
        reason=f.reason,
        year=f.year,
        start=start,
        end=end,
        awarding_body=f.body,
        is_total=f.total,
        sentence=v.span_text(*v.sents[f.sent]).strip(),
    )
