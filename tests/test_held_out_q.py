"""Shapes the q_ held-out pages showed (sentences and pages written for the test): a view count
under the byline, names after an organisation's level, new recipients, rates that carry an
indicator on, "tỷ lệ này", a survey that is no vote, a share of the population."""

from __future__ import annotations

from extract import extract_facts, parse_page


def _names(text: str) -> dict[str, str]:
    return {o.name: o.title_text for o in extract_facts(text, "2025-12-20").officials}


def _targets(text: str) -> list[tuple[str, float]]:
    return [(t.indicator, t.value) for t in extract_facts(text, "2025-12-20").targets]


def test_a_view_count_under_the_byline_does_not_make_the_byline_the_title() -> None:
    page = parse_page(
        "Trang chủ / Tin tức\n\nXã Hòa Phú tổng kết công tác cải cách hành chính năm 2025\n"
        "Thứ năm, 25/12/2025 - 15:47\n\n"
        + "Chiều 24/12, UBND xã tổ chức hội nghị tổng kết công tác năm. " * 4
        + "\n\nTin: Khánh Linh - Ảnh: Trọng Nhân\nLượt xem: 342\n",
        kind="text",
        facts=False,
    )
    assert page.title == "Xã Hòa Phú tổng kết công tác cải cách hành chính năm 2025"
    assert page.view_count == 342 and "Chiều 24/12" in page.body


def test_names_after_a_level_a_lexicon_lacks_or_a_page_might_mistake_for_a_place() -> None:
    assert _names("Công chức Tư pháp-Hộ tịch xã Lê Thị Hoa cho biết thêm về kết quả.") == {
        "Lê Thị Hoa": "Công chức Tư pháp-Hộ tịch xã"
    }
    assert "Xeo Văn Pao" in _names("Trưởng Trạm Y tế xã Xeo Văn Pao báo cáo kết quả.")
    assert "A Thiên" in _names("Tại hội nghị, Trưởng thôn Tu Rơ Băng A Thiên phát biểu ý kiến.")


def test_products_and_establishments_are_awarded_groups() -> None:
    awards = extract_facts(
        "UBND xã tặng Giấy khen cho 04 chủ thể OCOP và 06 cơ sở sản xuất.", "2025-12-20"
    ).awards
    assert [(a.recipient_kind, a.count) for a in awards] == [("collective", 4), ("collective", 6)]


def test_rates_that_carry_an_indicator_on_in_the_clauses_after_it() -> None:
    assert _targets("Tỷ lệ hộ nghèo hiện còn 12,4%, phấn đấu đến cuối năm 2026 giảm còn 10%.") == [
        ("poverty_rate", 12.4),
        ("poverty_rate", 10),
    ]
    assert _targets("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân còn 14%, thể thấp còi còn 20%.") == [
        ("child_malnutrition_rate", 14),
        ("child_malnutrition_rate", 20),
    ]
    assert _targets(
        "Tỷ lệ hộ nghèo cuối năm 2024 là 11%; năm 2025 ước còn 9%, bình quân mỗi năm giảm 2,1%."
    ) == [
        ("poverty_rate", 11),
        ("poverty_rate", 9),
        ("poverty_rate_reduction", 2.1),
    ]
    # another indicator after a semicolon is not carried on
    got = _targets("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%; mức độ hài lòng của người dân đạt trên 95%.")
    assert ("other", 95) in got


def test_this_rate_is_the_rate_named_before() -> None:
    text = (
        "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi còn 24,1%. Trạm Y tế phấn đấu đến cuối năm "
        "2026 giảm tỷ lệ này xuống dưới 22%."
    )
    assert _targets(text) == [("child_malnutrition_rate", 24.1), ("child_malnutrition_rate", 22)]


def test_a_survey_is_no_vote_and_a_share_of_the_population_is_no_target() -> None:
    assert _targets(
        "Qua phiếu khảo sát, mức độ hài lòng của người dân đối với Bộ phận một cửa đạt 97,5%."
    ) == [("other", 97.5)]
    assert _targets("Thôn có 96 hộ, 100% là đồng bào Mông.") == []
