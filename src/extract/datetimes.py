"""Date and time grammar shared by meta lines, related lists and running text.

Formats: research file §4 (d/m/Y, d-m-Y with or without spaces, "ngày 21 tháng 12 năm 2023",
times before or after the date, 12-hour SA/CH and AM/PM, seconds, "(GMT+7)"), and what site
builders print: "14 thg 5, 2024", "Thg 3 14, 2021", "Feb 5, 2025".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

TZ = "+07:00"  # every commune portal prints Vietnam time

_SEP = r"\s*[/.\-]\s*"
NUMERIC_DATE = rf"(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})"
# "ngày 21 tháng 12 năm 2023", Blogger's "21 tháng 5, 2024", Joomla 1.5's "14 Tháng 8 2025", and
# with the month shortened as site builders print it: "14 thg 5, 2024", Ghost's "28 Thg 07 2022"
_MONTH = r"(?:tháng|thg\.?)"
WORDED_DATE = (
    rf"(?:ngày\s+)?(?P<wd>\d{{1,2}})\s+{_MONTH}\s*(?P<wm>\d{{1,2}})(?:\s+năm|\s*,)?\s+(?P<wy>\d{{4}})"
)
# Month first, as an English template translated: Plone's "Thg 3 14, 2021"
MONTH_FIRST = rf"{_MONTH}\s*(?P<fm>\d{{1,2}})\s+(?P<fd>\d{{1,2}}),\s*(?P<fy>\d{{4}})"
# An English template's: "Feb 5, 2025", "February 5, 2025"
_EN_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTHS = {name: n for n, name in enumerate(_EN_MONTH_NAMES, 1)}
EN_DATE = rf"\b(?P<en>{'|'.join(_EN_MONTH_NAMES)})[a-z]*\.?\s+(?P<ed>\d{{1,2}}),\s*(?P<ey>\d{{4}})"
ISO_DATE = r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
TIME = (
    r"(?P<H>\d{1,2})\s*(?::|giờ|h)\s*(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*phút)?"
    r"(?:\s*(?P<ampm>SA|CH|AM|PM|sa|ch|am|pm|Sa|Ch)\b)?"
)
_DATE_RE = re.compile(
    rf"(?<!\d)(?:{NUMERIC_DATE}|{WORDED_DATE}|{MONTH_FIRST}|{EN_DATE}|{ISO_DATE})(?!\d)", re.IGNORECASE
)
_TIME_RE = re.compile(rf"(?<![\d/.])(?:{TIME})(?![\d/])")
# A time counts as the date's own when only separators stand between them.
WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"  # match it ignoring case
# Between a time and its date: separators, "ngày"/"lúc", and a weekday ("17:20 | Chủ Nhật 15/3/2026").
_GLUE = re.compile(
    rf"^[\s,|\-–(]*(?:ngày|lúc|{WEEKDAY}|cn)?[\s,|\-–(]*(?:ngày)?[\s,|\-–(]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    value: str  # ISO date or datetime with +07:00
    start: int
    end: int


def make_date(y: int, m: int, d: int) -> date | None:
    """A valid calendar date in a plausible range, or None."""
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def to_24h(hour: int, ampm: str | None) -> int | None:
    """12-hour clock with SA/CH (vi-VN) or AM/PM to 24-hour; None if impossible."""
    if ampm:
        if not 1 <= hour <= 12:
            return None
        pm = ampm.upper() in ("CH", "PM")
        return (hour % 12) + (12 if pm else 0)
    return hour if 0 <= hour <= 23 else None


def _date_of(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    if g.get("d"):
        return make_date(int(g["y"]), int(g["m"]), int(g["d"]))
    if g.get("wd"):
        return make_date(int(g["wy"]), int(g["wm"]), int(g["wd"]))
    if g.get("fd"):
        return make_date(int(g["fy"]), int(g["fm"]), int(g["fd"]))
    if g.get("ed"):
        return make_date(int(g["ey"]), _EN_MONTHS[g["en"].lower()], int(g["ed"]))
    return make_date(int(g["iy"]), int(g["im"]), int(g["id"]))


def _time_near(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The time written right after or right before a date span, as HH:MM."""
    for m in _TIME_RE.finditer(text):
        gap = text[end : m.start()] if m.start() >= end else text[m.end() : start]
        if (m.start() >= end or m.end() <= start) and len(gap) <= _MAX_GLUE and _GLUE.match(gap):
            hour = to_24h(int(m.group("H")), m.group("ampm"))
            minute = int(m.group("M"))
            if hour is not None and minute < 60:
                return f"{hour:02d}:{minute:02d}", m.start(), m.end()
    return None


_MAX_GLUE = 20  # characters between a time and its date
_YEAR = re.compile(r"\d{4}")  # every full date has one; most strings fail this fast test


def find_datetime(text: str) -> FoundDate | None:
    """The first full date in a short string, with its time when one is glued to it."""
    if _YEAR.search(text) is None:
        return None
    for m in _DATE_RE.finditer(text):
        day = _date_of(m)
        if day is None:
            continue
        start, end = m.span()
        time = _time_near(text, start, end)
        if time:
            hhmm, t_start, t_end = time
            return FoundDate(f"{day.isoformat()}T{hhmm}:00{TZ}", min(start, t_start), max(end, t_end))
        return FoundDate(day.isoformat(), start, end)
    return None
