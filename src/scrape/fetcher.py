"""The one fetch seam: every HTTP request of the package goes through ``Fetcher.fetch``.

It owns the one transport (and cookie jar) and wraps each request in the politeness and
robustness rules, so callers cannot forget them:

* one request at a time per host, with ``delay`` seconds of quiet between two of them;
* a global cap of ``concurrency`` requests in flight;
* retries with exponential backoff and jitter on connection errors, timeouts, truncated
  bodies, 5xx and 429;
* ``Retry-After`` on 429 and 503 honoured (seconds or HTTP date, capped), without using up
  a retry, within a bounded allowance per URL (see ``Fetcher.fetch``); the host's gate
  stays closed while it runs, and a host that asked for a pause gets it even after the
  URL was given up;
* a body size cap enforced while streaming, on the wire bytes and again on the decoded
  bytes: Content-Encoding (gzip, deflate) is removed here, chunk by chunk, with the
  output of zlib bounded, so a gzip bomb stops at ``max_body_bytes`` of memory;
* a deadline for the whole attempt (``total_timeout``), so a server that sends headers
  and then drips or stalls cannot hold a worker.

Redirects are *not* followed here (the crawler follows them hop by hop, because each hop
needs the host and robots checks). httpx errors become FetchError; nothing else sees them.
Failure reasons: "timeout", "connect_error", "network_error" (reset or closed before the
response), "protocol_error", "truncated" (the connection ended inside the body),
"too_large", "decoding_error" (a body that cannot be decompressed), "bad_url".
Tests pass ``transport=httpx.MockTransport(handler)``; by default the transport is
``GuardedTransport`` (address checks and ``resolve`` overrides).
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import random
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx

from .errors import BodyTooLarge, FetchError, UnsafeURL
from .settings import CrawlSettings
from .transport import GuardedTransport
from .urls import host_of, is_http

# Sent with every request besides User-Agent; Vietnamese first, since these are VN portals.
# Only the encodings removed (and size-capped) in this module are offered: never br or zstd.
DEFAULT_HEADERS = {
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.5",
    "Accept-Encoding": "gzip, deflate",
}

# Statuses whose Retry-After header is honoured (RFC 9110 §10.2.3, RFC 6585 §4).
RETRY_AFTER_STATUSES = frozenset({429, 503})
# Retry-After waits per URL that do not use up a retry (their total is also capped by
# CrawlSettings.max_retry_after); later ones are still waited for, but count as retries.
FREE_RETRY_AFTER_WAITS = 3


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
    body: bytes  # content-encoding removed
    fetched_at: str  # ISO 8601 UTC
    attempts: int = 1  # requests sent for this URL, Retry-After retries included

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
    not_before: float = -math.inf  # set by Retry-After: no request to the host before this


class Fetcher:
    """Polite, bounded HTTP GET over one httpx transport. Use as ``async with``.

    Requests go to the transport directly, not through ``httpx.AsyncClient``: redirects,
    auth, proxies and URL merging are not needed here, and the client's per-request work
    (notably cookie extraction through urllib objects on every response) cost more CPU than
    the HTTP exchange itself. What it did that matters is kept: default headers, timeouts,
    and cookies for the run (some ASP.NET portals redirect a page to itself after setting a
    session cookie), with httpx's own jar, used only when there is a cookie to handle.
    """

    def __init__(self, settings: CrawlSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        if transport is None:
            transport = GuardedTransport(
                allow_private=settings.allow_private,
                resolve=settings.resolve,
                unverified_hosts=frozenset(settings.unverified_hosts),
            )
        self._transport = transport
        self._headers = httpx.Headers({"User-Agent": settings.user_agent, **DEFAULT_HEADERS})
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._timeout = timeout.as_dict()
        self._cookies = httpx.Cookies()
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._gates: dict[str, _HostGate] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the transport and its connections."""
        await self._transport.aclose()

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
        errors, timeouts and truncated bodies after the last retry raise FetchError; an
        oversized body raises BodyTooLarge and an undecodable one FetchError
        ("decoding_error") at once; a non-http(s) URL raises UnsafeURL.

        Retry-After on a 429 or 503 is waited for (capped at ``max_retry_after``) and the
        request sent again without using up one of ``retries``, at most
        FREE_RETRY_AFTER_WAITS times per URL and for at most ``max_retry_after`` seconds in
        total. Past that allowance a Retry-After is still waited for, but the attempt counts
        as a retry, so one URL never holds its host for more than about
        ``(retries + 1) * max_retry_after`` plus backoffs. While waiting, the host's lock is
        held: no other request goes to that host.
        """
        if not is_http(url):
            raise UnsafeURL(url, "only absolute http and https URLs are fetched.")
        gate = self._gate(host_of(url))
        retries = self.settings.retries
        async with gate.lock:
            attempt = 0  # retries used
            sent = 0
            free_waits, free_waited = 0, 0.0
            while True:
                await self._wait_turn(gate)
                sent += 1
                result: FetchResult | None = None
                try:
                    result = await self._attempt(url, headers)
                except (httpx.TransportError, asyncio.TimeoutError, _Transient) as exc:
                    reason = _reason(exc)
                    if attempt >= retries or reason == "bad_url":
                        raise FetchError(url, reason, str(exc) or type(exc).__name__) from exc
                except httpx.HTTPError as exc:  # not transient
                    raise FetchError(url, _reason(exc), str(exc)) from exc
                finally:
                    # Whatever happened, the host saw a request (or an attempt) just now.
                    gate.last_end = time.monotonic()
                if result is None:
                    pause = self._backoff(attempt)
                    attempt += 1
                    await asyncio.sleep(pause)
                    continue
                result.attempts = sent
                if not is_retryable_status(result.status):
                    return result
                asked = self._retry_after(result) if result.status in RETRY_AFTER_STATUSES else None
                if asked is not None:
                    # The host asked for a pause: its gate stays closed that long, for
                    # this URL and for whatever comes next.
                    gate.not_before = max(gate.not_before, gate.last_end + asked)
                    allowance = self.settings.max_retry_after - free_waited
                    if free_waits < FREE_RETRY_AFTER_WAITS and asked <= allowance:
                        free_waits += 1
                        free_waited += asked
                        continue  # _wait_turn waits until not_before
                if attempt >= retries:
                    return result
                pause = self._backoff(attempt) if asked is None else asked
                attempt += 1
                await asyncio.sleep(pause)

    async def _wait_turn(self, gate: _HostGate) -> None:
        wait = max(gate.last_end + gate.delay, gate.not_before) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        """Pause before retry number ``attempt + 1``: ``backoff * 2**attempt``, plus up to
        as much again in random jitter, so retries from many workers do not line up."""
        base = self.settings.backoff * (2**attempt)
        return base + random.uniform(0, base)

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
        limit = self.settings.max_body_bytes
        response = await self._send(url, headers)
        try:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(url, limit)
            if response.is_stream_consumed:
                # Only httpx.MockTransport responses built from bytes come read (and decoded).
                if len(response.content) > limit:
                    raise BodyTooLarge(url, limit)
                return self._result(url, response, response.content)
            decoder = _BodyDecoder(url, response.headers.get("content-encoding", ""), limit)
            wire = 0
            try:
                # Raw bytes: httpx would inflate a whole chunk at once, unbounded.
                async for chunk in response.aiter_raw():
                    wire += len(chunk)
                    if wire > limit:
                        raise BodyTooLarge(url, limit)
                    decoder.feed(chunk)
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # The headers came, then the connection closed or broke inside the body
                # (fewer bytes than Content-Length, or an unfinished chunked body).
                raise _Transient("truncated", str(exc) or type(exc).__name__) from exc
            body = decoder.finish()
        finally:
            await response.aclose()
        return self._result(url, response, body)

    async def _send(self, url: str, headers: dict[str, str] | None) -> httpx.Response:
        """GET ``url``; the response is returned with its body unread."""
        sent = self._headers
        if headers:
            sent = sent.copy()
            sent.update(headers)
        try:
            request = httpx.Request("GET", url, headers=sent, extensions={"timeout": self._timeout})
        except httpx.InvalidURL as exc:
            raise httpx.UnsupportedProtocol(str(exc)) from exc  # reported as "bad_url"
        if self._cookies:  # the jar's matching builds urllib objects: skipped while empty
            self._cookies.set_cookie_header(request)
        try:
            response = await self._transport.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request  # as httpx.AsyncClient does
            raise
        response.request = request
        if "set-cookie" in response.headers:
            self._cookies.extract_cookies(response)
        return response

    @staticmethod
    def _result(url: str, response: httpx.Response, body: bytes) -> FetchResult:
        return FetchResult(
            url=url,
            status=response.status_code,
            headers={k: v for k, v in response.headers.items()},
            content_type=response.headers.get("content-type"),
            body=body,
            fetched_at=utc_now(),
        )


class _Transient(Exception):
    """An attempt failed in a way another attempt may fix; ``reason`` as in FetchError."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class _Inflater:
    """Streaming gzip or deflate decompressor whose output per call is bounded.

    ``zlib``'s ``max_length`` bounds each call: an input that would inflate past ``cap``
    stops after ``cap + 1`` bytes instead of filling memory. gzip members may follow one
    another; bytes after the end of the (last) stream are ignored, as browsers do, but a
    stream that stops before its end is an error (``finish``): the body was cut short.
    "deflate" is zlib-wrapped by the RFC, but some servers send raw deflate: the first two
    bytes tell which.
    """

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding in ("gzip", "x-gzip")
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzip else None
        self._head = b""  # deflate: bytes kept until the format is known
        self._ended = 0  # complete streams (gzip members) seen
        self._open = False  # the current stream has had input but has not ended
        self._done = False

    def feed(self, data: bytes, cap: int) -> bytes:
        """Inflate ``data``; returns more than ``cap`` bytes only to say the cap was passed."""
        if self._obj is None:
            self._head += data
            if len(self._head) < 2:
                return b""
            data, self._head = self._head, b""
            zlib_wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        out = bytearray()
        while data and not self._done and len(out) <= cap:
            self._open = True
            try:
                out += self._obj.decompress(data, cap + 1 - len(out))  # max_length is >= 1
            except zlib.error:
                if not self._ended:
                    raise
                self._open, self._done = False, True  # garbage after a complete stream
                break
            if not self._obj.eof:
                break  # input used up, or output cut at the cap (the caller raises)
            self._open = False
            self._ended += 1
            data = self._obj.unused_data
            if self.gzip:
                self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)  # another member may follow
            else:
                self._done = True
        return bytes(out)

    def finish(self) -> bool:
        """False when the body ended inside a compressed stream (it was cut short)."""
        return not (self._head or self._open)


class _BodyDecoder:
    """Removes Content-Encoding while streaming, keeping the decoded body under ``limit``."""

    def __init__(self, url: str, content_encoding: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            # Only gzip and deflate are offered in Accept-Encoding.
            raise FetchError(url, "decoding_error", f"unsupported Content-Encoding {unknown[0]!r}.")
        # Codings are listed in the order they were applied; undo them from the last.
        self._stages = [_Inflater(c) for c in reversed(codings)]
        self._sizes = [0] * len(self._stages)
        self._chunks: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        """Decode one raw chunk; BodyTooLarge when any stage passes the limit."""
        try:
            for i, stage in enumerate(self._stages):
                chunk = stage.feed(chunk, self.limit - self._sizes[i])
                self._sizes[i] += len(chunk)
                if self._sizes[i] > self.limit:
                    raise BodyTooLarge(self.url, self.limit)
        except zlib.error as exc:
            raise FetchError(self.url, "decoding_error", f"the body cannot be decompressed ({exc}).") from exc
        self._size += len(chunk)
        if self._size > self.limit:
            raise BodyTooLarge(self.url, self.limit)
        self._chunks.append(chunk)

    def finish(self) -> bytes:
        """The decoded body; "truncated" when a compressed stream did not reach its end."""
        if not all(stage.finish() for stage in self._stages):
            raise _Transient("truncated", "the compressed body stops before the end of its stream.")
        return b"".join(self._chunks)


def _reason(exc: BaseException) -> str:
    """Short tag for a failed attempt, stored in the archive."""
    if isinstance(exc, _Transient):
        return exc.reason
    if isinstance(exc, (httpx.TimeoutException, asyncio.TimeoutError)):
        return "timeout"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "bad_url"
    if isinstance(exc, httpx.ConnectError):
        return "connect_error"
    if isinstance(exc, httpx.RemoteProtocolError) and "disconnected" in str(exc):
        # httpcore's "Server disconnected without sending a response": the connection was
        # closed or reset before a status line came, a network failure, not bad HTTP.
        return "network_error"
    if isinstance(exc, httpx.ProtocolError):
        return "protocol_error"
    if isinstance(exc, httpx.DecodingError):
        return "decoding_error"
    return "network_error"
