import asyncio
import email.utils
import gzip
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from scrape.errors import BodyTooLarge, FetchError, UnsafeURL
from scrape.fetcher import FREE_RETRY_AFTER_WAITS, Fetcher, FetchResult
from scrape.settings import CrawlSettings

FAST = CrawlSettings(delay=0, retries=2, backoff=0.01, allow_private=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("3", 3.0, id="seconds"),
        pytest.param("3600", 60.0, id="capped"),
        pytest.param("Wed, 21 Oct 2015 07:28:00 GMT", 0.0, id="date-in-past"),
        pytest.param("soon", None, id="garbage"),
    ],
)
def test_retry_after_parsing(value: str, expected: float | None) -> None:
    fetcher = Fetcher(FAST, httpx.MockTransport(lambda r: httpx.Response(200)))
    result = FetchResult("http://x.test/", 503, {"retry-after": value}, None, b"", "")
    assert fetcher._retry_after(result) == expected


def test_retry_after_future_date() -> None:
    fetcher = Fetcher(FAST, httpx.MockTransport(lambda r: httpx.Response(200)))
    when = email.utils.format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30))
    result = FetchResult("http://x.test/", 429, {"retry-after": when}, None, b"", "")
    assert 25 <= fetcher._retry_after(result) <= 30


async def test_5xx_returned_after_last_retry() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(500)

    async with Fetcher(FAST, httpx.MockTransport(handler)) as fetcher:
        result = await fetcher.fetch("http://x.test/")
    assert result.status == 500 and result.attempts == 3 and len(calls) == 3


async def test_connection_errors_retried_then_raised() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("refused", request=request)

    async with Fetcher(FAST, httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("http://x.test/")
    assert info.value.reason == "connect_error" and len(calls) == 3


async def test_404_not_retried() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(404)

    async with Fetcher(FAST, httpx.MockTransport(handler)) as fetcher:
        assert (await fetcher.fetch("http://x.test/")).status == 404
    assert len(calls) == 1


@pytest.mark.parametrize("declare_length", [True, False])
async def test_body_cap(declare_length: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if declare_length:
            return httpx.Response(200, content=b"x" * 5000)

        async def chunks():
            for _ in range(10):
                yield b"x" * 1000

        return httpx.Response(200, content=chunks())

    settings = CrawlSettings(delay=0, max_body_bytes=4096)
    async with Fetcher(settings, httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(BodyTooLarge) as info:
            await fetcher.fetch("http://x.test/")
    assert info.value.reason == "too_large"


async def test_headers_sent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"ETag": '"a"'}, text="ok")

    async with Fetcher(FAST, httpx.MockTransport(handler)) as fetcher:
        result = await fetcher.fetch("http://x.test/", {"If-None-Match": '"a"'})
    assert seen[0].headers["user-agent"].startswith("commune-news/")
    assert seen[0].headers["if-none-match"] == '"a"'
    assert result.headers["etag"] == '"a"'


async def test_non_http_refused() -> None:
    async with Fetcher(FAST, httpx.MockTransport(lambda r: httpx.Response(200))) as fetcher:
        with pytest.raises(UnsafeURL):
            await fetcher.fetch("file:///etc/passwd")


async def test_requests_to_one_host_are_spaced() -> None:
    times: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        return httpx.Response(200)

    settings = CrawlSettings(delay=0.2)
    async with Fetcher(settings, httpx.MockTransport(handler)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"http://x.test/{i}") for i in range(3)))
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(g >= 0.2 for g in gaps), gaps


def test_backoff_is_exponential_with_jitter() -> None:
    fetcher = Fetcher(CrawlSettings(backoff=0.5), httpx.MockTransport(lambda r: httpx.Response(200)))
    for attempt in range(4):
        base = 0.5 * 2**attempt
        pauses = [fetcher._backoff(attempt) for _ in range(50)]
        assert all(base <= p <= 2 * base for p in pauses)
        assert len(set(pauses)) > 1  # jittered


def busy_then_ok(busy: int, retry_after: str | None, calls: list[float]):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        if len(calls) <= busy:
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return httpx.Response(503, headers=headers)
        return httpx.Response(200, text="ok")

    return handler


async def test_retry_after_does_not_use_up_retries() -> None:
    calls: list[float] = []
    settings = CrawlSettings(delay=0, retries=0, max_retry_after=1, allow_private=True)
    async with Fetcher(settings, httpx.MockTransport(busy_then_ok(3, "0", calls))) as fetcher:
        result = await fetcher.fetch("http://x.test/")
    # retries=0, yet three 503s with Retry-After were waited out for free.
    assert result.status == 200 and result.attempts == 4 and len(calls) == 4


async def test_retry_after_without_header_uses_retries() -> None:
    calls: list[float] = []
    settings = CrawlSettings(delay=0, retries=0, allow_private=True)
    async with Fetcher(settings, httpx.MockTransport(busy_then_ok(3, None, calls))) as fetcher:
        result = await fetcher.fetch("http://x.test/")
    assert result.status == 503 and len(calls) == 1


async def test_free_retry_after_waits_are_bounded() -> None:
    calls: list[float] = []
    settings = CrawlSettings(delay=0, retries=1, backoff=0.01, allow_private=True)
    async with Fetcher(settings, httpx.MockTransport(busy_then_ok(99, "0", calls))) as fetcher:
        result = await fetcher.fetch("http://x.test/")
    # FREE_RETRY_AFTER_WAITS free waits, then the normal 1 + retries attempts.
    assert result.status == 503 and len(calls) == FREE_RETRY_AFTER_WAITS + 2


async def test_retry_after_total_capped_by_max_retry_after() -> None:
    calls: list[float] = []
    # Each Retry-After: 10 is capped to 0.2 s; only one such wait fits in the 0.2 s total,
    # the next one uses the single retry (and is still waited for).
    settings = CrawlSettings(delay=0, retries=1, max_retry_after=0.2, allow_private=True)
    async with Fetcher(settings, httpx.MockTransport(busy_then_ok(99, "10", calls))) as fetcher:
        result = await fetcher.fetch("http://x.test/")
    assert result.status == 503 and len(calls) == 3
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert all(0.2 <= g < 1.0 for g in gaps), gaps


async def test_retry_after_keeps_the_host_closed_for_the_next_url() -> None:
    times: dict[str, float] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        times[request.url.path] = time.monotonic()
        if request.url.path == "/busy":
            return httpx.Response(503, headers={"Retry-After": "1"})
        return httpx.Response(200)

    # The first 503 is waited out for free (1 s capped to 0.3 s); the second is returned
    # (retries=0), but the pause it asked for still holds the host for the next URL.
    settings = CrawlSettings(delay=0, retries=0, max_retry_after=0.3, allow_private=True)
    async with Fetcher(settings, httpx.MockTransport(handler)) as fetcher:
        assert (await fetcher.fetch("http://x.test/busy")).status == 503
        await fetcher.fetch("http://x.test/next")
        await fetcher.fetch("http://other.test/next")  # other hosts are not held up
    assert times["/next"] - times["/busy"] >= 0.3
    assert times["/next"] - times["/busy"] < 1.0  # capped


async def test_retry_after_ignored_on_500() -> None:
    calls: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        return httpx.Response(500, headers={"Retry-After": "30"})

    settings = CrawlSettings(delay=0, retries=1, backoff=0.01, allow_private=True)
    async with Fetcher(settings, httpx.MockTransport(handler)) as fetcher:
        assert (await fetcher.fetch("http://x.test/")).status == 500
    assert len(calls) == 2 and calls[1] - calls[0] < 1


async def test_streamed_gzip_body_decoded_and_capped() -> None:
    payload = b"<html>" + b"a" * 10_000 + b"</html>"

    def handler(request: httpx.Request) -> httpx.Response:
        packed = gzip.compress(payload)

        async def chunks():
            for i in range(0, len(packed), 7):
                yield packed[i : i + 7]

        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=chunks())

    async with Fetcher(FAST, httpx.MockTransport(handler)) as fetcher:
        assert (await fetcher.fetch("http://x.test/")).body == payload
    settings = CrawlSettings(delay=0, max_body_bytes=5000)
    async with Fetcher(settings, httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(BodyTooLarge):
            await fetcher.fetch("http://x.test/")


async def test_cookies_kept_for_the_run_per_host() -> None:
    # ASP.NET portals set a session cookie, then redirect a page to itself expecting it back.
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("cookie")))
        if request.url.path == "/login":
            return httpx.Response(302, headers={"Set-Cookie": "ASP.NET_SessionId=abc; path=/; HttpOnly"})
        return httpx.Response(200, text="ok")

    async with Fetcher(FAST, httpx.MockTransport(handler)) as fetcher:
        await fetcher.fetch("http://x.test/")
        await fetcher.fetch("http://x.test/login")
        await fetcher.fetch("http://x.test/news/1", {"If-None-Match": '"a"'})
        await fetcher.fetch("http://other.test/")
    assert seen == [
        ("http://x.test/", None),
        ("http://x.test/login", None),
        ("http://x.test/news/1", "ASP.NET_SessionId=abc"),
        ("http://other.test/", None),  # never sent to another host
    ]
