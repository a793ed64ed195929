"""Shapes the unseen21-24 templates showed (markup written for the test): Joomla 1.5 tables, a
byline with its unit, React's split text, cards in a link, a lead marked as a description, post
navigation with screen-reader text, an item's own date, a list without bullets, a badge batch."""

from __future__ import annotations

from extract import extract_facts, parse_page

BODY = "".join(
    f"<p>Đoạn {n}: UBND xã An Hòa tổ chức hội nghị tổng kết công tác năm, đánh giá kết quả đạt được.</p>"
    for n in range(6)
)


def _page(inner: str, head: str = "", facts: bool = False):
    return parse_page(f"<html><head>{head}</head><body>{inner}</body></html>", kind="html", facts=facts)


def test_a_joomla_15_table_page() -> None:
    head = '<meta name="generator" content="Joomla! 1.5 - Open Source Content Management" />'
    page = _page(
        "<table><tr><td class='banner'>Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ phường lần thứ I!"
        "</td></tr><tr><td class='contentheading'>Đại hội đại biểu Đảng bộ phường An Hòa lần thứ I thành "
        "công tốt đẹp</td></tr><tr><td class='createdate'>Thứ năm, 14 Tháng 8 2025 09:12</td></tr>"
        f"<tr><td>{BODY}</td></tr></table>",
        head,
    )
    assert page.site_family == "joomla"
    assert page.title == "Đại hội đại biểu Đảng bộ phường An Hòa lần thứ I thành công tốt đẹp"
    assert page.published_at == "2025-08-14T09:12:00+07:00"


def test_a_bylines_unit_is_left_out_and_two_names_stay() -> None:
    page = _page(
        f"<h1>Xã An Hòa tổng kết công tác năm 2024 và triển khai nhiệm vụ</h1><div class='content'>{BODY}"
        "<p>Tin, ảnh: Sơn Bích Ngọc - Đảng ủy xã An Hòa</p></div>"
    )
    assert page.author == "Sơn Bích Ngọc"
    page = _page(
        f"<h1>Xã An Hòa tổng kết công tác năm 2024 và triển khai nhiệm vụ</h1><div class='content'>{BODY}"
        "<p>Tin, ảnh: Quang Vinh - Hồng Nhung</p></div>"
    )
    assert page.author == "Quang Vinh - Hồng Nhung"


def test_react_text_a_described_lead_and_cards_inside_their_links() -> None:
    page = _page(
        "<header class='leading-tight'>Cổng thông tin điện tử xã An Hòa</header><main><article>"
        "<h1>Xã An Hòa rà soát tiêu chí nông thôn mới sau sắp xếp, phấn đấu đạt chuẩn năm 2026</h1>"
        "<div><time dateTime='2025-10-09T15:20:00+07:00'>09/10/2025<!-- --> <!-- -->15:20</time></div>"
        "<p itemProp='description'>Sau ba tháng vận hành chính quyền hai cấp, xã An Hòa đã rà soát các tiêu "
        f"chí nông thôn mới.</p><div class='content'>{BODY}</div></article></main>"
        "<aside><div><h2>Tin mới nhất</h2><ul><li><a href='/a'>Xã An Hòa ra quân tiêm phòng cho đàn bò</a>"
        "<span>1<!-- --> ngày trước</span></li></ul></div><section><h2>Tin cùng chuyên mục</h2><div>"
        "<a href='/b'><img src='/b.jpg'><div><h3>Thôn Bình Chánh hoàn thành 1,2 km đường bê tông nội đồng"
        "</h3><time>28/08/2025</time></div></a><a href='/c'><img src='/c.jpg'><div><h3>Hội nghị triển khai "
        "Bộ tiêu chí xã nông thôn mới giai đoạn 2026 - 2030</h3><time>11/09/2025</time></div></a>"
        "</div></section></aside>"
    )
    assert page.published_at == "2025-10-09T15:20:00+07:00"
    assert "Sau ba tháng vận hành" in page.body and "Cổng thông tin" not in page.body
    assert ("Thôn Bình Chánh hoàn thành 1,2 km đường bê tông nội đồng", "2025-08-28") in [
        (r.title, r.published_at) for r in page.related
    ]


def test_post_navigation_with_screen_reader_text_and_a_grid_after_its_heading() -> None:
    card = (
        "<article><a href='{u}'><img src='/t.jpg'></a><h3><a href='{u}'>{t}</a></h3><p>Từ ngày 02 đến ngày "
        "04/12/2024, các tổ đại biểu đã tiếp xúc cử tri&hellip;</p><span class='post-date'>{d}</span>"
        "</article>"
    )
    page = _page(
        "<h1>HĐND xã An Hòa khóa XII tổ chức kỳ họp thứ 17 thông qua các nghị quyết</h1>"
        f"<div class='column'><div class='content'>{BODY}</div><div class='nav'><a href='/p' rel='prev'>"
        "<span class='screen-reader-text'>Trước</span><span>Bài trước</span><span>Hội Nông dân xã tổng kết "
        "công tác Hội năm 2024</span></a></div><div class='w'><h2>Bài viết liên quan</h2></div>"
        "<div class='grid'>"
        + card.format(u="/x", t="Đại biểu HĐND xã tiếp xúc cử tri trước kỳ họp thứ 17", d="05/12/2024")
        + card.format(u="/y", t="Thường trực HĐND xã giám sát giải quyết kiến nghị cử tri", d="16/12/2024")
        + "</div></div>"
    )
    assert [(r.title, r.published_at) for r in page.related] == [
        ("Hội Nông dân xã tổng kết công tác Hội năm 2024", None),
        ("Đại biểu HĐND xã tiếp xúc cử tri trước kỳ họp thứ 17", "2024-12-05"),
        ("Thường trực HĐND xã giám sát giải quyết kiến nghị cử tri", "2024-12-16"),
    ]


def test_items_of_a_list_without_bullets_take_the_year_of_its_opening_line() -> None:
    facts = extract_facts(
        "Kỳ họp thông qua Nghị quyết về nhiệm vụ năm 2025 với các chỉ tiêu chủ yếu:\n\nThu nhập bình quân "
        "đầu người đạt 74 triệu đồng/năm;\n\nTỷ lệ hộ nghèo giảm còn dưới 1%.",
        "2024-12-20",
    )
    assert [(t.indicator, t.year, t.kind) for t in facts.targets] == [
        ("income_per_capita", 2025, "target"),
        ("poverty_rate", 2025, "target"),
    ]


def test_a_badge_batch_named_by_its_date_is_no_event_and_a_restated_total_is_one() -> None:
    facts = extract_facts(
        "Chiều 11/3, Đảng ủy xã trao tặng Huy hiệu Đảng đợt 3/2/2024 cho 11 đảng viên. Đợt này, Đảng bộ "
        "xã có 11 đảng viên được nhận Huy hiệu Đảng, gồm: 05 đồng chí được tặng Huy hiệu 40 năm tuổi Đảng, "
        "06 đồng chí được tặng Huy hiệu 30 năm tuổi Đảng.",
        "2024-03-12",
    )
    assert [(d.text, d.role) for d in facts.dates] == [("Chiều 11/3", "event"), ("3/2/2024", "other")]
    assert [a.count for a in facts.awards] == [11, 5, 6]


def test_read_more_links_a_split_author_label_and_snippets_under_titles() -> None:
    item = (
        "<li><div class='item-title'><a href='{u}'>{t}</a></div><div class='item-snippet'>Sáng ngày "
        "25/02/2024, tại sân vận động trung tâm xã, UBND xã tổ chức Lễ giao nhận quân năm 2024 cho 14 "
        "thanh niên ưu tú...</div> <a href='{u}'>Đọc thêm</a></li>"
    )
    page = _page(
        "<h1 class='sfnewsTitle'>Xã An Hòa sơ kết xây dựng nông thôn mới nâng cao 6 tháng đầu năm 2021</h1>"
        "<div class='sfnewsAuthorAndDate'><span>Đăng bởi:</span>\n<span>Văn phòng UBND</span> | "
        f"<span>20/07/2021</span></div><div class='sfnewsContent'>{BODY}</div>"
        "<div class='widget'><h2>Bài đăng phổ biến</h2><ul>"
        + item.format(u="/a", t="Xã An Hòa tổ chức Lễ giao nhận quân năm 2024")
        + item.format(u="/b", t="Khu Chiềng khánh thành nhà văn hóa khu dân cư")
        + "</ul></div>"
    )
    assert page.author == "Văn phòng UBND"
    assert [(r.title, r.published_at, r.block) for r in page.related] == [
        ("Xã An Hòa tổ chức Lễ giao nhận quân năm 2024", None, "other"),
        ("Khu Chiềng khánh thành nhà văn hóa khu dân cư", None, "other"),
    ]


def test_a_title_bold_by_its_font_weight_and_a_dateline_in_brackets() -> None:
    page = _page(
        "<div style='font-size: 40pt; font-weight: 700'>TIN TỨC - SỰ KIỆN</div>"
        "<div><span style='font-size: 24pt; font-weight: 700'>Đảng bộ xã An Hòa trao Huy hiệu Đảng đợt "
        "7/11/2022 cho 15 đảng viên</span></div><div class='content'><p>(Ngày 03/11/2022) Chiều ngày "
        f"02/11/2022, Đảng ủy xã An Hòa tổ chức Lễ trao tặng Huy hiệu Đảng.</p>{BODY}</div>"
    )
    assert page.title == "Đảng bộ xã An Hòa trao Huy hiệu Đảng đợt 7/11/2022 cho 15 đảng viên"
    assert page.published_at == "2022-11-03" and page.body.startswith("Chiều ngày 02/11/2022")


def _tile(inner: str) -> str:
    """A text box several levels below its section, as site builders nest them."""
    return "<div class='row'>" + "<div>" * 6 + inner + "</div>" * 6 + "</div>"


def test_a_body_typed_into_separate_boxes_is_read_whole() -> None:
    para = "<div style='text-align: justify'><span>{}</span></div>"
    texts = [
        f"Đoạn {n}: Đảng ủy xã An Hòa tổ chức hội nghị, đánh giá kết quả thực hiện nhiệm vụ năm và "
        "bàn giải pháp cho năm tới, với sự tham dự của các chi bộ trực thuộc."
        for n in range(5)
    ]
    page = _page(
        "<div role='banner'><a href='/'>Trang chủ</a><a href='/tin'>Tin tức</a></div><div role='main'>"
        "<div class='section'>"
        + _tile(
            "<div><span style='font-size: 24pt; font-weight: 700'>Đảng ủy xã An Hòa tổ chức hội nghị "
            "tổng kết công tác năm 2022</span></div>"
        )
        + _tile(para.format(texts[0]) + "<div><br></div>" + para.format(texts[1]))
        + _tile("<div><img src='/a.jpg' aria-label='IMG_2022'></div>")
        + _tile(
            "<div style='text-align: center'><span style='font-size: 9pt; font-style: italic'>Quang "
            "cảnh hội nghị</span></div>"
        )
        + _tile(para.format(texts[2]))
        + _tile(para.format(texts[3]) + "<div><br></div>" + para.format(texts[4]))
        + _tile("<div style='text-align: right'><span>Trần Thị Bình - Văn phòng Đảng ủy xã</span></div>")
        + "</div><div class='section'><div>Tin bài khác</div><ul>"
        + "".join(
            f"<li><a href='/t{n}'>Xã An Hòa ra quân làm đường giao thông nông thôn đợt {n}</a></li>"
            for n in range(4)
        )
        + "</ul></div></div>"
    )
    assert page.title == "Đảng ủy xã An Hòa tổ chức hội nghị tổng kết công tác năm 2022"
    assert page.body.split("\n\n") == texts
    assert page.captions == ["Quang cảnh hội nghị"]
    assert page.author == "Trần Thị Bình"
