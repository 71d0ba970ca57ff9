"""PostgreSQL: each document's facet values as an array beside its tsvector, so filters and facet
counts read the row the full-text match already fetched (no look-up per candidate); vectors
compressed with LZ4 where the server has it (ranking decompresses every candidate's vector, and
pglz made that the slowest part of a query).
Both vendors: the document count kept as a pseudo-term (see ``DOCUMENT_COUNT_TERM``)."""

from django.db import migrations

DOCUMENT_COUNT_TERM = " documents"

PG_UP = [
    "ALTER TABLE search_pgfts ADD COLUMN IF NOT EXISTS facets text[] NOT NULL DEFAULT '{}'",
    "UPDATE search_pgfts p SET facets = coalesce(("
    " SELECT array_agg(f.name || ':' || f.value) FROM search_searchfacet f"
    " WHERE f.document_id = p.doc_id), '{}')",
    "CREATE INDEX IF NOT EXISTS search_pgfts_facets ON search_pgfts USING gin (facets)",
]
PG_LZ4 = [
    "ALTER TABLE search_pgfts ALTER COLUMN vector SET COMPRESSION lz4",
    "ALTER TABLE search_pgfts ALTER COLUMN grams SET COMPRESSION lz4",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS search_pgfts_facets",
    "ALTER TABLE search_pgfts DROP COLUMN IF EXISTS facets",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_UP:
            schema_editor.execute(sql)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                "AND 'lz4' = ANY(enumvals)"
            )
            if cursor.fetchone():
                for sql in PG_LZ4:
                    schema_editor.execute(sql)
        # Rewrite the vectors, so existing ones are stored the new way too.
        schema_editor.execute(
            "UPDATE search_pgfts SET vector = vector || ''::tsvector, grams = grams || ''::tsvector"
        )
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchTerm = apps.get_model("search", "SearchTerm")
    count = SearchDocument.objects.count()
    if count:
        SearchTerm.objects.update_or_create(term=DOCUMENT_COUNT_TERM, defaults={"df": count})


def backwards(apps, schema_editor):
    apps.get_model("search", "SearchTerm").objects.filter(term=DOCUMENT_COUNT_TERM).delete()
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_tables")]

    operations = [migrations.RunPython(forwards, backwards)]
