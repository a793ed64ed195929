"""The article container: finding it, taking its captions out, and cleaning its lines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .htmltext import (
    contains_tag,
    first_accepted,
    font_px,
    has_text,
    inside,
    next_element,
    paragraphs,
    prev_solid,
    text_of,
)
from .profiles import Profile
from .textnorm import clean_line

_CAPTION_CLASS = "figcaption, [class*='caption' i]"
_MAX_CAPTION_WORDS = 40


def first_with_text(tree: LexborHTMLParser | LexborNode, selectors: tuple[str, ...]) -> LexborNode | None:
    """The first element matching one of ``selectors`` (tried in order) that has text."""
    found = first_accepted(tree, selectors, lambda node: True if has_text(node) else None)
    return found[0] if found else None


def densest(tree: LexborHTMLParser) -> LexborNode | None:
    """Generic fallback: the element whose direct paragraphs and lines hold the most text.

    Readability's idea, kept cheap: every <p> (and every line broken by <br>) scores for
    its parent, minus what its links hold; <article>/<main> get a bonus.
    """
    score: dict[int, float] = defaultdict(float)
    nodes: dict[int, LexborNode] = {}
    for p in tree.css("p, br"):
        parent = p.parent
        if parent is None:
            continue
        if p.tag == "p":
            gain = _text_gain(p, text_of(p))
        else:
            gain = _line_gain(p)  # a line break inside a block of <div>/<span> lines
        if gain <= 0:
            continue
        nodes[parent.mem_id] = parent
        score[parent.mem_id] += gain
        grand = parent.parent
        if grand is not None and grand.tag not in ("body", "html"):
            nodes[grand.mem_id] = grand
            score[grand.mem_id] += gain / 2
    boxed = max(score.values(), default=0) < _WEAK
    if boxed:
        _score_div_lines(tree, score, nodes)
    for node in tree.css("article, main, [itemprop='articleBody']"):
        if node.mem_id in score:
            score[node.mem_id] *= 1.5
    if not score:
        return tree.css_first("article, main") or tree.body
    best = max(score, key=lambda k: score[k])
    found = _with_sibling_blocks(nodes[best])
    return _gather_boxes(found, score, nodes) if boxed else found


_BOX_PROSE = 80.0  # a box whose lines score this much holds a paragraph
_BOX_LINKS = 0.05  # more of an ancestor's text in links than this, and it holds chrome
_NOT_BOXES = frozenset({"body", "html", "header", "footer", "nav", "aside", "form"})
_CHROME_ROLES = frozenset({"banner", "navigation", "contentinfo", "complementary", "search"})


def _gather_boxes(found: LexborNode, score: dict[int, float], nodes: dict[int, LexborNode]) -> LexborNode:
    """A body typed into separate text boxes (Google Sites, Wix: each paragraph a tile several
    levels below the section that holds them all, none holding most of the text): the lowest
    ancestor that takes in the other boxes of prose, climbing only through plain boxes with
    next to no links."""
    boxes = [k for k, s in score.items() if s >= _BOX_PROSE]
    outside = [k for k in boxes if not inside(nodes[k], found)]
    if sum(score[k] for k in outside) <= sum(score[k] for k in boxes if k not in outside):
        return found  # one box holds most of the prose: it is the body, the others chrome
    chosen, node, others = found, found.parent, [nodes[k] for k in outside]
    while others and node is not None and _plain_box(node):
        if any(inside(o, node) for o in others):
            chosen = node
            others = [o for o in others if not inside(o, node)]
        node = node.parent
    return chosen


def _plain_box(node: LexborNode) -> bool:
    """An element a body's boxes may share: no page landmark, next to no link text."""
    if node.tag in _NOT_BOXES or (node.attributes.get("role") or "") in _CHROME_ROLES:
        return False
    text = text_of(node)
    links = sum(len(text_of(a)) for a in node.css("a"))
    return links <= len(text) * _BOX_LINKS


def _with_sibling_blocks(node: LexborNode) -> LexborNode:
    """A body a CMS splits into blocks of one template (Umbraco's block grid: <div class="item">
    <div class="rte">…</div></div>, a table block, another text block): the element that holds
    them all, when every other block of the template is prose too."""
    box: LexborNode | None = node
    for _ in range(2):  # the block itself, or its wrapper
        if box is None or box.parent is None or box.parent.tag in ("body", "html"):
            break
        holder, cls = box.parent, box.attributes.get("class")
        if cls:
            same = [c for c in holder.iter() if c.tag == box.tag and c.attributes.get("class") == cls]
            others = [c for c in same if c.mem_id != box.mem_id]
            if others and all(_prose(c) for c in others):
                return holder
        box = holder
    return node


def _prose(node: LexborNode) -> bool:
    """Text that reads as article text: a sentence or more, few of its words in links."""
    text = text_of(node)
    return len(text) >= 80 and _text_gain(node, text) >= len(text) * 0.6


_BR_LINE = 20.0  # what a line break adds at least


def _line_gain(br: LexborNode) -> float:
    """What a <br> adds to its parent: the text of the line it ends (a paragraph of a body
    written without <p>), none for a line that is a link."""
    prev = prev_solid(br.prev)
    if prev is None or prev.tag == "br":
        return _BR_LINE
    if prev.tag == "a":
        return 0.0
    if prev.tag == "-text":
        return max(_BR_LINE, float(len((prev.text_content or "").strip())))
    if prev.tag in _INLINE:  # "<span>…</span><br>"; not a block ("</table><br>")
        return max(_BR_LINE, _text_gain(prev, text_of(prev)))
    return _BR_LINE


def _text_gain(node: LexborNode, text: str) -> float:
    """What a paragraph adds to its parent's score: its text, less twice its link text."""
    links = sum(len(text_of(a)) for a in node.traverse() if a.tag == "a")
    return max(len(text) - 2 * links, 0)


_WEAK = 600  # below this much paragraph text, look at <div> lines too
_BLOCKS_IN_DIV = "div, p, table, ul, ol, section, article, h1, h2, h3"


def _score_div_lines(tree: LexborHTMLParser, score: dict[int, float], nodes: dict[int, LexborNode]) -> None:
    """Bodies written as one <div> per paragraph: leaf divs with a sentence of text score
    for their parent like paragraphs do."""
    # One query for the leaf divs; their text is only read when long enough to matter.
    for div in tree.css(f"div:not(:has({_BLOCKS_IN_DIV}))"):
        if len(div.text()) < 40:
            continue
        text = text_of(div)
        parent = div.parent
        if parent is None or len(text) < 40:
            continue
        nodes[parent.mem_id] = parent
        score[parent.mem_id] += _text_gain(div, text)


def _alt_captions(images: list[LexborNode], container: LexborNode) -> list[LexborNode]:
    """Captions however they are marked up: the element right after a photo (or its wrapper)
    that repeats the photo's alt text ("<span><img alt="X"></span><div>X</div>"), and then, by
    the template, the element of the same class after every other photo."""
    found: list[LexborNode] = []
    classes: set[str] = set()
    for img in images:
        alt = clean_line(img.attributes.get("alt") or "")
        if len(alt.split()) < 4:
            continue  # "ảnh", "banner", "": no description to compare
        for after in _after_image(img, container):
            if text_of(after) == alt:
                found.append(after)
                classes.add(after.attributes.get("class") or "")
                break
    classes.discard("")
    taken = {f.mem_id for f in found}
    for img in images if classes else []:
        for after in _after_image(img, container):
            if (after.attributes.get("class") or "") in classes and after.mem_id not in taken:
                found.append(after)
                taken.add(after.mem_id)
                break
    return found


def _after_image(img: LexborNode, container: LexborNode) -> list[LexborNode]:
    """The elements right after a photo and after its wrapper that could caption it."""
    out = []
    node: LexborNode | None = img
    for _ in range(2):
        if node is None or node.mem_id == container.mem_id:
            break
        after = next_element(node)
        if after is not None and after.tag in _CAPTION_TAGS:
            out.append(after)
        node = node.parent
    return out


_CAPTION_TAGS = frozenset({"div", "p", "span", "em", "i", "small", "figcaption"})


def take_captions(tree: LexborHTMLParser, container: LexborNode, profile: Profile) -> list[str]:
    """Collect photo captions in the container and remove them from it."""
    found: list[tuple[LexborNode, str]] = []
    seen: set[int] = set()

    def add(node: LexborNode) -> None:
        text = text_of(node)
        if node.tag != "img" and contains_tag(node, _IMAGE) and node.css_first(_CAPTION_CLASS):
            return  # a figure wrapper whose own caption element is read instead
        if text and node.mem_id not in seen and len(text.split()) <= _MAX_CAPTION_WORDS:
            seen.add(node.mem_id)
            found.append((node, text))

    # The family's caption elements and the [generic] ones (figcaption, *caption*), one query.
    if profile.captions:
        for node in tree.css(", ".join(profile.captions)):
            add(node)
    # Then what sits next to each photo (a page has few photos and many paragraphs).
    images = container.css("img")
    for node in _alt_captions(images, container):
        add(node)
    for img in images:
        block = _image_block(img, container)
        if block is not container:
            _caption_inside(block, add)
        table = _ancestor(img, "table", container)
        cells = table.css("td") if table is not None else []
        if table is not None and len(cells) <= 3:
            for td in cells:  # a photo in a small table: the other cells caption it
                if not contains_tag(td, _IMAGE):
                    add(td)
        after = _next_after_photo(table or block, container)
        if after is None:
            continue
        cells = after.css("td") if after.tag == "table" else []
        if after.tag == "table" and len(cells) <= 3:
            for td in cells:  # a one-cell table under the photo
                add(td)
        elif after.tag in ("p", "div", "center") and _is_styled_caption(after) and not _holds_blocks(after):
            add(after)
    if len(found) > 1:
        _page_order(found, container)
    for node, _ in found:
        node.decompose()
    return [text for _, text in found]


def _next_after_photo(block: LexborNode, container: LexborNode) -> LexborNode | None:
    """The element after a photo's block, or after the wrappers around it that hold nothing
    else (a photo in a tile of its own, its caption the next tile), with the wrappers of
    that element's one child unwrapped."""
    node, climbed = block, False
    while (after := next_element(node)) is None:
        parent = node.parent
        if node is container or parent is None or parent.mem_id == container.mem_id or has_text(parent):
            return None
        node, climbed = parent, True
    while climbed and after.tag == "div" and not (after.text(deep=False) or "").strip():
        kids = [c for c in after.iter() if c.tag not in ("-text", "-comment")]
        if len(kids) != 1 or kids[0].tag != "div":
            break
        after = kids[0]
    return after


def _page_order(found: list[tuple[LexborNode, str]], container: LexborNode) -> None:
    """Sort captions into page order: by where their text is in the container's, or, when
    texts repeat, by a walk of the container."""
    flat = text_of(container)
    at = [flat.find(text) for _, text in found]
    if -1 not in at and len(set(at)) == len(at):
        found[:] = [found[i] for i in sorted(range(len(found)), key=at.__getitem__)]
        return
    order = {n.mem_id: i for i, n in enumerate(container.traverse())}
    found.sort(key=lambda item: order.get(item[0].mem_id, -1))


_INLINE = frozenset({"a", "span", "strong", "em", "b", "i", "font", "u", "small"})


def _image_block(img: LexborNode, container: LexborNode) -> LexborNode:
    """The block an image sits in (its <p>, <div>, <td>, <figure>), inline wrappers skipped."""
    node = img
    while node.parent is not None and node.mem_id != container.mem_id and node.parent.tag in _INLINE:
        node = node.parent
    parent = node.parent
    if parent is None or node.mem_id == container.mem_id:
        return node
    return parent if parent.tag in ("p", "div", "center", "figure", "td") else node


_BLOCKS_OR_IMAGE = frozenset({"p", "div", "table", "img"})
_IMAGE = frozenset({"img", "amp-img", "picture"})  # AMP pages write <amp-img>


def _holds_blocks(node: LexborNode) -> bool:
    return contains_tag(node, _BLOCKS_OR_IMAGE)


def _ancestor(node: LexborNode, tag: str, stop: LexborNode) -> LexborNode | None:
    p = node.parent
    while p is not None and p.mem_id != stop.mem_id:
        if p.tag == tag:
            return p
        p = p.parent
    return None


_INLINE_CAPTION = frozenset({"em", "i", "span", "strong", "font", "small"})


def _caption_inside(node: LexborNode, add: Callable[[LexborNode], None]) -> None:
    """<p><img><br><em>Caption</em></p>: an italic run after the image in the same block."""
    saw_img = False
    for child in node.iter():
        if child.tag == "img" or contains_tag(child, _IMAGE):
            saw_img = True
        elif saw_img and child.tag in _INLINE_CAPTION and _is_styled_caption(child):
            add(child)


def _is_styled_caption(node: LexborNode) -> bool:
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    cls = (node.attributes.get("class") or "").lower()
    if "caption" in cls or "text-align:center" in style or node.attributes.get("align") == "center":
        return True
    if node.tag in ("em", "i") or "font-style:italic" in style or _small_font(style):
        return True
    inner = [c for c in node.iter() if c.tag != "-text" or (c.text_content or "").strip()]
    return len(inner) == 1 and inner[0].tag in ("em", "i")


_CAPTION_PX = 13  # a caption set smaller than the body's 14-16px


def _small_font(style: str) -> bool:
    """A font set smaller than body text ("font-size:12px"), as captions are."""
    px = font_px(style)
    return px is not None and px <= _CAPTION_PX


def body_lines(container: LexborNode, profile: Profile) -> list[str]:
    """The container's paragraphs once the family's in-container chrome is dropped."""
    if profile.drop:
        for n in container.css(", ".join(profile.drop)):
            if n.mem_id != container.mem_id:
                n.decompose()
    return paragraphs(container)


def clean_body(lines: list[str], title: str) -> tuple[list[str], str | None]:
    """Drop chrome lines, stop at an unlisted "other articles" heading, take the byline off."""
    out: list[str] = []
    for line in lines:
        if chrome.block_kind(line) and out:
            break  # an "other articles" list that the profile did not drop
        if chrome.is_chrome_line(line) or (line == title and not out):
            continue
        out.append(line)
    return chrome.take_byline(out)


def same_text(a: str, b: str) -> bool:
    return clean_line(a).strip(" .") == clean_line(b).strip(" .")


_MEDIA = "embed[src], object[data], iframe[src*='pdf'], video, iframe[src*='youtube'], iframe[src*='video']"


def page_kind(tree: LexborHTMLParser, body: str, title: str, page_text: str) -> str:
    """article, not_found (a soft 404), media_only (PDF or video only) or listing.

    A page of links whose text reads like article titles (six words or more) with little
    running text is a list of articles. Pages with a real body skip every query here."""
    if len(body) >= 600:
        return "article"
    if chrome.is_soft_404(body[:300] or title) or chrome.is_soft_404(page_text):
        return "not_found"
    if len(body) < 300 and tree.css_first(_MEDIA) is not None:
        return "media_only"
    if sum(1 for a in tree.css("a[href]") if len(a.text().split()) >= 6) >= 5:
        return "listing"
    return "article" if body.strip() else "not_found"
