"""`make bench`: parse throughput over the fixture pages, and the demo crawl end to end.

Issue-specific comparisons (Scrapy, trafilatura) belong here as they land; this measures our side.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from extract import parse_page

from .cli import read_page
from .config import load_config
from .evaluate import gold_pairs
from .run import do_crawl, do_extract

ROOT = Path(__file__).resolve().parent.parent


def bench_parse(rounds: int = 5) -> float:
    pages = [read_page(p) for p, _ in gold_pairs(ROOT / "tests" / "fixtures")]
    parse_page(*pages[0][:1], kind=pages[0][1])  # warm up: vocabularies and the spaCy pipeline
    start = time.perf_counter()
    for _ in range(rounds):
        for content, kind in pages:
            parse_page(content, kind=kind)
    return rounds * len(pages) / (time.perf_counter() - start)


def bench_demo() -> tuple[float, int]:
    config = load_config(ROOT / "pipelines" / "demo.toml")
    config.fixture_root = ROOT / "tests" / "fixtures" / "portal"
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = do_crawl(config, Path(tmp) / "archive.db", None)
        do_extract(Path(tmp) / "archive.db", Path(tmp) / "communes.db", False, config)
        return time.perf_counter() - start, summary.fetched


def main() -> None:
    print(f"parse_pages_per_second={bench_parse():.1f}")
    seconds, fetched = bench_demo()
    print(f"demo_crawl_and_extract_seconds={seconds:.2f} pages_fetched={fetched}")


if __name__ == "__main__":
    main()
