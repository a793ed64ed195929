"""A found value as a Target record: its text, units, comparator, year and kind (plan or result).

The year marks and the plan words of a doc are read once per doc (Describer), not once per value.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, compress

from .nlp import TokenView
from .numbers import is_year
from .quantities import Quantity, period_names
from .records import Target
from .target_rules import OTHER, SCOPE_STOPS, Hit, indicator_rules, key_at, rules, starts_with
from .textnorm import fold

PERIOD = 0  # a year mark meaning "a period" ("nhiệm kỳ", "hằng năm"): the figure has no one year
THIS_YEAR = -1  # a year mark meaning the year reported on, else of publication ("cả năm", "hiện nay")
_LEAD_WORDS = 8  # "Năm 2024, …", "Đến cuối năm 2024, …", "Nhiệm kỳ 2015 - 2020, …": a few words
_BULLETS = frozenset(("-", "+", "•", "*", "–"))  # what opens the items of a list written as lines
_MAX_ITEMS = 30  # items of a list written without bullets, read back to its opening line
_CITED_TOKENS = 60  # tokens of an opener citing its source, up to its comma
_OPENER_WORDS = 3  # "Theo đó, …", "Bên cạnh đó, …": an opener before a lead


def _names_sector(v: TokenView, s: int, e: int, value: int) -> bool:
    """Does the phrase at s:e, or the two words after it, name one sector ("tổng giá trị sản
    xuất nông nghiệp", "tăng trưởng ngành dịch vụ")?"""
    k = e
    for _ in range(2):
        k = v.skip_blank(k)
        if k >= value or k >= len(v):
            break
        k += 1
    return rules().sectors.search(fold(v.span_text(s, min(k, value)))) is not None


def _line_start(v: TokenView, i: int) -> bool:
    """Does token i open a line?"""
    return i == 0 or "\n" in v.text[i - 1]


class Describer:
    """Turns the hits of one doc into Targets."""

    def __init__(self, v: TokenView, published_year: int | None) -> None:
        self.v = v
        self.published_year = published_year
        years = [i for i in compress(range(len(v)), v.like_num) if is_year(v.text[i])]
        self.marks, self.mark_value, self.deadlines = _year_marks(v, years)
        self.report_year = _report_year(v, self.marks, self.mark_value, published_year)
        self.plans: dict[int, int | None] = {}  # sentence start -> its first plan word
        self.paragraphs: dict[int, int] = {}  # sentence start -> its paragraph's start
        self.intros: dict[int, int] = {}  # a list's opening line's start -> its colon

    def __call__(self, hit: Hit) -> Target:
        v = self.v
        code, s, e, q = hit
        ind = indicator_rules()[code]
        if ind.whole_only and e > s and _names_sector(v, s, e, q.start):
            code, ind = OTHER, indicator_rules()[OTHER]  # "giá trị sản xuất nông nghiệp tăng 6,4%"
        start, end = min(s, q.start), max(e, q.end)
        sent_start, sent_end = v.sent_bounds(start)
        year = self.year(q, start, end, sent_start, sent_end)
        planned = self.planned(sent_start, sent_end, end)
        if not planned and year and self.published_year and year > self.published_year:
            planned = True
        if year is None and not planned:
            # A result with no year: the year its report is about, else the year it was reported in.
            year = self.report_year or self.published_year
        year = year or None  # PERIOD: a figure for a term or every year
        label_s, label_e = (s, e) if e > s else (q.start, q.end)
        start_char, end_char = v.idx[start], v.end_char(end - 1)
        return Target(
            text=v.source[start_char:end_char],
            indicator=code,
            label=v.span_text(label_s, label_e),
            value=int(q.value) if q.value.is_integer() else q.value,
            unit=q.unit_text,
            value_normalized=_clean(q.value * q.factor),
            unit_normalized=_normalized_unit(q, ind.accepts, ind.unit_normalized),
            comparator=_comparator(v, q),
            year=year,
            kind="target" if planned else "achieved",
            start=start_char,
            end=end_char,
            sentence=v.span_text(sent_start, sent_end).strip(),
            plan=_number(q.plan),
            value_max=_number(q.upper),
            percent_of_plan=_number(q.share),
        )

    def year(self, q: Quantity, start: int, end: int, sent_start: int, sent_end: int) -> int | None:
        """The year the figure is for, PERIOD, or None. The nearest year mark decides: right after
        the value, in its phrase, back then on in its clause (up to ";"), in the leads of its
        sentence ("Năm 2024, …", "Mục tiêu năm 2025: …") and of the sentences before it in its
        paragraph, then anywhere in those (a report names its year once, up front)."""
        v = self.v
        found = self.year_after(q.end, sent_end)
        if found:
            return found
        c_start, c_end = _clause_start(v, start, sent_start), _clause_end(v, end, sent_end)
        found = self.mark_before(c_start, end)
        if found is None:
            found = self.mark_after(end, c_end)
        if found is None and c_start > sent_start:
            found = self.lead_mark(sent_start, c_start)
            if found is None:  # "phấn đấu đến năm 2025 đạt chuẩn …; thu nhập …": for the whole plan
                found = self.mark_before(sent_start, _clause_end(v, sent_start, c_start), self.deadlines)
        s = sent_start
        paragraph = self.paragraph_start(sent_start)
        while found is None and s > paragraph and self.mark_before(paragraph, s) is not None:
            s, e = v.sent_bounds(s - 1)
            found = self.lead_mark(s, e)
        if found is None:
            found = self.mark_before(paragraph, sent_start)
        return (self.report_year or self.published_year) if found == THIS_YEAR else found

    def year_after(self, j: int, limit: int) -> int | None:
        """The year written right after a value ("4,65% năm 2019", "7,2% vào cuối năm 2022"), not
        a base of comparison ("tăng 5% so với năm 2018")."""
        v, comparisons = self.v, rules().comparisons
        for k in range(j, min(j + 5, limit)):
            if v.text[k] in SCOPE_STOPS or v.text[k] == "," or v.norm[k] in comparisons:
                return None
            if v.norm[k] == "nam":
                found = self.mark_after(k, k + 3)
                return found if found is not None and found > 0 else None
        return None

    def mark_before(self, lo: int, hi: int, marks: list[int] | None = None) -> int | None:
        """The value of the last year mark (of ``marks``, else of all) in doc[lo:hi], if any; a
        year written in the range goes before "cả năm" ("Năm 2016, lúa cả năm đạt …")."""
        marks = self.marks if marks is None else marks
        k = bisect_left(marks, hi) - 1
        if k < 0 or marks[k] < lo:
            return None
        found = self.mark_value[marks[k]]
        if found == THIS_YEAR:
            while k > 0 and marks[k - 1] >= lo:
                k -= 1
                if self.mark_value[marks[k]] > 0:
                    return self.mark_value[marks[k]]
        return found

    def lead_mark(self, start: int, end: int) -> int | None:
        """The year mark of a lead in doc[start:end], the last lead first: the words before a
        colon ("Phấn đấu đến năm 2030: …"), or a few words closed by a comma at the start of
        the sentence or after a colon, past an opener ("… nêu rõ: năm 2017, …", "Theo đó,
        nhiệm kỳ 2015 - 2020, …")."""
        if self.mark_after(start, end) is None:
            return None  # most sentences: no year mark at all
        text = self.v.text
        colons = [k for k in range(start, end) if text[k] == ":"]
        for before, colon in reversed(list(zip([start, *colons], colons, strict=False))):
            found = self.comma_lead(colon + 1, end)
            if found is None:
                found = self.mark_before(before, colon)
            if found is not None:
                return found
        found = self.comma_lead(start, end)
        for after in self.cited_source(start, end) if found is None else ():
            # "Theo Kế hoạch số 12/KH-UBND …, năm 2025, …", "Theo báo cáo …, năm 2020 tổng thu …"
            found = self.comma_lead(after, end)
            found = found if found is not None else self.opening_year(after, end)
            if found is not None:
                break
        return found if found is not None else self.opening_year(start, end)

    def cited_source(self, start: int, end: int) -> list[int]:
        """In a long opener citing a source ("Theo báo cáo do đồng chí A, Phó Chủ tịch UBND xã
        trình bày, …"): the tokens after its commas, where a lead may start."""
        first = self.v.skip_blank(start)
        if first >= end or key_at(self.v, first) != "theo":
            return []
        text = self.v.text
        return [k + 1 for k in range(first, min(end, first + _CITED_TOKENS)) if text[k] == ","]

    def opening_year(self, start: int, end: int) -> int | None:
        """The year a sentence opens with as its subject: "Năm 2021 là năm đầu thực hiện …"."""
        first = self.v.skip_blank(start)
        if first >= end or self.v.norm[first] != "nam":
            return None
        found = self.mark_after(first + 1, min(end, first + 3))
        return found if found is not None and found > 0 else None

    def comma_lead(self, start: int, end: int) -> int | None:
        """The year mark of the words closed by one of the first commas of doc[start:end]."""
        text = self.v.text
        commas = [k for k in range(start, min(end, start + _OPENER_WORDS + _LEAD_WORDS)) if text[k] == ","]
        for a, b in zip([start, *commas], commas, strict=False):
            if a > start + _OPENER_WORDS + 1:
                break
            found = self.mark_before(a, b)
            if found is not None:
                return found
        return None

    def mark_after(self, lo: int, hi: int, marks: list[int] | None = None) -> int | None:
        """The value of the first year mark (of ``marks``, else of all) in doc[lo:hi], if any."""
        marks = self.marks if marks is None else marks
        k = bisect_left(marks, lo)
        return self.mark_value[marks[k]] if k < len(marks) and marks[k] < hi else None

    def paragraph_start(self, i: int) -> int:
        """The first token of the paragraph of token i (read back once per paragraph). The items
        of a list written one a line ("- Năm 2025, …", then "- Tỷ lệ …") are one paragraph, with
        the line that opens them with a colon."""
        text = self.v.text
        j = i
        while j > 0 and "\n" not in text[j - 1] and j not in self.paragraphs:
            j -= 1
        start = self.paragraphs.get(j, j)
        while start > 1 and text[start] in _BULLETS and "\n" in text[start - 1]:
            before = self.paragraph_start(start - 1)
            if text[before] not in _BULLETS:
                colon = self.v.prev_solid(start - 1)
                if colon >= 0 and text[colon] == ":":  # "Năm 2024, phường phấn đấu …:" opens the list
                    self.intros[before] = colon
                if before in self.intros:  # the list's first item led back to its opening line
                    start = before
                break
            start = before
        if start > 0 and text[start] not in _BULLETS:
            start = self._unbulleted_item(start)
        self.paragraphs[i] = start
        return start

    def _unbulleted_item(self, start: int) -> int:
        """For a line that is an item of a list written without bullets (<li>s as lines), the
        start of the line that opens the list with a colon, the items before it closed by
        semicolons; else ``start``."""
        text, line = self.v.text, start
        for _ in range(_MAX_ITEMS):
            k = line - 1
            while k >= 0 and self.v.is_space[k]:
                k -= 1
            if k < 0 or "\n" not in text[k + 1] or text[k] not in (":", ";"):
                return start
            line = k
            while line > 0 and "\n" not in text[line - 1]:
                line -= 1
            if text[k] == ":":
                self.intros[line] = k
                return line
            if self.paragraphs.get(line) in self.intros:
                return self.paragraphs[line]
        return start

    def planned(self, sent_start: int, sent_end: int, end: int) -> bool:
        """Whether plan words (phấn đấu, chỉ tiêu...) come before token `end` in its sentence,
        other than in a result's share of its plan ("đạt 112,5% chỉ tiêu"), or in the line that
        opens its list ("Năm 2024, phường phấn đấu …:" then "- Tỷ lệ …")."""
        if sent_start not in self.plans:
            self.plans[sent_start] = _first_plan_word(self.v, sent_start, sent_end)
        first = self.plans[sent_start]
        if first is None and (self.v.text[sent_start] in _BULLETS or _line_start(self.v, sent_start)):
            colon = self.intros.get(self.paragraph_start(sent_start))
            if colon is not None and colon < sent_start:  # an item of a list whose opening line plans it
                return self.planned(self.v.sent_bounds(colon)[0], colon + 1, colon + 1)
        return first is not None and first < end


def _first_plan_word(v: TokenView, start: int, end: int) -> int | None:
    """The token where the first plan word of tokens start..end begins, read on folded keys."""
    r = rules()
    words = v.norm[start:end]
    text = " ".join(words)
    text = r.share_of_plan.sub(lambda m: " " * len(m.group()), text)  # lengths kept: offsets hold
    m = r.plan.search(text)
    if m is None:
        return None
    offsets = list(accumulate((len(w) + 1 for w in words), initial=0))
    return start + bisect_right(offsets, m.start()) - 1


def _normalized_unit(q: Quantity, accepts: frozenset[str], indicator_unit: str) -> str | None:
    if q.base is None or q.base in accepts:
        return indicator_unit
    names = period_names()
    return "/".join([q.base] + [names.get(p, p) for p in q.periods])


def _comparator(v: TokenView, q: Quantity) -> str:
    r = rules()
    k = v.skip_blank(q.end)
    two = " ".join(key_at(v, t) for t in range(k, min(k + 2, len(v))) if not v.is_space[t])
    if two in r.after:
        return r.after[two]
    before = [key_at(v, t) for t in range(max(0, q.start - 4), q.start) if not v.is_space[t]]
    for n in (3, 2, 1):
        if len(before) >= n and " ".join(before[-n:]) in r.before:
            found = r.before[" ".join(before[-n:])]
            return "eq" if q.upper is not None and found == "gte" else found  # "từ 3 - 4%": a range
    return "eq"


def _year_marks(v: TokenView, years: list[int]) -> tuple[list[int], dict[int, int], list[int]]:
    """The tokens that say which year a figure is for, in order, with their value: a year after
    "năm" or "đến" (not after "so với"), PERIOD for a period ("nhiệm kỳ", "hằng năm", "sau 10
    năm"), THIS_YEAR for "cả năm", "cuối năm" with no year after them. Also the years that are
    deadlines ("đến năm 2025")."""
    value: dict[int, int] = {}
    deadlines = []
    for b in years:
        a = v.prev_solid(b)
        if a >= 0 and v.norm[a] in ("nam", "den") and not _after_comparison(v, a):
            value[b] = int(v.text[b])
            before = v.prev_solid(a) if v.norm[a] == "nam" else a
            if before >= 0 and v.norm[before] == "den":
                deadlines.append(b)
    for label, s, e in v.matches:  # the vocabulary matcher found the period words
        if label == "YEAR_PERIOD":
            value[s] = PERIOD
        elif label == "YEAR_THIS" and v.skip_blank(e) not in value:  # not "cuối năm 2024"
            value[s] = THIS_YEAR
    for n in _durations(v):  # "sau 10 năm", "5 năm qua": a length of time
        value.setdefault(n, PERIOD)
    return sorted(value), value, deadlines


_REVIEW_REACH = 12  # tokens from "tổng kết" to its year: "tổng kết công tác giảm nghèo bền vững năm 2025"


def _report_year(v: TokenView, marks: list[int], value: dict[int, int], published: int | None) -> int | None:
    """The year a report is about, named after a review word in the first paragraph ("hội nghị
    tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026" -> 2025); not a later year than
    the publication's. It is the year of "cả năm" and of results that name no year."""
    end = next((k for k, t in enumerate(v.text) if "\n" in t), len(v))
    for label, s, e in v.matches:
        if s >= end:
            break
        if label != "YEAR_REVIEW":
            continue
        stop = min(e + _REVIEW_REACH, end)
        for k in range(bisect_left(marks, e), len(marks)):
            m = marks[k]
            if m >= stop or any(v.text[t] in SCOPE_STOPS for t in range(e, m)):
                break
            if value[m] > 0 and (published is None or value[m] <= published):
                return value[m]
    return None


def _durations(v: TokenView) -> list[int]:
    """The numbers of "N năm" that are a length of time (not "30 năm tuổi Đảng", an age)."""
    out = []
    n_tokens, norm = len(v), v.norm
    for n in compress(range(n_tokens), v.like_num):
        k = v.skip_blank(n + 1)
        if k < n_tokens and norm[k] == "nam" and not is_year(v.text[n]):
            after = v.skip_blank(k + 1)
            if after >= n_tokens or norm[after] != "tuoi":
                out.append(n)
    return out


def _after_comparison(v: TokenView, i: int) -> bool:
    """Do comparison words ("so với", "so với cùng kỳ") end within a few words before token i?"""
    comparisons = rules().comparisons
    return any(
        v.norm[k] in comparisons and starts_with(v, k, comparisons) is not None
        for k in range(max(0, i - 5), i)
    )


def _clause_start(v: TokenView, i: int, sent_start: int) -> int:
    """The start of the clause of token i: its sentence is cut at ";" (a list of figures, each
    with its own year: "thu nhập năm 2024 đạt …; tỷ lệ hộ nghèo còn …")."""
    while i > sent_start and v.text[i - 1] != ";":
        i -= 1
    return i


def _clause_end(v: TokenView, i: int, sent_end: int) -> int:
    """The end of the clause of the tokens before i (the next ";", else the sentence's end)."""
    while i < sent_end and v.text[i] != ";":
        i += 1
    return i


def _clean(x: float) -> float | int:
    r = round(x, 6)
    return int(r) if float(r).is_integer() else r


def _number(x: float | None) -> float | int | None:
    return None if x is None else (int(x) if float(x).is_integer() else x)
