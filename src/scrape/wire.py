"""A lean HTTP/1.1 client transport on plain asyncio streams, under ``GuardedTransport``.

httpx's default stack (httpcore's pool, anyio, h11) cost about 1.5 ms of CPU per page, more
than the rest of the crawl, which needs only GET, keep-alive and raw bodies (``fetcher.py``
removes Content-Encoding and caps sizes). Errors are the httpx ones httpcore raised, as
``fetcher._reason`` expects. Deliberately unsupported: HTTP/2, proxies, pipelining,
``Expect: 100-continue``, obs-fold, upgrades (a 101 comes back bodiless, then is closed),
and a cap on connections per pool (``Fetcher`` keeps one request in flight per host), so
the ``pool`` timeout is unused.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import sys
import time
from collections.abc import AsyncIterator, Awaitable
from typing import NamedTuple, TypeVar

import httpx
from httpx import NetworkError, TimeoutException

MAX_HEAD = 64 * 1024  # response head (status line and headers); also chunk lines, trailers
READ_SIZE = 64 * 1024
KEEPALIVE_EXPIRY = 5.0  # seconds an idle connection is kept (httpcore's default)
_HEAD_END = re.compile(rb"\n\r?\n")  # the blank line; bare \n tolerated
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_T = TypeVar("_T")
_Key = tuple[str, str, int, str]


class _Head(NamedTuple):
    version: bytes
    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]
    length: int | None  # None: chunked, or up to the end of the connection
    chunked: bool
    reusable: bool  # the server keeps the connection open after the body


async def _within(
    aw: Awaitable[_T], seconds: float | None, late: type[TimeoutException], failed: type[NetworkError]
) -> _T:
    """``await aw``; ``late`` after ``seconds``, ``failed`` for socket errors (refused, reset,
    TLS…). asyncio.timeout (3.11) costs a timer; wait_for a task, so it is the 3.10 fallback."""
    try:
        if sys.version_info >= (3, 11):
            async with asyncio.timeout(seconds):
                return await aw
        return await asyncio.wait_for(aw, seconds)
    except asyncio.TimeoutError:  # before OSError: it is one since 3.11
        raise late(f"{late.__name__}: no progress in {seconds} s.") from None
    except OSError as exc:
        raise failed(str(exc) or type(exc).__name__) from exc


class _Conn:
    """One TCP (or TLS) connection and the bytes read from it but not used yet."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.buf, self.idle_since = b"", 0.0
        self.got_bytes = False  # anything received for the current request

    async def fill(self, timeout: float | None) -> bool:
        """Read more into ``buf``; False at the end of the stream."""
        data = await _within(self.reader.read(READ_SIZE), timeout, httpx.ReadTimeout, httpx.ReadError)
        if not data:
            return False
        self.got_bytes = True
        self.buf = self.buf + data if self.buf else data
        return True

    async def pieces(self, size: int, timeout: float | None, short: str) -> AsyncIterator[bytes]:
        """The next ``size`` bytes, as they come; RemoteProtocolError(``short``) at an early end."""
        while size:
            if not self.buf and not await self.fill(timeout):
                raise httpx.RemoteProtocolError(short.format(size))
            if len(self.buf) <= size:  # the common case: all of it, without a copy
                piece, self.buf = self.buf, b""
            else:
                piece, self.buf = self.buf[:size], self.buf[size:]
            size -= len(piece)
            yield piece

    async def line(self, timeout: float | None) -> bytes:
        """One line (chunk size, trailer), without its line ending."""
        while (end := self.buf.find(b"\n")) < 0:
            if len(self.buf) > MAX_HEAD:
                raise httpx.RemoteProtocolError("Chunked framing line too long.")
            if not await self.fill(timeout):
                raise httpx.RemoteProtocolError("Server closed the connection inside a chunked body.")
        line, self.buf = self.buf[:end], self.buf[end + 1 :]
        return line.rstrip(b"\r")

    def usable(self) -> bool:
        """Open, not closed by the server while idle, and nothing unexpected left to read."""
        return not (self.buf or self.reader.at_eof() or self.reader.exception() or self.writer.is_closing())

    def close(self) -> None:
        """Close now; no wait_closed(), so a peer that never answers cannot hold us."""
        self.writer.close()


class _Body(httpx.AsyncByteStream):
    """The response body as raw wire chunks; gives the connection back at its end."""

    def __init__(self, owner: WireTransport, key: _Key, conn: _Conn | None, head: _Head, timeout: float | None
    ) -> None:  # fmt: skip
        self._owner, self._key, self._conn, self._head, self._timeout = owner, key, conn, head, timeout

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn, head, timeout = self._conn, self._head, self._timeout
        if conn is None:
            return
        try:
            if head.chunked:
                while True:
                    size = (await conn.line(timeout)).split(b";", 1)[0].strip(b" \t")  # drop extensions
                    if not _HEX.fullmatch(size):
                        raise httpx.RemoteProtocolError(f"Bad chunk size {size[:20]!r}.")
                    if not int(size, 16):
                        break
                    async for piece in conn.pieces(int(size, 16), timeout, "Closed inside a chunk."):
                        yield piece
                    if await conn.line(timeout):
                        raise httpx.RemoteProtocolError("No line end after a chunk.")
                trailers = 0
                while line := await conn.line(timeout):  # trailer fields: read and dropped
                    if (trailers := trailers + len(line)) > MAX_HEAD:
                        raise httpx.RemoteProtocolError("Chunked trailers too large.")
            elif head.length is not None:
                short = "Server closed the connection {} bytes short of Content-Length."
                async for piece in conn.pieces(head.length, timeout, short):
                    yield piece
            else:  # delimited by the end of the connection
                while conn.buf or await conn.fill(timeout):
                    piece, conn.buf = conn.buf, b""
                    yield piece
        except BaseException:  # errors, cancellation, or the consumer closing us mid-body
            conn.close()
            self._conn = None
            raise
        self._conn = None
        self._owner._release(self._key, conn, head.reusable)

    async def aclose(self) -> None:
        """Closed before the end: what is left unread spoils the connection, so close it."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class WireTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over asyncio streams, with up to ``max_idle`` idle connections per key. It
    connects to ``request.extensions["connect_to"]`` (address, port) when set (GuardedTransport's
    pin: no URL to rebuild), else to the URL's host and port."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None, max_idle: int = 2) -> None:
        self._ssl_context, self._max_idle, self._closed = ssl_context, max_idle, False
        self._idle: dict[_Key, list[_Conn]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on an idle or new connection; return once the head is read."""
        url, extensions = request.url, request.extensions
        address, port = extensions.get("connect_to") or (url.host, url.port)
        port = port or (443 if url.scheme == "https" else 80)
        key = (url.scheme, address, port, str(extensions.get("sni_hostname") or url.host))
        timeouts = extensions.get("timeout", {})
        stream = request.stream
        assert isinstance(stream, httpx.AsyncByteStream), "WireTransport is an async transport"
        wire = self._serialize(request, b"".join([part async for part in stream]))
        for attempt in range(2):
            conn = self._checkout(key) if attempt == 0 else None
            reused = conn is not None
            conn = conn or await self._connect(key, timeouts.get("connect"))
            try:
                conn.writer.write(wire)
                if conn.writer.transport.get_write_buffer_size():  # the socket did not take it all
                    write = timeouts.get("write")
                    await _within(conn.writer.drain(), write, httpx.WriteTimeout, httpx.WriteError)
                head = await self._read_head(conn, timeouts.get("read"), request.method == "HEAD")
                break
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
                conn.close()
                if not reused or conn.got_bytes:
                    raise
                # Stale keep-alive: the server dropped it while idle, likely its siblings too.
                for stale in self._idle.pop(key, []):
                    stale.close()
            except BaseException:
                conn.close()
                raise
        assert conn is not None  # the loop either broke with one or raised
        if head.length == 0:  # nothing to read: the connection is free at once
            self._release(key, conn, head.reusable)
            body = _Body(self, key, None, head, None)
        else:
            body = _Body(self, key, conn, head, timeouts.get("read"))
        info = {"http_version": head.version, "reason_phrase": head.reason}
        return httpx.Response(head.status, headers=head.headers, stream=body, extensions=info)

    async def aclose(self) -> None:
        """Close the idle connections; those still reading a body close when it ends."""
        self._closed = True
        for conn in [conn for idle in self._idle.values() for conn in idle]:
            conn.close()
        self._idle.clear()

    @staticmethod
    def _serialize(request: httpx.Request, body: bytes) -> bytes:
        lines = [request.method.encode("ascii"), b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
        names = set()
        for name, value in request.headers.raw:  # raw: httpx.Headers lookups decode every time
            lines += [name, b": ", value, b"\r\n"]
            names.add(name.lower())
        if b"host" not in names:  # httpx.Request always sets it; a stream-built one may not
            lines[4:4] = [b"Host: ", request.url.netloc, b"\r\n"]
        if b"transfer-encoding" in names:  # httpx sets it only to say chunked
            body = (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + b"0\r\n\r\n"
        return b"".join([*lines, b"\r\n", body])

    def _checkout(self, key: _Key) -> _Conn | None:
        idle, now = self._idle.get(key), time.monotonic()
        while idle:
            conn = idle.pop()
            if conn.usable() and now - conn.idle_since < KEEPALIVE_EXPIRY:
                conn.got_bytes = False
                return conn
            conn.close()
        return None

    def _release(self, key: _Key, conn: _Conn, reusable: bool) -> None:
        idle = self._idle.setdefault(key, [])
        if reusable and not self._closed and len(idle) < self._max_idle and conn.usable():
            conn.idle_since = time.monotonic()
            idle.append(conn)
        else:
            conn.close()

    async def _connect(self, key: _Key, timeout: float | None) -> _Conn:
        scheme, address, port, sni = key
        if scheme == "https" and self._ssl_context is None:  # built once: tens of ms of CPU
            self._ssl_context = ssl.create_default_context()
        tls = self._ssl_context if scheme == "https" else None
        opening = asyncio.open_connection(address, port, ssl=tls, server_hostname=sni if tls else None)
        return _Conn(*await _within(opening, timeout, httpx.ConnectTimeout, httpx.ConnectError))

    @staticmethod
    async def _read_head(conn: _Conn, timeout: float | None, head_request: bool) -> _Head:
        """Status line and headers (interim 1xx responses skipped), and the body's framing."""
        start = 0
        while True:
            if start == 0:  # stray line ends before the status line (after a previous body)
                conn.buf = conn.buf.lstrip(b"\r\n")
            if match := _HEAD_END.search(conn.buf, start, MAX_HEAD + 3):  # 3: the longest blank line
                break
            if len(conn.buf) > MAX_HEAD:
                raise httpx.RemoteProtocolError("Response head larger than 64 KB.")
            start = max(0, len(conn.buf) - 2)  # a blank line may straddle two reads
            if not await conn.fill(timeout):
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        lines = conn.buf[: match.start()].split(b"\n")
        conn.buf = conn.buf[match.end() :]
        version, _, rest = lines[0].rstrip(b"\r").partition(b" ")
        code, _, reason = rest.partition(b" ")
        if version not in (b"HTTP/1.1", b"HTTP/1.0") or len(code) != 3 or not code.isdigit():
            raise httpx.RemoteProtocolError(f"Malformed status line {lines[0][:80]!r}.")
        status = int(code)
        if 100 <= status < 200 and status != 101:  # 100 Continue, 103 Early Hints…: more follows
            return await WireTransport._read_head(conn, timeout, head_request)
        headers: list[tuple[bytes, bytes]] = []
        fields: dict[bytes, bytes] = {}  # lower-cased name -> comma-joined values, for the framing
        for raw in lines[1:]:
            name, colon, value = raw.partition(b":")
            if not colon or not name or name != name.strip():
                raise httpx.RemoteProtocolError(f"Malformed header line {raw[:80]!r}.")
            headers.append((name, value := value.strip(b" \t\r")))
            lowered = name.lower()
            fields[lowered] = fields[lowered] + b"," + value if lowered in fields else value
        tokens = {t.strip() for t in fields.get(b"connection", b"").lower().split(b",")}
        reusable = b"close" not in tokens and (version == b"HTTP/1.1" or b"keep-alive" in tokens)
        codings = fields.get(b"transfer-encoding", b"").lower()
        length, chunked = None, False
        if head_request or status in (101, 204, 304):
            length, reusable = 0, reusable and status != 101
        elif codings:  # Transfer-Encoding wins over Content-Length; but for chunked, ends at close
            chunked = codings.rsplit(b",", 1)[-1].strip() == b"chunked"
            reusable = reusable and chunked and b"content-length" not in fields  # both: smuggling?
        elif b"content-length" in fields:
            values = {v.strip() for v in fields[b"content-length"].split(b",")}
            if len(values) != 1 or not (value := values.pop()).isdigit():  # several values, or junk
                raise httpx.RemoteProtocolError("Invalid Content-Length.")
            length = int(value)
        else:
            reusable = False  # the body ends with the connection
        return _Head(version, status, reason, headers, length, chunked, reusable)
