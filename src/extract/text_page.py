"""Flattened text pages (a reader's copy of a portal page, like shared/seeds/*.txt)."""

from __future__ import annotations

import re

from . import chrome
from .datetimes import find_datetime
from .records import Article
from .textnorm import clean_line, nfc

_FILE_NAME = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp)$", re.IGNORECASE)
_ITEM_GAP = re.compile(r"\S(?: {2,}|\t+)\S")
_END_PUNCT = (".", ":", ";", "!", "?", "…", ",", '"', "”", ")")


def _is_labelled_meta(line: str) -> bool:
    """ "Đăng ngày: 22/12/2023 16:05", "Ngày đăng: … | Lượt xem: 74", "Lượt xem: 187"."""
    if chrome.read_views(line) is not None:
        return True
    return chrome.published_label_at(line) and find_datetime(line) is not None


def _is_meta_line(line: str) -> bool:
    """A labelled meta line, or a bare date line such as "Thứ ba, 21/11/2023 20:57"."""
    return _is_labelled_meta(line) or (len(line) <= 40 and find_datetime(line) is not None)


def _title_like(line: str, caps: bool = False) -> bool:
    """A line that can be the title; in capitals only when ``caps`` (under the breadcrumb,
    where a portal's name in capitals no longer stands)."""
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    return (
        5 <= len(words) <= 40
        and len(line) >= 25
        and not any(mark in line for mark in (">", "»", " | "))
        and not line.endswith(":")
        and (caps or not line.isupper())
        and not _is_meta_line(line)
        and not chrome.is_chrome_line(line)
        and not chrome.block_kind(line)
        and not _DATED_ITEM.search(line)
    )


# A title never carries its date in brackets; a list's item does: "… nón lá (18/10/2016)".
_DATED_ITEM = re.compile(r"\(\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}[^()]*\)$")


def _find_title(lines: list[str], menus: set[str]) -> int:
    """Index of the title line: the title-like line just above the first labelled meta line,
    or just below it when the date comes first; else the one just above the first bare date
    line ("Thứ ba, 16/07/2024 20:57"); else the first title-like line. A dated list ("Các tin
    khác") ends the search: its dates and counters are not the article's. Past a breadcrumb
    ("Trang chủ » Tin tức") first: above it are the portal's name and its clock."""
    head = lines[:80]
    for n in range(len(head)):
        if _opens_dated_list(lines, n):
            head = lines[:n]
            break
    crumbs = [n for n, line in enumerate(head) if _is_breadcrumb(line)]
    if crumbs:
        found = _title_after_meta(lines, head, menus, crumbs[-1] + 1)
        if found is not None:
            return found
    found = _title_after_meta(lines, head, menus, 0)
    if found is not None:
        return found
    return next((i for i, line in enumerate(lines) if _title_like(line) and line not in menus), 0)


_CRUMB_HOME = ("trang chu", "trang nhat", "home")


def _is_breadcrumb(line: str) -> bool:
    """ "Trang chủ » Tin tức » Xây dựng Đảng", "Trang nhất > Tin tức"."""
    return chrome.folded(line).startswith(_CRUMB_HOME) and any(mark in line for mark in (">", "»", "/", "›"))


def _title_after_meta(lines: list[str], head: list[str], menus: set[str], start: int) -> int | None:
    for labelled in (True, False):
        for i in range(start, len(head)):
            line = head[i]
            if labelled and _is_prose(line):
                break  # "Lượt xem: 342" after the article, under its byline: no title there
            if not (_is_labelled_meta(line) if labelled else _is_meta_line(line)):
                continue
            for j in range(i - 1, max(i - 6, start - 1), -1):
                if _title_like(lines[j], caps=start > 0) and lines[j] not in menus:
                    return j
            for j in range(i + 1, min(i + 4, len(lines)) if labelled else i + 1):
                if _title_like(lines[j], caps=start > 0) and lines[j] not in menus:
                    return j
            if labelled:
                break  # only the first labelled line is asked; a header clock may precede a date
    return None


def _is_prose(line: str) -> bool:
    """A paragraph of the article: long, and ending a sentence."""
    return len(line) > 150 and line.endswith((".", "!", "?", '"', "”"))


def _opens_dated_list(lines: list[str], i: int) -> bool:
    """A list heading ("Các tin khác") whose first items carry dates: a menu entry named like a
    heading ("THÔNG BÁO") has none."""
    if not chrome.block_kind(lines[i]):
        return False
    items = (chrome.related_item(line, None, "related") for line in lines[i + 1 : i + 3])
    return any(item is not None and item.published_at for item in items)


def _prose_follows(lines: list[str], i: int) -> bool:
    """ "THÔNG BÁO" heading a reproduced notice, not a list of notices: prose (a long line
    ending a sentence or clause) within the next three lines."""
    return any(
        len(line) > 60 and line.endswith((".", ";", ":")) and not line.endswith(("...", "…"))
        for line in lines[i + 1 : i + 4]
    )


def parse_text(text: str, source: str = "-") -> Article:
    """Title, meta lines, body, captions and related lists of a flattened page."""
    raw = nfc(text).replace("\r\n", "\n").split("\n")
    # A menu flattened onto one line keeps its items apart with runs of spaces or tabs.
    menus = {clean_line(x) for x in raw if len(_ITEM_GAP.findall(x.strip())) >= 2}
    lines = [line for line in (clean_line(x) for x in raw) if line]
    at = _find_title(lines, menus) if lines else 0
    title = lines[at] if lines else ""
    published = published_source = None
    views = None
    author = None
    body: list[str] = []
    related = []
    block: str | None = None
    after_photo = False
    photo_captions: list[str] = []
    head = [line for line in lines[max(at - 5, 0) : at] if _is_labelled_meta(line)]
    seq = head + lines[at + 1 :]
    for i, line in enumerate(seq):  # cleaned, none empty
        if line == title and not body:
            continue
        kind = chrome.block_kind(line)
        if kind and (kind != "other" or not _prose_follows(seq, i)):
            block = kind
            continue
        if block == "end":
            continue
        if chrome.is_counter_line(line):
            block = "end"  # the visitor counter closes the page: the footer follows
            continue
        if block:
            if views is None and len(line) < 40 and chrome.read_views(line) is not None:
                views = chrome.read_views(line)  # "Lượt xem: 318" after the lists, before the site's counters
                continue
            if chrome.is_chrome_line(line) or chrome.is_stop_line(line):
                continue
            item = chrome.related_item(line, None, block)
            if item and not chrome.is_short_name(item):  # "Thăm dò ý kiến", "Trang web": no title
                related.append(item)
            continue
        if chrome.is_stop_line(line):
            block = "other"
            continue
        if not body and published is None and _is_meta_line(line):
            found = find_datetime(line)
            if found:
                published, published_source = found.value, "meta_line"
                v = chrome.read_views(line)
                views = v if v is not None else views
                continue
        v = chrome.read_views(line) if len(line) < 60 else None
        if v is not None:
            views = v if views is None else views
            continue
        if _FILE_NAME.match(line):
            after_photo = True  # a reader prints the photo's file name, then its caption
            continue
        if chrome.is_chrome_line(line):
            continue
        if after_photo:
            after_photo = False
            if len(line.split()) <= 40 and not chrome.read_author(line):
                photo_captions.append(line)
                continue
        byline = chrome.read_author(line)
        if byline and len(line) < 60:
            author = byline
            continue
        body.append(line)
    body, byline, _ = chrome.take_byline(body)
    author = chrome.without_unit(author or byline)
    body, captions = _split_captions(body)
    page = "\n".join(lines)  # captions in the order they stand on the page
    captions = sorted(photo_captions + captions, key=page.find)
    return Article(
        source=source,
        url=None,
        site_family="text",
        page_kind="article",
        title=title,
        published_at=published,
        published_source=published_source,
        view_count=views,
        author=author,
        body="\n\n".join(body),
        captions=captions,
        related=related,
    )


def _split_captions(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Short unpunctuated lines between paragraphs are photo captions in flattened text."""
    body, captions = [], []
    for i, p in enumerate(paragraphs):
        words = p.split()
        between = 0 < i < len(paragraphs) - 1
        # Upper-case lines, and the line under one, head a reproduced document ("CỘNG HÒA XÃ
        # HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc"): captions are sentences.
        heading = p.isupper() or paragraphs[i - 1].isupper()
        if (
            between
            and not heading
            and len(words) <= 14
            and not p.endswith(_END_PUNCT)
            and not any(c.isdigit() for c in p)
        ):
            captions.append(p)
        else:
            body.append(p)
    return body, captions
