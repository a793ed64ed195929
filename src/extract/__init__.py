"""HTML or flattened text in, article and facts out. Pure functions, no I/O.

from extract import parse_page
article = parse_page(html, kind="html", url="https://…")
article.facts.officials
"""

from __future__ import annotations

from .facts import extract_facts
from .html_page import parse_html
from .records import Article, Facts
from .text_page import parse_text

EXTRACTOR_VERSION = "0.5.0"

__all__ = ["EXTRACTOR_VERSION", "Article", "Facts", "extract_facts", "parse_page"]


def parse_page(
    content: str,
    kind: str = "html",
    source: str = "-",
    url: str | None = None,
    fetched_at: str | None = None,
    *,
    facts: bool = True,
) -> Article:
    """Parse one page (``kind`` "html" or "text") and extract the facts of its body
    (``facts=False``: the page only, e.g. to compare with boilerplate removers)."""
    if kind == "text":
        article = parse_text(content, source=source)
    else:
        article = parse_html(content, source=source, url=url, fetched_at=fetched_at)
    if facts and article.page_kind == "article":
        article.facts = extract_facts(article.body, article.published_at)
    return article
