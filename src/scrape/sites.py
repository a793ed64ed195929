"""A site during one run: its rules and bookkeeping, and the items queued for its hosts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .settings import CrawlSettings, SiteSpec
from .summary import SiteSummary


@dataclass
class SiteRun:
    """A site's rules and its bookkeeping during one run."""

    spec: SiteSpec
    summary: SiteSummary
    hosts: frozenset[str]
    delay: float
    listing_res: list[re.Pattern[str]]
    article_res: list[re.Pattern[str]]
    seen: set[str] = field(default_factory=set)  # canonical URLs queued this run
    variants: Counter[tuple[str, str]] = field(default_factory=Counter)  # listing URLs per host+path

    def classify(self, url: str) -> str | None:
        """Return "article", "listing" or None; a URL matching both is an article."""
        if any(r.search(url) for r in self.article_res):
            return "article"
        if any(r.search(url) for r in self.listing_res):
            return "listing"
        return None


@dataclass
class QueueItem:
    """A URL waiting in its host's queue."""

    url: str  # canonical
    request_url: str
    site: SiteRun
    kind: str
    depth: int


def tally(counter: dict[str, int], reason: str) -> None:
    """Count one more ``reason`` in a summary's failed or skipped counter."""
    counter[reason] = counter.get(reason, 0) + 1


def make_site_run(spec: SiteSpec, settings: CrawlSettings) -> SiteRun:
    """A site's run state, from its spec and the crawl settings."""
    return SiteRun(
        spec=spec,
        summary=SiteSummary(spec.name),
        hosts=spec.allowed_hosts,
        delay=settings.delay if spec.delay is None else spec.delay,
        listing_res=[re.compile(p) for p in spec.listing_patterns],
        article_res=[re.compile(p) for p in spec.article_patterns],
    )
