"""URL cleaning and identity.

Two different operations, on purpose:

* ``strip_tracking`` gives the URL we *request*: the URL as found, minus tracking
  parameters, otherwise untouched (some ASP.NET portals care about parameter order).
* ``canonicalize`` gives the URL's *identity* for dedupe and storage. Query parameters are
  kept (``?id=..&type=NEWS`` and ``?dinhdanh=..`` identify articles) but sorted.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that only track the visitor and never change the page.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid"})
TRACKING_PREFIXES = ("utm_",)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """Drop tracking query parameters and the fragment, keeping everything else as written."""
    parts = urlsplit(url.strip())
    pairs = [p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(pairs), ""))


def _netloc(scheme: str, host: str | None, port: int | None) -> str:
    """Lower-cased host, IPv6 in brackets, default port dropped (so are user:password@)."""
    host = (host or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"


@functools.lru_cache(maxsize=4096)  # menus and pagers repeat the same links on every page
def canonicalize(url: str) -> str:
    """Return the identity of ``url``: tracking parameters and fragment dropped, query
    sorted, path percent-encoded, host lower-cased, default port removed."""
    canonical = canonicalize_url(strip_tracking(url), keep_blank_values=True, keep_fragments=False)
    parts = urlsplit(canonical)
    scheme = parts.scheme.lower()
    netloc = _netloc(scheme, parts.hostname, parts.port)
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """Lower-cased host name of ``url`` ("" when there is none)."""
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    """``scheme://host[:port]``, the scope of one robots.txt (RFC 9309 §2.3)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{_netloc(parts.scheme, parts.hostname, parts.port)}"


def is_http(url: str) -> bool:
    """True for well-formed absolute http(s) URLs with a host (and a numeric port, if any)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme in _DEFAULT_PORTS and bool(parts.hostname)
