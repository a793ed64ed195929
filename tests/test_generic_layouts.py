"""Generic fallback rules for layouts no profile knows (markup written for the test)."""

from __future__ import annotations

from extract import parse_page

BODY = "".join(
    f"<p>Đoạn {n}: UBND xã An Hòa tổ chức hội nghị tổng kết công tác năm, đánh giá kết quả đạt được.</p>"
    for n in range(6)
)


def _parse(inner: str, head: str = ""):
    title = "<h1>Xã An Hòa tổng kết công tác năm 2024 và triển khai nhiệm vụ</h1>"
    html = f"<html><head>{head}</head><body>{title}{inner}</body></html>"
    return parse_page(html, kind="html", facts=False)


def test_a_utc_machine_date_is_read_as_vietnam_time():
    head = '<meta property="article:published_time" content="2024-11-25T09:05:00Z">'
    assert _parse(f"<div class='content'>{BODY}</div>", head).published_at == "2024-11-25T16:05:00+07:00"


def test_a_count_written_before_its_label_is_the_view_count():
    page = _parse(f"<div class='content'>{BODY}</div><ul class='links'><li>1027 lượt xem</li></ul>")
    assert page.view_count == 1027


def test_a_caption_that_repeats_the_alt_text_and_its_template_siblings():
    photo = "<div class='c1'><span><img alt='{alt}' src='/a.jpg'></span><div class='cap'>{cap}</div></div>"
    inner = (
        "<div class='content'>"
        + BODY[:200]
        + photo.format(
            alt="Các đại biểu cắt băng khánh thành nhà văn hóa",
            cap="Các đại biểu cắt băng khánh thành nhà văn hóa",
        )
        + BODY[200:]
        + photo.format(alt="", cap="Tuyến đường trục thôn sau khi mở rộng")
        + "</div>"
    )
    assert _parse(inner).captions == [
        "Các đại biểu cắt băng khánh thành nhà văn hóa",
        "Tuyến đường trục thôn sau khi mở rộng",
    ]


def test_a_responsive_bootstrap_caption_is_not_hidden():
    inner = (
        "<div class='content'>"
        + BODY
        + "<figure><img src='/b.jpg'>"
        + "<figcaption class='d-none d-md-block'>Quang cảnh ngày hội</figcaption></figure>"
        + "</div>"
    )
    assert _parse(inner).captions == ["Quang cảnh ngày hội"]


def test_a_list_with_a_pager_keeps_its_items():
    inner = (
        f"<div class='content'>{BODY}</div><div class='block'><h2>Tin cùng chuyên mục</h2>"
        "<div><a href='/t/1'>Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi</a></div>"
        "<div><a href='/t/2'>Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè</a></div>"
        "<nav class='pager'><ul><li><a href='?page=1'>1</a></li>"
        "<li><a href='?page=2'>2</a></li></ul></nav></div>"
    )
    assert [r.title for r in _parse(inner).related] == [
        "Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi",
        "Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè",
    ]


def test_an_old_table_layout_title_lead_byline_and_attachment():
    html = (
        "<html><head><title>UBND xã - Tin tức</title></head><body><table><tr><td>"
        "<a href='d.do?c=1'><b>Văn hóa - Xã hội của xã miền núi</b></a></td><td><table>"
        "<tr><td style='font:bold 16px Arial'>Xã Phúc Linh tổ chức Ngày hội văn hóa các dân tộc năm 2023"
        "</td></tr>"
        "<tr><td style='font:11px Tahoma'>Ngay dang: 09/10/2023 16:42:07 | Luot xem: 317</td></tr>"
        "<tr><td style='font:bold 13px Arial'>Trong hai ngày 07 và 08/10/2023, UBND xã tổ chức Ngày hội văn "
        "hóa các dân tộc với nhiều hoạt động sôi nổi, thu hút đông đảo Nhân dân tham gia.</td></tr>"
        f"<tr><td id='noidung'>{BODY}</td></tr>"
        "<tr><td align='right'>HOÀNG MAI ANH</td></tr>"
        "<tr><td><b>Tệp tin đính kèm:</b><br><a href='download.do?method=file&amp;fileId=20931'>"
        "Chương trình Ngày hội văn hóa các dân tộc năm 2023</a></td></tr>"
        "</table></td></tr></table></body></html>"
    )
    page = parse_page(html, kind="html", facts=False)
    assert page.title == "Xã Phúc Linh tổ chức Ngày hội văn hóa các dân tộc năm 2023"
    assert page.body.startswith("Trong hai ngày 07 và 08/10/2023")
    assert page.author == "HOÀNG MAI ANH"
    assert [(a.title, a.url) for a in page.attachments] == [
        ("Chương trình Ngày hội văn hóa các dân tộc năm 2023", "download.do?method=file&fileId=20931")
    ]


def test_a_date_under_the_title_beats_a_labelled_date_in_the_header():
    html = (
        "<html><body><div class='topbar'>Cập nhật lúc 06:00, 20/09/2025</div><main>"
        "<h1>Kỳ họp thứ Ba HĐND xã Nam Hưng khóa I, nhiệm kỳ 2021 - 2026</h1>"
        f"<div class='post-meta'><span>15:10, 19/09/2025</span> · 4 phút đọc</div><div class='content'>{BODY}"
        "<h3>Tài liệu đính kèm</h3><ul><li><a href='/files/nq-12.pdf'>Nghị quyết số 12/NQ-HĐND ngày "
        "18/9/2025 về điều chỉnh dự toán ngân sách xã năm 2025</a> (PDF, 312 KB)</li></ul></div></main>"
        "</body></html>"
    )
    page = parse_page(html, kind="html", facts=False)
    assert page.published_at == "2025-09-19T15:10:00+07:00"
    assert "Nghị quyết số 12" not in page.body  # the attachment list is not article text


def test_a_body_written_in_br_lines_with_a_small_font_caption():
    lines = "".join(
        f"Đoạn {n}: UBND xã tổ chức tiêm phòng cho đàn gia súc, gia cầm trên địa bàn các thôn.<br />\n"
        for n in range(6)
    )
    html = (
        "<html><body><div class='post-detail'><h1>Xã Vĩnh Thịnh Hạ triển khai tiêm phòng đợt 2 năm 2024</h1>"
        "<div class='post-detail__sapo'><p>Thực hiện kế hoạch của huyện, xã triển khai tiêm phòng đợt 2 cho "
        "đàn gia súc, gia cầm trên toàn địa bàn với sự tham gia của các thôn.</p></div>"
        f"<div class='post-detail__content'>{lines}<div style='text-align:center'><img src='/a.jpg'><br />"
        "<span style='font-size: 12px; color: #555555;'>"
        "Cán bộ thú y hướng dẫn người dân phun khử trùng</span>"
        f"</div><br />{lines}</div></div></body></html>"
    )
    page = parse_page(html, kind="html", facts=False)
    assert page.captions == ["Cán bộ thú y hướng dẫn người dân phun khử trùng"]
    assert page.body.startswith("Thực hiện kế hoạch của huyện") and "khử trùng" not in page.body


def test_a_views_box_whose_icon_and_label_a_reader_does_not_see():
    inner = (
        "<div class='meta'><span class='meta-views'><svg class='i-eye'></svg>"
        f"<span class='sr-only'>Lượt xem:</span> 1.284</span></div><div class='content'>{BODY}</div>"
    )
    assert _parse(inner).view_count == 1284


def test_a_table_layout_date_in_the_row_under_the_title():
    html = (
        "<html><body><table><tr><td><span class='tieude'>HĐND xã Hải Tân Trung khóa XII tổ chức Kỳ họp thứ "
        "mười bốn</span></td></tr><tr><td class='ngaydang'>Thứ Bảy, 14/12/2024 - 12:15 CH</td></tr>"
        f"<tr><td class='content'>{BODY}</td></tr></table></body></html>"
    )
    assert parse_page(html, kind="html", facts=False).published_at == "2024-12-14T12:15:00+07:00"


def test_a_date_under_the_title_beats_an_updated_label_and_a_pen_names_the_author():
    html = (
        "<html><body><h1>Xã Phú Thạnh Nam ra quân nạo vét kênh mương nội đồng năm 2025</h1>"
        "<div class='meta'><span>✍ H'Linh Niê</span> · <span>15:32 | 16/01/2025</span></div>"
        f"<div class='content'>{BODY}</div><div class='upd'>Cập nhật: 18/01/2025 08:05</div></body></html>"
    )
    page = parse_page(html, kind="html", facts=False)
    assert (page.published_at, page.author) == ("2025-01-16T15:32:00+07:00", "H'Linh Niê")
