from scrape.links import find_links


def test_links_resolved_decoded_and_filtered() -> None:
    html = """<html><body>
      <a href="/news/1?id=2&amp;type=NEWS">one</a>
      <a href="news/2#c">two</a>
      <a href="#top">top</a>
      <a href="javascript:void(0)">js</a>
      <a href="mailto:a@b.vn">mail</a>
      <a href="  http://other.vn/x  ">abs</a>
      <a href="/news/1?id=2&amp;type=NEWS">dup</a>
      <a href="http://[bad/x">bad</a>
      <a>no href</a>
    </body></html>"""
    assert find_links(html, "http://x.vn/list/page.html") == [
        "http://x.vn/news/1?id=2&type=NEWS",
        "http://x.vn/list/news/2",
        "http://other.vn/x",
    ]


def test_base_href_is_used() -> None:
    html = '<html><head><base href="/portal/"></head><body><a href="tin/1">a</a></body></html>'
    assert find_links(html, "http://x.vn/a/b/c") == ["http://x.vn/portal/tin/1"]
