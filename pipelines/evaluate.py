"""Score parse output against hand-written gold files (CONTRACT §4)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_SUFFIXES = (".html", ".htm", ".txt")


def norm(text: Any) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text or ""))).strip()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    pages: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    exact: dict[str, list[int]] = field(default_factory=dict)  # field -> [right, judged]
    misses: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def judge(self, name: str, ok: bool) -> None:
        right, total = self.exact.setdefault(name, [0, 0])
        self.exact[name] = [right + int(ok), total + 1]

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "scores": {k: v.as_dict() for k, v in sorted(self.scores.items())},
            "accuracy": {k: round(r / t, 4) if t else 1.0 for k, (r, t) in sorted(self.exact.items())},
        }


def gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(page, gold) pairs under a directory, sorted."""
    pairs = []
    for gold in sorted(directory.rglob("*.expected.json")):
        stem = gold.name[: -len(".expected.json")]
        for suffix in PAGE_SUFFIXES:
            page = gold.with_name(stem + suffix)
            if page.exists():
                pairs.append((page, gold))
                break
    return pairs


def _match(pred: list, gold: list, key) -> tuple[int, int, int]:
    """Multiset match of prediction keys against gold keys."""
    p, g = Counter(key(x) for x in pred), Counter(key(x) for x in gold)
    tp = sum((p & g).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp


def _value(x: dict) -> float | None:
    try:
        return round(float(x.get("value")), 4)
    except (TypeError, ValueError):
        return None


def score_page(report: Report, name: str, pred: dict, gold: dict) -> None:
    """Add one page's scores to the report."""
    report.pages += 1
    for fld in ("title", "published_at", "view_count"):
        if fld in gold:
            ok = (
                norm(pred.get(fld)) == norm(gold.get(fld))
                if gold.get(fld) is not None
                else pred.get(fld) is None
            )
            report.judge(fld, ok)
            if not ok:
                report.misses.append(f"{name}: {fld} {pred.get(fld)!r} != {gold.get(fld)!r}")
    if "body" in gold:
        tp, fp, fn = _match(norm(pred.get("body")).split(), norm(gold["body"]).split(), lambda w: w)
        report.score("body").add(tp, fp, fn)
        page = Score(tp, fp, fn)
        report.judge("body_f1>=0.99", page.f1 >= 0.99)
        if page.f1 < 0.99:
            report.misses.append(f"{name}: body F1 {page.f1:.3f}")
    if "captions" in gold:
        report.score("captions").add(*_match(pred.get("captions") or [], gold["captions"], norm))
    if "related" in gold:
        report.score("related").add(
            *_match(
                pred.get("related") or [],
                gold["related"],
                lambda r: (norm(r.get("title")), (r.get("published_at") or "")[:16]),
            )
        )
    facts, gfacts = pred.get("facts") or {}, gold.get("facts") or {}
    if "officials" in gfacts:
        report.score("officials").add(
            *_match(
                facts.get("officials", []),
                gfacts["officials"],
                lambda o: norm(o.get("name")).lower(),
            )
        )
        predicted = {
            norm(o.get("name")).lower(): norm(o.get("title_text")) for o in facts.get("officials", [])
        }
        for o in gfacts["officials"]:
            ok = predicted.get(norm(o.get("name")).lower()) == norm(o.get("title_text"))
            report.judge("official_titles", ok)
            if not ok:
                report.misses.append(
                    f"{name}: title of {o.get('name')}: {predicted.get(norm(o.get('name')).lower())!r}"
                )
    if "awards" in gfacts:
        report.score("awards").add(
            *_match(
                facts.get("awards", []),
                gfacts["awards"],
                lambda a: (a.get("recipient_kind"), a.get("count")),
            )
        )
    if "targets" in gfacts:
        report.score("targets").add(
            *_match(
                facts.get("targets", []),
                gfacts["targets"],
                lambda t: (t.get("indicator"), _value(t)),
            )
        )
    if "dates" in gfacts:
        ev = [d for d in facts.get("dates", []) if d.get("role") == "event"]
        gev = [d for d in gfacts["dates"] if d.get("role") == "event"]
        report.score("event_dates").add(*_match(ev, gev, lambda d: str(d.get("value"))[:10]))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def format_report(report: Report) -> str:
    lines = [f"pages: {report.pages}", f"{'':16} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
    for name, s in sorted(report.scores.items()):
        lines.append(f"{name:16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {s.tp}/{s.fp}/{s.fn}")
    for name, (right, total) in sorted(report.exact.items()):
        lines.append(f"{name:16} accuracy {right}/{total} = {right / total if total else 1:.3f}")
    return "\n".join(lines)
