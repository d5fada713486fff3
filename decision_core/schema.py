"""The record's JSON Schema (2020-12), shipped in the package, and a small validator for it.

The validator covers the keywords the record schema uses — type, properties,
required, additionalProperties, items, enum, const, pattern, minLength,
maxLength, minItems, $ref to $defs — so verification needs no third-party
library in the browser. The test suite checks it agrees with ``jsonschema``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from .problems import Problem, join_path

__all__ = ["RECORD_SCHEMA", "schema_problems"]

RECORD_SCHEMA: dict = json.loads(
    resources.files(__package__).joinpath("record.schema.json").read_text(encoding="utf-8"))

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[kind])


def schema_problems(value: Any, schema: dict = RECORD_SCHEMA) -> list[Problem]:
    """Every place where ``value`` breaks ``schema``, as problems with key paths."""
    problems: list[Problem] = []
    _check(value, schema, schema, "", problems)
    return problems


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        schema = root["$defs"][ref[len("#/$defs/"):]]
    return schema


def _check(value: Any, schema: dict, root: dict, path: str, out: list[Problem]) -> None:
    schema = _resolve(schema, root)
    where = path or "record"
    kind = schema.get("type")
    if kind is not None and not _is(value, kind):
        out.append(Problem(path, "schema", f"expected {kind}, found {type(value).__name__}"))
        return
    if "const" in schema and value != schema["const"]:
        out.append(Problem(path, "schema", f"must be {schema['const']!r}, found {value!r}"))
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(repr(v) for v in schema["enum"] if v != "")
        out.append(Problem(path, "schema", f"{value!r} is not one of {allowed}"))
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append(Problem(path, "schema", f"{where} must not be empty"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(Problem(path, "schema", f"{where} is longer than {schema['maxLength']} characters"))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(Problem(path, "schema", f"{value!r} is not in the expected form"))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(Problem(path, "schema", f"{where} needs at least {schema['minItems']} entries"))
        if "items" in schema:
            for i, item in enumerate(value):
                _check(item, schema["items"], root, join_path(path, i), out)
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                out.append(Problem(path, "schema", f"missing required key '{key}'"))
        properties = schema.get("properties", {})
        for key, item in value.items():
            here = join_path(path, key)
            if key in properties:
                _check(item, properties[key], root, here, out)
            elif schema.get("additionalProperties", True) is False:
                out.append(Problem(here, "schema", f"unknown key '{key}'"))
