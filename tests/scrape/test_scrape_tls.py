"""HTTPS in a real crawl: certificates are checked, unless a site says verify_tls = false."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_scrape_wire import tls_contexts

from scrape.archive import Archive
from scrape.crawler import crawl
from scrape.settings import CrawlSettings, SiteSpec

PAGE = "<html><body><a href='/bai/1.html'>Tin</a><p>Nội dung</p></body></html>".encode()


@pytest.fixture
def https_port() -> Iterator[int]:
    """A 127.0.0.1 HTTPS server with a self-signed certificate for xa.test, in a thread."""
    server_tls, _ = tls_contexts("xa.test")
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    port: list[int] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        status = b"404 Not Found" if head.startswith(b"GET /robots.txt") else b"200 OK"
        body = b"" if status.startswith(b"404") else PAGE
        writer.write(
            b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
        )
        await writer.drain()
        writer.close()

    stop: list[asyncio.Event] = []

    async def main() -> None:
        stop.append(asyncio.Event())
        server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_tls)
        port.append(server.sockets[0].getsockname()[1])
        ready.set()
        async with server:
            await stop[0].wait()

    thread = threading.Thread(target=lambda: loop.run_until_complete(main()), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield port[0]
    loop.call_soon_threadsafe(stop[0].set)
    thread.join(5)
    loop.close()


def _crawl(tmp_path: Path, port: int, verify: bool) -> dict[str, tuple[str, str | None]]:
    settings = CrawlSettings(delay=0, retries=0, allow_private=True, resolve={"xa.test": f"127.0.0.1:{port}"})
    spec = SiteSpec("xa", ("https://xa.test/tin-tuc",), (), (r"/bai/\d+\.html$",), verify_tls=verify)
    with Archive(tmp_path / f"tls-{verify}.db") as archive:
        crawl([spec], settings, archive)
        return {s.url.rsplit("/", 1)[-1]: (s.state, s.reason) for s in archive.known_urls("xa")}


def test_self_signed_certificate_is_refused_by_default(tmp_path: Path, https_port: int) -> None:
    states = _crawl(tmp_path, https_port, verify=True)
    assert states["tin-tuc"] == ("failed", "robots_unavailable")  # not even robots.txt got through


def test_verify_tls_false_reads_the_site(tmp_path: Path, https_port: int) -> None:
    states = _crawl(tmp_path, https_port, verify=False)
    assert states == {"tin-tuc": ("done", None), "1.html": ("done", None)}
