"""Documents attached to an article: the family's attachment list, document links in the body,
and those listed under "Tệp đính kèm"."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome
from .html_list_items import absolute
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


# An attachment label, as written in most of its spellings ("Tệp đính kèm", "File dinh kem",
# "TÀI LIỆU ĐÍNH KÈM"): a cheap test of the page text before its lines are read.
_LABEL_KEYS = ("ính kèm", "ÍNH KÈM", "inh kem", "INH KEM")
_LABEL = "dinh kem"  # in a folded line


def _labelled_links(lines: list[str], owners: list[LexborNode], joined: str) -> list[LexborNode]:
    """The links of the boxes that open with an attachment label ("<b>Tệp tin đính kèm:</b><br>
    <a href="download.do?fileId=…">…</a>"), whatever their addresses look like."""
    if not any(k in joined for k in _LABEL_KEYS):
        return []
    links: list[LexborNode] = []
    for text, owner in zip(lines, owners, strict=True):
        if len(text) > 40 or _LABEL not in chrome.folded(text):
            continue
        box = owner.parent
        for _ in range(3):  # the label's own element, then the box around it
            if box is None or box.tag in ("body", "html"):
                break
            if _LABEL in chrome.folded(text_of(box)[:60]) and box.css_first("a[href]") is not None:
                links += [a for a in box.css("a[href]") if _is_document_link(a)]
                break
            box = box.parent
    return links


def _is_document_link(a: LexborNode) -> bool:
    href = a.attributes.get("href") or ""
    return bool(href) and not href.startswith(("javascript:", "#", "mailto:")) and bool(text_of(a))


def attachments(
    tree: LexborHTMLParser,
    profile: Profile,
    container: LexborNode | None,
    url: str | None,
    lines: list[str],
    owners: list[LexborNode],
    joined: str,
) -> list[Attachment]:
    """Links to documents: the family's attachment list, document links in the body, and every
    link listed under an attachment label."""
    labelled = _labelled_links(lines, owners, joined)
    docs = [a for a in tree.css(_DOC_HREFS) if _DOC_LINK.search(a.attributes.get("href") or "")]
    if not docs and not labelled:
        return []
    listed = {a.mem_id for a in tree.css(", ".join(profile.attachments))} if profile.attachments else set()
    listed |= {a.mem_id for a in labelled}
    out, seen = [], set()
    for a in _page_order(docs, labelled):
        href = a.attributes.get("href") or ""
        in_body = container is not None and inside(a, container)
        if href in seen or not (a.mem_id in listed or in_body):
            continue
        seen.add(href)
        out.append(
            Attachment(url=absolute(url, href) if url else href, title=text_of(a) or href.rsplit("/", 1)[-1])
        )
    return out


def _page_order(docs: list[LexborNode], labelled: list[LexborNode]) -> list[LexborNode]:
    """Document links, then the labelled links that are not among them (both in page order)."""
    ids = {a.mem_id for a in docs}
    return docs + [a for a in labelled if a.mem_id not in ids]


def listed_line(paragraph: str, found: list[Attachment]) -> bool:
    """A body line that lists an attachment: its title, then at most a size ("(PDF, 312 KB)")."""
    return any(paragraph.startswith(a.title) and len(paragraph) - len(a.title) <= 30 for a in found)
