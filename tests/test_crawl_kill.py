"""`kill -9` at any moment, then a new run: the archive ends as if never interrupted.

The crawl runs as a real `commune-news crawl` subprocess over the bundled fixture portal; it
is killed at several points (by count of fetches and by time), resumed, and finally compared
with an uninterrupted crawl: same URLs in the same terminal states, same pages, none twice.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.fixture_paths import PORTAL, ROOT

CRAWL = [sys.executable, "-m", "pipelines.cli", "crawl", "--config"]


def _config(tmp_path: Path, name: str, delay: float) -> Path:
    text = (ROOT / "pipelines" / "demo.toml").read_text("utf-8")
    text = text.replace('archive = "data/archive.db"', f'archive = "{tmp_path / name}.db"')
    text = text.replace('database = "data/communes.db"', f'database = "{tmp_path / name}-communes.db"')
    text = text.replace('root = "tests/fixtures/portal"', f'root = "{PORTAL}"')
    text = text.replace("delay = 0.0 ", f"delay = {delay} ")
    path = tmp_path / f"{name}.toml"
    path.write_text(text, "utf-8")
    return path


def _crawl_until(config: Path, *, fetches: int | None = None, seconds: float | None = None) -> int:
    """Run a crawl; SIGKILL it after ``fetches`` stored responses or ``seconds``. Returns rc."""
    proc = subprocess.Popen(CRAWL + [str(config)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    seen = 0
    try:
        if seconds is None and fetches is None:
            proc.communicate(timeout=60)  # to the end, draining the log
            return proc.returncode
        if seconds is not None:
            time.sleep(seconds)
        else:
            assert proc.stderr is not None
            for line in proc.stderr:
                seen += " 200 new " in line or " 200 changed " in line
                if seen >= (fetches or 0) or time.monotonic() > deadline:
                    break
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        return proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _snapshot(db: Path) -> tuple[set[tuple], set[tuple], list[tuple]]:
    con = sqlite3.connect(db)
    try:
        urls = set(con.execute("SELECT url, kind, state, reason, final_url, content_hash FROM urls"))
        pages = set(con.execute("SELECT url, kind, status, final_url, content_hash FROM pages"))
        counted = list(con.execute("SELECT url, count(*) FROM pages GROUP BY url HAVING count(*) > 1"))
        return urls, pages, counted
    finally:
        con.close()


def test_kill_9_at_several_points_then_resume(tmp_path: Path) -> None:
    """About 15 s: six short crawls in subprocesses."""
    reference = _config(tmp_path, "reference", delay=0.02)
    assert _crawl_until(reference) == 0

    killed = _config(tmp_path, "killed", delay=0.02)
    codes = [
        _crawl_until(killed, seconds=0.3),  # during start-up or robots.txt
        _crawl_until(killed, fetches=2),
        _crawl_until(killed, fetches=5),
        _crawl_until(killed, fetches=1),
    ]
    assert all(code == -signal.SIGKILL for code in codes if code != 0)
    assert _crawl_until(killed) == 0  # the last run finishes what is left

    want_urls, want_pages, _ = _snapshot(tmp_path / "reference.db")
    got_urls, got_pages, twice = _snapshot(tmp_path / "killed.db")
    assert got_urls == want_urls
    assert got_pages == want_pages
    assert not twice
    con = sqlite3.connect(tmp_path / "killed.db")
    statuses = [row[0] for row in con.execute("SELECT status FROM runs ORDER BY id")]
    con.close()
    assert statuses[-1] == "finished"
    assert set(statuses[:-1]) <= {"killed", "finished"} and "killed" in statuses


def test_sigint_stops_cleanly_with_a_message(tmp_path: Path) -> None:
    config = _config(tmp_path, "stopped", delay=0.2)
    proc = subprocess.Popen(CRAWL + [str(config)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if " 200 new " in line:
            proc.send_signal(signal.SIGINT)
            break
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 1
    assert "stopped by SIGINT" in rest and "Traceback" not in rest
    con = sqlite3.connect(tmp_path / "stopped.db")
    (status,) = con.execute("SELECT status FROM runs").fetchone()
    pending = con.execute("SELECT count(*) FROM urls WHERE state = 'pending'").fetchone()[0]
    con.close()
    assert status == "interrupted" and pending > 0
