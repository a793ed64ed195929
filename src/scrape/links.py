"""Read a listing page: its links, the feeds it announces, and whether its pager needs a browser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

# href values that never lead to a page.
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:")
# ASP.NET WebForms pagers (RadGrid's rgPageNext, GridView's Page$2) post the form back
# instead of linking; no GET reaches page 2, so we record the pager rather than loop on it.
_POSTBACK = re.compile(r"__doPostBack\(", re.I)
_PAGER_HINT = re.compile(r"page|pager|rgpage|trang|next|sau|tiếp|»|›|>>", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass
class ListingScan:
    """What a listing page offers the crawler."""

    links: list[str] = field(default_factory=list)  # absolute, page order, no duplicates
    feeds: list[str] = field(default_factory=list)  # <link rel="alternate"> RSS/Atom
    postback_pager: bool = False  # a pager that only works by form postback


def scan_listing(html: str, page_url: str) -> ListingScan:
    """Links, feeds and postback pagers of a listing page.

    Relative links resolve against ``<base href>`` when the page has one (itself resolved
    against ``page_url``). Entities such as ``&amp;`` are already decoded by the parser.
    Fragment-only links and non-page schemes are skipped; fragments are cut off.
    """
    tree = LexborHTMLParser(html)
    base = page_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        href = (base_node.attributes.get("href") or "").strip()
        if href:
            base = _join(page_url, href) or page_url
    scan = ListingScan()
    seen: set[str] = set()
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if _POSTBACK.search(href) and _is_pager(href, node.text(deep=True)):
            scan.postback_pager = True
            continue
        if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
            continue
        url = _join(base, href)
        if url and url not in seen:
            seen.add(url)
            scan.links.append(url)
    for node in tree.css("link[rel][href]"):
        rel = (node.attributes.get("rel") or "").lower()
        kind = (node.attributes.get("type") or "").lower()
        if "alternate" in rel and kind in _FEED_TYPES:
            url = _join(base, (node.attributes.get("href") or "").strip())
            if url and url not in scan.feeds:
                scan.feeds.append(url)
    if not scan.postback_pager:
        scan.postback_pager = any(
            _POSTBACK.search(node.attributes.get("onclick") or "")
            and _is_pager(node.attributes.get("name") or "", node.attributes.get("value") or "")
            for node in tree.css("input[onclick], a[onclick]")
        )
    return scan


def find_links(html: str, page_url: str) -> list[str]:
    """Absolute URLs of ``a[href]`` in ``html``, in page order, without duplicates."""
    return scan_listing(html, page_url).links


def _is_pager(target: str, label: str) -> bool:
    label = label.strip()
    return label.isdigit() or bool(_PAGER_HINT.search(target)) or bool(_PAGER_HINT.search(label))


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href).split("#", 1)[0]
    except ValueError:  # e.g. an unclosed IPv6 bracket: not a link we can follow
        return None
