import sqlite3
from pathlib import Path

import pytest

from scrape.archive import Archive, content_hash
from scrape.errors import ArchiveError, ArchiveLocked
from scrape.fetcher import FetchResult


def result(body: bytes, status: int = 200, **headers: str) -> FetchResult:
    return FetchResult("http://x.vn/a", status, dict(headers), "text/html", body, "2024-01-01T00:00:00+00:00")


def test_second_lock_raises_at_once(tmp_path: Path) -> None:
    first, second = Archive(tmp_path / "a.db"), Archive(tmp_path / "a.db")
    with (
        first.lock(),
        pytest.raises(ArchiveLocked, match="in use by another crawl"),
        second.lock(),
    ):
        pass
    with second.lock():  # released when the first block ends
        pass
    first.close()
    second.close()


def test_wal_mode_and_tables(tmp_path: Path) -> None:
    Archive(tmp_path / "a.db").close()
    db = sqlite3.connect(tmp_path / "a.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"urls", "pages", "runs"} <= tables


def test_not_an_archive(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="Cannot open the archive"):
        Archive(bad)


def test_new_changed_unchanged_and_iter_pages(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run("cfg")
    archive.add_url("http://x.vn/a", "http://x.vn/a", "x", "article", 1, run)
    archive.add_url("http://x.vn/l", "http://x.vn/l", "x", "listing", 0, run)
    assert (
        archive.record_response(
            "http://x.vn/a", result(b"one", etag='"1"'), final_url="http://x.vn/a", run_id=run
        )
        == "new"
    )
    assert (
        archive.record_response("http://x.vn/a", result(b"one"), final_url="http://x.vn/a", run_id=run)
        == "unchanged"
    )
    assert (
        archive.record_response(
            "http://x.vn/a",
            result(b"", status=304),
            final_url="http://x.vn/a",
            run_id=run,
            not_modified=True,
        )
        == "unchanged"
    )
    assert (
        archive.record_response("http://x.vn/a", result(b"two"), final_url="http://x.vn/b", run_id=run)
        == "changed"
    )
    archive.record_response("http://x.vn/l", result(b"list"), final_url="http://x.vn/l", run_id=run)
    archive.commit()

    pages = list(archive.iter_pages())
    assert [(p.url, p.body, p.final_url, p.kind) for p in pages] == [
        ("http://x.vn/a", b"two", "http://x.vn/b", "article")
    ]
    assert pages[0].content_hash == content_hash(b"two")
    assert len(list(archive.iter_pages(None))) == 2
    state = archive.url_state("http://x.vn/a")
    assert state is not None and state.state == "done" and state.etag == '"1"'
    archive.finish_run(run, {"x": 1})
    archive.close()


def test_add_url_keeps_smallest_depth(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    archive.add_url("http://x.vn/l", "http://x.vn/l", "x", "listing", 3, 1)
    archive.add_url("http://x.vn/l", "http://x.vn/l", "x", "listing", 1, 1)
    archive.add_url("http://x.vn/l", "http://x.vn/l", "x", "listing", 5, 1)
    state = archive.url_state("http://x.vn/l")
    assert state is not None and state.depth == 1
    archive.close()
