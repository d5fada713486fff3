"""The example partnership edition in Chromium: its own contacts on screen, its identity in the record.

This module builds partnerships/example once and serves it the way the
national site is served (the conftest's ``_serve``), by overriding
``site_server``; the conftest's ``practitioner`` then works on the edition.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from decision_core import verify_record
from site_plugins.build import BuildError, build_site
from site_plugins.cli import main
from site_plugins.edition import load_edition

from .conftest import ROOT, Server, _serve
from .person import ENGINE_START_MS, STEP_MS, longest_route

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "partnerships" / "example"
CONFIG = ROOT / "mkdocs.yml"
PANEL = "Immediate risk to a child? Act now"
FLOW_ID = "share-information"


@pytest.fixture(scope="module")
def edition():
    return load_edition(CONFIG, EXAMPLE)


@pytest.fixture(scope="module")
def edition_flows(edition) -> dict[str, dict]:
    """Each flow dict as the example edition gives it to the engine (contacts filled in)."""
    return {item.flow.id: item.data for item in edition.load_flows()}


@pytest.fixture(scope="module")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The example edition, built once for this module, at the root of its own origin."""
    target = tmp_path_factory.mktemp("branded") / "site"
    try:
        site = build_site(target, CONFIG, progress=lambda _: None, partnership=EXAMPLE)
    except BuildError as error:
        pytest.fail("the example edition does not build:\n" + "\n".join(error.messages), pytrace=False)
    server = _serve(site, "", site)
    yield server
    server.stop()


def panel(page):
    return page.get_by_role("complementary", name=PANEL, exact=True)


def test_act_now_panel_shows_the_example_front_door(practitioner, edition, edition_flows):
    front_door = edition.partnership.contacts["front_door"]
    flow = edition_flows[FLOW_ID]
    route = longest_route(flow)
    practitioner.open_flow(flow)
    for i, (node, value) in enumerate(route.steps):
        practitioner.expect_question(route.question(node), ENGINE_START_MS if i <= 1 else STEP_MS)
        expect(panel(practitioner.page)).to_contain_text(front_door["phone"])
        expect(panel(practitioner.page)).to_contain_text(front_door["out_of_hours"])
        expect(panel(practitioner.page)).not_to_contain_text("your local number")
        practitioner.choose(route.label(node, value))
        practitioner.continue_()
    expect(practitioner.heading("Check your answers")).to_be_visible(timeout=ENGINE_START_MS)
    practitioner.start_again(flow)


def test_record_carries_the_edition_and_verifies_against_it(practitioner, edition, edition_flows, tmp_path,
                                                            capsys, monkeypatch):
    flow = edition_flows[FLOW_ID]
    route = longest_route(flow)
    practitioner.open_flow(flow)

    record, _details = practitioner.complete(route)

    p = edition.partnership
    assert record["edition"] == {"id": p.id, "name": p.name, "version": p.edition_version}
    assert record["edition"]["id"] == "northmoor-eastvale-example"
    assert verify_record(record, edition.flows()) == []
    file = tmp_path / "record.json"
    file.write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert main(["record", "verify", "--partnership", "partnerships/example", str(file)]) == 0
    assert "valid record" in capsys.readouterr().out
    practitioner.start_again(flow)
