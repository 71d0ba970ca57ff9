"""Every body the Elasticsearch backend sends, validated against Elastic's own OpenAPI
specification (no server needed; no fake server either)."""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from search.backends.base import EngineQuery
from search.backends.elasticsearch import ElasticsearchBackend
from search.index import IndexDocument

# ../shared next to the repository; IC_SHARED_DIR points elsewhere (a work tree in another folder).
SHARED = Path(os.environ.get("IC_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared")
SPEC = SHARED / "elasticsearch" / "elasticsearch-serverless-openapi.json"
URI = "urn:elasticsearch-serverless-openapi"


@cache
def spec() -> dict:
    if not SPEC.exists():
        pytest.fail(f"Elastic's specification is missing: {SPEC}")
    return json.loads(SPEC.read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    return Registry().with_resource(
        URI, Resource.from_contents(spec(), default_specification=DRAFT7)
    )


def pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def request_schema(path: str, method: str, content_type: str = "application/json") -> dict:
    body = spec()["paths"][path][method]["requestBody"]
    if "$ref" in body:
        name = body["$ref"].rsplit("/", 1)[-1]
        return {
            "$ref": f"{URI}#/components/requestBodies/{pointer(name)}/content/"
            f"{pointer(content_type)}/schema"
        }
    return {
        "$ref": f"{URI}#/paths/{pointer(path)}/{method}/requestBody/content/"
        f"{pointer(content_type)}/schema"
    }


def validate(instance, schema: dict) -> None:
    validator = Draft7Validator(schema, registry=registry())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture(params=[8, 9])
def backend(request):
    return ElasticsearchBackend(
        url="http://127.0.0.1:9200", index_prefix="ic_test", major_version=request.param, icu=False
    )


DOC = IndexDocument(
    page_id=42,
    title="ระบบควบคุมอัตโนมัติ",
    resource_type="ebook",
    external_id="ext-42",
    title_en="Automation",
    summary="เซ็นเซอร์และพีแอลซี",
    body="ย่อหน้าแรก\n\nSecond paragraph",
    keywords=["PLC"],
    authors=["สมชาย ใจดี"],
    url="/f64-11/ext-42/",
    year=2024,
    published_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
    audience=["public"],
    facets={"field": ["F64-11"], "type": ["ebook"], "year": ["2024"], "language": ["th"]},
)


def test_the_spec_rejects_a_wrong_body():
    """The validator is real: a body of the wrong shape fails."""
    with pytest.raises(AssertionError):
        validate({"size": "many", "from": {"x": 1}}, request_schema("/{index}/_search", "post"))


@pytest.mark.parametrize("icu", [False, True])
def test_index_settings_and_mappings(icu):
    backend = ElasticsearchBackend(url="", index_prefix="ic", major_version=9, icu=icu)
    body = backend.index_body()
    validate(body, request_schema("/{index}", "put"))
    analysis = body["settings"]["analysis"]
    thai = analysis["analyzer"]["ic_thai"]
    assert thai["tokenizer"] == "thai"
    assert not any("stop" in str(f) for f in thai["filter"])  # the thai stopwords are kept
    assert ("icu_folding" in thai["filter"]) is icu
    title = body["mappings"]["properties"]["title"]
    assert {"trigram", "en"} <= set(title["fields"])


def test_bulk_lines(backend):
    """The spec renders the NDJSON body as an array whose items are ``oneOf`` an action, an update
    action or ``{"type": "object"}`` — any object matches the last, so ``oneOf`` can never hold
    for an action line. We check what it means: each action line is a valid
    ``_global.bulk.OperationContainer`` with one action, followed by a source object unless it is
    a delete."""
    lines = backend.bulk_lines([DOC], index="ic_test_resources_v1")
    lines += backend.delete_lines([7], index="ic_test_resources_v1")
    action_schema = {"$ref": f"{URI}#/components/schemas/_global.bulk.OperationContainer"}
    validate(lines, {"type": "array"})
    position = 0
    while position < len(lines):
        action = lines[position]
        validate(action, action_schema)
        (name,) = action.keys()
        assert name in {"index", "create", "update", "delete"}
        position += 1
        if name != "delete":
            validate(lines[position], {"type": "object"})
            position += 1
    with pytest.raises(AssertionError):  # the action schema is real: a wrong _id type fails
        validate({"index": {"_index": "x", "_id": {"bad": 1}}}, action_schema)
    assert lines[0] == {"index": {"_index": "ic_test_resources_v1", "_id": "42"}}
    assert "ระบบ" in lines[1]["terms"].split()


@pytest.mark.parametrize(
    "query",
    [
        EngineQuery(clauses=((("ระบบ",),), (("พี", "แอล", "ซี"), ("plc",))), weights=(1.0, 2.0)),
        EngineQuery(
            clauses=((("ควบคุม",),),),
            weights=(1.0,),
            filters=(("type", ("ebook", "research")), ("field", ("F64-11",))),
            audience=("public", "login", "group:3"),
            facets=("field", "type", "industry", "level", "language", "year"),
            sort="newest",
            offset=20,
            limit=10,
            exclude_page_ids=(5,),
        ),
        EngineQuery(grams=("ระบ", "ะบบ"), audience=None),
        EngineQuery(clauses=((("ระบบ",),), (("ไฮดรอลิกส์",),)), weights=(0.1, 5.0), required=(1,)),
        EngineQuery(filters=(("type", ("ebook",)),), facets=("type",)),
    ],
)
def test_search_bodies(backend, query):
    validate(backend.search_body(query), request_schema("/{index}/_search", "post"))


def test_autocomplete_frequency_suggest_and_source_bodies(backend):
    schema = request_schema("/{index}/_search", "post")
    validate(
        backend.autocomplete_body(tokens=["ระบบ"], prefix="ควบ", audience=("public",), limit=8),
        schema,
    )
    validate(backend.frequencies_body(["ระบบ", "plc"]), schema)
    validate(backend.suggest_body("refrigaration"), schema)
    validate(backend.source_body(42), schema)


def test_alias_swap_is_one_atomic_request(backend):
    new = backend.new_index_name(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    body = backend.aliases_body(new_index=new, old_indices=["ic_test_resources_v1"])
    validate(body, request_schema("/_aliases", "post"))
    assert body["actions"][0] == {
        "remove": {"index": "ic_test_resources_v1", "alias": "ic_test_resources"}
    }
    assert body["actions"][-1]["add"]["index"] == new and new.startswith("ic_test_resources_v")


def test_client_major_version_must_match_the_setting():
    from django.core.exceptions import ImproperlyConfigured

    backend = ElasticsearchBackend(url="http://127.0.0.1:1", index_prefix="x", major_version=8)
    import elasticsearch

    if elasticsearch.__versionstr__.startswith("8."):
        pytest.skip("client 8 installed")
    with pytest.raises(ImproperlyConfigured):
        _ = backend.client


def test_each_facet_aggregation_leaves_out_only_its_own_filter(backend):
    body = backend.search_body(
        EngineQuery(
            clauses=((("ควบคุม",),),),
            weights=(1.0,),
            filters=(("type", ("ebook",)), ("field", ("F64-11",))),
            facets=("type", "field", "year"),
        )
    )
    type_filter = {"terms": {"facet_type": ["ebook"]}}
    field_filter = {"terms": {"facet_field": ["F64-11"]}}
    assert body["post_filter"] == {"bool": {"filter": [type_filter, field_filter]}}
    assert type_filter not in body["query"]["bool"]["filter"]
    aggs = body["aggs"]
    assert aggs["type"]["filter"]["bool"]["filter"] == [field_filter]
    assert aggs["field"]["filter"]["bool"]["filter"] == [type_filter]
    assert aggs["year"]["filter"]["bool"]["filter"] == [type_filter, field_filter]
    assert aggs["year"]["aggs"]["values"]["terms"]["field"] == "facet_year"


def test_compound_parts_are_indexed_and_searched_like_keywords(backend):
    from dataclasses import replace

    body = backend.document_body(replace(DOC, title="คู่มือโรงงานอุตสาหกรรม", body="เครื่องกลึง"))
    assert body["parts"].split() == ["โรงงาน", "อุตสาหกรรม"]  # titles only, not the body
    mapping = backend.index_body()["mappings"]["properties"]
    assert mapping["parts"] == {"type": "text", "analyzer": "whitespace"}
    query = backend.search_body(EngineQuery(clauses=((("โรงงาน",),),), weights=(1.0,)))
    assert "parts^5" in query["query"]["bool"]["should"][0]["multi_match"]["fields"]
