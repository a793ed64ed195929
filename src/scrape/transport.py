"""The network transport: decides which address a request connects to, and refuses bad ones.

``GuardedTransport`` is the transport of ``fetcher.Fetcher``, over ``wire.WireTransport``:

* a host listed in ``CrawlSettings.resolve`` connects to the mapped ``ADDRESS:PORT``
  (like ``curl --resolve``) while the URL, the Host header and TLS SNI keep the host name;
* any other host is resolved here, every address it resolves to is checked, and the
  request is pinned to the checked address, so a second DNS answer cannot slip past
  (``extensions["connect_to"]`` for WireTransport, the URL's host for other transports);
* loopback, private, link-local and other non-global addresses raise UnsafeURL unless
  ``allow_private`` is set.

Tests that inject ``httpx.MockTransport`` bypass this layer: nothing is connected to.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from collections.abc import Callable, Mapping

import httpx

from .errors import UnsafeURL
from .wire import WireTransport

_DEFAULT_PORTS = {"http": 80, "https": 443}


def check_address(address: str, url: str, allow_private: bool) -> None:
    """Raise UnsafeURL when ``address`` is not a public address and private ones are off."""
    if allow_private:
        return
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        raise UnsafeURL(url, f"{address!r} is not an IP address.") from None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast:
        raise UnsafeURL(
            url,
            f"it resolves to {ip}, a loopback, private or reserved address. "
            "Set allow_private=True only for local test servers.",
        )


def split_address(target: str) -> tuple[str, int]:
    """``"127.0.0.1:8000"`` or ``"[::1]:8000"`` -> (address, port)."""
    address, _, port = target.rpartition(":")
    return address.strip("[]"), int(port)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context (certifi's CA bundle) shared by every pool. Building one
    takes tens of milliseconds of CPU inside the event loop; once per new host, it stalled
    a crawl starting many hosts at once long enough for in-flight reads to time out."""
    return httpx.create_ssl_context(trust_env=False)


@functools.cache
def _unverified_ssl_context() -> ssl.SSLContext:
    """For sites configured with ``verify_tls = false``: many commune servers send an
    incomplete chain or an expired certificate, and their pages are public anyway."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _default_inner(unverified: bool = False) -> httpx.AsyncBaseTransport:
    # One small pool per host: the crawler never has two requests in flight to one host.
    # WireTransport, not httpx.AsyncHTTPTransport: httpcore, anyio and h11 cost more CPU
    # per page than the rest of the crawl (see wire.py).
    context = _unverified_ssl_context() if unverified else _ssl_context()
    return WireTransport(ssl_context=context, max_idle=2)


class GuardedTransport(httpx.AsyncBaseTransport):
    """Resolve, check and pin the address of every request, then hand it to the inner
    transport (``wire.WireTransport`` by default)."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolve: Mapping[str, str] | None = None,
        inner_factory: Callable[[], httpx.AsyncBaseTransport] = _default_inner,
        unverified_hosts: frozenset[str] = frozenset(),
    ) -> None:
        self._allow_private = allow_private
        self._unverified = frozenset(h.lower() for h in unverified_hosts)
        self._resolve = {h.lower(): t for h, t in (resolve or {}).items()}
        self._inner_factory = inner_factory
        # One inner transport per host name, so pinned connections are never shared
        # between two virtual hosts on the same address (TLS SNI differs).
        self._inner: dict[str, httpx.AsyncBaseTransport] = {}

    async def _lookup(self, request: httpx.Request, host: str, port: int) -> str:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:  # already an address
            check_address(host, str(request.url), self._allow_private)
            return host
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpx.ConnectError(f"Cannot resolve {host}: {exc}", request=request) from exc
        addresses = [str(info[4][0]) for info in infos]
        if not addresses:
            raise httpx.ConnectError(f"{host} has no address.", request=request)
        for address in addresses:
            check_address(address, str(request.url), self._allow_private)
        return addresses[0]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` to its checked (or overridden) address, Host header unchanged."""
        host = request.url.raw_host.decode("ascii").lower()
        port = request.url.port or _DEFAULT_PORTS.get(request.url.scheme, 80)
        if host in self._resolve:
            address, port = split_address(self._resolve[host])
            check_address(address, str(request.url), self._allow_private)
        else:
            address = await self._lookup(request, host, port)
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions.setdefault("sni_hostname", host)
        inner = self._inner.get(host)
        if inner is None:
            if host in self._unverified and self._inner_factory is _default_inner:
                inner = self._inner[host] = _default_inner(unverified=True)
            else:
                inner = self._inner[host] = self._inner_factory()
        if isinstance(inner, WireTransport):
            # It connects where "connect_to" says, so the URL is kept: rebuilding it around
            # the address is a full httpx URL parse, some 50 µs of CPU per request.
            extensions["connect_to"] = (address, port)
            url = request.url
        else:
            url = request.url.copy_with(host=address, port=port)
        pinned = httpx.Request(
            request.method,
            url,
            headers=request.headers,  # carries Host: the original name
            stream=request.stream,
            extensions=extensions,
        )
        return await inner.handle_async_request(pinned)

    async def aclose(self) -> None:
        """Close the per-host transports."""
        for inner in self._inner.values():
            await inner.aclose()
        self._inner.clear()
