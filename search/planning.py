"""Query planning (ranking side of the query service): a query's words become clauses (with
synonyms), each with an IDF weight, and the rare clauses a document must contain on a large index.
The same plan goes to every backend."""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Iterator

from django.core.cache import cache

from . import analysis

MAX_CLAUSES = 24
# With many documents, clauses found in more than this share of them are left out of the match
# (their IDF is tiny, and matching them would make every query scan most of the index).
COMMON_TERM_RATIO = 0.1
CANDIDATE_BUDGET = 2_000
CANDIDATE_SHARE = 0.02
CANDIDATE_MIN_DOCUMENTS = 10_000
SYNONYM_CACHE_KEY = "search:synonyms:v1"
# Question words PyThaiNLP's stopword list lacks (อะไร ใคร ที่ไหน เมื่อไร อย่างไร … are in it):
# they say what is asked, not what the answer's text contains.
QUESTION_WORDS = frozenset({"กี่", "ใด", "ไหม", "หรือเปล่า", "เท่าใด", "อันใด", "ผู้ใด", "ที่ใด"})


@dataclasses.dataclass(frozen=True)
class Ranking:
    """Query-time ranking choices, the same for every backend. Chosen by ``search_eval --folds 5``:
    both were chosen on the training folds of every fold and raised the held-out mean (Recall@10
    0.9721 → 0.9738, MRR@10 0.9394 → 0.9414; README, "Search")."""

    # Drop QUESTION_WORDS from the query (kept when the query has nothing else).
    drop_question_words: bool = True
    # For multi-word queries, each pair of adjacent content words is also an optional phrase
    # clause, so documents holding them side by side rank higher (proximity).
    adjacent_pairs: bool = True
    # A pair clause's weight: this times the mean weight of its two words.
    pair_weight: float = 1.0


_ranking = Ranking()


def ranking() -> Ranking:
    return _ranking


@contextlib.contextmanager
def ranking_override(**changes) -> Iterator[Ranking]:
    """Run with other ranking choices (evaluation only)."""
    global _ranking
    previous = _ranking
    _ranking = dataclasses.replace(previous, **changes)
    try:
        yield _ranking
    finally:
        _ranking = previous


# ==========================================================================================
# Synonyms
# ==========================================================================================
def synonym_groups() -> list[list[tuple[str, ...]]]:
    """Each synonym group as analysed phrases (cached; cleared when staff edit the list)."""
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        from .models import Synonym

        groups = []
        for synonym in Synonym.objects.all():
            phrases = analysis.unique(
                tuple(analysis.query_tokens(term))
                for term in synonym.term_list
                if analysis.query_tokens(term)
            )
            if len(phrases) > 1:
                groups.append(phrases)
        cache.set(SYNONYM_CACHE_KEY, groups, 3600)
    return groups


def synonyms_clear_cache() -> None:
    cache.delete(SYNONYM_CACHE_KEY)


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(sequence[i : i + n]) == phrase for i in range(len(sequence) - n + 1))


def expand_clauses(tokens: list[str]) -> list[tuple[tuple[str, ...], ...]]:
    """One clause per distinct token; a synonym group the query mentions by one of its
    one-word terms takes the place of that word (one clause: the group's phrases OR-ed), a
    group mentioned by a phrase is added beside the phrase's words (which still count alone).
    A group added beside its own one word would count the word twice and make "two clauses"
    (the PostgreSQL quorum) true of any document holding it."""
    words = analysis.unique(tokens)
    present = set(words)
    replaced: dict[str, tuple[tuple[str, ...], ...]] = {}
    extra: list[tuple[tuple[str, ...], ...]] = []
    for group in synonym_groups():
        # A phrase is only looked for when its first word is in the query (the glossary's 429
        # groups were scanned in full for every query: 5 ms of each).
        matched = [p for p in group if p[0] in present and _contains(tokens, p)]
        if not matched:
            continue
        single = next((p[0] for p in matched if len(p) == 1 and p[0] not in replaced), None)
        if single is None:
            extra.append(tuple(group))
        else:
            replaced[single] = tuple(group)
    clauses: list[tuple[tuple[str, ...], ...]] = []
    for clause in [replaced.get(token, ((token,),)) for token in words] + extra:
        if clause not in clauses:
            clauses.append(clause)
    return clauses[:MAX_CLAUSES]


# ==========================================================================================
# Planning
# ==========================================================================================
def plan_text(text: str, backend) -> tuple[list, list[float], list[str], tuple[int, ...]]:
    """Clauses (with synonyms), their IDF weights, the tokens, and the "required" clauses: the
    rarest clauses whose document frequencies add up to :data:`CANDIDATE_BUDGET` (at least one).
    A document must contain one of them to match; every clause still counts in the ranking. This
    bounds the work of a query on a large index (a common word no longer makes it scan most
    documents); below :data:`CANDIDATE_MIN_DOCUMENTS` every clause may match."""
    tokens = analysis.query_tokens(text)
    if not tokens:
        return [], [], [], ()
    choices = ranking()
    ignored = analysis.thai_stopwords()
    if choices.drop_question_words:
        ignored = ignored | QUESTION_WORDS
    content = [t for t in tokens if t not in ignored]
    clauses = expand_clauses(content or tokens)
    singles = [phrase[0] for clause in clauses for phrase in clause if len(phrase) == 1]
    documents, dfs = backend.document_frequencies(analysis.unique(singles))
    documents = max(documents, 1)

    def clause_df(clause) -> int:
        # Phrases have no document frequency of their own: the clause's single words decide. A
        # synonym group matches at least as many documents as its most common word.
        values = [dfs.get(p[0], 0) for p in clause if len(p) == 1]
        return max(values) if values else 0

    def weight(clause) -> float:
        df = clause_df(clause)
        return round(math.log(1 + (documents - df + 0.5) / (df + 0.5)), 4)

    weights = [weight(c) for c in clauses]
    if documents >= 1000:
        kept = [
            (c, w)
            for c, w in zip(clauses, weights, strict=True)
            if clause_df(c) <= COMMON_TERM_RATIO * documents
        ]
        if kept:
            clauses, weights = [c for c, _w in kept], [w for _c, w in kept]
    budget = max(CANDIDATE_BUDGET, int(CANDIDATE_SHARE * documents))
    required: list[int] = []
    spent = 0
    if documents >= CANDIDATE_MIN_DOCUMENTS:
        for index in sorted(range(len(clauses)), key=lambda i: clause_df(clauses[i])):
            if required and spent + clause_df(clauses[index]) > budget:
                break
            required.append(index)
            spent += clause_df(clauses[index])
    if len(required) == len(clauses):
        required = []  # all of them: no extra condition
    if choices.adjacent_pairs:
        word_weights = {
            phrase[0]: w
            for c, w in zip(clauses, weights, strict=True)
            for phrase in c
            if len(phrase) == 1
        }
        for pair in adjacent_pairs(tokens, ignored=ignored):
            if len(clauses) >= MAX_CLAUSES:
                break
            if pair[0] in word_weights and pair[1] in word_weights:
                clauses.append((pair,))
                mean = (word_weights[pair[0]] + word_weights[pair[1]]) / 2
                weights.append(round(choices.pair_weight * mean, 4))
    return clauses, weights, tokens, tuple(sorted(required))


def adjacent_pairs(tokens: list[str], *, ignored: frozenset[str]) -> list[tuple[str, str]]:
    """Distinct pairs of adjacent tokens that are both content words."""
    pairs = [
        (a, b)
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a != b and a not in ignored and b not in ignored
    ]
    return analysis.unique(pairs)
