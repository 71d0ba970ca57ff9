"""The search API refuses what its OpenAPI document does not allow. The search endpoints declare
their query parameters by hand (``openapi_extra``: the page and the API share one lenient
reader); this module checks a request against those declarations, so the document and the
behaviour cannot drift apart: an enum, an integer range or an array of enum values that the
document states is what the API accepts (anything else is a 422 naming the parameter).
Booleans are written true/false (or 1/0)."""

from __future__ import annotations

import re

from django.http import QueryDict
from ninja import Router

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")


def declared_parameters(router: Router, path: str) -> list[dict]:
    """The query parameters ``path`` declares in its ``openapi_extra``."""
    operations = router.path_operations[path].operations
    return [
        parameter
        for operation in operations
        for parameter in (operation.openapi_extra or {}).get("parameters", [])
        if parameter.get("in") == "query"
    ]


def _integer_error(raw: str, schema: dict) -> str | None:
    lowest, highest = schema.get("minimum"), schema.get("maximum")
    limits = f" from {lowest}" if lowest is not None else ""
    limits += f" to {highest}" if highest is not None else ""
    if not _WHOLE_NUMBER.fullmatch(raw):
        return f"a whole number{limits}"
    number = int(raw)
    if (lowest is not None and number < lowest) or (highest is not None and number > highest):
        return f"a whole number{limits}"
    return None


# How a boolean query parameter is written (OpenAPI's form style writes true/false; the site's
# own links write 1).
BOOLEAN_VALUES = ("true", "false", "1", "0")


def _value_error(raw: str, schema: dict) -> str | None:
    if "enum" in schema and raw not in schema["enum"]:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    if schema.get("type") == "integer":
        return _integer_error(raw, schema)
    if schema.get("type") == "boolean" and raw.lower() not in BOOLEAN_VALUES:
        return "one of: " + ", ".join(BOOLEAN_VALUES)
    return None


def query_errors(params: QueryDict, parameters: list[dict]) -> list[dict]:
    """``[{"loc": ["query", name], "msg": ...}]`` for each value ``parameters`` does not allow.
    An array parameter takes repeated values, each of which may also be comma-separated."""
    errors = []
    for parameter in parameters:
        name, schema = parameter["name"], parameter.get("schema", {})
        if name not in params:
            continue
        if schema.get("type") == "array":
            values = [part.strip() for raw in params.getlist(name) for part in raw.split(",")]
            item_schema = schema.get("items", {})
        else:
            values, item_schema = [params[name]], schema
        for value in values:
            if message := _value_error(value, item_schema):
                errors.append({"loc": ["query", name], "msg": message})
                break
    return errors
