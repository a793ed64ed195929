"""A tiny threaded HTTP server on 127.0.0.1 serving a dict of routes, for crawl tests.

A uniquely named module, not a conftest.py: tests/conftest.py is imported as ``conftest``
by other test files (``from conftest import ROOT``), and a second conftest here would take
that name. Test files import this module and declare the fixture with ``server_fixture``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    """One canned response. ``etag``/``last_modified`` enable 304 answers."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Hit:
    """One request as the server saw it (monotonic time at arrival)."""

    at: float
    path: str
    headers: dict[str, str]
    status: int = 0


class TinyServer:
    """Serves ``routes`` (path with query -> Route, or a list of Routes served in turn)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def _route(self, path: str) -> Route | None:
        with self._lock:
            route = self.routes.get(path)
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
            return route

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5  # a stuck client cannot hold a thread for long

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                hit = Hit(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()})
                with server._lock:
                    server.hits.append(hit)
                route = server._route(self.path)
                if route is None:
                    route = Route(b"not found", status=404, content_type="text/plain")
                body = route.body.encode() if isinstance(route.body, str) else route.body
                not_modified = route.status == 200 and (
                    (route.etag and hit.headers.get("if-none-match") == route.etag)
                    or (route.last_modified and hit.headers.get("if-modified-since") == route.last_modified)
                )
                hit.status = 304 if not_modified else route.status
                self.send_response(hit.status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if not_modified:
                    self.end_headers()
                    return
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output quiet

        return Handler

    def start(self) -> TinyServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> TinyServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def running_server() -> Iterator[TinyServer]:
    """Fixture body: a started TinyServer, stopped after the test."""
    with TinyServer() as tiny:
        yield tiny


# Test files import ``server_fixture``; pytest then finds the fixture "server" in them.
server_fixture = pytest.fixture(name="server")(running_server)
