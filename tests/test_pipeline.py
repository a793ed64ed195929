"""The whole pipeline against the bundled portal on 127.0.0.1, and the database in Datasette."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from datasette.app import Datasette

from pipelines.cli import main
from scrape.archive import Archive
from tests.fixture_paths import ROOT

SEED_TITLE = "Hội nghị Tổng kết công tác Đảng năm 2023"


@pytest.fixture
def ran(demo_config: Path, tmp_path: Path, capsys) -> Path:
    assert main(["run", "--config", str(demo_config)]) == 0
    capsys.readouterr()
    return tmp_path


def _rows(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_run_fills_every_table(ran: Path):
    db = ran / "communes.db"
    assert _rows(db, "select count(*) from sites")[0][0] == 3
    assert _rows(db, "select count(*) from articles where page_kind = 'article'")[0][0] == 15
    (seed_id,) = _rows(db, "select id from articles where title like ?", [SEED_TITLE + "%"])[0]
    names = {r[0] for r in _rows(db, "select name from officials where article_id = ?", [seed_id])}
    assert names == {"Nguyễn Văn Duy", "Nguyễn Thanh Sang", "Phạm Văn Lượm", "Ngô Văn Chánh"}
    targets = _rows(db, "select indicator, value, year from targets where article_id = ?", [seed_id])
    assert ("income_per_capita", 70.0, 2024) in targets and len(targets) == 8
    awards = _rows(
        db, "select recipient_kind, count from awards where article_id = ? order by count", [seed_id]
    )
    assert awards == [("collective", 3), ("individual", 29)]
    sentence = _rows(
        db, "select sentence from targets where indicator = 'clean_water_rate' and article_id = ?", [seed_id]
    )[0][0]
    assert "99.8%" in sentence
    assert _rows(db, "select count(*) from articles_fts where articles_fts match 'dang uy'")[0][0] > 0
    assert (ran / "metadata.json").exists()


def test_second_run_fetches_nothing_new(ran: Path, demo_config: Path, capsys):
    assert main(["run", "--config", str(demo_config)]) == 0
    out = capsys.readouterr().out
    assert "new 0, changed 0" in out and "extracted 0 page(s), 15 unchanged" in out
    assert _rows(ran / "communes.db", "select count(*) from articles")[0][0] == 15


def test_second_run_while_one_holds_the_lock_exits_at_once(ran: Path, demo_config: Path, capsys):
    with Archive(ran / "archive.db") as archive, archive.lock():
        assert main(["run", "--config", str(demo_config)]) == 2
    assert "lock" in capsys.readouterr().err.lower()


async def test_datasette_serves_officials_and_targets(ran: Path):
    metadata = json.loads((ran / "metadata.json").read_text("utf-8"))
    ds = Datasette([str(ran / "communes.db")], metadata=metadata)
    await ds.invoke_startup()
    r = await ds.client.get("/communes/officials.json?_shape=array&name=Ngô+Văn+Chánh")
    assert r.status_code == 200
    assert any(row["title_text"] == "Chủ tịch UBND xã" for row in r.json())
    r = await ds.client.get("/communes/targets.json?_shape=array&indicator=child_malnutrition_rate")
    assert any(row["value"] == 9.7 and row["comparator"] == "lte" for row in r.json())
    r = await ds.client.get("/communes/officials_of_article.json?_shape=array&title=" + SEED_TITLE)
    assert {row["name"] for row in r.json()} >= {"Nguyễn Thanh Sang", "Phạm Văn Lượm"}
    r = await ds.client.get("/communes/articles.json?_search=dang+uy+phuoc+son&_shape=array")
    assert r.status_code == 200 and r.json()


def test_demo_command_prints_summary_and_browse_line(tmp_path: Path):
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "15 articles" in out.stdout and "datasette data/communes.db" in out.stdout
    assert (tmp_path / "data" / "communes.db").exists()


def test_a_database_made_by_an_older_version_gains_the_new_columns(tmp_path: Path):
    from pipelines.store import open_db

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the targets table as version 0.1 made it
        conn.execute("CREATE TABLE targets (id INTEGER PRIMARY KEY, article_id INTEGER, value FLOAT)")
    db = open_db(path)
    assert {"plan", "value_max", "percent_of_plan", "indicator"} <= set(db["targets"].columns_dict)
