"""Tokens for the rule pipeline: a syllable tokenizer and a plain-list view of each Doc.

Why our own tokenizer: pyvi (spaCy's default for "vi") is slow and splits names unpredictably,
and whitespace splitting leaves punctuation glued to words ("HUV,"). Vietnamese writes one
syllable per space-separated unit, so syllables plus separate punctuation give stable tokens
that patterns can rely on. Token.norm_ is the accent-folded lower-case key, so one pattern
matches "Bí thư", "Bí Thư" and the misspelt "Bí thu"; offsets stay those of the visible text.

Why a TokenView next to the Doc: every Token or Span the extractors touch is a new Python object
built from the C struct, and the rules ask for tokens thousands of times per page. The view
holds the same attributes as plain lists, read once per doc, and the vocabulary matches as
(label, start, end) tuples; the extractors read only the view (doc_view(doc), or doc._.cn_view).
It is kept beside the Doc, not in doc.user_data, so that Doc.to_bytes still works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, compress
from operator import add
from types import MappingProxyType
from typing import Any
from weakref import WeakKeyDictionary

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from . import vocab
from .textnorm import fold

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\d+|[^\w\s]|_", re.UNICODE)
_STOPS = (".", "!", "?", "…")
_HARD_STOPS = {".", "!", "?", "…", "(", ")", ":"}
# The labels of a token where no vocabulary match starts: shared, so read-only.
_NO_LABELS: Mapping[str, int] = MappingProxyType({})
# Words seen by the tokenizers; cleared when this large so a long crawl does not grow it forever.
_MAX_WORDS = 200_000

# The view of each live Doc; an entry goes with its Doc.
# The view of each Doc the tokenizer made (nlp.doc_view builds one for any other Doc).
VIEWS: WeakKeyDictionary[Doc, TokenView] = WeakKeyDictionary()


@dataclass(eq=False)
class TokenView:
    """Token attributes of one Doc as plain lists (index i is doc[i]) and its vocabulary matches.

    ``norm`` is Token.norm_ (the folded key), ``blank`` a white-space token without a line
    break (the rules step over those), ``content`` neither space nor punctuation, ``is_cap`` a
    capitalised word that is not an all-capitals abbreviation ("Nguyễn", "Bí", not "UBND").
    """

    source: str  # doc.text
    text: Sequence[str]
    lower: Sequence[str]
    norm: Sequence[str]
    idx: Sequence[int]
    space_after: Sequence[bool]
    is_space: Sequence[bool]
    is_punct: Sequence[bool]
    like_num: Sequence[bool]
    is_alpha: Sequence[bool]
    is_cap: Sequence[bool]
    blank: Sequence[bool]
    content: Sequence[bool]
    hard_stop: Sequence[bool]
    sents: list[tuple[int, int]]  # (start, end) of each sentence, as doc.sents
    sent_of: list[int]  # sentence number of each token
    matches: list[tuple[str, int, int]] = field(default_factory=list)  # sorted by (start, -length)
    labels: list[Mapping[str, int]] = field(default_factory=list)  # per token: label -> longest end
    sent_matches: list[list[tuple[str, int, int]]] = field(default_factory=list)  # by sentence
    orth: Sequence[int] = ()  # Token.orth, and the orth of the norm
    norm_orth: Sequence[int] = ()
    # quantities.quantity_at memo: the rules ask for the same number from several sides.
    quantities: dict[int, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.text)

    def skip_blank(self, i: int) -> int:
        """The first token at or after i that is not a blank (len if none)."""
        blank, n = self.blank, len(self.text)
        while i < n and blank[i]:
            i += 1
        return i

    def prev_solid(self, i: int) -> int:
        """The last token before i that is not a blank (-1 if none)."""
        blank = self.blank
        i -= 1
        while i >= 0 and blank[i]:
            i -= 1
        return i

    def end_char(self, i: int) -> int:
        """Character offset just after token i."""
        return self.idx[i] + len(self.text[i])

    def span_text(self, start: int, end: int) -> str:
        """doc[start:end].text for indexes from 0 (an empty or reversed range gives "")."""
        n = len(self.text)
        start, end = min(max(start, 0), n), min(max(end, 0), n)
        if end <= start:
            return ""
        return self.source[self.idx[start] : self.end_char(end - 1)]

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) of the sentence of token i (doc[i].sent)."""
        return self.sents[self.sent_of[i]]

    def sent_text(self, i: int) -> str:
        """doc[i].sent.text."""
        return self.span_text(*self.sent_bounds(i))

    def set_matches(self, matches: list[tuple[str, int, int]]) -> None:
        """Store the matches with their two indexes (by start token, by sentence)."""
        self.matches = matches
        tables: dict[int, dict[str, int]] = {}
        by_sent: list[list[tuple[str, int, int]]] = [[] for _ in self.sents]
        for match in matches:
            label, start, end = match
            table = tables.setdefault(start, {})
            current = table.get(label)
            if current is None or end > current:
                table[label] = end
            by_sent[self.sent_of[start]].append(match)
        labels: list[Mapping[str, int]] = [_NO_LABELS] * len(self.text)
        for start, table in tables.items():
            labels[start] = table
        self.labels = labels
        self.sent_matches = by_sent


class _WordTable:
    """What the rules need to know of a word, worked out once per distinct word.

    The flags come from the vocabulary's lexeme, so they are exactly Token.is_punct etc.; the
    folded key is set as the lexeme's norm, so Token.norm_ is the key with no per-token work.
    The orth ids let Doc() skip hashing every word again.
    """

    def __init__(self, vocab_: spacy.vocab.Vocab) -> None:
        self.vocab = vocab_
        self.known: dict[str, tuple] = {}

    def add(self, word: str) -> tuple:
        if len(self.known) >= _MAX_WORDS:
            self.known.clear()
        lex = self.vocab[word]
        norm = fold(word.lower()) if not word.isspace() else " "
        lex.norm_ = norm
        norm_orth = self.vocab[norm].orth  # the matcher's Doc is made of norms
        space, punct, alpha = lex.is_space, lex.is_punct, lex.is_alpha
        info = (
            lex.orth,
            norm_orth,
            lex.lower_,
            norm,
            space,
            punct,
            lex.like_num,
            alpha,
            alpha and word[:1].isupper() and not (len(word) >= 2 and word.isupper()),  # is_cap
            space and "\n" not in word,  # blank
            not (space or punct),  # content
            word in _HARD_STOPS or "\n" in word,  # hard stop
            word in _STOPS or (space and "\n" in word),  # may end a sentence
        )
        self.known[word] = info
        return info

    def view(self, source: str, words: list[str], spaces: list[bool]) -> TokenView:
        """The view of a doc with these words (sentences as _sentence_starts splits them)."""
        known = self.known
        try:
            infos = [known[w] for w in words]
        except KeyError:
            infos = [known.get(w) or self.add(w) for w in words]
        columns: list[Any] = list(zip(*infos, strict=True)) if infos else [()] * 13
        orth, norm_orth, lower, norm, space, punct, like_num, alpha, cap, blank, content, hard, breaks = (
            columns
        )
        idx = list(accumulate(map(add, map(len, words), spaces), initial=0))
        hard, breaks = _abbreviation_stops(words, spaces, hard, breaks)
        starts = _sentence_starts(words, space, blank, breaks)
        sents = list(zip(starts, starts[1:] + [len(words)], strict=False))  # no words: no sentence
        sent_of: list[int] = []
        for n, (s, e) in enumerate(sents):
            sent_of += [n] * (e - s)
        return TokenView(
            source=source,
            text=words,
            lower=lower,
            norm=norm,
            idx=idx[: len(words)],
            space_after=spaces,
            is_space=space,
            is_punct=punct,
            like_num=like_num,
            is_alpha=alpha,
            is_cap=cap,
            blank=blank,
            content=content,
            hard_stop=hard,
            sents=sents,
            sent_of=sent_of,
            orth=orth,
            norm_orth=norm_orth,
        )


@cache
def words_table(v: spacy.vocab.Vocab) -> _WordTable:
    return _WordTable(v)


class SyllableTokenizer:
    """Splits text into syllables, numbers and single punctuation marks.

    Sentence starts are set here too (after . ! ? … and at line breaks), which is far cheaper
    than a separate pass over Token objects; so is the TokenView.
    """

    def __init__(self, vocab_: spacy.vocab.Vocab) -> None:
        self.vocab = vocab_

    def __call__(self, text: str) -> Doc:
        words, spaces = _split(text)
        view = words_table(self.vocab).view(text, words, spaces)
        doc = Doc(self.vocab, words=list(view.orth), spaces=spaces)  # type: ignore[arg-type]  # orth ids work as words
        if words:
            # As Doc(sent_starts=...) would (1 starts, -1 does not), without its per-token loop.
            flags = numpy.full(len(words), -1, dtype=numpy.int32)
            flags[[s for s, _ in view.sents]] = 1
            doc.from_array([SENT_START], flags.astype(numpy.uint64))  # type: ignore[arg-type]
        VIEWS[doc] = view
        return doc


def _split(text: str) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags: a single space after a token is its flag, any other white
    space (line breaks, double spaces, a space at either end) a token of its own, so that
    doc.text is exactly the input and offsets are the visible ones."""
    return _split_lines(text) or _split_any(text)


def _split_lines(text: str) -> tuple[list[str], list[bool]] | None:
    """_split for text whose lines hold words with single spaces between, as parse_page makes
    them; None for any other text. str.split and str.isprintable (false for every white-space
    character but the space) run in C, where _TOKEN alone looks at every character."""
    words: list[str] = []
    spaces: list[bool] = []
    add_word, add_space = words.append, spaces.append  # bound once: called for every token
    lines = text.split("\n")
    last = -1  # the last line with text so far
    for n, line in enumerate(lines):
        if not line:
            continue  # an empty line: one more line break in the run
        parts = line.split(" ")
        if not line.isprintable() or "" in parts:
            return None
        breaks = n if last < 0 else n - last
        if breaks:
            add_word("\n" * breaks)
            add_space(False)
        last = n
        for part in parts:
            if part.isalpha() or part.isdecimal():
                add_word(part)  # one syllable or number: what _TOKEN finds in it
                add_space(True)
            else:
                tokens = _TOKEN.findall(part)
                words += tokens
                spaces += [False] * (len(tokens) - 1)
                add_space(True)
        spaces[-1] = False  # a line break or the end follows
    if last < 0:
        return ([text], [False]) if text else ([], [])  # line breaks only
    if len(lines) - 1 > last:
        add_word("\n" * (len(lines) - 1 - last))
        add_space(False)
    return words, spaces


def _split_any(text: str) -> tuple[list[str], list[bool]]:
    """_split for any text: the tokens found by _TOKEN, and the white space between them."""
    words: list[str] = []
    spaces: list[bool] = []
    end = 0
    for m in _TOKEN.finditer(text):
        gap = text[end : m.start()]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)
            spaces.append(False)
        words.append(m.group())
        spaces.append(False)
        end = m.end()
    if end < len(text):
        words.append(text[end:])
        spaces.append(False)
    return words, spaces


def _abbreviation_stops(
    words: Sequence[str], spaces: Sequence[bool], hard: Sequence[bool], breaks: Sequence[bool]
) -> tuple[Sequence[bool], Sequence[bool]]:
    """The full stop of "TP. Hồ Chí Minh", "TX. Sơn Tây", "ThS." neither ends a sentence nor stops a
    phrase: hard stops and sentence breaks without those (only the few breaks are looked at)."""
    dotted = _dotted()
    glued = [k for k in compress(range(len(words)), breaks) if words[k] == "." and k and not spaces[k - 1]]
    after = [k for k in glued if words[k - 1] in dotted]
    if not after:
        return hard, breaks
    hard, breaks = list(hard), list(breaks)
    for k in after:
        hard[k] = breaks[k] = False
    return hard, breaks


@cache
def _dotted() -> frozenset[str]:
    return frozenset(vocab.load("titles.json").get("dotted_abbreviations", ()))


def _sentence_starts(
    words: Sequence[str], is_space: Sequence[bool], blank: Sequence[bool], breaks: Sequence[bool]
) -> list[int]:
    """Indexes of the tokens that start a sentence: the first token, and a token after . ! ? …
    or a line break (blanks between) that follows a line break, is capitalised or not a letter.
    Only the tokens after a break are looked at."""
    n = len(words)
    starts = [0] if words else []
    for p in chain((-1,), compress(range(n), breaks)):  # the text's start is a break too
        i = p + 1
        while i < n and blank[i]:
            i += 1
        if i == 0 or i >= n or is_space[i]:
            continue  # the first token, or a line break: a break of its own
        w = words[i]
        if "\n" in words[i - 1] or w[:1].isupper() or not w[:1].isalpha():
            starts.append(i)
    return starts
