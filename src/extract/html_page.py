"""HTML article pages: the title here; dates, counters, author and lead in html_meta, body in
html_body, lists in html_lists and html_list_items.

One parse, one cleanup, then C-speed lookups: CSS selectors from the site profile, and regexes
over the page's text nodes as lines (``lines``), matched on their accent-folded keys.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome, html_attachments, html_body, html_captions, html_lists, html_meta, legacy
from .datetimes import find_datetime
from .htmltext import (
    first_accepted,
    font_px,
    has_ancestor,
    inside,
    remove_invisible,
    text_lines,
    text_of,
    text_start,
)
from .profiles import Profile, recognise
from .records import Article
from .textnorm import clean_line, nfc

_DATELINE = re.compile(r"\(\s*((?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4})\s*\)\s*", re.IGNORECASE)
_BANNER = re.compile(r"cổng thông tin|trang thông tin điện tử|cong thong tin", re.IGNORECASE)


def parse_html(
    html: str, source: str = "-", url: str | None = None, fetched_at: str | None = None
) -> Article:
    """Read one article page. ``fetched_at`` (ISO) caps the publication date."""
    html, repaired = legacy.repair_mojibake(nfc(html))
    html, converted = legacy.convert_vn_fonts(html)
    if repaired or converted:
        html = nfc(html)
    tree = LexborHTMLParser(html)
    meta_date = html_meta.meta_date(tree)
    remove_invisible(tree)
    root = tree.body or tree.root
    lines, owners = text_lines(root) if root is not None else ([], [])
    profile = recognise(tree)
    container = html_body.first_with_text(tree, profile.body) or html_body.densest(tree)
    spaced = " ".join(lines)
    body_at = spaced.find(text_start(container)) if container is not None else -1
    title_node, title = _title(tree, profile, container, spaced, body_at)
    joined = "\n".join(lines)
    at = joined.find(title[:40]) if title else -1
    after_title = joined.count("\n", 0, at) if at > 0 else 0
    published, published_source = html_meta.published(tree, profile, title_node, lines, after_title)
    if published is None and meta_date:
        published, published_source = meta_date, "meta_tag"
    if published and fetched_at and published[:10] > fetched_at[:10]:
        published, published_source = None, None
    views = html_meta.views(tree, profile, lines, owners, joined, after_title)
    related = html_lists.related(tree, profile, url, lines, owners, spaced)
    attachments = html_attachments.attachments(tree, profile, container, url, lines, owners, joined)
    if attachments:  # a box of attached files under a list's heading: no articles
        files = {a.url for a in attachments}
        related = [r for r in related if r.url not in files]
    author = html_meta.author(tree, profile)
    lead = html_meta.lead(tree, profile, container)
    if lead and 0 <= body_at < spaced.find(lead[:60]):
        lead = None  # an excerpt after the article starts: a card's in a list of others
    captions: list[str] = []
    paragraphs: list[str] = []
    if container is not None:
        captions = html_captions.take_captions(tree, container, profile)
        paragraphs = html_body.body_lines(container, profile)
    paragraphs, byline, photos_only = html_body.clean_body(paragraphs, title)
    if paragraphs and (dateline := _DATELINE.match(paragraphs[0])):
        # "(Ngày 03/11/2022) Chiều ngày 02/11/2022, …": the item's own date opens its first
        # paragraph, where a page has no meta line for it
        paragraphs[0] = paragraphs[0][dateline.end() :]
        if published is None and (found := find_datetime(dateline.group(1))) is not None:
            published, published_source = found.value, "dateline"
    if attachments:  # "Tài liệu đính kèm" listed inside the body container
        paragraphs = [p for p in paragraphs if not html_attachments.listed_line(p, attachments)]
    # "Tin, ảnh: …" in the article before a portal's account name; a name set right after the
    # article, last.
    if photos_only and author:
        byline = None  # "Ảnh: Minh Khang" credits the photos; the page names its writer elsewhere
    author = chrome.without_unit(
        byline
        or html_meta.signed(joined)
        or author
        or html_meta.byline_after(container)
        or html_meta.author_near_title(lines, after_title)
    )
    if lead and (not paragraphs or not html_body.same_text(paragraphs[0], lead)):
        paragraphs.insert(0, lead)
    body = "\n\n".join(paragraphs)
    kind = html_body.page_kind(tree, body, title, spaced)
    if kind in ("listing", "not_found"):  # no article: none of its metadata either
        title = _list_name(tree) if kind == "listing" else ""
        published = published_source = views = author = None
    return Article(
        source=source,
        url=url,
        site_family=profile.name,
        page_kind=kind,
        title=title,
        published_at=published,
        published_source=published_source,
        view_count=views,
        author=author,
        body=body if kind == "article" else "",
        captions=captions,
        attachments=attachments,
        related=related if kind in ("article", "media_only") else [],
        warnings=[
            w
            for w, flag in (
                ("no article container found", container is None),
                ("double-encoded UTF-8 repaired", repaired),
                ("TCVN3 legacy-font text converted", converted),
            )
            if flag
        ],
    )


def _links(node: LexborNode) -> bool:
    """Does a short element (a heading candidate) hold a link? A walk of its few nodes costs
    less than compiling a selector."""
    return any(n.tag == "a" and "href" in n.attrs for n in node.traverse())


def _title_text(node: LexborNode) -> str | None:
    text = text_of(node)
    return text if text and _good_title(text) else None


def _good_title(text: str) -> bool:
    """A heading that can be an article title: not a banner, a block heading or a module name."""
    words = text.split()
    return (
        4 <= len(words) <= 40
        and not text.endswith(":")
        and not _TWO_SENTENCES.search(text)
        and not _BANNER.search(text)
        and ":::" not in text
        and not (text.isupper() and len(words) <= 12)
        and not chrome.block_kind(text)
    )


# Vietnamese templates name the title "tiêu đề" in their classes too (tieude, TieuDe, tieu-de).
_TITLE_CANDIDATES = (
    "h1, h2, h3, h4, [class*='title' i], [class*='tieude' i],"
    " [class*='tieu-de'], [class*='tieu_de'], b, strong, font, [style*='bold' i],"
    " [style*='font-weight: 700'], [style*='font-weight:700']"
)
_TWO_SENTENCES = re.compile(r"\w[.!?] +[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w")
_TITLE_PX = 15  # a title set in an inline style is larger than the body's text
_TITLE_CHARS = (12, 2000)  # raw text of a title: four words at least, and not a whole column
_LARGE = 1.5  # the rank of large bold type set by an inline style
_TAG_RANK = {"h1": 3.0, "h2": 2.0, "h3": 1.5, "h4": 1.0, "b": 0.5, "strong": 0.5, "font": 0.5}


def _title(
    tree: LexborHTMLParser, profile: Profile, container: LexborNode | None, spaced: str, body_at: int
) -> tuple[LexborNode | None, str]:
    own = first_accepted(tree, profile.title, _title_text)
    if own is not None:
        return own
    # Otherwise the best heading: a long one, high in rank, just above the article text
    # (sidebars and polls have headings too, and may come first in the page).
    best: tuple[float, LexborNode, str] | None = None
    for node in tree.css(_TITLE_CANDIDATES):
        raw = node.text(separator=" ")
        if not _TITLE_CHARS[0] <= len(raw) <= _TITLE_CHARS[1]:
            continue  # most candidates are a bold word or two (menus, labels), read no further
        text = clean_line(raw)
        if not text or not _good_title(text) or _links(node) or has_ancestor(node, ("a",)):
            continue  # a link is not the page's own title
        at = spaced.find(text)
        opens = at == body_at and _rank(node) >= _LARGE
        if container is not None and node.tag != "h1" and not opens and inside(node, container):
            continue  # a bold line of the body; an <h1>, or large type opening it, is the title
        score = _rank(node) + min(len(text.split()), 12) / 4
        if "tieu" in (node.attributes.get("class") or "").lower():
            score += 1.5
        if 0 <= at <= body_at:
            score += 2 if body_at - at < 800 else 1
        if best is None or score > best[0]:
            best = (score, node, text)
    if best is not None:
        return best[1], best[2]
    og = tree.css_first("meta[property='og:title']")
    if og is not None and og.attributes.get("content"):
        return None, _strip_site(clean_line(og.attributes["content"] or ""))
    return None, _strip_site(text_of(tree.css_first("title")))


_CRUMB_SEPARATORS = re.compile(r"\s*[»›>/|]\s*")
_PAGE_NUMBER = re.compile(r"^(trang|page)\s*\d+$", re.IGNORECASE)


def _rank(node: LexborNode) -> float:
    """How much a heading's tag says it is the title; for an element bold by its inline style,
    a large font says it (a body's bold lead is set smaller)."""
    rank = _TAG_RANK.get(node.tag or "")
    if rank is not None:
        return rank
    style = (node.attributes.get("style") or "").lower()
    if "bold" not in style and "font-weight: 700" not in style and "font-weight:700" not in style:
        return 1.0  # a class names it a title
    px = font_px(style)
    return _LARGE if px is not None and px >= _TITLE_PX else 0.5


def _list_name(tree: LexborHTMLParser) -> str:
    """A list page's name: the last step of its breadcrumb, else its <title>."""
    crumb = tree.css_first("[class*='breadcrumb'], [class*='Breadcrumb'], .dd_chuyenmuc")
    parts = [p for p in _CRUMB_SEPARATORS.split(text_of(crumb)) if p and not _PAGE_NUMBER.match(p)]
    if len(parts) > 1:
        return parts[-1]
    return _strip_site(text_of(tree.css_first("title")))


def _strip_site(text: str) -> str:
    """ "Title - Cổng thông tin điện tử xã …" -> "Title" (the last " - " part names the site)."""
    return re.split(r"\s+[-|–]\s+(?=[^-|–]*$)", text)[0] if text else ""
