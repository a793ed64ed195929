"""Shapes the r_ held-out pages showed (sentences written for the test): a historic name after a
prefix, a congress's presidium, a place whose second syllable opens places, the flashback before
"sáng cùng ngày", a count after "tối nay", a campaign of ten days, a poverty line, "hộ dùng"."""

from __future__ import annotations

from extract import extract_facts


def _names(text: str) -> dict[str, str]:
    return {o.name: o.title_text for o in extract_facts(text, "2023-03-20").officials}


def test_a_name_streets_bear_is_a_person_after_a_prefix() -> None:
    assert "Lê Hồng Phong" in _names(
        "Tại hội nghị, ông Lê Hồng Phong, Bí thư Chi bộ, Trưởng xóm 2 phát biểu."
    )


def test_a_congress_presidium_is_no_title_of_its_members() -> None:
    got = _names(
        "Đoàn Chủ tịch Đại hội gồm 2 đồng chí: Lê Thị Hồng, Trần Thị Mai. Báo cáo do bà Lê Thị Hồng, Chủ "
        "tịch Hội LHPN xã trình bày."
    )
    assert got["Lê Thị Hồng"] == "Chủ tịch Hội LHPN xã"


def test_a_place_that_ends_with_a_place_first_syllable_stops_before_the_name() -> None:
    got = _names("Tại hội nghị, Bí thư Chi đoàn thôn Nà Khe Hoàng Văn Páo phát biểu.")
    assert got == {"Hoàng Văn Páo": "Bí thư Chi đoàn thôn Nà Khe"}


def test_the_same_day_is_not_a_day_the_story_went_back_to() -> None:
    facts = extract_facts(
        "Ngày 22/5, cử tri xã đi bỏ phiếu. Tối 21/5, Ủy ban bầu cử xã họp rà soát. Sáng cùng ngày, đoàn kiểm "
        "tra của tỉnh làm việc tại xã. Đến tối nay, 6/6 tổ bầu cử đã kiểm phiếu xong.",
        "2016-05-22T21:00:00",
    )
    got = [(d.text, d.value) for d in facts.dates if d.role == "event"]
    assert got == [
        ("Ngày 22/5", "2016-05-22"),
        ("Tối 21/5", "2016-05-21"),
        ("Sáng cùng ngày", "2016-05-22"),
        ("tối nay", "2016-05-22"),
    ]


def test_a_campaign_of_days_is_an_event_and_two_weeks_a_period() -> None:
    facts = extract_facts(
        "Xã tiêm phòng cho đàn gia súc từ ngày 5 đến ngày 16/10/2020. "
        "Đợt cao điểm từ ngày 1 đến ngày 20/11/2020.",
        "2020-12-01",
    )
    assert [(d.value, d.role) for d in facts.dates] == [("2020-10-05", "event"), ("2020-11-01", "other")]


def test_a_poverty_line_is_no_target_and_households_using_water_are() -> None:
    facts = extract_facts(
        "Tỷ lệ hộ nghèo còn 1,9% (chuẩn nghèo là thu nhập bình quân từ 1,5 triệu đồng/người/tháng "
        "trở xuống); 96,5% hộ dùng nước sạch.",
        "2023-03-20",
    )
    assert [(t.indicator, t.value) for t in facts.targets] == [
        ("poverty_rate", 1.9),
        ("clean_water_rate", 96.5),
    ]
