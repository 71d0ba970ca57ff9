"""The bilingual vocational glossary shipped as data and loaded into the synonym list."""

from __future__ import annotations

import re

import pytest

from content.reference.data import INDUSTRIES
from search.glossary import NOTE_PREFIX, glossary_groups
from search.models import Synonym

THAI = re.compile("[\u0e00-\u0e7f]")
LATIN = re.compile("[A-Za-z]")


def test_the_glossary_has_300_bilingual_groups_over_the_ten_industries():
    groups = glossary_groups()
    assert len(groups) >= 300
    assert all(
        any(THAI.search(t) for t in terms) and any(LATIN.search(t) for t in terms)
        for _industry, terms in groups
    )
    assert {industry for industry, _terms in groups} == {code for code, _th, _en in INDUSTRIES}


def test_a_group_with_one_term_is_refused_with_its_line(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text("# comment\nrobotics\tหุ่นยนต์, robot\nrobotics\tหุ่นยนต์\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        glossary_groups(path)


@pytest.mark.django_db
def test_the_migration_loaded_every_group_as_an_editable_synonym():
    loaded = Synonym.objects.filter(note__startswith=NOTE_PREFIX)
    assert loaded.count() == len(glossary_groups())
    plc = loaded.get(terms__contains="PLC")
    assert "พีแอลซี" in plc.term_list and plc.note.endswith("robotics")
