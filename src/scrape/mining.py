"""Mining fetched listings, sitemaps and feeds for the URLs they lead to."""

from __future__ import annotations

from .archive import Archive
from .decode import decode_html, is_html
from .discovery import is_pagination, looks_like_feed, parse_feed, parse_sitemap
from .fetcher import FetchResult
from .links import scan_listing
from .settings import CrawlSettings
from .sites import QueueItem, SiteRun
from .urls import canonicalize, host_of, is_http, strip_tracking


class ListingMiner:
    """Mixed into the crawl: turns a listing's links into queued URLs via ``discover``."""

    archive: Archive
    settings: CrawlSettings
    run_id: int

    def discover(
        self, site: SiteRun, request_url: str, kind: str, depth: int, *, revisit: bool = True
    ) -> bool:
        """Record a link and queue it if it is worth fetching (the crawl implements this)."""
        raise NotImplementedError

    def _skip(self, site: SiteRun, url: str, reason: str) -> None:
        """Record a URL as skipped for ``reason`` (the crawl implements this)."""
        raise NotImplementedError

    def _mine(self, item: QueueItem, result: FetchResult, final_url: str) -> None:
        """Queue what a listing, sitemap or feed links to."""
        body, content_type = result.body, result.content_type
        if result.status == 304:  # unchanged: mine the stored copy, the patterns may be new
            stored = self.archive.page(item.url)
            if stored is None:
                return
            body, content_type, final_url = stored.body, stored.content_type, stored.final_url
        site, depth = item.site, item.depth + 1
        if item.kind == "sitemap" or (item.kind == "feed" and looks_like_feed(content_type, body)):
            if item.kind == "sitemap":
                pages, nested = parse_sitemap(body, final_url)
                for url in nested:
                    self._offer(site, url, "sitemap", depth)
            else:
                pages = parse_feed(body, final_url)
            for url in pages:
                kind = site.classify(strip_tracking(url))
                if kind is not None:
                    self._offer(site, url, kind, depth)
            return
        if not is_html(content_type, body):
            return
        scan = scan_listing(decode_html(body, content_type), final_url)
        listings: list[str] = []
        new_articles = 0
        for link in scan.links:
            kind = site.classify(strip_tracking(link))
            if kind is None and is_pagination(link, final_url):
                kind = "listing"
            if kind == "article":
                new_articles += self._offer(site, link, "article", depth)
            elif kind == "listing":
                listings.append(link)
        if depth <= self.settings.max_depth:
            for link in listings:
                # A page that brought nothing new ends its list: known later pages are left alone.
                revisit = new_articles > 0 or not is_pagination(link, final_url)
                self._offer(site, link, "listing", depth, revisit=revisit)
        if site.spec.auto_discover:
            for feed in scan.feeds:
                self._offer(site, feed, "feed", depth)
        if scan.postback_pager:
            self._record_postback_pager(item, final_url)

    def _offer(self, site: SiteRun, link: str, kind: str, depth: int, *, revisit: bool = True) -> bool:
        request_url = strip_tracking(link)
        if not is_http(request_url) or host_of(request_url) not in site.hosts:
            return False
        return self.discover(site, request_url, kind, depth, revisit=revisit)

    def _record_postback_pager(self, item: QueueItem, final_url: str) -> None:
        """A pager that only works by form postback: pages past the first are out of reach
        without a browser. Recorded once per listing, so the gap shows in the archive."""
        url = canonicalize(final_url) + "#postback-pager"
        if url in item.site.seen:
            return
        item.site.seen.add(url)
        if self.archive.url_state(url) is None:
            self.archive.add_url(url, final_url, item.site.spec.name, "listing", item.depth + 1, self.run_id)
            self._skip(item.site, url, "postback_pager")
