"""Crawl settings and site descriptions, with named, polite defaults.

Every default below is documented where it is defined; ``tests/scrape`` checks that each
field of ``CrawlSettings`` has a comment. Values are validated when the object is built,
so a bad config fails at load time with a ConfigError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import ConfigError

DEFAULT_USER_AGENT = "commune-news/0.1 (+https://github.com/commune-news/commune-news)"


@dataclass(frozen=True)
class CrawlSettings:
    """How the crawler behaves towards every site (politeness, limits, safety)."""

    # Sent on every request; names the project and where to complain.
    user_agent: str = DEFAULT_USER_AGENT
    # Seconds of quiet between two requests to one host (end of one to start of the next);
    # raised to the robots.txt Crawl-delay when that is larger. SiteSpec.delay overrides it.
    delay: float = 1.0
    # Global limit of requests in flight; each host still gets one request at a time.
    concurrency: int = 8
    # Seconds to open a connection.
    connect_timeout: float = 10.0
    # Seconds to wait for each chunk of the response.
    read_timeout: float = 30.0
    # Seconds for one whole attempt, body included, so a server dripping bytes cannot hang us.
    total_timeout: float = 120.0
    # Bodies larger than this (after content decoding) are abandoned: 10 MB.
    max_body_bytes: int = 10_000_000
    # Redirect hops followed per URL, only among the site's hosts.
    max_redirects: int = 5
    # Extra attempts on connection errors, timeouts, 5xx and 429.
    retries: int = 2
    # First backoff in seconds; doubles each attempt, plus up to the same again in jitter.
    backoff: float = 1.0
    # Longest wait honoured from a Retry-After header, in seconds.
    max_retry_after: float = 60.0
    # Requests per host in one run; the rest stay pending for the next run.
    max_pages_per_host: int = 5000
    # Listing pages followed from a start URL (start URL = depth 0).
    max_depth: int = 50
    # Listing URLs per host and path that differ only in their query string (calendar and
    # filter traps); the rest are recorded as skipped. Articles are not capped this way,
    # since on ASP.NET and Liferay portals the query is an article's identity.
    max_query_variants: int = 500
    # Seconds a run may take (0: no limit). Then it stops taking URLs, as on SIGTERM, and
    # what is left stays pending for the next run: a cron slot is never overrun.
    max_run_seconds: float = 0.0
    # Seconds before a URL that failed for a transient reason is due again; doubles with
    # each consecutive failure, up to a week. A run before that leaves it alone.
    retry_failed_after: float = 3600.0
    # Loopback, private and link-local addresses are refused unless this is True.
    allow_private: bool = False
    # Hosts whose TLS certificate is not checked (sites with verify_tls = false add theirs).
    unverified_hosts: tuple[str, ...] = ()
    # host -> "ADDRESS:PORT" to connect to instead of resolving the host (like curl --resolve);
    # the URL and Host header keep the original host.
    resolve: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        positive = {
            "concurrency": self.concurrency,
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "max_body_bytes": self.max_body_bytes,
            "max_pages_per_host": self.max_pages_per_host,
            "max_query_variants": self.max_query_variants,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ConfigError(f"CrawlSettings.{name} must be greater than 0, not {value}.")
        non_negative = {
            "delay": self.delay,
            "max_redirects": self.max_redirects,
            "retries": self.retries,
            "backoff": self.backoff,
            "max_retry_after": self.max_retry_after,
            "max_depth": self.max_depth,
            "retry_failed_after": self.retry_failed_after,
            "max_run_seconds": self.max_run_seconds,
        }
        for name, value in non_negative.items():
            if value < 0:
                raise ConfigError(f"CrawlSettings.{name} must be 0 or more, not {value}.")
        if not self.user_agent.strip():
            raise ConfigError("CrawlSettings.user_agent must name the crawler; it is empty.")
        if not re.search(r"https?://|@", self.user_agent):
            # Small-site admins need a way to reach whoever runs the crawler before blocking it.
            raise ConfigError(
                f"CrawlSettings.user_agent {self.user_agent!r} gives no contact; add a URL or an "
                "e-mail address, e.g. 'commune-news/0.1 (+https://example.org/crawler)'."
            )
        for host, target in self.resolve.items():
            _, _, port = target.rpartition(":")
            if not port.isdigit():
                raise ConfigError(
                    f"CrawlSettings.resolve[{host!r}] is {target!r}; write it as ADDRESS:PORT, "
                    "e.g. '127.0.0.1:8000'."
                )
        # Store hosts lower-cased so lookups match URL hosts.
        object.__setattr__(self, "resolve", {h.lower(): t for h, t in self.resolve.items()})


@dataclass(frozen=True)
class SiteSpec:
    """One portal to crawl: where to start and which links to follow.

    Allowed hosts are the hosts of ``start_urls`` plus ``extra_hosts``; redirects and links
    to any other host are refused.
    """

    # Short id, e.g. "phuocson"; stored with every page.
    name: str
    # Listing pages to start from (depth 0).
    start_urls: tuple[str, ...]
    # Regexes (re.search on the absolute URL) for listing and pagination pages.
    listing_patterns: tuple[str, ...]
    # Regexes for article pages; a URL matching both kinds is taken as an article.
    article_patterns: tuple[str, ...]
    # Per-site override of CrawlSettings.delay.
    delay: float | None = None
    # More hosts of the same site (e.g. the www. twin), besides those of start_urls.
    extra_hosts: tuple[str, ...] = ()
    # Sitemaps (XML, gzipped XML or text) to read each run, like listings.
    sitemaps: tuple[str, ...] = ()
    # RSS or Atom feeds to read each run; their items are classified by article_patterns.
    feeds: tuple[str, ...] = ()
    # Also read the sitemaps that robots.txt names, and feeds that listing pages announce.
    auto_discover: bool = True
    # Check the site's TLS certificate; false for servers with broken chains (the pages are
    # public, and the address checks still apply).
    verify_tls: bool = True

    def __post_init__(self) -> None:
        if not self.name or not re.fullmatch(r"[\w.-]+", self.name):
            raise ConfigError(
                f"SiteSpec.name {self.name!r} must be a short id of letters, digits, '.', '_' or '-'."
            )
        if not self.start_urls:
            raise ConfigError(f"Site {self.name!r} has no start_urls; give at least one.")
        for url in (*self.start_urls, *self.sitemaps, *self.feeds):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigError(f"Site {self.name!r}: URL {url!r} must be an absolute http(s) URL.")
        for kind in ("listing_patterns", "article_patterns"):
            for pattern in getattr(self, kind):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(
                        f"Site {self.name!r}: {kind} entry {pattern!r} is not a valid regex ({exc})."
                    ) from None
        if self.delay is not None and self.delay < 0:
            raise ConfigError(f"Site {self.name!r}: delay must be 0 or more, not {self.delay}.")

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Lower-cased host names this site may be fetched from."""
        hosts = {urlsplit(u).hostname or "" for u in self.start_urls}
        hosts.update(h.lower() for h in self.extra_hosts)
        return frozenset(h for h in hosts if h)
