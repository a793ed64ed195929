"""One item of a related / latest / other list: its title, link and date, however the item is
marked up (html_lists finds the blocks)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from . import chrome
from .datetimes import FoundDate, find_datetime
from .htmltext import SMALL_ELEMENT, has_text, inside, next_solid, text_of
from .records import RelatedItem
from .textnorm import clean_line

_READ_MORE = re.compile(r"^(xem (tiếp|thêm|tất cả)|đọc (tiếp|thêm)|chi tiết)\b", re.IGNORECASE)


def is_read_more(text: str) -> bool:
    """ "Xem thêm", "Đọc tiếp", "Xem tất cả": a link to more, not an article's title."""
    return _READ_MORE.match(text) is not None


def block_item(node: LexborNode, url: str | None, kind: str) -> RelatedItem | None:
    """One <li> or <a> of a block as an item, or None (a heading, a menu parent, a tool link)."""
    text = text_of(node)
    if not text or len(text) > 400 or (len(text) <= 40 and chrome.block_kind(text)):
        return None
    link, nested = (node, False) if node.tag == "a" else _link_in(node)
    href = link.attributes.get("href") if link is not None else None
    if (href or "").startswith(("javascript:", "#")) or chrome.is_chrome_line(text):
        return None
    if nested or is_read_more(text):
        return None  # a menu parent, or a "read more" link
    target = absolute(url, href) if url and href else href
    return _item(node, link, text, target, kind)


def _link_in(item: LexborNode) -> tuple[LexborNode | None, bool]:
    """An item's first link with text (a thumbnail's link before the title's has none), else its
    first link; and whether it holds a nested list (then it is a menu entry). A walk of the few
    nodes of one item: cheaper than compiling a selector for each."""
    link = thumbnail = None
    for node in item.traverse():
        tag = node.tag
        if tag in ("ul", "ol") and node.mem_id != item.mem_id:
            return link or thumbnail, True
        if link is None and tag == "a" and "href" in node.attributes:
            if has_text(node):
                link = node
            elif thumbnail is None:
                thumbnail = node
    return link or thumbnail, False


def absolute(base: str, href: str) -> str:
    """``urljoin(base, href)``; the two common cases, an absolute http(s) link and a
    root-relative one without dot segments, without urllib's parsing of both (a list of
    thirty links made urljoin a fifth of the reader's time)."""
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("/") and not href.startswith("//") and "/." not in href:
        origin = _origin(base)
        if origin:
            return origin + href
    return urljoin(base, href)


@lru_cache(maxsize=256)
def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


_DIGIT = re.compile(r"\d")
_RANK = re.compile(r"^\d{1,2}[.)]?\s+(?=\w)")


def _item(
    node: LexborNode, link: LexborNode | None, text: str, url: str | None, kind: str
) -> RelatedItem | None:
    """One list item: "Title (dd/mm/yyyy)" in one run of text, or the link's title with a
    date in a sibling element (<span class="date">, <time>) of the same item."""
    if link is not None and (card := _card(link)) is not None:
        return RelatedItem(card[0], url, card[1], kind)
    item = chrome.related_item(text, url, kind)
    if item is None or item.published_at or link is None:
        return item
    stamped = _stamped_title(link)
    if stamped is not None:  # <a>Title <span>28/11/2024</span></a>
        return RelatedItem(stamped[0], url, stamped[1], kind)
    box = node
    if link is node:  # a bare link: its date, if any, sits beside it in the item around it
        box = _item_box(node)
        text = text_of(box) if box is not node else f"{text} {_line_after(node)}"
    if not _DIGIT.search(text):
        return item
    title = text_of(link)
    rest = text.replace(title, " ", 1) if title and title in text else ""
    # A date in an element of its own beats one quoted in the item's excerpt ("<p>Từ ngày 02 đến
    # ngày 04/12/2024, …</p><span class="date">05/12/2024</span>").
    found = _dated_element(box, link) if box is not link else None
    if found is None and title and len(rest) > _SNIPPET_CHARS:
        # "<a>Title</a><div class="snippet">Sáng ngày 25/02/2024, …</div>": the title alone; a date
        # in the snippet is the story's, not the item's
        return RelatedItem(_RANK.sub("", title), url, None, kind)
    found = found or (find_datetime(rest) if rest.strip() else None)
    if title and (found or _RANK.match(text) or chrome.is_stamp(rest)):
        return RelatedItem(_RANK.sub("", title), url, found.value if found else None, kind)
    return item


def _card(link: LexborNode) -> tuple[str, str | None] | None:
    """(title, date) of a card whose one link wraps a heading and more: its tag, its excerpt, its
    date (Ghost's "gh-card", Webflow's "news-card"): the heading is the title, the date the one in
    an element of its own."""
    heading = next((n for n in link.traverse() if n.tag in _HEADINGS), None)
    if heading is None:
        return None
    title = text_of(heading)
    if not title or len(text_of(link)) <= len(title):
        return None  # the link holds its title alone
    found = _dated_element(link, heading)
    return title, found.value if found else None


_HEADINGS = frozenset({"h2", "h3", "h4", "h5"})
_STAMP_CHARS = 30  # the text of an element that holds a date and little else
_SNIPPET_CHARS = 80  # the text of an item beside its title: a snippet of the story beyond this


def _dated_element(box: LexborNode, link: LexborNode) -> FoundDate | None:
    """The date of the first small element in the box, outside the link, that holds a date and
    little else: an item's own date, not one its excerpt quotes."""
    for n, node in enumerate(box.traverse()):
        if n > SMALL_ELEMENT:
            return None
        if node.tag not in _DATE_HOLDERS or inside(node, link):
            continue
        text = node.text(deep=True)
        if len(text) <= _STAMP_CHARS * 2 and _DIGIT.search(text):
            own = clean_line(text)
            if len(own) <= _STAMP_CHARS and (found := find_datetime(own)) is not None:
                return found
    return None


_DATE_HOLDERS = frozenset({"time", "span", "small", "em", "i", "div", "p"})


def _stamped_title(link: LexborNode) -> tuple[str, str | None] | None:
    """(title, date) of a link whose last element is its date or age ("<a>Title <span>28/11/2024
    </span></a>", "… <div>2 giờ trước</div>"); None if it ends otherwise."""
    last = _last_element(link)
    while last is not None and last.tag in _WRAPPERS and (inner := _last_element(last)) is not None:
        last = inner  # "<a><img><div><h3>Title</h3><time>30/09/2025</time></div></a>"
    if last is None or last.tag in ("img", "br"):
        return None
    stamp = text_of(last)
    if not stamp or len(stamp) > 30 or not _DIGIT.search(stamp):
        return None
    found = find_datetime(stamp)
    if found is None and not chrome.is_stamp(stamp):
        return None
    full = text_of(link)
    title = full[: -len(stamp)].strip() if full.endswith(stamp) else ""
    return (title, found.value if found else None) if title else None


_WRAPPERS = frozenset({"div", "span", "p"})


def _last_element(node: LexborNode) -> LexborNode | None:
    """The last child element of ``node`` (comments and text left out), or None."""
    last = None
    for child in node.iter():
        last = child
    return last


def _line_after(link: LexborNode) -> str:
    """The text after a link up to the line's end (<br>, the next link): "<a>Title</a> <font>
    (04/03/2019)</font><br>" in a list written as lines; if there is none, a date alone on the
    line below, which a blank line or the list's end closes ("<a>Title</a><br><span>09/10/2023
    16:42</span><br><br>")."""
    parts, node = [], link.next
    for _ in range(4):
        if node is None or node.tag in ("br", "a", "p", "div", "li"):
            break
        parts.append((node.text_content or "") if node.tag == "-text" else text_of(node))
        node = node.next
    line = clean_line(" ".join(parts))
    return line or (_date_below(node) if node is not None and node.tag == "br" else "")


def _date_below(br: LexborNode) -> str:
    """The date on the line after ``br`` when it is all that line holds and a blank line (or
    nothing) follows it: a list's date under each title, not the next item's above it."""
    node = next_solid(br.next)
    if node is None or node.tag in ("br", "a", "img"):
        return ""
    text = clean_line(node.text_content or "") if node.tag == "-text" else text_of(node)
    if len(text) > 30 or find_datetime(text) is None:
        return ""
    after = next_solid(node.next)
    if after is not None and after.tag == "br":
        after = next_solid(after.next)
        return text if after is None or after.tag == "br" else ""
    return text if after is None else ""


def _item_box(link: LexborNode) -> LexborNode:
    """The largest element around a link (three levels at most) that links nowhere else:
    a list entry made of a thumbnail, a title and a date."""
    href = link.attributes.get("href")
    box = link
    for _ in range(3):
        up = box.parent
        if up is None or up.tag in ("body", "ul", "ol", "table", "tbody"):
            break
        if any(n.tag == "a" and n.attributes.get("href", href) != href for n in up.traverse()):
            break
        box = up
    return box
