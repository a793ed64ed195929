"""Lists around an article: related / latest / other blocks, found by the site profile or by
their headings (one item of a block: html_list_items; attached documents: html_attachments)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .html_list_items import block_item, is_read_more
from .htmltext import (
    SMALL_ELEMENT,
    contains,
    contains_tag,
    has_ancestor,
    inside,
    next_element,
    text_of,
    text_start,
)
from .profiles import Profile
from .records import RelatedItem
from .textnorm import clean_line


def related(
    tree: LexborHTMLParser,
    profile: Profile,
    url: str | None,
    lines: list[str],
    owners: list[LexborNode],
    spaced: str,
) -> list[RelatedItem]:
    """Every item of the page's related, latest and other-article blocks, in page order.
    ``lines`` are the page's text lines and ``owners`` their text nodes (htmltext.text_lines)."""
    blocks = [(b, "related") for b in tree.css(", ".join(profile.related))] if profile.related else []
    blocks += _blocks_under_headings(lines, owners)
    chosen: list[tuple[LexborNode, str]] = []
    for block, kind in blocks:  # the family's own blocks first, then those found by heading
        if any(inside(block, c) or inside(c, block) for c, _ in chosen):
            continue
        chosen.append((block, kind))
    items: list[RelatedItem] = []
    keys: set[tuple] = set()
    for block, kind in _document_order(chosen, spaced):
        block_items = _block_items(block, url, kind)
        if block.tag == "a":  # a post's previous/next link: its label goes
            block_items = [
                RelatedItem(chrome.without_heading(i.title), i.url, i.published_at, i.block)
                for i in block_items
            ]
        short = [chrome.is_short_name(item) for item in block_items]
        if _is_category_menu(block_items, short) or _is_section_link(block_items):
            continue
        if not all(short):  # category links among articles
            block_items = [item for item, s in zip(block_items, short, strict=True) if not s]
        for item in block_items:
            k = (item.title, item.block, item.url)
            if k not in keys:
                keys.add(k)
                items.append(item)
    return items


def _is_category_menu(items: list[RelatedItem], short: list[bool]) -> bool:
    """A list of short undated names ("Tin hoạt động", "Quốc phòng - An ninh"; ``short`` tells
    which items are) is a menu of categories, not of articles: mostly such names, or only such
    names in a list of one or two."""
    if not items or any(item.published_at for item in items):
        return False
    count = sum(short)
    return count == len(items) if len(items) < 3 else count * 2 > len(items)


def _is_section_link(items: list[RelatedItem]) -> bool:
    """One link alone in a side box ("LỊCH CÔNG TÁC", "VIDEO") leads to a section of the site;
    a box listing articles holds several."""
    return len(items) == 1 and items[0].block == "other"


def _document_order(blocks: list[tuple[LexborNode, str]], spaced: str) -> list[tuple[LexborNode, str]]:
    """Blocks in page order, placed by where their text starts in the single-spaced page text."""
    if len(blocks) < 2:
        return blocks
    return sorted(blocks, key=lambda b: spaced.find(text_start(b[0])))


def _blocks_under_headings(lines: list[str], owners: list[LexborNode]) -> list[tuple[LexborNode, str]]:
    """Boxes holding links right under a heading such as "Tin liên quan", with the heading's kind."""
    boxes: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()
    for text, owner in zip(lines, owners, strict=True):
        # Headings are a few words: most lines fail the length test first.
        if not (2 < len(text) <= 40 and chrome.block_kind(text)):
            continue
        heading = owner.parent  # the element the heading text sits in directly
        if heading is None or heading.mem_id in seen:
            continue
        seen.add(heading.mem_id)
        own = text_of(heading)
        kind = chrome.block_kind(own) if len(own) <= 40 else None
        if not kind:
            continue
        link = _link_around(heading) if heading.tag != "a" else None
        if link is not None and len(text_of(link)) > len(own) + 15:
            boxes.append((link, kind))  # <a><span>« Bài mới hơn</span><br><span>Title</span></a>
            continue
        if heading.tag == "a" and heading.parent is not None and text_of(heading.parent) == own:
            heading = heading.parent  # <h3><a href="/tin-moi">Tin mới nhất</a></h3>
        if heading.tag == "a" or has_ancestor(heading, ("a", "li", "nav")):
            continue  # a menu entry named like a block is not the block's heading
        box = _box_under(heading)
        if box is not None and not _is_ticker(box):
            boxes.append((box, kind))
    return boxes


def _is_ticker(box: LexborNode) -> bool:
    """A header's ticker ("Thông báo: <marquee>…</marquee>"): every link of the box scrolls
    sideways, the site's notices, no list around this article. A box that scrolls up is a list
    ("TIN MỚI CẬP NHẬT" over <marquee direction="up">)."""
    marquees = box.css("marquee") if contains_tag(box, _MARQUEE) else []
    sideways = [m for m in marquees if (m.attributes.get("direction") or "left").lower() in ("left", "right")]
    if not sideways:
        return False
    links = box.css("a[href]")
    return bool(links) and all(any(inside(a, m) for m in sideways) for a in links)


_MARQUEE = frozenset({"marquee"})


def _link_around(node: LexborNode) -> LexborNode | None:
    """The link a heading-like label sits in (two levels up at most)."""
    p = node.parent
    for _ in range(2):
        if p is None:
            return None
        if p.tag == "a" and "href" in p.attrs:
            return p
        p = p.parent
    return None


def _box_under(heading: LexborNode) -> LexborNode | None:
    """The element holding the list a heading names: the nearest ancestor with links, or,
    in table layouts, the row or table right after the heading's own."""
    ancestors: list[LexborNode] = []
    node = heading.parent
    while node is not None and node.tag not in ("body", "html", "nav") and len(ancestors) < 4:
        ancestors.append(node)
        node = node.parent
    for box in (*ancestors[:3], *(next_element(a) for a in ancestors)):
        if box is None:
            continue
        verdict = _judge_box(box)
        if verdict and box is ancestors[0] and _only_read_more(box):
            verdict = None  # the heading's bar with its "Xem tất cả": the list comes after it
        if verdict and box in ancestors and not _opens_with(box, heading):
            # Links before the heading: a column that holds the list. The list is the element
            # after the heading's own when that lists several links ("<div>heading widget</div>
            # <div>grid of posts</div>"), else the links after the heading in the column.
            after = _list_after(heading, ancestors[: ancestors.index(box)])
            if after is not None:
                return after
        if verdict is None:
            if box.tag == "tr" and (after := next_element(box)) is not None and _judge_box(after):
                return _item_rows(after)  # "<tr><td>TIN MỚI</td></tr><tr><td>(the list)</td></tr>"
            continue
        if verdict:
            return _item_rows(box) if box.tag == "tr" else box
        # A column that also holds the site's menus: the list may be the element after the
        # heading ("<div class="boxtitle">TIN MỚI</div><div class="boxcontent">…</div>") or after
        # its row ("<tr><td>TIN MỚI</td></tr><tr><td><table>…</table></td></tr>").
        for before in (heading, *ancestors[: ancestors.index(box) if box in ancestors else 0]):
            after = next_element(before)
            if after is not None and _judge_box(after):
                return after
        return None
    return None


_BAR_CHARS = 120  # the text of a heading's bar: the heading and a link or two


def _only_read_more(box: LexborNode) -> bool:
    """Are a small box's links all "read more" links ("Xem tất cả"), listing no article?"""
    if len(box.text()) > _BAR_CHARS:
        return False  # a list's box: most boxes, told by one call into lexbor
    links = []
    for n, node in enumerate(box.traverse()):
        if n > SMALL_ELEMENT:
            return False
        if node.tag == "a" and "href" in node.attrs:
            links.append(text_of(node))
    return bool(links) and all(is_read_more(text) for text in links)


def _list_after(heading: LexborNode, holders: list[LexborNode]) -> LexborNode | None:
    """The element right after the heading or one of its ``holders`` that is a list of several
    links, if any."""
    for before in (heading, *holders):
        after = next_element(before)
        if after is not None and _judge_box(after) and len(after.css("a[href]")) > 1:
            return after
    return None


def _opens_with(box: LexborNode, heading: LexborNode) -> bool:
    """Does the box's text start with the heading's (a list's box opens with its heading)?"""
    own = text_start(heading, 30)
    return bool(own) and text_start(box, len(own)) == own


def _item_rows(row: LexborNode) -> LexborNode:
    """The table section of a row after a heading's row when that row is one item of several:
    every row from it to the section's end holds a link (one article a row, as old table
    layouts list "CÁC TIN KHÁC"); else the row itself."""
    section, rows = row.parent, 0
    node: LexborNode | None = row
    while node is not None:
        if node.tag == "tr":
            if node.css_first("a[href]") is None:
                return row
            rows += 1
        node = next_element(node)
    return section if section is not None and rows > 1 else row


def _judge_box(box: LexborNode) -> bool | None:
    """None if the box holds no <li> or link; else whether it is a list and not a column
    (a box that also holds the site menu or dozens of links)."""
    counted = _count_small(box)
    if counted is None:  # a big box: lexbor counts
        inside_box = [n for n in box.css("li, a[href]") if n.mem_id != box.mem_id]
        if not inside_box:
            return None
        links = sum(1 for n in inside_box if n.tag == "a")
        return links <= 40 and not contains(box, _MENU_INSIDE)  # nested lists are menus
    entries, links, menu = counted
    if not entries and not links:
        return None
    return links <= 40 and not menu


def _count_small(box: LexborNode) -> tuple[int, int, bool] | None:
    """<li>s, links and whether a menu is inside (<nav>, a list in an item), for a box of
    at most SMALL_ELEMENT nodes; None for a bigger one."""
    entries = links = 0
    menu = False
    for i, node in enumerate(box.traverse()):
        if i > SMALL_ELEMENT:
            return None
        if i == 0:
            continue  # the box itself
        tag = node.tag
        if tag == "li":
            entries += 1
        elif tag == "a" and "href" in node.attrs:
            links += 1
        elif (tag == "nav" and not _is_pager(node)) or (tag in ("ul", "ol") and has_ancestor(node, ("li",))):
            menu = True  # a site menu, not a list's own pager
    return entries, links, menu


_PAGER = re.compile(r"pager|paging|pagination", re.IGNORECASE)  # a list's own page links
_MENU_INSIDE = "nav:not([class*='pag' i]), li ul, li ol"
_HEADING_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "em", "legend"}
)


def _block_items(block: LexborNode, url: str | None, kind: str) -> list[RelatedItem]:
    """The items of one block (its <li>s, or its links when it has none), of the kind its
    heading names; a heading inside the block ("Những tin cũ hơn") sets the kind of the items
    after it."""
    item_tag = _item_tag(block)
    items: list[RelatedItem] = []
    # A walk in page order that does not enter the items it takes: their insides (spans,
    # dates, thumbnails) are most of a block and are read by _item.
    stack = [block]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == item_tag:
            item = block_item(node, url, kind) if kind else None
            if item is not None:
                items.append(item)
            if item is not None or not kind:
                continue
        elif tag == "nav" and _is_pager(node):
            continue  # the list's own page links
        elif tag in _HEADING_TAGS:
            raw = node.text(separator=" ")
            if len(raw) <= 80:  # cheap test first: most are long
                text = clean_line(raw)  # text_of(node)
                if len(text) <= 40:  # "" under a box of schedules or documents: its items are skipped
                    kind = "" if chrome.lists_no_articles(text) else chrome.block_kind(text) or kind
        stack.extend(reversed(list(node.iter())))
    return items


def _is_pager(node: LexborNode) -> bool:
    """A list's own page links (class "pager", "pagination"): not a menu, not items."""
    return _PAGER.search(node.attributes.get("class") or "") is not None


def _item_tag(block: LexborNode) -> str:
    """ "li" if the block lists its items as <li>s holding links (other than a pager's), else
    "a": the <li>s of a card's own date and reading time list no articles."""
    if block.tag == "li":
        return "li"
    entry = None
    for node in block.traverse():
        if node.tag == "li" and not _in_pager(node, block):
            entry = node
        elif entry is not None and node.tag == "a" and "href" in node.attrs and inside(node, entry):
            return "li"
    return "a"


def _in_pager(node: LexborNode, block: LexborNode) -> bool:
    """Is node inside a pager (<nav class="pager">, <ul class="pagination">) within block?"""
    p: LexborNode | None = node
    while p is not None and p.mem_id != block.mem_id:
        if p.tag in ("nav", "ul", "div") and _is_pager(p):
            return True
        p = p.parent
    return False
