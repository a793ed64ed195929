"""All facts of one article body, from the shared rule pipeline."""

from __future__ import annotations

from .awards import find_awards
from .nlp import pipeline
from .officials import find_officials
from .records import Facts
from .targets import find_targets
from .textdates import find_dates


def extract_facts(body: str, published_at: str | None = None) -> Facts:
    """Dates, officials, awards and targets of a body; offsets index ``body``."""
    year = int(published_at[:4]) if published_at and published_at[:4].isdigit() else None
    if not body.strip():
        return Facts()
    doc = pipeline()(body)
    return Facts(
        dates=find_dates(body, year, published_at),
        officials=find_officials(doc),
        awards=find_awards(doc),
        targets=find_targets(doc, year),
    )
