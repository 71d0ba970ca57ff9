"""/api/v1/resources/: filters, pagination, visibility, the OpenAPI schema."""

import pytest
from wagtail.models import PageViewRestriction

from content.models import FieldOfStudy, Industry, Level

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources():
    robot = ResourcePageFactory(type="research", title="งานวิจัยหุ่นยนต์", languages=["th", "en"])
    robot.industries = [Industry.objects.get(code="robotics")]
    robot.levels = [Level.objects.get(code="hvc")]
    robot.other_fields = [FieldOfStudy.objects.get(code="F64-06")]
    robot.save_revision().publish()
    ebook = ResourcePageFactory(type="ebook", title="หนังสือยานยนต์ไฟฟ้า", field="F66-17")
    draft = ResourcePageFactory(type="ebook", title="ฉบับร่าง", publish=False)
    members = ResourcePageFactory(type="simulator", title="สำหรับสมาชิก")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    return {"robot": robot, "ebook": ebook, "draft": draft, "members": members}


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["results"]}


def test_public_list_shows_live_public_resources_only(client, resources):
    titles = _titles(client.get("/api/v1/resources/"))
    assert {"งานวิจัยหุ่นยนต์", "หนังสือยานยนต์ไฟฟ้า"} <= titles
    assert "ฉบับร่าง" not in titles and "สำหรับสมาชิก" not in titles


def test_signed_in_users_also_see_restricted_resources(client, resources, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x-123456789"))
    response = client.get("/api/v1/resources/?type=simulator")
    assert _titles(response) == {"สำหรับสมาชิก"}
    assert response.json()["results"][0]["restricted"] is True
    assert client.get(f"/api/v1/resources/{resources['members'].pk}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("field=F64-11", {"งานวิจัยหุ่นยนต์"}),
        ("field=f64-06", {"งานวิจัยหุ่นยนต์"}),  # an "other field", case-insensitive
        ("field=F66-17", {"หนังสือยานยนต์ไฟฟ้า"}),
        ("type=ebook", {"หนังสือยานยนต์ไฟฟ้า"}),
        ("language=en", {"งานวิจัยหุ่นยนต์"}),
        ("industry=robotics", {"งานวิจัยหุ่นยนต์"}),
        ("level=hvc", {"งานวิจัยหุ่นยนต์"}),
        ("updated_since=2999-01-01T00:00:00Z", set()),
    ],
)
def test_filters(client, resources, query, expected):
    assert _titles(client.get(f"/api/v1/resources/?{query}")) == expected


def test_bad_filters_are_clear_errors(client, resources):
    """Each refused as the OpenAPI document says (an enum, a date-time, a range): 422 naming
    the parameter."""
    for query, name in [
        ("type=poster", "type"),
        ("language=fr", "language"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=0.5", "updated_since"),
        ("page_size=1000", "page_size"),
    ]:
        response = client.get(f"/api/v1/resources/?{query}")
        assert response.status_code == 422, query
        assert response.json()["detail"][0]["loc"][-1] == name


def test_the_document_states_the_type_enum(client):
    document = client.get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/resources/"]["get"]["parameters"]
    type_schema = next(p["schema"] for p in parameters if p["name"] == "type")
    enum = document["components"]["schemas"]["ResourceType"]["enum"]
    assert "$ref" in str(type_schema) and "research" in enum


def test_detail_and_not_found(client, resources):
    data = client.get(f"/api/v1/resources/{resources['robot'].pk}/").json()
    assert data["type"] == "research"
    assert data["fields"] == ["F64-11", "F64-06"]
    assert data["industries"][0]["code"] == "robotics"
    assert data["url"].endswith(resources["robot"].url)
    for hidden in ("draft", "members"):
        assert client.get(f"/api/v1/resources/{resources[hidden].pk}/").status_code == 404
    assert client.get("/api/v1/resources/999999/").status_code == 404


def test_pagination_and_constant_queries(client, django_assert_max_num_queries):
    for n in range(3):
        ResourcePageFactory(type="econtent", title=f"สื่อ {n}")
    ResourcePageFactory(type="research", title="วิจัย")
    ResourcePageFactory(type="expert", title="ผู้เชี่ยวชาญ")
    first = client.get("/api/v1/resources/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["next"].endswith("page_size=2&page=2") and first["previous"] is None
    last = client.get("/api/v1/resources/?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/resources/?page_size=5")
    for n in range(10):
        ResourcePageFactory(type="research", title=f"วิจัย {n}")
        ResourcePageFactory(type="expert", title=f"ผู้เชี่ยวชาญ {n}")
    # The count depends on the number of types on the page, never on the number of resources.
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/resources/?page_size=100")


def test_resources_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/resources/" in schema["paths"]
    assert "/api/v1/resources/{resource_id}/" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/resources/"]["get"]["parameters"]}
    assert {"field", "type", "language", "industry", "level", "updated_since"} <= names


def test_api_root_lists_every_endpoint_and_the_schema(client):
    index = client.get("/api/v1/").json()
    assert index["schema"] == "http://testserver/api/v1/openapi.json"
    assert index["docs"] == "http://testserver/api/v1/docs"
    schema_paths = set(client.get("/api/v1/openapi.json").json()["paths"]) - {"/api/v1/"}
    assert {endpoint["path"] for endpoint in index["endpoints"]} == schema_paths
    resources = next(e for e in index["endpoints"] if e["path"] == "/api/v1/resources/")
    assert resources["url"] == "http://testserver/api/v1/resources/"
