"""Officials: people named with their titles, their level and their role in the event.

Works on the token view (tokens.py) and vocabulary matches (nlp.py) of the shared pipeline. A title run is
one or more title segments ("HUV - Bí thư Đảng ủy xã"); a segment starts at a title head or a
title abbreviation and goes on over organisation words, levels, abbreviations and capitalised
words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import compress

from spacy.tokens import Doc

from . import vocab
from .nlp import doc_view
from .records import Official
from .textnorm import key, word_key

_SEPARATORS = {"-", "–", "—", ",", ":"}
_BEFORE_TITLE = _SEPARATORS | {"("}
_ROLE_LABELS = ("ROLE_chair", "ROLE_report", "ROLE_speak", "ROLE_attend")
_CONTINUE_LABELS = (
    "ORG",
    "TITLE_HEAD",
    "LEVEL_commune",
    "LEVEL_district",
    "LEVEL_province",
    "LEVEL_central",
)
_CONTINUE_SET = frozenset(_CONTINUE_LABELS)
_ROLE_SET = frozenset(_ROLE_LABELS)


@dataclass
class _Mention:
    name_start: int
    name_end: int
    title_start: int | None = None
    title_end: int | None = None
    segments: list[tuple[int, int]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)


@cache
def _lexicon() -> dict:
    titles = vocab.load("titles.json")
    names = vocab.load("names.json")
    return {
        "surnames": {key(s) for s in names["surnames"]},
        "not_names": {key(s) for s in names["not_names"]},
        "abbr": titles["abbreviations"],
        "title_abbr": set(titles["title_abbreviations"]),
        "abbr_levels": titles["abbreviation_levels"],
        "modifiers": {key(m) for m in titles["modifiers"]},
        "priority": titles["role_priority"],
    }


def _continuing_end(labels: Mapping[str, int], end: int) -> int:
    """The furthest end among end and the matches of _CONTINUE_LABELS in labels."""
    for label, e in labels.items():  # a loop: the tables hold one to three labels
        if e > end and label in _CONTINUE_SET:
            end = e
    return end


def _is_abbr(text: str) -> bool:
    return len(text) >= 2 and text.isupper() and text.isalpha()


class _Reader:
    """Token-level helpers over one document (its TokenView: plain lists, no Token objects)."""

    def __init__(self, doc: Doc) -> None:
        self.v = doc_view(doc)
        self.n = len(self.v)
        self.labels = self.v.labels
        self.lex = _lexicon()
        self.sent_of = self.v.sent_of
        self.cap = self.v.is_cap  # a capitalised word, not an abbreviation
        # Tokens where a LEVEL_ match starts ("xã", "huyện"): a name right after needs 3 words.
        self.level_at = [False] * self.n
        for label, start, _ in self.v.matches:
            if label.startswith("LEVEL_"):
                self.level_at[start] = True

    def next_content(self, i: int) -> int:
        """Index of the first non-space token at or after i (len(doc) if none)."""
        return self.v.skip_blank(i)

    # ---- names -------------------------------------------------------------
    def name_at(self, i: int, after_prefix: bool, after_level: bool) -> int | None:
        """End of a personal name starting at token i, or None."""
        v, lex = self.v, self.lex
        if i >= self.n or not self.cap[i] or self.labels[i].get("PREFIX"):
            return None
        if not after_prefix and word_key(v.text[i]) not in lex["surnames"]:
            return None
        j = i
        while j < self.n and j - i < 5:
            text = v.text[j]
            if not (self.cap[j] or (v.is_alpha[j] and len(text) == 1 and text.isupper())):
                break
            if j > i and self._title_starts(j):
                break
            j += 1
        size = j - i
        if size < 2 or (after_level and size < 3 and not after_prefix):
            return None
        words = [word_key(v.text[k]) for k in range(i, j)]
        if any(w in lex["not_names"] for w in words) or " ".join(words) in lex["not_names"]:
            return None
        return j

    # ---- titles ------------------------------------------------------------
    def _title_starts(self, i: int) -> bool:
        if self.labels[i].get("TITLE_HEAD"):
            return True
        if self.v.text[i] in self.lex["title_abbr"]:
            return True
        return self.v.lower[i] == "nguyên" and i + 1 < self.n and self._title_starts(i + 1)

    def segment_at(self, i: int) -> int | None:
        """End of one title segment starting at token i, or None."""
        v = self.v
        if i >= self.n or not self._title_starts(i):
            return None
        j = i
        last = i
        prev_level = False
        while j < self.n:
            text = v.text[j]
            if v.is_space[j]:
                if "\n" in text:
                    break
                j += 1
                continue
            labels = self.labels[j]
            if j > i and labels and (not _ROLE_SET.isdisjoint(labels) or labels.get("PREFIX")):
                break
            span_end = self._continuation_end(j)
            if span_end:
                prev_level = self.level_at[j]
                j = last = span_end
                continue
            if _is_abbr(text) or (j == i and text in self.lex["title_abbr"]):
                prev_level = False
                j = last = j + 1
                continue
            if self.cap[j]:
                if self.name_at(j, after_prefix=False, after_level=prev_level) is not None:
                    break
                prev_level = False
                j = last = j + 1
                continue
            if word_key(text) in self.lex["modifiers"] or (v.like_num[j] and j > i):
                j += 1
                continue
            if text in ("-", "–") and j + 1 < self.n:
                # A hyphen inside an organisation name ("Ban Kinh tế - Xã hội") is covered by
                # the ORG match; anything else ends the segment.
                break
            break
        return last if last > i else (i + 1 if self._title_starts(i) else None)

    def _continuation_end(self, j: int) -> int:
        """End of the vocabulary matches chained from token j (overlaps followed through)."""
        labels = self.labels
        end = _continuing_end(labels[j], 0)
        k = j + 1
        while k < end:
            end = _continuing_end(labels[k], end)
            k += 1
        return end

    def title_run_at(self, i: int) -> list[tuple[int, int]]:
        """Title segments from token i, joined by " - ", "," or " – "."""
        segments: list[tuple[int, int]] = []
        j = self.next_content(i)
        while True:
            end = self.segment_at(j)
            if end is None:
                break
            segments.append((j, end))
            k = self.next_content(end)
            if k < self.n and self.v.text[k] in ("-", "–", ","):
                nxt = self.next_content(k + 1)
                if self.segment_at(nxt) is not None:
                    j = nxt
                    continue
            break
        return segments

    # ---- roles -------------------------------------------------------------
    def roles_after(self, i: int) -> set[str]:
        """Role verbs right after a title run: "(Chủ trì hội nghị)", "đồng chủ trì", "cho biết"."""
        text, n, roles = self.v.text, self.n, set()
        j = self.next_content(i)
        if j < n and text[j] == "(":
            j = self.next_content(j + 1)
        elif j < n and text[j] == "," and j + 1 < n:
            return roles
        for lbl in _ROLE_LABELS:
            if lbl in self.labels[j] if j < n else False:
                roles.add(lbl[5:])
        return roles

    def first_role_before(self, i: int, claimed: set[int]) -> str | None:
        """The first role verb earlier in the sentence that no other person has claimed."""
        labels = self.labels
        for k in range(self.v.sent_bounds(i)[0], i):
            if not labels[k] or k in claimed:
                continue
            for lbl in _ROLE_LABELS:
                if lbl in labels[k]:
                    return lbl[5:]
        return None


def find_officials(doc: Doc) -> list[Official]:
    """Officials in a document, one per person, in order of first titled mention."""
    r = _Reader(doc)
    mentions = _mentions(r)
    claimed_verbs: set[int] = set()
    for m in mentions:
        end = m.title_end if m.title_end and m.title_end > m.name_end else m.name_end
        after = r.roles_after(end)
        m.roles |= after
        if after:
            claimed_verbs.add(r.next_content(end))
            if r.v.text[r.next_content(end)] == "(":
                claimed_verbs.add(r.next_content(r.next_content(end) + 1))
    for m in mentions:
        lead = r.first_role_before(min(m.name_start, m.title_start or m.name_start), claimed_verbs)
        if lead:
            m.roles.add(lead)
    return _merge(r, mentions)


def _mentions(r: _Reader) -> list[_Mention]:
    text, labels, mentions = r.v.text, r.labels, []
    claimed: set[int] = set()
    # A mention starts at a prefix ("đồng chí") or a capitalised surname; at any other token
    # name_at says no at once, so only these are tried, in order.
    surnames = r.lex["surnames"]
    prefixes = (start for label, start, _ in r.v.matches if label == "PREFIX")
    names = (i for i in compress(range(r.n), r.cap) if word_key(text[i]) in surnames)
    candidates = sorted(set(names).union(prefixes))
    k = 0
    while k < len(candidates):
        i = candidates[k]
        prefix_end = labels[i].get("PREFIX")
        start = r.next_content(prefix_end) if prefix_end else i
        after_level = i > 0 and r.level_at[max(0, i - 3)]
        end = r.name_at(start, after_prefix=bool(prefix_end), after_level=after_level)
        if end is None:
            k += 1
            continue
        m = _Mention(start, end)
        j = r.next_content(end)
        if j < r.n and text[j] in _BEFORE_TITLE:
            j = r.next_content(j + 1)
        run = r.title_run_at(j)
        if not run:
            run = _appointed_title(r, end)
        if run:
            m.segments = run
            m.title_start, m.title_end = run[0][0], run[-1][1]
            claimed.update(range(m.title_start, m.title_end))
        mentions.append(m)
        k = bisect_left(candidates, max(end, m.title_end or end), k + 1)
    for m in mentions:
        if m.segments:
            continue
        run = _title_before(r, m.name_start, claimed)
        if run:
            m.segments = run
            m.title_start, m.title_end = run[0][0], run[-1][1]
            claimed.update(range(m.title_start, m.title_end))
    return mentions


def _appointed_title(r: _Reader, i: int) -> list[tuple[int, int]]:
    """ "… được bầu giữ chức Chủ tịch UBND xã": a title given by a verb after the name."""
    j = r.next_content(i)
    for _ in range(3):
        if j >= r.n:
            return []
        end = r.labels[j].get("APPOINT")
        if end:
            return r.title_run_at(end)
        if r.v.is_punct[j]:
            return []
        j = r.next_content(j + 1)
    return []


def _title_before(r: _Reader, name_start: int, claimed: set[int]) -> list[tuple[int, int]]:
    """ "Bí thư Đảng ủy xã Hoàng Văn C": a title run that ends right before the name."""
    text, is_space = r.v.text, r.v.is_space
    j = name_start - 1
    while j >= 0 and (
        is_space[j]
        or text[j] == ","
        or any(r.labels[k].get("PREFIX") == j + 1 for k in range(max(0, j - 3), j + 1))
    ):
        if "\n" in text[j]:
            return []
        j -= 1
    # j is the last token of a possible title run; look back for a segment ending there.
    best: list[tuple[int, int]] = []
    for start in range(j, max(-1, j - 15), -1):
        if start in claimed or r.sent_of[start] != r.sent_of[name_start]:
            break
        run = r.title_run_at(start)
        if run and run[-1][1] == j + 1 and not claimed.intersection(range(start, j + 1)):
            best = run  # keep looking back: "Chỉ huy trưởng …" beats "trưởng …"
    return best


def _segment_level(r: _Reader, s: int, e: int) -> str | None:
    level = None
    k = s
    while k < e:
        labels = r.labels[k]
        abbr_level = r.lex["abbr_levels"].get(r.v.text[k])
        if abbr_level:
            level = abbr_level
        if not labels:
            k += 1  # no match starts here: what the lines below come to
            continue
        longest = max(labels.items(), key=lambda kv: kv[1], default=(None, k + 1))
        for lbl, end in labels.items():
            if lbl.startswith("LEVEL_") and end == longest[1]:
                level = lbl[6:]
        k = max(
            k + 1,
            longest[1] if longest[0] in ("ORG",) or (longest[0] or "").startswith("LEVEL_") else k + 1,
        )
    return level


def _expand(r: _Reader, s: int, e: int) -> str:
    v, abbr = r.v, r.lex["abbr"]
    parts = []
    for k in range(s, e):
        parts.append(abbr.get(v.text[k], v.text[k]) + (" " if v.space_after[k] else ""))
    return "".join(parts).strip()


def _merge(r: _Reader, mentions: list[_Mention]) -> list[Official]:
    v, lex = r.v, r.lex
    people: dict[str, Official] = {}
    roles: dict[str, set[str]] = {}
    for m in mentions:
        name = v.span_text(m.name_start, m.name_end)
        k = key(name)
        roles.setdefault(k, set()).update(m.roles)
        if k in people or not m.segments:
            continue
        titles = [v.span_text(s, e) for s, e in m.segments]
        level = None
        for s, e in m.segments:
            level = _segment_level(r, s, e) or level
        start = min(m.name_start, m.title_start or m.name_start)
        end = max(m.name_end, m.title_end or m.name_end)
        people[k] = Official(
            name=name,
            titles=titles,
            title_text=v.span_text(m.title_start, m.title_end),
            org_level=level or "unknown",
            role=None,
            start=v.idx[start],
            end=v.end_char(end - 1),
            titles_expanded=[_expand(r, s, e) for s, e in m.segments],
            sentence=v.sent_text(start).strip(),
        )
        people[k].text = v.source[people[k].start : people[k].end]
    for k, person in people.items():
        for role in lex["priority"]:
            if role in roles[k]:
                person.role = role
                break
    return sorted(people.values(), key=lambda o: o.start)
