"""The year a target is for: the nearest year mark in its clause, its sentence's lead or its
paragraph; a period gives none; a base of comparison is no year (sentences written for the test)."""

from __future__ import annotations

import pytest

from extract import extract_facts


def _years(text: str, published: str) -> dict[tuple[str, float], int | None]:
    return {(t.indicator, t.value): t.year for t in extract_facts(text, published).targets}


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # a lead names the year of every figure of its sentence
        (
            "Năm 2024, thu nhập bình quân đầu người đạt 70 triệu đồng; tỷ lệ hộ nghèo còn 1,2%.",
            "2025-01-08T09:00:00",
            {("income_per_capita", 70): 2024, ("poverty_rate", 1.2): 2024},
        ),
        # the words before a colon too, for a list of plans
        (
            "HĐND xã thông qua các chỉ tiêu năm 2025: thu nhập bình quân đầu người đạt 60 triệu đồng; "
            "tỷ lệ hộ nghèo giảm còn 2%.",
            "2024-12-15T09:00:00",
            {("income_per_capita", 60): 2025, ("poverty_rate", 2): 2025},
        ),
        # a figure as of the report ("Hiện nay", "Đến nay") is for the year of publication, not
        # for a year an earlier sentence names
        (
            "Xã đạt chuẩn nông thôn mới năm 2019. Hiện nay, tỷ lệ hộ nghèo còn 0,9%; 100% hộ dân sử "
            "dụng nước hợp vệ sinh.",
            "2025-04-02T09:00:00",
            {("poverty_rate", 0.9): 2025, ("clean_water_rate", 100): 2025},
        ),
        # the items of a list written as lines share the year the first one names
        (
            "Kết quả nổi bật:\n\n- Năm 2025, thu ngân sách trên địa bàn đạt 86 tỷ đồng.\n\n- Tỷ lệ hộ "
            "nghèo còn 1,1%.\n\n- Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%.",
            "2026-01-09T09:00:00",
            {("poverty_rate", 1.1): 2025, ("health_insurance_coverage", 95): 2025},
        ),
        # a list opened by a line that plans it: every item is a target for that line's year
        (
            "Năm 2024, phường phấn đấu thực hiện các chỉ tiêu chủ yếu:\n\n- Tỷ lệ hộ nghèo giảm còn dưới "
            "0,3%;\n\n- Tỷ lệ tham gia BHYT đạt 96%.",
            "2023-12-27T09:00:00",
            {("poverty_rate", 0.3): 2024, ("health_insurance_coverage", 96): 2024},
        ),
        # a year-end report published the next year: its results are for the year it reviews
        (
            "Sáng 10/01, xã tổ chức hội nghị tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026.\n\n"
            "Tỷ lệ hộ nghèo còn 2,1%; cả năm giải quyết việc làm cho 300 lao động.",
            "2026-01-10T09:00:00",
            {("poverty_rate", 2.1): 2025, ("jobs_created", 300): 2025},
        ),
        # a year inside another figure's clause is that figure's own
        (
            "Năm 2019, xã đạt nhiều kết quả. Thu nhập bình quân đầu người năm 2018 đạt 40 triệu đồng; "
            "tỷ lệ hộ nghèo còn 3,5%.",
            "2019-12-28T09:00:00",
            {("income_per_capita", 40): 2018, ("poverty_rate", 3.5): 2019},
        ),
        # a term or "every year" is a period: no one year
        (
            "Nhiệm kỳ 2020 - 2025, tốc độ tăng trưởng kinh tế bình quân đạt 8,1%/năm; "
            "tỷ lệ hộ nghèo còn 1,5%.",
            "2025-06-20T09:00:00",
            {("economic_growth", 8.1): None, ("poverty_rate", 1.5): None},
        ),
        # an opener before the lead, and a lead after a colon
        (
            "Báo cáo nêu rõ: năm 2023, kinh tế tăng trưởng khá. "
            "Thu nhập bình quân đầu người đạt 50 triệu đồng.",
            "2024-01-05T09:00:00",
            {("income_per_capita", 50): 2023},
        ),
        # "so với năm 2022" is a base of comparison; the result is of the year it was reported in
        (
            "Thu ngân sách trên địa bàn đạt 5,2 tỷ đồng, tăng 12% so với năm 2022.",
            "2023-12-20T09:00:00",
            {("budget_revenue", 5.2): 2023},
        ),
        # "cả năm": this year
        (
            "Đảng ủy xã phấn đấu cả năm thu ngân sách đạt 6 tỷ đồng.",
            "2024-07-10T09:00:00",
            {("budget_revenue", 6): 2024},
        ),
        # a year in the phrase itself
        (
            "Phấn đấu thu nhập bình quân đầu người đến năm 2030 đạt 120 triệu đồng.",
            "2025-08-16T09:00:00",
            {("income_per_capita", 120): 2030},
        ),
        # a year written goes before "cả năm" in the same stretch
        (
            "Năm 2016, diện tích gieo trồng lúa cả năm đạt 5.100 ha.",
            "2017-01-10T09:00:00",
            {("crop_area", 5100): 2016},
        ),
        # "sau 10 năm": a length of time, not one year
        (
            "Sau gần 10 năm triển khai, tổng vốn đầu tư xây dựng nông thôn mới đạt 150 tỷ đồng.",
            "2020-10-20T09:00:00",
            {("investment_capital", 150): None},
        ),
        # a deadline in the first clause holds for the whole plan
        (
            "Xã phấn đấu đến năm 2025 đạt chuẩn nông thôn mới nâng cao; thu nhập bình quân đầu người "
            "đạt 60 triệu đồng.",
            "2020-10-20T09:00:00",
            {("income_per_capita", 60): 2025},
        ),
    ],
    ids=[
        "lead",
        "colon",
        "as-of-now",
        "list-items",
        "list-opening-line",
        "report-year",
        "own-clause",
        "period",
        "opener",
        "comparison",
        "this-year",
        "in-phrase",
        "written-year-first",
        "duration",
        "deadline",
    ],
)
def test_target_year(text: str, published: str, expected: dict) -> None:
    found = _years(text, published)
    assert {k: found.get(k, "missing") for k in expected} == expected


def test_a_range_with_its_unit_twice_and_a_loss_that_is_no_target() -> None:
    targets = extract_facts(
        "Phấn đấu đến năm 2025 có từ 92% đến 94% đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên. "
        "Mưa lũ làm 1.200 m đường giao thông bị sạt lở; xã đã sửa chữa 3 km đường giao thông bị hư hỏng.",
        "2023-06-01",
    ).targets
    assert [(t.value, t.value_max) for t in targets if t.indicator == "party_members_good_completion"] == [
        (92, 94)
    ]
    assert [t.value for t in targets if t.indicator == "rural_roads"] == [3]


def test_a_change_after_a_level_and_criteria_met_without_their_name() -> None:
    targets = extract_facts(
        "Năm 2023, tỷ lệ hộ nghèo còn 2,1%, giảm 1,2% so với năm 2022. Đến nay, xã đã đạt 17/19 tiêu chí; "
        "hai tiêu chí còn lại đang được tập trung chỉ đạo.",
        "2023-12-20",
    ).targets
    got = {(t.indicator, t.value, t.plan) for t in targets}
    assert got == {
        ("poverty_rate", 2.1, None),
        ("poverty_rate_reduction", 1.2, None),
        ("new_rural_criteria", 17, 19),
    }


def test_a_sentence_that_opens_with_its_year_dates_the_next_ones() -> None:
    targets = extract_facts(
        "Năm 2021 là năm đầu thực hiện Nghị quyết Đại hội Đảng bộ xã, nhiệm kỳ 2020 - 2025. Thu nhập bình "
        "quân đầu người đạt 29,8 triệu đồng; tỷ lệ hộ nghèo còn 21,4%.",
        "2021-12-20",
    ).targets
    assert {(t.indicator, t.year) for t in targets} == {("income_per_capita", 2021), ("poverty_rate", 2021)}


def test_criteria_of_another_set_are_not_the_new_rural_ones() -> None:
    targets = extract_facts(
        "Trạm Y tế xã đạt 10/10 tiêu chí; xã đã đạt 17/19 tiêu chí.", "2024-10-19"
    ).targets
    assert [(t.indicator, t.value, t.plan) for t in targets] == [("new_rural_criteria", 17, 19)]


def test_a_coffee_yield_in_tonnes_of_beans_per_hectare() -> None:
    targets = extract_facts("Năng suất cà phê bình quân của xã đạt 2,1 tấn nhân/ha.", "2017-05-01").targets
    assert [(t.indicator, t.value, t.unit_normalized) for t in targets] == [("crop_yield", 2.1, "t/ha")]
