"""One walk through every flow in flows/, in the browser, to a record that verifies.

Parametrised over the files in flows/, so a new flow is picked up by itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_core import load_flow, verify_record

from .person import Route, expected_record, longest_route

pytestmark = pytest.mark.e2e

FLOW_IDS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "flows").glob("*.yaml"))


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_walk_through_flow_to_a_verified_record(practitioner, engine_flows, flow_id):
    flow = engine_flows[flow_id]
    route: Route = longest_route(flow)
    practitioner.open_flow(flow)

    record, details = practitioner.complete(route)

    assert verify_record(record, [load_flow(f) for f in engine_flows.values()]) == []
    expected = expected_record(route, details)
    assert record["flow"] == expected["flow"]
    assert record["outcome"] == expected["outcome"]
    assert [(s["node"], s["answer"]) for s in record["path"]] == list(route.steps)
    assert record["details"] == expected["details"]
