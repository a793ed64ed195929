"""The one fetch seam: every HTTP request of the package goes through ``Fetcher.fetch``.

It owns the single ``httpx.AsyncClient`` and wraps each request in the politeness and
robustness rules, so callers cannot forget them:

* one request at a time per host, with ``delay`` seconds of quiet between two of them;
* a global cap of ``concurrency`` requests in flight;
* retries with exponential backoff and jitter on connection errors, timeouts, 5xx and
  429, honouring ``Retry-After`` (capped);
* a body size cap enforced while streaming, and a deadline for the whole attempt.

Redirects are *not* followed here (the crawler follows them hop by hop, because each hop
needs the host and robots checks). httpx errors become FetchError; nothing else sees them.
Tests pass ``transport=httpx.MockTransport(handler)``; by default the transport is
``GuardedTransport`` (address checks and ``resolve`` overrides).
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx

from .errors import BodyTooLarge, FetchError, UnsafeURL
from .settings import CrawlSettings
from .transport import GuardedTransport
from .urls import host_of, is_http

# Sent with every request besides User-Agent; Vietnamese first, since these are VN portals.
DEFAULT_HEADERS = {
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.5",
}


def utc_now() -> str:
    """Current time as ISO 8601 UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_retryable_status(status: int) -> bool:
    """Statuses worth another attempt: 429 Too Many Requests and server errors."""
    return status == 429 or 500 <= status < 600


@dataclass
class FetchResult:
    """One HTTP response, body read in full (content-encoding removed)."""

    url: str  # the URL requested
    status: int
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    content_type: str | None
    body: bytes
    fetched_at: str  # ISO 8601 UTC
    attempts: int = 1

    @property
    def location(self) -> str | None:
        """The Location header of a redirect, if any."""
        return self.headers.get("location")


@dataclass
class _HostGate:
    """Serialises requests to one host and remembers when the last one ended."""

    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_end: float = -math.inf


class Fetcher:
    """Polite, bounded HTTP GET over one ``httpx.AsyncClient``. Use as ``async with``."""

    def __init__(self, settings: CrawlSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        if transport is None:
            transport = GuardedTransport(allow_private=settings.allow_private, resolve=settings.resolve)
        self._client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": settings.user_agent, **DEFAULT_HEADERS},
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            follow_redirects=False,
            trust_env=False,  # no proxies or netrc picked up from the environment
        )
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._gates: dict[str, _HostGate] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client and its connections."""
        await self._client.aclose()

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self.settings.delay)
        return gate

    def set_delay(self, host: str, delay: float) -> None:
        """Set the quiet time between two requests to ``host``."""
        self._gate(host.lower()).delay = delay

    def delay_of(self, host: str) -> float:
        """Current quiet time for ``host``."""
        return self._gate(host.lower()).delay

    async def fetch(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET ``url`` politely; return the final response of the last attempt.

        A 5xx or 429 after the last retry is returned (the caller records it); connection
        errors and timeouts after the last retry raise FetchError; an oversized body raises
        BodyTooLarge at once; a non-http(s) URL raises UnsafeURL.
        """
        if not is_http(url):
            raise UnsafeURL(url, "only absolute http and https URLs are fetched.")
        gate = self._gate(host_of(url))
        retries = self.settings.retries
        async with gate.lock:
            attempt = 0
            while True:
                await self._wait_turn(gate)
                try:
                    result = await self._attempt(url, headers)
                except (httpx.TransportError, asyncio.TimeoutError) as exc:
                    reason = _reason(exc)
                    if attempt >= retries or reason == "bad_url":
                        raise FetchError(url, reason, str(exc) or type(exc).__name__) from exc
                    pause = self._backoff(attempt)
                except httpx.HTTPError as exc:  # decoding errors and the like: not transient
                    raise FetchError(url, _reason(exc), str(exc)) from exc
                else:
                    result.attempts = attempt + 1
                    if attempt >= retries or not is_retryable_status(result.status):
                        return result
                    pause = self._retry_after(result) or self._backoff(attempt)
                finally:
                    # Whatever happened, the host saw a request (or an attempt) just now.
                    gate.last_end = time.monotonic()
                attempt += 1
                await asyncio.sleep(pause)

    async def _wait_turn(self, gate: _HostGate) -> None:
        wait = gate.last_end + gate.delay - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff * (2**attempt)
        return base + random.uniform(0, self.settings.backoff)

    def _retry_after(self, result: FetchResult) -> float | None:
        """Seconds asked for by Retry-After (delta or HTTP date), capped."""
        value = result.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            seconds = (when - datetime.now(timezone.utc)).total_seconds()
        return min(max(seconds, 0.0), self.settings.max_retry_after)

    async def _attempt(self, url: str, headers: dict[str, str] | None) -> FetchResult:
        async with self._slots:
            return await asyncio.wait_for(self._get(url, headers), timeout=self.settings.total_timeout)

    async def _get(self, url: str, headers: dict[str, str] | None) -> FetchResult:
        try:
            request = self._client.build_request("GET", url, headers=headers)
        except httpx.InvalidURL as exc:
            raise httpx.UnsupportedProtocol(str(exc)) from exc  # reported as "bad_url"
        limit = self.settings.max_body_bytes
        response = await self._client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(url, limit)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(url, limit)
                chunks.append(chunk)
        finally:
            await response.aclose()
        return FetchResult(
            url=url,
            status=response.status_code,
            headers={k: v for k, v in response.headers.items()},
            content_type=response.headers.get("content-type"),
            body=b"".join(chunks),
            fetched_at=utc_now(),
        )


def _reason(exc: BaseException) -> str:
    """Short tag for a failed attempt, stored in the archive."""
    if isinstance(exc, (httpx.TimeoutException, asyncio.TimeoutError)):
        return "timeout"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "bad_url"
    if isinstance(exc, httpx.ConnectError):
        return "connect_error"
    if isinstance(exc, httpx.ProtocolError):
        return "protocol_error"
    if isinstance(exc, httpx.DecodingError):
        return "decoding_error"
    return "network_error"
