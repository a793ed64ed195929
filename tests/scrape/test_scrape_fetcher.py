import asyncio
import email.utils
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from scrape.errors import BodyTooLarge, FetchError, UnsafeURL
from scrape.fetcher import Fetcher, FetchResult
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
