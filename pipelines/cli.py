"""The `commune-news` command: a thin shell over the library (see CONTRACT.md §1)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extract import parse_page
from extract.vocab import VocabularyError

from . import evaluate
from .config import ConfigProblem

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class UsageProblem(Exception):
    """A mistake in what the user asked for; printed without a traceback, exit 2."""


def _pages(paths: list[str]) -> list[Path | str]:
    out: list[Path | str] = []
    for p in paths:
        if p == "-":
            out.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(x for x in path.iterdir() if x.suffix.lower() in evaluate.PAGE_SUFFIXES)
            if not found:
                raise UsageProblem(f"{p}: no .html, .htm or .txt pages in this directory")
            out.extend(found)
        elif not path.exists():
            raise UsageProblem(f"{p}: no such file or directory")
        elif path.suffix.lower() not in evaluate.PAGE_SUFFIXES:
            raise UsageProblem(f"{p}: not a page (expected .html, .htm or .txt, or - for stdin)")
        else:
            out.append(path)
    return out


def read_page(path: Path | str) -> tuple[str, str]:
    """(content, kind) of a saved page; raises UsageProblem for empty or binary files."""
    if path == "-":
        return sys.stdin.read(), "html"
    data = Path(path).read_bytes()
    if not data.strip():
        raise UsageProblem(f"{path}: the file is empty")
    if b"\x00" in data[:4096]:
        raise UsageProblem(f"{path}: binary data, not an HTML or text page")
    from scrape.decode import decode_html  # the same decoding as for crawled pages

    kind = "text" if str(path).lower().endswith(".txt") else "html"
    return decode_html(data, None), kind


def cmd_parse(args: argparse.Namespace) -> int:
    pages = _pages(args.paths)
    failed = 0
    for page in pages:
        try:
            content, kind = read_page(page)
        except UsageProblem as exc:
            if len(pages) == 1:
                raise
            print(f"commune-news: {exc}", file=sys.stderr)
            failed += 1
            continue
        article = parse_page(content, kind=kind, source=str(page), url=args.url)
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    directory = Path(args.gold_dir)
    if not directory.is_dir():
        raise UsageProblem(f"{directory}: not a directory")
    pairs = evaluate.gold_pairs(directory)
    if not pairs:
        raise UsageProblem(f"{directory}: no pages with a NAME.expected.json gold file")
    report = evaluate.Report()
    for page, gold_path in pairs:
        content, kind = read_page(page)
        article = parse_page(content, kind=kind, source=str(page))
        try:
            gold = evaluate.load_gold(gold_path)
        except json.JSONDecodeError as exc:
            raise UsageProblem(f"{gold_path}: not valid JSON ({exc})") from None
        evaluate.score_page(report, str(page.relative_to(directory)), article.to_dict(), gold)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(evaluate.format_report(report))
        if args.verbose and report.misses:
            print("\n".join(["", "misses:"] + report.misses))
    return EXIT_OK


def cmd_crawl(args: argparse.Namespace) -> int:
    from .run import crawl_command

    return crawl_command(args.config, args.archive, args.max_pages)


def cmd_extract(args: argparse.Namespace) -> int:
    from .run import extract_command

    return extract_command(args.archive, args.db, args.all, args.config)


def cmd_run(args: argparse.Namespace) -> int:
    from .run import run_command

    return run_command(args.config, args.max_pages)


def cmd_demo(args: argparse.Namespace) -> int:
    from .run import demo_command

    return demo_command()


def cmd_export_warc(args: argparse.Namespace) -> int:
    from .export import export_warc_command

    return export_warc_command(args.archive, args.output)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commune-news",
        description="Crawl Vietnamese commune news portals and extract officials, awards, "
        "targets and dates into SQLite for Datasette.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse saved pages and print one JSON object per page")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".html/.htm/.txt file, directory, or -")
    p.add_argument("--json", action="store_true", help="JSON Lines output (the default)")
    p.add_argument("--url", help="the page's URL, to resolve relative links")
    p.set_defaults(func=cmd_parse)
    c = sub.add_parser("crawl", help="fetch the sites of a pipeline config into the archive")
    c.add_argument("--config", default="pipelines/demo.toml")
    c.add_argument("--archive", default=None, help="default: the config's, or data/archive.db")
    c.add_argument("--max-pages", type=int, default=None)
    c.set_defaults(func=cmd_crawl)
    e = sub.add_parser("extract", help="extract archived pages into the analysis database")
    e.add_argument("--archive", default="data/archive.db")
    e.add_argument("--db", default="data/communes.db")
    e.add_argument("--all", action="store_true", help="re-extract every page")
    e.add_argument("--config", default=None, help="config whose site names and families to use")
    e.set_defaults(func=cmd_extract)
    r = sub.add_parser("run", help="crawl then extract: the command for cron")
    r.add_argument("--config", default="pipelines/demo.toml")
    r.add_argument("--max-pages", type=int, default=None)
    r.set_defaults(func=cmd_run)
    d = sub.add_parser("demo", help="run the whole pipeline on the bundled fixture portal")
    d.set_defaults(func=cmd_demo)
    w = sub.add_parser("export-warc", help="write the archive as a WARC file for web-archive tools")
    w.add_argument("--archive", default="data/archive.db")
    w.add_argument("--output", default="data/archive.warc.gz", help="FILE.warc.gz (gzip) or FILE.warc")
    w.set_defaults(func=cmd_export_warc)
    v = sub.add_parser("eval", help="score parse against NAME.expected.json gold files")
    v.add_argument("gold_dir", metavar="GOLD_DIR")
    v.add_argument("--json", action="store_true")
    v.add_argument("-v", "--verbose", action="store_true", help="list each miss")
    v.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (UsageProblem, ConfigProblem, VocabularyError) as exc:
        print(f"commune-news: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("commune-news: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
