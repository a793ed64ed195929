"""Flattened text pages (a reader's copy of a portal page): where the title, date and counts are
(pages written for the test)."""

from __future__ import annotations

from extract import parse_page

PAGE = """UBND XÃ AN PHÚ TÂY
Trang thông tin điện tử - Thị xã An Nhơn, tỉnh Bình Định
Thứ Hai, 09/01/2017 07:15
Trang chủ / Nông thôn mới

Xã An Phú Tây đón Bằng công nhận đạt chuẩn nông thôn mới
(Cập nhật ngày: 9/1/2017)

{body}

Tin: Ngọc Thảo

TIN ĐÃ ĐĂNG
Xã An Phú Tây hoàn thành tiêu chí môi trường (12/12/2016)
Hội Nông dân xã trao vốn hỗ trợ nông dân làm nón lá (18/10/2016)

Lượt xem: 302
Truy cập hôm nay: 211 | Tổng truy cập: 96.840
""".format(
    body="Sáng 8/1, tại sân vận động trung tâm, Đảng bộ, chính quyền và nhân dân xã An Phú Tây long "
    "trọng tổ chức lễ đón Bằng công nhận xã đạt chuẩn nông thôn mới năm 2016."
)


def test_the_title_is_past_the_breadcrumb_and_never_a_dated_list_item() -> None:
    page = parse_page(PAGE, kind="text", facts=False)
    assert page.title == "Xã An Phú Tây đón Bằng công nhận đạt chuẩn nông thôn mới"
    assert page.published_at == "2017-01-09"  # the bracketed meta line, not the header clock
    assert page.view_count == 302  # "Lượt xem" after the lists is the article's
    assert [r.title for r in page.related] == [
        "Xã An Phú Tây hoàn thành tiêu chí môi trường",
        "Hội Nông dân xã trao vốn hỗ trợ nông dân làm nón lá",
    ]
    assert "nón lá" not in page.body


def test_a_title_in_capitals_under_the_breadcrumb() -> None:
    page = parse_page(
        "Cổng thông tin điện tử xã Kim Quan Đông\nTrang chủ » Y tế - Giáo dục\n\n"
        "XÃ KIM QUAN ĐÔNG ĐÓN NHẬN QUYẾT ĐỊNH ĐẠT BỘ TIÊU CHÍ QUỐC GIA VỀ Y TẾ XÃ\n"
        "Ngày xuất bản: 19/10/2024 09:05\n\nSáng 18/10/2024, UBND xã tổ chức lễ công bố quyết định.",
        kind="text",
        facts=False,
    )
    assert (
        page.title.startswith("XÃ KIM QUAN ĐÔNG ĐÓN NHẬN")
        and page.published_at == "2024-10-19T09:05:00+07:00"
    )


def test_a_list_headed_by_a_variant_of_the_same_section_is_no_body_text() -> None:
    page = parse_page(PAGE.replace("TIN ĐÃ ĐĂNG", "Bài viết cùng chuyên mục"), kind="text", facts=True)
    assert "nón lá" not in page.body and len(page.related) == 2
    assert [d.value for d in page.facts.dates if d.role == "event"] == ["2017-01-08"]
