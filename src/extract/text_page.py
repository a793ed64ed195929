"""Flattened text pages (a reader's copy of a portal page, like shared/seeds/*.txt)."""

from __future__ import annotations

import re

from . import chrome
from .datetimes import find_datetime
from .records import Article
from .textnorm import clean_line, nfc

_FILE_NAME = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp)$", re.IGNORECASE)
_END_PUNCT = (".", ":", ";", "!", "?", "…", ",", '"', "”", ")")


def _is_labelled_meta(line: str) -> bool:
    """ "Đăng ngày: 22/12/2023 16:05", "Ngày đăng: … | Lượt xem: 74", "Lượt xem: 187"."""
    if chrome.read_views(line) is not None:
        return True
    return chrome.published_label_at(line) and find_datetime(line) is not None


def _is_meta_line(line: str) -> bool:
    """A labelled meta line, or a bare date line such as "Thứ ba, 21/11/2023 20:57"."""
    return _is_labelled_meta(line) or (len(line) <= 40 and find_datetime(line) is not None)


def _title_like(line: str) -> bool:
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    return (
        5 <= len(words) <= 40
        and len(line) >= 25
        and not any(mark in line for mark in (">", "»", " | "))
        and not line.endswith(":")
        and not line.isupper()
        and not _is_meta_line(line)
        and not chrome.is_chrome_line(line)
        and not chrome.block_kind(line)
    )


def _find_title(lines: list[str]) -> int:
    """Index of the title line: the title-like line just above the first labelled meta line,
    or just below it when the date comes first; without one, the first title-like line
    (a header clock above it is not a meta line)."""
    meta = next((i for i, line in enumerate(lines[:80]) if _is_labelled_meta(line)), None)
    if meta is not None:
        for i in range(meta - 1, max(meta - 6, -1), -1):
            if _title_like(lines[i]):
                return i
        for i in range(meta + 1, min(meta + 4, len(lines))):
            if _title_like(lines[i]):
                return i
    return next((i for i, line in enumerate(lines) if _title_like(line)), 0)


def parse_text(text: str, source: str = "-") -> Article:
    """Title, meta lines, body, captions and related lists of a flattened page."""
    lines = [clean_line(x) for x in nfc(text).replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    at = _find_title(lines) if lines else 0
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
    for line in head + lines[at + 1 :]:  # cleaned, none empty
        if line == title and not body:
            continue
        kind = chrome.block_kind(line)
        if kind:
            block = kind
            continue
        if block == "end":
            continue
        if chrome.is_counter_line(line):
            block = "end"  # the visitor counter closes the page: the footer follows
            continue
        if block:
            if chrome.is_chrome_line(line) or chrome.is_stop_line(line):
                continue
            item = chrome.related_item(line, None, block)
            if item:
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
    body, byline = chrome.take_byline(body)
    author = author or byline
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
        if between and len(words) <= 14 and not p.endswith(_END_PUNCT) and not any(c.isdigit() for c in p):
            captions.append(p)
        else:
            body.append(p)
    return body, captions
