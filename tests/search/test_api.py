"""/api/v1/search/ and /api/v1/search/autocomplete/: JSON shape, OpenAPI, permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from search.backends import get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_index(db):
    get_backend().clear()


def test_search_json_shape(client, publish):
    publish(type="ebook", title="คู่มือการเขียนโปรแกรม PLC", external_id="plc-1", year=2024)
    response = client.get("/api/v1/search/", {"q": "โปรแกรม", "type": "ebook"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "count",
        "results",
        "facets",
        "query",
        "original_query",
        "corrected_query",
        "approximate",
        "suggestion",
    }
    assert data["query"] == data["original_query"] == "โปรแกรม"
    assert data["corrected_query"] is None and data["approximate"] is False
    assert data["count"] == 1
    (hit,) = data["results"]
    assert set(hit) == {"id", "external_id", "type", "title", "url", "snippet", "score"}
    assert hit["external_id"] == "plc-1" and hit["type"] == "ebook"
    assert hit["url"].startswith("http://testserver/")
    assert set(data["facets"]) == {"field", "type", "industry", "level", "language", "year"}
    ebook_facet = next(item for item in data["facets"]["type"] if item["value"] == "ebook")
    assert ebook_facet == {"value": "ebook", "label": "หนังสืออิเล็กทรอนิกส์", "count": 1}
    assert data["suggestion"] is None


def test_search_year_label_is_buddhist_era_in_thai(client, publish):
    publish(title="งานไม้", external_id="w", year=2024)
    data = client.get("/api/v1/search/", {"q": "งานไม้"}).json()
    assert data["facets"]["year"][0]["label"] == "พ.ศ. 2567"
    english = client.get("/api/v1/search/", {"q": "งานไม้"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["facets"]["year"][0]["value"] == "2024"


def test_autocomplete_json(client, publish):
    publish(type="expert", title="นายช่างสมชาย ใจดี", title_en="Somchai Jaidee", external_id="x")
    data = client.get("/api/v1/search/autocomplete/", {"q": "somch"}).json()
    assert data["query"] == "somch"
    assert [r["type"] for r in data["results"]] == ["expert"]
    assert set(data["results"][0]) == {"title", "title_en", "type", "type_label", "url"}
    assert data["terms"] == []


def test_both_endpoints_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search/" in schema["paths"]
    assert "/api/v1/search/autocomplete/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {
        "q",
        "type",
        "field",
        "industry",
        "level",
        "language",
        "year",
        "sort",
        "page",
        "page_size",
    } <= parameters


def test_restricted_hidden_from_anonymous_api(client, publish, after_commit, make_staff):
    page = publish(title="แผนงานลับเฉพาะ", external_id="secret")
    with after_commit():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    assert restriction.pk
    assert client.get("/api/v1/search/", {"q": "แผนงาน"}).json()["count"] == 0
    client.force_login(make_staff("someone", "F64-11"))
    assert client.get("/api/v1/search/", {"q": "แผนงาน"}).json()["count"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "ก" * 10_000},
        {"q": "!!!???"},
        {"q": '" * - NEAR OR ( )'},
        {"q": "๒๕๖๗"},
        {"q": "ระบบ\u200bควบคุม"},
        {"q": "x", "field": "F00-00", "year": "abc", "language": "xx"},
        {"q": "x", "page": "99999999999999"},
    ],
)
def test_bad_input_never_fails(client, params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200
    assert response.json()["count"] >= 0
    assert client.get("/api/v1/search/autocomplete/", params).status_code == 200


@pytest.mark.parametrize(
    ("params", "refused"),
    [
        ({"q": "x", "type": "nope"}, "type"),
        ({"q": "x", "type": "ebook,nope"}, "type"),
        ({"q": "x", "sort": "sideways"}, "sort"),
        ({"q": "x", "page": "-4"}, "page"),
        ({"q": "x", "page": "abc"}, "page"),
        ({"q": "x", "page_size": "9999"}, "page_size"),
    ],
)
def test_values_the_document_does_not_allow_are_a_422_naming_the_parameter(client, params, refused):
    """The document declares enums for sort and type and ranges for page and page_size (#14
    item 10): the API answers what it says."""
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", refused]]


def test_the_document_states_the_enums_and_the_422(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/search/"]["get"]
    schemas = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert schemas["sort"]["enum"] == ["relevance", "newest"]
    assert "research" in schemas["type"]["items"]["enum"]
    assert set(operation["responses"]) == {"200", "422"}


def test_group_member_sees_group_restricted(client, publish, after_commit, make_staff):
    page = publish(title="บันทึกภายในกลุ่ม", external_id="g")
    with after_commit():
        r = PageViewRestriction.objects.create(page=page, restriction_type="groups")
        r.groups.add(Group.objects.get(name="OVEC"))
        r.save()
    client.force_login(make_staff("ovec-user", "OVEC"))
    assert client.get("/api/v1/search/", {"q": "บันทึก"}).json()["count"] == 1
