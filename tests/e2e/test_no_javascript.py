"""Without JavaScript the static question pages reach the same outcomes by following links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from site_plugins.flow_files import load_flow_dir

from .person import longest_route, routes_to_every_outcome

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
FLOWS = [item.data for item in load_flow_dir(ROOT / "flows")]
# Every outcome of the main flow, and the longest way through each of the others.
ROUTES = [route for flow in FLOWS if flow["id"] == "share-information"
          for route in routes_to_every_outcome(flow)]
ROUTES += [longest_route(flow) for flow in FLOWS if flow["id"] != "share-information"]


@pytest.fixture(scope="module")
def no_js_page(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def heading(page, text: str):
    # Static pages carry a "¶" permalink inside each heading, so match the start.
    return page.get_by_role("heading", level=1, name=re.compile("^" + re.escape(text)))


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_static_pages_reach_the_outcome(no_js_page, site_server, engine_flows, route):
    page = no_js_page
    flow = engine_flows[route.flow["id"]]
    page.goto(f"{site_server.url}flows/{flow['id']}/")
    for node, value in route.steps:
        expect(heading(page, flow["nodes"][node]["text"])).to_be_visible()
        label = next(a["label"] for a in flow["nodes"][node]["answers"] if a["value"] == value)
        # Each answer is a plain link; the radios need JavaScript and stay hidden.
        expect(page.get_by_role("radio")).to_have_count(0)
        page.get_by_role("link", name=label, exact=True).click()
    expect(heading(page, flow["nodes"][route.outcome]["title"])).to_be_visible()
    assert page.url == f"{site_server.url}flows/{flow['id']}/{route.outcome}/"
