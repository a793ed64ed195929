"""Crawl sites into the archive: politely, incrementally, resumably.

One run, per site:

1. The start URLs and every known listing URL are queued again; known articles are not,
   unless they are still pending or failed for a reason worth retrying. New articles are.
2. Each host gets one worker task that takes its URLs in order; before the first request
   to an origin, robots.txt is read through the same fetcher (RFC 9309 rules in
   ``robots.py``). The fetcher spaces requests per host and caps global concurrency.
3. Listing pages are fetched with If-None-Match / If-Modified-Since from stored state;
   their links are classified by the site's patterns and queued. Article pages are stored,
   never mined. Redirects are followed hop by hop, only among the site's hosts.
4. Every response is committed at once, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin

import httpx

from .archive import Archive, UrlState
from .decode import decode_html, is_html
from .errors import ConfigError, FetchError, UnsafeURL
from .fetcher import Fetcher, FetchResult, utc_now
from .links import find_links
from .robots import RobotsPolicy, policy_from_response
from .settings import CrawlSettings, SiteSpec
from .urls import canonicalize, host_of, is_http, origin_of, strip_tracking

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirect failures that make a robots.txt "unavailable" in RFC 9309's 4xx sense.
_UNFOLLOWED_REDIRECT = frozenset({"offsite_redirect", "too_many_redirects", "bad_redirect"})
_UNAVAILABLE = "robots_unavailable"
# Refusals decided before any request was sent: they do not use up a page budget.
_NOT_SENT = frozenset({"robots_disallowed", _UNAVAILABLE, "unsafe_address"})

# Failure reasons that another try will not fix: such articles are not queued again.
# (Listings are always fetched again, whatever happened to them; so are articles refused
# as unsafe, since that costs no request and allow_private may have changed.)
PERMANENT_REASONS = frozenset(
    {
        "too_large",
        "bad_url",
        "bad_redirect",
        "offsite_redirect",
        "too_many_redirects",
        "decoding_error",
    }
)

Log = Callable[[str], None]


@dataclass
class SiteSummary:
    """What one run did for one site."""

    name: str
    fetched: int = 0  # responses received (any status), robots.txt not counted
    new: int = 0  # pages stored for the first time
    changed: int = 0  # pages whose body differs from the stored one
    unchanged: int = 0  # 304, or a body identical to the stored one
    failed: dict[str, int] = field(default_factory=dict)  # reason -> count
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (robots_disallowed)

    def line(self) -> str:
        """One plain line for logs."""
        failed = sum(self.failed.values())
        details = ", ".join(f"{k} {v}" for k, v in sorted(self.failed.items()))
        skipped = sum(self.skipped.values())
        return (
            f"{self.name}: fetched {self.fetched}, new {self.new}, changed {self.changed}, "
            f"unchanged {self.unchanged}, failed {failed}"
            + (f" ({details})" if details else "")
            + (f", skipped {skipped}" if skipped else "")
        )


@dataclass
class CrawlSummary:
    """What one run did, site by site."""

    run_id: int
    sites: list[SiteSummary]
    started_at: str
    finished_at: str

    @property
    def failed(self) -> int:
        """Number of URLs that failed in this run, all sites together."""
        return sum(sum(s.failed.values()) for s in self.sites)

    @property
    def fetched(self) -> int:
        """Number of responses received in this run, all sites together."""
        return sum(s.fetched for s in self.sites)


@dataclass
class _Site:
    """A site's rules and its bookkeeping during one run."""

    spec: SiteSpec
    summary: SiteSummary
    hosts: frozenset[str]
    delay: float
    listing_res: list[re.Pattern[str]]
    article_res: list[re.Pattern[str]]
    budget: int
    seen: set[str] = field(default_factory=set)  # canonical URLs queued this run

    def classify(self, url: str) -> str | None:
        """Return "article", "listing" or None; a URL matching both is an article."""
        if any(r.search(url) for r in self.article_res):
            return "article"
        if any(r.search(url) for r in self.listing_res):
            return "listing"
        return None


@dataclass
class _Item:
    url: str  # canonical
    request_url: str
    site: _Site
    kind: str
    depth: int


def _worth_fetching(state: UrlState) -> bool:
    """Should a known URL be queued again at the start of a run?"""
    if state.kind == "listing":
        return True
    if state.state == "done":
        return False
    if state.state == "failed" and state.reason:
        if state.reason in PERMANENT_REASONS:
            return False
        # Client errors (404, 410, 403…) are permanent; 408 and 429 are not.
        if state.reason.startswith("http_4") and state.reason not in ("http_408", "http_429"):
            return False
    return True


class _Crawl:
    """The state of one run: queues and workers per host, robots per origin."""

    def __init__(
        self,
        settings: CrawlSettings,
        archive: Archive,
        fetcher: Fetcher,
        run_id: int,
        max_pages: int | None,
        log: Log,
    ) -> None:
        self.settings = settings
        self.archive = archive
        self.fetcher = fetcher
        self.run_id = run_id
        self.remaining = max_pages
        self.log = log
        self.queues: dict[str, deque[_Item]] = {}
        self.workers: dict[str, asyncio.Task[None]] = {}
        self.tasks: list[asyncio.Task[None]] = []
        self.robots: dict[str, asyncio.Task[RobotsPolicy]] = {}
        self.host_delays: dict[str, float] = {}

    # -- queueing --------------------------------------------------------------------------

    def seed(self, site: _Site) -> None:
        """Queue the start URLs, known listings and articles still worth fetching."""
        for host in site.hosts:
            # Two sites on one host: the slower delay wins.
            self.host_delays[host] = max(site.delay, self.host_delays.get(host, 0.0))
            self.fetcher.set_delay(host, self.host_delays[host])
        for url in site.spec.start_urls:
            request_url = strip_tracking(url)
            self.archive.add_url(
                canonicalize(request_url), request_url, site.spec.name, "listing", 0, self.run_id
            )
        for state in self.archive.known_urls(site.spec.name):
            if _worth_fetching(state) and host_of(state.request_url) in site.hosts:
                site.seen.add(state.url)
                self.enqueue(_Item(state.url, state.request_url, site, state.kind, state.depth))
            elif state.kind == "article":
                site.seen.add(state.url)
        self.archive.commit()

    def discover(self, site: _Site, request_url: str, kind: str, depth: int) -> None:
        """Record a link found on a listing and queue it if it is worth fetching."""
        url = canonicalize(request_url)
        if url in site.seen:
            return
        site.seen.add(url)
        state = self.archive.url_state(url)
        if state is not None:
            if state.site != site.spec.name or not _worth_fetching(state):
                return
            kind, request_url = state.kind, state.request_url
        self.archive.add_url(url, request_url, site.spec.name, kind, depth, self.run_id)
        self.enqueue(_Item(url, request_url, site, kind, depth))

    def enqueue(self, item: _Item) -> None:
        """Append to the host's queue, starting a worker for the host if none runs."""
        host = host_of(item.request_url)
        self.queues.setdefault(host, deque()).append(item)
        if host not in self.workers:
            task = asyncio.ensure_future(self._work(host))
            self.workers[host] = task
            self.tasks.append(task)

    async def run(self) -> None:
        """Work until every queue is empty; a bug in one worker stops the run."""
        while pending := [t for t in self.tasks if not t.done()]:
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                error = task.exception()
                if error is not None:
                    for other in self.tasks:
                        other.cancel()
                    raise error

    async def _work(self, host: str) -> None:
        queue = self.queues[host]
        while queue:
            await self._handle(queue.popleft())
        # No await between the empty check and here, so enqueue() cannot miss this exit.
        del self.workers[host]

    # -- robots ----------------------------------------------------------------------------

    async def policy(self, site: _Site, url: str) -> RobotsPolicy:
        """robots.txt rules for the origin of ``url``, fetched once per run."""
        origin = origin_of(url)
        task = self.robots.get(origin)
        if task is None:
            task = self.robots[origin] = asyncio.ensure_future(self._load_robots(site, origin))
        return await task

    async def _load_robots(self, site: _Site, origin: str) -> RobotsPolicy:
        url = f"{origin}/robots.txt"
        try:
            result, final_url = await self._follow(site, url, {}, robots=True)
        except _Refused as refused:
            if refused.reason in _UNFOLLOWED_REDIRECT:
                # RFC 9309 §2.3.1.2: robots.txt not reachable through redirects counts as
                # unavailable in the 4xx sense, which allows everything.
                self.log(f"--- robots    {url} ({refused.reason}: everything allowed)")
                return RobotsPolicy(origin, None)
            self.log(f"--- robots    {url} ({refused.reason}: nothing fetched from this host)")
            # An unsafe address is reported as such; any other failure is RFC 9309's
            # "unreachable", retried next run.
            reason = refused.reason if refused.reason == "unsafe_address" else None
            return RobotsPolicy(origin, None, unavailable=True, reason=reason or _UNAVAILABLE)
        self.archive.record_robots(canonicalize(url), site.spec.name, result, self.run_id)
        self.archive.commit()
        policy = policy_from_response(origin, result.status, result.body)
        host = host_of(url)
        crawl_delay = policy.crawl_delay(self.settings.user_agent)
        if crawl_delay is not None and crawl_delay > self.fetcher.delay_of(host):
            self.fetcher.set_delay(host, crawl_delay)
        if policy.unavailable:
            note = "unavailable: nothing fetched from this host this run"
        elif policy.parser is None:
            note = "no rules: everything allowed"
        else:
            note = f"rules read, delay {self.fetcher.delay_of(host):g} s"
        self.log(f"{result.status} robots    {final_url} ({note})")
        return policy

    # -- fetching --------------------------------------------------------------------------

    async def _follow(
        self, site: _Site, url: str, headers: dict[str, str], *, robots: bool = False
    ) -> tuple[FetchResult, str]:
        """Fetch ``url``, following redirects among the site's hosts. Returns the last
        response and its URL; raises _Refused with a reason when it cannot."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if host_of(current) not in site.hosts:
                raise _Refused("offsite_redirect", current)
            if not robots:
                policy = await self.policy(site, current)
                if not policy.allows(current, self.settings.user_agent):
                    if policy.unavailable:
                        raise _Refused(policy.reason, current, state="failed")
                    raise _Refused("robots_disallowed", current, state="skipped")
            try:
                result = await self.fetcher.fetch(current, headers)
            except UnsafeURL as exc:
                raise _Refused("unsafe_address", current) from exc
            except FetchError as exc:
                raise _Refused(exc.reason, current) from exc
            if result.status not in REDIRECT_STATUSES:
                return result, current
            if not result.location:
                return result, current  # a 3xx without Location: recorded as a failure
            try:
                current = strip_tracking(urljoin(current, result.location))
            except ValueError:
                raise _Refused("bad_redirect", result.location) from None
            if not is_http(current):
                raise _Refused("bad_redirect", current)
        raise _Refused("too_many_redirects", current)

    async def _handle(self, item: _Item) -> None:
        site = item.site
        if site.budget <= 0 or self.remaining == 0:
            return  # stays pending for the next run
        site.budget -= 1
        if self.remaining is not None:
            self.remaining -= 1
        state = self.archive.url_state(item.url)
        headers: dict[str, str] = {}
        if state is not None and state.content_hash and self.archive.has_page(item.url):
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
        try:
            result, final_url = await self._follow(site, item.request_url, headers)
        except _Refused as refused:
            self._refused(item, refused)
            return
        site.summary.fetched += 1
        status = result.status
        if status == 304 and not headers:
            status = 0  # 304 to a request that was not conditional: nothing to keep
        if status == 304 or 200 <= status < 300:
            outcome = self.archive.record_response(
                item.url,
                result,
                final_url=final_url,
                run_id=self.run_id,
                not_modified=status == 304,
            )
            setattr(site.summary, outcome, getattr(site.summary, outcome) + 1)
            if item.kind == "listing":
                self._mine(item, result, final_url)
            line = f"{status} {outcome:<9} {item.request_url}"
        else:
            reason = f"http_{result.status}"
            self.archive.mark(item.url, "failed", reason, self.run_id, result.status, final_url)
            _count(site.summary.failed, reason)
            line = f"{result.status} failed    {item.request_url} ({reason})"
        self.archive.commit()  # the page and the links it led to, together
        self.log(line)

    def _refused(self, item: _Item, refused: _Refused) -> None:
        summary = item.site.summary
        if refused.reason in _NOT_SENT:
            item.site.budget += 1
            if self.remaining is not None:
                self.remaining += 1
        self.archive.mark(item.url, refused.state, refused.reason, self.run_id)
        _count(summary.skipped if refused.state == "skipped" else summary.failed, refused.reason)
        self.archive.commit()
        self.log(f"--- {refused.state:<9} {item.request_url} ({refused.reason})")

    def _mine(self, item: _Item, result: FetchResult, final_url: str) -> None:
        """Queue the listing and article links of a listing page."""
        body, content_type = result.body, result.content_type
        if result.status == 304:  # unchanged: mine the stored copy, the patterns may be new
            stored = self.archive.page(item.url)
            if stored is None:
                return
            body, content_type, final_url = stored.body, stored.content_type, stored.final_url
        if not is_html(content_type, body):
            return
        site = item.site
        for link in find_links(decode_html(body, content_type), final_url):
            request_url = strip_tracking(link)
            if not is_http(request_url) or host_of(request_url) not in site.hosts:
                continue
            kind = site.classify(request_url)
            depth = item.depth + 1
            if kind == "article" or (kind == "listing" and depth <= self.settings.max_depth):
                self.discover(site, request_url, kind, depth)


class _Refused(Exception):
    """A URL that could not be fetched; ``state`` is what the archive records."""

    def __init__(self, reason: str, url: str, state: str = "failed") -> None:
        super().__init__(f"{url}: {reason}")
        self.reason = reason
        self.url = url
        self.state = state


def _count(counter: dict[str, int], reason: str) -> None:
    counter[reason] = counter.get(reason, 0) + 1


def _make_site(spec: SiteSpec, settings: CrawlSettings) -> _Site:
    return _Site(
        spec=spec,
        summary=SiteSummary(spec.name),
        hosts=spec.allowed_hosts,
        delay=settings.delay if spec.delay is None else spec.delay,
        listing_res=[re.compile(p) for p in spec.listing_patterns],
        article_res=[re.compile(p) for p in spec.article_patterns],
        budget=settings.max_pages_per_site,
    )


async def crawl_async(
    sites: Sequence[SiteSpec],
    settings: CrawlSettings,
    archive: Archive,
    *,
    max_pages: int | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    log: Log | None = None,
    config: str | None = None,
) -> CrawlSummary:
    """The crawl itself, for callers already inside an event loop. See ``crawl``."""
    say: Log = log or (lambda line: None)
    names = [spec.name for spec in sites]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"Site names must be unique; repeated: {', '.join(duplicates)}.")
    states = [_make_site(spec, settings) for spec in sites]
    started_at = utc_now()
    run_id = archive.start_run(config, started_at)
    async with Fetcher(settings, transport) as fetcher:
        run = _Crawl(settings, archive, fetcher, run_id, max_pages, say)
        for site in states:
            run.seed(site)
        await run.run()
    summaries = [s.summary for s in states]
    for summary in summaries:
        say(summary.line())
    finished_at = archive.finish_run(run_id, {s.name: asdict(s) for s in summaries})
    return CrawlSummary(run_id, summaries, started_at, finished_at)


def crawl(
    sites: Sequence[SiteSpec],
    settings: CrawlSettings,
    archive: Archive,
    *,
    max_pages: int | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    log: Log | None = None,
    config: str | None = None,
) -> CrawlSummary:
    """Crawl ``sites`` into ``archive`` and return what was done.

    ``max_pages`` caps the pages fetched in this run over all sites (the rest stay pending
    for the next run). ``transport`` replaces the network (tests pass
    ``httpx.MockTransport``; the address checks of ``GuardedTransport`` are then skipped).
    ``log`` receives one plain line per fetch and one per site. ``config`` is stored in
    the ``runs`` table as given. The caller holds ``archive.lock()``.
    """
    return asyncio.run(
        crawl_async(
            sites,
            settings,
            archive,
            max_pages=max_pages,
            transport=transport,
            log=log,
            config=config,
        )
    )


__all__ = ["CrawlSummary", "SiteSummary", "crawl", "crawl_async"]
