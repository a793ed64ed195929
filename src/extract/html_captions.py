"""Photo captions in an article container, however a template marks them up, taken out of it."""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .htmltext import INLINE_TAGS, contains_tag, font_px, has_text, next_element, text_of
from .profiles import Profile
from .textnorm import clean_line

_CAPTION_CLASS = "figcaption, [class*='caption' i]"
_MAX_CAPTION_WORDS = 40


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
        if len(kids) != 1 or kids[0].tag not in ("div", "p"):
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


def _image_block(img: LexborNode, container: LexborNode) -> LexborNode:
    """The block an image sits in (its <p>, <div>, <td>, <figure>), inline wrappers skipped."""
    node = img
    while node.parent is not None and node.mem_id != container.mem_id and node.parent.tag in INLINE_TAGS:
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
    """<p><img><br><em>Caption</em></p>: an italic run after the image in the same block; or a
    photo's own box holding the photo and one line (<div><img><div class="…desc">…</div></div>)."""
    kids = [c for c in node.iter() if c.tag not in ("-text", "-comment")]
    if _photo_box(node, kids):
        add(kids[1])
        return
    saw_img = False
    for child in kids:
        if child.tag == "img" or contains_tag(child, _IMAGE):
            saw_img = True
        elif saw_img and child.tag in _INLINE_CAPTION and _is_styled_caption(child):
            add(child)


def _photo_box(node: LexborNode, kids: list[LexborNode]) -> bool:
    """A <div> of two elements, the photo and then a line that holds no photo, and no text of its own."""
    if node.tag != "div" or len(kids) != 2 or kids[1].tag not in _BOX_CAPTION:
        return False
    photo, line = kids
    if (node.text(deep=False) or "").strip() or contains_tag(line, _IMAGE):
        return False
    return photo.tag in _IMAGE or (contains_tag(photo, _IMAGE) and not has_text(photo))


_BOX_CAPTION = frozenset({"div", "span", "small", "em", "i"})


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
