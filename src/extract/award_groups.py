"""Counted recipient groups of an award sentence: "03 chi bộ", "hai mươi tập thể, cá nhân",
"04 đại biểu HĐND thị trấn"; not "hàng chục hộ", the 17 of "13/17 bản" or "5 đảng viên mới"."""

from __future__ import annotations

from dataclasses import dataclass

from .award_words import REC, match_at, merged, prev_content, table
from .nlp import TokenView
from .numbers import is_number_word, is_year, parse_number, words_to_int

_MAX_QUALIFIER_WORDS = 5
_AWARD_LABELS = {"AWARD_KIND", "AWARD_VERB"}
# Lists whose words end a recipient noun phrase.
_PHRASE_STOPS = ("connectors", "reason_starts", "receive_words", "name_stops", "breakdown_markers")


@dataclass
class Group:
    """A counted recipient group: tokens [start, end) are the count and the recipient nouns."""

    start: int
    end: int
    count: int
    kind: str  # collective | individual | mixed
    first_noun: int  # token of the first recipient noun


def count_at(v: TokenView, i: int, end: int) -> tuple[int, int] | None:
    """(count, token after it) of a whole count in digits ("06") or words ("hai mươi lăm") at i."""
    text = v.text[i]
    if text[:1].isdigit():
        value = parse_number(text)
        if value is None or value != int(value) or not 0 < value < 100000 or is_year(text):
            return None
        return int(value), i + 1
    if not (v.is_alpha[i] and is_number_word(text)):
        return None
    words: list[str] = []
    j, last = i, i
    while j < end and len(words) < 6 and (v.blank[j] or (v.is_alpha[j] and is_number_word(v.text[j]))):
        if not v.blank[j]:
            words.append(v.text[j])
            last = j
        j += 1
    n = words_to_int(words)
    return (n, last + 1) if n else None


def _vague(v: TokenView, i: int, floor: int) -> bool:
    """A count that is not one: "hàng chục", the 17 of "13/17", the 2 of "1 - 2"."""
    p = prev_content(v, i, floor)
    if p < floor:
        return False
    if v.text[p] == "/":
        return True
    if v.text[p] in ("-", "–"):
        q = prev_content(v, p, floor)
        return q >= floor and v.text[q][:1].isdigit()
    return match_at(v, p, p + 1, table("indefinite_before")) is not None


def recipients(v: TokenView, j: int, end: int) -> tuple[int, str, int] | None:
    """(end, kind, first noun) of the recipient nouns after a count: nouns written together are one
    noun ("tổ đại biểu" is a tổ); nouns joined by "và" or "," with no count between make one group,
    "mixed" when they name both kinds ("tập thể và cá nhân")."""
    labels = v.labels
    k = v.skip_blank(j)
    first, stop, kinds = k, None, set()
    head = True  # the next noun heads a conjunct
    while k < end:
        hit = [(labels[k][lbl], lbl) for lbl in REC if lbl in labels[k]]
        if not hit:
            if stop is None:
                return None
            after = match_at(v, k, end, table("connectors"))
            nxt = v.skip_blank(after) if after is not None else end
            if nxt >= end or not any(lbl in labels[nxt] for lbl in REC):
                break
            k, head = nxt, True
            continue
        e, lbl = max(hit)
        if head:
            kinds.add(lbl[4:])
            head = False
        stop = e
        k = v.skip_blank(e)
    if stop is None:
        return None
    return _noun_phrase_end(v, stop, end), (kinds.pop() if len(kinds) == 1 else "mixed"), first


def _noun_phrase_end(v: TokenView, j: int, end: int) -> int:
    """The end of a recipient noun phrase after its nouns: "04 đại biểu HĐND thị trấn", "5 Tổ công
    nghệ số cộng đồng", up to a word that starts something else (a connector, a reason, a receive
    word, a stop word, punctuation, a number, an award); unchanged when no such word comes soon."""
    k, last = v.skip_blank(j), j
    for _ in range(_MAX_QUALIFIER_WORDS + 1):
        if k >= end or not v.is_alpha[k] or v.labels[k].keys() & _AWARD_LABELS:
            return last
        if match_at(v, k, end, merged(*_PHRASE_STOPS)) is not None:
            return last
        last = k + 1
        k = v.skip_blank(k + 1)
    return j


def may_have_groups(v: TokenView, matches: list[tuple[str, int, int]], floor: int) -> bool:
    """Whether some recipient noun of the sentence follows a number (or "lượt"): a cheap test
    before find_groups, which reads every token."""
    for label, s, _ in matches:
        if label in REC:
            p = prev_content(v, s, floor)
            if p >= floor and (
                v.text[p][:1].isdigit()
                or (v.is_alpha[p] and (is_number_word(v.text[p]) or match_at(v, p, s, table("count_units"))))
            ):
                return True
    return False


def find_groups(v: TokenView, start: int, end: int) -> list[Group]:
    """The counted recipient groups in tokens [start, end), in order."""
    groups = []
    text, is_alpha = v.text, v.is_alpha
    i = start
    while i < end:
        t = text[i]
        # Most tokens cannot start a count: test them cheaply before count_at.
        if not (t[:1].isdigit() or (is_alpha[i] and is_number_word(t))):
            i += 1
            continue
        c = count_at(v, i, end)
        if c is None:
            i += 1
            continue
        n, j = c
        j = match_at(v, v.skip_blank(j), end, table("count_units")) or j  # "235 lượt tập thể, cá nhân"
        rec = recipients(v, j, end)
        if (
            rec is None
            or _vague(v, i, start)
            or match_at(v, v.skip_blank(rec[0]), end, table("not_recipient_after"))
        ):
            i = j
            continue
        groups.append(Group(i, rec[0], n, rec[1], rec[2]))
        i = rec[0]
    return groups
