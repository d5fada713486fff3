"""The "Immediate risk to a child? Act now" panel is on screen at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .person import ENGINE_START_MS, STEP_MS, details_for, longest_route

pytestmark = pytest.mark.e2e

PANEL = "Immediate risk to a child? Act now"


def panel(page):
    return page.get_by_role("complementary", name=PANEL, exact=True)


def expect_panel(page) -> None:
    expect(panel(page)).to_be_visible()
    expect(panel(page)).to_contain_text("999")


def test_panel_on_every_step_of_the_stepper(practitioner, engine_flows):
    flow = engine_flows["share-information"]
    route = longest_route(flow)
    page = practitioner.page
    practitioner.open_flow(flow)
    for i, (node, value) in enumerate(route.steps):
        practitioner.expect_question(route.question(node), ENGINE_START_MS if i <= 1 else STEP_MS)
        expect_panel(page)
        practitioner.choose(route.label(node, value))
        practitioner.continue_()
    expect(practitioner.heading("Check your answers")).to_be_visible(timeout=ENGINE_START_MS)
    expect_panel(page)
    practitioner.confirm_answers(route)
    expect_panel(page)
    practitioner.fill_details(details_for(route.record_fields), route.record_fields)
    practitioner.create_record()
    expect_panel(page)


def test_panel_on_every_static_flow_page(browser, site_server, engine_flows):
    """Without JavaScript each question and outcome is its own page, and each needs the panel."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    missing = []
    try:
        for flow in engine_flows.values():
            for node in flow["nodes"]:
                page.goto(f"{site_server.url}flows/{flow['id']}/{node}/")
                if not panel(page).is_visible():
                    missing.append(f"flows/{flow['id']}/{node}/")
    finally:
        context.close()
    assert missing == [], (f"no '{PANEL}' panel on {len(missing)} static flow pages, "
                           f"e.g. {', '.join(missing[:5])}")
