"""Crawl sites into the archive: politely, incrementally, resumably.

One run, per site:

1. Start URLs, sitemaps and feeds are queued, with known URLs still worth fetching
   (``frontier.py`` has the rules of incremental crawling).
2. Each host gets one worker task that takes its URLs in order; before the first request
   to an origin, robots.txt is read through the same fetcher (RFC 9309 rules in
   ``robots.py``), and the sitemaps it names are queued. The fetcher spaces requests per
   host and caps global concurrency.
3. Listings, sitemaps and feeds are fetched conditionally (ETag / Last-Modified) and mined
   (``mining.py``): links are classified by the site's patterns, pagination is recognised by
   itself (``discovery.py``), postback-only pagers are recorded as unreachable. Article pages are
   stored, never mined. Redirects are followed hop by hop, only among the site's hosts.
4. Every response is committed at once, so a run killed at any moment resumes where it
   stopped. SIGINT/SIGTERM stop taking new URLs, let requests in flight finish, and return.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict
from urllib.parse import urljoin

import httpx

from .archive import Archive
from .discovery import variant_key
from .errors import ConfigError, FetchError, UnsafeURL
from .fetcher import Fetcher, FetchResult, utc_now
from .frontier import LISTING_KINDS, is_permanent, retry_due_at, worth_revisiting, worth_seeding
from .mining import ListingMiner
from .robots import RobotsPolicy, policy_from_response
from .settings import CrawlSettings, SiteSpec
from .sites import QueueItem, SiteRun, make_site_run, tally
from .summary import TIME_BUDGET, CrawlSummary, Progress, SiteSummary
from .urls import canonicalize, host_of, is_http, origin_of, strip_tracking

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirect failures that make a robots.txt "unavailable" in RFC 9309's 4xx sense.
_UNFOLLOWED_REDIRECT = frozenset({"offsite_redirect", "too_many_redirects", "bad_redirect", "redirect_loop"})
_UNAVAILABLE = "robots_unavailable"
# Refusals decided before any request was sent: they do not use up a page budget.
_NOT_SENT = frozenset({"robots_disallowed", _UNAVAILABLE, "unsafe_address"})
# After a stop signal, requests in flight get this long before they are cancelled.
STOP_GRACE_SECONDS = 30.0

Log = Callable[[str], None]
ProgressHook = Callable[[Progress], None]


class _Crawl(ListingMiner):
    """The state of one run: queues and workers per host, robots per origin."""

    def __init__(
        self,
        settings: CrawlSettings,
        archive: Archive,
        fetcher: Fetcher,
        run_id: int,
        max_pages: int | None,
        log: Log,
        progress: ProgressHook | None,
    ) -> None:
        self.settings = settings
        self.archive = archive
        self.fetcher = fetcher
        self.run_id = run_id
        self.remaining = max_pages
        self.log = log
        self.progress = progress
        self.now = utc_now()
        self.queues: dict[str, deque[QueueItem]] = {}
        self.workers: dict[str, asyncio.Task[None]] = {}
        self.tasks: list[asyncio.Task[None]] = []
        self.robots: dict[str, asyncio.Task[RobotsPolicy]] = {}
        self.host_delays: dict[str, float] = {}
        self.budgets: dict[str, int] = {}
        self.sites: list[SiteRun] = []
        self.handled = 0
        self.queued = 0
        self.stopped_by: str | None = None
        self.cancel_timer: asyncio.TimerHandle | None = None

    # -- queueing --------------------------------------------------------------------------

    def seed(self, site: SiteRun) -> None:
        """Queue start URLs, sitemaps, feeds, and known URLs still worth fetching."""
        self.sites.append(site)
        for host in site.hosts:
            # Two sites on one host: the slower delay wins.
            self.host_delays[host] = max(site.delay, self.host_delays.get(host, 0.0))
            self.fetcher.set_delay(host, self.host_delays[host])
        spec = site.spec
        for kind, urls in (("listing", spec.start_urls), ("sitemap", spec.sitemaps), ("feed", spec.feeds)):
            for url in urls:
                request_url = strip_tracking(url)
                canonical = canonicalize(request_url)
                self.archive.add_url(canonical, request_url, spec.name, kind, 0, self.run_id)
                if canonical not in site.seen:
                    site.seen.add(canonical)
                    self.enqueue(QueueItem(canonical, request_url, site, kind, 0))
        for state in self.archive.known_urls(spec.name):
            if state.kind in LISTING_KINDS:
                site.variants[variant_key(state.url)] += 1
            if state.url in site.seen:
                continue
            if worth_seeding(state, self.now) and host_of(state.request_url) in site.hosts:
                site.seen.add(state.url)
                self.enqueue(QueueItem(state.url, state.request_url, site, state.kind, state.depth))
            elif state.kind == "article":
                site.seen.add(state.url)  # done, or not due: found again, it is still not fetched
        self.archive.commit()

    def discover(
        self, site: SiteRun, request_url: str, kind: str, depth: int, *, revisit: bool = True
    ) -> bool:
        """Record a link and queue it if it is worth fetching; True if it is new to the archive.

        ``revisit=False`` leaves a known URL alone (a pagination page reached from a page
        that brought nothing new)."""
        url = canonicalize(request_url)
        if url in site.seen:
            return False
        state = self.archive.url_state(url)
        if state is not None:
            if state.site != site.spec.name or not revisit or not worth_revisiting(state, self.now):
                return False
            site.seen.add(url)
            self.enqueue(QueueItem(url, state.request_url, site, state.kind, state.depth))
            return False
        site.seen.add(url)
        self.archive.add_url(url, request_url, site.spec.name, kind, depth, self.run_id)
        if kind in LISTING_KINDS:
            key = variant_key(url)
            site.variants[key] += 1
            if site.variants[key] > self.settings.max_query_variants:
                self._skip(site, url, "query_variant_cap")
                return True
        self.enqueue(QueueItem(url, request_url, site, kind, depth))
        return True

    def enqueue(self, item: QueueItem) -> None:
        """Append to the host's queue, starting a worker for the host if none runs."""
        host = host_of(item.request_url)
        self.queues.setdefault(host, deque()).append(item)
        self.queued += 1
        if host not in self.workers and self.stopped_by is None:
            task = asyncio.ensure_future(self._work(host))
            self.workers[host] = task
            self.tasks.append(task)

    def _skip(self, site: SiteRun, url: str, reason: str) -> None:
        self.archive.mark(url, "skipped", reason, self.run_id)
        tally(site.summary.skipped, reason)
        self.log(f"--- skipped   {url} ({reason})")

    async def run(self) -> None:
        """Work until every queue is empty or a stop signal; a bug in one worker stops the run."""
        while pending := [t for t in self.tasks if not t.done()]:
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if task.cancelled():
                    continue  # cancelled after a stop signal: its URL stays pending
                error = task.exception()
                if error is not None:
                    for other in self.tasks:
                        other.cancel()
                    raise error

    def stop(self, why: str) -> None:
        """Take no new URLs; cancel what is still running after the grace period (or at a
        second signal). Nothing is lost: unfinished URLs stay pending."""
        if self.stopped_by is not None:
            self._cancel_all()
            return
        self.stopped_by = why
        self.log(f"--- stopping  ({why}: finishing requests in flight; again to stop at once)")
        self.cancel_timer = asyncio.get_running_loop().call_later(STOP_GRACE_SECONDS, self._cancel_all)

    def _cancel_all(self) -> None:
        for task in self.tasks:
            task.cancel()

    async def _work(self, host: str) -> None:
        queue = self.queues[host]
        while queue and self.stopped_by is None:
            self.queued -= 1
            await self._handle(queue.popleft())
            self.handled += 1
            if self.progress is not None:
                self.progress(self._progress())
        # No await between the empty check and here, so enqueue() cannot miss this exit.
        del self.workers[host]

    def _progress(self) -> Progress:
        return Progress(
            handled=self.handled,
            queued=self.queued,
            failed=sum(sum(s.summary.failed.values()) for s in self.sites),
            hosts=len(self.workers),
        )

    # -- robots ----------------------------------------------------------------------------

    async def policy(self, site: SiteRun, url: str) -> RobotsPolicy:
        """robots.txt rules for the origin of ``url``, fetched once per run."""
        origin = origin_of(url)
        task = self.robots.get(origin)
        if task is None:
            task = self.robots[origin] = asyncio.ensure_future(self._load_robots(site, origin))
        return await task

    async def _load_robots(self, site: SiteRun, origin: str) -> RobotsPolicy:
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
        policy = policy_from_response(origin, result.status, result.body)
        host = host_of(url)
        crawl_delay = policy.crawl_delay(self.settings.user_agent)
        if crawl_delay is not None and crawl_delay > self.fetcher.delay_of(host):
            self.fetcher.set_delay(host, crawl_delay)
        if site.spec.auto_discover and policy.parser is not None:
            for sitemap in policy.parser.sitemaps:
                if is_http(sitemap) and host_of(sitemap) in site.hosts:
                    self.discover(site, strip_tracking(sitemap), "sitemap", 0)
        self.archive.commit()
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
        self, site: SiteRun, url: str, headers: dict[str, str], *, robots: bool = False
    ) -> tuple[FetchResult, str]:
        """Fetch ``url``, following redirects among the site's hosts. Returns the last
        response and its URL; raises _Refused with a reason when it cannot."""
        current = url
        # Some ASP.NET portals redirect a page to itself once, after setting a session cookie
        # (the client keeps cookies), so a URL is a loop only when reached a third time.
        visits: dict[str, int] = {}
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
            if not visits:
                visits[canonicalize(url)] = 1
            hop = canonicalize(current)
            visits[hop] = visits.get(hop, 0) + 1
            if visits[hop] > 2:
                raise _Refused("redirect_loop", current)
        raise _Refused("too_many_redirects", current)

    def _take_budget(self, item: QueueItem) -> bool:
        host = host_of(item.request_url)
        budget = self.budgets.get(host, self.settings.max_pages_per_host)
        if budget <= 0 or self.remaining == 0:
            item.site.summary.pending += 1
            return False  # stays pending for the next run
        self.budgets[host] = budget - 1
        if self.remaining is not None:
            self.remaining -= 1
        return True

    def _give_back_budget(self, item: QueueItem) -> None:
        host = host_of(item.request_url)
        self.budgets[host] += 1
        if self.remaining is not None:
            self.remaining += 1

    async def _handle(self, item: QueueItem) -> None:
        if not self._take_budget(item):
            return
        site = item.site
        state = self.archive.url_state(item.url)
        headers: dict[str, str] = {}
        if (
            state is not None
            and state.content_hash
            and (state.etag or state.last_modified)
            and (self.archive.has_page(item.url))
        ):
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
        try:
            result, final_url = await self._follow(site, item.request_url, headers)
        except _Refused as refused:
            self._refused(item, refused, state.failures if state else 0)
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
                state=state,
            )
            setattr(site.summary, outcome, getattr(site.summary, outcome) + 1)
            if item.kind in LISTING_KINDS:
                self._mine(item, result, final_url)
            line = f"{status} {outcome:<9} {item.request_url}"
        else:
            reason = f"http_{result.status}"
            self._fail(item, reason, state.failures if state else 0, result.status, final_url)
            line = f"{result.status} failed    {item.request_url} ({reason})"
        self.archive.commit()  # the page and the links it led to, together
        self.log(line)

    def _fail(
        self, item: QueueItem, reason: str, failures: int, status: int | None, final_url: str | None
    ) -> None:
        due = None if is_permanent(reason) else retry_due_at(failures, self.settings.retry_failed_after)
        self.archive.mark(item.url, "failed", reason, self.run_id, status, final_url, due_at=due)
        tally(item.site.summary.failed, reason)

    def _refused(self, item: QueueItem, refused: _Refused, failures: int) -> None:
        if refused.reason in _NOT_SENT:
            self._give_back_budget(item)
        if refused.state == "skipped":
            self.archive.mark(item.url, "skipped", refused.reason, self.run_id)
            tally(item.site.summary.skipped, refused.reason)
        else:
            self._fail(item, refused.reason, failures, None, None)
        self.archive.commit()
        self.log(f"--- {refused.state:<9} {item.request_url} ({refused.reason})")


class _Refused(Exception):
    """A URL that could not be fetched; ``state`` is what the archive records."""

    def __init__(self, reason: str, url: str, state: str = "failed") -> None:
        super().__init__(f"{url}: {reason}")
        self.reason = reason
        self.url = url
        self.state = state


def _install_stop_signals(run: _Crawl) -> list[signal.Signals]:
    """Route SIGINT and SIGTERM to ``run.stop``; return those installed (none off the main thread)."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, run.stop, sig.name)
        except (RuntimeError, ValueError, NotImplementedError):
            continue  # not the main thread, or no signals here: the caller handles them
        installed.append(sig)
    return installed


async def crawl_async(
    sites: Sequence[SiteSpec],
    settings: CrawlSettings,
    archive: Archive,
    *,
    max_pages: int | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    log: Log | None = None,
    progress: ProgressHook | None = None,
    config: str | None = None,
    handle_signals: bool = True,
) -> CrawlSummary:
    """The crawl itself, for callers already inside an event loop. See ``crawl``."""
    say: Log = log or (lambda line: None)
    names = [spec.name for spec in sites]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"Site names must be unique; repeated: {', '.join(duplicates)}.")
    unverified = {h for spec in sites if not spec.verify_tls for h in spec.allowed_hosts}
    if unverified:
        settings = dataclasses.replace(
            settings, unverified_hosts=tuple(sorted(unverified | set(settings.unverified_hosts)))
        )
    states = [make_site_run(spec, settings) for spec in sites]
    started_at = utc_now()
    run_id = archive.start_run(config, started_at)
    async with Fetcher(settings, transport) as fetcher:
        run = _Crawl(settings, archive, fetcher, run_id, max_pages, say, progress)
        installed = _install_stop_signals(run) if handle_signals else []
        budget = None
        if settings.max_run_seconds:
            budget = asyncio.get_running_loop().call_later(settings.max_run_seconds, run.stop, TIME_BUDGET)
        try:
            for site in states:
                run.seed(site)
            await run.run()
        finally:
            for sig in installed:
                asyncio.get_running_loop().remove_signal_handler(sig)
            if run.cancel_timer is not None:
                run.cancel_timer.cancel()
            if budget is not None:
                budget.cancel()
    if run.stopped_by is not None:
        for site in states:  # what was queued but not handled stays pending
            site.summary.pending += sum(1 for q in run.queues.values() for i in q if i.site is site)
    summaries = [s.summary for s in states]
    for summary in summaries:
        say(summary.line())
    status = "finished" if run.stopped_by is None else "interrupted"
    counts: dict[str, object] = {s.name: asdict(s) for s in summaries}
    finished_at = archive.finish_run(run_id, counts, status)
    return CrawlSummary(run_id, summaries, started_at, finished_at, interrupted=run.stopped_by)


def crawl(
    sites: Sequence[SiteSpec],
    settings: CrawlSettings,
    archive: Archive,
    *,
    max_pages: int | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    log: Log | None = None,
    progress: ProgressHook | None = None,
    config: str | None = None,
) -> CrawlSummary:
    """Crawl ``sites`` into ``archive`` and return what was done.

    ``max_pages`` caps the pages fetched in this run over all sites (the rest stay pending
    for the next run). ``transport`` replaces the network (tests pass
    ``httpx.MockTransport``; the address checks of ``GuardedTransport`` are then skipped).
    ``log`` receives one plain line per fetch and one per site; ``progress`` a Progress
    after each URL. ``config`` is stored in the ``runs`` table as given. SIGINT and SIGTERM
    end the run early and cleanly (``CrawlSummary.interrupted``). The caller holds
    ``archive.lock()``.
    """
    return asyncio.run(
        crawl_async(
            sites,
            settings,
            archive,
            max_pages=max_pages,
            transport=transport,
            log=log,
            progress=progress,
            config=config,
        )
    )


__all__ = ["CrawlSummary", "SiteSummary", "crawl", "crawl_async"]
