"""Dates in running text, with part of day and role ("Sáng ngày 21/12/2023" -> event, morning)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .datetimes import _TIME_RE, WEEKDAY, make_date, to_24h
from .records import DateFact

_PARTS_OF_DAY = ("sáng", "trưa", "chiều", "tối", "đêm")  # "khai mạc từ sáng ngày 30/6": the event
_POD = {"sáng": "morning", "trưa": "noon", "chiều": "afternoon", "tối": "evening", "đêm": "evening"}
# A date is found from its day and month ("12/7", "21-12-2023", "12 tháng 7 năm 2024"), and
# its lead-in read back from there: "Sáng nay, ngày", "Chiều", "10 -" (a range's first day).
# sre tries a pattern that opens with optional words at every character; one that opens with
# a digit it scans for fast.
_DAY_MONTH = re.compile(
    r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/])"
    r"|(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})(?:\s+năm\s+(?P<wy>\d{4}))?(?![\d/])"
)
_LEAD_IN = re.compile(
    r"(?:(?P<pod>[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm)(?:\s+(?:nay|qua))?\s*(?:,\s*)?)?"
    # a weekday, the date after it in brackets: "Sáng thứ Tư (8/10)"
    rf"(?:(?i:{WEEKDAY})\s*\(?\s*)?"
    r"(?:(?P<ngay>[Nn]gày|[Hh]ôm)\s+)?"
    r"(?:(?P<d1>\d{1,2})\s*(?:-|–|và|,)\s*)?\Z"
)
_LEAD_BACK = 50  # characters a lead-in can take


@dataclass
class _Hit:
    """A date as read: its groups, span, and where a range's first day starts."""

    g: dict[str, Any]
    start: int
    end: int
    d1_start: int | None


def _hits(text: str, day_month: re.Pattern[str], lead_in: re.Pattern[str]) -> Iterator[_Hit]:
    """Day-and-month spans with the lead-in that ends right before each, in text order and
    not overlapping (as one pattern's finditer would give them)."""
    pos = 0
    for c in day_month.finditer(text):
        if c.start() < pos:
            continue
        lead = lead_in.search(text, max(pos, c.start() - _LEAD_BACK), c.start())
        if lead is None:
            continue
        g = lead.groupdict() | c.groupdict()
        yield _Hit(g, lead.start(), c.end(), lead.start("d1") if g.get("d1") else None)
        pos = c.end()


_DOC_CONTEXT = re.compile(r"(?:^|\n)([^\n]{1,40}),\s*$")


def _place_line_before(text: str, start: int) -> bool:
    """ "Bình Trị Nam, ngày 18 tháng 8 năm 2025": a place name opening the line, every word
    capitalised, as a document's date line has ("Trước đó, ngày 31/1" is running text)."""
    m = _DOC_CONTEXT.search(text, max(0, start - 45), start)
    return m is not None and all(w[:1].isupper() for w in m.group(1).split())


_OTHER_CUES = (
    "kỷ niệm",
    "thành lập",
    "ban hành",
    "sinh ngày",
    "năm sinh",
    "quyết định",
    "nghị quyết",
    "kế hoạch số",
    "thông báo",
    "chỉ thị",
    "công văn",
    "số",
    "từ ngày",
    "ngày sinh",
    "hiệu lực",
)
# Right before a date, a deadline or an as-of date: "chậm nhất ngày 2/6", "tính đến ngày 29/02".
# "Huy hiệu Đảng đợt 3/2/2024": a batch named by its date, not the day of the event.
_DEADLINE_LEADS = ("trước", "chậm nhất", "đến", "tới", "từ", "kể từ", "hạn", "hạn chót", "sau", "đợt")
# A reproduced official text starts with the national motto on a line of its own (in running
# text "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam" is no document).
_DOCUMENT_MOTTO = re.compile(
    r"^[ \t]*(?:cộng ho[àa] xã hội chủ nghĩa việt nam|độc lập\s*[-–]\s*tự do\s*[-–]\s*hạnh phúc)[ \t]*$",
    re.MULTILINE,
)
_SIGNED = re.compile(r"^[ \t]*\((?:đã ký|ký tên)[^)\n]*\)[ \t]*\n[^\n]*", re.MULTILINE)
_ISSUED_AFTER = re.compile(
    r"[^.;\n]{0,40}\b(?:ban hành|ký ban hành|ký quyết định|có quyết định|ra quyết định)\b"
)
_SPAN_END = re.compile(r"\(\s*[\d/.]+\s*[-–]\s*$")  # "(3/2/1930 - 3/2/2024)": an anniversary


# "Sáng nay", "hôm qua", "chiều qua", "ngày mai", "3 ngày trước": resolved against the
# publication day, and only when no written date follows ("sáng nay (12/3)" is read as 12/3).
_RELATIVE = re.compile(
    r"(?<![\w])(?:(?P<pod>[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm)\s+(?:hôm\s+)?(?P<rel>nay|qua|mai)"
    r"|(?P<day>[Hh]ôm nay|[Hh]ôm qua|[Hh]ôm kia|[Nn]gày mai|[Nn]gày hôm qua|[Nn]gày hôm nay)"
    r"|(?P<n>\d{1,2})\s+(?P<ago>ngày|giờ|tiếng)\s+trước)(?![\w])"
)
_SHIFT = {"nay": 0, "qua": -1, "mai": 1, "hôm nay": 0, "hôm qua": -1, "hôm kia": -2, "ngày mai": 1,
          "ngày hôm qua": -1, "ngày hôm nay": 0}  # fmt: skip
# "từ ngày 10 đến ngày 12/7/2024", "từ 10 - 12/7": the range's first day, month and year
# taken from its end.
_RANGE_END = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?(?![\d/])")
_RANGE_LEAD_IN = re.compile(
    r"(?:(?P<pod>[Ss]áng|[Cc]hiều|[Tt]ối)\s+)?[Tt]ừ\s+(?:ngày\s+)?(?P<d1>\d{1,2})(?:\s*/\s*(?P<m1>\d{1,2}))?"
    r"\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?\Z"
)


# Every relative date holds one of these words: the pattern is tried around them only (it
# opens with optional words, which sre would try at every character).
_RELATIVE_WORD = re.compile(r"(?<!\w)(?:nay|qua|mai|kia|trước)(?!\w)")


def _relative_matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_RELATIVE.finditer(text)`` yields."""
    pos = 0
    for k in _RELATIVE_WORD.finditer(text):
        if k.end() <= pos:
            continue
        m = _RELATIVE.search(text, max(pos, k.start() - 30), k.end())
        if m is not None:
            yield m
            pos = m.end()


_AFTER_RELATIVE = re.compile(r"\b(?:nay|qua|mai)\s*(?P<mark>[,(])\s*$", re.IGNORECASE)  # "Hôm qua (12/3)"
_RELATIVE_COMMA = re.compile(r"\b(?:nay|qua|mai)\s*,")
_NEXT_LETTER = re.compile(r"\s+([^\W\d_])")


def _counted(text: str, end: int) -> bool:
    """ "6/6 tổ bầu cử", "12/12 ấp": a fraction counting what the lower-case word after it names."""
    m = _NEXT_LETTER.match(text, end)
    return m is not None and m.group(1).islower()


def _after_relative(text: str, start: int, end: int) -> bool:
    """A day written right after "hôm qua", "sáng nay": "Hôm qua (12/3)", "sáng nay, 12/3," but
    not "tối nay, 6/6 tổ bầu cử …" (six of six groups)."""
    m = _AFTER_RELATIVE.search(text, max(0, start - 20), start)
    return m is not None and (m["mark"] == "(" or not _counted(text, end))


def find_dates(text: str, published_year: int | None, published: str | None = None) -> list[DateFact]:
    """Dates written in the body, each with its role. ``published`` (ISO) resolves relative
    dates ("sáng nay", "hôm qua")."""
    lower = text.lower()
    doc_zone = _document_zone(lower)
    out: list[DateFact] = _ranges(text, lower, published_year, doc_zone)
    taken = [(d.start, d.end) for d in out]
    for m in _hits(text, _DAY_MONTH, _LEAD_IN):
        g = m.g
        has_year = bool(g["y"] or g["wy"])
        cued = g["pod"] or g["ngay"] or _after_relative(text, m.start, m.end)
        if not has_year and not cued:
            continue  # "17/19", "5/2023" without a cue word: not a day
        if not has_year and _RELATIVE_COMMA.search(text, m.start, m.end) and _counted(text, m.end):
            continue  # "Đến tối nay, 6/6 tổ bầu cử đã …": six of six groups
        d, mo = (int(g["d"]), int(g["m"])) if g["d"] else (int(g["wd"]), int(g["wm"]))
        year = int(g["y"] or g["wy"]) if has_year else published_year
        if year is None:
            continue
        day = make_date(year, mo, int(g["d1"]) if g["d1"] else d)  # a range starts the event
        if day is None:
            continue
        start = m.start
        if g["pod"] is None and g["ngay"] is None and m.d1_start is not None:
            start = m.d1_start
        if any(a <= start < b or a < m.end <= b for a, b in taken):
            continue  # already read as part of a "từ ... đến ..." range
        value = day.isoformat()
        pod = _POD.get(g["pod"].lower()) if g["pod"] else None
        time = _time_before(text, start)
        if time:
            value = f"{value}T{time}:00+07:00"
        out.append(
            DateFact(
                text=text[start : m.end],
                value=value,
                part_of_day=pod,
                role="other"  # a year long before the report's: history, not the event
                if has_year and published_year and year < published_year - 1
                else _role(text, lower, start, m.end, doc_zone),
                start=start,
                end=m.end,
                sentence=_sentence(text, start),
            )
        )
    out += _relative(text, published)
    out.sort(key=lambda d: d.start)
    return _same_day(text, out)


# "Sáng 02/02, … Chiều cùng ngày, …": a part of the day of the event dated before it.
_SAME_DAY = re.compile(
    r"(?<!\w)(?:(?P<pod>[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm)\s+(?:ngày\s+)?|[Nn]gày\s+)"
    r"(?:cùng ngày|(?P<next>hôm sau))(?!\w)"
)


def _same_day(text: str, dates: list[DateFact]) -> list[DateFact]:
    """``dates`` (in text order) with "chiều cùng ngày", "sáng hôm sau" and the like, dated from
    the event before them: the last with a part of the day ("Sáng ngày 08/10/2025, …"), else
    the last, of those not before the lead's day."""
    if "cùng ngày" not in text and "hôm sau" not in text:
        return dates
    added = []
    events = [d for d in dates if d.role == "event"]
    lead = events[0].value[:10] if events else ""
    for m in _SAME_DAY.finditer(text):
        before = [d for d in events if d.end <= m.start()]
        # Not a day the story went back to ("Ngày 22/5, … Tối 21/5, … Sáng cùng ngày, …"): the
        # lead's day or a later one.
        if not m["next"]:
            before = [d for d in before if d.value[:10] >= lead] or before
        timed = [d for d in before if d.part_of_day]
        if before:
            day = date.fromisoformat((timed or before)[-1].value[:10])
            if m["next"]:
                day += timedelta(days=1)
            added.append(_event(text, m, day.isoformat(), _POD[m["pod"].lower()] if m["pod"] else None))
    return sorted(dates + added, key=lambda d: d.start) if added else dates


_PERIOD_DAYS = 14


def _ranges(
    text: str, lower: str, published_year: int | None, doc_zone: tuple[int, int] | None
) -> list[DateFact]:
    out = []
    for m in _hits(text, _RANGE_END, _RANGE_LEAD_IN):
        g = m.g
        year = int(g["y"]) if g["y"] else published_year
        day = make_date(year, int(g["m1"] or g["m"]), int(g["d1"])) if year else None
        last = make_date(year, int(g["m"]), int(g["d"])) if year else None
        if day is None or last is None:
            continue
        # Days are an event's ("Hội thao từ ngày 10 đến 12/7", a campaign of ten days); two weeks
        # or more are a period (the gold pages have both: 10 and 11 days events, 14 and 15 not).
        period = (last - day).days >= _PERIOD_DAYS
        out.append(
            DateFact(
                text=text[m.start : m.end],
                value=day.isoformat(),
                part_of_day=_POD[g["pod"].lower()] if g["pod"] else None,
                role="other" if period else _role(text, lower, m.start, m.end, doc_zone, True),
                start=m.start,
                end=m.end,
                sentence=_sentence(text, m.start),
            )
        )
    return out


_DATE_FOLLOWS = re.compile(r"\s*,?\s*\(?\s*(?:ngày\s+)?\d{1,2}\s*(?:[/.\-]\s*\d|tháng)")


_BARE_DAY = re.compile(r"\s*,?\s*\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?")


def _date_follows(text: str, pos: int) -> bool:
    """A written date right after a relative one ("sáng nay (12/3)", "hôm qua, ngày 12/3"), not a
    count ("tối nay, 6/6 tổ bầu cử")."""
    m = _DATE_FOLLOWS.match(text, pos)
    if m is None:
        return False
    bare = _BARE_DAY.match(text, pos)
    return bare is None or "(" in m.group() or not _counted(text, bare.end())


def _relative(text: str, published: str | None) -> list[DateFact]:
    try:
        base = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return []
    if base is None:
        return []
    out = []
    for m in _relative_matches(text):
        if _date_follows(text, m.end()):
            continue  # "sáng nay (12/3)": the written date is read instead
        if m["n"]:
            shift = -int(m["n"]) if m["ago"] == "ngày" else 0
        else:
            shift = _SHIFT[(m["rel"] or m["day"]).lower()]
        pod = _POD[m["pod"].lower()] if m["pod"] else None
        out.append(_event(text, m, (base + timedelta(days=shift)).isoformat(), pod))
    return out


def _event(text: str, m: re.Match[str], value: str, part_of_day: str | None) -> DateFact:
    """The event date a relative expression ``m`` names ("sáng nay", "chiều cùng ngày")."""
    return DateFact(
        text=m.group(),
        value=value,
        part_of_day=part_of_day,
        role="event",
        start=m.start(),
        end=m.end(),
        sentence=_sentence(text, m.start()),
    )


def _time_before(text: str, start: int) -> str | None:
    """ "Lúc 8 giờ 30 phút ngày 5/1/2024": a time just before the date."""
    window = text[max(0, start - 30) : start]
    matches = list(_TIME_RE.finditer(window))
    m = matches[-1] if matches else None
    if m and window[m.end() :].strip(" ,").lower() in ("", "ngày"):
        hour = to_24h(int(m.group("H")), m.group("ampm"))
        if hour is not None:
            return f"{hour:02d}:{int(m.group('M')):02d}"
    return None


def _document_zone(lower: str) -> tuple[int, int] | None:
    """Where a reproduced official document sits in the body (from its national motto on)."""
    m = _DOCUMENT_MOTTO.search(lower)
    if m is None:
        return None
    signed = _SIGNED.search(lower, m.end())  # the article resumes after the signer's name
    return m.start(), signed.end() if signed else len(lower)


def _role(
    text: str, lower: str, start: int, end: int, doc_zone: tuple[int, int] | None, in_range: bool = False
) -> str:
    if doc_zone and doc_zone[0] <= start < doc_zone[1]:
        return "document"
    before = lower[max(0, start - (25 if in_range else 40)) : start]  # a range's own "từ" starts it
    if "ngày" in lower[start : start + 5] and _place_line_before(text, start):
        return "document"  # "Hoằng Thịnh, ngày 10 tháng 01 năm 2024" heading a document
    cues = before[-25:]
    cues = cues[max(cues.rfind(". "), cues.rfind("\n")) + 1 :]  # this sentence's words only
    if (
        any(cue in cues for cue in _OTHER_CUES)
        or _SPAN_END.search(before)
        or (before.rstrip().endswith(_DEADLINE_LEADS) and not lower.startswith(_PARTS_OF_DAY, start))
    ):
        return "other"
    if _ISSUED_AFTER.match(lower, end):
        return "other"  # "Ngày 02/10/2020, UBND tỉnh ban hành Quyết định ...": a document's date
    if "(" in text[max(0, start - 2) : start] and re.match(r"\s*[-–]", text[end : end + 3]):
        return "other"  # "(27/7/1947 - 27/7/2025)": an anniversary span
    return "event"


def _sentence(text: str, i: int) -> str:
    a = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i)) + 1
    b_candidates = [x for x in (text.find(". ", i), text.find("\n", i)) if x >= 0]
    b = min(b_candidates) + 1 if b_candidates else len(text)
    return text[a:b].strip()
