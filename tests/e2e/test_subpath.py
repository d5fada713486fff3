"""The same build works under a sub-path (/portal/), as on a shared host.

The sub-path server serves nothing at its root, so any URL that wrongly
starts at "/" shows up as a failed request here.
"""

from __future__ import annotations

import pytest

from decision_core import load_flow, verify_record

from .person import Practitioner, expected_record, longest_route

pytestmark = pytest.mark.e2e


def test_flow_completes_under_a_sub_path(browser, subpath_server, engine_flows, tmp_path):
    context = browser.new_context(accept_downloads=True)
    failed: list[str] = []
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # ERR_ABORTED is a load cut short by moving to the next page, not a missing file.
    context.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}")
               if "ERR_ABORTED" not in (r.failure or "") else None)
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    try:
        person = Practitioner(context.new_page(), subpath_server.url, tmp_path)
        flow = engine_flows["share-information"]
        route = longest_route(flow)
        person.page.goto(subpath_server.url)  # the home page, then into the flow
        person.open_flow(flow)
        record, details = person.complete(route)
    finally:
        context.close()

    assert subpath_server.url.endswith("/portal/")
    assert failed == []
    assert all(u.startswith(subpath_server.url) for u in requested if u.startswith("http")), requested
    assert verify_record(record, [load_flow(flow)]) == []
    assert record["outcome"] == expected_record(route, details)["outcome"]
