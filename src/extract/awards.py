"""Awards: counted recipient groups of a commendation ("khen thưởng cho 3 chi bộ và 29 cá nhân")."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from . import vocab
from .nlp import labels_by_token
from .numbers import parse_number, words_to_int
from .records import Award
from .textnorm import fold

_YEAR = re.compile(r"^(19|20)\d\d$")
_REC = ("REC_collective", "REC_individual")
_STOP = {";", ".", "!", "?"}


@cache
def _reason_starts() -> tuple[tuple[str, ...], ...]:
    starts = vocab.load("awards.json")["reason_starts"]
    return tuple(sorted((tuple(fold(s.lower()).split()) for s in starts), key=len, reverse=True))


def _count_at(doc: Doc, i: int) -> tuple[int, int] | None:
    """(count, end) of a count written in digits or words at token i."""
    t = doc[i]
    if t.text.isdigit():
        v = parse_number(t.text)
        return (int(v), i + 1) if v is not None and v < 100000 and not _YEAR.match(t.text) else None
    words, j = [], i
    while j < len(doc) and len(words) < 4 and (doc[j].is_alpha or doc[j].is_space):
        if not doc[j].is_space:
            words.append(doc[j].text)
            if words_to_int(words) is None:
                words.pop()
                break
        j += 1
    if not words:
        return None
    n = words_to_int(words)
    # Step back over trailing spaces so the end is the last number word.
    end = i
    seen = 0
    while seen < len(words):
        if not doc[end].is_space:
            seen += 1
        end += 1
    return (n, end) if n else None


def _next(doc: Doc, i: int) -> int:
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    return i


def find_awards(doc: Doc) -> list[Award]:
    """Counted award recipients, one per group, in text order."""
    labels = labels_by_token(doc)
    out: list[Award] = []
    for sent in doc.sents:
        triggers = [
            s
            for s in doc.spans["vocab"]
            if sent.start <= s.start < sent.end and s.label_ in ("AWARD_VERB", "AWARD_KIND")
        ]
        if not triggers:
            continue
        groups = []
        i = sent.start
        while i < sent.end:
            c = _count_at(doc, i)
            if c is None:
                i += 1
                continue
            count, j = c
            j = _next(doc, j)
            kind, rec_end = None, j
            while rec_end < sent.end:
                hit = [(lbl, labels[rec_end][lbl]) for lbl in _REC if lbl in labels[rec_end]]
                if not hit:
                    break
                lbl, e = max(hit, key=lambda x: x[1])
                kind = kind or lbl[4:]
                rec_end = _next(doc, e)
            if kind is None:
                i = j if j > i else i + 1
                continue
            last = rec_end
            while last > j and doc[last - 1].is_space:
                last -= 1
            groups.append((i, last, count, kind))
            i = rec_end
        if not groups:
            continue
        year = None
        for t in sent:
            if _YEAR.match(t.text) and t.i > 0 and doc[t.i - 1].norm_ in ("nam", " "):
                year = int(t.text)
        reason = _reason(doc, groups[-1][1], sent.end)
        for s, e, count, kind in groups:
            if not any(tr.start < s for tr in triggers) and not any(tr.start >= e for tr in triggers):
                continue
            award_text, body = _award_name(doc, sent, s)
            out.append(
                Award(
                    text=doc.text[doc[s].idx : doc[e - 1].idx + len(doc[e - 1].text)],
                    recipient_kind=kind,
                    recipient=doc[_next(doc, s + 1) if doc[s].text.isdigit() else s : e].text
                    if doc[s].text.isdigit()
                    else _strip_count(doc, s, e),
                    count=count,
                    award=award_text,
                    reason=reason,
                    year=year,
                    start=doc[s].idx,
                    end=doc[e - 1].idx + len(doc[e - 1].text),
                    awarding_body=body,
                    sentence=sent.text.strip(),
                )
            )
    return out


def _strip_count(doc: Doc, s: int, e: int) -> str:
    j = s
    while j < e and words_to_int([doc[j].text]) is not None:
        j = _next(doc, j + 1)
    return doc[j:e].text


def _award_name(doc: Doc, sent, near: int) -> tuple[str, str | None]:
    """The award kind nearest the first group ("Giấy khen", "Huy hiệu 30 năm tuổi Đảng")."""
    kinds = [s for s in doc.spans["vocab"] if sent.start <= s.start < sent.end and s.label_ == "AWARD_KIND"]
    verbs = [s for s in doc.spans["vocab"] if sent.start <= s.start < sent.end and s.label_ == "AWARD_VERB"]
    if kinds:
        before = [k for k in kinds if k.start < near]
        span = before[-1] if before else min(kinds, key=lambda s: abs(s.start - near))
        end = span.end
        # "Huy hiệu 30 năm tuổi Đảng", "danh hiệu Lao động tiên tiến": carry on over the name.
        while end < sent.end and (
            doc[end].is_space
            or doc[end].like_num
            or doc[end].text[:1].isupper()
            or doc[end].norm_ in ("nam", "tuoi")
        ):
            if doc[end].is_space and "\n" in doc[end].text:
                break
            end += 1
        while end > span.end and (doc[end - 1].is_space):
            end -= 1
        body = None
        j = _next(doc, end)
        if j < sent.end and doc[j].norm_ == "cua":
            k = j + 1
            while k < sent.end and not (
                doc[k].text in _STOP or doc[k].text == "," or doc[k].norm_ in ("cho", "tang")
            ):
                k += 1
            body = doc[j + 1 : k].text.strip() or None
        return doc[span.start : end].text, body
    span = min(verbs, key=lambda s: abs(s.start - near))
    return span.text, None


def _reason(doc: Doc, i: int, end: int) -> str | None:
    j = _next(doc, i)
    # Skip adjectives between the group and the reason ("tiêu biểu", "xuất sắc").
    for _ in range(4):
        for words in _reason_starts():
            k, ok = j, True
            for w in words:
                k = _next(doc, k)
                if k >= end or doc[k].norm_ != w:
                    ok = False
                    break
                k += 1
            if ok:
                start = _next(doc, k) if words[-1] in ("vi", "do", "trong") else _next(doc, j)
                stop = start
                while stop < end and doc[stop].text not in _STOP:
                    stop += 1
                text = doc[start:stop].text.strip().rstrip(",.…")
                return text or None
        if j < end and doc[j].is_alpha and not doc[j].like_num:
            j = _next(doc, j + 1)
    return None
