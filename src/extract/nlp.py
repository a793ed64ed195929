"""The spaCy pipeline: a syllable tokenizer, sentence splitter and the vocabulary matcher.

Why our own tokenizer: pyvi (spaCy's default for "vi") is slow and splits names unpredictably,
and whitespace splitting leaves punctuation glued to words ("HUV,"). Vietnamese writes one
syllable per space-separated unit, so syllables plus separate punctuation give stable tokens
that patterns can rely on. Token.norm_ is the accent-folded lower-case key, so one pattern
matches "Bí thư", "Bí Thư" and the misspelt "Bí thu"; offsets stay those of the visible text.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import vocab
from .textnorm import fold, tone_variants

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\d+|[^\w\s]|_", re.UNICODE)


class SyllableTokenizer:
    """Splits text into syllables, numbers and single punctuation marks.

    Sentence starts are set here too (after . ! ? … and at line breaks), which is far cheaper
    than a separate pass over Token objects.
    """

    def __init__(self, vocab_: spacy.vocab.Vocab) -> None:
        self.vocab = vocab_

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        end = 0
        for m in _TOKEN.finditer(text):
            gap = text[end : m.start()]
            if gap == " " and words:
                spaces[-1] = True
            elif gap:
                # Other white space (newlines, double spaces) is a token of its own, so that
                # doc.text is exactly the input and offsets are the visible ones.
                words.append(gap)
                spaces.append(False)
            words.append(m.group())
            spaces.append(False)
            end = m.end()
        if end < len(text):
            words.append(text[end:])
            spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=_sentence_starts(words))
        for token, word in zip(doc, words, strict=False):
            token.norm_ = fold(word.lower()) if not word.isspace() else " "
        return doc


def _sentence_starts(words: list[str]) -> list[bool]:
    starts = [False] * len(words)
    after_stop = True
    for i, w in enumerate(words):
        if w.isspace():
            if "\n" in w:
                after_stop = True
            continue
        if after_stop and (i == 0 or "\n" in words[i - 1] or w[:1].isupper() or not w[:1].isalpha()):
            starts[i] = True
        after_stop = w in (".", "!", "?", "…")
    starts[0] = bool(words)
    return starts


def phrase_words(phrase: str) -> list[str]:
    """A vocabulary phrase as folded keys, punctuation left out."""
    return [fold(m.group().lower()) for m in _TOKEN.finditer(phrase) if m.group()[0].isalnum()]


_HARD_STOPS = {".", "!", "?", "…", "(", ")", ":"}


class VocabMatcher:
    """Finds vocabulary phrases on folded keys, ignoring punctuation between their words.

    One word must also match with its diacritics ("xã" is not "xa"); a phrase of several
    words matches on folded keys, which survives misspelt tones ("Bí thu", "đấu người") and
    stray punctuation ("việc; làm") at little risk of a false match.
    """

    def __init__(self, vocab_: spacy.vocab.Vocab) -> None:
        self.vocab = vocab_
        self.matcher = PhraseMatcher(vocab_, attr="ORTH")
        self.single: dict[str, set[str]] = {}
        for label, phrases in _vocab_phrases().items():
            docs = []
            for phrase in phrases:
                words = phrase_words(phrase)
                if not words:
                    continue
                if len(words) == 1:
                    self.single.setdefault(label, set()).update(tone_variants(phrase.strip()))
                docs.append(Doc(vocab_, words=words))
            self.matcher.add(label, docs)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        index = [t.i for t in doc if not (t.is_space or t.is_punct)]
        words = Doc(self.vocab, words=[doc[i].norm_ for i in index])
        found = []
        for match_id, s, e in self.matcher(words):
            label = self.vocab.strings[match_id]
            start, end = index[s], index[e - 1] + 1
            if e - s == 1 and doc[start].lower_ not in self.single.get(label, ()):
                continue
            if any(doc[k].text in _HARD_STOPS or "\n" in doc[k].text for k in range(start, end)):
                continue
            found.append((label, start, end))
        return sorted(found, key=lambda x: (x[1], -(x[2] - x[1])))


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
    return phrases


@Language.component("cn_vocab")
def match_vocab(doc: Doc) -> Doc:
    """Mark every vocabulary phrase in doc.spans["vocab"]."""
    doc.spans["vocab"] = [Span(doc, s, e, label=lbl) for lbl, s, e in _matcher(doc.vocab)(doc)]
    return doc


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


def labels_by_token(doc: Doc) -> list[dict[str, int]]:
    """For each token, the vocabulary labels whose match starts there, with the match end."""
    table: list[dict[str, int]] = [{} for _ in doc]
    for span in doc.spans["vocab"]:
        current = table[span.start].get(span.label_)
        if current is None or span.end > current:
            table[span.start][span.label_] = span.end
    return table
