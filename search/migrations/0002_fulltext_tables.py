"""The vendor-specific full-text structures of the embedded engine.

SQLite: an FTS5 table (``ascii`` tokenizer: the text arrives already segmented by PyThaiNLP and
joined with spaces, so Thai words stay whole). PostgreSQL: ``tsvector`` columns with GIN indexes.
No foreign key to ``search_searchdocument``: the backend deletes rows itself, and a key would stop
the test runner's TRUNCATE of that table.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, title_en, keywords, authors, extra, summary, body, grams, tokenize = 'ascii')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]
PG_UP = [
    "CREATE TABLE IF NOT EXISTS search_pgfts ("
    " doc_id bigint PRIMARY KEY,"
    " vector tsvector NOT NULL,"
    " grams tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_pgfts_vector ON search_pgfts USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_pgfts_grams ON search_pgfts USING gin (grams)",
]
PG_DOWN = ["DROP TABLE IF EXISTS search_pgfts"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_UP, "postgresql": PG_UP}.get(vendor)
    if statements is None:
        raise RuntimeError(f"The embedded search engine supports SQLite and PostgreSQL, not {vendor}")
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
