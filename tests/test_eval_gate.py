"""The quality gate: eval over the fixtures must stay at or above the committed floors."""

from __future__ import annotations

import json

from extract import parse_page
from pipelines.cli import read_page
from pipelines.evaluate import Report, gold_pairs, load_gold, score_page
from tests.fixture_paths import FIXTURES, ROOT


def test_eval_scores_stay_above_the_baseline():
    floors = json.loads((ROOT / "tests" / "eval_baseline.json").read_text("utf-8"))
    report = Report()
    for page, gold in gold_pairs(FIXTURES):
        content, kind = read_page(page)
        article = parse_page(content, kind=kind, source=str(page))
        score_page(report, page.name, article.to_dict(), load_gold(gold))
    got = report.as_dict()
    low = [
        f"{k} F1 {got['scores'][k]['f1']} < {v['f1']}"
        for k, v in floors["scores"].items()
        if got["scores"][k]["f1"] < v["f1"]
    ]
    low += [
        f"{k} {got['accuracy'][k]} < {v}" for k, v in floors["accuracy"].items() if got["accuracy"][k] < v
    ]
    assert not low, "; ".join(low)
