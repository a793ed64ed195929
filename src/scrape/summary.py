"""What a crawl did: per-site counts for the summary, the ``runs`` table and cron's exit code."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SiteSummary:
    """What one run did for one site."""

    name: str
    fetched: int = 0  # responses received (any status), robots.txt not counted
    new: int = 0  # pages stored for the first time
    changed: int = 0  # pages whose body differs from the stored one
    unchanged: int = 0  # 304, or a body identical to the stored one
    failed: dict[str, int] = field(default_factory=dict)  # reason -> count
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (robots, caps, pagers)
    pending: int = 0  # URLs left for a later run (page caps, interruption, not yet due)

    def line(self) -> str:
        """One plain line for logs."""
        return (
            f"{self.name}: fetched {self.fetched}, new {self.new}, changed {self.changed}, "
            f"unchanged {self.unchanged}, failed {_tally(self.failed)}"
            + (f", skipped {_tally(self.skipped)}" if self.skipped else "")
            + (f", pending {self.pending}" if self.pending else "")
        )


def _tally(counter: dict[str, int]) -> str:
    total = sum(counter.values())
    details = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
    return f"{total} ({details})" if details else str(total)


# CrawlSummary.interrupted when the run reached CrawlSettings.max_run_seconds.
TIME_BUDGET = "time budget"


@dataclass
class CrawlSummary:
    """What one run did, site by site."""

    run_id: int
    sites: list[SiteSummary]
    started_at: str
    finished_at: str
    interrupted: str | None = None  # what stopped the run early: a signal, or TIME_BUDGET

    @property
    def by_signal(self) -> bool:
        """Stopped by SIGINT/SIGTERM (not by its own time budget)."""
        return bool(self.interrupted) and self.interrupted != TIME_BUDGET

    @property
    def failed(self) -> int:
        """Number of URLs that failed in this run, all sites together."""
        return sum(sum(s.failed.values()) for s in self.sites)

    @property
    def fetched(self) -> int:
        """Number of responses received in this run, all sites together."""
        return sum(s.fetched for s in self.sites)


@dataclass(frozen=True)
class Progress:
    """Where a running crawl stands; handed to the ``progress`` callback after each URL."""

    handled: int  # URLs handled so far in this run
    queued: int  # URLs waiting in the per-host queues
    failed: int
    hosts: int  # hosts with work left
