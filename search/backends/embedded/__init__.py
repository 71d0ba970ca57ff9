"""The embedded engine: SQLite FTS5 or PostgreSQL full-text search over PyThaiNLP-segmented text.

Text is segmented by :mod:`search.analysis` and the tokens are joined by spaces, so the engines'
own tokenisers only split on spaces (FTS5 ``ascii`` tokenizer, PostgreSQL ``simple`` config).
What both share is in :mod:`.base`; :mod:`.sqlite` and :mod:`.postgres` hold the vendor's tables,
matching and ranking. The class is chosen once, from the database connection's vendor (as
django-modelsearch's ``backends/database`` does).
"""

from __future__ import annotations

from django.db import connection

from .base import DOCUMENT_COUNT_TERM, GENERATION_TERM, EmbeddedBackend, idf

__all__ = ["DOCUMENT_COUNT_TERM", "GENERATION_TERM", "EmbeddedBackend", "embedded_backend", "idf"]


def embedded_backend() -> EmbeddedBackend:
    """The embedded engine for the database in use."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend()
    raise ValueError(
        f"The embedded search engine supports SQLite and PostgreSQL, not {connection.vendor}"
    )
