"""The public API does what its OpenAPI document says (#14 item 10): a bounded schemathesis run
against the WSGI application, every operation, positive and negative examples. Bounded so it
adds well under a minute to the suite (a few examples per operation, no shrinking)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from intelligent_center.api import api

from ..content.factories import ResourcePageFactory

EXAMPLES_PER_OPERATION = 15


def _document() -> dict:
    """The document the site serves at /api/v1/openapi.json, as JSON (status codes as text)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()


@pytest.fixture
def api_resources(db):
    # Like Django's test client: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield [
        ResourcePageFactory(type="research", field="F64-11"),
        ResourcePageFactory(type="ebook", field="F66-17"),
    ]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_served_document_is_the_one_tested(client):
    assert client.get("/api/v1/openapi.json").json() == _document()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_its_documented_contract(case, api_resources):
    case.call_and_validate()
