"""The shared backend tests on the embedded engine: SQLite (default) or PostgreSQL
(``DATABASE_URL=postgres://… pytest tests/search``)."""

import pytest
from django.db import connection

from .backend_contract import BackendContract


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs when DATABASE_URL is SQLite")
class TestEmbeddedSQLite(BackendContract):
    pass


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs when DATABASE_URL is PostgreSQL"
)
class TestEmbeddedPostgreSQL(BackendContract):
    pass
