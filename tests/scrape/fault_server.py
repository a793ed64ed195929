"""A fault-injection HTTP server on 127.0.0.1, for the scrape fault tests.

Unlike ``scrape_server.TinyServer`` it writes raw bytes on the socket, so a route can do
what real servers do wrong: reset the connection, send fewer bytes than Content-Length,
stall before or inside the response, stream 50 MB, or send a gzip bomb. One port serves
several virtual hosts: routes are keyed by (Host header, path), and the crawler reaches
them through ``CrawlSettings(resolve={host: server.address}, allow_private=True)``.

Every request is logged as a ``Hit`` (host, path, monotonic arrival time, what was
answered), so tests can check per-host spacing and Retry-After waits. Every connection is
closed after one response. Slow routes wait on the server's stop event, so ``stop()``
ends them at once; handler threads are joined on stop.
"""

from __future__ import annotations

import email.utils
import gzip
import math
import socket
import socketserver
import struct
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

# Statuses the routes use, for the status line.
_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
# Longest time any route may keep a connection open, whatever it was asked to do.
MAX_ROUTE_SECONDS = 5.0


@dataclass
class Hit:
    """One request as the server saw it."""

    at: float  # time.monotonic() when the request head was read
    host: str  # Host header, port dropped, lower-cased
    path: str  # path with query
    headers: dict[str, str]  # lower-cased names
    answer: str = ""  # what the route did: "200", "503", "reset", "truncated"…
    extra: dict[str, object] = field(default_factory=dict)  # route notes (e.g. Retry-After sent)


class Exchange:
    """One connection being answered; the helpers write raw HTTP/1.1 on the socket."""

    def __init__(self, sock: socket.socket, hit: Hit, nth: int, stop: threading.Event) -> None:
        self.sock = sock
        self.hit = hit
        self.nth = nth  # earlier requests for the same host and path
        self.stop = stop

    def head(self, status: int, headers: list[tuple[str, str]]) -> None:
        """Send the status line and headers (``Connection: close`` added)."""
        self.hit.answer = self.hit.answer or str(status)
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
        lines += [f"{name}: {value}" for name, value in headers]
        lines += ["Connection: close", "", ""]
        self.sock.sendall("\r\n".join(lines).encode("latin-1"))

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def sleep(self, seconds: float) -> bool:
        """Wait, unless the server is stopping; True when the full time passed."""
        return not self.stop.wait(min(seconds, MAX_ROUTE_SECONDS))

    def reset(self) -> None:
        """Close with SO_LINGER 0: the peer gets a TCP RST instead of a FIN."""
        self.hit.answer = "reset"
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


Handler = Callable[[Exchange], None]


class FaultServer:
    """Threaded raw HTTP server on 127.0.0.1; ``routes[(host, path)] = handler``."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.hits: list[Hit] = []
        self.errors: list[BaseException] = []  # unexpected exceptions in handlers
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tcp = _TCPServer(("127.0.0.1", 0), self._handler_class())
        self.port = self._tcp.server_address[1]
        self._thread = threading.Thread(
            target=self._tcp.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def address(self) -> str:
        """``127.0.0.1:PORT``, for ``CrawlSettings.resolve``."""
        return f"127.0.0.1:{self.port}"

    def hits_for(self, host: str, path: str | None = None) -> list[Hit]:
        """Hits on ``host`` (and ``path``), in arrival order."""
        with self._lock:
            return [h for h in self.hits if h.host == host and (path is None or h.path == path)]

    def _handler_class(self) -> type[socketserver.BaseRequestHandler]:
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(MAX_ROUTE_SECONDS)  # a stuck client cannot hold a thread
                head = _read_head(sock)
                if head is None:
                    return
                path, headers = head
                host = headers.get("host", "").rsplit(":", 1)[0].lower()
                hit = Hit(time.monotonic(), host, path, headers)
                with server._lock:
                    nth = sum(1 for h in server.hits if h.host == host and h.path == path)
                    server.hits.append(hit)
                route = server.routes.get((host, path), not_found)
                exchange = Exchange(sock, hit, nth, server._stop)
                try:
                    route(exchange)
                except (BrokenPipeError, ConnectionResetError, TimeoutError):
                    hit.extra["client_gone"] = True  # the crawler gave up first: expected
                except Exception as exc:  # a bug in a route: the test checks server.errors
                    server.errors.append(exc)

        return Handler

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._tcp.shutdown()
        self._tcp.server_close()  # joins the handler threads
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = True  # server_close() waits for handler threads
    allow_reuse_address = True
    # Ten hosts may connect at once; with the default backlog of 5 a dropped SYN is only
    # retried after 1 s, longer than the tests' connect timeout.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # handler errors are collected in FaultServer.errors


def _read_head(sock: socket.socket) -> tuple[str, dict[str, str]] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = sock.recv(65536)
        except OSError:
            return None
        if not chunk or len(data) > 65536:
            return None
        data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return parts[1], headers


# -- routes ------------------------------------------------------------------------------


def reply(
    body: bytes | str = b"",
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Handler:
    """A complete response with Content-Length."""
    data = body.encode() if isinstance(body, str) else body

    def route(ex: Exchange) -> None:
        fields = [("Content-Type", content_type)] if content_type else []
        fields += list((headers or {}).items())
        fields.append(("Content-Length", str(len(data))))
        ex.head(status, fields)
        ex.send(data)

    return route


def not_found(ex: Exchange) -> None:
    reply("not found", 404, "text/plain")(ex)


def in_turn(*routes: Handler) -> Handler:
    """The first request gets ``routes[0]``, the second ``routes[1]``…, then the last forever."""

    def route(ex: Exchange) -> None:
        routes[min(ex.nth, len(routes) - 1)](ex)

    return route


def redirect(location: str, status: int = 302) -> Handler:
    return reply(b"", status, None, {"Location": location})


def retry_after_seconds(seconds: int, status: int = 503) -> Handler:
    """503 (or 429) asking to come back in ``seconds``."""
    return reply("busy", status, "text/plain", {"Retry-After": str(seconds)})


def retry_after_date(seconds_ahead: int, status: int = 429) -> Handler:
    """429 asking to come back at an HTTP date about ``seconds_ahead`` from now.

    The date is rounded up to a whole second, so the wait asked for is between
    ``seconds_ahead`` and ``seconds_ahead + 1``; the hit records the asked wait exactly.
    """

    def route(ex: Exchange) -> None:
        now = time.time()
        when = math.ceil(now) + seconds_ahead
        ex.hit.extra["retry_after_wait"] = when - now
        date = email.utils.formatdate(when, usegmt=True)
        reply("slow down", status, "text/plain", {"Retry-After": date})(ex)

    return route


def reset(ex: Exchange) -> None:
    """Read the request, then answer with a TCP RST."""
    ex.reset()


def truncated(body: bytes, declared: int) -> Handler:
    """Promise ``declared`` bytes, send ``body`` (fewer), then close."""

    def route(ex: Exchange) -> None:
        ex.head(200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(declared))])
        ex.send(body)
        ex.hit.answer = "truncated"

    return route


def truncated_chunked(body: bytes) -> Handler:
    """A chunked body that stops before its last (empty) chunk."""

    def route(ex: Exchange) -> None:
        ex.head(200, [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")])
        ex.send(b"%x\r\n%s\r\n" % (len(body), body))
        ex.hit.answer = "truncated"

    return route


def stall(seconds: float) -> Handler:
    """Say nothing for ``seconds`` (longer than the read timeout), then answer."""

    def route(ex: Exchange) -> None:
        if ex.sleep(seconds):
            reply("late")(ex)
        ex.hit.answer = "stalled"

    return route


def drip(interval: float, seconds: float) -> Handler:
    """Send headers, then one byte every ``interval`` for ``seconds`` (under the read
    timeout each time, so only a deadline for the whole attempt stops it)."""

    def route(ex: Exchange) -> None:
        ex.head(200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "100000")])
        ex.hit.answer = "drip"
        end = time.monotonic() + seconds
        while time.monotonic() < end and ex.sleep(interval):
            ex.send(b"<")

    return route


def big(size: int, *, content_length: bool, chunk: int = 65536) -> Handler:
    """``size`` bytes of HTML-ish filler, chunked or with Content-Length, generated as sent
    (the server never holds more than one chunk)."""
    block = b"<p>" + b"x" * (chunk - 7) + b"</p>\n"

    def route(ex: Exchange) -> None:
        framing = ("Content-Length", str(size)) if content_length else ("Transfer-Encoding", "chunked")
        ex.head(200, [("Content-Type", "text/html; charset=utf-8"), framing])
        sent = 0
        while sent < size and not ex.stop.is_set():
            piece = block[: min(chunk, size - sent)]
            ex.send(piece if content_length else b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
            ex.hit.extra["sent"] = sent
        if not content_length:
            ex.send(b"0\r\n\r\n")

    return route


def gzip_bomb_bytes(inflated: int = 100 * 1024 * 1024) -> bytes:
    """gzip of ``inflated`` zero bytes (100 MB -> about 100 KB), built without the 100 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    parts = [packer.compress(zeros) for _ in range(inflated // len(zeros))]
    parts.append(packer.flush())
    return b"".join(parts)


def encoded(body: bytes, encoding: str, content_type: str = "text/html; charset=utf-8") -> Handler:
    """``body`` sent with a Content-Encoding: "gzip", "deflate" (zlib), "raw-deflate"
    (sent as "deflate"), or anything else (sent as is, labelled with that name)."""
    if encoding == "gzip":
        data, label = gzip.compress(body), "gzip"
    elif encoding == "deflate":
        data, label = zlib.compress(body), "deflate"
    elif encoding == "raw-deflate":
        packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        data, label = packer.compress(body) + packer.flush(), "deflate"
    else:
        data, label = body, encoding
    return reply(data, 200, content_type, {"Content-Encoding": label})


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def windows_1258(text: str) -> bytes:
    """Encode Vietnamese as windows-1258 pages do: the base letter (â, ă, ơ… included)
    precomposed, the tone mark as a separate combining character. Python's cp1258 codec
    cannot encode precomposed letters such as 'ã', so the tones are split off first."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")
