"""Line-level knowledge shared by the HTML and flattened-text readers: chrome, meta lines, lists."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import vocab
from .datetimes import find_datetime
from .records import RelatedItem
from .textnorm import clean_line, fold


@cache
def _compiled() -> dict:
    data = vocab.load("chrome.json")
    headings = {fold(h): kind for kind, hs in data["block_headings"].items() for h in hs}
    return {
        # One alternation per list: a single match call per line instead of one per pattern.
        "lines": re.compile("|".join(f"(?:{p})" for p in data["line_patterns"])),
        "stops": re.compile("|".join(f"(?:{p})" for p in data["stop_patterns"])),
        "headings": headings,
        "published": sorted((fold(x) for x in data["meta_labels"]["published"]), key=len, reverse=True),
        "views": sorted((fold(x) for x in data["meta_labels"]["views"]), key=len, reverse=True),
        "author": sorted((fold(x) for x in data["meta_labels"]["author"]), key=len, reverse=True),
        "updated": frozenset(fold(x) for x in data["meta_labels"]["updated"]),
        "soft_404": [fold(x) for x in data["soft_404"]],
        "not_articles": frozenset(fold(h) for h in data.get("non_article_blocks", ())),
        "units": re.compile(r"\b(?:" + "|".join(re.escape(fold(u)) for u in data["author_units"]) + r")\b"),
    }


@lru_cache(maxsize=16384)  # menus, footers and list headings repeat on every page of a site
def folded(line: str) -> str:
    return fold(clean_line(line).lower())


def is_chrome_line(line: str) -> bool:
    """A whole line that is page furniture (counter, tool, footer, file name)."""
    f = folded(line)
    return bool(f) and _compiled()["lines"].match(f) is not None


_COUNTER = re.compile(
    r"^(\d[\d.,]*\s*nguoi dang (online|truy cap)|dang (online|truy cap)\b.*"
    r"|(tong )?luot truy cap\b.*|(truy cap hom nay|tong truy cap)\b.*|\d+ khach va \d+ thanh vien)$"
)


def is_counter_line(line: str) -> bool:
    """A visitor counter ("35 người đang online"), which sits after the article lists."""
    return bool(_COUNTER.match(folded(line)))


_LONGEST_HEADING = 80  # characters, spaces and a colon included; the vocabulary's run to 30


@lru_cache(maxsize=16384)
def block_kind(heading: str) -> str | None:
    """ "Tin liên quan" -> "related", "Tin mới nhất" -> "latest"; None if not a block heading."""
    if len(heading) > _LONGEST_HEADING:  # a paragraph: no need to fold it
        return None
    return _compiled()["headings"].get(_heading_key(heading))


_ARROWS = " «»‹›<>←→"  # around "« Bài mới hơn", "Bài cũ hơn »"


def without_heading(text: str) -> str:
    """An item's text without a block heading it opens with: "« Bài mới hơn Title" -> "Title"
    (a post's previous/next link carries its label)."""
    f = folded(text)
    start = len(f) - len(f.lstrip(_ARROWS))
    for heading in _compiled()["headings"]:
        if f.startswith(heading, start) and f[start + len(heading) : start + len(heading) + 1] in (" ", ":"):
            return clean_line(text)[start + len(heading) :].lstrip(_ARROWS + ":")
    return text


def lists_no_articles(heading: str) -> bool:
    """A side box of schedules, documents, media or links ("Lịch công tác", "Văn bản mới",
    "Video"): chrome around an article, but its items are no articles."""
    return _heading_key(heading) in _compiled()["not_articles"]


def _heading_key(heading: str) -> str:
    """A heading as its vocabulary key: folded, without a closing colon or arrows around it."""
    return folded(heading).rstrip(":").strip(_ARROWS)


def is_stop_line(line: str) -> bool:
    return _compiled()["stops"].match(folded(line)) is not None


_VIEWS = re.compile(r"(\d[\d.,]*)")


def read_views(line: str) -> int | None:
    """ "Lượt xem: 225" -> 225 (a labelled number only)."""
    f = folded(line)
    for label in _compiled()["views"]:
        i = f.find(label)
        if i >= 0:
            m = _VIEWS.search(clean_line(line)[i + len(label) :][:20])
            if m:
                digits = re.sub(r"[.,]", "", m.group(1))
                return int(digits) if digits.isdigit() else None
    return None


@cache
def label_patterns(kind: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A meta label ("published", "views", "author") in a folded line: ``match`` the first at
    the line's start, ``search`` the second for one after a separator. Not after "(":
    "(Đăng lúc: 08:15 - 21/11/2023)" closes an item of a list. (Two simple patterns take half
    the time of one with "^|" in front, which sre cannot scan for.)"""
    alternation = "|".join(re.escape(w) for w in _compiled()[kind])
    return re.compile(rf"(?:{alternation})\s*:?"), re.compile(rf"[|•·-]\s*(?:{alternation})\s*:?")


def is_update_label(label: str) -> bool:
    """A folded publication label that says "updated" ("cập nhật lúc"), not "posted"."""
    return label.strip(" :|•·-") in _compiled()["updated"]


def published_label_at(line: str) -> bool:
    """The line carries a publication-date label ("Đăng ngày", "Ngay dang:", "Ngày đăng tin")."""
    f = folded(line).lstrip("([ ")  # "(Cập nhật ngày: 9/1/2017)"
    return any(f.startswith(label) or f" {label}" in f for label in _compiled()["published"][:-1])


_HANDLE = re.compile(r"^[a-z][a-z0-9_.]{3,29}$")
_SOURCE_TAIL = re.compile(r"\s*/\s*[\w.-]+\.(?:vn|com|net|org)\S*$", re.IGNORECASE)
# A document's signature block ends with the signer's name: not a byline.
_SIGNATURE = re.compile(r"^(\(đã ký\)|\(ký tên.*\)|tm\.|t/m|kt\.|chủ tịch|bí thư|trưởng ban)", re.IGNORECASE)


def read_author(line: str) -> str | None:
    """ "Tác giả: Minh Anh" / "Tin, ảnh: Thế Anh" -> the name; None if not a byline."""
    f = folded(line)
    text = clean_line(line)
    for label in _compiled()["author"]:
        if f.startswith(label):
            rest = text[len(label) :].lstrip(" :.-–")
            rest = _SOURCE_TAIL.sub("", rest)  # "Theo: Minh Hải / baobinhphuoc.com.vn"
            after = _next_label().search(folded(rest))  # "Hà Minh Tuấn Nguồn: Văn phòng …"
            rest = rest[: after.start()].rstrip(" ,;|-–") if after else rest
            rest = rest.split(" | ")[0]  # "Đăng bởi: Văn phòng UBND | 20/07/2021": the date goes
            if rest and len(rest) < 80:
                return rest
    return None


@cache
def _next_label() -> re.Pattern[str]:
    """Another byline label after the name, with its colon: "… Nguồn: …", "… Ảnh: …"."""
    return re.compile(r"\s(?:" + "|".join(re.escape(w) for w in _compiled()["author"]) + r")\s*:")


def without_unit(author: str | None) -> str | None:
    """A byline's name without the unit written after it ("Sơn Bích Tuyền - Đảng ủy xã Hòa Lợi");
    two names joined by a dash stay ("Quang Vinh - Hồng Nhung")."""
    if not author or " - " not in author:
        return author
    name, _, unit = author.rpartition(" - ")
    return name if _compiled()["units"].search(folded(unit)) else author


def is_soft_404(text: str) -> bool:
    f = folded(text)
    return any(marker in f for marker in _compiled()["soft_404"])


_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.DOTALL)


def related_item(text: str, url: str | None, block: str) -> RelatedItem | None:
    """ "Title(26/03/2024 10:18 SA)" -> RelatedItem with its datetime. ``text`` is one clean
    line (text_of, or a line of a flattened page)."""
    if _THREE_LETTERS.search(text) is None:
        return None
    title, date = _split_date(text)
    found = find_datetime(date) if date else None
    if found:
        return RelatedItem(title, url, found.value, block)
    if date and is_stamp(date) and not date.strip().isdigit():  # "Title (1.876 lượt xem)", not "(1930)"
        return RelatedItem(title, url, None, block)
    return RelatedItem(text, url, None, block)


# A view count or an age beside a title: "3.418", "1.487 lượt xem", "2 giờ trước", "Hôm qua".
_COUNT = re.compile(r"\s*\d{1,3}(?:[.,]\d{3})*\s*(?:lượt xem|lượt đọc|lần đọc)?\s*", re.IGNORECASE)
_AGO = re.compile(
    r"\s*(?:\d+\s*(?:phút|giờ|ngày|tuần|tháng|năm)\s+trước|hôm qua|hôm nay|vừa xong)\s*", re.IGNORECASE
)


def is_stamp(text: str) -> bool:
    """An age or a view count set beside a title ("2 giờ trước", "1.487 lượt xem")."""
    return _AGO.fullmatch(text) is not None or _COUNT.fullmatch(text) is not None


def _split_date(text: str) -> tuple[str, str | None]:
    """ "Title (26/03/2024)" -> ("Title", "26/03/2024"): the last bracket group, with no
    brackets inside; the title keeps its own brackets, and a span of dates, which names an
    anniversary ("… Hội LHPN Việt Nam (20/10/1930 - 20/10/2021)"). find_datetime judges the
    date part."""
    if not text.endswith(")"):
        return text, None
    i = text.rfind("(")
    date = text[i + 1 : -1]
    title = text[:i].strip()
    if i < 1 or not title or ")" in date or len(_DATE_SPAN.findall(date)) > 1:
        return text, None
    return title, date


_DATE_SPAN = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_WORD = re.compile(r"[^\W\d_]+(?:\S*)")  # a word with a letter in it ("2024" is not one)


def is_short_name(item: RelatedItem) -> bool:
    """An undated item of a few words ("Tin hoạt động", "Thăm dò ý kiến", "Xem kết quả"): a
    menu entry, a section link or a form label; article titles run to six words and more."""
    if item.published_at is not None:
        return False
    tokens = item.title.count(" ") + 1  # a cheap bound first: most titles are long
    return tokens < 5 or (tokens < 10 and len(_WORD.findall(item.title)) < 5)


_NAME_WORD = re.compile(r"^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][\w.]*$")


def looks_like_byline(line: str) -> bool:
    """A last line that is a name or two ("Văn Tuấn", "Minh Anh - Thu Hà", "TT. HĐND XÃ"),
    not a sentence: every word capitalised, short, no closing full stop."""
    if len(line) > 60 or line.endswith((".", ":", ";", ",")) or any(c.isdigit() for c in line):
        return False
    words = [w for w in re.split(r"[\s,–-]+", line) if w]
    return 1 <= len(words) <= 8 and all(_NAME_WORD.match(w) for w in words)


def take_byline(lines: list[str]) -> tuple[list[str], str | None, bool]:
    """Take the byline off the end of an article's lines: "Tin, ảnh: Thế Anh", "PV", a name;
    and whether it only credits the photos ("Ảnh: Minh Khang"), naming no writer."""
    out = list(lines)
    while out and _HANDLE.match(out[-1]):
        out.pop()  # the uploader's account name some platforms print after the article
    byline, photos = None, False
    while out:
        last = out[-1]
        author = read_author(last)
        if author and len(last) < 80:
            byline, photos = author, _PHOTO_CREDIT.match(folded(last)) is not None
        elif len(out) > 1 and _SIGNATURE.match(out[-2]):
            break
        elif len(out) > 1 and (looks_like_byline(without_unit(last) or "") or last in ("PV", "CTV")):
            byline, photos = last, False
        else:
            break
        out.pop()
    return out, byline, photos


_PHOTO_CREDIT = re.compile(r"(?:anh|hinh anh)\s*:")  # folded: "Ảnh: …" alone credits the photos
