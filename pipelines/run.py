"""crawl, extract, run and demo: scrape and extract composed, with summaries for people and cron."""

from __future__ import annotations

import dataclasses
import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from extract import parse_page
from scrape.archive import Archive
from scrape.crawler import CrawlSummary, crawl
from scrape.decode import decode_html
from scrape.errors import ScrapeError

from . import store
from .cli import EXIT_OK, EXIT_SOME_FAILED
from .config import ConfigProblem, PipelineConfig, load_config
from .fixture_server import FixtureServer
from .progress import Reporter

METADATA = Path(__file__).with_name("metadata.json")


def _with_fixtures(config: PipelineConfig, stack: ExitStack) -> PipelineConfig:
    """Start the bundled fixture server when the config asks for it, and route its hosts."""
    if config.fixture_root is None:
        return config
    if not config.fixture_root.is_dir():
        raise ConfigProblem(f"{config.path} [fixture_server]: {config.fixture_root} is not a directory")
    server = stack.enter_context(FixtureServer(config.fixture_root))
    settings = dataclasses.replace(config.settings, resolve={**config.settings.resolve, **server.resolve})
    return dataclasses.replace(config, settings=settings)


def do_crawl(config: PipelineConfig, archive_path: Path, max_pages: int | None) -> CrawlSummary:
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    # A held lock or a refused setting is the user's to fix: it reaches them as a message, exit 2.
    try:
        with ExitStack() as stack:
            config = _with_fixtures(config, stack)
            archive = stack.enter_context(Archive(archive_path))
            stack.enter_context(archive.lock())
            reporter = Reporter()
            stack.callback(reporter.close)
            return crawl(
                config.sites,
                config.settings,
                archive,
                max_pages=max_pages,
                log=reporter.log,
                progress=reporter.progress,
                config=config.raw,
            )
    except ScrapeError as exc:  # ArchiveLocked included
        raise ConfigProblem(str(exc)) from None


def do_extract(
    archive_path: Path, db_path: Path, everything: bool, config: PipelineConfig | None
) -> dict[str, int]:
    """Extract archived article pages the current extractor has not seen; returns counts."""
    if not archive_path.exists():
        raise ConfigProblem(f"{archive_path}: no archive yet; run `commune-news crawl` first")
    db = store.open_db(db_path)
    families = config.families if config else {}
    starts = {s.name: s.start_urls[0] for s in config.sites} if config else {}
    site_ids: dict[str, int] = {}
    done = skipped = not_articles = 0
    with Archive(archive_path) as archive:
        for page in archive.iter_pages("article"):
            if page.status != 200 or not (page.content_type or "text/html").startswith("text/html"):
                continue
            if not everything and not store.needs_extraction(db, page.url, page.content_hash):
                skipped += 1
                continue
            if page.site not in site_ids:
                start = starts.get(page.site, page.url)
                site_ids[page.site] = store.upsert_site(
                    db,
                    page.site,
                    urlsplit(start).hostname or "",
                    families.get(page.site, ""),
                    start,
                )
            html = decode_html(page.body, page.content_type)
            article = parse_page(html, kind="html", source=page.url, url=page.url, fetched_at=page.fetched_at)
            if article.page_kind != "article":
                not_articles += 1
            store.save_article(db, article, site_ids[page.site], page.fetched_at, page.content_hash)
            done += 1
    store.refresh_people(db)
    _write_metadata(db_path)
    return {"extracted": done, "unchanged": skipped, "not_articles": not_articles}


def _write_metadata(db_path: Path) -> None:
    """Datasette metadata beside the database, with the database's own name in it."""
    target = db_path.with_name("metadata.json")
    text = METADATA.read_text("utf-8").replace('"communes"', f'"{db_path.stem}"', 1)
    target.write_text(text, "utf-8")


def _print_summary(summary: CrawlSummary | None, extracted: dict[str, int], db_path: Path) -> None:
    db = store.open_db(db_path)
    c = store.counts(db)
    lines = ["", "commune-news summary"]
    if summary is not None:
        for s in summary.sites:
            lines.append("  " + s.line())
    lines.append(f"  extracted {extracted['extracted']} page(s), {extracted['unchanged']} unchanged")
    lines.append(
        f"  database {db_path}: {c['sites']} sites, {c['articles']} articles, "
        f"{c['officials']} officials ({c['people']} people), {c['awards']} awards, "
        f"{c['targets']} targets, {c['dates']} dates, {c['related_links']} related links"
    )
    lines.append(f"  browse: datasette {db_path} -m {db_path.with_name('metadata.json')}")
    print("\n".join(lines))


def _crawl_status(summary: CrawlSummary) -> int:
    if summary.interrupted:
        print(
            f"commune-news: stopped by {summary.interrupted}; what was fetched is saved, "
            "and the next run resumes where this one stopped.",
            file=sys.stderr,
        )
    # Reaching its own time budget is a normal end for a cron run; a signal is not.
    return EXIT_SOME_FAILED if summary.failed or summary.by_signal else EXIT_OK


def crawl_command(config_path: str, archive: str | None, max_pages: int | None) -> int:
    config = load_config(config_path)
    summary = do_crawl(config, Path(archive) if archive else config.archive, max_pages)
    for s in summary.sites:
        print(s.line())
    return _crawl_status(summary)


def extract_command(archive: str, db: str, everything: bool, config_path: str | None) -> int:
    config = load_config(config_path) if config_path else None
    counts = do_extract(Path(archive), Path(db), everything, config)
    _print_summary(None, counts, Path(db))
    return EXIT_OK


def run_command(config_path: str, max_pages: int | None) -> int:
    return _run(load_config(config_path), max_pages)


def _run(config: PipelineConfig, max_pages: int | None) -> int:
    summary = do_crawl(config, config.archive, max_pages)
    if summary.by_signal:
        return _crawl_status(summary)  # stop means stop: extraction waits for the next run
    counts = do_extract(config.archive, config.database, False, config)
    _print_summary(summary, counts, config.database)
    return _crawl_status(summary)


def demo_command() -> int:
    """The bundled portal, crawled afresh into data/, with a summary at the end."""
    config = load_config(Path(__file__).with_name("demo.toml"))
    if config.fixture_root is not None and not config.fixture_root.is_dir():
        here = Path(__file__).resolve().parent.parent / config.fixture_root
        config = dataclasses.replace(config, fixture_root=here)
    for path in (config.archive, config.database):
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return _run(config, None)


__all__ = ["crawl_command", "demo_command", "extract_command", "run_command"]
