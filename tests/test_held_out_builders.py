"""Shapes the unseen29-33 templates showed (OpenCms, Plone, Wix, Webflow, Ghost; markup written
for the test): dates as site builders print them, a lead as an excerpt or a description, cards
whose one link wraps a heading and more, a heading's bar with "Xem tất cả", a card's own list of
metadata, a photo credit beside a named author, a post header above the title, zero-width
joiners, and a source cited before a year's lead."""

from __future__ import annotations

from extract import extract_facts, parse_page
from extract.datetimes import find_datetime

PARAS = "".join(
    f"<p>Đoạn {n}: Đoàn phường An Hòa tổ chức hoạt động tình nguyện, thu hút đông đảo đoàn viên tham gia.</p>"
    for n in range(6)
)


def _page(inner: str):
    return parse_page(f"<html><body>{inner}</body></html>", kind="html", facts=False)


def test_dates_as_site_builders_print_them() -> None:
    for text, value in [
        ("by Lan — last modified Thg 3 14, 2021 09:12 AM", "2021-03-14T09:12:00+07:00"),
        ("28 Thg 07 2022", "2022-07-28"),
        ("14 thg 5, 2024 · 3 phút đọc", "2024-05-14"),
        ("Feb 5, 2025", "2025-02-05"),
    ]:
        found = find_datetime(text)
        assert found is not None and found.value == value


def test_an_excerpt_before_the_body_is_the_lead_and_a_cards_is_not() -> None:
    card = (
        "<article class='gh-card'><a href='/{u}'><header><p class='gh-card-tag'>Tình nguyện</p>"
        "<h3 class='gh-card-title'>{t}</h3></header><div class='gh-card-excerpt'>Sáng 23/7, gần 100 đoàn "
        "viên ra quân thu gom rác thải dọc bãi biển.</div><footer><time datetime='2022-07-23'>23 Thg 07 "
        "2022</time><span>2 min read</span></footer></a></article>"
    )
    page = _page(
        "<h1>Tuổi trẻ phường An Hòa thắp nến tri ân các anh hùng liệt sĩ</h1><p class='gh-article-excerpt'>"
        "Tối 26/7, Đoàn phường An Hòa tổ chức Lễ thắp nến tri ân các anh hùng liệt sĩ.</p>"
        f"<div class='gh-content'>{PARAS}</div><section><h3>Đọc thêm</h3><div class='gh-feed'>"
        + card.format(u="a", t="Ra quân làm sạch bãi biển phường An Hòa")
        + card.format(u="b", t="Chi đoàn khu phố 5 ra mắt tuyến đường thanh niên")
        + "</div></section>"
    )
    assert page.body.startswith("Tối 26/7, Đoàn phường An Hòa tổ chức Lễ thắp nến")
    assert [(r.title, r.published_at, r.block) for r in page.related] == [
        ("Ra quân làm sạch bãi biển phường An Hòa", "2022-07-23", "related"),
        ("Chi đoàn khu phố 5 ra mắt tuyến đường thanh niên", "2022-07-23", "related"),
    ]


def test_a_headings_bar_with_see_all_and_cards_with_their_own_metadata_lists() -> None:
    card = (
        "<article role='listitem'><div><a href='/{u}' aria-hidden='true'><img src='/{u}.jpg'></a></div>"
        "<div><div><span>Hội Phụ nữ</span><ul><li><span>28 thg 12, 2023</span></li><li><span>1 phút đọc"
        "</span></li></ul></div><a href='/{u}'><h3>{t}</h3></a><div><span>41</span> <span>lượt xem</span>"
        "</div></div></article>"
    )
    page = _page(
        f"<h1>Hội Phụ nữ xã An Hòa sơ kết giữa nhiệm kỳ 2021 - 2026</h1><div class='content'>{PARAS}</div>"
        "<div><div class='header'><h2>Bài đăng gần đây</h2><a href='/blog'>Xem tất cả</a></div><div>"
        + card.format(u="a", t="Chi hội khu 4 ra mắt mô hình tuyến đường hoa")
        + card.format(u="b", t="Trao bò giống sinh sản cho hội viên nghèo")
        + "</div></div>"
    )
    assert [(r.title, r.block) for r in page.related] == [
        ("Chi hội khu 4 ra mắt mô hình tuyến đường hoa", "latest"),
        ("Trao bò giống sinh sản cho hội viên nghèo", "latest"),
    ]


def test_a_post_header_above_the_title_and_its_trailing_tools() -> None:
    box = "<div class='box'><p>{}</p></div>"
    page = _page(
        "<div class='col'>"
        + box.format("Hội Phụ nữ An Hòa")
        + box.format("<span>14 thg 5, 2024</span><span> · </span><span>3 phút đọc</span>")
        + "<div class='box'><h1 style='font-size:30px'>Hội Phụ nữ xã An Hòa sơ kết giữa nhiệm kỳ</h1></div>"
        + "".join(
            box.format(
                f"Đoạn {n}: Hội Phụ nữ xã An Hòa tổ chức hội nghị sơ kết giữa nhiệm kỳ, đánh giá"
                " kết quả thực hiện nghị quyết đại hội."
            )
            for n in range(5)
        )
        + box.format("\u200d")
        + box.format("Bài, ảnh: Đinh Thu Hà")
        + box.format("Chủ đề: #HoạtĐộngHội")
        + box.format("Chia sẻ bài viết:")
        + "</div>"
    )
    assert page.published_at == "2024-05-14"
    assert page.body.startswith("Đoạn 0:") and page.body.endswith("đại hội.")
    assert page.author == "Đinh Thu Hà"


def test_a_photo_credit_gives_way_to_the_named_author() -> None:
    page = _page(
        "<h1>Tuổi trẻ phường An Hòa thắp nến tri ân các anh hùng liệt sĩ</h1><div class='byline'>"
        "<a class='author' rel='author' href='/author/tram'>Ngọc Trâm</a></div>"
        f"<div class='gh-content'>{PARAS}<p>Ảnh: Minh Khang</p></div>"
    )
    assert page.author == "Ngọc Trâm"
    assert "Minh Khang" not in page.body


def test_a_year_lead_after_a_cited_source() -> None:
    targets = extract_facts(
        "Theo báo cáo do đồng chí Lê Thị Hằng, Phó Chủ tịch UBND phường trình bày, năm 2020 tổng thu ngân "
        "sách trên địa bàn đạt 8,36 tỷ đồng; tỷ lệ hộ nghèo giảm còn 0,71%.",
        "2021-03-14",
    ).targets
    assert [(t.indicator, t.year) for t in targets] == [("budget_revenue", 2020), ("poverty_rate", 2020)]
