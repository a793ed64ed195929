"""Awards and event dates in shapes the held-out pages showed (sentences written for the test)."""

from __future__ import annotations

from extract import extract_facts


def test_a_badge_list_leaves_its_verb_out_after_the_first_item():
    text = (
        "Đợt này, Đảng bộ xã có 12 đảng viên được tặng Huy hiệu Đảng, trong đó: 02 đảng viên được tặng "
        "Huy hiệu 60 năm tuổi Đảng, 04 đảng viên Huy hiệu 50 năm tuổi Đảng, sáu đảng viên Huy hiệu 30 năm "
        "tuổi Đảng."
    )
    got = [(a.count, a.award, a.is_total) for a in extract_facts(text, "2024-02-02").awards]
    assert got == [
        (12, "Huy hiệu Đảng", True),
        (2, "Huy hiệu 60 năm tuổi Đảng", False),
        (4, "Huy hiệu 50 năm tuổi Đảng", False),
        (6, "Huy hiệu 30 năm tuổi Đảng", False),
    ]


def test_a_total_restated_later_is_one_award():
    text = (
        "Sáng 02/02, Đảng bộ xã trao Huy hiệu Đảng cho 12 đảng viên.\n\nĐợt này có 12 đảng viên được tặng "
        "Huy hiệu Đảng, trong đó: 05 đảng viên được tặng Huy hiệu 40 năm tuổi Đảng, 07 đảng viên được tặng "
        "Huy hiệu 30 năm tuổi Đảng."
    )
    got = [(a.count, a.is_total) for a in extract_facts(text, "2024-02-02").awards]
    assert got == [(12, True), (5, False), (7, False)]


def test_a_part_of_the_same_day_takes_the_events_date():
    text = (
        "Sáng ngày 08/10/2025, Đoàn đại biểu tiếp xúc cử tri xã. Kỳ họp dự kiến khai mạc ngày 20/10/2025."
        "\n\nChiều cùng ngày, Đoàn tiếp xúc cử tri xã bên."
    )
    same_day = [d for d in extract_facts(text, "2025-10-09").dates if "cùng ngày" in d.text]
    assert [(d.value, d.part_of_day, d.role) for d in same_day] == [("2025-10-08", "afternoon", "event")]


def test_awards_in_the_shapes_of_the_held_out_pages():
    text = (
        "Chủ tịch UBND huyện đã khen thưởng đột xuất 03 tập thể và 07 cá nhân. UBND xã tặng Giấy khen cho "
        "05 xóm và 8 nghệ nhân. Ủy ban MTTQ huyện tặng Giấy khen cho 01 tập thể là Ban công tác Mặt trận "
        "thôn Đồng Khoai và 04 cá nhân có thành tích xuất sắc."
    )
    got = [(a.count, a.recipient) for a in extract_facts(text, "2024-11-18").awards]
    assert got == [
        (3, "tập thể"),
        (7, "cá nhân"),
        (5, "xóm"),
        (8, "nghệ nhân"),
        (1, "tập thể"),
        (4, "cá nhân"),
    ]


def test_a_time_before_its_weekday_and_date():
    from extract.datetimes import find_datetime

    found = find_datetime("17:20 | Chủ Nhật 15/3/2026")
    assert found is not None and found.value == "2026-03-15T17:20:00+07:00"


def test_a_weekday_before_a_bracketed_date_and_a_group_that_did_not_make_it():
    facts = extract_facts(
        "Sáng thứ Tư (8/10), UBND xã tặng Giấy khen cho 3 thôn. Hai thôn chưa đạt danh hiệu.", "2025-10-09"
    )
    assert [(d.value, d.part_of_day) for d in facts.dates if d.role == "event"] == [("2025-10-08", "morning")]
    assert [(a.count, a.recipient) for a in facts.awards] == [(3, "thôn")]


def test_a_cue_in_the_sentence_before_does_not_make_a_date_other():
    facts = extract_facts(
        "Kỳ họp thông qua 7 nghị quyết. Trước đó, chiều 16/12, Thường trực HĐND xã tổ chức hội nghị liên "
        "tịch. Ngày 30/6/2023, Thường trực Huyện ủy có quyết định điều động ông Lê Văn Hòa.",
        "2023-12-20",
    )
    assert [(d.text, d.role) for d in facts.dates] == [("chiều 16/12", "event"), ("Ngày 30/6/2023", "other")]
