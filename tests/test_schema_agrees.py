"""The engine's small schema validator agrees with the reference jsonschema library."""

import copy
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent / "core"))

from decision_core import RECORD_SCHEMA, Session, build_record, load_flow  # noqa: E402
from decision_core.schema import schema_problems  # noqa: E402
from sample_flows import sample  # noqa: E402

VALIDATOR = jsonschema.Draft202012Validator(RECORD_SCHEMA)


def test_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(RECORD_SCHEMA)


def _record():
    session = Session.start(load_flow(sample()))
    session.answer("yes")
    session.answer("no")
    session.back()
    session.answer("yes")
    return build_record(session, {"reasons": "r", "sharing": {"method": "phone"}},
                        edition={"id": "ex", "name": "Ex", "version": "1"})


BREAKAGES = {
    "valid": lambda r: None,
    "missing outcome": lambda r: r.pop("outcome"),
    "extra key": lambda r: r.update(extra=1),
    "bad uuid": lambda r: r.update(record_id="not-a-uuid"),
    "naive time": lambda r: r.update(created_at="2026-11-22T10:00:00"),
    "bad decision": lambda r: r["outcome"].update(decision="maybe"),
    "empty path": lambda r: r.update(path=[]),
    "bad digest": lambda r: r["integrity"].update(digest="abc"),
    "bad choice": lambda r: r["details"]["sharing"].update(method="pigeon"),
    "unknown detail": lambda r: r["details"].update(colour="red"),
    "wrong schema version": lambda r: r["schema"].update(version="2.0.0"),
    "answer number": lambda r: r["path"][0].update(answer=1),
    "bad superseded reason": lambda r: r["superseded"][0].update(reason="oops"),
    "long text": lambda r: r["details"].update(reasons="x" * 5001),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_same_verdict_as_jsonschema(name):
    record = copy.deepcopy(_record())
    BREAKAGES[name](record)
    ours = schema_problems(record)
    theirs = list(VALIDATOR.iter_errors(record))
    assert bool(ours) == bool(theirs)
    assert (name == "valid") == (not ours)
