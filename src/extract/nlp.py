"""The spaCy rule pipeline: our syllable tokenizer (tokens.py) and the vocabulary matcher
(titles, organisations, award words, indicators...), matched on folded keys."""

from __future__ import annotations

from functools import cache
from itertools import compress

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import vocab
from .textnorm import fold, tone_variants, word_key
from .tokens import _TOKEN, VIEWS, SyllableTokenizer, TokenView, words_table


def phrase_words(phrase: str) -> list[str]:
    """A vocabulary phrase as folded keys, punctuation left out."""
    return [fold(m.group().lower()) for m in _TOKEN.finditer(phrase) if m.group()[0].isalnum()]


_DASHES = ("-", "–", "—")


class VocabMatcher:
    """Finds vocabulary phrases on folded keys, ignoring punctuation between their words.

    One word must also match with its diacritics ("xã" is not "xa"); a phrase of several
    words matches on folded keys, which survives misspelt tones ("Bí thu", "đấu người") and
    stray punctuation ("việc; làm") at little risk of a false match. Of two words, one must
    keep its marks: "hiện đạt" (reaches now) folds like "hiến đất" (land donated); of more, the
    last, where it has marks ("sản lượng cà phê" is no "sản lượng cá").
    """

    def __init__(self, vocab_: spacy.vocab.Vocab) -> None:
        self.vocab = vocab_
        self.matcher = PhraseMatcher(vocab_, attr="ORTH")
        self.single: dict[str, set[str]] = {}
        self.labels: dict[int, str] = {}
        self.dashed: set[tuple[str, ...]] = set()  # phrases written with a dash ("lao động - thương binh")
        # Phrases of several words: by label and folded keys, their words in lower case with marks.
        self.pairs: dict[str, dict[tuple[str, ...], list[tuple[str, ...]]]] = {}
        for label, phrases in _vocab_phrases().items():
            docs = []
            for phrase in phrases:
                words = phrase_words(phrase)
                if not words:
                    continue
                if any(d in phrase for d in _DASHES):
                    self.dashed.add(tuple(words))
                if len(words) == 1:
                    self.single.setdefault(label, set()).update(tone_variants(phrase.strip()))
                else:
                    marked = tuple(
                        word_key(m.group()) for m in _TOKEN.finditer(phrase) if m.group()[0].isalnum()
                    )
                    self.pairs.setdefault(label, {}).setdefault(tuple(words), []).append(marked)
                docs.append(Doc(vocab_, words=words))
            self.matcher.add(label, docs)
            self.labels[self.vocab.strings[label]] = label

    def __call__(self, view: TokenView) -> list[tuple[str, int, int]]:
        """(label, start, end) of each match, sorted by start, longest first."""
        index = list(compress(range(len(view)), view.content))
        words = Doc(self.vocab, words=list(compress(view.norm_orth, view.content)))  # type: ignore[arg-type]
        lower, hard, labels, single = view.lower, view.hard_stop, self.labels, self.single
        text, space, norms = view.text, view.space_after, view.norm
        found = []
        for match_id, s, e in self.matcher(words):
            label = labels[match_id]
            start = index[s]
            if e - s == 1:
                # One word: (a content token is never a hard stop, those are punctuation or
                # line breaks).
                if lower[start] in single.get(label, ()):
                    found.append((label, start, start + 1))
                continue
            end = index[e - 1] + 1
            if any(hard[start:end]):
                continue
            if e - s == 2 and not self._one_marked(label, view, start, index[s + 1]):
                continue
            if e - s > 2 and not self._last_marked(label, view, index[s:e]):
                continue
            # A dash between spaces parts a name from a title ("Lê Văn Thành – Phó Chủ tịch"):
            # no phrase runs across one unless it is written with it.
            if any(text[k] in _DASHES and space[k - 1] for k in range(start + 1, end)) and (
                tuple(norms[index[x]] for x in range(s, e)) not in self.dashed
            ):
                continue
            found.append((label, start, end))
        return sorted(found, key=lambda x: (x[1], x[1] - x[2]))

    def _one_marked(self, label: str, view: TokenView, a: int, b: int) -> bool:
        """Does one of the two words at tokens a, b keep the marks of a phrase they fold to?"""
        marked = self.pairs[label].get((view.norm[a], view.norm[b]), ())
        first, second = view.lower[a], view.lower[b]
        for m in marked:  # the words as written usually are the phrase's: no tone-style key needed
            if first == m[0] or second == m[1]:
                return True
        first, second = word_key(first), word_key(second)
        return any(first == word_key(m[0]) or second == word_key(m[1]) for m in marked)

    def _last_marked(self, label: str, view: TokenView, at: list[int]) -> bool:
        """Does the last word, if written with marks, keep those of a phrase it folds to? A tone
        slip inside survives ("đấu người"), not another noun at the end ("sản lượng cà" is
        coffee's output, "sản lượng cá" fish's)."""
        last = view.lower[at[-1]]
        if last == fold(last):
            return True  # written without marks
        marked = self.pairs[label].get(tuple(view.norm[k] for k in at), ())
        key = word_key(last)
        return any(last == m[-1] or key == word_key(m[-1]) for m in marked)


def _vocab_phrases() -> dict[str, list[str]]:
    titles = vocab.load("titles.json")
    awards = vocab.load("awards.json")
    phrases: dict[str, list[str]] = {
        "TITLE_HEAD": titles["heads"],
        "ORG": titles["org_words"],
        "PREFIX": titles["prefixes"],
        "APPOINT": titles["appointment_verbs"],
        "AWARD_KIND": awards["award_kinds"],
        "AWARD_VERB": awards["award_verbs"],
        "REC_collective": awards["collective"],
        "REC_individual": awards["individual"],
    }
    for role, verbs in titles["role_verbs"].items():
        phrases[f"ROLE_{role}"] = verbs
    for level, words in titles["levels"].items():
        phrases[f"LEVEL_{level}"] = words
    for ind in vocab.indicators():
        phrases[f"IND_{ind.code}"] = list(ind.synonyms)
    target_rules = vocab.load("indicators.json")["rules"]
    phrases["YEAR_PERIOD"] = target_rules["period_words"]  # "nhiệm kỳ", "hằng năm"
    phrases["YEAR_THIS"] = target_rules["this_year_words"] + target_rules["now_words"]  # "cả năm", "hiện nay"
    phrases["YEAR_REVIEW"] = target_rules["review_words"]  # "tổng kết", "sơ kết"
    return phrases


@Language.component("cn_vocab")
def match_vocab(doc: Doc) -> Doc:
    """Find every vocabulary phrase: doc_view(doc).matches (as Spans: vocab_spans(doc))."""
    view = VIEWS.get(doc)
    if view is None:
        doc_view(doc)  # a Doc not made by our tokenizer: its view comes with the matches
    else:
        view.set_matches(_matcher(doc.vocab)(view))
    return doc


def vocab_spans(doc: Doc) -> list[Span]:
    """The vocabulary matches as labelled Spans, to look at a doc (the rules use the tuples)."""
    return [Span(doc, s, e, label=lbl) for lbl, s, e in doc_view(doc).matches]


_MATCHERS: dict[int, VocabMatcher] = {}


def _matcher(v: spacy.vocab.Vocab) -> VocabMatcher:
    if id(v) not in _MATCHERS:
        _MATCHERS[id(v)] = VocabMatcher(v)
    return _MATCHERS[id(v)]


@cache
def pipeline() -> Language:
    """The shared rule pipeline (built once per process)."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    nlp.add_pipe("cn_vocab")
    return nlp


def doc_view(doc: Doc) -> TokenView:
    """The view of a doc made by pipeline(); for any other Doc (a copy, one read from bytes),
    built now, with its vocabulary matches."""
    view = VIEWS.get(doc)
    if view is None:
        words = [t.text for t in doc]
        view = words_table(doc.vocab).view(doc.text, words, [bool(t.whitespace_) for t in doc])
        view.set_matches(_matcher(doc.vocab)(view))
        VIEWS[doc] = view
    return view


if not Doc.has_extension("cn_view"):
    Doc.set_extension("cn_view", getter=doc_view)
