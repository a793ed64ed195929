"""Flattened text pages (a reader's copy of a portal page, like shared/seeds/*.txt)."""

from __future__ import annotations

import re

from . import chrome
from .datetimes import find_datetime
from .records import Article
from .textnorm import clean_line, nfc

_FILE_NAME = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp)$", re.IGNORECASE)
_END_PUNCT = (".", ":", ";", "!", "?", "…", ",", '"', "”", ")")


def parse_text(text: str, source: str = "-") -> Article:
    """Title, meta lines, body, captions and related lists of a flattened page."""
    lines = [clean_line(x) for x in nfc(text).replace("\r\n", "\n").split("\n")]
    title = ""
    published = published_source = None
    views = None
    author = None
    body: list[str] = []
    captions: list[str] = []
    related = []
    block: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not title:
            title = line
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
        if not body and published is None and chrome.published_label_at(line):
            found = find_datetime(line)
            if found:
                published, published_source = found.value, "meta_line"
                v = chrome.read_views(line)
                views = v if v is not None else views
                continue
        if not body and views is None:
            v = chrome.read_views(line)
            if v is not None:
                views = v
                continue
        if chrome.is_chrome_line(line) or _FILE_NAME.match(line):
            continue
        byline = chrome.read_author(line)
        if byline and len(line) < 60:
            author = byline
            continue
        body.append(line)
    body, captions = _split_captions(body)
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
