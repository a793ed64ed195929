"""Text out of a DOM: one line for an element, paragraphs for a container, a flat page index.

Speed matters here (every page of an archive goes through it): whole-element text comes from
lexbor in C (``text_of``); only the article container is walked in Python (``paragraphs``),
because paragraph breaks depend on block tags and ``<br>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .textnorm import clean_line, has_zero_width

T = TypeVar("T")

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "tbody",
        "thead",
        "blockquote",
        "section",
        "article",
        "figure",
        "figcaption",
        "header",
        "footer",
        "dd",
        "dt",
        "dl",
        "pre",
        "center",
        "main",
        "aside",
        "nav",
        "form",
        "address",
        "hr",
    }
)
# Elements whose text a reader never sees as article text.
SKIP_TAGS = frozenset({"iframe", "object", "embed", "video", "audio", "map", "head", "link", "meta", "img"})
# Removed from the tree before anything is read (read meta dates before this).
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "select", "button", "input", "textarea", "svg")
# Bootstrap's "d-none d-md-block" is shown from medium screens up: not hidden.
HIDDEN_CLASSES = (
    ".hidden, .sr-only, .visually-hidden, .screen-reader-text, .elementor-screen-only, "
    ".d-none:not([class*='d-sm-']):not([class*='d-md-']):not([class*='d-lg-'])"
)

INLINE_TAGS = frozenset({"a", "span", "strong", "em", "b", "i", "font", "u", "small"})  # inline wrappers


def remove_invisible(tree: LexborHTMLParser) -> None:
    """Drop scripts, form controls and hidden elements. (Cheaper than one big selector: lexbor
    scans attribute substrings slowly, so inline styles are checked here.)"""
    tree.strip_tags(list(INVISIBLE_TAGS))
    for node in tree.css(HIDDEN_CLASSES):
        node.decompose()
    for node in tree.css("[style], [hidden]"):
        attrs = node.attributes
        style = (attrs.get("style") or "").replace(" ", "").lower()
        if "hidden" in attrs or "display:none" in style or "visibility:hidden" in style:
            node.decompose()


def text_lines(root: LexborNode) -> tuple[list[str], list[LexborNode]]:
    """The text nodes under ``root`` as stripped, non-blank lines (what
    ``root.text(separator="\\n")`` split into lines gives), each with its text node."""
    lines: list[str] = []
    owners: list[LexborNode] = []
    for node in root.traverse(include_text=True):
        # Properties answered in C: no string is made for the indentation between tags.
        if not node.is_text_node or node.is_empty_text_node:
            continue
        text = node.text_content
        if not text or text.isspace():  # blank with other white space (no-break spaces)
            continue
        if "\n" not in text:  # most text nodes: one line
            lines.append(text.strip())
            owners.append(node)
            continue
        for line in text.split("\n"):
            line = line.strip()
            if line:
                lines.append(line)
                owners.append(node)
    return lines, owners


_FONT_SIZE = re.compile(r"font(?:-size)?\s*:[^;]*?(\d+(?:\.\d+)?)\s*(px|pt)", re.IGNORECASE)


def font_px(style: str) -> float | None:
    """The font size an inline style sets, in pixels ("font:bold 16px Arial", "font-size:
    13.0pt"); None if it sets none."""
    m = _FONT_SIZE.search(style)
    return float(m.group(1)) * (4 / 3 if m.group(2).lower() == "pt" else 1) if m else None


def text_of(node: LexborNode | None) -> str:
    """Visible text of one element on one line."""
    if node is None:
        return ""
    return clean_line(node.text(separator=" "))


def text_start(node: LexborNode, length: int = 60) -> str:
    """The first ``length`` characters of ``text_of(node)``, without collapsing all of it."""
    raw = node.text(separator=" ").lstrip()
    head = clean_line(raw[: length * 4])
    return head[:length] if len(head) >= length or len(raw) <= length * 4 else text_of(node)[:length]


def has_text(node: LexborNode) -> bool:
    """Is ``text_of(node)`` non-empty? Answered without collapsing the whole text."""
    text = node.text()
    if not text or text.isspace():
        return False
    return not has_zero_width(text) or bool(clean_line(text))


def first_accepted(
    tree: LexborHTMLParser | LexborNode, selectors: Sequence[str], accept: Callable[[LexborNode], T | None]
) -> tuple[LexborNode, T] | None:
    """The first node, trying ``selectors`` in order and each in page order, that ``accept``
    turns into a value (not None), with that value. One scan per selector: a combined scan
    first costs more than it saves, by instruction counts."""
    for sel in selectors:
        # css_first stops at the first match, and the first match usually is the one: the
        # per-node matching, not the call, is what a scan costs.
        first = tree.css_first(sel)
        if first is None:
            continue
        value = accept(first)
        if value is not None:
            return first, value
        for node in tree.css(sel):
            value = accept(node) if node.mem_id != first.mem_id else None
            if value is not None:
                return node, value
    return None


def contains(node: LexborNode, selector: str) -> bool:
    """True if a descendant (not the node itself) matches; lexbor's css() includes the node."""
    first = node.css_first(selector)  # stops at the first match
    if first is None:
        return False
    return first.mem_id != node.mem_id or any(d.mem_id != node.mem_id for d in node.css(selector))


def contains_tag(node: LexborNode, tags: frozenset[str]) -> bool:
    """True if a descendant is one of ``tags``. Most elements asked about (a table row, an
    inline run, a caption) are a handful of nodes: walked in Python, cheaper than compiling a
    selector; a bigger one goes to lexbor after SMALL_ELEMENT nodes."""
    for i, d in enumerate(node.traverse()):
        if i > SMALL_ELEMENT:
            return contains(node, ", ".join(tags))
        if i and d.tag in tags:
            return True
    return False


# Nodes: below this, a walk in Python costs less than compiling a selector (selectolax compiles
# it on every call) and scanning with it.
SMALL_ELEMENT = 60


_ROW_BLOCKS = frozenset({"p", "div", "br", "table", "li"})


def paragraphs(node: LexborNode) -> list[str]:
    """Text of a subtree, one string per block or <br> line, white space collapsed."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_line("".join(current))
        if text:
            out.append(text)
        current.clear()

    def walk(n: LexborNode) -> None:
        for child in n.iter(include_text=True):
            tag = child.tag or ""
            if tag == "-text":
                current.append(child.text_content or "")
            elif tag == "br":
                flush()
            elif tag in SKIP_TAGS or tag.startswith("-"):
                continue
            elif tag == "tr" and (not contains_tag(child, _ROW_BLOCKS) or _data_row(child)):
                flush()
                cells = [text_of(c) for c in child.iter() if c.tag in ("td", "th")]
                cells = [c for c in cells if c]
                if cells:
                    out.append(" | ".join(cells))
            elif tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(node)
    flush()
    return out


_CELL_TEXT = 200  # characters: a figure or a label, not a page column


def _data_row(row: LexborNode) -> bool:
    """A row of a table of figures whose cells wrap their text in <p> (TinyMCE): two cells or
    more, each short, none holding a table; a layout row holds the page's columns instead."""
    cells = [c for c in row.iter() if c.tag in ("td", "th")]
    return len(cells) >= 2 and all(
        len(c.text()) <= _CELL_TEXT and not contains_tag(c, _TABLES) for c in cells
    )


_TABLES = frozenset({"table"})


def next_element(node: LexborNode) -> LexborNode | None:
    """The next sibling that is an element (text and comments skipped)."""
    sib = node.next
    while sib is not None and sib.tag in ("-text", "-comment"):
        sib = sib.next
    return sib


def _blank(node: LexborNode) -> bool:
    return node.tag == "-comment" or (node.tag == "-text" and not (node.text_content or "").strip())


def next_solid(node: LexborNode | None) -> LexborNode | None:
    """``node`` or the first sibling after it that is not blank text or a comment."""
    while node is not None and _blank(node):
        node = node.next
    return node


def prev_solid(node: LexborNode | None) -> LexborNode | None:
    """``node`` or the first sibling before it that is not blank text or a comment."""
    while node is not None and _blank(node):
        node = node.prev
    return node


def prev_element(node: LexborNode) -> LexborNode | None:
    """The previous sibling that is an element (text and comments skipped)."""
    sib = node.prev
    while sib is not None and sib.tag in ("-text", "-comment"):
        sib = sib.prev
    return sib


def inside(node: LexborNode, ancestor: LexborNode) -> bool:
    """Is ``node`` ``ancestor`` or below it?"""
    p: LexborNode | None = node
    while p is not None:
        if p.mem_id == ancestor.mem_id:
            return True
        p = p.parent
    return False


def has_ancestor(node: LexborNode, tags: tuple[str, ...], stop: LexborNode | None = None) -> bool:
    """Is any ancestor of ``node`` (below ``stop``) one of ``tags``?"""
    p = node.parent
    while p is not None and (stop is None or p.mem_id != stop.mem_id):
        if p.tag in tags:
            return True
        p = p.parent
    return False
