"""Turn a DOM subtree into paragraphs the way a reader sees them."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from .textnorm import clean_line, nfc

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
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "svg",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "map",
        "head",
        "link",
        "meta",
    }
)


def is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def contains(node: LexborNode, selector: str) -> bool:
    """True if a descendant (not the node itself) matches; lexbor's css() includes the node."""
    return any(d.mem_id != node.mem_id for d in node.css(selector))


def paragraphs(node: LexborNode) -> list[str]:
    """Text of a subtree, one string per block or <br> line, white space collapsed, NFC."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_line(nfc("".join(current)))
        if text:
            out.append(text)
        current.clear()

    def walk(n: LexborNode) -> None:
        for child in n.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                current.append(child.text_content or "")
            elif tag == "br":
                flush()
            elif tag in SKIP_TAGS or tag.startswith("-") or is_hidden(child):
                continue
            elif tag == "tr" and not contains(child, "p, div, br, table, li"):
                flush()
                cells = [
                    clean_line(nfc(c.text(separator=" "))) for c in child.iter() if c.tag in ("td", "th")
                ]
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


def node_text(node: LexborNode | None) -> str:
    """Visible text of one element on one line."""
    if node is None:
        return ""
    return clean_line(" ".join(paragraphs(node)))
