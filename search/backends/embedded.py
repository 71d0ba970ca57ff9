"""The embedded engine: SQLite FTS5 or PostgreSQL full-text search over PyThaiNLP-segmented text.

Text is segmented by :mod:`search.analysis` and the tokens are joined by spaces, so the engines'
own tokenisers only split on spaces (FTS5 ``ascii`` tokenizer, PostgreSQL ``simple`` config).

Ranking:
* SQLite: FTS5 ``bm25()`` with one weight per column (:data:`search.index.SEARCH_FIELDS`).
* PostgreSQL: no BM25 in core, so the score is a BM25-like sum over query clauses of
  ``idf(clause) × ts_rank(field weights, vector, clause, 1)`` (``ts_rank`` gives term frequency
  with field weights, normalisation 1 divides by the log of the document length, and the IDF comes
  from :class:`search.models.SearchTerm`). Measured with ``search_eval`` (see README).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from search import analysis, index
from search.index import GRAM_FIELDS, GRAM_WEIGHT, PG_WEIGHT_CLASS, SEARCH_FIELDS, IndexDocument
from search.models import SearchDocument, SearchFacet, SearchTerm

from .base import EngineHit, EngineQuery, EngineResult, EngineStatus, SearchBackend

FTS_COLUMNS = (*SEARCH_FIELDS.keys(), "grams")
# The number of indexed documents, kept in SearchTerm under a key no token can be (tokens never
# contain spaces).
DOCUMENT_COUNT_TERM = " documents"
# Renewed by every write: part of the key of cached counts (see ``_browse``).
GENERATION_TERM = " generation"
BROWSE_CACHE_SECONDS = 3600
# D (body), C (summary), B (keywords, authors, extra), A (titles). Chosen by a sweep on the dev set
# (README, "Search"): titles count twice the body; stronger title boosts lowered MRR@10.
PG_RANK_WEIGHTS = "{0.5, 0.6, 0.8, 1.0}"
PG_RANK_NORMALIZATION = 1  # divide by 1 + log(document length)
PG_RANK_FUNCTION = "ts_rank"
# PostgreSQL scores at most this many candidates per query (see ``_pg_ranked``), and narrows
# larger candidate sets to the documents holding two of the query's rarest QUORUM_CLAUSES.
PG_RANK_CANDIDATES = 1_000
QUORUM_CLAUSES = 8
SOURCE_FIELDS = (
    "id",
    "page_id",
    "external_id",
    "resource_type",
    "locale",
    "title",
    "title_en",
    "summary",
    "body",
    "url",
    "year",
    "published_at",
)


def _fts_phrase(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def _facet_key(name: str, value: str) -> str:
    """A facet as one array element of ``search_pgfts.facets``: ``name:value``."""
    return f"{name}:{value}"


def _pg_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _pg_tsquery(clause: tuple[tuple[str, ...], ...]) -> str:
    """A tsquery literal: the phrases of one clause OR-ed (a phrase's tokens joined by ``<->``)."""
    return " | ".join(" <-> ".join(_pg_lexeme(t) for t in phrase) for phrase in clause)


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    @property
    def vendor(self) -> str:
        return connection.vendor

    # ======================================================================================
    # Writing
    # ======================================================================================
    def _analyse(self, doc: IndexDocument) -> tuple[dict[str, str], str, set[str]]:
        columns: dict[str, str] = {}
        terms: set[str] = set()
        for name in SEARCH_FIELDS:
            toks, surfaces = analysis.tokens_and_surfaces(
                doc.field_text(name), compounds=name in index.COMPOUND_FIELDS
            )
            columns[name] = " ".join(toks)
            terms.update(toks)
            terms.update(surfaces)
        grams: list[str] = []
        for name in GRAM_FIELDS:
            grams += analysis.trigrams(doc.field_text(name))
        return columns, " ".join(grams), terms

    def index_documents(self, documents: list[IndexDocument]) -> int:
        # Segmentation (the expensive part) happens before the transaction opens.
        return self._write_analysed(self._analyse_batch(documents))

    def index_stream(self, batches: Iterable[list[IndexDocument]]) -> Iterator[int]:
        # The next batch is segmented in a thread while this one is written: the database works
        # meanwhile (psycopg and sqlite3 release the GIL while they wait), so on two cores a
        # rebuild runs at the speed of the slower of the two instead of their sum.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-analysis") as pool:
            pending = None
            for batch in batches:
                future = pool.submit(self._analyse_batch, batch)
                if pending is not None:
                    yield self._write_analysed(pending.result())
                pending = future
            if pending is not None:
                yield self._write_analysed(pending.result())

    def _analyse_batch(self, documents: list[IndexDocument]) -> list[tuple]:
        return [(doc, *self._analyse(doc)) for doc in documents]

    def _write_analysed(self, analysed: list[tuple]) -> int:
        if not analysed:
            return 0
        documents = [doc for doc, *_rest in analysed]
        with transaction.atomic():
            page_ids = [doc.page_id for doc in documents]
            old = list(
                SearchDocument.objects.filter(page_id__in=page_ids).values_list("id", "terms")
            )
            delta: Counter[str] = Counter()
            for _id, terms in old:
                delta.subtract(terms.split())
            self._delete_rows([row_id for row_id, _terms in old])
            now = timezone.now()
            rows = [
                SearchDocument(
                    page_id=doc.page_id,
                    external_id=doc.external_id[:128],
                    resource_type=doc.resource_type,
                    locale=doc.locale,
                    title=doc.title[:255],
                    title_en=doc.title_en[:255],
                    summary=doc.summary,
                    body=doc.body,
                    url=doc.url[:1024],
                    year=doc.year,
                    published_at=doc.published_at,
                    audience=" ".join(doc.audience)[:255],
                    terms=" ".join(sorted(terms)),
                    indexed_at=now,
                )
                for doc, _columns, _grams, terms in analysed
            ]
            SearchDocument.objects.bulk_create(rows, batch_size=500)
            facets = []
            for row, (doc, _columns, _grams, terms) in zip(rows, analysed, strict=True):
                delta.update(terms)
                for name, values in doc.facets.items():
                    facets += [
                        SearchFacet(document_id=row.id, name=name, value=str(v)[:64])
                        for v in dict.fromkeys(values)
                        if v not in (None, "")
                    ]
                if doc.audience != ["public"]:
                    # Restricted documents are few: the filter looks them up instead of scanning
                    # the audience of every public one.
                    facets.append(SearchFacet(document_id=row.id, name="restricted", value="1"))
                    facets += [
                        SearchFacet(document_id=row.id, name="audience", value=a[:64])
                        for a in doc.audience
                    ]
            SearchFacet.objects.bulk_create(facets, batch_size=2000)
            facet_keys: dict[int, list[str]] = {}
            for facet in facets:
                facet_keys.setdefault(facet.document_id, []).append(
                    _facet_key(facet.name, facet.value)
                )
            self._insert_fts(
                [
                    (row.id, columns, grams, facet_keys.get(row.id, []))
                    for row, (_d, columns, grams, _t) in zip(rows, analysed, strict=True)
                ]
            )
            delta[DOCUMENT_COUNT_TERM] += len(rows) - len(old)
            self._apply_df_delta(delta)
            self._renew_generation()
        return len(documents)

    def _insert_fts(self, rows: list[tuple[int, dict[str, str], str, list[str]]]) -> None:
        # Rows left behind by a table flush (tests) must not collide with reused ids.
        self._delete_fts_rows([row_id for row_id, _c, _g, _f in rows])
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                placeholders = ", ".join(["%s"] * (len(FTS_COLUMNS) + 1))
                cursor.executemany(
                    f"INSERT INTO search_fts(rowid, {', '.join(FTS_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({placeholders})",
                    [
                        (row_id, *[columns[c] for c in SEARCH_FIELDS], grams)
                        for row_id, columns, grams, _facets in rows
                    ],
                )
            else:
                vector = " || ".join(
                    f"setweight(to_tsvector('simple', %s), '{PG_WEIGHT_CLASS[c]}')"
                    for c in SEARCH_FIELDS
                )
                cursor.executemany(
                    f"INSERT INTO search_pgfts(doc_id, vector, grams, facets) "  # noqa: S608
                    f"VALUES (%s, {vector}, to_tsvector('simple', %s), %s)",
                    [
                        (row_id, *[columns[c] for c in SEARCH_FIELDS], grams, facets)
                        for row_id, columns, grams, facets in rows
                    ],
                )

    def _delete_rows(self, row_ids: list[int]) -> None:
        if not row_ids:
            return
        self._delete_fts_rows(row_ids)
        SearchFacet.objects.filter(document_id__in=row_ids).delete()
        SearchDocument.objects.filter(id__in=row_ids).delete()

    def _delete_fts_rows(self, row_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(row_ids), 500):
                chunk = row_ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                table, key = (
                    ("search_fts", "rowid")
                    if self.vendor == "sqlite"
                    else ("search_pgfts", "doc_id")
                )
                cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", chunk)  # noqa: S608

    def _apply_df_delta(self, delta: Counter[str]) -> None:
        truncated: Counter[str] = Counter()
        for term, n in delta.items():
            truncated[term[:64]] += n  # the column's length (two long terms may share a prefix)
        changes = [(term, n) for term, n in truncated.items() if n]
        if not changes:
            return
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # One set-based statement: a batch changes ~16,000 terms, and one upsert per
                # term was the slowest part of indexing (0.5 s of every 500 documents).
                terms, counts = zip(*sorted(changes), strict=True)
                cursor.execute(
                    "INSERT INTO search_searchterm(term, df) "
                    "SELECT * FROM unnest(%s::varchar[], %s::int[]) "
                    "ON CONFLICT(term) DO UPDATE SET df = search_searchterm.df + excluded.df",
                    [list(terms), list(counts)],
                )
            else:
                cursor.executemany(
                    "INSERT INTO search_searchterm(term, df) VALUES (%s, %s) "
                    "ON CONFLICT(term) DO UPDATE SET df = search_searchterm.df + excluded.df",
                    changes,
                )
            if any(n < 0 for _t, n in changes):
                cursor.execute("DELETE FROM search_searchterm WHERE df <= 0")

    def delete_documents(self, page_ids: list[int]) -> int:
        with transaction.atomic():
            old = list(
                SearchDocument.objects.filter(page_id__in=page_ids).values_list("id", "terms")
            )
            delta: Counter[str] = Counter()
            for _id, terms in old:
                delta.subtract(terms.split())
            self._delete_rows([row_id for row_id, _t in old])
            delta[DOCUMENT_COUNT_TERM] -= len(old)
            self._apply_df_delta(delta)
            if old:
                self._renew_generation()
        return len(old)

    # The embedded index is rebuilt in place, batch by batch: each batch replaces its documents in
    # one transaction, so every query during a rebuild sees a complete document set.
    def rebuild_begin(self) -> object:
        return None

    def rebuild_index(self, handle: object, documents: list[IndexDocument]) -> int:
        return self.index_documents(documents)

    def rebuild_stream(
        self, handle: object, batches: Iterable[list[IndexDocument]]
    ) -> Iterator[int]:
        return self.index_stream(batches)

    def rebuild_finish(self, handle: object, *, seen_page_ids: set[int]) -> None:
        stale = self.indexed_page_ids() - set(seen_page_ids)
        stale_list = sorted(stale)
        for start in range(0, len(stale_list), 500):
            self.delete_documents(stale_list[start : start + 500])
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            else:
                # Fresh statistics right away: the planner's choices depend on them, and
                # autovacuum would only gather them a while later.
                cursor.execute("ANALYZE search_pgfts, search_searchdocument, search_searchfacet")

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts" if self.vendor == "sqlite" else "DELETE FROM search_pgfts"
            )
            SearchFacet.objects.all().delete()
            SearchDocument.objects.all().delete()
            SearchTerm.objects.all().delete()
            self._renew_generation()

    # ======================================================================================
    # Reading
    # ======================================================================================
    # --- SQLite ----------------------------------------------------------------------------
    def _match_sql(self, query: EngineQuery, *, scored: bool) -> tuple[str, list]:
        """SQLite: SQL selecting ``doc_id`` and ``score`` of the documents matching the text."""
        if not query.has_text:
            return "SELECT id AS doc_id, 0.0 AS score FROM search_searchdocument", []
        parts = []
        for clause in query.clauses:
            parts.append("(" + " OR ".join(_fts_phrase(p) for p in clause) + ")")
        text_columns = " ".join(SEARCH_FIELDS)
        expression = f"{{{text_columns}}} : ({' OR '.join(parts)})" if parts else ""
        if parts and query.required:
            # bm25() scores every phrase of the expression, so the AND only narrows the
            # candidates to documents with one of the rare clauses.
            rare = " OR ".join(parts[i] for i in query.required)
            expression = f"{{{text_columns}}} : ({rare}) AND {expression}"
        if query.grams:
            grams = "{grams} : (" + " OR ".join(_fts_phrase((g,)) for g in query.grams) + ")"
            expression = f"({expression}) OR ({grams})" if expression else grams
        weights = ", ".join(
            [str(w) for w in SEARCH_FIELDS.values()] + [str(GRAM_WEIGHT if query.grams else 0.0)]
        )
        score = f"-bm25(search_fts, {weights})" if scored else "0.0"
        return (
            f"SELECT rowid AS doc_id, {score} AS score FROM search_fts "  # noqa: S608
            "WHERE search_fts MATCH %s",
            [expression],
        )

    @staticmethod
    def _pg_text_condition(query: EngineQuery, *, quorum: bool = False) -> tuple[str, list]:
        """Which rows of ``search_pgfts p`` match the text (answered by the GIN indexes; scoring
        happens later, on the filtered candidates only). tsquery literals are parameters cast
        once (``plainto_tsquery`` is only STABLE, so PostgreSQL would parse it for every row).
        ``quorum``: only documents that also contain two of the query's clauses."""
        where: list[str] = []
        params: list = []
        if query.clauses:
            where.append("p.vector @@ %s::tsquery")
            matching = [query.clauses[i] for i in query.required] or list(query.clauses)
            tsquery = " | ".join(f"({_pg_tsquery(c)})" for c in matching)
            if quorum:
                # The rarest clauses (highest weights) make the pairs: at most 28 of them.
                rarest = sorted(range(len(query.clauses)), key=lambda i: -query.weights[i])[
                    :QUORUM_CLAUSES
                ]
                pairs = " | ".join(
                    f"(({_pg_tsquery(query.clauses[a])}) & ({_pg_tsquery(query.clauses[b])}))"
                    for a, b in itertools.combinations(sorted(rarest), 2)
                )
                tsquery = f"({tsquery}) & ({pairs})"
            params.append(tsquery)
        if query.grams:
            where.append("p.grams @@ %s::tsquery")
            params.append(_pg_tsquery(tuple((g,) for g in query.grams)))
        return " OR ".join(where), params

    @staticmethod
    def _pg_score_sql(query: EngineQuery, vector: str, grams: str) -> tuple[str, list]:
        """BM25-like score: the sum over clauses of IDF × ts_rank (see the module docstring)."""
        terms: list[str] = []
        params: list = []
        for clause, weight in zip(query.clauses, query.weights, strict=True):
            terms.append(
                f"{float(weight)!r} * {PG_RANK_FUNCTION}(%s, {vector}, %s::tsquery, "
                f"{PG_RANK_NORMALIZATION})"
            )
            params += [PG_RANK_WEIGHTS, _pg_tsquery(clause)]
        if query.grams:
            terms.append(f"{GRAM_WEIGHT} * ts_rank({grams}, %s::tsquery, 1)")
            params.append(_pg_tsquery(tuple((g,) for g in query.grams)))
        return (" + ".join(terms) or "0.0"), params

    def _filter_sql(
        self, query: EngineQuery, alias: str, *, facets: bool = True
    ) -> tuple[str, list]:
        """The audience and exclusion conditions, plus (``facets``) every facet filter."""
        sql: list[str] = []
        params: list = []
        if facets:
            for name, values in query.filters:
                condition, condition_params = self._facet_filter_sql(name, values, alias)
                sql.append(condition)
                params += condition_params
        if query.audience is not None:
            restricted = [a for a in query.audience if a != "public"]
            condition = (
                "NOT EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
                f"WHERE f.document_id = {alias} AND f.name = 'restricted')"
            )
            if restricted:
                marks = ", ".join(["%s"] * len(restricted))
                condition = (
                    f"({condition} OR EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
                    f"WHERE f.document_id = {alias} AND f.name = 'audience' "
                    f"AND f.value IN ({marks})))"
                )
                params += restricted
            sql.append(condition)
        if query.exclude_page_ids:
            marks = ", ".join(["%s"] * len(query.exclude_page_ids))
            sql.append(
                f"{alias} NOT IN (SELECT id FROM search_searchdocument "  # noqa: S608
                f"WHERE page_id IN ({marks}))"
            )
            params += list(query.exclude_page_ids)
        return (" AND ".join(sql) or "1=1"), params

    @staticmethod
    def _facet_filter_sql(name: str, values: tuple[str, ...], alias: str) -> tuple[str, list]:
        # Correlated EXISTS: one look-up per candidate in the (document, name, value) index, so a
        # filter on a common value (language=th) costs no more than one on a rare value.
        marks = ", ".join(["%s"] * len(values))
        return (
            "EXISTS (SELECT 1 FROM search_searchfacet f "  # noqa: S608
            f"WHERE f.document_id = {alias} AND f.name = %s AND f.value IN ({marks}))",
            [name, *values],
        )

    @contextmanager
    def _index_first(self):
        """PostgreSQL prices ``vector @@ query`` as if reading a vector were free, so for a common
        word it picks a sequential scan that decompresses every vector of the index (100 ms at
        10,000 documents, against 3 ms through the GIN index). A search's statements run with
        sequential scans discouraged, in a transaction that ends with them (``SET LOCAL``)."""
        if self.vendor != "postgresql":
            yield
            return
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    def search(self, query: EngineQuery) -> EngineResult:
        if not query.has_text:
            ranked, total, facets = self._browse(query)
        else:
            with self._index_first():
                ranked, total = self._ranked(query)
                # With filters, nothing matching them still leaves the other values to count.
                wanted = query.facets and (total or query.filters)
                facets = self._facet_counts(query) if wanted else {}
        facets = {name: facets.get(name, {}) for name in query.facets}
        sources = {
            row["id"]: row
            for row in SearchDocument.objects.filter(id__in=[r[0] for r in ranked]).values(
                *SOURCE_FIELDS
            )
        }
        hits = [
            EngineHit(
                page_id=sources[doc_id]["page_id"], score=float(score), source=sources[doc_id]
            )
            for doc_id, score in ranked
            if doc_id in sources
        ]
        return EngineResult(total=total, hits=hits, facets=facets)

    def _browse(self, query: EngineQuery) -> tuple[list[tuple[int, float]], int, dict]:
        """Filters without text: the newest matches. Counting them and their facet values reads
        a large share of the index (all of it with no filter), so both are cached until the index
        changes (the key holds the index generation, which every write renews)."""
        if self.vendor == "postgresql":
            conditions, params = self._pg_conditions(query)
            source = "search_pgfts p JOIN search_searchdocument d ON d.id = p.doc_id"
            order = "d.published_at DESC NULLS LAST, d.id DESC"
        else:
            conditions, params = self._filter_sql(query, "d.id")
            source = "search_searchdocument d"
            order = "d.published_at DESC, d.id DESC"
        fingerprint = repr((query.filters, query.audience, query.facets, query.exclude_page_ids))
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()
        key = f"search:browse:{self.vendor}:{self._generation()}:{digest}"
        cached = cache.get(key)
        if cached is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {source} WHERE {conditions}", params)  # noqa: S608
                total = cursor.fetchone()[0]
            wanted = query.facets and (total or query.filters)
            facets = self._facet_counts(query) if wanted else {}
            cached = (total, facets)
            cache.set(key, cached, BROWSE_CACHE_SECONDS)
        total, facets = cached
        ranked: list[tuple[int, float]] = []
        if total > query.offset:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT d.id FROM {source} WHERE {conditions} ORDER BY {order} "  # noqa: S608
                    "LIMIT %s OFFSET %s",
                    [*params, query.limit, query.offset],
                )
                ranked = [(doc_id, 0.0) for (doc_id,) in cursor.fetchall()]
        return ranked, total, facets

    def _generation(self) -> int:
        found = SearchTerm.objects.filter(term=GENERATION_TERM).values_list("df", flat=True)
        return found.first() or 0

    @staticmethod
    def _renew_generation() -> None:
        # Random, not a counter: a counter would repeat after a rollback (tests) or a clear.
        SearchTerm.objects.update_or_create(
            term=GENERATION_TERM, defaults={"df": secrets.randbelow(2**31 - 1) + 1}
        )

    def _ranked(self, query: EngineQuery) -> tuple[list[tuple[int, float]], int]:
        """One page of ``(doc_id, score)`` and the number of matching documents."""
        if self.vendor == "postgresql":
            return self._pg_ranked(query)
        scored = query.sort == "relevance" and query.has_text
        match_sql, match_params = self._match_sql(query, scored=scored)
        filter_sql, filter_params = self._filter_sql(query, "m.doc_id")
        # MATERIALIZED: the full-text match runs once, not once per row of the filters.
        matched = (
            f"WITH m AS MATERIALIZED ({match_sql}), "  # noqa: S608 - placeholders only
            f"hits AS MATERIALIZED (SELECT m.doc_id, m.score FROM m WHERE {filter_sql}) "
        )
        params = [*match_params, *filter_params]
        order = "hits.score DESC, hits.doc_id ASC" if scored else "d.published_at DESC, d.id DESC"
        return self._page(
            sql=(
                f"{matched} SELECT hits.doc_id, hits.score, count(*) OVER () FROM hits "  # noqa: S608
                f"JOIN search_searchdocument d ON d.id = hits.doc_id ORDER BY {order}"
            ),
            params=params,
            count_sql=f"{matched} SELECT count(*) FROM hits",  # noqa: S608
            count_params=params,
            query=query,
        )

    @staticmethod
    def _page(
        *, sql: str, params: list, count_sql: str, count_params: list, query: EngineQuery
    ) -> tuple[list[tuple[int, float]], int]:
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, query.limit, query.offset])
            rows = cursor.fetchall()
            if rows:
                total = rows[0][2]
            elif query.offset == 0:
                total = 0
            else:
                # A page past the end: count on its own (the window count came with no row).
                cursor.execute(count_sql, count_params)
                total = cursor.fetchone()[0]
        return [(doc_id, score) for doc_id, score, _total in rows], total

    def _facet_counts(self, query: EngineQuery) -> dict[str, dict[str, int]]:
        """Counts per facet value among the matches. A facet's counts ignore that facet's own
        filter (and only it), so the other values of a facet stay visible and can be added."""
        if self.vendor == "postgresql":
            return self._pg_facet_counts(query)
        match_sql, match_params = self._match_sql(query, scored=False)
        base_sql, base_params = self._filter_sql(query, "m.doc_id", facets=False)
        flags: list[str] = []
        flag_params: list = []
        conditions: list[str] = []
        condition_params: list = []
        for position, (name, values) in enumerate(query.filters):
            sql, params = self._facet_filter_sql(name, values, "m.doc_id")
            flags.append(f", {sql} AS flag{position}")
            flag_params += params
            conditions.append(f" AND (f.name = %s OR base.flag{position})")
            condition_params.append(name)
        marks = ", ".join(["%s"] * len(query.facets))
        counts: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH m AS MATERIALIZED ({match_sql}), "  # noqa: S608 - placeholders only
                f"base AS MATERIALIZED (SELECT m.doc_id{''.join(flags)} FROM m WHERE {base_sql}) "
                "SELECT f.name, f.value, count(*) FROM base "
                "JOIN search_searchfacet f ON f.document_id = base.doc_id "
                f"WHERE f.name IN ({marks}){''.join(conditions)} GROUP BY f.name, f.value",
                [*match_params, *flag_params, *base_params, *query.facets, *condition_params],
            )
            for name, value, count in cursor.fetchall():
                counts.setdefault(name, {})[value] = count
        return counts

    # --- PostgreSQL ------------------------------------------------------------------------
    # One row of ``search_pgfts`` holds everything a query needs: the tsvector (matched through
    # its GIN index) and the facet values as an array, so filters are checked on the row the
    # match already fetched instead of by a look-up per candidate.
    def _pg_conditions(
        self, query: EngineQuery, *, facets: bool = True, quorum: bool = False
    ) -> tuple[str, list]:
        conditions: list[str] = []
        params: list = []
        text_sql, text_params = self._pg_text_condition(query, quorum=quorum)
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
                params.append([_facet_key(name, v) for v in values])
        if query.audience is not None:
            condition = "NOT (p.facets && ARRAY['restricted:1'])"
            restricted = [a for a in query.audience if a != "public"]
            if restricted:
                condition = f"({condition} OR p.facets && %s::text[])"
                params.append([_facet_key("audience", a) for a in restricted])
            conditions.append(condition)
        if query.exclude_page_ids:
            marks = ", ".join(["%s"] * len(query.exclude_page_ids))
            conditions.append(
                "p.doc_id NOT IN (SELECT id FROM search_searchdocument "  # noqa: S608
                f"WHERE page_id IN ({marks}))"
            )
            params += list(query.exclude_page_ids)
        return (" AND ".join(conditions) or "TRUE"), params

    def _pg_ranked(self, query: EngineQuery) -> tuple[list[tuple[int, float]], int]:
        conditions, params = self._pg_conditions(query)
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
            quorum_conditions, quorum_params = self._pg_conditions(query, quorum=True)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 1 FROM search_pgfts p WHERE {quorum_conditions} LIMIT 1",  # noqa: S608
                    quorum_params,
                )
                if cursor.fetchone():
                    rank_conditions, rank_params = quorum_conditions, quorum_params
        score_sql, score_params = self._pg_score_sql(query, "s.v", "s.grams")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.doc_id, {score_sql} AS score FROM ("  # noqa: S608
                "SELECT p.doc_id, p.vector || ''::tsvector AS v, p.grams FROM search_pgfts p "
                "WHERE p.doc_id IN (SELECT p.doc_id FROM search_pgfts p "
                f"WHERE {rank_conditions} ORDER BY p.doc_id DESC LIMIT %s) OFFSET 0) s "
                "ORDER BY score DESC, s.doc_id ASC LIMIT %s OFFSET %s",
                [*score_params, *rank_params, PG_RANK_CANDIDATES, query.limit, query.offset],
            )
            ranked = [(doc_id, score) for doc_id, score in cursor.fetchall()]
        return ranked, total

    def _pg_facet_counts(self, query: EngineQuery) -> dict[str, dict[str, int]]:
        conditions, params = self._pg_conditions(query, facets=False)
        flags: list[str] = []
        flag_params: list = []
        own_facet: list[str] = []
        own_params: list = []
        for position, (name, values) in enumerate(query.filters):
            flags.append(f", p.facets && %s::text[] AS flag{position}")
            flag_params.append([_facet_key(name, v) for v in values])
            own_facet.append(f"(k LIKE %s OR base.flag{position})")
            own_params.append(_facet_key(name, "%"))
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

    def autocomplete(
        self, *, tokens: list[str], prefix: str, audience: tuple[str, ...] | None, limit: int
    ) -> list[dict]:
        if not tokens and not prefix:
            return []
        query = EngineQuery(audience=audience)
        filter_sql, filter_params = self._filter_sql(query, "m.doc_id")
        if self.vendor == "sqlite":
            parts = [_fts_phrase((t,)) for t in tokens]
            if prefix:
                parts.append(_fts_phrase((prefix,)) + "*")
            expression = "{title title_en authors} : (" + " AND ".join(parts) + ")"
            match = (
                "SELECT rowid AS doc_id, -bm25(search_fts, 10, 8, 0, 4, 0, 0, 0, 0) AS score "
                "FROM search_fts WHERE search_fts MATCH %s"
            )
            params = [expression]
        else:
            lexemes = [t.replace("'", "''").replace("\\", "") for t in tokens]
            tsquery = " & ".join(f"'{t}':AB" for t in lexemes)
            if prefix:
                escaped = prefix.replace("'", "''").replace("\\", "")
                tsquery = (tsquery + " & " if tsquery else "") + f"'{escaped}':*AB"
            match = (
                "SELECT doc_id, ts_rank(vector, to_tsquery('simple', %s)) AS score "
                "FROM search_pgfts WHERE vector @@ to_tsquery('simple', %s)"
            )
            params = [tsquery, tsquery]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.doc_id FROM ({match}) m WHERE {filter_sql} "  # noqa: S608
                "ORDER BY m.score DESC, m.doc_id LIMIT %s",
                [*params, *filter_params, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
        rows = {
            r["id"]: r for r in SearchDocument.objects.filter(id__in=ids).values(*SOURCE_FIELDS)
        }
        return [rows[i] for i in ids if i in rows]

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        total = self._document_count()
        found = dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "df"))
        return total, {t: found.get(t, 0) for t in terms}

    def _document_count(self) -> int:
        # Kept as a pseudo-term by every write, so a query does not count the whole table.
        found = SearchTerm.objects.filter(term=DOCUMENT_COUNT_TERM).values_list("df", flat=True)
        return found.first() or 0

    def vocabulary_candidates(self, term: str, *, limit: int = 500) -> list[tuple[str, int]]:
        if not term:
            return []
        qs = SearchTerm.objects.filter(term__startswith=term[0]).order_by("-df")
        return list(qs.values_list("term", "df")[:limit])

    def document_source(self, page_id: int) -> dict | None:
        row = SearchDocument.objects.filter(page_id=page_id).values(*SOURCE_FIELDS, "terms").first()
        return row

    def indexed_page_ids(self) -> set[int]:
        return set(SearchDocument.objects.values_list("page_id", flat=True))

    def status(self) -> EngineStatus:
        last = SearchDocument.objects.order_by("-indexed_at").values_list("indexed_at", flat=True)
        return EngineStatus(
            backend=f"embedded ({self.vendor})",
            documents=SearchDocument.objects.count(),
            detail={
                "terms": SearchTerm.objects.exclude(
                    term__in=[DOCUMENT_COUNT_TERM, GENERATION_TERM]
                ).count(),
                "last_indexed_at": last.first(),
            },
        )


def idf(*, documents: int, df: int) -> float:
    """BM25's IDF (never negative)."""
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))
