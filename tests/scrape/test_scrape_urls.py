import pytest

from scrape.urls import canonicalize, host_of, is_http, origin_of, strip_tracking


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("http://x.vn/a?id=1&utm_source=fb&utm_medium=s", "http://x.vn/a?id=1", id="utm"),
        pytest.param("http://x.vn/a?fbclid=abc&id=1", "http://x.vn/a?id=1", id="fbclid"),
        pytest.param("http://x.vn/a?id=1&gclid=z", "http://x.vn/a?id=1", id="gclid"),
        pytest.param("http://x.vn/a?id=1&type=NEWS", "http://x.vn/a?type=NEWS&id=1", id="query-order"),
        pytest.param("http://x.vn/a#comments", "http://x.vn/a", id="fragment"),
        pytest.param(
            "http://x.vn/a?id=1#:~:text=H%E1%BB%99i%20ngh%E1%BB%8B", "http://x.vn/a?id=1", id="text-fragment"
        ),
        pytest.param(
            "http://x.vn/vi/post/1?type=NEWS&id=9&fbclid=q",
            "http://x.vn/vi/post/1?id=9&type=NEWS",
            id="tuyenquang",
        ),
        pytest.param("HTTP://X.VN/a", "http://x.vn/a", id="host-case"),
        pytest.param("http://x.vn:80/a", "http://x.vn/a", id="default-port"),
        pytest.param("http://x.vn", "http://x.vn/", id="empty-path"),
        pytest.param(
            "http://x.vn/tin-tức/bài viết",
            "http://x.vn/tin-t%E1%BB%A9c/b%C3%A0i%20vi%E1%BA%BFt",
            id="unicode-path",
        ),
    ],
)
def test_canonicalize_equal(a: str, b: str) -> None:
    assert canonicalize(a) == canonicalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("http://x.vn/a?id=1", "http://x.vn/a?id=2", id="id-is-identity"),
        pytest.param("http://x.vn/a?dinhdanh=7", "http://x.vn/a", id="dinhdanh-kept"),
        pytest.param("http://x.vn/a", "https://x.vn/a", id="scheme"),
        pytest.param("http://x.vn/a", "http://www.x.vn/a", id="www-kept-apart"),
        pytest.param("http://x.vn/a", "http://x.vn:8080/a", id="port"),
    ],
)
def test_canonicalize_different(a: str, b: str) -> None:
    assert canonicalize(a) != canonicalize(b)


def test_canonicalize_keeps_blank_values() -> None:
    assert canonicalize("http://x.vn/Default.aspx?tabid=1&q=") == "http://x.vn/Default.aspx?q=&tabid=1"


def test_strip_tracking_keeps_order_and_spelling() -> None:
    url = "http://x.vn/Default.aspx?tabid=119&utm_campaign=x&ItemID=5&fbclid=q#top"
    assert strip_tracking(url) == "http://x.vn/Default.aspx?tabid=119&ItemID=5"


def test_host_and_origin() -> None:
    assert host_of("http://Portal.Test:8080/x") == "portal.test"
    assert origin_of("https://Portal.Test:443/x?y") == "https://portal.test"
    assert origin_of("http://portal.test:8080/x") == "http://portal.test:8080"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.vn/a", True),
        ("https://x.vn:8443/a", True),
        ("ftp://x.vn/a", False),
        ("http:///a", False),
        ("http://x.vn:port/a", False),
        ("http://[::1/a", False),
        ("/relative", False),
    ],
)
def test_is_http(url: str, expected: bool) -> None:
    assert is_http(url) is expected
