"""The embedded engine on PostgreSQL: one row of ``search_pgfts`` per document holds a weighted
``tsvector`` (``simple`` config over the space-joined tokens of :mod:`search.analysis`; GIN index),
the trigrams, and the facet values as an array, so filters are checked on the row the match already
fetched instead of by a look-up per candidate.

No BM25 in core, so the score is a BM25-like sum over query clauses of
``idf(clause) × ts_rank(field weights, vector, clause, 1)`` (``ts_rank`` gives term frequency with
field weights, normalisation 1 divides by the log of the document length, and the IDF comes from
:class:`search.models.SearchTerm`). Measured with ``search_eval`` (see README).
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager

from django.db import connection, transaction

from search import analysis
from search.index import GRAM_WEIGHT, PG_WEIGHT_CLASS, SEARCH_FIELDS

from ..base import EngineQuery
from .base import EmbeddedBackend, Ranked, facet_key

# D (body), C (summary), B (keywords, authors, extra), A (titles). Chosen by a sweep on the dev set
# (README, "Search"): titles count twice the body; stronger title boosts lowered MRR@10.
PG_RANK_WEIGHTS = "{0.5, 0.6, 0.8, 1.0}"
PG_RANK_NORMALIZATION = 1  # divide by 1 + log(document length)
PG_RANK_FUNCTION = "ts_rank"
# At most this many candidates are scored per query (see ``_ranked``); larger candidate sets are
# narrowed to the documents holding two of the query's rarest QUORUM_CLAUSES.
PG_RANK_CANDIDATES = 1_000
QUORUM_CLAUSES = 8


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_tsquery(clause: tuple[tuple[str, ...], ...]) -> str:
    """A tsquery literal: the phrases of one clause OR-ed (a phrase's tokens joined by ``<->``)."""
    return " | ".join(" <-> ".join(_lexeme(t) for t in phrase) for phrase in clause)


def match_clauses(clauses) -> list[tuple[tuple[str, ...], ...]]:
    """The clauses of an OR match without the phrases it already implies: a phrase holding a
    word that is a one-word alternative of the OR adds no document to it. Such phrases (the
    adjacent-pair proximity clauses, a synonym phrase of the query's own words) still count in
    the score, but kept in the match they would make PostgreSQL recheck every row the GIN index
    found (``<->`` needs positions: each vector read and decompressed; 37.6 → 93.4 ms p95 at
    10,000 documents)."""
    singles = {phrase[0] for clause in clauses for phrase in clause if len(phrase) == 1}
    kept = []
    for clause in clauses:
        alternatives = tuple(p for p in clause if len(p) == 1 or not singles.intersection(p))
        if alternatives:
            kept.append(alternatives)
    return kept


def proximity_only(clause, singles: set[str]) -> bool:
    """A clause of phrases each holding one of the query's one-word alternatives (an adjacent
    pair): it ranks documents but says nothing of which ones match."""
    return all(len(p) > 1 and singles.intersection(p) for p in clause)


class PostgresBackend(EmbeddedBackend):
    vendor = "postgresql"
    fts_table = "search_pgfts"
    fts_key = "doc_id"

    # --- writing ---------------------------------------------------------------------------
    def _insert_fts(self, rows: list[tuple[int, dict[str, str], str, list[str]]]) -> None:
        vector = " || ".join(
            f"setweight(to_tsvector('simple', %s), '{PG_WEIGHT_CLASS[c]}')" for c in SEARCH_FIELDS
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_pgfts(doc_id, vector, grams, facets) "  # noqa: S608
                f"VALUES (%s, {vector}, to_tsvector('simple', %s), %s)",
                [
                    (row_id, *[columns[c] for c in SEARCH_FIELDS], grams, facets)
                    for row_id, columns, grams, facets in rows
                ],
            )

    def _upsert_df(self, cursor, changes: list[tuple[str, int]]) -> None:
        # One set-based statement: a batch changes ~16,000 terms, and one upsert per term was the
        # slowest part of indexing (0.5 s of every 500 documents).
        terms, counts = zip(*sorted(changes), strict=True)
        cursor.execute(
            "INSERT INTO search_searchterm(term, df) "
            "SELECT * FROM unnest(%s::varchar[], %s::int[]) "
            "ON CONFLICT(term) DO UPDATE SET df = search_searchterm.df + excluded.df",
            [list(terms), list(counts)],
        )

    def _after_rebuild(self, cursor) -> None:
        # Fresh statistics right away: the planner's choices depend on them, and autovacuum
        # would only gather them a while later.
        cursor.execute("ANALYZE search_pgfts, search_searchdocument, search_searchfacet")

    # --- reading ---------------------------------------------------------------------------
    @contextmanager
    def _index_first(self):
        """PostgreSQL prices ``vector @@ query`` as if reading a vector were free, so for a common
        word it picks a sequential scan that decompresses every vector of the index (100 ms at
        10,000 documents, against 3 ms through the GIN index). A search's statements run with
        sequential scans discouraged, in a transaction that ends with them (``SET LOCAL``)."""
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    def _conditions(
        self, query: EngineQuery, *, facets: bool = True, quorum: bool = False
    ) -> tuple[str, list]:
        conditions: list[str] = []
        params: list = []
        text_sql, text_params = self._text_condition(query, quorum=quorum)
        if text_sql:
            conditions.append(f"({text_sql})")
            params += text_params
        if facets:
            # With text, a filter is checked on the rows the text matched: ``IS TRUE`` keeps the
            # planner from ANDing in the facets' GIN index, whose bitmap for a common value
            # (language=th) covers most of the table (it did so without statistics: 470 ms).
            # Without text the index is the way in.
            facet_condition = (
                "(p.facets && %s::text[]) IS TRUE" if text_sql else "p.facets && %s::text[]"
            )
            for name, values in query.filters:
                conditions.append(facet_condition)
                params.append([facet_key(name, v) for v in values])
        if query.audience is not None:
            condition = "NOT (p.facets && ARRAY['restricted:1'])"
            restricted = [a for a in query.audience if a != "public"]
            if restricted:
                condition = f"({condition} OR p.facets && %s::text[])"
                params.append([facet_key("audience", a) for a in restricted])
            conditions.append(condition)
        if query.exclude_page_ids:
            marks = ", ".join(["%s"] * len(query.exclude_page_ids))
            conditions.append(
                "p.doc_id NOT IN (SELECT id FROM search_searchdocument "  # noqa: S608
                f"WHERE page_id IN ({marks}))"
            )
            params += list(query.exclude_page_ids)
        return (" AND ".join(conditions) or "TRUE"), params

    @staticmethod
    def _text_condition(query: EngineQuery, *, quorum: bool = False) -> tuple[str, list]:
        """Which rows of ``search_pgfts p`` match the text (answered by the GIN indexes; scoring
        happens later, on the filtered candidates only). tsquery literals are parameters cast
        once (``plainto_tsquery`` is only STABLE, so PostgreSQL would parse it for every row).
        ``quorum``: only documents that also contain two of the query's clauses."""
        where: list[str] = []
        params: list = []
        if query.clauses:
            where.append("p.vector @@ %s::tsquery")
            matching = [query.clauses[i] for i in query.required] or list(query.clauses)
            tsquery = " | ".join(f"({pg_tsquery(c)})" for c in match_clauses(matching))
            if quorum:
                # The rarest clauses (highest weights) make the pairs: at most 28 of them.
                # Proximity clauses stay out (they only rank; as phrases they force a recheck).
                singles = {p[0] for c in query.clauses for p in c if len(p) == 1}
                rarest = sorted(
                    (
                        i
                        for i, clause in enumerate(query.clauses)
                        if not proximity_only(clause, singles)
                    ),
                    key=lambda i: -query.weights[i],
                )[:QUORUM_CLAUSES]
                pairs = " | ".join(
                    f"(({pg_tsquery(query.clauses[a])}) & ({pg_tsquery(query.clauses[b])}))"
                    for a, b in itertools.combinations(sorted(rarest), 2)
                )
                tsquery = f"({tsquery}) & ({pairs})"
            params.append(tsquery)
        if query.grams:
            where.append("p.grams @@ %s::tsquery")
            params.append(pg_tsquery(tuple((g,) for g in query.grams)))
        return " OR ".join(where), params

    @staticmethod
    def _score_sql(query: EngineQuery, vector: str, grams: str) -> tuple[str, list]:
        """BM25-like score: the sum over clauses of IDF × ts_rank (see the module docstring)."""
        terms: list[str] = []
        params: list = []
        for clause, weight in zip(query.clauses, query.weights, strict=True):
            terms.append(
                f"{float(weight)!r} * {PG_RANK_FUNCTION}(%s, {vector}, %s::tsquery, "
                f"{PG_RANK_NORMALIZATION})"
            )
            params += [PG_RANK_WEIGHTS, pg_tsquery(clause)]
        if query.grams:
            terms.append(f"{GRAM_WEIGHT} * ts_rank({grams}, %s::tsquery, 1)")
            params.append(pg_tsquery(tuple((g,) for g in query.grams)))
        return (" + ".join(terms) or "0.0"), params

    def _ranked(self, query: EngineQuery) -> tuple[Ranked, int]:
        conditions, params = self._conditions(query)
        count_sql = f"SELECT count(*) FROM search_pgfts p WHERE {conditions}"  # noqa: S608
        if not (query.sort == "relevance" and query.has_text):
            return self._page(
                sql=(
                    "SELECT p.doc_id, 0.0, count(*) OVER () FROM search_pgfts p "  # noqa: S608
                    f"JOIN search_searchdocument d ON d.id = p.doc_id WHERE {conditions} "
                    "ORDER BY d.published_at DESC NULLS LAST, d.id DESC"
                ),
                params=params,
                count_sql=count_sql,
                count_params=params,
                query=query,
            )
        # Scoring decompresses each candidate's vector (``vector || ''`` does it once; every
        # ts_rank() call on the column itself would do it again), so it is kept to at most
        # PG_RANK_CANDIDATES documents. When more match (a query of common words), the ones that
        # also contain two of the query's clauses are scored (the GIN index finds them); if
        # still too many, the newest of them. The total always counts every match.
        with connection.cursor() as cursor:
            cursor.execute(count_sql, params)
            total = cursor.fetchone()[0]
        if not total or query.offset >= total:
            return [], total
        rank_conditions, rank_params = conditions, params
        if total > PG_RANK_CANDIDATES and len(query.clauses) > 1:
            quorum_conditions, quorum_params = self._conditions(query, quorum=True)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 1 FROM search_pgfts p WHERE {quorum_conditions} LIMIT 1",  # noqa: S608
                    quorum_params,
                )
                if cursor.fetchone():
                    rank_conditions, rank_params = quorum_conditions, quorum_params
        score_sql, score_params = self._score_sql(query, "s.v", "s.grams")
        # The newest candidates are ordered by ``doc_id + 0``, an expression no index holds: with
        # ``ORDER BY p.doc_id`` PostgreSQL walked the primary key backwards and tested the
        # tsquery on every row it passed (all 10,000 vectors decompressed when fewer than 1,000
        # match: 54 of 60 ms), instead of asking the GIN index and sorting what it found.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.doc_id, {score_sql} AS score FROM ("  # noqa: S608
                "SELECT p.doc_id, p.vector || ''::tsvector AS v, p.grams FROM search_pgfts p "
                "WHERE p.doc_id IN (SELECT p.doc_id FROM search_pgfts p "
                f"WHERE {rank_conditions} ORDER BY p.doc_id + 0 DESC LIMIT %s) OFFSET 0) s "
                "ORDER BY score DESC, s.doc_id ASC LIMIT %s OFFSET %s",
                [*score_params, *rank_params, PG_RANK_CANDIDATES, query.limit, query.offset],
            )
            ranked = [(doc_id, score) for doc_id, score in cursor.fetchall()]
        return ranked, total

    def _facet_counts(self, query: EngineQuery) -> dict[str, dict[str, int]]:
        conditions, params = self._conditions(query, facets=False)
        flags: list[str] = []
        flag_params: list = []
        own_facet: list[str] = []
        own_params: list = []
        for position, (name, values) in enumerate(query.filters):
            flags.append(f", p.facets && %s::text[] AS flag{position}")
            flag_params.append([facet_key(name, v) for v in values])
            own_facet.append(f"(k LIKE %s OR base.flag{position})")
            own_params.append(facet_key(name, "%"))
        where = f"WHERE {' AND '.join(own_facet)} " if own_facet else ""
        wanted = set(query.facets)
        counts: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            # Grouped by the whole "name:value" key, split here: cheaper than splitting in SQL
            # for every (document, value) pair.
            cursor.execute(
                f"WITH base AS MATERIALIZED (SELECT p.facets{''.join(flags)} "  # noqa: S608
                f"FROM search_pgfts p WHERE {conditions}) "
                f"SELECT k, count(*) FROM base, unnest(base.facets) AS k {where}GROUP BY k",
                [*flag_params, *params, *own_params],
            )
            for key, count in cursor.fetchall():
                name, _colon, value = key.partition(":")
                if name in wanted:
                    counts.setdefault(name, {})[value] = count
        return counts

    def _browse_sql(self, query: EngineQuery) -> tuple[str, str, list, str]:
        conditions, params = self._conditions(query)
        return (
            "search_pgfts p JOIN search_searchdocument d ON d.id = p.doc_id",
            conditions,
            params,
            "d.published_at DESC NULLS LAST, d.id DESC",
        )

    def _autocomplete_match(self, tokens: list[str], prefix: str) -> tuple[str, list]:
        tokens, prefix = [analysis.fold(t) for t in tokens], analysis.fold_prefix(prefix)
        lexemes = [t.replace("'", "''").replace("\\", "") for t in tokens]
        tsquery = " & ".join(f"'{t}':AB" for t in lexemes)
        if prefix:
            escaped = prefix.replace("'", "''").replace("\\", "")
            tsquery = (tsquery + " & " if tsquery else "") + f"'{escaped}':*AB"
        return (
            "SELECT doc_id, ts_rank(vector, to_tsquery('simple', %s)) AS score "
            "FROM search_pgfts WHERE vector @@ to_tsquery('simple', %s)",
            [tsquery, tsquery],
        )
