"""`make bench`: our page parser against trafilatura on the same fixture pages, speed and quality.

    python -m pipelines.bench_parse [--rounds 5]

Every HTML page under tests/fixtures that has a gold file is decoded once here and handed to
two fresh worker processes, one per engine, both pinned to CPU 0. Each runs one warm-up round
(imports, vocabularies, caches; its output is what gets scored). Then they take turns, CHUNK
pages at a time, for `--rounds` rounds over all pages: the speed of this shared machine drifts
by a quarter within a minute, and fine turns expose both engines to the same drift.
pages/s = pages x rounds / wall seconds spent parsing; `round_ratios` shows the spread.

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
        assert not isinstance(doc, dict), "bare_extraction gives a Document unless as_dict=True"
        return {"title": doc.title, "published_at": doc.date, "body": doc.text or "", "author": doc.author}

    return run


def _pipeline():
    """Parse plus every fact extractor: what `commune-news extract` runs per page."""
    from extract import parse_page

    def run(html: str) -> dict:
        return parse_page(html, kind="html").to_dict()

    return run


def _trafilatura_htmldate():
    """Boilerplate removal and a date only: trafilatura's text, htmldate's date."""
    import trafilatura
    from htmldate import find_date

    def run(html: str) -> dict:
        text = trafilatura.extract(html, include_comments=False, include_tables=True)
        return {"body": text or "", "published_at": find_date(html)}

    return run


FACTORIES = {
    "ours": _ours,
    "trafilatura": _trafilatura,
    "pipeline": _pipeline,
    "trafilatura_htmldate": _trafilatura_htmldate,
}


def worker(engine: str) -> None:
    """Serve timing requests on stdin, one JSON line each; answer one JSON line each.

    First line: the pages (a JSON list of HTML strings); the answer is the outputs of one
    warm-up round (imports, vocabularies, caches), which are what gets scored. Then each line
    ``[start, stop]`` parses those pages once and answers ``[wall_seconds, cpu_seconds]``."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {CPU})
    run = FACTORIES[engine]()
    pages = json.loads(sys.stdin.readline())
    print(json.dumps([run(html) for html in pages]), flush=True)
    for line in sys.stdin:
        start, stop = json.loads(line)
        wall, cpu = time.perf_counter(), time.process_time()
        for html in pages[start:stop]:
            run(html)
        print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]), flush=True)


# ---------------------------------------------------------------- driver


class _Worker:
    """A fresh worker process for one engine, driven a line at a time."""

    def __init__(self, engine: str, payload: str) -> None:
        cmd = [sys.executable, "-m", "pipelines.bench_parse", "--worker", engine]
        self.engine = engine
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
        self.outputs = self._ask(payload)

    def _ask(self, line: str) -> Any:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise SystemExit(f"bench_parse: the {self.engine} worker failed:\n{err[-3000:]}")
        return json.loads(answer)

    def time(self, start: int, stop: int) -> float:
        """Wall seconds to parse pages[start:stop] once."""
        return self._ask(json.dumps([start, stop]))[0]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


CHUNK = 31  # pages per turn: turns of about 0.1 s (ours) and 1 s (trafilatura)


def measure(
    payload: str, n_pages: int, rounds: int, engines: tuple[str, str] = ENGINES
) -> tuple[dict[str, list[dict]], dict[str, float], list[float]]:
    """Outputs per engine, wall seconds per engine over all rounds, and each round's ratio
    (the second engine's time over the first's).

    The two workers take turns on the same core, a chunk of pages each: the speed of a shared
    machine drifts a lot within a minute, and fine turns expose both engines to the same drift."""
    workers = {e: _Worker(e, payload) for e in engines}
    try:
        totals = dict.fromkeys(engines, 0.0)
        round_ratios = []
        for _ in range(rounds):
            spent = dict.fromkeys(engines, 0.0)
            for start in range(0, n_pages, CHUNK):
                for e in engines:
                    spent[e] += workers[e].time(start, min(start + CHUNK, n_pages))
            for e in engines:
                totals[e] += spent[e]
            round_ratios.append(spent[engines[1]] / spent[engines[0]])
        return {e: w.outputs for e, w in workers.items()}, totals, round_ratios
    finally:
        for w in workers.values():
            w.close()


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
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over all pages, after a warm-up")
    parser.add_argument("--worker", choices=sorted(FACTORIES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return

    from .cli import read_page  # the same decoding as `commune-news parse`

    pairs = [(p, load_gold(g)) for p, g in gold_pairs(FIXTURES) if p.suffix.lower() in (".html", ".htm")]
    if not pairs:
        raise SystemExit("bench_parse: no HTML pages with gold files under tests/fixtures")
    payload = json.dumps([read_page(p)[0] for p, _ in pairs])
    outputs, totals, round_ratios = measure(payload, len(pairs), args.rounds)
    rates = {e: args.rounds * len(pairs) / totals[e] for e in ENGINES}
    ratio = rates["ours"] / rates["trafilatura"]

    day = {e: score(pairs, outputs[e], day_only=True) for e in ENGINES}
    exact = score(pairs, outputs["ours"], day_only=False)
    body = {e: day[e].scores.get("body") for e in ENGINES}
    lines = [
        f"pages={len(pairs)}",
        f"rounds={args.rounds} chunk={CHUNK} cpu={CPU}",
        f"ours_pages_per_s={rates['ours']:.1f}",
        f"trafilatura_pages_per_s={rates['trafilatura']:.1f}",
        f"parse_vs_trafilatura={ratio:.2f}",
        f"round_ratios={' '.join(f'{r:.2f}' for r in round_ratios)}",
    ]
    for e in ENGINES:
        b = body[e]
        lines += [
            f"{e}_body_precision={_fmt(b.precision if b else None)}",
            f"{e}_body_recall={_fmt(b.recall if b else None)}",
        ]
    for e in ENGINES:
        b = body[e]
        lines.append(f"{e}_body_f1={_fmt(b.f1 if b else None)}")
    lines += [f"{e}_title_acc={_fmt(day[e].accuracy('title'))}" for e in ENGINES]
    lines += [f"{e}_date_acc={_fmt(day[e].accuracy('published_at'))}" for e in ENGINES]
    lines.append(f"ours_datetime_acc={_fmt(exact.accuracy('published_at'))}")
    lines += [f"{e}_author_acc={_fmt(day[e].accuracy('author'))}" for e in ENGINES]
    lines.append(f"ours_view_count_acc={_fmt(exact.accuracy('view_count'))}")
    lines.append("trafilatura_view_count_acc=n.a.")
    for kind in ("captions", "related", "attachments"):
        s = exact.scores.get(kind)
        lines += [f"ours_{kind}_f1={_fmt(s.f1 if s else None)}", f"trafilatura_{kind}_f1=n.a."]
    lines += [f"{e}_chrome_leak_pages={len(day[e].leaks)}" for e in ENGINES]
    lines.append(f"ours_goals_unmet={'; '.join(unmet_goals(exact, ratio)) or 'none'}")
    lines.append("date_acc: day only for both engines (trafilatura gives a day); datetime_acc: exact")
    lines += [""] + family_table(day)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
