"""Serve the bundled fixture portal (tests/fixtures/portal) on 127.0.0.1, one directory per host.

Used by `commune-news demo` and the tests. See tests/fixtures/portal/README.md for the rules.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


def _query_key(query: str) -> tuple:
    return tuple(sorted(parse_qsl(query, keep_blank_values=True)))


class FixtureSite:
    """One host's directory with its routes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        routes_file = root / "_routes.json"
        raw = json.loads(routes_file.read_text("utf-8")) if routes_file.exists() else {}
        self.routes: dict[tuple[str, tuple], str] = {}
        for url, target in raw.items():
            if url.startswith("_"):
                continue
            parts = urlsplit(url)
            self.routes[(unquote(parts.path), _query_key(parts.query))] = target

    def resolve(self, raw_path: str) -> Path | None:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        target = self.routes.get((path, _query_key(parts.query)))
        if target is not None:
            file = self.root / target
        elif parts.query:
            return None
        else:
            file = self.root / path.lstrip("/")
            if path.endswith("/") or file.is_dir():
                file = file / "index.html"
        try:
            file.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        if not file.is_file() or file.name.startswith("_") or file.name.endswith(".expected.json"):
            return None
        return file


class _Handler(BaseHTTPRequestHandler):
    sites: dict[str, FixtureSite] = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet: the crawler logs its own lines
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        site = self.sites.get(host)
        file = site.resolve(self.path) if site else None
        if file is None:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8")
            return
        body = file.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, etag)
            return
        ctype = mimetypes.guess_type(file.name)[0] or "text/html"
        if file.suffix in (".html", ".htm", ".aspx", "") or ctype == "text/html":
            ctype = "text/html"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        self._send(200, body, ctype, etag)

    def _send(self, status: int, body: bytes, ctype: str | None, etag: str | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(0, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


class FixtureServer:
    """A threaded server for every host directory under ``root``; a context manager."""

    def __init__(self, root: Path) -> None:
        sites = {d.name.lower(): FixtureSite(d) for d in sorted(root.iterdir()) if d.is_dir()}
        handler = type("Handler", (_Handler,), {"sites": sites})
        self.hosts = sorted(sites)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def resolve(self) -> dict[str, str]:
        """host -> "127.0.0.1:PORT", for the crawler's address overrides."""
        return {h: f"127.0.0.1:{self.port}" for h in self.hosts}

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
