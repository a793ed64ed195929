"""Records that parsing produces: an article with its page metadata and its facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RelatedItem:
    title: str
    url: str | None = None
    published_at: str | None = None
    block: str = "related"  # related | latest | other


@dataclass
class Attachment:
    url: str
    title: str


@dataclass
class DateFact:
    text: str
    value: str
    part_of_day: str | None
    role: str  # published | event | document | other
    start: int
    end: int
    sentence: str = ""


@dataclass
class Official:
    name: str
    titles: list[str]
    title_text: str
    org_level: str  # commune | district | province | central | unknown
    role: str | None  # chair | attend | speak | report
    start: int
    end: int
    titles_expanded: list[str] = field(default_factory=list)
    text: str = ""
    sentence: str = ""


@dataclass
class Award:
    text: str
    recipient_kind: str  # collective | individual | mixed (one count for both: "45 tập thể và cá nhân")
    recipient: str
    count: int
    award: str
    reason: str | None
    year: int | None
    start: int
    end: int
    awarding_body: str | None = None
    is_total: bool = False  # a stated total whose breakdown is also listed: do not add it up
    sentence: str = ""


@dataclass
class Target:
    text: str
    indicator: str
    label: str
    value: float
    unit: str | None
    value_normalized: float | None
    unit_normalized: str | None
    comparator: str  # eq | gte | lte | gt | lt
    year: int | None
    kind: str  # target | achieved
    start: int
    end: int
    sentence: str = ""
    plan: float | None = None  # Y of "X/Y" read as achieved over planned ("giao quân 25/25")
    value_max: float | None = None  # the upper end of a range ("8,5 - 9%/năm")
    percent_of_plan: float | None = None  # "đạt … bằng 107% kế hoạch"


@dataclass
class Facts:
    dates: list[DateFact] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Article:
    source: str
    url: str | None
    site_family: str
    page_kind: str  # article | listing | not_found | media_only
    title: str
    published_at: str | None
    published_source: str | None
    view_count: int | None
    author: str | None
    body: str
    captions: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of CONTRACT §2 (plus a few extra fields). Built by hand: the records
        are flat, and dataclasses.asdict deep-copies every value (a tenth of a parse)."""
        data = dict(vars(self))
        data["captions"] = list(self.captions)
        data["warnings"] = list(self.warnings)
        data["attachments"] = [dict(vars(a)) for a in self.attachments]
        data["related"] = [dict(vars(r)) for r in self.related]
        data["facts"] = {
            kind: [_fact_dict(f) for f in getattr(self.facts, kind)]
            for kind in ("dates", "officials", "awards", "targets")
        }
        return data


def _fact_dict(fact: Any) -> dict[str, Any]:
    data = {k: list(v) if isinstance(v, list) else v for k, v in vars(fact).items()}
    data.pop("sentence", None)  # the sentence goes to the database, not to the JSON
    return data
