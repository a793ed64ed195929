"""Score parse output against hand-written gold files (CONTRACT §4)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .chrome_leak import leaked_lines

PAGE_SUFFIXES = (".html", ".htm", ".txt")
# Page-level fields judged right or wrong as a whole, when the gold file has them.
EXACT_FIELDS = ("title", "published_at", "view_count", "author", "page_kind", "site_family")
# The accuracies of the per-family table.
FAMILY_FIELDS = ("title", "published_at", "view_count")


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
    leaks: list[str] = field(default_factory=list)  # pages whose body carries chrome
    families: dict[str, Report] = field(default_factory=dict)  # site family -> its pages alone

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def judge(self, name: str, ok: bool) -> None:
        right, total = self.exact.setdefault(name, [0, 0])
        self.exact[name] = [right + int(ok), total + 1]

    def accuracy(self, name: str) -> float | None:
        right, total = self.exact.get(name, (0, 0))
        return round(right / total, 4) if total else None

    def family_row(self) -> dict[str, Any]:
        """The per-family summary: body P/R/F1 and the metadata accuracies (None: not judged)."""
        body = self.scores.get("body")
        row: dict[str, Any] = {"pages": self.pages}
        for k in ("precision", "recall", "f1"):
            row[f"body_{k}"] = round(getattr(body, k), 4) if body else None
        row.update({key: self.accuracy(key) for key in FAMILY_FIELDS})
        row["chrome_leak_pages"] = len(self.leaks)
        return row

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "scores": {k: v.as_dict() for k, v in sorted(self.scores.items())},
            "accuracy": {k: round(r / t, 4) if t else 1.0 for k, (r, t) in sorted(self.exact.items())},
            "chrome_leak_pages": len(self.leaks),
            "families": {k: v.family_row() for k, v in sorted(self.families.items())},
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


def _judge_field(report: Report, name: str, label: str, pred: list, gold: list, key, field: str) -> None:
    """Judge one field of each gold entry that a prediction matches (by key, in page order)."""
    unmatched: dict[Any, list[dict]] = {}
    for p in pred:
        unmatched.setdefault(key(p), []).append(p)
    for g in gold:
        same = unmatched.get(key(g))
        if same:
            found = same.pop(0)
            ok = found.get(field) == g.get(field)
            report.judge(label, ok)
            if not ok:
                report.misses.append(
                    f"{name}: {field} of {g.get('text') or g.get('title')!r}: {found.get(field)!r}"
                )


def _related_key(r: dict) -> tuple:
    return norm(r.get("title")), (r.get("published_at") or "")[:16]


def _target_key(t: dict) -> tuple:
    return t.get("indicator"), _value(t)


def _value(x: dict) -> float | None:
    try:
        return round(float(x["value"]), 4)
    except (KeyError, TypeError, ValueError):
        return None


def _url_key(url: Any) -> str:
    """An attachment's identity: its path and query, percent-decoded (host and scheme dropped,
    so a relative gold URL matches an absolute prediction)."""
    parts = urlsplit(norm(url))
    return unquote(parts.path) + (f"?{unquote(parts.query)}" if parts.query else "")


def family_of(name: str, gold: dict) -> str:
    """The gold `site_family`, else the page's host directory (the first one with a dot,
    e.g. "phuocson.quangnam.test"), else its first directory."""
    if gold.get("site_family"):
        return str(gold["site_family"])
    dirs = Path(name).parts[:-1]
    return next((d for d in dirs if "." in d), dirs[0] if dirs else "-")


def score_page(report: Report, name: str, pred: dict, gold: dict, family: str | None = None) -> None:
    """Add one page's scores to the report and to its family's (`family_of` unless given).
    `name` is best the page's path relative to the gold directory: the family comes from it."""
    _score(report, name, pred, gold)
    fam = family or family_of(name, gold)
    _score(report.families.setdefault(fam, Report()), name, pred, gold)


def _score(report: Report, name: str, pred: dict, gold: dict) -> None:
    report.pages += 1
    for fld in EXACT_FIELDS:
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
        leaked = leaked_lines(pred.get("body"), gold)
        report.judge("no_chrome_leak", not leaked)
        if leaked:
            report.leaks.append(name)
            report.misses.append(f"{name}: chrome leak {leaked[:3]!r}")
    if "captions" in gold:
        report.score("captions").add(*_match(pred.get("captions") or [], gold["captions"], norm))
    if "attachments" in gold:
        report.score("attachments").add(
            *_match(
                pred.get("attachments") or [], gold["attachments"] or [], lambda a: _url_key(a.get("url"))
            )
        )
    if "related" in gold:
        report.score("related").add(*_match(pred.get("related") or [], gold["related"], _related_key))
        _judge_field(
            report, name, "related_blocks", pred.get("related") or [], gold["related"], _related_key, "block"
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
        report.score("targets").add(*_match(facts.get("targets", []), gfacts["targets"], _target_key))
        _judge_field(
            report, name, "target_years", facts.get("targets", []), gfacts["targets"], _target_key, "year"
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
    lines.append(f"chrome_leak_pages: {len(report.leaks)}")
    if report.families:
        lines += ["", format_families(report)]
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return f"{value:6.3f}" if value is not None else f"{'n.a.':>6}"


def format_families(report: Report) -> str:
    """One row per site family: pages, body P/R/F1, title / date / view-count accuracy, leaks."""
    width = max(len("family"), *(len(k) for k in report.families))
    head = ["body P", "body R", "bodyF1", "title", "date", "views"]
    lines = [f"{'family':{width}} {'pages':>5} " + " ".join(f"{h:>6}" for h in head) + "  leaks"]
    for fam, sub in sorted(report.families.items()):
        row = sub.family_row()
        cells = [row["body_precision"], row["body_recall"], row["body_f1"]]
        cells += [row[key] for key in FAMILY_FIELDS]
        line = f"{fam:{width}} {row['pages']:5d} " + " ".join(_cell(c) for c in cells)
        lines.append(line + f"  {row['chrome_leak_pages']:5d}")
    return "\n".join(lines)
