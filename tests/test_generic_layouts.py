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
