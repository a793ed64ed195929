"""Discovery and incremental rules in a real crawl: sitemaps, feeds, caps, due times, stop."""

import gzip
import signal
import threading
import time
from pathlib import Path

import pytest
from scrape_server import Route, TinyServer, server_fixture  # noqa: F401 - the "server" fixture

from scrape.archive import Archive
from scrape.crawler import crawl
from scrape.settings import CrawlSettings, SiteSpec
from scrape.summary import Progress


def page(*links: str) -> str:
    return "<html><body>" + "".join(f'<a href="{h}">{h}</a>' for h in links) + "</body></html>"


def settings(**kwargs) -> CrawlSettings:
    defaults = {"delay": 0, "allow_private": True, "retries": 0, "backoff": 0.01}
    return CrawlSettings(**{**defaults, **kwargs})


def spec(server: TinyServer, **kwargs) -> SiteSpec:
    options = {
        "start_urls": (server.url("/tin-tuc"),),
        "listing_patterns": (),
        "article_patterns": (r"/bai/\d+\.html$",),
        **kwargs,
    }
    return SiteSpec(name="xa", **options)


@pytest.fixture
def archive(tmp_path: Path):
    arch = Archive(tmp_path / "archive.db")
    yield arch
    arch.close()


def states(archive: Archive) -> dict[str, tuple[str, str | None]]:
    return {s.url.split("/", 3)[-1]: (s.state, s.reason) for s in archive.known_urls("xa")}


def test_pagination_followed_without_a_listing_pattern(server: TinyServer, archive: Archive) -> None:
    server.routes.update(
        {
            "/robots.txt": Route("", status=404),
            "/tin-tuc": Route(page("/bai/1.html", "/tin-tuc?page=2", "/gioi-thieu")),
            "/tin-tuc?page=2": Route(page("/bai/2.html", "/tin-tuc?page=3", "/tin-tuc")),
            "/tin-tuc?page=3": Route(page("/bai/3.html", "/tin-tuc?page=2")),
            **{f"/bai/{n}.html": Route(f"<p>{n}</p>") for n in (1, 2, 3)},
        }
    )
    crawl([spec(server)], settings(), archive)
    assert len(list(archive.iter_pages("article"))) == 3
    assert "/gioi-thieu" not in server.paths()


def test_sitemaps_from_robots_and_feeds_from_pages(server: TinyServer, archive: Archive) -> None:
    sitemap_index = f"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{server.url("/sitemap-1.xml.gz")}</loc></sitemap></sitemapindex>"""
    urlset = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{server.url("/bai/7.html")}</loc></url><url><loc>{server.url("/lien-he")}</loc></url></urlset>"""
    item = f"<item><link>{server.url('/bai/8.html')}</link></item>"
    rss = f"""<rss version="2.0"><channel>{item}</channel></rss>"""
    head = '<link rel="alternate" type="application/rss+xml" href="/rss">'
    server.routes.update(
        {
            "/robots.txt": Route(
                f"User-agent: *\nSitemap: {server.url('/sitemap.xml')}\n", content_type="text/plain"
            ),
            "/sitemap.xml": Route(sitemap_index, content_type="application/xml"),
            "/sitemap-1.xml.gz": Route(gzip.compress(urlset.encode()), content_type="application/x-gzip"),
            "/rss": Route(rss, content_type="application/rss+xml"),
            "/tin-tuc": Route(f"<html><head>{head}</head><body>{page('/bai/1.html')}</body></html>"),
            **{f"/bai/{n}.html": Route(f"<p>{n}</p>") for n in (1, 7, 8)},
        }
    )
    crawl([spec(server)], settings(), archive)
    assert sorted(p.url.rsplit("/", 1)[-1] for p in archive.iter_pages("article")) == [
        "1.html",
        "7.html",
        "8.html",
    ]
    kinds = {s.url.rsplit("/", 1)[-1]: s.kind for s in archive.known_urls("xa")}
    assert kinds["sitemap.xml"] == kinds["sitemap-1.xml.gz"] == "sitemap" and kinds["rss"] == "feed"
    assert "/lien-he" not in server.paths()  # in the sitemap, but neither article nor listing

    before = len(server.hits)
    crawl([spec(server, auto_discover=False)], settings(), archive)
    assert "/rss" not in server.paths()[before:] and "/sitemap.xml" not in server.paths()[before:]


def test_postback_pager_and_query_variant_cap(server: TinyServer, archive: Archive) -> None:
    pager = "<a href=\"javascript:__doPostBack('grid','Page$2')\">2</a>"
    calendar = [f"/lich?ngay={d}" for d in range(1, 8)]
    server.routes.update(
        {
            "/robots.txt": Route("", status=404),
            "/tin-tuc": Route(page("/bai/1.html", *calendar) + pager),
            "/bai/1.html": Route("<p>1</p>"),
            **{path: Route(page()) for path in calendar},
        }
    )
    summary = crawl([spec(server, listing_patterns=(r"/lich\?",))], settings(max_query_variants=3), archive)
    assert summary.sites[0].skipped == {"postback_pager": 1, "query_variant_cap": 4}
    got = states(archive)
    assert got["tin-tuc#postback-pager"] == ("skipped", "postback_pager")
    assert sum(1 for path in calendar if path[1:] in got and got[path[1:]][0] == "done") == 3
    assert summary.failed == 0


def test_failed_article_waits_until_due(server: TinyServer, archive: Archive) -> None:
    server.routes.update(
        {
            "/robots.txt": Route("", status=404),
            "/tin-tuc": Route(page("/bai/1.html", "/bai/2.html")),
            "/bai/1.html": Route("busy", status=503),
            "/bai/2.html": Route("gone", status=404),
        }
    )
    crawl([spec(server)], settings(retry_failed_after=3600), archive)
    first = {s.url.rsplit("/", 1)[-1]: s for s in archive.known_urls("xa")}
    assert first["1.html"].failures == 1 and first["1.html"].due_at is not None
    assert first["2.html"].due_at is None  # a 404 is final: no retry planned
    before = len(server.hits)
    crawl([spec(server)], settings(retry_failed_after=3600), archive)
    assert not [p for p in server.paths()[before:] if p.startswith("/bai/")]  # neither is due
    with archive._db:  # an hour and more later
        archive._db.execute("UPDATE urls SET due_at = '2000-01-01T00:00:00+00:00' WHERE due_at IS NOT NULL")
    before = len(server.hits)
    crawl([spec(server)], settings(), archive)
    assert [p for p in server.paths()[before:] if p.startswith("/bai/")] == ["/bai/1.html"]
    assert archive.url_state(server.url("/bai/1.html")).failures == 2


def test_per_host_page_cap_leaves_the_rest_pending(server: TinyServer, archive: Archive) -> None:
    server.routes.update(
        {
            "/robots.txt": Route("", status=404),
            "/tin-tuc": Route(page(*(f"/bai/{n}.html" for n in range(6)))),
            **{f"/bai/{n}.html": Route(f"<p>{n}</p>") for n in range(6)},
        }
    )
    summary = crawl([spec(server)], settings(max_pages_per_host=4), archive)
    assert summary.sites[0].pending == 3 and summary.sites[0].new == 4
    assert sorted(s for s, _ in states(archive).values()) == ["done"] * 4 + ["pending"] * 3
    crawl([spec(server)], settings(), archive)
    assert all(s == "done" for s, _ in states(archive).values())


def test_sigterm_finishes_in_flight_and_resumes(server: TinyServer, archive: Archive) -> None:
    n = 12
    server.routes.update(
        {
            "/robots.txt": Route("", status=404),
            "/tin-tuc": Route(page(*(f"/bai/{i}.html" for i in range(n)))),
            **{f"/bai/{i}.html": Route(f"<p>{i}</p>") for i in range(n)},
        }
    )
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        if p.handled == 3:
            # Delivered like a real `kill -TERM`; the crawl's handler runs on the loop.
            threading.Timer(0.01, signal.raise_signal, (signal.SIGTERM,)).start()

    summary = crawl([spec(server)], settings(delay=0.1), archive, progress=on_progress)
    assert summary.interrupted == "SIGTERM"
    done = [s for s, _ in states(archive).values() if s == "done"]
    assert 3 <= len(done) < n + 1
    assert summary.sites[0].pending == n + 1 - len(done)
    assert seen[-1].handled == len(done)
    time.sleep(0.05)
    resumed = crawl([spec(server)], settings(), archive)
    assert resumed.interrupted is None
    assert all(s == "done" for s, _ in states(archive).values())
    article_hits = [p for p in server.paths() if p.startswith("/bai/")]
    assert len(article_hits) == len(set(article_hits)) == n  # none fetched twice


def test_time_budget_ends_the_run_cleanly(server: TinyServer, archive: Archive) -> None:
    n = 10
    server.routes.update(
        {
            "/robots.txt": Route("", status=404),
            "/tin-tuc": Route(page(*(f"/bai/{i}.html" for i in range(n)))),
            **{f"/bai/{i}.html": Route(f"<p>{i}</p>") for i in range(n)},
        }
    )
    summary = crawl([spec(server)], settings(delay=0.1, max_run_seconds=0.35), archive)
    assert summary.interrupted == "time budget" and not summary.by_signal
    done = [s for s, _ in states(archive).values() if s == "done"]
    assert 2 <= len(done) < n + 1 and summary.sites[0].pending == n + 1 - len(done)
    crawl([spec(server)], settings(), archive)
    assert all(s == "done" for s, _ in states(archive).values())
