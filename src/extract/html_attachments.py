"""Documents attached to an article: the family's attachment list, document links in the body,
and those listed under "Tệp đính kèm"."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .html_lists import absolute
from .htmltext import inside, text_of
from .profiles import Profile
from .records import Attachment

_DOC_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "rar")
_DOC_PATHS = ("/documents/", "get_file")  # Liferay's document library
_DOC_LINK = re.compile(
    rf"\.({'|'.join(_DOC_EXTENSIONS)})(\?|$)|" + "|".join(re.escape(p) for p in _DOC_PATHS), re.IGNORECASE
)

# Every link a document can be behind; most pages have none, and then nothing else is queried.
# One compound selector: lexbor tests the tag once, not once per substring.
_DOC_HREFS = "a:is({})".format(
    ", ".join(
        f"[href*='{part}' i]" for part in sorted({f".{e[:3]}" for e in _DOC_EXTENSIONS} | set(_DOC_PATHS))
    )
)


def _under_attachment_label(link: LexborNode) -> bool:
    """Is a document link listed under "Tệp đính kèm:" / "File đính kèm" (its box, three levels
    up at most, opens with the label)?"""
    node = link.parent
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return False
        if "dinh kem" in chrome.folded(node.text(separator=" ")[:60]):
            return True
        node = node.parent
    return False


def attachments(
    tree: LexborHTMLParser, profile: Profile, container: LexborNode | None, url: str | None
) -> list[Attachment]:
    """Links to documents: the family's attachment list, and document links in the body."""
    docs = [a for a in tree.css(_DOC_HREFS) if _DOC_LINK.search(a.attributes.get("href") or "")]
    if not docs:
        return []
    listed = {a.mem_id for a in tree.css(", ".join(profile.attachments))} if profile.attachments else set()
    out, seen = [], set()
    for a in docs:
        href = a.attributes.get("href") or ""
        in_body = container is not None and inside(a, container)
        if href in seen or not (a.mem_id in listed or in_body or _under_attachment_label(a)):
            continue
        seen.add(href)
        out.append(
            Attachment(url=absolute(url, href) if url else href, title=text_of(a) or href.rsplit("/", 1)[-1])
        )
    return out
