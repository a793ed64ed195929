"""export-warc: the raw archive written as a WARC file for web-archive tools (pywb, warcio, CDX)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scrape.archive import Archive
from scrape.errors import ScrapeError
from scrape.warc import export_warc

from .cli import EXIT_OK, UsageProblem


def _check_archive(path: Path) -> None:
    """Refuse a path that is not an existing commune-news archive, without touching it
    (opening an ``Archive`` would create the file, or add its tables to another database)."""
    if not path.exists():
        raise UsageProblem(f"{path}: no archive yet; run `commune-news crawl` first, or pass --archive PATH")
    if not path.is_file():
        raise UsageProblem(f"{path}: not a file; --archive takes the archive database (data/archive.db)")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise UsageProblem(f"{path}: cannot be read as a commune-news archive ({exc})") from None
    if "pages" not in tables:
        raise UsageProblem(f"{path}: not a commune-news archive (it has no pages table)")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def export_warc_command(archive: str, output: str) -> int:
    """Write every archived page to ``output`` (gzip unless it ends in .warc); print one line."""
    archive_path, output_path = Path(archive), Path(output)
    _check_archive(archive_path)
    gzip = not output_path.name.lower().endswith(".warc")
    try:
        with Archive(archive_path) as opened:
            summary = export_warc(opened, output_path, gzip=gzip)
    except ScrapeError as exc:  # unwritable output, unreadable archive: the user's to fix
        raise UsageProblem(str(exc)) from None
    print(f"wrote {_plural(summary.records, 'record')} for {_plural(summary.pages, 'page')} to {output_path}")
    return EXIT_OK


__all__ = ["export_warc_command"]
