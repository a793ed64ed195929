"""The Scrapy side of the crawl bench (dev dependency; the only module that imports scrapy).

A plain ``scrapy.Spider`` crawls every ``bench_site`` host the way ours does: start at
``/tin-tuc?page=1``, follow same-host links that match the listing and article patterns,
mine listings only, and store every page. Storage is fair to both sides: an item pipeline
writes each page (URL, status, headers, body) to SQLite in WAL mode with
``synchronous=NORMAL`` and commits per page, as our archive does.

Settings are Scrapy's defaults except what the comparison fixes: ``CONCURRENT_REQUESTS`` =
ours, one request at a time per host, no delay, robots.txt obeyed, quiet logs. Host names
reach 127.0.0.1 through a DNS resolver that answers ``*.bench.test`` itself.

Run by ``bench_crawl`` as ``python -m pipelines.bench_scrapy --port N``; prints ``result=JSON``.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.resolver import CachingThreadedResolver
from scrapy.settings import default_settings
from twisted.internet import defer

from .bench_crawl import RESULT_PREFIX, peak_rss_mb, rss_mb, url_digest
from .bench_site import ARTICLE_PATTERN, DOMAIN, LISTING_PATTERN, host_names, start_url

_LISTING = re.compile(LISTING_PATTERN)
_ARTICLE = re.compile(ARTICLE_PATTERN)


class BenchResolver(CachingThreadedResolver):
    """Answers ``*.bench.test`` with 127.0.0.1 (like ours' ``resolve``); others as usual."""

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:  # noqa: N802 - Twisted API
        if name == DOMAIN or name.endswith("." + DOMAIN):
            return defer.succeed("127.0.0.1")
        return super().getHostByName(name, timeout)


class BenchSpider(scrapy.Spider):
    """Listings are mined for listing and article links on the same host; articles are not."""

    name = "bench"

    def __init__(self, start_urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = start_urls
        self.urls: list[str] = []

    async def start(self) -> Any:
        """Start requests go through the dupefilter, so page 1 is not fetched again when a
        later listing links to it (Scrapy's default start requests skip the filter)."""
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        """A listing page: store it, follow its listing and article links."""
        yield self._page(response, "listing")
        host = urlsplit(response.url).hostname
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href).split("#", 1)[0]
            if urlsplit(url).hostname != host:
                continue
            # A URL matching both patterns is an article, as in ours.
            if _ARTICLE.search(url):
                yield scrapy.Request(url, callback=self.parse_article)
            elif _LISTING.search(url):
                yield scrapy.Request(url, callback=self.parse)

    def parse_article(self, response: scrapy.http.Response) -> Iterator[dict[str, Any]]:
        """An article page: store it."""
        yield self._page(response, "article")

    def _page(self, response: scrapy.http.Response, kind: str) -> dict[str, Any]:
        self.urls.append(response.url)
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        return {"url": response.url, "kind": kind, "status": response.status, "headers": headers,
                "body": response.body}  # fmt: skip


class SqlitePipeline:
    """Each page into SQLite, committed at once (the same durability as our archive)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SqlitePipeline:
        return cls(crawler.settings.get("BENCH_DB"))

    def open_spider(self, spider: Any = None) -> None:
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, kind TEXT, status INTEGER,"
            " headers TEXT, body BLOB, fetched_at REAL)"
        )

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        assert self.db is not None
        self.db.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
            (item["url"], item["kind"], item["status"], json.dumps(item["headers"], ensure_ascii=False),
             item["body"], time.time()),
        )  # fmt: skip
        self.db.commit()
        return item

    def close_spider(self, spider: Any = None) -> None:
        if self.db is not None:
            self.db.close()


def run_scrapy(port: int, hosts: int, concurrency: int) -> dict[str, object]:
    """Crawl the site on ``port`` with Scrapy; return the numbers."""
    resolver = f"{__name__}.BenchResolver"
    # Recent Scrapy renamed DNS_RESOLVER to TWISTED_DNS_RESOLVER; set the one this version reads.
    dns_setting = (
        "TWISTED_DNS_RESOLVER" if hasattr(default_settings, "TWISTED_DNS_RESOLVER") else "DNS_RESOLVER"
    )
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scrapy-") as tmp:
        settings = {
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,  # ours sends one request at a time per host
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            dns_setting: resolver,
            "ITEM_PIPELINES": {f"{__name__}.SqlitePipeline": 300},
            "BENCH_DB": str(Path(tmp) / "scrapy.db"),
        }
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(BenchSpider)

        # Time the spider from open to close, not Scrapy's start-up: the generous measure.
        # (Named functions: signal receivers are held by weak reference.)
        def opened() -> None:
            times["open"], times["cpu_open"] = time.perf_counter(), time.process_time()

        def closed() -> None:
            times["close"], times["cpu_close"] = time.perf_counter(), time.process_time()

        crawler.signals.connect(opened, scrapy.signals.spider_opened)
        crawler.signals.connect(closed, scrapy.signals.spider_closed)
        rss_before = rss_mb()
        process.crawl(crawler, start_urls=[start_url(host, port) for host in host_names(hosts)])
        process.start()
    spider = cast(BenchSpider, crawler.spider)
    return {
        "pages": len(spider.urls),
        "requests": crawler.stats.get_value("downloader/request_count") if crawler.stats else None,
        "seconds": times["close"] - times["open"],
        "cpu_seconds": times["cpu_close"] - times["cpu_open"],
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "digest": url_digest(spider.urls),
        "scrapy": scrapy.__version__,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    print(RESULT_PREFIX + json.dumps(run_scrapy(args.port, args.hosts, args.concurrency)), flush=True)


if __name__ == "__main__":
    main()
