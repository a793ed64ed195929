"""Find the links on a listing page."""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

# href values that never lead to a page.
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:")


def find_links(html: str, page_url: str) -> list[str]:
    """Absolute URLs of ``a[href]`` in ``html``, in page order, without duplicates.

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
            base = urljoin(page_url, href)
    seen: set[str] = set()
    found: list[str] = []
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
            continue
        try:
            url = urljoin(base, href).split("#", 1)[0]
        except ValueError:  # e.g. an unclosed IPv6 bracket: not a link we can follow
            continue
        if url not in seen:
            seen.add(url)
            found.append(url)
    return found
