"""Which crop a generic yield is of: "gieo cấy 642,5 ha lúa, năng suất bình quân ước đạt 58,6
tạ/ha" is rice's; "trồng 415 ha ngô, năng suất đạt 46 tạ/ha" stays a crop yield. The crop named
last before the figure in its paragraph decides (rice_words and other_crop_words)."""

from __future__ import annotations

from functools import cache

from . import vocab
from .nlp import TokenView
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
