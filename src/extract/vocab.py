"""Vietnamese vocabularies, loaded once from the data files and validated on load."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .textnorm import fold, nfc


class VocabularyError(ValueError):
    """A data file is malformed; the message lists every problem found."""


@dataclass(frozen=True)
class Indicator:
    code: str
    label_vi: str
    label_en: str
    unit_normalized: str
    synonyms: tuple[str, ...]


def _read(name: str) -> dict[str, Any]:
    text = resources.files("extract.data").joinpath(name).read_text(encoding="utf-8")
    try:
        return json.loads(nfc(text))
    except json.JSONDecodeError as exc:
        raise VocabularyError(f"{name}: not valid JSON ({exc})") from exc


def _check_phrases(name: str, where: str, items: Any, errors: list[str]) -> None:
    if not isinstance(items, list) or not items:
        errors.append(f"{name}: {where} must be a non-empty list of phrases")
        return
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            errors.append(f"{name}: {where}[{i}] must be a non-empty string, got {item!r}")


@cache
def load(name: str) -> dict[str, Any]:
    """One vocabulary file, checked against the keys its users rely on."""
    data = _read(name)
    errors: list[str] = []
    required = {
        "titles.json": ["heads", "org_words", "prefixes", "appointment_verbs", "byline_labels"],
        "awards.json": ["award_kinds", "award_verbs", "collective", "individual", "reason_starts"],
        "names.json": ["surnames", "not_names"],
        "chrome.json": ["line_patterns", "stop_patterns"],
    }.get(name, [])
    for key in required:
        _check_phrases(name, key, data.get(key), errors)
    if name == "indicators.json":
        seen: set[str] = set()
        for i, ind in enumerate(data.get("indicators", [])):
            for field in ("code", "label_vi", "label_en", "unit_normalized"):
                if not isinstance(ind.get(field), str) or not ind.get(field):
                    errors.append(f"{name}: indicators[{i}] needs a string '{field}'")
            _check_phrases(name, f"indicators[{i}].synonyms", ind.get("synonyms"), errors)
            if ind.get("code") in seen:
                errors.append(f"{name}: indicator code {ind.get('code')!r} appears twice")
            seen.add(ind.get("code"))
    if errors:
        raise VocabularyError("; ".join(errors))
    return data


@cache
def indicators() -> tuple[Indicator, ...]:
    rows = load("indicators.json")["indicators"]
    return tuple(
        Indicator(r["code"], r["label_vi"], r["label_en"], r["unit_normalized"], tuple(r["synonyms"]))
        for r in rows
    )


@cache
def indicator_by_code() -> dict[str, Indicator]:
    return {i.code: i for i in indicators()}


def folded_set(phrases: list[str]) -> frozenset[str]:
    """Phrases as accent-folded lower-case keys."""
    return frozenset(fold(p.lower()) for p in phrases)
