"""Which crop a generic yield is of: "gieo cấy 642,5 ha lúa, năng suất bình quân ước đạt 58,6
tạ/ha" is rice's; "trồng 415 ha ngô, năng suất đạt 46 tạ/ha" stays a crop yield. The crop named
last before the figure in its paragraph decides (rice_words and other_crop_words)."""

from __future__ import annotations

from functools import cache
from itertools import compress

from . import vocab
from .nlp import TokenView
from .quantities import quantity_at
from .target_rules import Hit, key_at
from .textnorm import word_key

_GENERIC = "crop_yield"
_RICE = "rice_yield"
_YIELD_WORDS = frozenset(("nang", "suat", "binh", "quan", "bq"))  # a label naming no crop


@cache
def _crops() -> dict[tuple[str, ...], bool]:
    """Crop phrases as word keys with their marks ("lúa", not "lụa") -> whether they name rice."""
    r = vocab.load("indicators.json")["rules"]
    out = {tuple(map(word_key, w.split())): False for w in r["other_crop_words"]}
    out.update({tuple(map(word_key, w.split())): True for w in r["rice_words"]})
    return out


def crop_of(v: TokenView, hit: Hit) -> Hit:
    """The hit, as a rice yield when it is a generic yield after rice was named."""
    code, s, e, q = hit
    if code != _GENERIC or any(v.norm[k] not in _YIELD_WORDS for k in range(s, e) if v.content[k]):
        return hit
    crops = _crops()
    words: list[str] = []  # the words before the figure, nearest first
    k = s - 1
    while k >= 0 and "\n" not in v.text[k]:
        if v.content[k]:
            words.insert(0, key_at(v, k))
            for n in (2, 1):  # a crop's words end here
                rice = crops.get(tuple(words[:n])) if len(words) >= n else None
                if rice is not None:
                    return (_RICE, s, e, q) if rice else hit
        k -= 1
    return hit


_AREA = "crop_area"


def crop_area_hits(v: TokenView, taken: set[int]) -> list[Hit]:
    """Areas written with their crop ("toàn xã có 2.860 ha cà phê", "gieo sạ 2.436 ha lúa",
    "lúa nước 312 ha, …; ngô lai 640 ha"): crop areas, where no rule has read them."""
    hits: list[Hit] = []
    for i in compress(range(len(v)), v.like_num):
        if i in taken or not v.text[i][0].isdigit():
            continue
        q = quantity_at(v, i)
        if q is None or q.base != "ha" or q.periods or any(k in taken for k in range(q.start, q.end)):
            continue
        after = _content(v, q.end, 1)
        before = _content(v, q.start, -1)
        span = _crop_in(v, after, after[:1]) or _crop_in(v, before[::-1], before[:1])
        if span is not None:
            hits.append((_AREA, span[0], span[1], q))
            taken.update(range(q.start, q.end))
    return hits


def _content(v: TokenView, k: int, step: int) -> list[int]:
    """The two content tokens from token k on (step 1) or before it (step -1), as far as a mark."""
    out: list[int] = []
    k = k if step > 0 else k - 1
    while 0 <= k < len(v) and len(out) < 2:
        if v.content[k]:
            out.append(k)
        elif not v.blank[k]:
            break  # a mark or a line break ends the crop's words
        k += step
    return out


def _crop_in(v: TokenView, tokens: list[int], nearest: list[int]) -> tuple[int, int] | None:
    """The span of a crop's name among these tokens (in text order): both words, else the one
    nearest the figure."""
    names = _crop_names()
    if len(tokens) == 2 and " ".join(key_at(v, t) for t in tokens) in names:
        return tokens[0], tokens[1] + 1
    if nearest and key_at(v, nearest[0]) in names:
        return nearest[0], nearest[0] + 1
    return None


@cache
def _crop_names() -> frozenset[str]:
    """Crops' names as word keys with their marks (no season, no field task)."""
    r = vocab.load("indicators.json")["rules"]
    return frozenset(" ".join(map(word_key, w.split())) for w in (*r["crop_names"], *r["other_crop_words"]))
