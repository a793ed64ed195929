"""Ties the counted groups of one sentence to the awards written around them (see awards.py): an
award before a group and given to it, one after it with a receive word, or one shared with the
groups it is joined to."""

from __future__ import annotations

from dataclasses import dataclass

from . import award_text as text
from .award_groups import Group
from .award_words import (
    approximate_words,
    ends_before,
    find_first,
    is_word,
    match_at,
    prev_content,
    table,
)
from .nlp import TokenView
from .textnorm import word_key


@dataclass
class Trigger:
    """An award kind, or a verb that names an award by itself ("khen thưởng", not "tặng")."""

    start: int
    end: int
    name_end: int  # end of the award as written: the name of a named kind, "của" and the body
    body_start: int | None
    kind: bool  # an award kind, not a verb
    subject: str | None = None  # the awarding body written before it, for the list it announces


@dataclass
class Found:
    """A group and the award tied to it."""

    group: Group
    sent: int
    clause: tuple[int, int]
    next_start: int  # the next group of the clause, or the clause end
    award: Trigger | None = None
    via: str = ""  # before | after | coordinated | breakdown | continued | listed
    link: int = -1  # the receive word of an award written after the group
    source: Found | None = None  # the group whose award this one shares
    body: str | None = None
    reason: str | None = None
    year: int | None = None
    total: bool = False


class Linker:
    """Ties the groups of one sentence to their awards, left to right."""

    def __init__(
        self, v: TokenView, n: int, start: int, end: int, groups: list[Group], triggers: list[Trigger]
    ) -> None:
        self.v, self.groups, self.triggers = v, groups, triggers
        bounds = [start] + [k + 1 for k in range(start, end) if v.text[k] == ";"] + [end]
        clauses = list(zip(bounds, bounds[1:], strict=False))
        self.found = []
        for i, g in enumerate(groups):
            clause = next(c for c in clauses if c[0] <= g.start < c[1])
            nxt = (
                groups[i + 1].start if i + 1 < len(groups) and groups[i + 1].start < clause[1] else clause[1]
            )
            self.found.append(Found(g, n, clause, nxt))
        self.afters = [self._after(f) for f in self.found]
        self.pos = start  # awards before pos belong to earlier groups

    def run(self) -> list[Found]:
        out: list[Found] = []
        pending: list[Found] = []  # groups waiting for the award of the group they are joined to
        prev: Found | None = None
        for i, f in enumerate(self.found):
            if not self._link(i, f, prev):
                pending, prev = [], None
                continue
            joined = (
                bool(pending) and joined_by(self.v, pending[-1].group.end, f.group.start) == "coordinated"
            )
            if f.award is None:
                pending = pending + [f] if joined else [f]
                continue
            if joined:
                for p in pending:
                    p.award, p.via, p.link = f.award, f.via, f.link
                out += pending
            pending = []
            if prev is not None and find_first(
                self.v, prev.group.end, f.group.start, table("breakdown_markers")
            ):
                prev.total = True
            out.append(f)
            prev = f
        return out

    def _link(self, i: int, f: Found, prev: Found | None) -> bool:
        """Tie the group's award if it is written; False if the group is not awarded at all."""
        v, g = self.v, f.group
        floor = max(self.pos, f.clause[0], prev.group.end if prev else 0)
        before = self._before(floor, g)
        if not_awarded(v, f.clause[0], floor, g, before):
            return False
        after = self.afters[i]
        if after is not None:
            self.pos = after[1].name_end  # said of this group: "được tặng ...", "đạt danh hiệu ..."
        if before is not None:
            f.award, f.via = before, "before"
        elif after is not None:
            f.award, f.via, f.link = after[1], "after", after[0]
        elif self._joined_ahead(i):
            pass  # "trong đó: 02 tập thể và 01 cá nhân được tặng Bằng khen": the award comes after
        elif prev is not None and (gap := joined_by(v, prev.group.end, g.start) or self._elided(prev, g)):
            f.award, f.via, f.source = prev.award, gap, prev
        return True

    def _elided(self, prev: Found, g: Group) -> str:
        """ "Huy hiệu 30 năm tuổi Đảng cho 3 đồng chí, 40 năm tuổi Đảng cho 2 đồng chí", "trong đó 1
        đồng chí 70 năm tuổi Đảng, 2 đồng chí 60 năm tuổi Đảng": the award goes on with its kind left
        out ("continued"); "" if not. Between the groups only a number and words of the award are
        written, and a joint (",", "và", "cho"): not "hỗ trợ 2 triệu đồng cho 10 hộ"."""
        v, t = self.v, prev.award
        assert t is not None
        words = [k for k in range(prev.group.end, g.start) if not v.blank[k]]
        joints = table("connectors")

        def joint(k: int) -> bool:
            return match_at(v, k, g.start, joints) is not None or is_word(v, k, "to")

        inner = words[:]
        while inner and joint(inner[0]):
            inner.pop(0)
        while inner and joint(inner[-1]):
            inner.pop()
        if not inner or len(inner) == len(words) or not v.like_num[inner[0]]:
            return ""
        name = {word_key(v.text[k]) for k in range(t.start, t.name_end)} | set(table("elided_name_words"))
        return "continued" if all(v.like_num[k] or word_key(v.text[k]) in name for k in inner) else ""

    def _before(self, floor: int, g: Group) -> Trigger | None:
        """The award written before the group and given to it: "... cho 03 chi bộ", "khen thưởng 02"."""
        v = self.v
        near = [t for t in self.triggers if t.start >= floor and t.name_end <= g.start]
        if not near:
            return None
        t = near[-1]
        p = prev_content(v, g.start, t.name_end)
        while p >= t.name_end and word_key(v.text[p]) in approximate_words():
            p = prev_content(v, p, t.name_end)
        # "... cho 03 chi bộ"; "tặng Giấy khen cho các tập thể, cá nhân ..., gồm 4 tập thể và 8 cá nhân".
        if p >= t.name_end and (
            is_word(v, p, "to") or ends_before(v, p + 1, t.name_end, "breakdown_markers")
        ):
            return t
        # Or right before it: "khen thưởng 02 chi bộ", "khen thưởng đột xuất 03 tập thể" (not "Hội đồng
        # Thi đua - Khen thưởng phường có 9 ...", nor "được khen thưởng: 02 tập thể ... được tặng Bằng khen").
        k = t.name_end
        while k < g.start:
            if v.blank[k]:
                k += 1
                continue
            k = match_at(v, k, g.start, table("award_modifiers")) or g.start + 1
        return t if k == g.start else None

    def _after(self, f: Found) -> tuple[int, Trigger] | None:
        """(receive word, award) of an award written after the group: "được tặng Giấy khen"; or
        (award, award) of an award kind right after it, the verb left out in a list: "01 đảng
        viên được tặng Huy hiệu 75 năm tuổi Đảng, 02 đảng viên Huy hiệu 65 năm tuổi Đảng"."""
        start, stop = f.group.end, f.next_start
        t = next((t for t in self.triggers if start <= t.start < stop), None)
        if t is None:
            return None
        if t.kind and all(self.v.blank[k] for k in range(start, t.start)):
            return t.start, t
        link = find_first(self.v, start, t.start + 1, table("receive_words"))
        if link is None or text.other_subject(self.v, start, link[0]):
            return None
        return link[0], t

    def _joined_ahead(self, i: int) -> bool:
        """Whether the group is joined to later groups whose award is written after them."""
        j = i
        while j + 1 < len(self.found) and self.found[j + 1].clause == self.found[i].clause:
            if joined_by(self.v, self.found[j].group.end, self.found[j + 1].group.start) != "coordinated":
                return False
            j += 1
            if self.afters[j] is not None:
                return True
        return False


def not_awarded(v: TokenView, clause: int, floor: int, g: Group, before: Trigger | None) -> bool:
    """A planned or proposed count ("phấn đấu ... 5 chi bộ", "đề nghị ... tặng") or the receivers
    of a gift ("tặng quà cho 20 hộ"; a gift before the award the group shares is not theirs: "trao
    quà ... và tặng Giấy khen cho 03 tập thể và 05 cá nhân")."""
    segment = clause  # the plan is said in the same stretch: "hoàn thành 17/19 chỉ tiêu, khen thưởng 5"
    for k in range(clause, g.start):
        if v.text[k] == ",":
            segment = k + 1
    plan = find_first(v, segment, g.start, table("plan_words"))
    if plan is not None:
        after, before_plan = v.skip_blank(plan[1]), prev_content(v, plan[0], segment)
        # "Theo đề nghị của ..., UBND huyện tặng": a proposal granted.
        granted = (after < len(v) and is_word(v, after, "of")) or (
            before_plan >= segment and is_word(v, before_plan, "per")
        )
        if not granted:
            return True
    if clause > 0 and _planned_list(v, clause):
        return True  # "Năm 2020, Hội phấn đấu: …; có thêm 5 dòng họ đạt danh hiệu …"
    gift, k = None, floor
    while (hit := find_first(v, k, g.start, table("gift_words"))) is not None:
        gift, k = hit
    return gift is not None and (before is None or gift > before.start)


def _planned_list(v: TokenView, clause: int) -> bool:
    """Is the clause an item of a list its sentence opens with a plan and a colon ("…, Hội
    phấn đấu: …; …")?"""
    lo = v.sent_bounds(clause)[0]
    colon = next((k for k in range(clause - 1, lo - 1, -1) if v.text[k] == ":"), None)
    return colon is not None and find_first(v, lo, colon, table("plan_words")) is not None


def joined_by(v: TokenView, start: int, end: int) -> str:
    """How two groups are joined: "coordinated" ("và", ",", or the first one's reason and "và"),
    "breakdown" ("..., trong đó 6 tập thể"), or "" (not joined)."""
    if find_first(v, start, end, table("breakdown_markers")) is not None:
        return "breakdown"
    words = [k for k in range(start, end) if not v.blank[k]]
    connectors = table("connectors")
    if all(match_at(v, k, k + 1, connectors) for k in words):
        return "coordinated"
    last = words[-1]
    # The first group's reason or what it is, then "và": "01 tập thể là Ban công tác Mặt trận
    # thôn Đồng Khoai và 04 cá nhân".
    said_then_and = (
        match_at(v, words[0], end, table("reason_starts")) or is_word(v, words[0], "is")
    ) and match_at(v, last, last + 1, connectors)
    if said_then_and and not any(v.text[k] == ";" or v.is_space[k] for k in words):
        return "coordinated"
    return ""
