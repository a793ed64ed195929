"""Dates in running text, with part of day and role ("Sáng ngày 21/12/2023" -> event, morning)."""

from __future__ import annotations

import re

from .datetimes import _TIME_RE, make_date, to_24h
from .records import DateFact

_POD = {"sáng": "morning", "trưa": "noon", "chiều": "afternoon", "tối": "evening", "đêm": "evening"}
_DATE = re.compile(
    r"(?:(?P<pod>[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm)(?:\s+(?:nay|qua))?\s*(?:,\s*)?)?"
    r"(?:(?P<ngay>[Nn]gày|[Hh]ôm)\s+)?"
    r"(?:(?P<d1>\d{1,2})\s*(?:-|–|và|,)\s*)?"
    r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?"
    r"|(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})(?:\s+năm\s+(?P<wy>\d{4}))?)"
    r"(?![\d/])"
)
_DOC_CONTEXT = re.compile(r"(?:^|\n)[^\n]{0,40},\s*$")
_OTHER_CUES = (
    "kỷ niệm",
    "thành lập",
    "ban hành",
    "nhiệm kỳ",
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
_DOCUMENT_MARKERS = (
    "cộng hòa xã hội chủ nghĩa việt nam",
    "độc lập - tự do - hạnh phúc",
    "cộng hoà xã hội chủ nghĩa việt nam",
)


def find_dates(text: str, published_year: int | None) -> list[DateFact]:
    """Dates written in the body, each with its role."""
    out: list[DateFact] = []
    lower = text.lower()
    doc_zone = _document_zone(lower)
    for m in _DATE.finditer(text):
        g = m.groupdict()
        has_year = bool(g["y"] or g["wy"])
        if not has_year and not (g["pod"] or g["ngay"]):
            continue  # "17/19", "5/2023" without a cue word: not a day
        d, mo = (int(g["d"]), int(g["m"])) if g["d"] else (int(g["wd"]), int(g["wm"]))
        year = int(g["y"] or g["wy"]) if has_year else published_year
        if year is None:
            continue
        day = make_date(year, mo, int(g["d1"]) if g["d1"] else d)  # a range starts the event
        if day is None:
            continue
        start = m.start()
        if g["pod"] is None and g["ngay"] is None and g["d1"] is not None:
            start = m.start("d1")
        value = day.isoformat()
        pod = _POD.get(g["pod"].lower()) if g["pod"] else None
        time = _time_before(text, start)
        if time:
            value = f"{value}T{time}:00+07:00"
        out.append(
            DateFact(
                text=text[start : m.end()],
                value=value,
                part_of_day=pod,
                role=_role(text, lower, start, m.end(), doc_zone),
                start=start,
                end=m.end(),
                sentence=_sentence(text, start),
            )
        )
    return out


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
    for marker in _DOCUMENT_MARKERS:
        i = lower.find(marker)
        if i >= 0:
            return i, len(lower)
    return None


def _role(text: str, lower: str, start: int, end: int, doc_zone: tuple[int, int] | None) -> str:
    if doc_zone and doc_zone[0] <= start < doc_zone[1]:
        return "document"
    before = lower[max(0, start - 40) : start]
    if _DOC_CONTEXT.search(text[max(0, start - 45) : start]) and "ngày" in lower[start : start + 5]:
        return "document"  # "Hoằng Thịnh, ngày 10 tháng 01 năm 2024" heading a document
    if any(cue in before[-25:] for cue in _OTHER_CUES):
        return "other"
    if "(" in text[max(0, start - 2) : start] and re.match(r"\s*[-–]", text[end : end + 3]):
        return "other"  # "(27/7/1947 - 27/7/2025)": an anniversary span
    return "event"


def _sentence(text: str, i: int) -> str:
    a = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i)) + 1
    b_candidates = [x for x in (text.find(". ", i), text.find("\n", i)) if x >= 0]
    b = min(b_candidates) + 1 if b_candidates else len(text)
    return text[a:b].strip()
