import httpx
import pytest
from scrape_server import Route, TinyServer, server_fixture  # noqa: F401 - the "server" fixture

from scrape.errors import UnsafeURL
from scrape.transport import GuardedTransport, check_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
    ],
)
def test_non_public_addresses_refused(address: str) -> None:
    with pytest.raises(UnsafeURL, match="allow_private"):
        check_address(address, "http://x/", allow_private=False)
    check_address(address, "http://x/", allow_private=True)


def test_public_address_allowed() -> None:
    check_address("203.113.131.1", "http://x/", allow_private=False)


async def test_loopback_refused_before_connecting(server: TinyServer) -> None:
    server.routes["/"] = Route("hi")
    async with httpx.AsyncClient(transport=GuardedTransport(allow_private=False)) as client:
        with pytest.raises(UnsafeURL):
            await client.get(server.url("/"))
        with pytest.raises(UnsafeURL):
            await client.get(f"http://localhost:{server.port}/")
    assert server.hits == []


async def test_resolve_override_keeps_host(server: TinyServer) -> None:
    server.routes["/x?a=1"] = Route("hello")
    transport = GuardedTransport(allow_private=True, resolve={"portal.test": f"127.0.0.1:{server.port}"})
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get("http://portal.test/x?a=1")
    assert response.text == "hello"
    assert str(response.url) == "http://portal.test/x?a=1"
    assert server.hits[0].headers["host"] == "portal.test"


async def test_unresolvable_host_is_a_connect_error() -> None:
    async with httpx.AsyncClient(transport=GuardedTransport()) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("http://no-such-host.invalid/")


async def test_other_inner_transports_get_the_address_in_the_url() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    transport = GuardedTransport(
        allow_private=True,
        resolve={"portal.test": "127.0.0.1:8081"},
        inner_factory=lambda: httpx.MockTransport(handler),
    )
    async with httpx.AsyncClient(transport=transport) as client:
        await client.get("https://portal.test/x?a=1")
    assert str(seen[0].url) == "https://127.0.0.1:8081/x?a=1"
    assert seen[0].headers["host"] == "portal.test"
    assert seen[0].extensions["sni_hostname"] == "portal.test"
    assert "connect_to" not in seen[0].extensions
