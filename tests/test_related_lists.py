"""Related / latest / other lists: what is an article item and what is not (markup written for
the test, in the shapes portals use)."""

from __future__ import annotations

from extract import parse_page

BODY = "<p>" + "Nội dung bài viết về hội nghị tổng kết công tác năm của xã. " * 8 + "</p>"


def _page(sidebar: str) -> str:
    return f"""<html><head><title>Tin tức</title></head><body>
<div class="main"><h1>Xã An Hòa tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025</h1>
<div class="date">Ngày đăng: 20/12/2024</div><div class="content">{BODY}</div></div>
<div class="sidebar">{sidebar}</div></body></html>"""


def _related(sidebar: str) -> list[tuple[str, str | None, str]]:
    article = parse_page(_page(sidebar), kind="html", facts=False)
    return [(r.title, r.published_at, r.block) for r in article.related]


def test_a_view_count_beside_a_title_is_not_part_of_it():
    items = _related(
        """<h2>Xem nhiều</h2><ul>
        <li><a href="/a">Hướng dẫn đăng ký tài khoản định danh điện tử mức độ 2</a> <span>3.418</span></li>
        <li><a href="/b">Danh sách hộ nghèo, hộ cận nghèo năm 2024 trên địa bàn xã</a> <span>2.130</span></li>
        </ul>"""
    )
    assert [t for t, _, _ in items] == [
        "Hướng dẫn đăng ký tài khoản định danh điện tử mức độ 2",
        "Danh sách hộ nghèo, hộ cận nghèo năm 2024 trên địa bàn xã",
    ]


def test_a_span_of_dates_in_brackets_names_an_anniversary_not_a_date():
    items = _related(
        """<h2>Tin liên quan</h2><ul>
        <li><a href="/a">Hội LHPN xã kỷ niệm 94 năm Ngày thành lập Hội (20/10/1930 - 20/10/2024)</a></li>
        <li><a href="/b">Xã An Hòa ra quân vệ sinh môi trường (12/10/2024)</a></li>
        </ul>"""
    )
    assert items == [
        ("Hội LHPN xã kỷ niệm 94 năm Ngày thành lập Hội (20/10/1930 - 20/10/2024)", None, "related"),
        ("Xã An Hòa ra quân vệ sinh môi trường", "2024-10-12", "related"),
    ]


def test_a_category_link_and_a_see_all_link_are_not_articles():
    items = _related(
        """<div class="cat"><span>Chuyên mục, tin tức liên quan:</span>
        <ul><li><a href="/tin-hoat-dong">Tin hoạt động</a></li></ul></div>
        <div class="more"><h3>Tin cùng chuyên mục</h3><ul>
        <li><a href="/c">Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi</a></li>
        <li><a href="/d">Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè</a></li>
        </ul><p><a href="/tin-tuc">Xem tất cả</a></p></div>"""
    )
    assert [t for t, _, _ in items] == [
        "Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi",
        "Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè",
    ]


def test_one_link_alone_in_a_side_box_leads_to_a_section():
    items = _related(
        """<div class="box"><div class="title">LỊCH CÔNG TÁC</div>
        <div><a href="/lich-cong-tac/">Lịch công tác tuần của Thường trực Đảng ủy, UBND xã</a></div></div>
        <div class="box"><div class="title">THÔNG BÁO</div><ul>
        <li><a href="/tb/1">Thông báo lịch tiếp công dân tháng 01/2025 của Chủ tịch UBND xã</a></li>
        <li><a href="/tb/2">Thông báo tuyển dụng công chức cấp xã năm 2025</a></li>
        </ul></div>"""
    )
    assert items == [
        ("Thông báo lịch tiếp công dân tháng 01/2025 của Chủ tịch UBND xã", None, "other"),
        ("Thông báo tuyển dụng công chức cấp xã năm 2025", None, "other"),
    ]


def test_short_lines_after_a_list_heading_of_a_flattened_page_are_not_titles():
    text = """Xã An Hòa tổng kết công tác năm 2024
Ngày đăng: 20/12/2024
Sáng ngày 19/12/2024, UBND xã An Hòa tổ chức hội nghị tổng kết công tác năm 2024.
Tin mới nhất
Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi
Thăm dò ý kiến
Trang web
"""
    article = parse_page(text, kind="text", facts=False)
    titles = [r.title for r in article.related]
    assert titles == ["Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi"]


def test_a_table_lists_one_article_a_row_under_its_heading_row():
    items = _related(
        """<table><tr><td bgcolor="#E8E8E8"><font size="2"><b>TIN MỚI</b></font></td></tr>
        <tr><td><a href="/t/1">Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi</a></td></tr>
        <tr><td><a href="/t/2">Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè</a></td></tr>
        <tr><td><a href="/t/3">Xã An Hòa tổ chức Lễ giao nhận quân năm 2025 trang trọng</a></td></tr>
        </table>"""
    )
    assert [(t, b) for t, _, b in items] == [
        ("Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi", "latest"),
        ("Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè", "latest"),
        ("Xã An Hòa tổ chức Lễ giao nhận quân năm 2025 trang trọng", "latest"),
    ]


def test_a_box_of_schedules_or_documents_in_a_column_is_no_list_of_articles():
    items = _related(
        """<div class="col"><div class="boxtitle">TIN MỚI</div><div class="boxcontent">
        <div><a href="/t/1">Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi</a></div>
        <div><a href="/t/2">Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè</a></div></div>
        <div class="boxtitle">LỊCH CÔNG TÁC</div><div class="boxcontent">
        <div><a href="/lich/48">Lịch công tác tuần 48 năm 2024 của UBND xã</a></div>
        <div><a href="/lich/47">Lịch công tác tuần 47 năm 2024 của UBND xã</a></div></div></div>"""
    )
    assert [t for t, _, _ in items] == [
        "Hội Nông dân xã tổng kết phong trào sản xuất kinh doanh giỏi",
        "Đoàn xã ra quân chiến dịch thanh niên tình nguyện hè",
    ]


def test_a_thumbnail_link_before_the_title_link_does_not_hide_the_date():
    item = (
        "<li><a href='/t/{n}'><img src='/{n}.jpg'></a><div><h6><a href='/t/{n}'>{title}</a></h6>"
        "<small><i class='far fa-calendar'></i> {day}</small></div></li>"
    )
    sidebar = "<h3>Tin liên quan</h3><ul>{}</ul>".format(
        item.format(n=1, title="Hội Nông dân xã tập huấn kỹ thuật trồng lúa cải tiến", day="11/10/2024")
        + item.format(n=2, title="Đoàn xã ra quân dọn vệ sinh môi trường khu dân cư", day="04/10/2024")
    )
    assert _related(sidebar) == [
        ("Hội Nông dân xã tập huấn kỹ thuật trồng lúa cải tiến", "2024-10-11", "related"),
        ("Đoàn xã ra quân dọn vệ sinh môi trường khu dân cư", "2024-10-04", "related"),
    ]


def test_a_date_on_the_line_below_each_title():
    line = "<img src='b.gif'> <a href='/t/{n}'>{title}</a><br>\n<span>{day}</span><br><br>"
    sidebar = "<div><b>TIN MỚI CẬP NHẬT</b></div><div>{}</div>".format(
        line.format(n=1, title="Xã tổ chức ngày hội văn hóa các dân tộc năm 2023", day="09/10/2023 16:42")
        + line.format(n=2, title="Thông báo tuyển dụng công chức cấp xã năm 2023", day="06/10/2023 08:15")
    )
    assert _related(sidebar) == [
        ("Xã tổ chức ngày hội văn hóa các dân tộc năm 2023", "2023-10-09T16:42:00+07:00", "latest"),
        ("Thông báo tuyển dụng công chức cấp xã năm 2023", "2023-10-06T08:15:00+07:00", "latest"),
    ]


def test_a_posts_previous_and_next_links_are_related_items():
    sidebar = (
        "<nav class='paginav'><a class='prev' href='/t/9'><span class='title'>« Bài mới hơn</span><br>"
        "<span>Xã ra quân tổng vệ sinh môi trường hưởng ứng chiến dịch</span></a>"
        "<a class='next' href='/t/7'><span class='title'>Bài cũ hơn »</span><br>"
        "<span>Trung tâm hành chính công xã tiếp nhận hồ sơ trực tuyến</span></a></nav>"
    )
    assert _related(sidebar) == [
        ("Xã ra quân tổng vệ sinh môi trường hưởng ứng chiến dịch", None, "related"),
        ("Trung tâm hành chính công xã tiếp nhận hồ sơ trực tuyến", None, "related"),
    ]


def test_a_list_in_the_row_under_its_heading_row_and_a_view_count_in_brackets():
    sidebar = (
        "<table><tr><td><a href='/m/1'>Giới thiệu chung về xã</a><ul><li><a href='/m/2'>Lịch sử</a></li></ul>"
        "</td></tr><tr><td class='tieudebox'>TIN MỚI</td></tr><tr><td><table>"
        "<tr><td><a href='/t/1'>Thông báo lịch trực Tết Dương lịch năm 2025 của UBND xã</a></td></tr>"
        "<tr><td><a href='/t/2'>Lịch cắt điện tháng 8/2024 trên địa bàn xã Hải Tân</a>"
        " (1.876 lượt xem)</td></tr>"
        "<tr><td><a href='/t/3'>Hội Phụ nữ xã trao 20 suất học bổng cho học sinh nghèo</a> Hôm qua</td></tr>"
        "</table></td></tr></table>"
    )
    assert _related(sidebar) == [
        ("Thông báo lịch trực Tết Dương lịch năm 2025 của UBND xã", None, "latest"),
        ("Lịch cắt điện tháng 8/2024 trên địa bàn xã Hải Tân", None, "latest"),
        ("Hội Phụ nữ xã trao 20 suất học bổng cho học sinh nghèo", None, "latest"),
    ]


def test_a_sideways_ticker_is_no_list_and_a_box_scrolling_up_is_one():
    ticker = """<div class="notify"><span>Thông báo:</span><marquee scrollamount="3">
        <a href="/tb/1">Thông báo lịch tiếp công dân tháng 01/2025 của Chủ tịch UBND xã</a> |
        <a href="/tb/2">Kế hoạch tuyển chọn và gọi công dân nhập ngũ năm 2025</a></marquee></div>"""
    assert _related(ticker) == []
    box = """<table><tr><td><b>THÔNG BÁO</b></td></tr><tr><td><marquee direction="up">
        <a href="/tb/1">Thông báo lịch tiếp công dân tháng 01/2025 của Chủ tịch UBND xã</a><br><br>
        <a href="/tb/2">Thông báo về việc thu phí vệ sinh môi trường năm 2025</a>
        </marquee></td></tr></table>"""
    assert [t for t, _, _ in _related(box)] == [
        "Thông báo lịch tiếp công dân tháng 01/2025 của Chủ tịch UBND xã",
        "Thông báo về việc thu phí vệ sinh môi trường năm 2025",
    ]
