"""Officials: people named with their titles, their level and their role in the event.

Works on the tokens and vocabulary matches of the shared pipeline (nlp.py). A title run is one
or more title segments ("HUV - Bí thư Đảng ủy xã"); a segment starts at a title head or a title
abbreviation and goes on over organisation words, levels, abbreviations and capitalised words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from . import vocab
from .nlp import labels_by_token
from .records import Official
from .textnorm import key

_SEPARATORS = {"-", "–", "—", ",", ":"}
_ROLE_LABELS = ("ROLE_chair", "ROLE_report", "ROLE_speak", "ROLE_attend")
_CONTINUE_LABELS = (
    "ORG",
    "TITLE_HEAD",
    "LEVEL_commune",
    "LEVEL_district",
    "LEVEL_province",
    "LEVEL_central",
)


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


def _is_abbr(t: Token) -> bool:
    text = t.text
    return len(text) >= 2 and text.isupper() and text.isalpha()


def _is_cap_word(t: Token) -> bool:
    return t.is_alpha and t.text[:1].isupper() and not _is_abbr(t)


class _Reader:
    """Token-level helpers over one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.labels = labels_by_token(doc)
        self.lex = _lexicon()
        self.sent_of = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n

    def next_content(self, i: int) -> int:
        """Index of the first non-space token at or after i (len(doc) if none)."""
        n = len(self.doc)
        while i < n and self.doc[i].is_space and "\n" not in self.doc[i].text:
            i += 1
        return i

    # ---- names -------------------------------------------------------------
    def name_at(self, i: int, after_prefix: bool, after_level: bool) -> int | None:
        """End of a personal name starting at token i, or None."""
        doc, lex = self.doc, self.lex
        if i >= len(doc) or not _is_cap_word(doc[i]) or self.labels[i].get("PREFIX"):
            return None
        if not after_prefix and key(doc[i].text) not in lex["surnames"]:
            return None
        j = i
        while j < len(doc) and j - i < 5:
            t = doc[j]
            if not (_is_cap_word(t) or (t.is_alpha and len(t.text) == 1 and t.text.isupper())):
                break
            if j > i and self._title_starts(j):
                break
            j += 1
        size = j - i
        if size < 2 or (after_level and size < 3 and not after_prefix):
            return None
        words = [key(doc[k].text) for k in range(i, j)]
        if any(w in lex["not_names"] for w in words) or " ".join(words) in lex["not_names"]:
            return None
        return j

    # ---- titles ------------------------------------------------------------
    def _title_starts(self, i: int) -> bool:
        t = self.doc[i]
        if self.labels[i].get("TITLE_HEAD"):
            return True
        if t.text in self.lex["title_abbr"]:
            return True
        return t.lower_ == "nguyên" and i + 1 < len(self.doc) and self._title_starts(i + 1)

    def segment_at(self, i: int) -> int | None:
        """End of one title segment starting at token i, or None."""
        doc = self.doc
        if i >= len(doc) or not self._title_starts(i):
            return None
        j = i
        last = i
        prev_level = False
        while j < len(doc):
            t = doc[j]
            if t.is_space:
                if "\n" in t.text:
                    break
                j += 1
                continue
            labels = self.labels[j]
            if j > i and (any(lbl in labels for lbl in _ROLE_LABELS) or labels.get("PREFIX")):
                break
            span_end = self._continuation_end(j)
            if span_end:
                prev_level = any(lbl.startswith("LEVEL_") for lbl in labels)
                j = last = span_end
                continue
            if _is_abbr(t) or (j == i and t.text in self.lex["title_abbr"]):
                prev_level = False
                j = last = j + 1
                continue
            if _is_cap_word(t):
                if self.name_at(j, after_prefix=False, after_level=prev_level) is not None:
                    break
                prev_level = False
                j = last = j + 1
                continue
            if key(t.text) in self.lex["modifiers"] or (t.like_num and j > i):
                j += 1
                continue
            if t.text in ("-", "–") and j + 1 < len(doc):
                # A hyphen inside an organisation name ("Ban Kinh tế - Xã hội") is covered by
                # the ORG match; anything else ends the segment.
                break
            break
        return last if last > i else (i + 1 if self._title_starts(i) else None)

    def _continuation_end(self, j: int) -> int:
        """End of the vocabulary matches chained from token j (overlaps followed through)."""
        end = max((self.labels[j][lbl] for lbl in _CONTINUE_LABELS if lbl in self.labels[j]), default=0)
        k = j + 1
        while k < end:
            end = max([end] + [self.labels[k][lbl] for lbl in _CONTINUE_LABELS if lbl in self.labels[k]])
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
            if k < len(self.doc) and self.doc[k].text in ("-", "–", ","):
                nxt = self.next_content(k + 1)
                if self.segment_at(nxt) is not None:
                    j = nxt
                    continue
            break
        return segments

    # ---- roles -------------------------------------------------------------
    def roles_after(self, i: int) -> set[str]:
        """Role verbs right after a title run: "(Chủ trì hội nghị)", "đồng chủ trì", "cho biết"."""
        doc, roles = self.doc, set()
        j = self.next_content(i)
        if j < len(doc) and doc[j].text == "(":
            j = self.next_content(j + 1)
        elif j < len(doc) and doc[j].text == "," and j + 1 < len(doc):
            return roles
        for lbl in _ROLE_LABELS:
            if lbl in self.labels[j] if j < len(doc) else False:
                roles.add(lbl[5:])
        return roles

    def first_role_before(self, i: int, claimed: set[int]) -> str | None:
        """The first role verb earlier in the sentence that no other person has claimed."""
        sent = self.doc[i].sent
        for k in range(sent.start, i):
            if k in claimed:
                continue
            for lbl in _ROLE_LABELS:
                if lbl in self.labels[k]:
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
            if doc[r.next_content(end)].text == "(":
                claimed_verbs.add(r.next_content(r.next_content(end) + 1))
    for m in mentions:
        lead = r.first_role_before(min(m.name_start, m.title_start or m.name_start), claimed_verbs)
        if lead:
            m.roles.add(lead)
    return _merge(r, mentions)


def _mentions(r: _Reader) -> list[_Mention]:
    doc, mentions = r.doc, []
    claimed: set[int] = set()
    i = 0
    while i < len(doc):
        prefix_end = r.labels[i].get("PREFIX")
        start = r.next_content(prefix_end) if prefix_end else i
        prev = doc[i - 1] if i else None
        after_level = bool(
            prev is not None and any(lbl.startswith("LEVEL_") for lbl in r.labels[max(0, i - 3)])
        )
        end = r.name_at(start, after_prefix=bool(prefix_end), after_level=after_level)
        if end is None:
            i += 1
            continue
        m = _Mention(start, end)
        j = r.next_content(end)
        if j < len(doc) and doc[j].text in _SEPARATORS | {"("}:
            j = r.next_content(j + 1)
        run = r.title_run_at(j)
        if not run:
            run = _appointed_title(r, end)
        if run:
            m.segments = run
            m.title_start, m.title_end = run[0][0], run[-1][1]
            claimed.update(range(m.title_start, m.title_end))
        mentions.append(m)
        i = max(end, m.title_end or end)
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
        if j >= len(r.doc):
            return []
        end = r.labels[j].get("APPOINT")
        if end:
            return r.title_run_at(end)
        if r.doc[j].is_punct:
            return []
        j = r.next_content(j + 1)
    return []


def _title_before(r: _Reader, name_start: int, claimed: set[int]) -> list[tuple[int, int]]:
    """ "Bí thư Đảng ủy xã Hoàng Văn C": a title run that ends right before the name."""
    doc = r.doc
    j = name_start - 1
    while j >= 0 and (
        doc[j].is_space
        or doc[j].text == ","
        or any(r.labels[k].get("PREFIX") == j + 1 for k in range(max(0, j - 3), j + 1))
    ):
        if "\n" in doc[j].text:
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
        abbr_level = r.lex["abbr_levels"].get(r.doc[k].text)
        if abbr_level:
            level = abbr_level
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
    parts = []
    for k in range(s, e):
        t = r.doc[k]
        parts.append(r.lex["abbr"].get(t.text, t.text) + t.whitespace_)
    return "".join(parts).strip()


def _merge(r: _Reader, mentions: list[_Mention]) -> list[Official]:
    doc, lex = r.doc, r.lex
    people: dict[str, Official] = {}
    roles: dict[str, set[str]] = {}
    for m in mentions:
        name = doc[m.name_start : m.name_end].text
        k = key(name)
        roles.setdefault(k, set()).update(m.roles)
        if k in people or not m.segments:
            continue
        titles = [doc[s:e].text for s, e in m.segments]
        level = None
        for s, e in m.segments:
            level = _segment_level(r, s, e) or level
        start = min(m.name_start, m.title_start or m.name_start)
        end = max(m.name_end, m.title_end or m.name_end)
        people[k] = Official(
            name=name,
            titles=titles,
            title_text=doc[m.title_start : m.title_end].text,
            org_level=level or "unknown",
            role=None,
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            titles_expanded=[_expand(r, s, e) for s, e in m.segments],
            sentence=doc[start].sent.text.strip(),
        )
        people[k].text = doc.text[people[k].start : people[k].end]
    for k, person in people.items():
        for role in lex["priority"]:
            if role in roles[k]:
                person.role = role
                break
    return sorted(people.values(), key=lambda o: o.start)
