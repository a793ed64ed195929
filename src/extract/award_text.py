"""The words around an awarded group: the award as written with its awarding body ("Giấy khen
của Chủ tịch UBND xã", "Huy hiệu 30, 40 năm tuổi Đảng"), a body written as the subject ("UBND xã
tặng ...") or after "được", and the reason ("có thành tích xuất sắc trong ...")."""

from __future__ import annotations

from .award_groups import recipients
from .award_words import REC, ends_before, find_first, is_word, match_at, prev_content, table
from .nlp import TokenView
from .numbers import is_year
from .textnorm import word_key

_OPEN_QUOTES = {'"', "“", "«", "'"}
_CLOSE_QUOTES = {'"', "”", "»", "'"}
_MAX_NAME_WORDS = 9
_MAX_BODY_WORDS = 12
_AWARD_LABELS = {"AWARD_KIND", "AWARD_VERB"}
_REC_LABELS = set(REC)
_BODY_LABELS = {"ORG", "TITLE_HEAD"}
_NAME_PUNCT = {"&", "-", "–"}  # inside a body's name: "Phòng GD&ĐT", "Hội đồng Thi đua - Khen thưởng"


def _name_end(v: TokenView, e: int, end: int, stops: set[int]) -> int:
    """End of the name after a named kind: 'danh hiệu "Trong sạch, vững mạnh"', 'Huy hiệu 30, 40
    năm tuổi Đảng', 'danh hiệu Chiến sĩ thi đua cơ sở' (up to a stop word, a year or a group)."""
    j = v.skip_blank(e)
    if j < end and v.text[j] in _OPEN_QUOTES:
        k = j + 1
        while k < end and v.text[k] not in _CLOSE_QUOTES and not v.hard_stop[k]:
            k += 1
        return k + 1 if k < end and v.text[k] in _CLOSE_QUOTES else e
    last, words = e, 0
    name_stops = table("name_stops")
    while j < end and words < _MAX_NAME_WORDS and j not in stops:
        t = v.text[j]
        if v.is_punct[j]:
            nxt = v.skip_blank(j + 1)
            # "Huy hiệu 30, 40, 50 năm tuổi Đảng": a comma inside a list of numbers.
            if not (t == "," and v.text[last - 1][:1].isdigit() and nxt < end and v.text[nxt][:1].isdigit()):
                break
        elif v.is_space[j] or is_year(t) or (t[:1].islower() and match_at(v, j, end, name_stops) is not None):
            break  # a capitalised stop word is part of the name: "Kỷ niệm chương Vì sự nghiệp Giáo dục"
        elif is_word(v, j, "year") and (k := v.skip_blank(j + 1)) < end and is_year(v.text[k]):
            break  # "năm 2023": the year of the award, not its name
        if not v.is_punct[j]:
            last = j + 1
            words += 1
        j = v.skip_blank(j + 1)
    return last


def _body_after(v: TokenView, j: int, end: int, stops: set[int]) -> int:
    """End of the awarding body after "của" at token j ("của Ban Thường vụ Huyện ủy")."""
    k, last, words = j + 1, j, 0
    body_stops = table("body_stops")
    while k < end and words < _MAX_BODY_WORDS and k not in stops:
        if v.is_punct[k] or (v.is_space[k] and not v.blank[k]) or match_at(v, k, end, body_stops) is not None:
            break
        if not v.blank[k]:
            last, words = k + 1, words + 1
        k += 1
    return last


def award_name(v: TokenView, s: int, e: int, end: int, stops: set[int]) -> tuple[int, int | None]:
    """(end of the award as written, start of its body or None) for a kind at [s, e): the name goes
    on after a named kind, then "của" and the body ("Giấy khen của Chủ tịch UBND xã")."""
    name = tuple(word_key(v.text[i]) for i in range(s, e) if v.content[i])
    # "huân chương lao động" is named too: "Huân chương Lao động hạng Ba".
    named = any(name[: len(kind)] == kind for kind in table("named_kinds").get(name[0], ()))
    stop = _name_end(v, e, end, stops) if named else e
    j = v.skip_blank(stop)
    if j < end and is_word(v, j, "of") and j not in stops:
        body_end = _body_after(v, j, end, stops)
        if body_end > j + 1:
            return body_end, v.skip_blank(j + 1)
    return stop, None


def other_subject(v: TokenView, start: int, stop: int) -> bool:
    """Whether uncounted recipients joined on after a group are the subject of what follows:
    "70 đại biểu và các đảng viên được trao Huy hiệu" (the award is theirs, not the guests')."""
    for k in range(start, stop):
        if v.labels[k].keys() & _REC_LABELS and ends_before(v, k, start, "plural_before"):
            return True
    return False


def is_statistic(v: TokenView, s: int, e: int, limit: int) -> bool:
    """A 'danh hiệu' that names a yearly statistic ("danh hiệu gia đình văn hóa"): one of its
    words starts at a token in [s, e), and may run on to limit past a comma the name stops at
    ("danh hiệu sản xuất, kinh doanh giỏi")."""
    phrases = table("statistic_titles")
    return any(v.content[k] and match_at(v, k, limit, phrases) is not None for k in range(s, e))


def subject_body(v: TokenView, floor: int, verb: int) -> str | None:
    """The awarding body written as the subject before the award verb ("UBND xã đã tặng", "thừa ủy
    quyền của Chủ tịch UBND quận, đồng chí ... trao"), or None (a person, a time, nothing)."""
    intro = find_first(v, floor, verb, table("body_intros"))
    if intro is not None:
        k = intro[1]
        while k < verb and v.text[k] not in (",", ";", ":"):
            k += 1
        return _body_text(v, intro[1], k)
    start = floor
    for k in range(floor, verb):
        # "..., UBND xã đã công bố Quyết định của Chủ tịch UBND huyện tặng": whose decision it is.
        if v.text[k] in (",", ":", ";") or v.hard_stop[k] or is_word(v, k, "of"):
            start = k + 1
    return _body_text(v, start, verb)


def _body_text(v: TokenView, start: int, end: int) -> str | None:
    """An awarding body in tokens [start, end) without the adverbs before the verb ("đã", "cũng")."""
    start = v.skip_blank(start)
    skip = table("body_skip")
    # Up to the first adverb or verb written in lower case ("UBND xã đã trao quà ... và tặng"):
    # "Ban Tổ chức Huyện ủy" keeps its capitalised "Tổ chức".
    for k in range(start, end):
        if (v.is_punct[k] and v.text[k] not in _NAME_PUNCT) or (
            (k == start or v.text[k][:1].islower()) and match_at(v, k, end, skip) is not None
        ):
            end = k
            break
    first = v.text[start]
    # An organisation or an office ("UBND xã", "Chủ tịch UBND huyện"), not "Hội nghị" or a person.
    if end <= start or not (v.labels[start].keys() & _BODY_LABELS or (len(first) > 1 and first.isupper())):
        return None
    if match_at(v, start, end, table("not_bodies")) is not None:
        return None
    if end - start > 2 * _MAX_BODY_WORDS or any(v.like_num[k] or v.hard_stop[k] for k in range(start, end)):
        return None
    return v.span_text(start, end).strip() or None


def passive_body(v: TokenView, link: int, trigger: int) -> str | None:
    """The body between "được" and the award ("được Chủ tịch UBND huyện tặng Giấy khen")."""
    if not is_word(v, link, "by"):
        return None
    return _body_text(v, link + 1, trigger)


def reason_at(v: TokenView, i: int, stop: int) -> tuple[str, int] | None:
    """(reason, end) of a reason written from token i ("có thành tích xuất sắc trong...", "vì hoàn
    thành..."), ending before token stop, a breakdown marker or a line break."""
    i = v.skip_blank(i)
    if i >= stop or match_at(v, i, stop, table("breakdown_markers")) is not None:
        return None
    if is_word(v, i, "is"):
        # "năm cá nhân là nhân viên đại lý thu có thành tích...": past the apposition.
        k = i + 1
        while k < stop and not v.is_punct[k] and match_at(v, k, stop, table("reason_starts")) is None:
            k += 1
        i = k if k < stop and not v.is_punct[k] else i
    opener = match_at(v, i, stop, table("reason_starts"))
    if opener is None:
        return None
    start = i
    if match_at(v, i, stop, table("reason_dropped")) is not None:
        start = v.skip_blank(i + 1)
    k = start
    markers = table("breakdown_markers")
    while k < stop and not (v.is_space[k] and not v.blank[k]) and v.text[k] not in (";", "."):
        if v.text[k] == "," and match_at(v, v.skip_blank(k + 1), stop, markers) is not None:
            break
        if k > start and _award_follows(v, k, stop):
            break  # "... có thành tích xuất sắc được khen thưởng": the award, not the reason
        k += 1
    last = prev_content(v, k, start)
    while last >= start and v.text[last] not in _CLOSE_QUOTES and v.text[last] != ")":
        if not (v.is_punct[last] or match_at(v, last, last + 1, table("connectors"))):
            break
        last = prev_content(v, last, start)
    if last < opener or sum(v.content[start : last + 1]) < 2:
        return None  # the opening words alone ("05 hộ gia đình tiêu biểu") are no reason
    return v.span_text(start, last + 1), last + 1


def _award_follows(v: TokenView, k: int, stop: int) -> bool:
    """Whether a receive word at k ties an award: "được khen thưởng", "được tặng Giấy khen"."""
    if v.labels[k].keys() & _AWARD_LABELS:
        return word_key(v.text[k]) in table("receive_words")
    j = match_at(v, k, stop, table("receive_words"))
    if j is None:
        return False
    j = v.skip_blank(j)
    return j < stop and bool(v.labels[j].keys() & _AWARD_LABELS)


def lead_reason(v: TokenView, start: int, stop: int) -> str | None:
    """The reason written after uncounted recipients before the first counted group of a sentence
    ("nhiều tập thể, cá nhân có thành tích ... được khen thưởng: 02 tập thể...")."""
    for k in range(start, stop):
        if v.labels[k].keys() & _REC_LABELS and ends_before(v, k, start, "plural_before"):
            rec = recipients(v, k, stop)
            if rec is not None:
                found = reason_at(v, rec[0], stop)
                return found[0] if found else None
    return None
