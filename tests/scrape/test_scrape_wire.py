"""wire.WireTransport against a raw asyncio server on 127.0.0.1 whose replies are bytes.

Each test scripts the replies in the order requests arrive (over all connections), and
what the server does after each: keep the connection, close it, or reset it. The server
counts connections, so keep-alive reuse is checked from its side.
"""

from __future__ import annotations

import asyncio
import datetime
import gzip
import socket
import ssl
import struct
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from scrape.transport import GuardedTransport
from scrape.wire import MAX_HEAD, WireTransport

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


class RawServer:
    """Answers the n-th request with ``replies[n]`` (the last one forever after)."""

    def __init__(self, *replies: tuple[bytes, str]) -> None:
        self.replies = list(replies)
        self.heads: list[bytes] = []  # request heads, in arrival order
        self.bodies: list[bytes] = []
        self.connections = 0
        self.closed = asyncio.Event()  # a client closed a connection
        self.port = 0

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._server.close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    self.closed.set()
                    return
                self.heads.append(head)
                length = [line for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
                self.bodies.append(await reader.readexactly(int(length[0][15:])) if length else b"")
                data, then = self.replies[min(len(self.heads), len(self.replies)) - 1]
                writer.write(data)
                await writer.drain()
                if then == "close":
                    return
                if then == "reset":  # SO_LINGER 0: close() sends a RST
                    sock = writer.get_extra_info("socket")
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                if then == "hang":
                    await asyncio.sleep(5)
        finally:
            writer.close()


def keep(data: bytes) -> tuple[bytes, str]:
    return data, "keep"


def close(data: bytes) -> tuple[bytes, str]:
    return data, "close"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=WireTransport(), timeout=1.0) as http:
        yield http


async def get_all(client: httpx.AsyncClient, server: RawServer, n: int, path: str = "/") -> list[bytes]:
    return [(await client.get(server.url(path))).content for _ in range(n)]


async def test_keep_alive_reuses_one_connection(client: httpx.AsyncClient) -> None:
    async with RawServer(keep(OK)) as server:
        assert await get_all(client, server, 3, "/p?q=1") == [b"hello"] * 3
    assert server.connections == 1
    assert server.heads[0].startswith(b"GET /p?q=1 HTTP/1.1\r\n")
    assert f"Host: 127.0.0.1:{server.port}\r\n".encode() in server.heads[0]


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello", id="close"),
        pytest.param(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello", id="http-1.0"),
        pytest.param(b"HTTP/1.1 200 OK\r\n\r\nhello", id="close-delimited"),
    ],
)
async def test_connection_not_reused(client: httpx.AsyncClient, reply: bytes) -> None:
    async with RawServer(close(reply)) as server:
        assert await get_all(client, server, 2) == [b"hello"] * 2
    assert server.connections == 2


async def test_chunked_with_extensions_and_trailers(client: httpx.AsyncClient) -> None:
    body = b"5;name=value\r\nhello\r\n6 ; x\r\n world\r\n0\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n"
    async with RawServer(keep(CHUNKED + body)) as server:
        assert await get_all(client, server, 2) == [b"hello world"] * 2
    assert server.connections == 1  # the trailers were read to the end


async def test_bare_newlines_and_bytes_after_the_body(client: httpx.AsyncClient) -> None:
    # A bare-\n head, and an extra CRLF after the body: read already, it spoils the connection.
    reply = b"HTTP/1.1 200 OK\nContent-Length: 5\nX-A:  b \n\nhello\r\n"
    async with RawServer(keep(reply)) as server:
        responses = [await client.get(server.url()) for _ in range(2)]
    assert [r.content for r in responses] == [b"hello"] * 2
    assert responses[0].headers["x-a"] == "b"
    assert server.connections == 2  # bytes left after the body: that connection is not reused


async def test_raw_body_not_decoded_and_head_parsed(client: httpx.AsyncClient) -> None:
    packed = gzip.compress(b"xin chao")
    reply = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 404 Not Found Here\r\nContent-Encoding: gzip\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(packed), packed)
    )
    async with RawServer(keep(reply)) as server, client.stream("GET", server.url()) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert raw == packed  # Content-Encoding is the fetcher's business
    assert (response.status_code, response.reason_phrase, response.http_version) == (
        404,
        "Not Found Here",
        "HTTP/1.1",
    )
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]


@pytest.mark.parametrize(
    ("method", "reply"),
    [
        pytest.param("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", id="head"),
        pytest.param("GET", b"HTTP/1.1 204 No Content\r\n\r\n", id="204"),
        pytest.param("GET", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", id="304"),
    ],
)
async def test_bodiless_responses(client: httpx.AsyncClient, method: str, reply: bytes) -> None:
    async with RawServer(keep(reply)) as server:
        for _ in range(2):
            assert (await client.request(method, server.url())).content == b""
    assert server.connections == 1


async def test_request_body_sent(client: httpx.AsyncClient) -> None:
    async with RawServer(keep(OK)) as server:
        await client.post(server.url("/form"), content=b"a=1&b=2")
    assert server.heads[0].startswith(b"POST /form HTTP/1.1\r\n")
    assert server.bodies == [b"a=1&b=2"]


async def test_stale_keep_alive_connection_retried_once(client: httpx.AsyncClient) -> None:
    # The second request finds the kept connection closed without a word: it goes again on
    # a new connection, unnoticed by the caller.
    async with RawServer(keep(OK), close(b""), keep(OK)) as server:
        assert await get_all(client, server, 2) == [b"hello"] * 2
    assert server.connections == 2 and len(server.heads) == 3


async def test_fresh_connection_closed_before_a_response_is_not_retried(client: httpx.AsyncClient) -> None:
    async with RawServer(close(b"")) as server:
        with pytest.raises(httpx.RemoteProtocolError, match="Server disconnected without sending a response"):
            await client.get(server.url())
    assert server.connections == 1


async def test_reset_before_a_response(client: httpx.AsyncClient) -> None:
    async with RawServer((b"", "reset")) as server:
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            await client.get(server.url())


@pytest.mark.parametrize(
    ("reply", "then"),
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", "close", id="content-length"),
        pytest.param(CHUNKED + b"5\r\nhello\r\n", "close", id="chunked"),
        pytest.param(CHUNKED + b"50\r\nhel", "close", id="in-chunk"),
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", "reset", id="reset"),
    ],
)
async def test_truncated_body_raises_in_the_stream(
    client: httpx.AsyncClient, reply: bytes, then: str
) -> None:
    async with RawServer((reply, then)) as server, client.stream("GET", server.url()) as response:
        assert response.status_code == 200  # the head came whole
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            async for _ in response.aiter_raw():
                pass


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(b"HTTP/1.1 OK\r\n\r\n", id="no-status-code"),
        pytest.param(b"ICY 200 OK\r\n\r\n", id="not-http"),
        pytest.param(b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", id="header-without-colon"),
        pytest.param(b"HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n", id="space-before-colon"),
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello", id="two-lengths"),
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", id="signed-length"),
        pytest.param(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * MAX_HEAD + b"\r\n\r\n", id="head-over-64KB"),
    ],
)
async def test_malformed_heads(client: httpx.AsyncClient, reply: bytes) -> None:
    async with RawServer(keep(reply)) as server:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(server.url())


async def test_head_just_under_the_limit(client: httpx.AsyncClient) -> None:
    filler = b"a" * (MAX_HEAD - 100)
    reply = b"HTTP/1.1 200 OK\r\nX-Big: " + filler + b"\r\nContent-Length: 5\r\n\r\nhello"
    async with RawServer(keep(reply)) as server:
        response = await client.get(server.url())
    assert response.content == b"hello" and response.headers["x-big"] == filler.decode()


async def test_bad_chunk_size(client: httpx.AsyncClient) -> None:
    reply = CHUNKED + b"0x5\r\nhello\r\n0\r\n\r\n"
    async with RawServer(keep(reply)) as server:
        with pytest.raises(httpx.RemoteProtocolError, match="chunk size"):
            await client.get(server.url())


async def test_response_closed_early_closes_its_connection(client: httpx.AsyncClient) -> None:
    big = b"HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + b"x" * 300_000
    async with RawServer(keep(big), keep(OK)) as server:
        async with client.stream("GET", server.url()) as response:
            async for _ in response.aiter_raw():
                break  # the rest is never read
        assert (await client.get(server.url())).content == b"hello"
    assert server.connections == 2


async def test_aclose_closes_idle_connections() -> None:
    transport = WireTransport()
    async with RawServer(keep(OK)) as server:
        async with httpx.AsyncClient(transport=transport) as http:
            await http.get(server.url())
            assert not server.closed.is_set()
        await asyncio.wait_for(server.closed.wait(), 1)  # the server saw the connection end


async def test_timeouts_and_refusal() -> None:
    slow = httpx.AsyncClient(transport=WireTransport(), timeout=0.2)
    async with RawServer((b"", "hang")) as server, slow:
        with pytest.raises(httpx.ReadTimeout):
            await slow.get(server.url())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens: refused
    async with httpx.AsyncClient(transport=WireTransport()) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(f"http://127.0.0.1:{port}/")


async def test_connect_to_extension_pins_the_address() -> None:
    transport = WireTransport()
    async with RawServer(keep(OK)) as server:
        pin = {"connect_to": ("127.0.0.1", server.port)}
        response = await transport.handle_async_request(
            httpx.Request("GET", "http://portal.test/x", extensions=pin)
        )
        assert await response.aread() == b"hello"
        await transport.aclose()
    assert b"Host: portal.test\r\n" in server.heads[0]


def tls_contexts(host: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server, client) contexts: a self-signed certificate for ``host``, trusted by the client."""
    pytest.importorskip("cryptography")  # comes with Scrapy, a dev dependency
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "cert.pem").write_bytes(pem)
        (Path(tmp) / "key.pem").write_bytes(key_pem)
        server.load_cert_chain(Path(tmp) / "cert.pem", Path(tmp) / "key.pem")
    client = ssl.create_default_context(cadata=pem.decode())
    return server, client


async def test_https_through_guarded_transport_with_sni() -> None:
    server_tls, client_tls = tls_contexts("portal.test")
    seen: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(OK)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_tls)
    port = server.sockets[0].getsockname()[1]
    transport = GuardedTransport(
        allow_private=True,
        resolve={"portal.test": f"127.0.0.1:{port}"},
        inner_factory=lambda: WireTransport(ssl_context=client_tls),
    )
    async with server, httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("https://portal.test/tin-tuc")).content == b"hello"
        # The certificate names portal.test: another SNI host fails verification.
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED|certificate"):
            bad = WireTransport(ssl_context=client_tls)
            pin = {"connect_to": ("127.0.0.1", port), "sni_hostname": "other.test"}
            await bad.handle_async_request(httpx.Request("GET", "https://other.test/", extensions=pin))
    assert seen[0].startswith(b"GET /tin-tuc HTTP/1.1\r\n") and b"Host: portal.test\r\n" in seen[0]
