"""Normalisation: one NFC text, match keys that ignore tone style, case and đ, and offsets that
stay those of the text the user sees."""

from __future__ import annotations

import unicodedata

import pytest

from extract import extract_facts, parse_page
from extract.textnorm import clean_line, fold, key, old_tone_style, tone_variants


@pytest.mark.parametrize(
    "new,old",
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("uỷ", "ủy"), ("Khoẻ", "Khỏe"), ("Hoà Bình", "Hòa Bình")],
)
def test_both_tone_styles_share_one_key(new: str, old: str) -> None:
    assert old_tone_style(new) == old
    assert key(new) == key(old)
    assert {new.lower(), old.lower()} <= tone_variants(new)


@pytest.mark.parametrize("word", ["hoàn", "quý", "thuyền", "Quỳnh"])
def test_closed_syllables_and_qu_keep_their_marks(word: str) -> None:
    assert old_tone_style(word) == word


def test_keys_keep_the_length_of_the_text() -> None:
    text = "Đảng uỷ xã Hoà Bình, HĐND huyện Thuỷ Nguyên"
    assert len(key(text)) == len(fold(text)) == len(text)
    assert fold("Đảng ủy") == "dang uy"


def test_clean_line_collapses_every_kind_of_space() -> None:
    assert clean_line(" Bí thư\u00a0\u00a0Đảng ủy\u200bxã \t") == "Bí thư Đảng ủy xã"


def test_decomposed_pages_are_read_as_nfc() -> None:
    page = unicodedata.normalize("NFD", "<h1>Hội nghị tổng kết năm 2024</h1><p>Đảng ủy xã họp.</p>")
    article = parse_page(page, kind="html")
    assert article.title == unicodedata.normalize("NFC", "Hội nghị tổng kết năm 2024")


@pytest.mark.parametrize(
    "sentence",
    [
        "Dự hội nghị có đồng chí Lê Văn Tâm - Bí thư Đảng ủy xã.",
        "Dự hội nghị có đồng chí Lê Văn Tâm - Bí Thư Đảng uỷ xã.",
        "Dự hội nghị có đồng chí Lê Văn Tâm - bí thu đảng ủy xã.",
    ],
)
def test_titles_match_whatever_the_case_tone_style_or_a_lost_mark(sentence: str) -> None:
    officials = extract_facts(sentence).officials
    assert [o.name for o in officials] == ["Lê Văn Tâm"]
    assert officials[0].org_level == "commune"
    start, end = officials[0].start, officials[0].end
    assert sentence[start:end] == officials[0].text  # offsets into the sentence as written


def test_stray_punctuation_inside_an_indicator_does_not_hide_it() -> None:
    targets = extract_facts("Năm 2024, phấn đấu giải quyết việc; làm cho 250 lao động.").targets
    assert [(t.indicator, t.value) for t in targets] == [("jobs_created", 250)]
