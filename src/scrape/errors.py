"""One exception tree for the scrape package.

    ScrapeError
    ├── ConfigError        a SiteSpec or CrawlSettings value cannot work
    ├── ArchiveError       the archive file cannot be opened or used
    │   └── ArchiveLocked  another process is crawling into the same archive
    ├── UnsafeURL          a URL or address the crawler refuses to contact
    └── FetchError         a request failed for good (after retries); has ``reason``
        └── BodyTooLarge   the body went past ``max_body_bytes``

Messages are sentences that say what happened and what to do about it. Errors from httpx
are translated into FetchError in ``fetcher.py``; nothing else in the package sees them.
"""

from __future__ import annotations


class ScrapeError(Exception):
    """Base class of every error raised on purpose by ``scrape``."""


class ConfigError(ScrapeError, ValueError):
    """A site or crawl setting is invalid; the message names the field and the fix."""


class ArchiveError(ScrapeError):
    """The archive database cannot be opened, created or written."""


class ArchiveLocked(ArchiveError):
    """Another process holds the archive lock."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"The archive {path} is in use by another crawl (lock file {path}.lock is held). "
            "Wait for that crawl to finish, or point this one at another archive."
        )
        self.path = path


class UnsafeURL(ScrapeError):
    """A URL outside the allowed schemes or hosts, or one resolving to a private address."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(f"Refusing to fetch {url}: {why}")
        self.url = url
        self.why = why


class FetchError(ScrapeError):
    """A request failed after all retries.

    ``reason`` is a short machine-readable tag ("connect_error", "network_error",
    "timeout", "truncated", "too_large", "decoding_error", …; the full list is in
    ``fetcher.py``) that the crawler records in the archive and counts in its summary.
    """

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        message = f"Fetching {url} failed ({reason})"
        super().__init__(f"{message}: {detail}" if detail else f"{message}.")
        self.url = url
        self.reason = reason


class BodyTooLarge(FetchError):
    """The response body is larger than the configured cap."""

    def __init__(self, url: str, limit: int) -> None:
        super().__init__(
            url,
            "too_large",
            f"the body is larger than {limit} bytes; raise max_body_bytes if the page is wanted.",
        )
        self.limit = limit
