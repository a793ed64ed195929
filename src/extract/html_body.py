"""The article container: finding it and cleaning its lines (its captions: html_captions.py)."""

from __future__ import annotations

from collections import defaultdict

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .htmltext import (
    INLINE_TAGS,
    first_accepted,
    has_text,
    inside,
    paragraphs,
    prev_solid,
    text_of,
)
from .profiles import Profile
from .textnorm import clean_line


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
    if prev.tag in INLINE_TAGS:  # "<span>…</span><br>"; not a block ("</table><br>")
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


def body_lines(container: LexborNode, profile: Profile) -> list[str]:
    """The container's paragraphs once the family's in-container chrome is dropped."""
    if profile.drop:
        for n in container.css(", ".join(profile.drop)):
            if n.mem_id != container.mem_id:
                n.decompose()
    return paragraphs(container)


_ABOVE_TITLE = 4  # lines of a post's header a container may hold above the title (author, date)


def clean_body(lines: list[str], title: str) -> tuple[list[str], str | None, bool]:
    """Drop chrome lines, stop at an unlisted "other articles" heading, take the byline off."""
    if title in lines[:_ABOVE_TITLE]:
        lines = lines[lines.index(title) + 1 :]  # a container holding the title: its header above it
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
