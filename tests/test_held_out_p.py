"""Shapes the p_ held-out pages showed (sentences written for the test): a place the page names
elsewhere, a rank between a title and a name, "hai đồng chí" opening a list, a yearly tally of
good producers, "sáng hôm sau", a share after a count, the crop of a generic yield."""

from __future__ import annotations

from extract import extract_facts


def _officials(text: str) -> list[tuple[str, str]]:
    return [(o.name, o.title_text) for o in extract_facts(text, "2025-12-20").officials]


def _targets(text: str) -> list[tuple[str, float]]:
    return [(t.indicator, t.value) for t in extract_facts(text, "2025-12-20").targets]


def test_a_place_the_page_names_elsewhere_is_no_name_after_a_title() -> None:
    text = (
        "Chiều 18/12, Ban Thường trực Ủy ban MTTQ Việt Nam xã Vĩnh Phú Đông tổ chức hội nghị. "
        "Năm 2025, xã Vĩnh Phú Đông có 1.920 hộ. Ông Đào Văn Lợi, Chủ tịch Ủy ban MTTQ Việt Nam xã "
        "phát biểu."
    )
    assert _officials(text) == [("Đào Văn Lợi", "Chủ tịch Ủy ban MTTQ Việt Nam xã")]


def test_a_rank_between_a_title_and_the_name() -> None:
    text = "Phó Trưởng Công an xã Đại úy Trần Văn Bình trình bày tham luận."
    assert _officials(text) == [("Trần Văn Bình", "Phó Trưởng Công an xã")]


def test_a_count_before_the_prefix_opens_a_list_that_shares_one_title() -> None:
    text = (
        "Tại hội nghị, ba đồng chí Lê Văn An, Phạm Thị Bích, Hồ Văn Cường – Ủy viên BCH Hội CCB xã phát biểu."
    )
    assert [title for _, title in _officials(text)] == ["Ủy viên BCH Hội CCB xã"] * 3


def test_a_yearly_tally_of_good_producers_is_a_rate_not_an_award() -> None:
    facts = extract_facts(
        "Có 52 hộ hội viên đạt danh hiệu sản xuất, kinh doanh giỏi các cấp, chiếm 12,4%.", "2025-12-20"
    )
    assert facts.awards == []


def test_the_morning_after_an_event_is_the_next_day() -> None:
    facts = extract_facts(
        "Tối ngày 27/5, mưa đá gây thiệt hại. Ngay sáng hôm sau, xã huy động lực lượng.", "2026-06-02"
    )
    assert [(d.text, d.value, d.part_of_day) for d in facts.dates if d.role == "event"] == [
        ("Tối ngày 27/5", "2026-05-27", "evening"),
        ("sáng hôm sau", "2026-05-28", "morning"),
    ]


def test_words_that_fold_alike_are_not_the_same_phrase() -> None:
    # "hiện đạt" (reaches now) folds like "hiến đất" (land donated)
    assert _targets("Quỹ hỗ trợ nông dân hiện đạt 1,3 tỷ đồng.") == [("farmer_support_fund", 1.3)]


def test_a_share_after_a_count_is_the_rate_of_the_indicator_named_with_it() -> None:
    text = "Có 12 chi bộ được công nhận đạt trong sạch vững mạnh, đạt 80%."
    assert _targets(text) == [("party_organisations_clean_strong", 80)]


def test_a_generic_yield_is_of_the_crop_named_before_it() -> None:
    text = (
        "Vụ xuân, toàn xã gieo cấy 500 ha lúa, năng suất bình quân đạt 60 tạ/ha; trồng 120 ha ngô, "
        "năng suất đạt 45 tạ/ha."
    )
    yields = [t for t in _targets(text) if t[0].endswith("_yield")]
    assert yields == [("rice_yield", 60), ("crop_yield", 45)]


def test_two_other_rates_of_the_same_value_are_two_targets() -> None:
    text = "Năm 2025, 100% học sinh lớp 9 được xét công nhận tốt nghiệp; 100% phòng học được kiên cố hóa."
    assert _targets(text) == [("other", 100), ("other", 100)]
