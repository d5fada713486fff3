"""The small JSON Schema validator, on the record schema and on hand-made schemas."""

from decision_core import DETAIL_FIELDS, RECORD_SCHEMA
from decision_core.schema import schema_problems


def test_schema_is_2020_12():
    assert RECORD_SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_details_schema_matches_the_field_list():
    groups = RECORD_SCHEMA["$defs"]["details"]["properties"]
    for key, field in DETAIL_FIELDS.items():
        group, _, name = key.partition(".")
        prop = groups[group]["properties"][name] if name else groups[group]
        if field.choices:
            assert prop["enum"] == [""] + [v for v, _ in field.choices]
        else:
            assert prop["type"] == "string"
    assert sum(len(g.get("properties", {})) or 1 for g in groups.values()) == len(DETAIL_FIELDS)


def test_keywords():
    schema = {"type": "object", "required": ["a"], "additionalProperties": False,
              "properties": {"a": {"type": "array", "minItems": 1,
                                   "items": {"type": "string", "pattern": "^x", "maxLength": 3}},
                             "b": {"enum": [1, 2]}, "c": {"const": "k"},
                             "d": {"type": "integer"}, "e": {"type": "string", "minLength": 1}}}
    assert schema_problems({"a": ["xy"], "b": 1, "c": "k", "d": 3, "e": "z"}, schema) == []
    found = [(p.path, p.message) for p in schema_problems(
        {"a": ["yy", "xxxx", 1], "b": 3, "c": "j", "d": True, "e": "", "f": 0}, schema)]
    assert found == [
        ("a[0]", "'yy' is not in the expected form"),
        ("a[1]", "a[1] is longer than 3 characters"),
        ("a[2]", "expected string, found int"),
        ("b", "3 is not one of 1, 2"),
        ("c", "must be 'k', found 'j'"),
        ("d", "expected integer, found bool"),
        ("e", "e must not be empty"),
        ("f", "unknown key 'f'"),
    ]
    assert [p.message for p in schema_problems({"a": []}, schema)] == ["a needs at least 1 entries"]
    assert [p.message for p in schema_problems({}, schema)] == ["missing required key 'a'"]
