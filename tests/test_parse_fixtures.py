"""`parse` against every hand-written gold file of the fixture portal and the seed text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract import parse_page
from pipelines.cli import read_page
from pipelines.evaluate import Score, _match, gold_pairs, norm
from tests.fixture_paths import FIXTURES

PAIRS = gold_pairs(FIXTURES)
# Pages the parser does not read right yet, with why: each is an expected failure, and a
# strict one, so a fix shows up as XPASS and the entry must go.
KNOWN_GAPS: dict[str, str] = json.loads(Path(__file__).with_name("parse_known_gaps.json").read_text("utf-8"))


def _cases() -> list:
    cases = []
    for page, gold in PAIRS:
        gap = KNOWN_GAPS.get(page.name)
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        cases.append(pytest.param(page, gold, marks=marks, id=page.name[:50]))
    return cases


def _parse(page: Path):
    content, kind = read_page(page)
    return parse_page(content, kind=kind, source=str(page))


def test_there_are_enough_gold_pages():
    assert len(PAIRS) >= 13


@pytest.mark.parametrize("page,gold", _cases())
def test_page_metadata_and_body(page: Path, gold: Path):
    want = json.loads(gold.read_text("utf-8"))
    got = _parse(page)
    assert got.page_kind == want.get("page_kind", "article")
    if got.page_kind == "listing":
        return  # a list page: recognised as such is what counts
    assert norm(got.title) == norm(want["title"])
    assert got.published_at == want["published_at"]
    if "view_count" in want:  # the facts gold set judges title, date and facts only
        assert got.view_count == want["view_count"]
    if "body" in want and not want["body"]:
        assert got.body == ""
        return
    if "body" in want:
        body = Score(*_match(norm(got.body).split(), norm(want["body"]).split(), lambda w: w))
        assert body.f1 >= 0.97, f"body F1 {body.f1:.3f}"
    for chrome in ("Tin liên quan", "Tin mới nhất", "người đang online", "Lượt xem", "Bản quyền"):
        assert chrome not in got.body


@pytest.mark.parametrize("page,gold", PAIRS, ids=[p.name[:50] for p, _ in PAIRS])
def test_fact_offsets_point_into_the_body(page: Path, gold: Path):
    got = _parse(page)
    for kind in ("dates", "officials", "awards", "targets"):
        for fact in getattr(got.facts, kind):
            assert got.body[fact.start : fact.end] == (fact.text or got.body[fact.start : fact.end])
            assert fact.end > fact.start
