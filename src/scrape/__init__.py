"""scrape: fetch commune news portals politely and incrementally into a raw page archive.

Knows nothing of extraction: ``extract`` reads what this package stores.

    from scrape import Archive, CrawlSettings, SiteSpec, crawl
    archive = Archive("data/archive.db")
    with archive.lock():
        summary = crawl([site], CrawlSettings(), archive, log=print)
    for page in archive.iter_pages("article"): ...
"""

from .archive import Archive, StoredPage, UrlState
from .crawler import CrawlSummary, SiteSummary, crawl, crawl_async
from .decode import decode_html, is_html
from .errors import (
    ArchiveError,
    ArchiveLocked,
    BodyTooLarge,
    ConfigError,
    FetchError,
    ScrapeError,
    UnsafeURL,
)
from .fetcher import Fetcher, FetchResult
from .settings import CrawlSettings, SiteSpec
from .transport import GuardedTransport
from .urls import canonicalize, strip_tracking
from .warc import WarcExport, WarcExportError, export_warc

__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveLocked",
    "BodyTooLarge",
    "ConfigError",
    "CrawlSettings",
    "CrawlSummary",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "GuardedTransport",
    "ScrapeError",
    "SiteSpec",
    "SiteSummary",
    "StoredPage",
    "UnsafeURL",
    "UrlState",
    "WarcExport",
    "WarcExportError",
    "canonicalize",
    "crawl",
    "crawl_async",
    "decode_html",
    "export_warc",
    "is_html",
    "strip_tracking",
]
