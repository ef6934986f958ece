"""How text and queries are cut into tokens (pure functions, no database).

Chinese is written without spaces, so a word in mid-sentence is not a "word" to a database. Each
page's text is cut into tokens:

- every CJK character, so a one-character query (云, 税) finds the pages that use it;
- every CJK character bigram of every run of Chinese characters, so any two-character word is found
  wherever it sits, whatever jieba decides the word boundaries are;
- jieba's `cut_for_search` words of three characters or more, which rank whole-word hits higher;
- lower-cased English words with a light plural folding ("services" -> "service").

A query is cut into *terms*, each matched on its own, so that words standing apart or in another
order in the text still match (`analyse_query`). A Chinese term is a word jieba finds in the query;
it matches a page holding all of its bigrams (for one character: the character). An English term
matches its folded word, or any indexed word it starts (`interop` -> interoperability).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import jieba

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN_RE = re.compile(rf"[{CJK_CHARS}]+|[A-Za-z0-9]+")
_CJK_RUN_RE = re.compile(rf"^[{CJK_CHARS}]+$")
_CJK_CHAR_RE = re.compile(rf"[{CJK_CHARS}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z0-9]+")
MAX_TOKEN_LENGTH = 64
MAX_QUERY_LENGTH = 200
# More terms than this only slow the lookup down without changing what a person finds.
MAX_TERMS = 12
# A shorter English word is matched exactly only: "ai" must not find "aid" and "aim".
MIN_PREFIX_LENGTH = 3

# Words of the e-government vocabulary jieba's own dictionary cuts apart ("一网通" + "办"):
# a query is cut into better terms with them. The index does not depend on them (bigrams).
DOMAIN_WORDS = ("一网通办", "跨省通办", "政务云", "好差评", "等级保护", "等保", "电子证照")
for _word in DOMAIN_WORDS:
    jieba.add_word(_word)

# Function words that would match nearly every page: dropped as terms unless they are the query.
CJK_STOP_WORDS = frozenset("的了和与及或是在对把被之也并而呢吗啊")
ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "when",
        "who",
        "why",
        "with",
    ]
)


def fold_english(word: str) -> str:
    """Lower-case an English word and fold a regular plural ("policies" -> "policy")."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def bigrams(run: str) -> list[str]:
    """The overlapping two-character pieces of a run of Chinese (the run itself if one long)."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def is_cjk(run: str) -> bool:
    return bool(_CJK_RUN_RE.match(run))


def text_tokens(text: str) -> Counter:
    """Every token of `text` with its number of occurrences (what the index stores)."""
    counts: Counter = Counter()
    for run in _RUN_RE.findall(text):
        if is_cjk(run):
            counts.update(run)  # every character, for one-character queries
            if len(run) > 1:
                counts.update(bigrams(run))
            counts.update(
                word
                for word in jieba.cut_for_search(run)
                if 2 < len(word) <= MAX_TOKEN_LENGTH  # two-character words are bigrams already
            )
        else:
            token = fold_english(run)
            if len(token) <= MAX_TOKEN_LENGTH:
                counts[token] += 1
    return counts


def text_length(text: str) -> int:
    """A page's length in words for BM25's length normalisation, comparable across languages:
    English words plus Chinese characters halved (a Chinese word is about two characters)."""
    return len(_LATIN_WORD_RE.findall(text)) + math.ceil(len(_CJK_CHAR_RE.findall(text)) / 2)


# --- queries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One thing a page may match. `tokens` must all be present (a Chinese word's bigrams) or,
    for an English term, any one of them or any token starting with `prefix`."""

    text: str
    tokens: tuple[str, ...]
    english: bool = False
    prefix: str | None = None


@dataclass
class AnalysedQuery:
    """A query as search uses it: its terms, the phrase (as a LIKE pattern) that ranks exact hits
    first, the bonus tokens that say the query's words stand together in a page, and the words
    to highlight."""

    terms: list[Term] = field(default_factory=list)
    phrase_pattern: str = ""
    together: tuple[str, ...] = ()
    highlight: list[str] = field(default_factory=list)
    words: int = 0  # words the person typed (a long one may give several terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def min_match(self) -> int:
        """How many terms a page must match. One word typed (等级保护 -> 等级, 保护): all of its
        pieces. Several: one of two, half of three or more, so that one common word of a long
        query does not list the whole catalogue."""
        if self.words <= 1:
            return len(self.terms)
        return math.ceil(len(self.terms) / 2) if len(self.terms) > 2 else 1


def _cjk_words(run: str) -> list[list[str]]:
    """The words of a run of Chinese typed without spaces, each as the terms it gives. A long
    word jieba's search mode splits into smaller words that cover it ("个人信息" -> 个人, 信息)
    gives those, so the text may hold them apart."""
    words = []
    for word in jieba.lcut(run):
        if len(word) >= 3:
            parts = [p for p in jieba.cut_for_search(word) if len(p) == 2 and p in word]
            covered = set()
            for part in parts:
                start = word.find(part)
                covered.update(range(start, start + 2))
            if len(covered) == len(word):
                words.append(parts)
                continue
        words.append([word])
    return words


def analyse_query(query: str) -> AnalysedQuery:
    """Cut a search box query into terms (see the module docstring). Duplicates go; a query of
    only stop words keeps them."""
    runs = _RUN_RE.findall(query[:MAX_QUERY_LENGTH])
    analysed = AnalysedQuery()
    numbers = itertools.count()  # each word typed gets a number; its terms carry it
    candidates: list[tuple[int, Term]] = []  # (number of the word it comes from, term)
    stop: list[tuple[int, Term]] = []
    together: set[str] = set()
    pattern = ""
    previous = None  # the kind of the previous run: True for Chinese
    for run in runs:
        cjk = is_cjk(run)
        # Two English words stand one character apart (a space, a hyphen: "e-government");
        # Chinese runs typed with a space mean one phrase; a change of script, anything between.
        if previous is not None:
            pattern += "" if (cjk and previous) else ("_" if not (cjk or previous) else "%")
        pattern += run.lower()
        previous = cjk
        if cjk:
            together.update(bigrams(run) if len(run) > 1 else ())
            for pieces in _cjk_words(run):
                word_number = next(numbers)
                for word in pieces:
                    term = Term(text=word, tokens=tuple(dict.fromkeys(bigrams(word))))
                    (stop if word in CJK_STOP_WORDS else candidates).append((word_number, term))
                    analysed.highlight.append(word)
            analysed.highlight.append(run)
        else:
            folded = fold_english(run)[:MAX_TOKEN_LENGTH]
            prefix = run.lower()[:MAX_TOKEN_LENGTH]
            term = Term(
                text=run.lower(),
                tokens=tuple(dict.fromkeys((folded, prefix))),
                english=True,
                prefix=prefix if len(prefix) >= MIN_PREFIX_LENGTH else None,
            )
            word_number = next(numbers)
            (stop if folded in ENGLISH_STOP_WORDS else candidates).append((word_number, term))
            analysed.highlight.append(run)
    seen: set[tuple[str, ...]] = set()
    words: set[int] = set()
    for word_number, term in candidates or stop:
        if term.tokens not in seen and len(analysed.terms) < MAX_TERMS:
            seen.add(term.tokens)
            words.add(word_number)
            analysed.terms.append(term)
    analysed.words = len(words)
    analysed.phrase_pattern = f"%{pattern}%"
    # Bigrams that join two terms of a Chinese run (据共 in 数据共享): present when they touch.
    term_tokens = {token for term in analysed.terms for token in term.tokens}
    analysed.together = tuple(sorted(together - term_tokens))[: MAX_TERMS * 2]
    # Longest first so that a whole phrase is marked rather than its pieces.
    analysed.highlight = sorted(set(analysed.highlight), key=len, reverse=True)
    return analysed


@dataclass
class ParsedQuery:
    """The strict form other apps use (Q&A's similar questions): tokens that must all match and
    the tokens that only rank."""

    required: set[str] = field(default_factory=set)
    ranking: set[str] = field(default_factory=set)
    highlight: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.required)


def parse_query(query: str) -> ParsedQuery:
    """Cut a query into the index tokens every one of which a strict match needs."""
    parsed = ParsedQuery()
    for run in _RUN_RE.findall(query[:MAX_QUERY_LENGTH]):
        if is_cjk(run):
            parsed.required.update(bigrams(run))
            parsed.ranking.update(
                word for word in jieba.cut_for_search(run) if 2 < len(word) <= MAX_TOKEN_LENGTH
            )
        else:
            parsed.required.add(fold_english(run)[:MAX_TOKEN_LENGTH])
        parsed.highlight.append(run)
    parsed.highlight.sort(key=len, reverse=True)
    return parsed
