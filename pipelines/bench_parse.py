"""`make bench`: our page parser against trafilatura on the same fixture pages, speed and quality.

    python -m pipelines.bench_parse [--rounds 5] [--processes 3]

Every HTML page under tests/fixtures that has a gold file is decoded once here, then handed to
fresh worker processes, one engine per process, each pinned to CPU 0. A worker runs one
warm-up round (imports, vocabularies, caches; its output is what gets scored) and then times
`--rounds` more; its rate is pages / median round seconds. The engines alternate over
`--processes` workers each; every ours/trafilatura pair run back to back gives a ratio, and
`parse_vs_trafilatura` is the median of those ratios (`pair_ratios` lists them all).
`parse_vs_trafilatura_cpu` is the same over CPU seconds.

  ours:        extract.parse_page(html, kind="html", facts=False)
  trafilatura: trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
               include_tables=True); its `date` comes from htmldate (extensive search on)

Quality is scored by pipelines.evaluate, the code behind `commune-news eval`. trafilatura's date
is a day, so `*_date_acc` compares the day only, for both engines (`ours_datetime_acc` is the
exact `eval` rule). trafilatura has no view count, captions or related lists: those are n.a.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .evaluate import Report, gold_pairs, load_gold, score_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ENGINES = ("ours", "trafilatura")
CPU = 0


# ---------------------------------------------------------------- worker (a fresh process)


def _ours():
    from extract import parse_page

    def run(html: str) -> dict:
        article = parse_page(html, kind="html", facts=False).to_dict()
        article.pop("facts", None)
        return article

    return run


def _trafilatura():
    import trafilatura

    def run(html: str) -> dict:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
        if doc is None:  # trafilatura found no main text
            return {"title": None, "published_at": None, "body": "", "author": None}
        return {"title": doc.title, "published_at": doc.date, "body": doc.text or "", "author": doc.author}

    return run


def worker(engine: str, rounds: int) -> None:
    """Read the pages (JSON list of HTML strings) on stdin, print timings and outputs as JSON."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {CPU})
    pages = json.load(sys.stdin)
    run = {"ours": _ours, "trafilatura": _trafilatura}[engine]()
    outputs = [run(html) for html in pages]  # warm-up round, and the output that is scored
    seconds, cpu = [], []
    for _ in range(rounds):
        start, cpu_start = time.perf_counter(), time.process_time()
        for html in pages:
            run(html)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    json.dump(
        {
            "pages_per_s": len(pages) / statistics.median(seconds),
            "pages_per_cpu_s": len(pages) / statistics.median(cpu),
            "outputs": outputs,
        },
        sys.stdout,
    )


# ---------------------------------------------------------------- driver


def _spawn(engine: str, rounds: int, payload: str) -> dict:
    cmd = [sys.executable, "-m", "pipelines.bench_parse", "--worker", engine, "--rounds", str(rounds)]
    done = subprocess.run(cmd, input=payload, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_parse: the {engine} worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def score(pairs: list[tuple[Path, dict]], outputs: list[dict], *, day_only: bool) -> Report:
    """Score page outputs against the gold's page fields (facts are not part of this bench)."""
    report = Report()
    for (page, gold), pred in zip(pairs, outputs, strict=True):
        gold = {k: v for k, v in gold.items() if k != "facts"}
        if day_only:
            gold["published_at"] = _day(gold.get("published_at"))
            pred = {**pred, "published_at": _day(pred.get("published_at"))}
        score_page(report, str(page.relative_to(FIXTURES)), pred, gold)
    return report


# The goals: body F1 >= 0.99 with no chrome leak, every metadata score >= 0.95, R >= 10.
GOAL_BODY_F1, GOAL_METADATA, GOAL_RATIO = 0.99, 0.95, 10.0
METADATA_ACCURACY = ("title", "published_at", "view_count", "author", "page_kind", "site_family")
METADATA_F1 = ("captions", "related", "attachments")


def unmet_goals(report: Report, ratio: float) -> list[str]:
    """The goals our parser misses on these pages (metadata judged by the exact `eval` rules)."""
    body = report.scores.get("body")
    unmet = [f"body_f1 {body.f1:.3f}<{GOAL_BODY_F1}"] if body and body.f1 < GOAL_BODY_F1 else []
    unmet += [f"chrome_leak_pages {len(report.leaks)}>0"] if report.leaks else []
    for key in METADATA_ACCURACY:
        acc = report.accuracy(key)
        if acc is not None and acc < GOAL_METADATA:
            unmet.append(f"{key} {acc:.3f}<{GOAL_METADATA}")
    for key in METADATA_F1:
        s = report.scores.get(key)
        if s and s.f1 < GOAL_METADATA:
            unmet.append(f"{key}_f1 {s.f1:.3f}<{GOAL_METADATA}")
    if ratio < GOAL_RATIO:
        unmet.append(f"parse_vs_trafilatura {ratio:.2f}<{GOAL_RATIO:g}")
    return unmet


def _fmt(value: float | None) -> str:
    return "n.a." if value is None else f"{value:.3f}"


def family_table(reports: dict[str, Report]) -> list[str]:
    ours, theirs = reports["ours"], reports["trafilatura"]
    width = max(len("family"), *(len(f) for f in ours.families))
    cols = ["bodyF1", "title", "date"]
    head = f"{'family':{width}} {'pages':>5}  " + " ".join(f"{'ours ' + c:>11}" for c in cols)
    lines = [head + "  " + " ".join(f"{'traf ' + c:>11}" for c in cols) + "  leaks ours/traf"]
    for fam in sorted(ours.families):
        a, b = ours.families[fam].family_row(), theirs.families[fam].family_row()
        cells = [a["body_f1"], a["title"], a["published_at"], b["body_f1"], b["title"], b["published_at"]]
        text = (
            " ".join(f"{_fmt(c):>11}" for c in cells[:3])
            + "  "
            + " ".join(f"{_fmt(c):>11}" for c in cells[3:])
        )
        lines.append(
            f"{fam:{width}} {a['pages']:5d}  {text}  {a['chrome_leak_pages']:4d}/{b['chrome_leak_pages']}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.bench_parse", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per worker, after one warm-up")
    parser.add_argument("--processes", type=int, default=3, help="fresh workers per engine, alternating")
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.rounds)
        return

    from .cli import read_page  # the same decoding as `commune-news parse`

    pairs = [(p, load_gold(g)) for p, g in gold_pairs(FIXTURES) if p.suffix.lower() in (".html", ".htm")]
    if not pairs:
        raise SystemExit("bench_parse: no HTML pages with gold files under tests/fixtures")
    payload = json.dumps([read_page(p)[0] for p, _ in pairs])
    # Engines alternate, and each ours/trafilatura pair run back to back gives one ratio: the
    # speed of this shared machine drifts by a quarter within a minute, a pair's ratio hardly.
    runs: dict[str, list[dict]] = {e: [] for e in ENGINES}
    for _ in range(args.processes):
        for engine in ENGINES:
            runs[engine].append(_spawn(engine, args.rounds, payload))
    outputs = {e: runs[e][0]["outputs"] for e in ENGINES}
    rates = {e: statistics.median(r["pages_per_s"] for r in runs[e]) for e in ENGINES}
    pairs_run = list(zip(runs["ours"], runs["trafilatura"], strict=True))
    pair_ratios = [a["pages_per_s"] / b["pages_per_s"] for a, b in pairs_run]
    cpu_ratios = [a["pages_per_cpu_s"] / b["pages_per_cpu_s"] for a, b in pairs_run]
    ratio = statistics.median(pair_ratios)

    day = {e: score(pairs, outputs[e], day_only=True) for e in ENGINES}
    exact = score(pairs, outputs["ours"], day_only=False)
    body = {e: day[e].scores.get("body") for e in ENGINES}
    lines = [
        f"pages={len(pairs)}",
        f"rounds={args.rounds} processes_per_engine={args.processes} cpu={CPU}",
        f"ours_pages_per_s={rates['ours']:.1f}",
        f"trafilatura_pages_per_s={rates['trafilatura']:.1f}",
        f"parse_vs_trafilatura={ratio:.2f}",
        f"parse_vs_trafilatura_cpu={statistics.median(cpu_ratios):.2f}",
        f"pair_ratios={' '.join(f'{r:.2f}' for r in pair_ratios)}",
    ]
    for e in ENGINES:
        b = body[e]
        lines += [f"{e}_body_precision={_fmt(b and b.precision)}", f"{e}_body_recall={_fmt(b and b.recall)}"]
    lines += [f"{e}_body_f1={_fmt(body[e] and body[e].f1)}" for e in ENGINES]
    lines += [f"{e}_title_acc={_fmt(day[e].accuracy('title'))}" for e in ENGINES]
    lines += [f"{e}_date_acc={_fmt(day[e].accuracy('published_at'))}" for e in ENGINES]
    lines.append(f"ours_datetime_acc={_fmt(exact.accuracy('published_at'))}")
    lines += [f"{e}_author_acc={_fmt(day[e].accuracy('author'))}" for e in ENGINES]
    lines.append(f"ours_view_count_acc={_fmt(exact.accuracy('view_count'))}")
    lines.append("trafilatura_view_count_acc=n.a.")
    for kind in ("captions", "related", "attachments"):
        s = exact.scores.get(kind)
        lines += [f"ours_{kind}_f1={_fmt(s and s.f1)}", f"trafilatura_{kind}_f1=n.a."]
    lines += [f"{e}_chrome_leak_pages={len(day[e].leaks)}" for e in ENGINES]
    lines.append(f"ours_goals_unmet={'; '.join(unmet_goals(exact, ratio)) or 'none'}")
    lines.append("date_acc: day only for both engines (trafilatura gives a day); datetime_acc: exact")
    lines += [""] + family_table(day)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
