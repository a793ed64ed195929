"""Did page chrome get into a predicted body? A judge for `eval` and `make bench`.

Deliberately independent of the extractor's own chrome vocabulary (src/extract/data/chrome.json):
a judge that shares the extractor's list would never see the extractor's blind spots. A body line
leaks when it is not part of the gold body and either starts with one of the short markers
below (block headings, counters, tools, footers) or repeats a title of the page's gold
related/latest lists (a link list that got into the text).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Folded (no accents, đ -> d, lower case); matched at the start of a line, as whole words.
MARKERS = (
    # related / latest blocks
    "tin lien quan",
    "tin moi nhat",
    "tin moi",
    "tin khac",
    "cac tin khac",
    "tin cung chuyen muc",
    "bai viet lien quan",
    "tin doc nhieu",
    "tin xem nhieu",
    "xem them",
    "xem tiep",
    "lien ket website",
    "tham do y kien",
    "thong ke truy cap",
    # counters and meta
    "luot xem",
    "so luot xem",
    "luot truy cap",
    "tong luot truy cap",
    "dang truy cap",
    "dang online",
    "ngay dang",
    "dang ngay",
    # tools
    "chia se",
    "in bai",
    "ban in",
    "gui email",
    "gui bai viet",
    "co chu",
    "thu nho",
    "phong to",
    "ve dau trang",
    "quay lai",
    "trang chu",
    "tu khoa",
    "tags",
    "binh luan",
    "gui binh luan",
    "y kien ban doc",
    "danh gia",
    "tong so diem",
    "xep hang",
    "dang nhap",
    # footer
    "ban quyen",
    "copyright",
    "©",
    "co quan chu quan",
    "chiu trach nhiem",
)
_MARKER = re.compile(
    r"^(?:" + "|".join(re.escape(m) for m in sorted(MARKERS, key=len, reverse=True)) + r")(?![a-z0-9])"
)
_COUNTER = re.compile(
    r"^(\d[\d.,]*\s*(nguoi )?dang (online|truy cap)"
    r"|(hom nay|hom qua|tuan nay|thang nay|tong cong|truc tuyen)\s*:?\s*[\d.,]+)$"
)
_BULLET = re.compile(r"^[-–•*»·+]\s*")
MAX_LINE = 200  # longer lines are prose, whatever they start with
SHORT_WORDS = 8


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text or ""))).strip()


def fold(text: str) -> str:
    """ "Tin liên quan:" -> "tin lien quan:" (NFD, combining marks dropped, đ -> d)."""
    decomposed = unicodedata.normalize("NFD", _norm(text).lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_chrome_marker(line: str) -> bool:
    f = fold(line)
    return bool(f) and len(f) <= MAX_LINE and bool(_MARKER.match(f) or _COUNTER.match(f))


def leaked_lines(body: Any, gold: dict) -> list[str]:
    """The lines of a predicted body that are chrome: not in the gold body, and a marker or
    a related-list item (a gold related title, perhaps after a bullet and before its date).
    Empty when the gold has no body (nothing to judge against)."""
    if "body" not in gold:
        return []
    gold_body = _norm(gold.get("body"))
    gold_lines = {_norm(x) for x in str(gold.get("body") or "").splitlines()}
    related = {_norm(r.get("title")) for r in gold.get("related") or []}
    related = {t for t in related if len(t.split()) >= 3}  # "Video" alone would match prose
    related -= {t for t in related if t in gold_body} | {_norm(gold.get("title"))}  # a title is no chrome
    leaks = []
    for raw in str(body or "").splitlines():
        line = _norm(raw)
        # A short line must be a whole gold line ("Chia sẻ" also occurs inside sentences);
        # a long one may be a piece of a gold paragraph split differently.
        if not line or line in gold_lines or (len(line.split()) >= SHORT_WORDS and line in gold_body):
            continue
        item = _BULLET.sub("", line)
        if is_chrome_marker(line) or any(item.startswith(t) for t in related):
            leaks.append(line)
    return leaks
