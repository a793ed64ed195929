"""Where a listing leads: pagination siblings, sitemaps and feeds.

Commune portals page their lists in every way the web knows: an index (``?PageIndex=2``,
``?page=2``, ``?p=2``), an offset (Joomla ``?start=20``), a path (NukeViet ``/page-2``,
WordPress ``/page/2/``, ``/trang-2``), a Liferay portlet's ``_<portlet>_cur=3`` inside a
long ``p_p_id`` query. ``pagination_key`` reduces a URL to the list it pages through, so a
link is pagination when it has the same key as the page it was found on. That lets a
config name only the first page of a list.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import parse_qsl, urljoin, urlsplit
from xml.etree import ElementTree

# Query parameters that select a page of a list (compared lower-cased).
PAGE_PARAMS = frozenset(
    {"page", "pageindex", "pagenumber", "pageno", "paged", "pg", "p", "start", "offset", "trang", "cur"}
)
# Path suffixes that select a page: /page-2, /trang-2, /page/2/, /trang/2.
_PATH_PAGE = re.compile(r"/(?:page|trang)[-/]\d+/?$", re.I)
# Sitemaps and feeds larger than this once un-gzipped are cut off (a sitemap holds at most
# 50,000 URLs and 50 MB by the protocol; commune sites are far below).
MAX_XML_BYTES = 50_000_000


def _is_page_param(name: str) -> bool:
    name = name.lower()
    # Liferay namespaces its parameters: _101_INSTANCE_abc_cur=3, _com_liferay_..._delta=10.
    return name in PAGE_PARAMS or name.endswith(("_cur", "_delta", "_resetcur"))


def _is_plumbing(name: str) -> bool:
    """Liferay portlet plumbing (p_p_id, p_p_lifecycle…), which a first page often lacks."""
    return name.lower().startswith("p_p_")


def pagination_key(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """(host, path without page suffix, remaining query sorted): the list a URL pages through."""
    parts = urlsplit(url)
    path = _PATH_PAGE.sub("", parts.path).rstrip("/") or "/"
    query = tuple(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_page_param(k) and not _is_plumbing(k)
        )
    )
    return ((parts.hostname or "").lower(), path, query)


def is_pagination(link: str, page_url: str) -> bool:
    """Is ``link`` another page of the list shown at ``page_url``?"""
    if link == page_url:
        return False
    parts = urlsplit(link)
    pages_something = _PATH_PAGE.search(parts.path) is not None or any(
        _is_page_param(k) for k, _ in parse_qsl(parts.query, keep_blank_values=True)
    )
    return (pages_something or _PATH_PAGE.search(urlsplit(page_url).path) is not None) and (
        pagination_key(link) == pagination_key(page_url)
    )


def variant_key(url: str) -> tuple[str, str]:
    """(host, path): URLs sharing it differ only in their query string."""
    parts = urlsplit(url)
    return ((parts.hostname or "").lower(), parts.path)


# -- sitemaps and feeds -----------------------------------------------------------------------


def _unzip(body: bytes) -> bytes:
    """Sitemaps are often served gzipped as files (``sitemap.xml.gz``); inflate with a cap."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(body, MAX_XML_BYTES)
    except zlib.error:
        return b""  # not gzip after all: nothing to read


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _xml_root(data: bytes) -> ElementTree.Element | None:
    """The root of an (already un-gzipped) XML document, or None if it is not XML."""
    try:
        # Python's expat refuses entity expansion bombs, and ElementTree never loads
        # external entities, so untrusted XML is safe to parse here.
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap, a sitemap index or a text sitemap."""
    data = _unzip(body)
    root = _xml_root(data)
    if root is None:
        text = data.decode("utf-8", "replace")
        lines = [line.strip() for line in text.splitlines()]
        return [line for line in lines if line.startswith(("http://", "https://"))], []
    pages: list[str] = []
    nested: list[str] = []
    is_index = _local(root.tag) == "sitemapindex"
    for element in root.iter():
        if _local(element.tag) == "loc" and element.text and element.text.strip():
            url = urljoin(base_url, element.text.strip())
            (nested if is_index else pages).append(url)
    return pages, nested


def parse_feed(body: bytes, base_url: str) -> list[str]:
    """Item links of an RSS 2.0, RSS 1.0 or Atom feed, in feed order."""
    root = _xml_root(_unzip(body))
    if root is None:
        return []
    links: list[str] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("item", "entry"):
            continue
        for child in entry:
            if _local(child.tag) != "link":
                continue
            href = child.get("href") or (child.text or "")
            rel = child.get("rel", "alternate")
            if href.strip() and rel == "alternate":
                links.append(urljoin(base_url, href.strip()))
                break
    return links


def looks_like_feed(content_type: str | None, body: bytes) -> bool:
    """Is a response XML (a feed or sitemap) rather than a page?"""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.endswith(("xml", "rss", "atom")) or kind in ("application/x-gzip", "application/gzip"):
        return True
    return body.lstrip()[:5] == b"<?xml" or body.startswith(b"\x1f\x8b")
