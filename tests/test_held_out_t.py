"""Shapes the t_ held-out pages showed (sentences written for the test): a place named as a school,
"K' Brếp", a long lower-case organisation, a conferred title, a change after a share of plan, a
rule's threshold, contributions in money."""

from __future__ import annotations

from extract import extract_facts


def _names(text: str) -> dict[str, str]:
    return {o.name: o.title_text for o in extract_facts(text, "2019-09-05").officials}


def _targets(text: str) -> list[tuple[str, float]]:
    return [(t.indicator, t.value) for t in extract_facts(text, "2019-10-05").targets]


def test_a_place_the_page_names_is_no_person_anywhere() -> None:
    got = _names(
        "Học sinh xã Sơn Hòa Đông dự lễ. Tại lễ khai giảng của Trường THCS Sơn Hòa Đông, Trưởng phòng Giáo "
        "dục và Đào tạo huyện Sông Cầu Lê Văn Tài đến dự."
    )
    assert got == {"Lê Văn Tài": "Trưởng phòng Giáo dục và Đào tạo huyện Sông Cầu"}


def test_a_marker_spaced_from_its_name_and_a_long_lower_case_organisation() -> None:
    got = _names(
        "Tại hội nghị, ông K' Brăng, Tổ trưởng tổ dân phố 5 phát biểu. Báo cáo do ông Hồ Văn Tùng, Đội "
        "trưởng Đội Quản lý trật tự đô thị phường trình bày."
    )
    assert got == {
        "K' Brăng": "Tổ trưởng tổ dân phố 5",
        "Hồ Văn Tùng": "Đội trưởng Đội Quản lý trật tự đô thị phường",
    }


def test_a_title_a_body_confers_is_an_award_and_one_attained_a_statistic() -> None:
    conferred = extract_facts(
        'Năm 2016, UBND xã công nhận danh hiệu "Gia đình văn hóa" cho 845 hộ.', "2017-01-05"
    )
    attained = extract_facts('Năm 2016, toàn xã có 845 hộ đạt danh hiệu "Gia đình văn hóa".', "2017-01-05")
    assert [(a.count, a.recipient) for a in conferred.awards] == [(845, "hộ")]
    assert attained.awards == []


def test_a_change_after_a_share_of_plan_and_a_rules_threshold() -> None:
    assert _targets(
        "Thu ngân sách trên địa bàn ước đạt 6,25 tỷ đồng, bằng 85,2% dự toán huyện giao, tăng 11,4% so với "
        "cùng kỳ."
    ) == [("budget_revenue", 6.25), ("budget_revenue_growth", 11.4)]
    assert (
        _targets(
            'Theo quy định, thôn được công nhận "Thôn văn hóa" phải có từ 70% số hộ trở lên đạt danh '
            'hiệu "Gia đình văn hóa".'
        )
        == []
    )


def test_money_contributed_is_capital() -> None:
    assert _targets("Nhân dân đóng góp 2,6 tỷ đồng để làm đường giao thông nông thôn.") == [
        ("investment_capital", 2.6)
    ]


def test_areas_written_with_their_crop_and_pests_that_are_losses() -> None:
    assert _targets("Toàn xã hiện có 2.450 ha cà phê; vụ Đông Xuân gieo sạ 1.120 ha lúa.") == [
        ("crop_area", 2450),
        ("crop_area", 1120),
    ]
    assert _targets("Sâu keo mùa thu gây hại 86 ha ngô ở làng Bàng.") == []


def test_rates_the_vocabulary_lacks_after_a_lead_word_or_as_a_named_change() -> None:
    assert _targets("Hiện 100% xóm có nhà văn hóa đạt chuẩn; số vụ phạm tội giảm 12% so với năm 2018.") == [
        ("other", 100),
        ("other", 12),
    ]


def test_a_share_of_plan_alone_is_no_amount_of_capital() -> None:
    assert _targets("Năm 2019, xã phấn đấu giải ngân 100% kế hoạch vốn đầu tư công được giao.") == [
        ("other", 100)
    ]


def test_herds_roads_households_helped_and_costs_that_are_no_capital() -> None:
    assert _targets(
        "Tổng đàn gia súc ổn định, trong đó đàn bò 3.210 con; xã cứng hóa 4,2 km đường trục thôn; Hội đã "
        "giúp 12 hộ nghèo thoát nghèo."
    ) == [("livestock_herd", 3210), ("rural_roads", 4.2), ("households_escaped_poverty", 12)]
    assert _targets("Xã trao 120 suất quà cho hộ nghèo với tổng kinh phí 60 triệu đồng.") == []
    assert _targets("Tổng kinh phí tổ chức ngày hội 185 triệu đồng.") == []


def test_recruits_handed_over_workers_abroad_and_lighting_installed() -> None:
    assert _targets(
        "Xã bàn giao 16 tân binh cho đơn vị nhận quân; có 35 người đi làm việc có thời hạn ở nước ngoài; "
        "lắp đặt 2,4 km đường điện chiếu sáng."
    ) == [("military_recruitment", 16), ("labour_export", 35), ("street_lighting", 2.4)]
