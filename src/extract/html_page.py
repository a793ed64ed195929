"""HTML article pages: title, dates, counters, body, captions, attachments and related lists."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .datetimes import find_datetime
from .htmltext import BLOCK_TAGS, contains, is_hidden, node_text, paragraphs
from .profiles import Profile, recognise
from .records import Article, Attachment, RelatedItem
from .textnorm import clean_line, nfc

_BANNER = re.compile(r"cổng thông tin|trang thông tin điện tử|cong thong tin", re.IGNORECASE)
_DOC_LINK = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|zip|rar)(\?|$)|/documents/|get_file", re.IGNORECASE)
_CAPTION_CLASS = "figcaption, [class*='caption'], [class*='Caption']"
_MAX_CAPTION_WORDS = 40
_READ_MORE = re.compile(r"^(xem (tiếp|thêm)|đọc tiếp|chi tiết)\b", re.IGNORECASE)


def parse_html(
    html: str, source: str = "-", url: str | None = None, fetched_at: str | None = None
) -> Article:
    """Read one article page. ``fetched_at`` (ISO) caps the publication date."""
    tree = LexborHTMLParser(nfc(html))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    profile = recognise(tree)
    title_node, title = _title(tree, profile)
    published, published_source = _published(tree, profile, title_node)
    if published and fetched_at and published[:10] > fetched_at[:10]:
        published, published_source = None, None
    views = _views(tree, profile)
    container = _first(tree, profile.body) or _densest(tree)
    related = _related(tree, profile, url, container)
    attachments = _attachments(tree, profile, container, url)
    author = _author(tree, profile)
    lead = _lead(tree, profile, container)
    captions: list[str] = []
    body_lines: list[str] = []
    if container is not None:
        for sel in profile.drop:
            for n in container.css(sel):
                n.decompose()
        captions = _take_captions(tree, container, profile)
        body_lines = paragraphs(container)
    body_lines, byline = _clean_body(body_lines, title)
    author = author or byline
    if lead and (not body_lines or not _same(body_lines[0], lead)):
        body_lines.insert(0, lead)
    body = "\n\n".join(body_lines)
    kind = _page_kind(tree, body, title)
    warnings = [] if container is not None else ["no article container found"]
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
        related=related,
        warnings=warnings,
    )


def _first(tree: LexborHTMLParser | LexborNode, selectors: tuple[str, ...]) -> LexborNode | None:
    for sel in selectors:
        for node in tree.css(sel):
            if node_text(node):
                return node
    return None


def _title(tree: LexborHTMLParser, profile: Profile) -> tuple[LexborNode | None, str]:
    node = _first(tree, profile.title)
    if node is not None:
        return node, node_text(node)
    for h in tree.css("h1, h2"):
        text = node_text(h)
        if text and not _BANNER.search(text) and len(text.split()) >= 4:
            return h, text
    og = tree.css_first("meta[property='og:title']")
    if og is not None and og.attributes.get("content"):
        return None, clean_line(nfc(og.attributes["content"] or ""))
    t = tree.css_first("title")
    text = node_text(t) if t is not None else ""
    return None, re.split(r"\s+[-|–]\s+(?=[^-|–]*$)", text)[0] if text else ""


def _published(tree: LexborHTMLParser, profile: Profile, title_node: LexborNode | None):
    for sel in profile.date:
        for node in tree.css(sel):
            found = find_datetime(node_text(node))
            if found:
                return found.value, "profile"
    # A labelled meta line anywhere outside lists ("Ngày đăng:", "Ngay dang:", "Đăng ngày").
    for node in tree.css("span, p, div, li, time, em, small, td"):
        text = node_text(node)
        if 0 < len(text) < 120 and chrome.published_label_at(text):
            found = find_datetime(text)
            if found:
                return found.value, "meta_line"
    for sel, attr in (
        ("meta[property='article:published_time']", "content"),
        ("meta[itemprop='datePublished']", "content"),
        ("[itemprop='datePublished']", "content"),
        ("time[datetime]", "datetime"),
    ):
        node = tree.css_first(sel)
        if node is not None and node.attributes.get(attr):
            found = find_datetime(node.attributes[attr] or "")
            if found:
                return found.value, "meta_tag"
    if title_node is not None:
        # The first short dated line after the title, before the body proper.
        node = title_node.next
        for _ in range(8):
            if node is None:
                break
            text = node_text(node) if node.tag != "-text" else clean_line(node.text_content or "")
            if text and len(text) < 80:
                found = find_datetime(text)
                if found:
                    return found.value, "near_title"
            node = node.next
    return None, None


def _views(tree: LexborHTMLParser, profile: Profile) -> int | None:
    for sel in profile.views:
        for node in tree.css(sel):
            v = chrome.read_views(node_text(node))
            if v is not None:
                return v
    for node in tree.css("span, p, div, li, small, em"):
        text = node_text(node)
        if 0 < len(text) < 80:
            v = chrome.read_views(text)
            if v is not None:
                return v
    return None


def _author(tree: LexborHTMLParser, profile: Profile) -> str | None:
    for sel in profile.author:
        for node in tree.css(sel):
            text = node_text(node)
            if text:
                return chrome.read_author(text) or (text if len(text) < 60 else None)
    return None


def _lead(tree: LexborHTMLParser, profile: Profile, container: LexborNode | None) -> str | None:
    node = _first(tree, profile.lead)
    if node is None:
        return None
    text = node_text(node)
    if container is not None and _inside(node, container):
        return None  # it is read with the body
    return text or None


def _inside(node: LexborNode, ancestor: LexborNode) -> bool:
    p = node
    while p is not None:
        if p.mem_id == ancestor.mem_id:
            return True
        p = p.parent
    return False


def _densest(tree: LexborHTMLParser) -> LexborNode | None:
    """Generic fallback: the element whose paragraphs hold the most non-link text."""
    best, best_score = None, 0.0
    for node in tree.css("article, main, div, section, td"):
        if is_hidden(node):
            continue
        direct = [c for c in node.iter() if c.tag in ("p", "div", "br", "span", "h2", "h3")]
        if not direct:
            continue
        text = len(node.text(separator=" ", strip=True))
        links = sum(len(a.text(strip=True)) for a in node.css("a"))
        ps = sum(len(p.text(strip=True)) for p in node.iter() if p.tag == "p")
        score = ps + 0.3 * (text - links) - 2 * links
        if score > best_score:
            best, best_score = node, score
    return best


def _is_img_block(node: LexborNode | None) -> bool:
    return node is not None and node.tag != "-text" and (node.tag == "img" or contains(node, "img"))


def _prev_element(node: LexborNode) -> LexborNode | None:
    p = node.prev
    while p is not None and (p.tag in ("-text", "-comment") and not (p.text_content or "").strip()):
        p = p.prev
    return p


def _take_captions(tree: LexborHTMLParser, container: LexborNode, profile: Profile) -> list[str]:
    """Collect photo captions in the container and remove them from it."""
    found: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()

    def add(node: LexborNode) -> None:
        text = node_text(node)
        if text and node.mem_id not in seen and len(text.split()) <= _MAX_CAPTION_WORDS:
            seen.add(node.mem_id)
            found.append((node, text))

    for sel in profile.captions:  # the family's own caption elements, wherever they sit
        for node in tree.css(sel):
            add(node)
    for node in container.css(_CAPTION_CLASS):
        add(node)
    for node in container.css("p, div, td, center"):
        if contains(node, "p, div, table"):
            continue
        text = node_text(node)
        if not text or len(text.split()) > _MAX_CAPTION_WORDS or _is_img_block(node):
            if _is_img_block(node):
                _caption_inside(node, add)
            continue
        styled = _is_styled_caption(node)
        prev = _prev_element(node)
        after_image = _is_img_block(prev) or (node.tag == "td" and _caption_cell(node))
        if after_image and (styled or node.tag == "td"):
            add(node)
    order = {n.mem_id: i for i, n in enumerate(container.traverse())}
    found.sort(key=lambda x: order.get(x[0].mem_id, 0))
    for node, _ in found:
        node.decompose()
    return [text for _, text in found]


def _caption_inside(node: LexborNode, add) -> None:
    """<p><img><br><em>Caption</em></p>: an italic run after the image in the same block."""
    saw_img = False
    for child in node.iter():
        if child.tag == "img" or contains(child, "img"):
            saw_img = True
        elif saw_img and child.tag in ("em", "i", "span", "strong") and _is_styled_caption(child):
            add(child)


def _caption_cell(td: LexborNode) -> bool:
    """A cell of a small table that holds or follows a photo (a one-cell caption table)."""
    table = td.parent
    while table is not None and table.tag != "table":
        table = table.parent
    if table is None or len(table.css("td")) > 3:
        return False
    return contains(table, "img") or _is_img_block(_prev_element(table))


def _is_styled_caption(node: LexborNode) -> bool:
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    cls = (node.attributes.get("class") or "").lower()
    if "caption" in cls or "text-align:center" in style or node.attributes.get("align") == "center":
        return True
    if node.tag in ("em", "i") or "font-style:italic" in style:
        return True
    inner = [c for c in node.iter() if c.tag not in ("-text",) or (c.text_content or "").strip()]
    return len(inner) == 1 and inner[0].tag in ("em", "i")


def _clean_body(lines: list[str], title: str) -> tuple[list[str], str | None]:
    out: list[str] = []
    for line in lines:
        if chrome.block_kind(line) and out:
            break  # an "other articles" list that the profile did not drop
        if chrome.is_chrome_line(line) or (line == title and not out):
            continue
        out.append(line)
    byline = None
    while out:
        last = out[-1]
        author = chrome.read_author(last)
        if author and len(last) < 80:
            byline = author
            out.pop()
        elif len(last) <= 40 and (last.isupper() or last in ("PV", "CTV")) and len(out) > 1:
            byline = last
            out.pop()
        else:
            break
    return out, byline


def _same(a: str, b: str) -> bool:
    return clean_line(a).strip(" .") == clean_line(b).strip(" .")


def _related(
    tree: LexborHTMLParser, profile: Profile, url: str | None, container: LexborNode | None
) -> list[RelatedItem]:
    items: list[RelatedItem] = []
    seen_blocks: set[int] = set()
    blocks = [n for sel in profile.related for n in tree.css(sel)]
    for heading in tree.css("h1, h2, h3, h4, h5, h6, p, div, span, strong, b, legend"):
        text = node_text(heading)
        if not text or len(text) > 40 or not chrome.block_kind(text):
            continue
        if contains(heading, "li, ul, a") or _has_ancestor(heading, ("a", "li", "nav")):
            continue  # a menu entry named like a block is not the block's heading
        box = heading.parent
        for _ in range(3):
            if box is None or box.tag in ("body", "html"):
                break
            if contains(box, "li, a[href]"):
                blocks.append(box)
                break
            box = box.parent
    for block in blocks:
        if block.mem_id in seen_blocks:
            continue
        if any(
            _inside(block, other)
            for other in blocks
            if other.mem_id != block.mem_id and other.mem_id in seen_blocks
        ):
            continue
        seen_blocks.add(block.mem_id)
        items.extend(_block_items(block, url))
    out, keys = [], set()
    for item in items:
        k = (item.title, item.block, item.url)
        if k not in keys:
            keys.add(k)
            out.append(item)
    return out


def _block_items(block: LexborNode, url: str | None) -> list[RelatedItem]:
    kind = "related"
    items: list[RelatedItem] = []
    for node in block.traverse():
        if node.tag in ("li",) or (
            node.tag == "a"
            and node.parent is not None
            and node.parent.tag != "li"
            and not contains(node, "li")
            and not _has_li_ancestor(node, block)
        ):
            if node.tag == "a" and chrome.block_kind(node_text(node)):
                continue
            link = node if node.tag == "a" else node.css_first("a[href]")
            href = link.attributes.get("href") if link is not None else None
            text = node_text(node)
            if not text or chrome.block_kind(text) or (href or "").startswith(("javascript:", "#")):
                continue
            if contains(node, "ul, ol") or chrome.is_chrome_line(text) or _READ_MORE.match(text):
                continue  # a menu parent, a counter or a "read more" link
            item = chrome.related_item(text, urljoin(url, href) if url and href else href, kind)
            if item:
                items.append(item)
        elif node.tag in BLOCK_TAGS | {"span", "strong", "b", "em"} and not contains(node, "li, a"):
            k = chrome.block_kind(node_text(node))
            if k:
                kind = k
    return items


def _has_ancestor(node: LexborNode, tags: tuple[str, ...]) -> bool:
    p = node.parent
    while p is not None:
        if p.tag in tags:
            return True
        p = p.parent
    return False


def _has_li_ancestor(node: LexborNode, stop: LexborNode) -> bool:
    p = node.parent
    while p is not None and p.mem_id != stop.mem_id:
        if p.tag == "li":
            return True
        p = p.parent
    return False


def _attachments(
    tree: LexborHTMLParser, profile: Profile, container: LexborNode | None, url: str | None
) -> list[Attachment]:
    links = [a for sel in profile.attachments for a in tree.css(sel)]
    if container is not None:
        links += [a for a in container.css("a[href]") if _DOC_LINK.search(a.attributes.get("href") or "")]
    out, seen = [], set()
    for a in links:
        href = a.attributes.get("href") or ""
        if not href or href in seen or not _DOC_LINK.search(href):
            continue
        seen.add(href)
        out.append(
            Attachment(
                url=urljoin(url, href) if url else href,
                title=node_text(a) or href.rsplit("/", 1)[-1],
            )
        )
    return out


def _page_kind(tree: LexborHTMLParser, body: str, title: str) -> str:
    if chrome.is_soft_404(body[:300] or title) and len(body) < 400:
        return "not_found"
    if not body.strip():
        if tree.css_first("embed[src], iframe[src*='pdf'], video, iframe[src*='youtube']") is not None:
            return "media_only"
        return "listing" if len(tree.css("a[href]")) > 20 else "not_found"
    return "article"
