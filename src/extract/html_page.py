"""HTML article pages: title, dates, counters and author here; body in html_body, lists in html_lists.

One parse, one cleanup, then C-speed lookups: CSS selectors from the site profile, and regexes
over the page's text nodes as lines (``lines``), matched on their accent-folded keys.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome, html_body, html_lists, legacy
from .datetimes import FoundDate, find_datetime
from .htmltext import first_accepted, inside, remove_invisible, text_lines, text_of, text_start
from .profiles import Profile, recognise
from .records import Article
from .textnorm import clean_line, nfc

_BANNER = re.compile(r"cổng thông tin|trang thông tin điện tử|cong thong tin", re.IGNORECASE)
# Machine-readable publication dates, most specific first; the date is in `content` or `datetime`.
_META_DATES_HEAD = ("meta[property='article:published_time']", "meta[itemprop='datePublished']")
_META_DATES = ("[itemprop='datePublished']", "time[datetime]")
_EYE = "[class*='eye'], [class*='view' i] > i"
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")


def _labelled(lines: list[str], start: int, kind: str) -> Iterator[str]:
    """Texts that follow a label of ``kind`` ("Ngày đăng:", "Lượt xem") on short lines,
    nearest after line ``start`` (the title) first, lazily: the caller stops at the first
    that reads. A value split into its own element is on the next line, so two more lines
    are joined on."""
    at_start, after_separator = chrome.label_patterns(kind)
    for i in itertools.chain(range(start, min(start + 80, len(lines))), range(0, start)):
        line = lines[i]
        if not line or len(line) > 160:
            continue
        key = chrome.folded(line)
        m = at_start.match(key) or after_separator.search(key)
        if m:  # the folded key has the length of the cleaned line, not of the raw one
            text = " ".join([clean_line(line), *lines[i + 1 : i + 3]])
            yield " ".join(text[m.end() :].split())[:80]


def parse_html(
    html: str, source: str = "-", url: str | None = None, fetched_at: str | None = None
) -> Article:
    """Read one article page. ``fetched_at`` (ISO) caps the publication date."""
    html, repaired = legacy.repair_mojibake(nfc(html))
    html, converted = legacy.convert_vn_fonts(html)
    if repaired or converted:
        html = nfc(html)
    tree = LexborHTMLParser(html)
    meta_date = _meta_date(tree)
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
    published, published_source = _published(tree, profile, title_node, lines, after_title)
    if published is None and meta_date:
        published, published_source = meta_date, "meta_tag"
    if published and fetched_at and published[:10] > fetched_at[:10]:
        published, published_source = None, None
    views = _views(tree, profile, lines, after_title)
    if views is None:
        views = _count_before_label(joined, lines, owners)
    related = html_lists.related(tree, profile, url, lines, owners, spaced)
    attachments = html_lists.attachments(tree, profile, container, url)
    author = _author(tree, profile)
    lead = _lead(tree, profile, container)
    captions: list[str] = []
    paragraphs: list[str] = []
    if container is not None:
        captions = html_body.take_captions(tree, container, profile)
        paragraphs = html_body.body_lines(container, profile)
    paragraphs, byline = html_body.clean_body(paragraphs, title)
    byline = byline or _signed(joined)
    if lead and (not paragraphs or not html_body.same_text(paragraphs[0], lead)):
        paragraphs.insert(0, lead)
    body = "\n\n".join(paragraphs)
    kind = html_body.page_kind(tree, body, title, spaced)
    if kind in ("listing", "not_found"):  # no article: none of its metadata either
        title = _list_name(tree) if kind == "listing" else ""
        published = published_source = views = author = byline = None
    return Article(
        source=source,
        url=url,
        site_family=profile.name,
        page_kind=kind,
        title=title,
        published_at=published,
        published_source=published_source,
        view_count=views,
        author=byline or author,  # "Tin, ảnh: …" in the article before a portal's account name
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


def _meta_date(tree: LexborHTMLParser) -> str | None:
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
    " [class*='tieu-de'], [class*='tieu_de'], b, strong, font"
)
_TWO_SENTENCES = re.compile(r"\w[.!?] +[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w")
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
        text = text_of(node)
        if not text or not _good_title(text) or _links(node):
            continue
        if container is not None and node.tag != "h1" and inside(node, container):
            continue  # a bold line of the body; an <h1> there is the article's own title
        at = spaced.find(text)
        score = _TAG_RANK.get(node.tag or "", 1.0) + min(len(text.split()), 12) / 4
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


def _published(
    tree: LexborHTMLParser,
    profile: Profile,
    title_node: LexborNode | None,
    lines: list[str],
    after_title: int,
) -> tuple[str | None, str | None]:
    dated = first_accepted(tree, profile.date, lambda node: find_datetime(text_of(node)))
    if dated is not None:
        return dated[1].value, "profile"
    # A labelled meta line ("Ngày đăng:", "Ngay dang:", "Đăng lúc"), after the title first.
    for text in _labelled(lines, after_title, "published"):
        found = find_datetime(text)
        if found:
            return found.value, "meta_line"
    if title_node is not None:
        # The first short dated line after the title, before the body proper.
        node = title_node.next
        for _ in range(8):
            if node is None:
                break
            text = text_of(node) if node.tag != "-text" else clean_line(node.text_content or "")
            if text and len(text) < 80:
                found = find_datetime(text)
                if found:
                    return found.value, "near_title"
            node = node.next
    return None, None


def _views(tree: LexborHTMLParser, profile: Profile, lines: list[str], after_title: int) -> int | None:
    counted = first_accepted(tree, profile.views, lambda node: chrome.read_views(text_of(node)))
    if counted is not None:
        return counted[1]
    for text in _labelled(lines, after_title, "views"):
        number = _NUMBER.match(text)
        if number:
            return _count(number)
    beside_icon = first_accepted(tree, (_EYE,), _number_beside)  # a bare number after an eye icon
    return beside_icon[1] if beside_icon else None


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


def _number_beside(icon: LexborNode) -> int | None:
    holder = icon.parent
    number = _NUMBER.fullmatch(text_of(holder)) if holder is not None else None
    return _count(number) if number else None


def _count(number: re.Match[str]) -> int:
    """ "1.234" / "1,234" -> 1234 (thousands separators)."""
    return int(re.sub(r"[.,]", "", number.group(0)))


def _signed(joined: str) -> str | None:
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


def _author(tree: LexborHTMLParser, profile: Profile) -> str | None:
    found = first_accepted(tree, profile.author, _author_text)
    if found is None:
        return None
    text = found[1]
    return chrome.read_author(text) or (text if len(text) < 60 else None)


_LEAD_WORDS = 8  # a sapo is a sentence or more; "Hôm nay: Thứ Hai, 02/12/2024" is not one


_SAPO_WORDS = 15  # an unmarked sapo right before the body is a long sentence or two


def _lead_before(container: LexborNode | None) -> str | None:
    """An unmarked sapo: the element right before the body container, a few sentences of text
    with no link in them ("<div class="css-4n7rtm">Ngày 16/10, UBND xã …</div><div>body</div>")."""
    node = container.prev if container is not None else None
    while node is not None and node.tag in ("-text", "-comment"):
        node = node.prev
    if node is None or node.tag not in ("div", "p", "h2", "strong", "b") or node.css_first("a[href], img"):
        return None
    text = text_of(node)
    return text if len(text.split()) >= _SAPO_WORDS and text.endswith((".", "!", "…")) else None


def _lead(tree: LexborHTMLParser, profile: Profile, container: LexborNode | None) -> str | None:
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
