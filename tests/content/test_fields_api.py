import pytest

pytestmark = pytest.mark.django_db


def test_fields_endpoint_lists_all_101(client):
    response = client.get("/api/v1/fields/")
    assert response.status_code == 200
    fields = response.json()
    assert len(fields) == 101
    mechatronics = next(f for f in fields if f["code"] == "F64-11")
    assert mechatronics["name_th"] == "สาขาวิชาเมคคาทรอนิกส์และหุ่นยนต์"
    assert mechatronics["name_en"] == "Mechatronics and Robotics"
    assert mechatronics["host_college"]["name_th"] == "วิทยาลัยเทคนิคสัตหีบ"
    assert mechatronics["fiscal_year"] == 2564
    assert {i["code"] for i in mechatronics["industries"]} == {"robotics", "smart-electronics"}
    assert mechatronics["url"] == "http://testserver/f64-11/"


def test_field_detail_and_unknown_code(client):
    assert client.get("/api/v1/fields/F66-17/").json()["name_en"] == "Electric Vehicle Technology"
    assert client.get("/api/v1/fields/NOPE/").status_code == 404


def test_openapi_schema_describes_the_fields_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/fields/" in schema["paths"]
    field_schema = schema["components"]["schemas"]["FieldOut"]
    assert {
        "code",
        "name_th",
        "name_en",
        "host_college",
        "fiscal_year",
        "industries",
        "url",
    } <= set(field_schema["properties"])


def test_api_is_read_only(client):
    assert client.post("/api/v1/fields/", {}).status_code == 405
