"""Pagination in every family's style, sitemaps, feeds, and postback-only pagers."""

import gzip

import pytest

from scrape.discovery import is_pagination, pagination_key, parse_feed, parse_sitemap
from scrape.links import scan_listing

LIFERAY = (
    "http://x.test/web/trang-chu/tin-tuc?p_p_id=101_INSTANCE_abc&p_p_lifecycle=0"
    "&p_p_state=normal&p_p_mode=view&_101_INSTANCE_abc_delta=10&_101_INSTANCE_abc_cur={n}"
)


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("http://x.test/portal/Pages/tin-tuc.aspx", "http://x.test/portal/Pages/tin-tuc.aspx?PageIndex=2"),
        ("http://x.test/Default.aspx?tabid=119", "http://x.test/Default.aspx?tabid=119&page=2"),
        ("http://x.test/Default.aspx?page=2&tabid=119", "http://x.test/Default.aspx?tabid=119&page=3"),
        ("http://x.test/tin-tuc.html", "http://x.test/tin-tuc.html?start=20"),
        ("http://x.test/vi/news/tin-tuc/", "http://x.test/vi/news/tin-tuc/page-2"),
        ("http://x.test/vi/news/tin-tuc/page-2", "http://x.test/vi/news/tin-tuc/"),
        ("http://x.test/chuyen-muc/tin-tuc/", "http://x.test/chuyen-muc/tin-tuc/page/2/"),
        ("http://x.test/tin-tuc", "http://x.test/tin-tuc/trang-2"),
        ("http://x.test/web/trang-chu/tin-tuc", LIFERAY.format(n=2)),
        (LIFERAY.format(n=2), LIFERAY.format(n=3)),
        ("http://x.test/tin-tuc?p=1", "http://x.test/tin-tuc?p=2"),
    ],
)
def test_pagination_in_every_style(page: str, link: str) -> None:
    assert is_pagination(link, page)


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("http://x.test/Default.aspx?tabid=119", "http://x.test/Default.aspx?tabid=120"),  # another tab
        ("http://x.test/Default.aspx?tabid=119", "http://x.test/Default.aspx?tabid=119"),  # itself
        ("http://x.test/tin-tuc?page=2", "http://y.test/tin-tuc?page=3"),  # another host
        ("http://x.test/vi/news/tin-tuc/", "http://x.test/vi/news/thong-bao/page-2"),  # another list
        ("http://x.test/news?id=5&type=NEWS", "http://x.test/news?id=6&type=NEWS"),  # articles
        ("http://x.test/vi/news/tin-tuc/", "http://x.test/vi/news/tin-tuc/bai-viet-12.html"),
    ],
)
def test_not_pagination(page: str, link: str) -> None:
    assert not is_pagination(link, page)


def test_key_ignores_order_and_trailing_slash() -> None:
    a = pagination_key("http://x.test/list/?cat=3&page=2")
    assert a == pagination_key("http://X.test/list?page=5&cat=3")


def test_sitemap_index_and_urlset() -> None:
    index = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://x.test/sitemap-news.xml</loc></sitemap>
  <sitemap><loc> /sitemap-pages.xml.gz </loc></sitemap>
</sitemapindex>"""
    assert parse_sitemap(index, "http://x.test/sitemap.xml") == (
        [],
        ["http://x.test/sitemap-news.xml", "http://x.test/sitemap-pages.xml.gz"],
    )
    urlset = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://x.test/tin-tuc/a-1.html</loc><lastmod>2024-01-02</lastmod></url>
<url><loc>http://x.test/tin-tuc/b-2.html?x=1&amp;y=2</loc></url></urlset>"""
    pages, nested = parse_sitemap(gzip.compress(urlset), "http://x.test/s.xml.gz")
    assert (
        pages == ["http://x.test/tin-tuc/a-1.html", "http://x.test/tin-tuc/b-2.html?x=1&y=2"] and not nested
    )


def test_text_sitemap_and_garbage() -> None:
    text = b"http://x.test/a.html\n\nhttps://x.test/b.html\nnot a url\n"
    assert parse_sitemap(text, "http://x.test/sitemap.txt") == (
        ["http://x.test/a.html", "https://x.test/b.html"],
        [],
    )
    assert parse_sitemap(b"\x1f\x8b garbage", "http://x.test/s.gz") == ([], [])


def test_rss_and_atom_feeds() -> None:
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>
<link>http://x.test/</link>
<item><title>Hội nghị</title><link>http://x.test/vi/news/tin/hoi-nghi-12.html</link></item>
<item><title>Kỳ họp</title><link>/vi/news/tin/ky-hop-13.html</link></item>
</channel></rss>""".encode()
    assert parse_feed(rss, "http://x.test/vi/news/rss/") == [
        "http://x.test/vi/news/tin/hoi-nghi-12.html",
        "http://x.test/vi/news/tin/ky-hop-13.html",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><link rel="edit" href="/edit/1"/><link href="http://x.test/-/asset_publisher/a/content/b"/></entry>
</feed>"""
    assert parse_feed(atom, "http://x.test/rss") == ["http://x.test/-/asset_publisher/a/content/b"]
    assert parse_feed(b"<html>not xml", "http://x.test/rss") == []


def test_entity_bomb_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><link>&lol3;</link></item></channel></rss>"""
    # Either refused outright or expanded within expat's amplification limit; never a hang.
    assert len("".join(parse_feed(bomb, "http://x.test/"))) < 10_000


def test_postback_pager_recorded_not_followed() -> None:
    html = """<html><head><link rel="alternate" type="application/rss+xml" href="/rss/tin-tuc">
<link rel="stylesheet" href="/a.css"></head><body>
<a href="/tin/a-1.aspx">A</a>
<div class="rgPager"><a href="javascript:__doPostBack('ctl00$dnn$grid','Page$2')">2</a>
<a href="javascript:__doPostBack('ctl00$dnn$grid$ctl00$rgPageNext','')">›</a></div>
<a href="javascript:__doPostBack('ctl00$login','')">Đăng nhập</a></body></html>"""
    scan = scan_listing(html, "http://x.test/Default.aspx?tabid=5")
    assert scan.links == ["http://x.test/tin/a-1.aspx"]
    assert scan.feeds == ["http://x.test/rss/tin-tuc"]
    assert scan.postback_pager


def test_login_postback_is_not_a_pager() -> None:
    html = "<a href=\"javascript:__doPostBack('ctl00$login','')\">Đăng nhập</a><a href='/x'>x</a>"
    assert not scan_listing(html, "http://x.test/").postback_pager
