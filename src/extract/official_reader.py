"""Reading people's names on the token view: the token tests the title and mention rules share (their
lexicon is official_lexicon.py).

A name is a run of capitalised words ("Nguyễn Văn Duy", "Y Ngông Niê Kdăm") that starts with a known
family name, a minority-name marker (A, Y, K'…, Ksor) or any capitalised word after a prefix
("đồng chí", "bà") or inside a list of people. An apostrophe glued between letters joins one word
("H'Zuê", "K'Thạch"; "M'gar" in a place name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property

from spacy.tokens import Doc

from .nlp import doc_view
from .official_lexicon import lexicon
from .textnorm import fold, word_key

APOSTROPHES = frozenset({"'", "’", "‘"})
GLUE = ("-", "&", "/")  # inside an abbreviation: "KT-XH", "GD&ĐT"
_MAX_NAME = 5  # words in a personal name ("Y Kông Ksơr Êban", "Danh Thị Sô Phia")
_MAX_RUN = 8  # capitalised words read before a name is chosen from them
_PLACE_AND_NAME = 5  # capitalised words after a level: a two-word place and a name, not one name
_NAME_MIDDLES = frozenset({"văn", "thị"})  # the middle names that only names have
_MAX_PLACE = 4  # words in a place name after its level ("huyện Bù Gia Mập")
_ROLE_LABELS = ("ROLE_chair", "ROLE_report", "ROLE_speak", "ROLE_attend")
_STOP_LABELS = frozenset((*_ROLE_LABELS, "PREFIX"))
_MULTI_LABELS = ("ORG", "TITLE_HEAD", "LEVEL_commune", "LEVEL_district", "LEVEL_province", "LEVEL_central")
_OWN_LABELS = frozenset((*_MULTI_LABELS, *_STOP_LABELS, "APPOINT"))


def _skipper(blank: Sequence[bool], n: int) -> Callable[[int], int]:
    """skip(i): the first token at or after i that is not a blank (TokenView.skip_blank without
    its len() per call: the rules ask for it tens of thousands of times a page)."""

    def skip(i: int) -> int:
        while i < n and blank[i]:
            i += 1
        return i

    return skip


def _roman(text: str) -> bool:
    return bool(text) and text.isupper() and set(text) <= set("IVXLC")


def is_abbr(text: str) -> bool:
    """An all-capitals abbreviation ("UBND", "HUV", "XV")."""
    return len(text) >= 2 and text.isupper() and text.isalpha()


class Reader:
    """One document's token view with the token tests of the officials rules (plain lists only)."""

    def __init__(self, doc: Doc) -> None:
        v = self.v = doc_view(doc)
        self.n = len(v)
        self.text, self.lower = v.text, v.lower
        self.cap, self.space_after, self.sent_of = v.is_cap, v.space_after, v.sent_of
        self.lex = lexicon()
        self.skip = _skipper(v.blank, self.n)
        self.matches, self.labels = self._own_matches()
        self.levels = self._level_spans()  # (start, end, level) of the place levels named
        # level_end[k]: a place-level match ("xã", "Huyện ủy") ends just before token k.
        self.level_end = [False] * (self.n + 1)
        for _, end, _ in self.levels:
            self.level_end[end] = True

    def _own_matches(self) -> tuple[list[tuple[str, int, int]], list[Mapping[str, int]]]:
        """The vocabulary matches of officials' labels, and per token their label -> longest end,
        without the matches that run over a dash, comma or semicolon the phrase does not have:
        "Thành – Phó" is no "thành phố", nor "Hiếu - Trưởng" "hiệu trưởng"."""
        v, spaced = self.v, self.lex.spaced
        kept: list[tuple[str, int, int]] = []
        dropped: set[int] = set()
        for match in v.matches:
            label, s, e = match
            if label not in _OWN_LABELS:
                continue
            if (
                e - s > 2
                and any(v.is_punct[k] and not self.glued(k) for k in range(s + 1, e - 1))
                and tuple(v.norm[k] for k in range(s, e) if v.content[k]) not in spaced
            ):
                dropped.add(s)
                continue
            kept.append(match)
        if not dropped:
            return kept, v.labels
        labels = list(v.labels)  # the tables of other tokens are shared, never changed
        for s in dropped:
            labels[s] = {}
        kept_set = set(kept)
        for label, s, e in v.matches:
            if s in dropped and (label not in _OWN_LABELS or (label, s, e) in kept_set):
                table = labels[s]
                table[label] = max(e, table.get(label, 0))  # type: ignore[index]
        return kept, labels

    def _level_spans(self) -> list[tuple[int, int, str]]:
        """Level matches that are not part of a longer phrase: "xã" in "xã hội" or "Ban Kinh tế - Xã
        hội" names no commune, nor "bộ" in "Chi bộ" a ministry."""
        spans: list[tuple[int, int, str]] = []
        covered = 0  # furthest end of the phrases that start before the current token
        start_of, furthest = -1, 0
        for label, s, e in self.matches:  # by start, longest first
            if s != start_of:
                if furthest > covered:
                    covered = furthest
                start_of, furthest = s, 0
            if label == "ORG":
                if e > furthest:
                    furthest = e
            elif label.startswith("LEVEL_"):  # a title head does not hide its level ("Huyện ủy viên")
                if e > covered and e >= furthest:
                    spans.append((s, e, label[6:]))
                if e > furthest:
                    furthest = e
        return spans

    @cached_property
    def places(self) -> frozenset[str]:
        """The places the page names outside any title ("tại xã Ninh Thới Đông", "Xã Ninh Thới
        Đông có …"): a level word after no organisation or title, and the capitalised words
        after it as word keys. Such words after a title's level are that place again, no name
        ("Ủy ban MTTQ xã Ninh Thới Đông tổ chức …")."""
        named_ends = {e for label, _, e in self.matches if label == "ORG" or label == "TITLE_HEAD"}
        found = set()
        for s, e, _ in self.levels:
            p = self.prev(s)
            if p >= 0 and (self.cap[p] or is_abbr(self.text[p]) or p + 1 in named_ends):
                continue  # "Ủy ban MTTQ Việt Nam xã …", "UBND xã …": an organisation's level
            words = [word_key(self.text[u]) for u in self.cap_run(self.skip(e), _MAX_PLACE)]
            if words and not self._name_shaped(words):
                found.add(" ".join(words))
        return frozenset(found)

    def _name_shaped(self, words: list[str]) -> bool:
        """A family name and a middle name first ("Huỳnh Thị Mỹ Tiên" after "Tư pháp - Hộ tịch
        xã"): a person, whatever stands before the level."""
        return len(words) >= 3 and words[0] in self.lex.surnames and words[1] in _NAME_MIDDLES

    # ---- tokens --------------------------------------------------------------
    def prev(self, i: int) -> int:
        """The last token before i that is not a blank (-1 if none)."""
        return self.v.prev_solid(i)

    def line_word(self, k: int, limit: int) -> int:
        """The first token from k on that is not a blank, or limit when a line break or limit
        comes first: how a title or organisation name reads on (it never crosses a line)."""
        k = self.skip(k)
        return k if k < limit and not self.v.is_space[k] else limit

    def glued(self, k: int) -> bool:
        """Token k touches both neighbours (no space either side): "KT-XH", "H'Zuê"."""
        return 0 < k < self.n - 1 and not self.space_after[k - 1] and not self.space_after[k]

    def unit_end(self, k: int) -> int:
        """End of the word at k with the pieces an apostrophe glues to it ("H'Zuê", "M'gar")."""
        j = k + 1
        while j + 1 < self.n and self.text[j] in APOSTROPHES and self.v.is_alpha[j + 1]:
            if not self.glued(j):
                # "K' Brếp": a one-letter marker, its apostrophe, a space, then the name's word
                spaced = len(self.text[k]) == 1 and not self.space_after[j - 1] and self.cap[j + 1]
                if not (spaced and j == k + 1):
                    break
            j += 2
        return j

    def abbr_end(self, k: int) -> int:
        """End of an abbreviation at k with the ones "-", "&" or "/" glue to it ("LĐ-TB&XH", "KT-XH")."""
        j = k + 1
        while j + 1 < self.n and self.text[j] in GLUE and self.glued(j) and is_abbr(self.text[j + 1]):
            j += 2
        return j

    def multi_match_at(self, k: int) -> bool:
        """An organisation, title or level phrase of several words starts at k ("Ban Thường vụ")."""
        labels = self.labels[k]
        return bool(labels) and any(labels.get(lbl, 0) > k + 1 for lbl in _MULTI_LABELS)

    def stops_title(self, k: int) -> bool:
        """A role verb or a prefix starts at k: a title never runs over one."""
        labels = self.labels[k]
        return bool(labels) and not _STOP_LABELS.isdisjoint(labels)

    @cached_property
    def _inside_org(self) -> frozenset[int]:
        """Tokens inside an organisation's name, after its first: "Chủ tịch" in "Đoàn Chủ tịch"
        (a congress's presidium), no person's title."""
        return frozenset(k for label, s, e in self.matches if label == "ORG" for k in range(s + 1, e))

    def title_starts(self, i: int) -> bool:
        if i >= self.n:
            return False
        if self.labels[i].get("TITLE_HEAD") and i not in self._inside_org:
            return True
        if self.text[i] in self.lex.title_abbr:
            return True
        return self.lower[i] == "nguyên" and self.title_starts(self.skip(i + 1))

    # ---- names ---------------------------------------------------------------
    def name_word(self, k: int) -> bool:
        """A capitalised word that may be part of a name (not "M'gar": a place)."""
        if k >= self.n or not self.cap[k]:
            return False
        end = self.unit_end(k)
        return end == k + 1 or self.cap[end - 1]

    def cap_run(self, i: int, limit: int = _MAX_RUN) -> list[int]:
        """Starts of the name-like words from i: capitalised, no title, level or stop word among them."""
        units: list[int] = []
        j = i
        while j < self.n and len(units) < limit and self.name_word(j):
            if units and self._ends_name(j, len(units)):
                break
            units.append(j)
            j = self.unit_end(j)
        return units

    def _ends_name(self, j: int, words: int) -> bool:
        """Whether the capitalised word j ends a name of this many words: a title or organisation
        starts there, except a middle name right after the family name ("Chu Văn Phòng")."""
        key_ = word_key(self.text[j])
        if key_ in self.lex.name_stops:
            # "Lê Văn Tỉnh, Chủ tịch …": a given name like a level word, closed by punctuation.
            nxt = self.skip(self.unit_end(j))
            return nxt < self.n and not self.v.is_punct[nxt]
        if words == 1 and key_ in self.lex.middle_names and self.name_word(self.unit_end(j)):
            return False
        return self.title_starts(j) or self.multi_match_at(j)

    def name_start_ok(self, i: int, relaxed: bool) -> bool:
        """Whether a name may start at i: a family name or marker, or any word when relaxed."""
        labels = self.labels[i]
        if labels and (labels.get("TITLE_HEAD") or labels.get("PREFIX") or self.multi_match_at(i)):
            return False
        first = word_key(self.text[i])
        if first in self.lex.not_names:
            return False
        if relaxed or first in self.lex.surnames or first in self.lex.markers:
            return True
        return self.unit_end(i) > i + 1 or self.family_name_at(i)  # "H'Zuê", "K'Thạch"

    def family_name_at(self, i: int) -> bool:
        """A family name the lexicon lacks, told by "Văn" or "Thị" after it and a given name
        ("Moong Văn Thắng", "Lò Thị Hoa")."""
        j = self.skip(i + 1)
        if j + 1 >= self.n or self.lower[j] not in _NAME_MIDDLES or not self.cap[j]:
            return False
        return self.name_word(self.skip(j + 1))

    def name_at(self, i: int, relaxed: bool = False) -> int | None:
        """End of a personal name starting at token i, or None.

        relaxed: after a prefix or inside a list of people, where any capitalised word may start
        a name. Right after a place level ("xã", "huyện") or its place name a two-word run is a
        place ("xã Tân Hòa", "xã An Lương Đông") unless a minority-name marker starts it ("xã Y
        Hiền", "huyện Đăk Hà A Minh").
        """
        if i >= self.n or not self.name_word(i) or not self.name_start_ok(i, relaxed):
            return None
        p = self.prev(i)
        after_level = p >= 0 and (self.level_end[p + 1] or self._place_before(p))
        # "huyện Đăk Hà": the word after a place's first syllable belongs to the place
        starts_place = (
            p >= 0 and word_key(self.text[p]) in self.lex.place_starts and self.level_end[self.prev(p) + 1]
        )
        if not relaxed and starts_place and self.cap[p]:
            return None  # "Đăk Hà": the word after a place start belongs to the place
        units = self.cap_run(i)
        if len(units) > _MAX_NAME:
            return None  # a heading in title case, or a place before a name (read at the name's own start)
        words = [word_key(self.text[u]) for u in units]
        if " ".join(words) in self.lex.not_names and not relaxed:  # "ông Nguyễn Văn Cừ" is a person
            return None
        end = self.unit_end(units[-1])
        if not relaxed and " ".join(words) in self.places:
            return None  # the place the page names elsewhere ("Trường THCS Sơn Phước Đông, …")
        if after_level and not relaxed and any(len(w) == 1 and w in self.lex.markers for w in words[2:-1]):
            # "thôn Vi Rơ Ngheo A Hưng": the place, then a name a one-letter marker opens
            return None
        if after_level and not relaxed:
            # "tỉnh Lâm Đồng Đặng Hữu Phước": five words or more after a level are a place of two
            # words, then the name (at "Lâm" and at "Đồng" no name starts).
            placed = 0 if p >= 0 and self.level_end[p + 1] else self._place_words(p)
            name_at = 2 - placed
            if placed < 2 and placed + len(units) >= _PLACE_AND_NAME and words[name_at] in self.lex.surnames:
                return None
        if len(units) == 1:
            # One word: only a glued minority name after a prefix ("đồng chí K'Thạch").
            return end if relaxed and end > i + 1 and self.cap[end - 1] else None
        if after_level and not relaxed and len(units) == 2 and words[0] not in self.lex.markers:
            return None if self.unit_end(i) == i + 1 else end
        return end

    def _place_before(self, p: int) -> bool:
        """Token p ends the place name of a level ("xã An" before "Lương Đông")."""
        return self._place_words(p) > 0

    def _place_words(self, p: int) -> int:
        """How many capitalised words of a level's place end at token p; 0 if no level precedes."""
        k, words = p, 0
        while k >= 0 and self.cap[k] and words < _MAX_PLACE:
            k, words = self.prev(k), words + 1
        return words if k >= 0 and words > 0 and self.level_end[k + 1] else 0

    def place_end(self, k: int, after_name: bool) -> int:
        """End of the place name after a level word at k ("huyện Hoàng Su Phì", "thôn 3", "Cư M'gar").

        After a person's name every capitalised word here is the place; before one ("Bí thư Đảng
        ủy xã Y Hiền") the place stops where a name starts.
        """
        j, words = k, 0
        if j < self.n and self.text[j] == "." and not self.v.hard_stop[j]:
            j = self.skip(j + 1)  # "TX. Sơn Tây": the full stop of an abbreviation (tokens.py)
        while j < self.n and words < _MAX_PLACE:
            if words == 0 and self.v.like_num[j] and not self.cap[j]:
                return j + 1  # "thôn 3", "Tổ dân phố 5" (not "huyện Triệu Phong": "triệu" is a number word)
            if words == 0 and self.lower[j] == "số" and self._number_at(self.skip(j + 1)):
                return self.skip(j + 1) + 1  # "tổ dân phố số 5"
            numbered = words and not after_name and self._number_at(j) and not self.cap[j]
            if numbered and self.name_at(self.skip(j + 1)) is not None:
                return j + 1  # "thôn A Roàng 2 Nhâm Thị Lưới", the place named so elsewhere too
            if not self.cap[j] or self.title_starts(j) or self.multi_match_at(j) or self.term_end(j) > j:
                break
            prefix_end = self.labels[j].get("PREFIX")
            if prefix_end and not self.cap[self.prev(prefix_end)]:
                break  # "Công an phường Thiếu tá Lê Đức Mạnh": a rank, and no place has "tá"
            if not after_name and (name_end := self.name_at(j)) is not None:
                number = self.skip(name_end)
                if self._number_at(number) and not self.cap[number] and self.name_at(self.skip(number + 1)):
                    return number + 1  # "thôn A Roàng 2 Nhâm Thị Lưới": a numbered place, then the name
                break
            first_syllable = not words and word_key(self.text[j]) in self.lex.place_starts
            if first_syllable and self.name_word(self.unit_end(j)):
                j = self.unit_end(self.unit_end(j))  # "Đăk Hà": two words at once
                words += 2
                continue
            j = self.unit_end(j)
            words += 1
        return self._qualified(j) if words else j

    def term_end(self, k: int) -> int:
        """End of a term qualifier at k ("khóa XV", "nhiệm kỳ 2021 - 2026", "NK 2022 - 2027"), or
        k if none starts there."""
        k = self.skip(k)
        if k >= self.n:
            return k
        folded = fold(self.lower[k])
        if folded == "nhiem" and k + 1 < self.n and fold(self.lower[self.skip(k + 1)]) == "ky":
            j = self.skip(self.skip(k + 1) + 1)
        elif folded in self.lex.term_words:
            j = self.skip(k + 1)
        else:
            return k
        if j >= self.n or not (self.v.like_num[j] or _roman(self.text[j])):
            return k
        end = j + 1
        dash = self.skip(end)
        if dash < self.n and self.text[dash] in ("-", "–"):
            year = self.skip(dash + 1)
            if year < self.n and self.v.like_num[year]:
                end = year + 1  # "2021 - 2026"
        return end

    def _qualified(self, j: int) -> int:
        """The end of a place with its bracketed qualifier: "xã Đạ Rsal (cũ)"."""
        k = self.skip(j)
        if k < self.n and self.text[k] == "(":
            w = self.skip(k + 1)
            close = self.skip(w + 1)
            if w < self.n and word_key(self.text[w]) in self.lex.place_qualifiers and close < self.n:
                return close + 1 if self.text[close] == ")" else j
        return j

    def _number_at(self, k: int) -> bool:
        return k < self.n and self.v.like_num[k]

    def prefix_ending_at(self, k: int) -> int | None:
        """Start of the longest prefix ("các đồng chí", "đ/c") that ends just before token k."""
        for s in range(max(0, k - 5), k):
            if self.labels[s].get("PREFIX") == k:
                return s
        return None

    def opens_list(self, p: int) -> bool:
        """Does the prefix at token p open a list of people ("các đồng chí", "hai đồng chí")?"""
        if word_key(self.text[p]) in self.lex.plural:
            return True
        before = self.prev(p)
        return before >= 0 and self.v.like_num[before] and self.text[before] not in ("1", "01", "một")

    def plural_before(self, i: int) -> bool:
        """A plural word or prefix right before token i ("các", "các đồng chí")."""
        return self.plural_start(i) is not None

    def plural_start(self, i: int) -> int | None:
        """Where the plural word or prefix right before token i starts, if there is one."""
        p = self.prev(i)
        if p < 0:
            return None
        if word_key(self.text[p]) in self.lex.plural:
            return p
        s = self.prefix_ending_at(p + 1)
        return s if s is not None and word_key(self.text[s]) in self.lex.plural else None
