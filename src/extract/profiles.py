"""Site profiles: per-portal-family knowledge, loaded from data/profiles.toml and validated."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, from PyPI
    import tomli as tomllib
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .vocab import VocabularyError

_LIST_KEYS = (
    "markers",
    "title",
    "date",
    "views",
    "author",
    "lead",
    "body",
    "drop",
    "captions",
    "related",
    "attachments",
)


@dataclass(frozen=True)
class Profile:
    name: str
    markers: tuple[str, ...]
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    views: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    attachments: tuple[str, ...] = field(default=())
    url_marker: str | None = None  # a regex on the page's canonical URL (or og:url)


@cache
def _raw() -> dict:
    return tomllib.loads(resources.files("extract.data").joinpath("profiles.toml").read_text("utf-8"))


@cache
def generic() -> Profile:
    """The selectors every page gets after its family's own ([generic] in profiles.toml)."""
    entry = _raw().get("generic", {})
    errors = _check("profiles.toml [generic]", {"name": "generic", "markers": ["*"], **entry})
    if errors:
        raise VocabularyError("; ".join(errors))
    lists: dict[str, Any] = {k: tuple(v) for k, v in entry.items() if k in _LIST_KEYS}
    return Profile(name="generic", markers=(), **lists)


def _check(where: str, entry: dict) -> list[str]:
    errors = []
    unknown = set(entry) - set(_LIST_KEYS) - {"name", "url_marker"}
    if unknown:
        errors.append(f"{where}: unknown keys {sorted(unknown)}")
    if not isinstance(entry.get("name"), str):
        errors.append(f"{where}: needs a name")
    if not entry.get("markers") and not entry.get("url_marker"):
        errors.append(f"{where}: needs at least one marker selector or a url_marker")
    if "url_marker" in entry:
        try:
            re.compile(entry["url_marker"])
        except (re.error, TypeError) as exc:
            errors.append(f"{where}: url_marker {entry['url_marker']!r} is not a valid regex ({exc})")
    probe = LexborHTMLParser("<html><body></body></html>")
    for k in _LIST_KEYS:
        for sel in entry.get(k, []):
            try:
                probe.css(sel)
            except Exception as exc:  # lexbor raises its own error types on bad CSS
                errors.append(f"{where}: {k} selector {sel!r} is not valid CSS ({exc})")
    return errors


@cache
def profiles() -> tuple[Profile, ...]:
    """All profiles, in the order they are tried, each followed by the generic selectors.
    Every bad entry is reported at once."""
    errors: list[str] = []
    out: list[Profile] = []
    base = generic()
    for i, entry in enumerate(_raw().get("profile", [])):
        where = f"profiles.toml profile #{i + 1} ({entry.get('name', '?')})"
        errors += _check(where, entry)
        own = {k: tuple(v) for k, v in entry.items() if k in _LIST_KEYS}
        merged = {
            k: own.get(k, ()) + tuple(x for x in getattr(base, k) if x not in own.get(k, ()))
            for k in _LIST_KEYS
        }  # noqa: E501
        merged["markers"] = own.get("markers", ())
        out.append(Profile(name=str(entry.get("name")), url_marker=entry.get("url_marker"), **merged))
    if errors:
        raise VocabularyError("; ".join(errors))
    return tuple(out)


_HEAD_ONLY = ("link[", "meta[")  # markers on <link>/<meta>: looked for in <head> only


@cache
def _marker_queries() -> tuple[tuple[Profile, str, str], ...]:
    # Per profile one selector list for <head> and one for the page: <head> is a few dozen
    # nodes, and each marker costs a pass over every node it is matched against.
    out = []
    for p in profiles():
        head = [m for m in p.markers if m.startswith(_HEAD_ONLY)]
        page = [m for m in p.markers if not m.startswith(_HEAD_ONLY)]
        out.append((p, ", ".join(head), ", ".join(page)))
    return tuple(out)


def recognise(tree: LexborHTMLParser) -> Profile:
    """The first profile with a marker on the page, else the generic one."""
    head = tree.head
    page_url: str | None = None
    for p, head_query, page_query in _marker_queries():
        if head_query and head is not None and head.css_first(head_query) is not None:
            return p
        if page_query and tree.css_first(page_query) is not None:
            return p
        if p.url_marker:
            page_url = _page_url(head) if page_url is None else page_url
            if re.search(p.url_marker, page_url):
                return p
    return generic()


def _page_url(head: LexborNode | None) -> str:
    """The page's own URL as it declares it (canonical link, else og:url); "" if none."""
    if head is None:
        return ""
    node = head.css_first("link[rel='canonical']")
    if node is not None and node.attributes.get("href"):
        return node.attributes.get("href") or ""
    node = head.css_first("meta[property='og:url']")
    return (node.attributes.get("content") or "") if node is not None else ""
