"""Which URLs a run should fetch: the rules of incremental crawling, in one place.

* Start URLs, configured sitemaps and feeds, sitemaps named in robots.txt and feeds that
  listing pages announce are fetched every run: they are where new articles show up.
* Other listing pages are fetched when reached again through a listing that brought
  something new, or when a pagination page was never fetched ("stop a listing when a page
  brings nothing new"); category links found on a fetched listing are always followed.
* Articles are fetched once; later runs skip them unless they are still pending, or failed
  for a reason that another try may fix and their ``due_at`` has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .archive import UrlState

# Kinds that are mined for links rather than stored for extraction.
LISTING_KINDS = frozenset({"listing", "sitemap", "feed"})

# Failure reasons that another try will not fix.
PERMANENT_REASONS = frozenset(
    {
        "too_large",
        "bad_url",
        "bad_redirect",
        "offsite_redirect",
        "too_many_redirects",
        "redirect_loop",
        "decoding_error",
        "query_variant_cap",
        "postback_pager",
    }
)
# Longest wait before a failed URL is tried again.
MAX_RETRY_WAIT = timedelta(days=7)


def is_permanent(reason: str | None) -> bool:
    """Will another try fail the same way? Client errors do, except 408 and 429."""
    if not reason:
        return False
    if reason in PERMANENT_REASONS:
        return True
    return reason.startswith("http_4") and reason not in ("http_408", "http_429")


def is_due(state: UrlState, now: str) -> bool:
    """Has the URL's waiting time after a failure passed? (ISO 8601 UTC strings compare.)"""
    return state.due_at is None or state.due_at <= now


def worth_seeding(state: UrlState, now: str) -> bool:
    """Should a known URL be queued at the start of a run? (Configured start URLs, sitemaps
    and feeds always are; the crawler queues them itself.)"""
    if state.kind in LISTING_KINDS:
        # Listings are reached again from the start URLs; only unfinished ones resume.
        return state.state in ("pending", "failed") and not is_permanent(state.reason) and is_due(state, now)
    if state.state == "done":
        return False
    if state.state == "failed":
        return not is_permanent(state.reason) and is_due(state, now)
    return True  # pending, or skipped by robots.txt (the rules may have changed)


def worth_revisiting(state: UrlState, now: str) -> bool:
    """Should a known URL found again on a listing this run be queued?"""
    if state.kind in LISTING_KINDS:
        return not is_permanent(state.reason) and (state.state != "failed" or is_due(state, now))
    return worth_seeding(state, now)


def retry_due_at(failures: int, base_seconds: float, now: datetime | None = None) -> str:
    """When a URL that has failed ``failures`` times before is due again (doubling waits)."""
    wait = min(timedelta(seconds=base_seconds * (2 ** min(failures, 20))), MAX_RETRY_WAIT)
    return ((now or datetime.now(timezone.utc)) + wait).isoformat(timespec="seconds")
