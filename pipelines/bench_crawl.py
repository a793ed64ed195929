"""`make bench`, crawl part: our crawler against Scrapy on the same local portal network.

The driver starts ``bench_site`` in its own process, then runs each crawler in a fresh
subprocess (so imports and peak RSS are per crawler), same hosts, same concurrency, delay 0:

1. ours and Scrapy (``bench_scrapy``) on the comparison site (>= 2,000 pages over 20
   hosts), alternating, ``--rounds`` times each; the fastest run of each counts, and the
   largest peak RSS of each;
2. ours again on a larger site (>= 20,000 pages), sampling RSS at 2,000 and 20,000 pages.

It prints plain ``key=value`` lines, and fails when the two crawlers did not fetch the
same pages. ``--run ours`` is the child side for our crawler; ``--profile FILE`` there
writes cProfile stats of the crawl call.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .bench_site import ARTICLE_PATTERN, LISTING_PATTERN, expected_pages, host_names, start_url

RESULT_PREFIX = "result="
# With two cores or more, the site gets one core and each crawler another, so the server
# never steals the crawler's CPU; both crawlers are single-threaded.
SERVER_CPU, CRAWLER_CPU = 1, 0


def rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def url_digest(urls: Sequence[str]) -> str:
    """Short digest of a set of URLs, to check that two crawls fetched the same pages."""
    return hashlib.sha256("\n".join(sorted(urls)).encode()).hexdigest()[:16]


# -- child: our crawler ----------------------------------------------------------------------


class _PageCounter:
    """The crawl's ``log``: counts fetched pages and samples RSS at given counts."""

    def __init__(self, marks: Sequence[int]) -> None:
        self.pages = 0
        self.marks = set(marks)
        self.rss_at: dict[int, float] = {}

    def __call__(self, line: str) -> None:
        # Page lines read "STATUS OUTCOME URL"; robots.txt lines and site summaries are skipped.
        status, _, rest = line.partition(" ")
        if status.isdigit() and not rest.startswith("robots"):
            self.pages += 1
            if self.pages in self.marks:
                self.rss_at[self.pages] = round(rss_mb(), 1)


def run_ours(
    port: int, hosts: int, concurrency: int, marks: Sequence[int], profile: str | None = None
) -> dict[str, object]:
    """Crawl every host of the site on ``port`` into a temporary archive; return the numbers."""
    import sqlite3

    from scrape import Archive, CrawlSettings, SiteSpec, crawl

    names = host_names(hosts)
    # No page budget and no depth limit, like Scrapy's defaults.
    settings = CrawlSettings(
        delay=0,
        concurrency=concurrency,
        allow_private=True,
        resolve={host: f"127.0.0.1:{port}" for host in names},
        max_depth=10**6,
        max_pages_per_host=10**9,
    )
    sites = [
        SiteSpec(
            name=host.split(".", 1)[0],
            start_urls=(start_url(host, port),),
            listing_patterns=(LISTING_PATTERN,),
            article_patterns=(ARTICLE_PATTERN,),
        )
        for host in names
    ]
    counter = _PageCounter(marks)
    with tempfile.TemporaryDirectory(prefix="bench-ours-") as tmp:
        path = Path(tmp) / "archive.db"
        archive = Archive(path)
        rss_before = rss_mb()
        with archive.lock():
            profiler = None
            if profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            start, cpu_start = time.perf_counter(), time.process_time()
            summary = crawl(sites, settings, archive, log=counter)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            peak = peak_rss_mb()  # before the check below reads every URL back
            if profiler is not None and profile:
                profiler.disable()
                profiler.dump_stats(profile)
        archive.close()
        with contextlib.closing(sqlite3.connect(path)) as db:
            urls = [row[0] for row in db.execute("SELECT url FROM pages WHERE kind != 'robots'")]
    return {
        "pages": summary.fetched,
        "stored": len(urls),
        "failed": summary.failed,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak,
        "rss_at": counter.rss_at,
        "digest": url_digest(urls),
    }


# -- driver ----------------------------------------------------------------------------------


def _pin(cpu: int) -> None:
    if (os.cpu_count() or 1) > cpu and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


@contextlib.contextmanager
def site_server(hosts: int, articles: int, *, warm: bool) -> Iterator[int]:
    """Run ``bench_site`` in its own process; yield its port."""
    command = [sys.executable, "-m", "pipelines.bench_site", f"--hosts={hosts}", f"--articles={articles}"]
    if warm:
        command.append("--warm")
    if (os.cpu_count() or 1) > SERVER_CPU:
        command.append(f"--cpu={SERVER_CPU}")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        if not line.startswith("port="):
            raise RuntimeError(f"bench_site did not start (said {line!r})")
        yield int(line.strip()[5:])
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_child(module: str, args: Sequence[str]) -> dict[str, Any]:
    """Run ``python -m module args`` on the crawler CPU; return its ``result=`` JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: _pin(CRAWLER_CPU),  # safe: the driver has no threads
        check=False,
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    raise RuntimeError(f"{module} exited {done.returncode} without a result; output:\n{done.stdout[-2000:]}")


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of several runs, with the largest peak RSS seen in any of them."""
    best = dict(min(runs, key=lambda r: float(r["seconds"])))
    best["peak_rss_mb"] = max(float(r["peak_rss_mb"]) for r in runs)
    best["pages_per_s"] = float(best["pages"]) / float(best["seconds"])
    return best


def compare(hosts: int, articles: int, concurrency: int, rounds: int) -> dict[str, object]:
    """Ours and Scrapy on one site, alternating, ``rounds`` times each; best speed of each."""
    common = [f"--hosts={hosts}", f"--concurrency={concurrency}"]
    expected = expected_pages(hosts, articles)
    ours_runs, scrapy_runs = [], []
    with site_server(hosts, articles, warm=True) as port:
        for _ in range(rounds):
            ours_runs.append(run_child("pipelines.bench_crawl", ["--run=ours", f"--port={port}", *common]))
            scrapy_runs.append(run_child("pipelines.bench_scrapy", [f"--port={port}", *common]))
    ours, scrapy = _best(ours_runs), _best(scrapy_runs)
    same = ours["digest"] == scrapy["digest"] and ours["pages"] == scrapy["pages"] == expected
    return {
        "crawl_pages": expected,
        "hosts": hosts,
        "concurrency": concurrency,
        "rounds": rounds,
        "scrapy_version": scrapy["scrapy"],
        "ours_pages": ours["pages"],
        "scrapy_pages": scrapy["pages"],
        "pages_match": "yes" if same else "no",
        "ours_seconds": f"{ours['seconds']:.2f}",
        "scrapy_seconds": f"{scrapy['seconds']:.2f}",
        "ours_pages_per_s": f"{ours['pages_per_s']:.1f}",
        "scrapy_pages_per_s": f"{scrapy['pages_per_s']:.1f}",
        "crawl_vs_scrapy": f"{ours['pages_per_s'] / scrapy['pages_per_s']:.2f}",
        # CPU per page (fastest run) is steadier than wall time on a busy machine.
        "ours_cpu_ms_per_page": f"{1000 * ours['cpu_seconds'] / ours['pages']:.2f}",
        "scrapy_cpu_ms_per_page": f"{1000 * scrapy['cpu_seconds'] / scrapy['pages']:.2f}",
        "ours_peak_rss_mb": f"{ours['peak_rss_mb']:.1f}",
        "scrapy_peak_rss_mb": f"{scrapy['peak_rss_mb']:.1f}",
    }


def memory_growth(hosts: int, articles: int, concurrency: int) -> dict[str, object]:
    """Ours alone on a large site, RSS sampled at 2,000 and 20,000 pages."""
    expected = expected_pages(hosts, articles)
    marks = [m for m in (2000, 20000) if m <= expected]
    with site_server(hosts, articles, warm=False) as port:
        run = run_child(
            "pipelines.bench_crawl",
            [
                "--run=ours",
                f"--port={port}",
                f"--hosts={hosts}",
                f"--concurrency={concurrency}",
                f"--marks={','.join(map(str, marks))}",
            ],
        )
    rss_at: dict[str, float] = run["rss_at"]
    return {
        "large_crawl_pages": expected,
        "ours_large_pages": run["pages"],
        "ours_large_pages_per_s": f"{float(run['pages']) / float(run['seconds']):.1f}",
        "ours_rss_at_2000_mb": rss_at.get("2000", "n/a"),
        "ours_rss_at_20000_mb": rss_at.get("20000", "n/a"),
        "ours_large_peak_rss_mb": f"{run['peak_rss_mb']:.1f}",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--articles", type=int, default=100, help="articles per host, comparison site")
    parser.add_argument("--large-articles", type=int, default=1000, help="articles per host, memory run")
    parser.add_argument("--concurrency", type=int, default=16, help="Scrapy's CONCURRENT_REQUESTS default")
    parser.add_argument("--rounds", type=int, default=2, help="comparison runs per crawler; best counts")
    parser.add_argument("--skip-large", action="store_true", help="only the comparison")
    # Child side.
    parser.add_argument("--run", choices=["ours"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--marks", default="", help=argparse.SUPPRESS)
    parser.add_argument("--profile", help="with --run ours: write cProfile stats here")
    args = parser.parse_args(argv)

    if args.run == "ours":
        marks = [int(m) for m in args.marks.split(",") if m]
        result = run_ours(args.port, args.hosts, args.concurrency, marks, args.profile)
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return
    out = compare(args.hosts, args.articles, args.concurrency, args.rounds)
    if not args.skip_large:
        out.update(memory_growth(args.hosts, args.large_articles, args.concurrency))
    for key, value in out.items():
        print(f"{key}={value}", flush=True)
    if out["pages_match"] != "yes":
        sys.exit("bench_crawl: ours and Scrapy did not fetch the same pages; the comparison is void.")


if __name__ == "__main__":
    main()
