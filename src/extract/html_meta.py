"""Article metadata beside the body: publication date, view count, author and lead.

Each reader tries the site profile's selectors first, then the page's text lines (``lines``,
with ``owners`` their text nodes, and ``joined`` the lines joined by line breaks) and a few
layout habits of unknown templates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .datetimes import FoundDate, find_datetime
from .htmltext import first_accepted, inside, next_element, prev_element, text_of
from .profiles import Profile
from .textnorm import clean_line

# Machine-readable publication dates, most specific first; the date is in `content` or `datetime`.
_META_DATES_HEAD = ("meta[property='article:published_time']", "meta[itemprop='datePublished']")
_META_DATES = ("[itemprop='datePublished']", "time[datetime]")
_EYE = "[class*='eye'], [class*='view' i] > i"
_NEAR_TITLE_LEVELS = 3  # the title's element, its cell, its row
_NEAR_TITLE_SIBLINGS = 8
_VIEWS_BOX = "[class*='views'], [class*='luotxem']"  # lower case, as templates write them: a cheaper scan
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")


_AGE_TAIL = re.compile(r"(?:phut|gio|ngay|tuan|thang|nam) truoc$")


def _labelled(lines: list[str], start: int, kind: str, before: bool = True) -> Iterator[tuple[str, str]]:
    """(label, text that follows it) for the labels of ``kind`` ("Ngày đăng:", "Lượt xem") on
    short lines, nearest after line ``start`` (the title) first, then (``before``) those above
    it, lazily: the caller stops at the first that reads. A value split into its own element is
    on the next line, so two more lines are joined on."""
    at_start, after_separator = chrome.label_patterns(kind)
    after = range(start, min(start + 80, len(lines)))
    for i in itertools.chain(after, range(0, start) if before else ()):
        line = lines[i]
        if not line or len(line) > 160 or chrome.is_stamp(line):
            continue  # "3 ngày trước" beside a list's item is no "Ngày: …" label
        key = chrome.folded(line)
        if _AGE_TAIL.match(key):
            continue  # "1<!-- --> ngày trước": the age's words on a line of their own
        m = at_start.match(key) or after_separator.search(key)
        if m and m.end() == len(key.rstrip(" :")) and i and lines[i - 1].replace(".", "").isdigit():
            continue  # "41" above "lượt xem": the count is written before its label (a card's)
        if m:  # the folded key has the length of the cleaned line, not of the raw one
            text = " ".join([clean_line(line), *lines[i + 1 : i + 3]])
            yield m.group(), " ".join(text[m.end() :].split())[:80]


def meta_date(tree: LexborHTMLParser) -> str | None:
    """A machine-readable publication date, read before hidden elements are removed."""
    head = tree.head
    found = first_accepted(head, _META_DATES_HEAD, _attribute_date) if head is not None else None
    if found:
        return found[1].value
    # One scan for both in-page forms; schema.org's datePublished goes before a bare <time>.
    nodes = tree.css(", ".join(_META_DATES))
    for schema_org in (True, False):
        for node in nodes:
            if (node.attrs.get("itemprop") == "datePublished") == schema_org:
                date = _attribute_date(node)
                if date:
                    return date.value
    return None


def _attribute_date(node: LexborNode) -> FoundDate | None:
    attrs = node.attributes
    # <abbr title="2024-05-21T15:45:00+07:00">: the microformat's machine-readable date
    abbr_title = attrs.get("title") if node.tag == "abbr" else None
    value = attrs.get("content") or attrs.get("datetime") or abbr_title or ""
    return _iso_local(value) or find_datetime(value)


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})")


def _iso_local(value: str) -> FoundDate | None:
    """An ISO date-time with its offset ("2024-11-25T09:05:00Z", "…T16:05:00+0700") as Vietnam
    time, to the minute; None for a bare date or a time without an offset."""
    m = _ISO.search(value)
    if m is None:
        return None
    y, mo, d, h, mi, zone = m.groups()
    offset = 0 if zone == "Z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[-2:]))
    try:
        moment = datetime(int(y), int(mo), int(d), int(h), int(mi)) + timedelta(minutes=7 * 60 - offset)
    except ValueError:
        return None
    return FoundDate(moment.strftime("%Y-%m-%dT%H:%M:00") + "+07:00", m.start(), m.end())


def published(
    tree: LexborHTMLParser,
    profile: Profile,
    title_node: LexborNode | None,
    lines: list[str],
    after_title: int,
) -> tuple[str | None, str | None]:
    dated = first_accepted(tree, profile.date, lambda node: find_datetime(text_of(node)))
    if dated is not None:
        return dated[1].value, "profile"
    # A labelled meta line after the title ("Ngày đăng:", "Ngay dang:", "Đăng lúc"); then a dated
    # line right under the title; then an "updated" label after it; then a labelled line above it
    # (a header's "Cập nhật lúc …" is the site's, when the article dates itself).
    updated = None  # "Cập nhật: 18/01/2025 08:05" gives way to a "Ngày đăng" or a date under the title
    for label, text in _labelled(lines, after_title, "published", before=False):
        found = find_datetime(text)
        if found and not chrome.is_update_label(label):
            return found.value, "meta_line"
        updated = updated or found
    near = _date_near_title(title_node)
    if near is not None:
        return near.value, "near_title"
    if updated is not None:
        return updated.value, "meta_line"
    # The lines above the title only: the slice also keeps a header's label from running on
    # into the title's line.
    for _, text in _labelled(lines[:after_title], after_title, "published"):
        found = find_datetime(text)
        if found:
            return found.value, "meta_line"
    header = " ".join(lines[max(0, after_title - _POST_HEADER) : after_title])
    if _READING_TIME.search(header) and (found := find_datetime(header)):
        return found.value, "meta_line"  # a blog post's header above its title: "14 thg 5, 2024 · 3 phút đọc"
    return None, None


_POST_HEADER = 4  # lines above the title a post's header may take
_READING_TIME = re.compile(r"\d+\s*(?:phút đọc|min read|minute read)", re.IGNORECASE)


def _date_near_title(title_node: LexborNode | None) -> FoundDate | None:
    """The first short dated line after the title, before the body proper: among the title's
    next siblings, else those of its parents (a table row's: "<tr><td>Title</td></tr><tr><td>
    Thứ Bảy, 14/12/2024 - 12:15 CH</td></tr>")."""
    holder = title_node
    for _ in range(_NEAR_TITLE_LEVELS):
        if holder is None or holder.tag in ("body", "html"):
            return None
        node = holder.next
        for _ in range(_NEAR_TITLE_SIBLINGS):
            if node is None:
                break
            text = text_of(node) if node.tag != "-text" else clean_line(node.text_content or "")
            found = find_datetime(text) if text and len(text) < 80 else None
            if found:
                return found
            node = node.next
        holder = holder.parent
    return None


def views(
    tree: LexborHTMLParser,
    profile: Profile,
    lines: list[str],
    owners: list[LexborNode],
    joined: str,
    after_title: int,
) -> int | None:
    """The article's own view count: the family's element, a labelled line, a bare number after
    an eye icon, or a number before its label ("1027 lượt xem")."""
    counted = first_accepted(tree, profile.views, lambda node: chrome.read_views(text_of(node)))
    if counted is not None:
        return counted[1]
    for _, text in _labelled(lines, after_title, "views"):
        number = _NUMBER.match(text)
        if number:
            return _count(number)
    beside_icon = first_accepted(tree, (_EYE,), _number_beside)
    if beside_icon is not None:
        return beside_icon[1]
    # A views box holding a bare number, its icon an <svg> and its label for screen readers only
    # (both removed with what a reader never sees): <span class="meta-views"> 1.284</span>.
    in_box = first_accepted(tree, (_VIEWS_BOX,), _own_number)
    return in_box[1] if in_box else _count_before_label(joined, lines, owners)


_COUNT_LABELS = ("lượt xem", "Lượt xem", "lượt đọc", "lần đọc", "lần xem")
_BYLINE_LABELS = ("Tác giả", "TÁC GIẢ", "Tin, ảnh", "Bài, ảnh", "Tin và ảnh", "Bài và ảnh")


def _line_at(joined: str, at: int) -> tuple[int, str]:
    """(index, text) of the line of ``joined`` (lines joined by line breaks) holding offset at."""
    start = joined.rfind("\n", 0, at) + 1
    end = joined.find("\n", at)
    return joined.count("\n", 0, start), joined[start : end if end >= 0 else len(joined)]


def _count_before_label(joined: str, lines: list[str], owners: list[LexborNode]) -> int | None:
    """ "1027 lượt xem", "612<!-- --> lượt xem": the number first, in an element that holds no
    link (a count beside a listed article's link is that article's). The labels are found by
    plain search: most pages have none."""
    for label in _COUNT_LABELS:
        at = joined.find(label)
        while at >= 0:
            i, line = _line_at(joined, at)
            m = _NUMBER.fullmatch(line[: -len(label)].strip()) if line.endswith(label) else None
            if m is None and line == label and i and _NUMBER.fullmatch(lines[i - 1]):
                m = _NUMBER.fullmatch(lines[i - 1])
            holder = owners[i].parent
            if m is not None and holder is not None and not _article_link_near(holder):
                return _count(m)
            at = joined.find(label, at + len(label))
    return None


def _article_link_near(node: LexborNode) -> bool:
    """Does the list item or block (two levels up) around node link to an article (a title of
    five words or more, not an author's name or "In bài")?"""
    for _ in range(2):
        if any(len(text_of(a).split()) >= 5 for a in node.css("a[href]")):
            return True
        if node.parent is None or node.tag == "li":
            break
        node = node.parent
    return False


def _own_number(node: LexborNode) -> int | None:
    number = _NUMBER.fullmatch(text_of(node))
    return _count(number) if number else None


def _number_beside(icon: LexborNode) -> int | None:
    return _own_number(icon.parent) if icon.parent is not None else None


def _count(number: re.Match[str]) -> int:
    """ "1.234" / "1,234" -> 1234 (thousands separators)."""
    return int(re.sub(r"[.,]", "", number.group(0)))


def signed(joined: str) -> str | None:
    """A byline outside the body container: the last short "Tác giả: …" / "Tin, ảnh: …" line
    of the page's lines (joined by line breaks)."""
    best = -1
    for label in _BYLINE_LABELS:
        at = joined.rfind(label)
        if at > best and (at == 0 or joined[at - 1] == "\n"):
            best = at
    if best < 0:
        return None
    _, line = _line_at(joined, best)
    head, colon, name = line.partition(":")
    name = name.strip()
    return name if colon and head.strip() in _BYLINE_LABELS and 2 <= len(name) <= 60 else None


def _author_text(node: LexborNode) -> str | None:
    """An author element's text; for a person icon, the text it labels ("<li><i class=
    "bi-person"></i> Phạm Thu Hà</li>")."""
    if node.tag == "i":
        holder = node.parent
        if holder is None or holder.tag not in ("li", "span", "div", "p"):
            return None  # "<a><i class="fa-user"></i> Đăng nhập</a>": a login link
        text = text_of(holder)
        return text if text and len(text.split()) <= 6 and not _DIGIT.search(text) else None
    return text_of(node) or None


def author(tree: LexborHTMLParser, profile: Profile) -> str | None:
    found = first_accepted(tree, profile.author, _author_text)
    if found is None:
        return None
    text = found[1]
    return chrome.read_author(text) or (text if len(text) < 60 else None)


_LEAD_WORDS = 8  # a sapo is a sentence or more; "Hôm nay: Thứ Hai, 02/12/2024" is not one
_SAPO_WORDS = 15  # an unmarked sapo right before the body is a long sentence or two


def _beside(container: LexborNode, step: Callable[[LexborNode], LexborNode | None]) -> LexborNode | None:
    """The element right before or after (``step``) the body container; for a container that is
    a table row's only cell, the only cell of the row before or after."""
    node = step(container)
    row = container.parent
    if node is not None or container.tag != "td" or row is None or row.tag != "tr":
        return node
    other = step(row)
    cells = [c for c in other.iter() if c.tag in ("td", "th")] if other is not None else []
    return cells[0] if len(cells) == 1 else None


def _lead_before(container: LexborNode | None) -> str | None:
    """An unmarked sapo: the element right before the body container, a few sentences of text
    with no link in them ("<div class="css-4n7rtm">Ngày 16/10, UBND xã …</div><div>body</div>")."""
    node = _beside(container, prev_element) if container is not None else None
    if (
        node is None
        or node.tag not in ("div", "p", "h2", "strong", "b", "td")
        or node.css_first("a[href], img")
    ):
        return None
    text = text_of(node)
    return text if len(text.split()) >= _SAPO_WORDS and text.endswith((".", "!", "…")) else None


_META_LINES = 6  # lines after the title that a meta line may take


def author_near_title(lines: list[str], after_title: int) -> str | None:
    """An author in the meta lines under the title, after a label or a pen ("✍ H'Linh Niê")."""
    for n, line in enumerate(lines[after_title : after_title + _META_LINES], after_title):
        if len(line) < 60 and line.endswith(":") and n + 1 < len(lines):
            line = f"{line} {lines[n + 1]}"  # "Đăng bởi:" with the name in an element of its own
        if len(line) < 60 and (name := chrome.read_author(line)):
            return name
    return None


def byline_after(container: LexborNode | None) -> str | None:
    """A byline in its own element right after the body container ("<td align="right">HOÀNG
    MAI ANH</td>" in the next row): a name or a labelled author, with no link in it."""
    node = _beside(container, next_element) if container is not None else None
    if node is None or node.css_first("a[href], img, input"):
        return None
    text = text_of(node)
    if name := chrome.read_author(text):
        return name
    ok = chrome.looks_like_byline(text) and not chrome.is_chrome_line(text) and not chrome.block_kind(text)
    return text if ok else None


def lead(tree: LexborHTMLParser, profile: Profile, container: LexborNode | None) -> str | None:
    """The sapo outside the body container: the first lead element with a sentence in it."""

    def accept(node: LexborNode) -> str | None:
        text = text_of(node)
        return text if len(text.split()) >= _LEAD_WORDS else None

    found = first_accepted(tree, profile.lead, accept)
    if found is None:
        return _lead_before(container)
    node, text = found
    if container is not None and inside(node, container):
        return None  # it is read with the body
    return text
