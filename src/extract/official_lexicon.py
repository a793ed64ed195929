"""The lexicon of the officials rules, read once from titles.json and names.json: family names,
minority-name markers, place words, abbreviations, title words and their keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from . import vocab
from .nlp import phrase_words
from .textnorm import fold, key, tone_variants


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]
    markers: frozenset[str]
    not_names: frozenset[str]
    name_stops: frozenset[str]
    place_starts: frozenset[str]
    place_qualifiers: frozenset[str]  # "(cũ)" after a place
    middle_names: frozenset[str]
    abbr: Mapping[str, str]
    title_abbr: frozenset[str]
    abbr_levels: Mapping[str, str]
    modifiers: frozenset[str]
    term_words: frozenset[str]  # folded: "khoa", "nhiem ky"
    aux: frozenset[str]
    plural: frozenset[str]
    ext_stops: frozenset[str]  # one word, or the first of two ("triển khai", not "phát triển")
    bylines: frozenset[str]  # folded
    priority: tuple[str, ...]
    first_lower: frozenset[str]  # family names and markers in lower case, both tone styles
    spaced: frozenset[tuple[str, ...]]  # folded words of the phrases written with punctuation inside
    ext_pairs: frozenset[tuple[str, ...]]
    regions: frozenset[tuple[str, str]]  # word keys of "khu vực" and the like


@cache
def lexicon() -> Lexicon:
    titles = vocab.load("titles.json")
    names = vocab.load("names.json")

    def keys(items: list[str]) -> frozenset[str]:
        return frozenset(key(s) for s in items)

    return Lexicon(
        surnames=keys(names["surnames"]),
        markers=keys(names["name_markers"]),
        not_names=keys(names["not_names"]),
        name_stops=keys(names["name_stops"]),
        place_starts=keys(names["place_starts"]),
        place_qualifiers=keys(names["place_qualifiers"]),
        middle_names=keys(names["middle_names"]),
        abbr=titles["abbreviations"],
        title_abbr=frozenset(titles["title_abbreviations"]),
        abbr_levels=titles["abbreviation_levels"],
        modifiers=keys(titles["modifiers"]),
        term_words=frozenset(fold(w) for w in titles["term_words"]),
        aux=keys(titles["role_auxiliaries"]),
        plural=keys(titles["plural_words"]),
        ext_stops=frozenset(key(w.split()[0]) for w in titles["extension_stops"]),
        ext_pairs=frozenset(tuple(key(x) for x in w.split()) for w in titles["extension_stops"] if " " in w),
        bylines=frozenset(fold(w) for w in titles["byline_labels"]),
        priority=tuple(titles["role_priority"]),
        first_lower=frozenset(
            variant
            for word in (*names["surnames"], *names["name_markers"])
            for variant in tone_variants(word)
        ),
        spaced=frozenset(tuple(phrase_words(p)) for p in _phrases(titles) if _has_punctuation(p)),
        regions=frozenset((key(a), key(b)) for a, b in (w.split() for w in titles["region_words"])),
    )


def _has_punctuation(phrase: str) -> bool:
    return not phrase.replace(" ", "").isalpha()


def _phrases(titles: dict) -> list[str]:
    """Every phrase of titles.json that the vocabulary matcher looks for."""
    phrases = [*titles["heads"], *titles["org_words"], *titles["prefixes"], *titles["appointment_verbs"]]
    for group in ("role_verbs", "levels"):
        for words in titles[group].values():
            phrases += words
    return phrases
