"""Fault injection: what a misbehaving portal does to one fetch, and to a whole crawl.

The fetcher tests drive ``Fetcher`` against ``fault_server.FaultServer`` one fault at a
time. ``test_fault_matrix`` runs a real ``crawl()`` over a site spread across several
virtual hosts of that server, each host serving one family of faults, and then checks
from the archive that EVERY URL ended in the expected terminal state and reason (the
MATRIX table), from the server's log that no two requests to one host came closer than
that host's delay, and that Retry-After waits were honoured. Timeouts, backoffs, delays
and size caps are small so the whole file runs in a few seconds.
"""

from __future__ import annotations

import functools
import gzip
import time
import tracemalloc
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_server import (
    FaultServer,
    Handler,
    big,
    closed_port,
    drip,
    encoded,
    gzip_bomb_bytes,
    in_turn,
    redirect,
    reply,
    reset,
    retry_after_date,
    retry_after_seconds,
    stall,
    truncated,
    truncated_chunked,
    windows_1258,
)

import scrape.mining as mining_module
from scrape.archive import Archive
from scrape.crawler import crawl
from scrape.decode import decode_html
from scrape.errors import BodyTooLarge, FetchError
from scrape.fetcher import Fetcher
from scrape.settings import CrawlSettings, SiteSpec

SAMPLE = (
    "Ủy ban nhân dân xã Hòa Bình tổ chức hội nghị tổng kết công tác năm 2023. "
    "Đồng chí Nguyễn Văn Duy phát biểu chỉ đạo; khen thưởng 06 tập thể có thành tích xuất sắc."
)
LIMIT = 1_000_000  # max_body_bytes in these tests
FIFTY_MB = 50 * 1024 * 1024
RETRIES = 1
DELAY = 0.1  # seconds between two requests to one host (CrawlSettings.delay)
CRAWL_DELAY = 0.3  # robots.txt Crawl-delay of delay.test
# Slack for comparing the server's arrival times with the crawler's waits (same clock).
TOLERANCE = 0.005


def fast_settings(server: FaultServer, **kwargs: object) -> CrawlSettings:
    hosts = {h for h, _ in server.routes} | {"x.test"}
    values: dict[str, object] = {
        "delay": DELAY,
        "retries": RETRIES,
        "backoff": 0.05,
        "connect_timeout": 0.5,
        "read_timeout": 0.3,
        "total_timeout": 0.8,
        "max_retry_after": 2.0,
        "max_body_bytes": LIMIT,
        "allow_private": True,
        "resolve": {h: server.address for h in hosts},
    }
    values.update(kwargs)
    return CrawlSettings(**values)  # type: ignore[arg-type]


def page(text: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Tin</title></head><body><p>{text}</p></body></html>"


def listing(*links: str, head: str = "") -> str:
    items = "".join(f'<li><a href="{href}">Tin bài {i}</a></li>' for i, href in enumerate(links))
    return page(f"<ul>{items}</ul>", head)


@functools.cache
def bomb() -> bytes:
    return gzip_bomb_bytes()  # 100 MB of zeros in about 100 KB


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as fault_server:
        yield fault_server
    assert fault_server.errors == []


# -- one fault at a time, at the fetcher ------------------------------------------------------


async def fetch(server: FaultServer, route: Handler, **kwargs: object):
    server.routes[("x.test", "/p")] = route
    async with Fetcher(fast_settings(server, delay=0, **kwargs)) as fetcher:
        return await fetcher.fetch("http://x.test/p")


async def fetch_error(server: FaultServer, route: Handler, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        await fetch(server, route, **kwargs)
    return info.value


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        pytest.param(reset, "network_error", id="connection-reset"),
        pytest.param(truncated(b"<html>" * 10, 5000), "truncated", id="truncated-content-length"),
        pytest.param(truncated_chunked(b"<html>" * 10), "truncated", id="truncated-chunked"),
        pytest.param(stall(2.0), "timeout", id="no-answer-read-timeout"),
        pytest.param(drip(0.05, 3.0), "timeout", id="headers-then-drip-total-timeout"),
    ],
)
async def test_transient_faults_are_retried_then_fail(
    server: FaultServer, route: Handler, reason: str
) -> None:
    started = time.monotonic()
    error = await fetch_error(server, route)
    assert error.reason == reason
    assert len(server.hits) == RETRIES + 1
    # Each attempt ends within total_timeout (0.8 s), whatever the server does.
    assert time.monotonic() - started < (RETRIES + 1) * 0.8 + 0.5


async def test_fault_then_success_on_retry(server: FaultServer) -> None:
    for first in (reset, truncated(b"<p>", 100), reply("oops", 500)):
        server.hits.clear()
        result = await fetch(server, in_turn(first, reply(page("ok"))))
        assert result.status == 200 and b"ok" in result.body
        assert result.attempts == 2 and len(server.hits) == 2


async def test_connection_refused(server: FaultServer) -> None:
    settings = fast_settings(server, delay=0, resolve={"x.test": f"127.0.0.1:{closed_port()}"})
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("http://x.test/")
    assert info.value.reason == "connect_error"


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(reply(bomb(), headers={"Content-Encoding": "gzip"}), id="gzip-bomb-100MB"),
        pytest.param(big(FIFTY_MB, content_length=True), id="50MB-content-length"),
        pytest.param(big(FIFTY_MB, content_length=False), id="50MB-chunked"),
    ],
)
async def test_oversized_bodies_stop_at_the_cap_in_bounded_memory(
    server: FaultServer, route: Handler
) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge) as info:
            await fetch(server, route)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.reason == "too_large"
    assert len(server.hits) == 1  # not retried
    assert peak < 4 * LIMIT, f"peak {peak / 1e6:.1f} MB while fetching"


BODY = page(SAMPLE).encode()


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "wire"),
    [
        pytest.param("gzip", gzip.compress(BODY), id="gzip"),
        pytest.param("x-gzip", gzip.compress(BODY), id="x-gzip"),
        pytest.param("deflate", zlib.compress(BODY), id="deflate-zlib"),
        pytest.param("deflate", raw_deflate(BODY), id="deflate-raw"),
        pytest.param("gzip", gzip.compress(BODY[:100]) + gzip.compress(BODY[100:]), id="gzip-two-members"),
        pytest.param("gzip", gzip.compress(BODY) + b"\0\0\0\0", id="gzip-trailing-padding"),
        pytest.param("gzip, gzip", gzip.compress(gzip.compress(BODY)), id="gzip-twice"),
        pytest.param("identity", BODY, id="identity"),
    ],
)
async def test_content_encoding_removed(server: FaultServer, encoding: str, wire: bytes) -> None:
    result = await fetch(server, reply(wire, headers={"Content-Encoding": encoding}))
    assert result.body == BODY
    assert result.headers["content-encoding"] == encoding  # the headers describe the wire
    assert server.hits[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("encoding", "wire"),
    [
        pytest.param("gzip", BODY, id="not-gzip"),
        pytest.param("gzip", gzip.compress(BODY)[:-8] + b"\0" * 4 + gzip.compress(BODY)[-4:], id="bad-crc"),
        pytest.param("deflate", b"\xff\xff\xff", id="bad-deflate"),
        pytest.param("br", BODY, id="br-not-offered"),
    ],
)
async def test_undecodable_body_fails_at_once(server: FaultServer, encoding: str, wire: bytes) -> None:
    error = await fetch_error(server, reply(wire, headers={"Content-Encoding": encoding}))
    assert error.reason == "decoding_error"
    assert len(server.hits) == 1  # another try would get the same bytes


@pytest.mark.parametrize(
    ("encoding", "wire"),
    [
        pytest.param("gzip", gzip.compress(BODY)[:-20], id="gzip-cut-short"),
        pytest.param("deflate", zlib.compress(BODY)[:1], id="deflate-one-byte"),
    ],
)
async def test_compressed_body_cut_short_is_truncated(
    server: FaultServer, encoding: str, wire: bytes
) -> None:
    # Content-Length matches what was sent: only the compressed stream shows the cut.
    error = await fetch_error(server, reply(wire, headers={"Content-Encoding": encoding}))
    assert error.reason == "truncated"
    assert len(server.hits) == RETRIES + 1


# -- the fault matrix: a whole crawl ----------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)

# URL ("http://" left out) -> expected terminal state and reason, requests the server must
# see for it (None: not checked), and the fault its route injects (routes in fault_routes).
# Settings: retries=1 (a transient fault is tried twice), read timeout 0.3 s, total timeout
# 0.8 s, max_body_bytes 1 MB, max_retry_after 2 s, delay 0.1 s.
# fmt: off
MATRIX: list[tuple[str, str, int | None, str]] = [
    # www.test: statuses, non-HTML content, Content-Encoding
    ("www.test/list",                  "done",                      1, "HTML listing linking to all"),
    ("www.test/news/ok",               "done",                      1, "200 HTML"),
    ("www.test/news/500-then-200",     "done",                      2, "500, then 200"),
    ("www.test/news/500-always",       "failed http_500",           2, "500 every time"),
    ("www.test/news/404",              "failed http_404",           1, "404"),
    ("www.test/news/report.pdf",       "done",                      1, "PDF linked as an article"),
    ("www.test/news/photo.png",        "done",                      1, "PNG linked as an article"),
    ("www.test/list/scan.png",         "done",                      1, "PNG at a listing URL"),
    ("www.test/news/gzip-page",        "done",                      1, "gzip-encoded HTML"),
    # busy.test, limited.test: Retry-After; waits do not use up the one retry
    ("busy.test/news/503-retry-after", "done",                      2, "503 Retry-After: 1, then 200"),
    ("busy.test/news/429-date",        "done",                      2, "429 Retry-After: date, then 200"),
    ("limited.test/news/503-forever",  "failed http_503",           4, "503 Retry-After: 1 every time"),
    # slow.test: timeouts
    ("slow.test/news/no-answer",       "failed timeout",            2, "no answer for 1 s"),
    ("slow.test/news/drip",            "failed timeout",            2, "headers, then 1 byte / 50 ms"),
    # broken.test: broken connections
    ("broken.test/news/reset",         "failed network_error",      2, "TCP RST after the request"),
    ("broken.test/news/reset-once",    "done",                      2, "TCP RST, then 200"),
    ("broken.test/news/truncated",     "failed truncated",          2, "CL 5000, 60 bytes sent, close"),
    ("broken.test/news/trunc-chunked", "failed truncated",          2, "chunked, last chunk missing"),
    # big.test: size caps
    ("big.test/news/gzip-bomb",        "failed too_large",          1, "gzip bomb: 100 KB -> 100 MB"),
    ("big.test/news/huge-length",      "failed too_large",          1, "50 MB, Content-Length"),
    ("big.test/news/huge-chunked",     "failed too_large",          1, "50 MB, chunked"),
    ("big.test/news/bad-gzip",         "failed decoding_error",     1, "gzip header, plain body"),
    # loop.test: redirects (the loop is detected by the crawler, a few hops in)
    ("loop.test/news/loop-a",          "failed redirect_loop",   None, "302 loop-a -> loop-b -> loop-a"),
    ("loop.test/news/chain-0",         "failed too_many_redirects", 1, "302 chain of 10 hops"),
    # cs.test: charsets; the articles are linked from the windows-1258 listing
    ("cs.test/list/tin-tuc",           "done",                      1, "cp1258 listing, <meta> only"),
    ("cs.test/news/header-latin1",     "done",                      1, "hdr iso-8859-1, UTF-8 + meta"),
    ("cs.test/news/no-charset",        "done",                      1, "cp1258, no charset anywhere"),
    ("cs.test/news/cp1258-header",     "done",                      1, "cp1258 in the header"),
    ("cs.test/news/latin1-cp1258",     "done",                      1, "hdr iso-8859-1, cp1258 + meta"),
    # down.test: robots.txt answers 503; refused.test: nothing listens, robots.txt included
    ("down.test/list/down",            "failed robots_unavailable", 0, "robots.txt 503 (listing)"),
    ("down.test/news/down",            "failed robots_unavailable", 0, "robots.txt 503 (article)"),
    ("refused.test/news/refused",      "failed robots_unavailable", 0, "connection refused"),
    # delay.test: robots.txt Crawl-delay: 0.3
    ("delay.test/news/d1",             "done",                      1, "Crawl-delay: 0.3"),
    ("delay.test/news/d2",             "done",                      1, "Crawl-delay: 0.3"),
    ("delay.test/news/d3",             "done",                      1, "Crawl-delay: 0.3"),
    ("delay.test/news/d4",             "done",                      1, "Crawl-delay: 0.3"),
]
# fmt: on


def fault_routes() -> dict[str, Handler]:
    """Every route of the fault site, keyed like MATRIX (robots.txt and redirect hops too)."""
    ok = reply(page("Tin tức xã"))
    cs_articles = [u.removeprefix("cs.test") for u, *_ in MATRIX if u.startswith("cs.test/news/")]
    others = [f"http://{u}" for u, *_ in MATRIX if u != "www.test/list" and not u.startswith("cs.test/news/")]
    meta_1258 = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    routes: dict[str, Handler] = {
        "www.test/robots.txt": reply("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "www.test/list": reply(listing(*others)),
        "www.test/news/ok": ok,
        "www.test/news/500-then-200": in_turn(reply("err", 500), ok),
        "www.test/news/500-always": reply("err", 500),
        "www.test/news/404": reply("gone", 404),
        "www.test/news/report.pdf": reply(PDF, content_type="application/pdf"),
        "www.test/news/photo.png": reply(PNG, content_type="image/png"),
        "www.test/list/scan.png": reply(PNG, content_type="image/png"),
        "www.test/news/gzip-page": encoded(page(SAMPLE).encode(), "gzip"),
        "busy.test/news/503-retry-after": in_turn(retry_after_seconds(1), ok),
        "busy.test/news/429-date": in_turn(retry_after_date(1), ok),
        "limited.test/news/503-forever": retry_after_seconds(1),
        "slow.test/news/no-answer": stall(1.0),
        "slow.test/news/drip": drip(0.05, 3.0),
        "broken.test/news/reset": reset,
        "broken.test/news/reset-once": in_turn(reset, ok),
        "broken.test/news/truncated": truncated(b"<html>" * 10, 5000),
        "broken.test/news/trunc-chunked": truncated_chunked(b"<html>" * 10),
        "big.test/news/gzip-bomb": reply(bomb(), headers={"Content-Encoding": "gzip"}),
        "big.test/news/huge-length": big(FIFTY_MB, content_length=True),
        "big.test/news/huge-chunked": big(FIFTY_MB, content_length=False),
        "big.test/news/bad-gzip": reply(page("x"), headers={"Content-Encoding": "gzip"}),
        "loop.test/news/loop-a": redirect("/news/loop-b"),
        "loop.test/news/loop-b": redirect("/news/loop-a"),
        **{f"loop.test/news/chain-{i}": redirect(f"/news/chain-{i + 1}") for i in range(10)},
        "cs.test/list/tin-tuc": reply(
            windows_1258(listing(*cs_articles, head=meta_1258)), content_type="text/html"
        ),
        "cs.test/news/header-latin1": reply(
            page(SAMPLE, '<meta charset="utf-8">'), content_type="text/html; charset=iso-8859-1"
        ),
        "cs.test/news/no-charset": reply(windows_1258(page(SAMPLE)), content_type="text/html"),
        "cs.test/news/latin1-cp1258": reply(
            windows_1258(page(SAMPLE, meta_1258)), content_type="text/html; charset=iso-8859-1"
        ),
        "cs.test/news/cp1258-header": reply(
            windows_1258(page(SAMPLE)), content_type="text/html; charset=windows-1258"
        ),
        "down.test/robots.txt": reply("maintenance", 503, "text/plain"),
        "down.test/list/down": ok,
        "down.test/news/down": ok,
        "delay.test/robots.txt": reply(
            f"User-agent: *\nCrawl-delay: {CRAWL_DELAY}\n", content_type="text/plain"
        ),
        **{f"delay.test/news/d{i}": ok for i in range(1, 5)},
        # refused.test resolves to a closed port; the other hosts have no robots.txt (404).
    }
    return routes


def split(url: str) -> tuple[str, str]:
    """ "www.test/news/ok" -> ("www.test", "/news/ok")."""
    host, _, path = url.partition("/")
    return host, "/" + path


def render_matrix(got: dict[str, tuple[str, str | None]], server: FaultServer) -> str:
    rows = [("URL", "fault", "expected", "recorded", "requests")]
    for url, expected, _, fault in MATRIX:
        state, reason = got.get(f"http://{url}", ("(missing)", None))
        requests = len(server.hits_for(*split(url)))
        rows.append((url, fault, expected, f"{state} {reason or ''}".strip(), str(requests)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def test_fault_matrix(server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    routes = fault_routes()
    assert {u for u, *_ in MATRIX} <= set(routes) | {"refused.test/news/refused"}
    for url, route in routes.items():
        server.routes[split(url)] = route
    hosts = sorted({split(u)[0] for u, *_ in MATRIX})
    resolve = {h: server.address for h in hosts} | {"refused.test": f"127.0.0.1:{closed_port()}"}
    settings = fast_settings(server, resolve=resolve)
    spec = SiteSpec(
        name="faults",
        start_urls=("http://www.test/list",),
        listing_patterns=(r"/list",),
        article_patterns=(r"/news/",),
        extra_hosts=tuple(h for h in hosts if h != "www.test"),
    )
    decoded: list[str | None] = []  # content types the crawler decoded as HTML

    def spy(body: bytes, content_type: str | None) -> str:
        decoded.append(content_type)
        return decode_html(body, content_type)

    monkeypatch.setattr(mining_module, "decode_html", spy)
    lines: list[str] = []
    started = time.monotonic()
    with Archive(tmp_path / "faults.db") as archive:
        crawl([spec], settings, archive, log=lines.append)
        elapsed = time.monotonic() - started
        states = {s.url: (s.state, s.reason) for s in archive.known_urls("faults")}
        pages = {p.url: p for p in archive.iter_pages(None)}
    table = render_matrix(states, server)
    print(f"\nfault matrix (crawl took {elapsed:.1f} s):\n{table}")
    log = "\n".join(lines)

    # Every URL ends in its expected terminal state and reason; none stays pending, and the
    # archive holds no URL outside the matrix.
    expected = {}
    for url, outcome, _, _ in MATRIX:
        state, _, reason = outcome.partition(" ")
        expected[f"http://{url}"] = (state, reason or None)
    assert states == expected, f"{table}\n{log}"
    for url, _, requests, _ in MATRIX:
        if requests is not None:
            assert len(server.hits_for(*split(url))) == requests, f"{url}\n{table}"

    # No two requests to one host closer than its delay (start to start, server clock);
    # robots.txt requests and retries included.
    for host in hosts:
        delay = CRAWL_DELAY if host == "delay.test" else DELAY
        hits = server.hits_for(host)
        gaps = [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]
        assert all(gap >= delay - TOLERANCE for gap in gaps), (host, [round(g, 3) for g in gaps])
    assert len(server.hits_for("delay.test")) == 5  # robots.txt + 4 articles

    # Retry-After honoured: each retry came no sooner than asked.
    first, second = server.hits_for("busy.test", "/news/503-retry-after")
    assert (first.answer, second.answer) == ("503", "200")
    assert second.at - first.at >= 1.0 - TOLERANCE
    first, second = server.hits_for("busy.test", "/news/429-date")
    assert (first.answer, second.answer) == ("429", "200")
    asked = first.extra["retry_after_wait"]
    assert isinstance(asked, float) and asked > 1.0
    assert second.at - first.at >= asked - 0.05  # the date has 1 s resolution; clocks differ by ms
    forever = server.hits_for("limited.test", "/news/503-forever")
    assert all(b.at - a.at >= 1.0 - TOLERANCE for a, b in zip(forever, forever[1:], strict=False))

    # robots.txt 503: only robots.txt was asked for on that host (once per attempt).
    assert [h.path for h in server.hits_for("down.test")] == ["/robots.txt"] * (RETRIES + 1), log

    # Non-HTML is stored with its type, and never decoded as HTML (the PNG listing included).
    assert pages["http://www.test/news/report.pdf"].content_type == "application/pdf"
    assert pages["http://www.test/news/report.pdf"].body == PDF
    assert pages["http://www.test/news/photo.png"].content_type == "image/png"
    assert pages["http://www.test/list/scan.png"].kind == "listing"
    assert decoded and all(ct and ct.startswith("text/html") for ct in decoded), decoded
    assert len(decoded) == 2  # www.test/list and cs.test/list/tin-tuc

    # Content-Encoding removed before storing.
    assert pages["http://www.test/news/gzip-page"].body == page(SAMPLE).encode()

    # Wrong, missing and windows-1258 charsets all decode to the same NFC text.
    for name in ("header-latin1", "no-charset", "cp1258-header", "latin1-cp1258"):
        stored = pages[f"http://cs.test/news/{name}"]
        text = decode_html(stored.body, stored.content_type)
        assert SAMPLE in text and unicodedata.is_normalized("NFC", text), name

    assert elapsed < 15, f"the fault crawl took {elapsed:.1f} s"
