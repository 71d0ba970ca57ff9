"""The content model contract other apps read (docs/architecture.md)."""

import pytest
from django.core.exceptions import ValidationError

from content.models import (
    RESOURCE_TYPES,
    EBookPage,
    EmployerProfilePage,
    FieldOfStudy,
    KnowledgeBankPage,
    ManpowerDemand,
    ResearchPage,
    ResourcePage,
    SimulatorPage,
    UnitOfCompetency,
)

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def test_resource_types_map_the_import_keys_to_page_models():
    assert list(RESOURCE_TYPES) == [
        "research",
        "ebook",
        "elearning",
        "econtent",
        "simulator",
        "expert",
        "employer",
    ]
    for key, model in RESOURCE_TYPES.items():
        assert issubclass(model, ResourcePage)
        assert model.resource_type == key
        assert f"content.{model.__name__}" in KnowledgeBankPage.subpage_types
        assert model.parent_page_types == ["content.KnowledgeBankPage"]


def test_contract_fields_exist_on_every_type():
    names = {
        "title_en", "summary", "body", "languages", "home_field", "other_fields", "industries",
        "levels", "teaching_approaches", "keywords", "authors", "institution", "year", "licence",
        "cover_image", "units_of_competency", "external_id",
    }  # fmt: skip
    for model in RESOURCE_TYPES.values():
        fields = {f.name for f in model._meta.get_fields()}
        assert names <= fields, model
    assert {"book"} <= {f.name for f in EBookPage._meta.get_fields()}
    assert {"external_url", "package", "is_graded", "max_score"} <= {
        f.name for f in SimulatorPage._meta.get_fields()
    }
    assert {"employer", "year", "position", "headcount", "level", "competencies"} <= {
        f.name for f in ManpowerDemand._meta.get_fields()
    }


def test_language_codes_field_codes_and_author_names():
    other = FieldOfStudy.objects.get(code="F66-17")
    page = ResourcePageFactory(
        type="research",
        languages=["th", "en"],
        authors="นายสมชาย ใจดี\n\n  Somsak Rakdee  \n",
    )
    page.other_fields = [other]
    page.save_revision().publish()
    page = ResearchPage.objects.get(pk=page.pk)
    assert page.language_codes == ["th", "en"]
    assert page.field_codes == ["F64-11", "F66-17"]
    assert page.author_names == ["นายสมชาย ใจดี", "Somsak Rakdee"]
    assert page.search_text_extra() == page.abstract


def test_search_text_extra_is_type_specific():
    simulator = ResourcePageFactory(type="simulator", equipment="PLC FX5U")
    assert simulator.search_text_extra() == "PLC FX5U"
    expert = ResourcePageFactory(type="expert", expertise="หุ่นยนต์เชื่อม", organisation="ACME")
    assert "หุ่นยนต์เชื่อม" in expert.search_text_extra()


def test_external_id_is_unique_across_types():
    ResourcePageFactory(type="research", external_id="same-id")
    ebook = EBookPage(title="x", external_id="same-id", home_field_id=1, slug="x")
    with pytest.raises(ValidationError) as error:
        ebook.clean()
    assert "external_id" in error.value.message_dict


def test_a_graded_simulator_needs_a_maximum_score():
    simulator = SimulatorPage(title="x", is_graded=True, max_score=None)
    with pytest.raises(ValidationError):
        simulator.clean()


def test_unknown_language_code_is_refused():
    field = ResearchPage._meta.get_field("languages")
    with pytest.raises(ValidationError):
        field.validate(["th", "fr"], None)
    field.validate(["th", "en"], None)


def test_manpower_demand_rows_belong_to_an_employer():
    employer = ResourcePageFactory(type="employer")
    employer.manpower_demands = [ManpowerDemand(year=2025, position="ช่างเทคนิค", headcount=5)]
    employer.save_revision().publish()
    employer = EmployerProfilePage.objects.get(pk=employer.pk)
    assert [(r.year, r.headcount) for r in employer.manpower_demands.all()] == [(2025, 5)]


def test_unit_of_competency_snippet():
    unit = UnitOfCompetency.objects.create(
        code="MEC-2-01", title="ติดตั้งระบบนิวแมติกส์", standard_body="tpqi"
    )
    page = ResourcePageFactory(type="elearning")
    page.units_of_competency = [unit]
    page.save_revision().publish()
    assert list(page.units_of_competency.all()) == [unit]
    assert str(unit).startswith("MEC-2-01")
