"""The embedded engine on SQLite: an FTS5 table ``search_fts`` (``ascii`` tokenizer over the
space-joined tokens of :mod:`search.analysis`) ranked by FTS5 ``bm25()`` with one weight per column
(:data:`search.index.SEARCH_FIELDS`)."""

from __future__ import annotations

from django.db import connection

from search import analysis
from search.index import GRAM_WEIGHT, SEARCH_FIELDS

from ..base import EngineQuery
from .base import EmbeddedBackend, Ranked

FTS_COLUMNS = (*SEARCH_FIELDS.keys(), "grams")


def fts_phrase(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


class SQLiteBackend(EmbeddedBackend):
    vendor = "sqlite"
    fts_table = "search_fts"
    fts_key = "rowid"

    # --- writing ---------------------------------------------------------------------------
    def _insert_fts(self, rows: list[tuple[int, dict[str, str], str, list[str]]]) -> None:
        placeholders = ", ".join(["%s"] * (len(FTS_COLUMNS) + 1))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_fts(rowid, {', '.join(FTS_COLUMNS)}) "  # noqa: S608
                f"VALUES ({placeholders})",
                [
                    (row_id, *[columns[c] for c in SEARCH_FIELDS], grams)
                    for row_id, columns, grams, _facets in rows
                ],
            )

    def _upsert_df(self, cursor, changes: list[tuple[str, int]]) -> None:
        cursor.executemany(
            "INSERT INTO search_searchterm(term, df) VALUES (%s, %s) "
            "ON CONFLICT(term) DO UPDATE SET df = search_searchterm.df + excluded.df",
            changes,
        )

    def _after_rebuild(self, cursor) -> None:
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    # --- reading ---------------------------------------------------------------------------
    def _match_sql(self, query: EngineQuery, *, scored: bool) -> tuple[str, list]:
        """SQL selecting ``doc_id`` and ``score`` of the documents matching the text."""
        if not query.has_text:
            return "SELECT id AS doc_id, 0.0 AS score FROM search_searchdocument", []
        parts = []
        for clause in query.clauses:
            parts.append("(" + " OR ".join(fts_phrase(p) for p in clause) + ")")
        text_columns = " ".join(SEARCH_FIELDS)
        expression = f"{{{text_columns}}} : ({' OR '.join(parts)})" if parts else ""
        if parts and query.required:
            # bm25() scores every phrase of the expression, so the AND only narrows the
            # candidates to documents with one of the rare clauses.
            rare = " OR ".join(parts[i] for i in query.required)
            expression = f"{{{text_columns}}} : ({rare}) AND {expression}"
        if query.grams:
            grams = "{grams} : (" + " OR ".join(fts_phrase((g,)) for g in query.grams) + ")"
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

    def _ranked(self, query: EngineQuery) -> tuple[Ranked, int]:
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

    def _facet_counts(self, query: EngineQuery) -> dict[str, dict[str, int]]:
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

    def _browse_sql(self, query: EngineQuery) -> tuple[str, str, list, str]:
        conditions, params = self._filter_sql(query, "d.id")
        return "search_searchdocument d", conditions, params, "d.published_at DESC, d.id DESC"

    def _autocomplete_match(self, tokens: list[str], prefix: str) -> tuple[str, list]:
        tokens, prefix = [analysis.fold(t) for t in tokens], analysis.fold_prefix(prefix)
        parts = [fts_phrase((t,)) for t in tokens]
        if prefix:
            parts.append(fts_phrase((prefix,)) + "*")
        expression = "{title title_en authors} : (" + " AND ".join(parts) + ")"
        return (
            "SELECT rowid AS doc_id, -bm25(search_fts, 10, 8, 0, 4, 0, 0, 0, 0) AS score "
            "FROM search_fts WHERE search_fts MATCH %s",
            [expression],
        )
