"""Pipeline configs: TOML files naming the sites to crawl and how politely (see demo.toml)."""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, from PyPI
    import tomli as tomllib

from scrape.settings import CrawlSettings, SiteSpec


class ConfigProblem(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


# Every crawl setting can be set in [crawl], except resolve (a test and demo device) and
# unverified_hosts (set per site with verify_tls = false).
_CRAWL_KEYS = {f.name for f in dataclasses.fields(CrawlSettings)} - {"resolve", "unverified_hosts"}
_SITE_LISTS = ("start_urls", "listing_patterns", "article_patterns", "sitemaps", "feeds", "extra_hosts")
_SITE_KEYS = {"name", "family", "title", "delay", "auto_discover", "verify_tls", *_SITE_LISTS}
_TOP_KEYS = {"crawl", "storage", "sites", "fixture_server", "title", "description"}
_STORAGE_KEYS = {"archive", "database"}


@dataclass
class PipelineConfig:
    path: Path
    settings: CrawlSettings
    sites: list[SiteSpec]
    families: dict[str, str] = field(default_factory=dict)  # site name -> family hint
    archive: Path = Path("data/archive.db")
    database: Path = Path("data/communes.db")
    fixture_root: Path | None = None
    raw: str = ""


def _unknown(where: str, data: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ConfigProblem(
            f"{where}: unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}"
        )


def load_config(path: str | Path) -> PipelineConfig:
    """Read and check a pipeline config; relative paths are taken from the working directory."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigProblem(f"{path}: no such config file") from None
    except OSError as exc:
        raise ConfigProblem(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigProblem(f"{path}: not valid TOML ({exc})") from None
    _unknown(str(path), data, _TOP_KEYS)
    crawl = data.get("crawl", {})
    _unknown(f"{path} [crawl]", crawl, _CRAWL_KEYS)
    storage = data.get("storage", {})
    _unknown(f"{path} [storage]", storage, _STORAGE_KEYS)
    sites_raw = data.get("sites", [])
    if not sites_raw:
        raise ConfigProblem(f"{path}: no [[sites]] to crawl")
    fixture = data.get("fixture_server", {})
    _unknown(f"{path} [fixture_server]", fixture, {"root"})
    sites, families = [], {}
    for n, s in enumerate(sites_raw, 1):
        where = f"{path} [[sites]] #{n}"
        _unknown(where, s, _SITE_KEYS)
        for key in ("name", "start_urls", "article_patterns"):
            if not s.get(key):
                raise ConfigProblem(f"{where}: '{key}' is required")
        for key in ("listing_patterns", "article_patterns"):
            for pattern in s.get(key, []):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigProblem(f"{where}: {key} {pattern!r} is not a valid regex ({exc})") from None
        for key in _SITE_LISTS:
            if key in s and not (isinstance(s[key], list) and all(isinstance(x, str) for x in s[key])):
                raise ConfigProblem(f"{where}: '{key}' must be a list of strings, e.g. {key} = [\"...\"]")
        try:
            lists: dict[str, Any] = {key: tuple(s[key]) for key in _SITE_LISTS if key in s}
            options = {key: s[key] for key in ("delay", "auto_discover", "verify_tls") if key in s}
            sites.append(SiteSpec(name=s["name"], **lists, **options))
        except (TypeError, ValueError) as exc:
            raise ConfigProblem(f"{where}: {exc}") from None
        families[s["name"]] = s.get("family", "")
    try:
        settings = CrawlSettings(**crawl)
    except (TypeError, ValueError) as exc:
        raise ConfigProblem(f"{path} [crawl]: {exc}") from None
    return PipelineConfig(
        path=path,
        settings=settings,
        sites=sites,
        families=families,
        archive=Path(storage.get("archive", "data/archive.db")),
        database=Path(storage.get("database", "data/communes.db")),
        fixture_root=Path(fixture["root"]) if fixture.get("root") else None,
        raw=raw,
    )
