"""Load the bilingual vocational glossary (search/data/vocational_glossary.tsv) into the synonym
list. Groups OVEC staff already have (the same terms) are not added twice; reversing removes the
glossary groups nobody has edited since."""

from django.db import migrations


def load_glossary(apps, schema_editor):
    from search.glossary import NOTE_PREFIX, glossary_groups

    Synonym = apps.get_model("search", "Synonym")
    existing = set(Synonym.objects.values_list("terms", flat=True))
    Synonym.objects.bulk_create(
        [
            Synonym(terms=", ".join(terms), note=f"{NOTE_PREFIX}{industry}")
            for industry, terms in glossary_groups()
            if ", ".join(terms) not in existing
        ]
    )


def unload_glossary(apps, schema_editor):
    from search.glossary import NOTE_PREFIX, glossary_groups

    Synonym = apps.get_model("search", "Synonym")
    shipped = {", ".join(terms) for _industry, terms in glossary_groups()}
    Synonym.objects.filter(note__startswith=NOTE_PREFIX, terms__in=shipped).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_pgfts_facets_document_count")]

    operations = [migrations.RunPython(load_glossary, unload_glossary)]
