"""End-to-end crawls against a real server on 127.0.0.1."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from scrape_server import Route, TinyServer, server_fixture  # noqa: F401 - the "server" fixture

from scrape.archive import Archive
from scrape.crawler import crawl
from scrape.errors import ConfigError
from scrape.settings import CrawlSettings, SiteSpec

LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"


def listing(*links: str) -> str:
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return f"<html><body><ul>{anchors}</ul><a href='mailto:x@y.vn'>m</a></body></html>"


def article(n: int) -> str:
    # The link would be a listing, but articles are never mined.
    more = "<a href='/list?page=9'>x</a>"
    return f"<html><body><h1>Tin {n}</h1><p>Nội dung bài {n}</p>{more}</body></html>"


def portal(server: TinyServer, robots: Route | None = None) -> None:
    """A 2-page listing with 4 articles; robots.txt hides article 4."""
    server.routes.update(
        {
            "/robots.txt": robots or Route("User-agent: *\nDisallow: /news/4\n", content_type="text/plain"),
            "/list?page=1": Route(
                listing("/news/1?utm_source=fb", "news/2", "/list?page=2", "/about", "#top"),
                etag='"l1"',
            ),
            "/list?page=2": Route(listing("/news/3", "/news/4", "/list?page=1"), last_modified=LAST_MODIFIED),
            **{f"/news/{n}": Route(article(n)) for n in range(1, 5)},
        }
    )


def site(base: str, **kwargs) -> SiteSpec:
    return SiteSpec(
        name="phuocson",
        start_urls=(f"{base}/list?page=1",),
        listing_patterns=(r"/list\?page=\d+$",),
        article_patterns=(r"/news/\d+$",),
        **kwargs,
    )


def settings(**kwargs) -> CrawlSettings:
    defaults = {"delay": 0, "allow_private": True, "retries": 0, "backoff": 0.01}
    return CrawlSettings(**{**defaults, **kwargs})


@pytest.fixture
def archive(tmp_path: Path):
    arch = Archive(tmp_path / "archive.db")
    yield arch
    arch.close()


def test_crawl_then_incremental_recrawl(server: TinyServer, archive: Archive) -> None:
    portal(server)
    lines: list[str] = []
    summary = crawl([site(server.url(""))], settings(), archive, log=lines.append)

    (s,) = summary.sites
    assert (s.fetched, s.new, s.changed, s.unchanged) == (5, 5, 0, 0)
    assert s.failed == {} and summary.failed == 0
    assert s.skipped == {"robots_disallowed": 1}
    assert "/news/4" not in server.paths() and "/about" not in server.paths()
    assert server.paths()[0] == "/robots.txt"
    articles = {p.url: p for p in archive.iter_pages("article")}
    assert sorted(articles) == [server.url(f"/news/{n}") for n in (1, 2, 3)]
    assert b"Tin 2" in articles[server.url("/news/2")].body
    assert articles[server.url("/news/1")].request_url == server.url("/news/1")  # utm dropped
    assert [p.kind for p in archive.iter_pages("robots")] == ["robots"]
    assert len(list(archive.iter_pages("listing"))) == 2
    assert archive.url_state(server.url("/news/4")).reason == "robots_disallowed"
    assert any(line.startswith("200 new") and "/news/1" in line for line in lines)
    assert lines[-1].startswith("phuocson: fetched 5, new 5")

    first_hits = len(server.hits)
    second = crawl([site(server.url(""))], settings(), archive)
    (s2,) = second.sites
    new_hits = server.hits[first_hits:]
    assert not any(h.path.startswith("/news/") for h in new_hits)
    # Page 1 is unchanged and brings nothing new, so the list stops there: page 2 is left alone.
    assert [h.path for h in new_hits if h.path.startswith("/list")] == ["/list?page=1"]
    assert all(h.status == 304 for h in new_hits if h.path.startswith("/list"))
    assert (s2.fetched, s2.new, s2.changed, s2.unchanged) == (1, 0, 0, 1)
    assert second.run_id == summary.run_id + 1


def test_new_article_found_on_recrawl(server: TinyServer, archive: Archive) -> None:
    portal(server)
    crawl([site(server.url(""))], settings(), archive)
    server.routes["/list?page=1"] = Route(listing("/news/5", "/news/1", "/list?page=2"), etag='"l1b"')
    server.routes["/news/5"] = Route(article(5))
    before = len(server.hits)
    summary = crawl([site(server.url(""))], settings(), archive)
    article_hits = [h.path for h in server.hits[before:] if h.path.startswith("/news/")]
    assert article_hits == ["/news/5"]
    (s,) = summary.sites
    assert (s.new, s.changed, s.unchanged) == (1, 1, 1)


def test_robots_5xx_means_nothing_fetched(server: TinyServer, archive: Archive) -> None:
    portal(server, robots=Route("oops", status=500))
    summary = crawl([site(server.url(""))], settings(), archive)
    assert server.paths() == ["/robots.txt"]
    assert summary.failed == 1 and summary.sites[0].failed == {"robots_unavailable": 1}
    state = archive.url_state(server.url("/list?page=1"))
    assert (state.state, state.reason) == ("failed", "robots_unavailable")
    # Not cached beyond the run: the next run asks again.
    server.routes["/robots.txt"] = Route("", status=404)
    assert crawl([site(server.url(""))], settings(), archive).failed == 0
    assert len(list(archive.iter_pages("article"))) == 4


def test_robots_4xx_allows_everything(server: TinyServer, archive: Archive) -> None:
    portal(server, robots=Route("gone", status=404))
    summary = crawl([site(server.url(""))], settings(), archive)
    assert summary.sites[0].new == 6
    assert "/news/4" in server.paths()


def test_crawl_delay_spaces_requests(server: TinyServer, archive: Archive) -> None:
    server.routes.update(
        {
            "/robots.txt": Route("User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain"),
            "/list?page=1": Route(listing("/news/1", "/news/2")),
            "/news/1": Route(article(1)),
            "/news/2": Route(article(2)),
        }
    )
    crawl([site(server.url(""), delay=0)], settings(concurrency=4), archive)
    assert len(server.hits) == 4
    gaps = [b.at - a.at for a, b in zip(server.hits, server.hits[1:], strict=False)]
    assert all(gap >= 0.3 for gap in gaps), gaps


def test_retry_after_503_then_success(server: TinyServer, archive: Archive) -> None:
    portal(server)
    server.routes["/news/2"] = [
        Route("busy", status=503, headers={"Retry-After": "1"}),
        Route(article(2)),
    ]
    summary = crawl([site(server.url(""))], settings(retries=1, backoff=5), archive)
    hits = [h for h in server.hits if h.path == "/news/2"]
    assert [h.status for h in hits] == [503, 200]
    assert 1.0 <= hits[1].at - hits[0].at < 3.0
    assert summary.failed == 0 and summary.sites[0].new == 5


def test_failures_are_recorded(server: TinyServer, archive: Archive) -> None:
    portal(server)
    del server.routes["/news/3"]
    summary = crawl([site(server.url(""))], settings(), archive)
    assert summary.sites[0].failed == {"http_404": 1}
    state = archive.url_state(server.url("/news/3"))
    assert (state.state, state.last_status) == ("failed", 404)
    before = len(server.hits)
    crawl([site(server.url(""))], settings(), archive)  # a 404 article is not retried
    assert "/news/3" not in [h.path for h in server.hits[before:]]


def test_loopback_refused_without_allow_private(server: TinyServer, archive: Archive) -> None:
    portal(server)
    summary = crawl([site(server.url(""))], settings(allow_private=False), archive)
    assert server.hits == []
    assert summary.sites[0].failed == {"unsafe_address": 1}


def test_resolve_override_reaches_local_server(server: TinyServer, archive: Archive) -> None:
    portal(server)
    s = settings(resolve={"portal.test": f"127.0.0.1:{server.port}"})
    summary = crawl([site("http://portal.test")], s, archive)
    assert summary.sites[0].new == 5
    assert {h.headers["host"] for h in server.hits} == {"portal.test"}
    urls = sorted(p.url for p in archive.iter_pages("article"))
    assert urls == [f"http://portal.test/news/{n}" for n in (1, 2, 3)]


def test_max_pages_leaves_the_rest_pending(server: TinyServer, archive: Archive) -> None:
    portal(server)
    first = crawl([site(server.url(""))], settings(), archive, max_pages=2)
    assert first.sites[0].fetched == 2
    second = crawl([site(server.url(""))], settings(), archive)
    assert len(list(archive.iter_pages("article"))) == 3
    article_paths = [h.path for h in server.hits if h.path.startswith("/news/")]
    assert len(article_paths) == len(set(article_paths)) == 3
    assert second.failed == 0


def test_redirects_followed_only_on_site_hosts(server: TinyServer, archive: Archive) -> None:
    portal(server)
    server.routes["/list?page=1"] = Route(listing("/news/1", "/news/7", "/news/8"))
    server.routes["/news/7"] = Route("", status=301, headers={"Location": "/news/2"})
    server.routes["/news/8"] = Route("", status=302, headers={"Location": "http://elsewhere.test/x"})
    summary = crawl([site(server.url(""))], settings(), archive)
    page = archive.page(server.url("/news/7"))
    assert page is not None and page.final_url == server.url("/news/2")
    assert summary.sites[0].failed == {"offsite_redirect": 1}


def test_non_html_is_stored_but_not_mined(archive: Archive) -> None:
    routes = {
        "/robots.txt": httpx.Response(404),
        "/list": httpx.Response(
            200, text=listing("/news/1", "/news/2"), headers={"Content-Type": "text/html"}
        ),
        "/news/1": httpx.Response(
            200, content=b"%PDF-1.4 /news/9", headers={"Content-Type": "application/pdf"}
        ),
        "/news/2": httpx.Response(200, text=listing("/news/3"), headers={"Content-Type": "text/html"}),
    }
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return routes.get(request.url.path, httpx.Response(404))

    spec = SiteSpec("mock", ("http://mock.test/list",), (r"/list$",), (r"/news/\d+$",))
    summary = crawl([spec], settings(), archive, transport=httpx.MockTransport(handler))
    assert seen == ["/robots.txt", "/list", "/news/1", "/news/2"]  # articles are never mined
    pdf = archive.page("http://mock.test/news/1")
    assert pdf is not None and pdf.content_type == "application/pdf" and pdf.kind == "article"
    assert summary.sites[0].new == 3


def test_site_delay_overrides_global_delay(server: TinyServer, archive: Archive) -> None:
    portal(server)
    started = time.monotonic()
    crawl([site(server.url(""), delay=0)], settings(delay=30), archive)
    assert time.monotonic() - started < 5


def test_duplicate_site_names_refused(archive: Archive) -> None:
    spec = site("http://x.test")
    with pytest.raises(ConfigError, match="unique"):
        crawl([spec, spec], settings(), archive)


class _Crash(BaseException):
    """Stands in for a kill: not an Exception, so nothing in the crawler swallows it.

    (A real KeyboardInterrupt raised from a callback here upsets CPython 3.11's AST recursion
    counter for later tests, so the tests use their own BaseException.)
    """


def test_interrupted_crawl_resumes(server: TinyServer, archive: Archive) -> None:
    """A crash after some responses keeps them, and the next run fetches the rest."""
    portal(server)
    lines: list[str] = []

    def crash_after_third_fetch(line: str) -> None:
        lines.append(line)
        if sum(1 for x in lines if x.startswith("200 new")) == 3:
            raise _Crash

    with pytest.raises(_Crash):
        crawl([site(server.url(""))], settings(), archive, log=crash_after_third_fetch)
    other = Archive(archive.path)  # another connection sees only what was committed
    assert len(list(other.iter_pages(None))) == 4  # robots + 3 pages
    other.close()
    summary = crawl([site(server.url(""))], settings(), archive)
    assert len(list(archive.iter_pages("article"))) == 3
    article_paths = [h.path for h in server.hits if h.path.startswith("/news/")]
    assert len(article_paths) == len(set(article_paths))
    assert summary.failed == 0
