"""Awards: counted recipient groups of a commendation ("khen thưởng cho 3 chi bộ và 29 cá nhân").

Reads the token view of the shared pipeline (tokens.py, nlp.py): plain lists and the vocabulary matches of
each sentence, so a sentence looks only at its own matches.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from . import vocab
from .nlp import TokenView, doc_view
from .numbers import is_number_word, parse_number, words_to_int
from .records import Award
from .textnorm import fold

_YEAR = re.compile(r"^(19|20)\d\d$")
_REC = ("REC_collective", "REC_individual")
_TRIGGERS = ("AWARD_VERB", "AWARD_KIND")
_STOP = {";", ".", "!", "?"}

Match = tuple[str, int, int]


@cache
def _reason_starts() -> tuple[tuple[str, ...], ...]:
    starts = vocab.load("awards.json")["reason_starts"]
    return tuple(sorted((tuple(fold(s.lower()).split()) for s in starts), key=len, reverse=True))


def _is_year(text: str) -> bool:
    # The prefix test first: almost no token starts with "19" or "20".
    return text[:2] in ("19", "20") and _YEAR.match(text) is not None


def _count_at(v: TokenView, i: int) -> tuple[int, int] | None:
    """(count, end) of a count written in digits or words at token i."""
    text = v.text[i]
    if text.isdigit():
        value = parse_number(text)
        return (int(value), i + 1) if value is not None and value < 100000 and not _YEAR.match(text) else None
    if not (v.is_space[i] or (v.is_alpha[i] and is_number_word(text))):
        return None  # what the loop below finds for any other token, without calling words_to_int
    words, j = [], i
    while j < len(v) and len(words) < 4 and (v.is_alpha[j] or v.is_space[j]):
        if not v.is_space[j]:
            if not is_number_word(v.text[j]):  # i.e. words_to_int(words + [it]) is None
                break
            words.append(v.text[j])
        j += 1
    if not words:
        return None
    n = words_to_int(words)
    # Step back over trailing spaces so the end is the last number word.
    end = i
    seen = 0
    while seen < len(words):
        if not v.is_space[end]:
            seen += 1
        end += 1
    return (n, end) if n else None


def find_awards(doc: Doc) -> list[Award]:
    """Counted award recipients, one per group, in text order."""
    v = doc_view(doc)
    out: list[Award] = []
    for n, (start, end) in enumerate(v.sents):
        matches = v.sent_matches[n]
        triggers = [m for m in matches if m[0] in _TRIGGERS]
        if triggers:
            out += _sentence_awards(v, start, end, matches, triggers)
    return out


def _groups(v: TokenView, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """(start, end, count, kind) of each counted recipient group of a sentence."""
    labels, text, is_space, is_alpha = v.labels, v.text, v.is_space, v.is_alpha
    groups = []
    i = start
    while i < end:
        t = text[i]
        # Most tokens cannot start a count: skip them before calling _count_at.
        c = _count_at(v, i) if is_space[i] or t.isdigit() or (is_alpha[i] and is_number_word(t)) else None
        if c is None:
            i += 1
            continue
        count, j = c
        j = v.skip_blank(j)
        kind, rec_end = None, j
        while rec_end < end:
            hit = [(lbl, labels[rec_end][lbl]) for lbl in _REC if lbl in labels[rec_end]]
            if not hit:
                break
            lbl, e = max(hit, key=lambda x: x[1])
            kind = kind or lbl[4:]
            rec_end = v.skip_blank(e)
        if kind is None:
            i = j if j > i else i + 1
            continue
        last = rec_end
        while last > j and v.is_space[last - 1]:
            last -= 1
        groups.append((i, last, count, kind))
        i = rec_end
    return groups


def _sentence_awards(
    v: TokenView, start: int, end: int, matches: list[Match], triggers: list[Match]
) -> list[Award]:
    groups = _groups(v, start, end)
    if not groups:
        return []
    year = None
    for i in range(start, end):
        if _is_year(v.text[i]) and i > 0 and v.norm[i - 1] in ("nam", " "):
            year = int(v.text[i])
    reason = _reason(v, groups[-1][1], end)
    sentence = v.span_text(start, end).strip()
    out = []
    for s, e, count, kind in groups:
        if not any(tr[1] < s for tr in triggers) and not any(tr[1] >= e for tr in triggers):
            continue
        award_text, body = _award_name(v, end, matches, s)
        if v.text[s].isdigit():
            recipient = v.span_text(v.skip_blank(s + 1), e)
        else:
            recipient = _strip_count(v, s, e)
        out.append(
            Award(
                text=v.source[v.idx[s] : v.end_char(e - 1)],
                recipient_kind=kind,
                recipient=recipient,
                count=count,
                award=award_text,
                reason=reason,
                year=year,
                start=v.idx[s],
                end=v.end_char(e - 1),
                awarding_body=body,
                sentence=sentence,
            )
        )
    return out


def _strip_count(v: TokenView, s: int, e: int) -> str:
    j = s
    while j < e and words_to_int([v.text[j]]) is not None:
        j = v.skip_blank(j + 1)
    return v.span_text(j, e)


def _award_name(v: TokenView, sent_end: int, matches: list[Match], near: int) -> tuple[str, str | None]:
    """The award kind nearest the first group ("Giấy khen", "Huy hiệu 30 năm tuổi Đảng")."""
    kinds = [m for m in matches if m[0] == "AWARD_KIND"]
    if not kinds:
        verbs = [m for m in matches if m[0] == "AWARD_VERB"]
        _, s, e = min(verbs, key=lambda m: abs(m[1] - near))
        return v.span_text(s, e), None
    before = [k for k in kinds if k[1] < near]
    _, span_start, span_end = before[-1] if before else min(kinds, key=lambda m: abs(m[1] - near))
    end = span_end
    # "Huy hiệu 30 năm tuổi Đảng", "danh hiệu Lao động tiên tiến": carry on over the name.
    text, norm, is_space = v.text, v.norm, v.is_space
    while end < sent_end and (
        is_space[end] or v.like_num[end] or text[end][:1].isupper() or norm[end] in ("nam", "tuoi")
    ):
        if is_space[end] and "\n" in text[end]:
            break
        end += 1
    while end > span_end and is_space[end - 1]:
        end -= 1
    body = None
    j = v.skip_blank(end)
    if j < sent_end and norm[j] == "cua":
        k = j + 1
        while k < sent_end and not (text[k] in _STOP or text[k] == "," or norm[k] in ("cho", "tang")):
            k += 1
        body = v.span_text(j + 1, k).strip() or None
    return v.span_text(span_start, end), body


def _reason(v: TokenView, i: int, end: int) -> str | None:
    j = v.skip_blank(i)
    # Skip adjectives between the group and the reason ("tiêu biểu", "xuất sắc").
    for _ in range(4):
        for words in _reason_starts():
            k, ok = j, True
            for w in words:
                k = v.skip_blank(k)
                if k >= end or v.norm[k] != w:
                    ok = False
                    break
                k += 1
            if ok:
                start = v.skip_blank(k) if words[-1] in ("vi", "do", "trong") else v.skip_blank(j)
                stop = start
                while stop < end and v.text[stop] not in _STOP:
                    stop += 1
                text = v.span_text(start, stop).strip().rstrip(",.…")
                return text or None
        if j < end and v.is_alpha[j] and not v.like_num[j]:
            j = v.skip_blank(j + 1)
    return None
