"""`make bench`: the whole per-page pipeline against trafilatura plus htmldate, speed and quality.

    python -m pipelines.bench_pipeline [--rounds 5]

The same HTML fixture pages and the same method as pipelines.bench_parse (two fresh worker
processes pinned to one core, taking turns a chunk of pages at a time):

  pipeline:             extract.parse_page(html, kind="html"): page parsing and every fact
                        extractor (dates, officials, awards, targets), to a dict
  trafilatura_htmldate: trafilatura.extract(html) for the boilerplate-free text and
                        htmldate.find_date(html) for the date: no facts at all

Prints `pipeline_vs_trafilatura=R` (pages per second, ours over theirs), then the facts scores
of the pipeline on these pages and what the baseline's text and date score.
"""

from __future__ import annotations

import argparse
import json

from .bench_parse import CHUNK, CPU, FIXTURES, _fmt, measure, score
from .evaluate import Report, gold_pairs, load_gold, score_page

ENGINES = ("pipeline", "trafilatura_htmldate")
GOAL_RATIO = 10.0
FACT_KINDS = ("officials", "awards", "targets", "event_dates")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.bench_pipeline", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over all pages, after a warm-up")
    args = parser.parse_args(argv)

    from .cli import read_page  # the same decoding as `commune-news parse`

    pairs = [(p, load_gold(g)) for p, g in gold_pairs(FIXTURES) if p.suffix.lower() in (".html", ".htm")]
    if not pairs:
        raise SystemExit("bench_pipeline: no HTML pages with gold files under tests/fixtures")
    payload = json.dumps([read_page(p)[0] for p, _ in pairs])
    outputs, totals, round_ratios = measure(payload, len(pairs), args.rounds, ENGINES)
    rates = {e: args.rounds * len(pairs) / totals[e] for e in ENGINES}
    ratio = rates["pipeline"] / rates["trafilatura_htmldate"]

    facts = Report()
    for (page, gold), pred in zip(pairs, outputs["pipeline"], strict=True):
        score_page(facts, str(page.relative_to(FIXTURES)), pred, gold)
    theirs = score(pairs, outputs["trafilatura_htmldate"], day_only=True)
    ours_day = score(pairs, outputs["pipeline"], day_only=True)
    lines = [
        f"pages={len(pairs)}",
        f"rounds={args.rounds} chunk={CHUNK} cpu={CPU}",
        f"pipeline_pages_per_s={rates['pipeline']:.1f}",
        f"trafilatura_htmldate_pages_per_s={rates['trafilatura_htmldate']:.1f}",
        f"pipeline_vs_trafilatura={ratio:.2f}",
        f"round_ratios={' '.join(f'{r:.2f}' for r in round_ratios)}",
    ]
    for kind in FACT_KINDS:
        s = facts.scores.get(kind)
        lines.append(f"pipeline_{kind}_f1={_fmt(s.f1 if s else None)}")
    lines.append(f"pipeline_official_titles_acc={_fmt(facts.accuracy('official_titles'))}")
    for name, rep in (("pipeline", ours_day), ("trafilatura_htmldate", theirs)):
        body = rep.scores.get("body")
        lines.append(f"{name}_body_f1={_fmt(body.f1 if body else None)}")
        lines.append(f"{name}_date_acc={_fmt(rep.accuracy('published_at'))}")
    lines.append("trafilatura_htmldate facts: n.a. (it extracts none)")
    unmet = [f"pipeline_vs_trafilatura {ratio:.2f}<{GOAL_RATIO:g}"] if ratio < GOAL_RATIO else []
    lines.append(f"pipeline_goals_unmet={'; '.join(unmet) or 'none'}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
