"""Every outcome of share-information reached in the browser, and the record agrees with CPython.

The browser runs decision_core in Pyodide; these tests run it again in
CPython with the same answers and details. The downloaded record must verify,
and its path, outcome, details and flow digest must equal CPython's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_core import load_flow, verify_record
from site_plugins.flow_files import load_flow_file

from .person import Route, expected_record, routes_to_every_outcome

pytestmark = pytest.mark.e2e

FLOW_ID = "share-information"
ROOT_FLOWS = Path(__file__).resolve().parents[2] / "flows"


def _routes() -> list[Route]:
    # Routes only need the routing, which placeholders never touch.
    flow = load_flow_file(ROOT_FLOWS / f"{FLOW_ID}.yaml").data
    return routes_to_every_outcome(flow)


def _comparable(record: dict) -> dict:
    """What must agree between two records of the same walk (not times or ids)."""
    return {
        "flow": record["flow"],
        "path": [{k: v for k, v in step.items() if k != "answered_at"} for step in record["path"]],
        "superseded": [{k: v for k, v in s.items() if k not in ("answered_at", "superseded_at")}
                       for s in record["superseded"]],
        "outcome": record["outcome"],
        "details": record["details"],
    }


@pytest.mark.parametrize("route", _routes(), ids=lambda r: r.outcome)
def test_outcome_reached_and_record_agrees_with_cpython(practitioner, engine_flows, route):
    flow = engine_flows[FLOW_ID]
    route = Route(flow, route.steps, route.outcome)
    practitioner.open_flow(flow)

    record, details = practitioner.complete(route)

    assert verify_record(record, [load_flow(flow)]) == []
    expected = expected_record(route, details)
    assert _comparable(record) == _comparable(expected)
    assert record["flow"]["digest"] == expected["flow"]["digest"]
    assert record["outcome"]["node"] == route.outcome
    practitioner.start_again(flow)


def test_routes_cover_every_outcome(engine_flows):
    flow = engine_flows[FLOW_ID]
    outcomes = {n for n, node in flow["nodes"].items() if node["kind"] == "outcome"}
    assert {r.outcome for r in _routes()} == outcomes
