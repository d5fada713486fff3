"""Every file in flows/: valid, every node reachable, every path ends at an outcome,
every node cites a source, and every route yields a record that verifies."""

from pathlib import Path

import pytest

from decision_core import Session, analyse, build_record, verify_record
from decision_core.model import OutcomeNode
from site_plugins.flow_files import load_flow_file

FLOWS = sorted((Path(__file__).resolve().parent.parent / "flows").glob("*.yaml"))


@pytest.fixture(params=FLOWS, ids=lambda p: p.stem)
def loaded(request):
    return load_flow_file(request.param)


def test_there_are_flows():
    assert FLOWS, "flows/ holds no flow files"


def test_valid_and_all_reachable(loaded):
    analysis = analyse(loaded.flow)
    assert set(analysis.reachable) == set(loaded.flow.nodes)


def test_every_path_ends_at_an_outcome(loaded):
    analysis = analyse(loaded.flow)
    assert analysis.path_count > 0
    for path in analysis.paths:
        assert isinstance(loaded.flow.nodes[path.outcome], OutcomeNode)
    outcomes = {n for n, node in loaded.flow.nodes.items() if node.kind == "outcome"}
    assert analysis.outcomes_reached() == outcomes


def test_every_outcome_asks_for_reasons_and_cites_sources(loaded):
    for node in loaded.flow.nodes.values():
        assert node.sources, f"{node.id} cites no source"
        if isinstance(node, OutcomeNode):
            assert "reasons" in (node.record_fields or ()), f"{node.id} does not ask for reasons"


def test_every_path_gives_a_record_that_verifies(loaded):
    flow = loaded.flow
    for path in analyse(flow).paths:
        session = Session.start(flow)
        for _, value in path.steps:
            session.answer(value)
        assert session.outcome.id == path.outcome
        assert verify_record(build_record(session), [flow]) == []


def test_every_outcome_links_to_guidance_that_exists(loaded):
    content = Path(__file__).resolve().parent.parent / "content"
    for node in loaded.flow.nodes.values():
        for link in node.related or ():
            target = link.page.split("#")[0]
            assert (content / target).is_file() or target.startswith("flows/"), \
                f"{node.id}: related page {link.page} does not exist"
        if isinstance(node, OutcomeNode):
            assert node.related, f"{node.id} links to no guidance page"
