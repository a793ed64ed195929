"""The analysis database (data/communes.db): one row per article and per fact, for Datasette."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from extract import EXTRACTOR_VERSION, Article
from extract.textnorm import fold
from extract.vocab import indicators

_FACT_TABLES = ("officials", "awards", "targets", "dates", "related_links")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (and create if needed) the analysis database, in WAL mode for a live Datasette."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    _create(db)
    return db


def _create(db: sqlite_utils.Database) -> None:
    db.table("sites").create(
        {"id": int, "name": str, "host": str, "family": str, "start_url": str},
        pk="id",
        if_not_exists=True,
    )
    db.table("indicators").create(
        {"code": str, "label_vi": str, "label_en": str, "unit_normalized": str},
        pk="code",
        if_not_exists=True,
    )
    db.table("indicators").upsert_all(
        [
            {
                "code": i.code,
                "label_vi": i.label_vi,
                "label_en": i.label_en,
                "unit_normalized": i.unit_normalized,
            }
            for i in indicators()
        ]
        + [
            {
                "code": "other",
                "label_vi": "Chỉ tiêu khác",
                "label_en": "Other indicator",
                "unit_normalized": "",
            }
        ],
        pk="code",
    )
    db.table("articles").create(
        {
            "id": int,
            "url": str,
            "site_id": int,
            "title": str,
            "published_at": str,
            "published_source": str,
            "view_count": int,
            "author": str,
            "body": str,
            "search_folded": str,
            "captions": str,
            "attachments": str,
            "site_family": str,
            "page_kind": str,
            "fetched_at": str,
            "content_hash": str,
            "extractor_version": str,
            "extracted_at": str,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
        if_not_exists=True,
    )
    db.table("articles").create_index(["url"], unique=True, if_not_exists=True)
    db.table("people").create(
        {
            "id": int,
            "name": str,
            "name_key": str,
            "first_seen": str,
            "last_seen": str,
            "articles": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("people").create_index(["name_key"], unique=True, if_not_exists=True)
    _fact_table(
        db,
        "officials",
        {
            "person_id": int,
            "name": str,
            "titles": str,
            "title_text": str,
            "titles_expanded": str,
            "org_level": str,
            "role": str,
        },
        [("person_id", "people", "id")],
    )
    _fact_table(
        db,
        "awards",
        {
            "text": str,
            "recipient_kind": str,
            "recipient": str,
            "count": int,
            "award": str,
            "awarding_body": str,
            "reason": str,
            "year": int,
            "is_total": int,
        },
    )
    _fact_table(
        db,
        "targets",
        {
            "text": str,
            "indicator": str,
            "label": str,
            "value": float,
            "unit": str,
            "value_normalized": float,
            "unit_normalized": str,
            "comparator": str,
            "year": int,
            "kind": str,
            "plan": float,
            "value_max": float,
            "percent_of_plan": float,
        },
        [("indicator", "indicators", "code")],
    )
    _fact_table(db, "dates", {"text": str, "value": str, "part_of_day": str, "role": str})
    db.table("related_links").create(
        {"id": int, "article_id": int, "title": str, "url": str, "published_at": str, "block": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    if not db.table("articles_fts").exists():
        db.table("articles").enable_fts(
            ["title", "body", "search_folded"],
            create_triggers=True,
            tokenize="unicode61 remove_diacritics 2",
        )
    db.index_foreign_keys()


def _fact_table(db: sqlite_utils.Database, name: str, columns: dict, fks: list | None = None) -> None:
    """A fact table: its own columns plus the article it came from and where in the body."""
    db.table(name).create(
        {"id": int, "article_id": int, **columns, "sentence": str, "start": int, "end": int},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), *(fks or [])],
        if_not_exists=True,
    )
    present = db.table(name).columns_dict  # a database made by an older version gains the new columns
    for column, kind in columns.items():
        if column not in present:
            db.table(name).add_column(column, kind)


def upsert_site(db: sqlite_utils.Database, name: str, host: str, family: str, start_url: str) -> int:
    existing = list(db.table("sites").rows_where("name = ?", [name]))
    row = {"name": name, "host": host, "family": family, "start_url": start_url}
    if existing:
        db.table("sites").update(existing[0]["id"], row)
        return existing[0]["id"]
    return _insert(db, "sites", row)


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row into a table with an integer key; the new row's id."""
    pk = db.table(table).insert(row).last_pk
    assert isinstance(pk, int), f"{table}: no integer id"
    return pk


def needs_extraction(db: sqlite_utils.Database, url: str, content_hash: str) -> bool:
    """False when this page's bytes were already extracted by this extractor version."""
    rows = list(
        db.execute("select content_hash, extractor_version from articles where url = ?", [url]).fetchall()
    )
    return not rows or rows[0] != (content_hash, EXTRACTOR_VERSION)


def save_article(
    db: sqlite_utils.Database,
    article: Article,
    site_id: int | None,
    fetched_at: str | None,
    content_hash: str | None,
) -> int:
    """Insert or replace one article and all its facts, in one transaction."""
    now = _now()
    row = {
        "url": article.url or article.source,
        "site_id": site_id,
        "title": article.title,
        "published_at": article.published_at,
        "published_source": article.published_source,
        "view_count": article.view_count,
        "author": article.author,
        "body": article.body,
        "search_folded": fold((article.title + "\n" + article.body).lower()),
        "captions": json.dumps(article.captions, ensure_ascii=False),
        "attachments": json.dumps([asdict(a) for a in article.attachments], ensure_ascii=False),
        "site_family": article.site_family,
        "page_kind": article.page_kind,
        "fetched_at": fetched_at,
        "content_hash": content_hash,
        "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": now,
    }
    with db.conn:
        existing = db.execute("select id from articles where url = ?", [row["url"]]).fetchone()
        if existing:
            article_id = existing[0]
            db.table("articles").update(article_id, row)
            for table in _FACT_TABLES:
                db.execute(f"delete from [{table}] where article_id = ?", [article_id])
        else:
            article_id = _insert(db, "articles", row)
        day = article.published_at or now
        for o in article.facts.officials:
            person_id = _person(db, o.name, day)
            db.table("officials").insert(
                {
                    "article_id": article_id,
                    "person_id": person_id,
                    "name": o.name,
                    "titles": json.dumps(o.titles, ensure_ascii=False),
                    "title_text": o.title_text,
                    "titles_expanded": json.dumps(o.titles_expanded, ensure_ascii=False),
                    "org_level": o.org_level,
                    "role": o.role,
                    "sentence": o.sentence,
                    "start": o.start,
                    "end": o.end,
                }
            )
        facts = article.facts
        db.table("awards").insert_all([{"article_id": article_id, **_fact(a)} for a in facts.awards])
        db.table("targets").insert_all([{"article_id": article_id, **_fact(t)} for t in facts.targets])
        db.table("dates").insert_all([{"article_id": article_id, **_fact(d)} for d in facts.dates])
        db.table("related_links").insert_all(
            [{"article_id": article_id, **asdict(r)} for r in article.related]
        )
    return article_id


def _fact(fact) -> dict:
    data = asdict(fact)
    if "is_total" in data:
        data["is_total"] = int(data["is_total"])
    return data


def _person(db: sqlite_utils.Database, name: str, day: str) -> int:
    name_key = fold(name.lower())
    row = db.execute("select id, first_seen, last_seen from people where name_key = ?", [name_key]).fetchone()
    if row is None:
        return _insert(
            db,
            "people",
            {
                "name": name,
                "name_key": name_key,
                "first_seen": day[:10],
                "last_seen": day[:10],
                "articles": 1,
            },
        )
    return row[0]


def refresh_people(db: sqlite_utils.Database) -> None:
    """Recompute each person's first/last appearance and article count from the officials."""
    db.execute("""
        update people set
          articles = (select count(distinct article_id) from officials where person_id = people.id),
          first_seen = coalesce((select min(substr(a.published_at, 1, 10)) from officials o
                                 join articles a on a.id = o.article_id
                                 where o.person_id = people.id), first_seen),
          last_seen = coalesce((select max(substr(a.published_at, 1, 10)) from officials o
                                join articles a on a.id = o.article_id
                                where o.person_id = people.id), last_seen)""")
    db.execute("delete from people where id not in (select person_id from officials)")
    db.conn.commit()


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        t: db.table(t).count
        for t in (
            "sites",
            "articles",
            "officials",
            "people",
            "awards",
            "targets",
            "dates",
            "related_links",
        )
    }
