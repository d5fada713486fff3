"""Changing an answer, Back, Start again and reloading, in the interactive stepper."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .person import ENGINE_START_MS, STEP_MS, Route

pytestmark = pytest.mark.e2e

FLOW_ID = "share-information"


@pytest.fixture
def flow(engine_flows, practitioner):
    flow = engine_flows[FLOW_ID]
    practitioner.open_flow(flow)
    return flow


def route(flow: dict, *steps: tuple[str, str]) -> Route:
    return Route(flow, tuple(steps), "")


def answers_on_check_page(page) -> list[tuple[str, str]]:
    """The (question, answer) rows of "Check your answers", as read on screen."""
    questions = page.get_by_role("term").all_inner_texts()
    values = [t for t in page.get_by_role("definition").all_inner_texts() if not t.startswith("Change")]
    return list(zip(questions, values, strict=True))


def answer(practitioner, flow, node, label, timeout=STEP_MS):
    practitioner.expect_question(flow["nodes"][node]["text"], timeout)
    practitioner.choose(label)
    practitioner.continue_()


def q(flow, node):
    return flow["nodes"][node]["text"]


def test_changing_an_earlier_answer_discards_the_later_ones(practitioner, flow):
    page = practitioner.page
    for node in ("purpose", "identifiable", "confidential", "consent"):
        answer(practitioner, flow, node, "Yes", ENGINE_START_MS)
    expect(practitioner.heading("Check your answers")).to_be_visible(timeout=STEP_MS)
    assert [a for a, _ in answers_on_check_page(page)] == [
        q(flow, n) for n in ("purpose", "identifiable", "confidential", "consent")]

    page.get_by_role("link", name=f"Change your answer to: {q(flow, 'identifiable')}").click()
    practitioner.expect_question(q(flow, "identifiable"))
    # The answer being changed is shown, so the person sees what they said.
    expect(practitioner.radio("Yes")).to_be_checked()
    practitioner.continue_()

    # The next question is the changed one's successor, asked again rather
    # than skipped to where the old answers led.
    practitioner.expect_question(q(flow, "confidential"))
    answer(practitioner, flow, "confidential", "No")
    expect(practitioner.heading("Check your answers")).to_be_visible(timeout=STEP_MS)
    assert answers_on_check_page(page) == [
        (q(flow, "purpose"), "Yes"), (q(flow, "identifiable"), "Yes"), (q(flow, "confidential"), "No")]
    practitioner.continue_()
    expect(practitioner.heading(flow["nodes"]["share-not-confidential"]["title"])).to_be_visible()


def test_back_returns_to_the_previous_question(practitioner, flow):
    page = practitioner.page
    expect(page.get_by_role("link", name="Back", exact=True)).to_have_count(0)
    answer(practitioner, flow, "purpose", "Yes", ENGINE_START_MS)
    answer(practitioner, flow, "identifiable", "Yes")
    practitioner.expect_question(q(flow, "confidential"))

    page.get_by_role("link", name="Back", exact=True).click()
    practitioner.expect_question(q(flow, "identifiable"))
    page.get_by_role("link", name="Back", exact=True).click()
    practitioner.expect_question(q(flow, "purpose"))
    expect(page.get_by_role("link", name="Back", exact=True)).to_have_count(0)
    # Back never put anything in the address.
    assert page.url == practitioner.flow_url(flow)


def test_start_again_clears_everything(practitioner, flow):
    page = practitioner.page
    answer(practitioner, flow, "purpose", "Yes", ENGINE_START_MS)
    answer(practitioner, flow, "identifiable", "Yes")
    practitioner.expect_question(q(flow, "confidential"))
    assert page.evaluate("sessionStorage.length") > 0

    practitioner.button("Start again").click()
    practitioner.expect_question(q(flow, "purpose"))
    assert page.evaluate("sessionStorage.length") == 0
    for label in ("Yes", "No", "Not sure"):
        expect(practitioner.radio(label)).not_to_be_checked()
    # And the fresh start really is fresh: the next question is the second one.
    answer(practitioner, flow, "purpose", "Yes")
    practitioner.expect_question(q(flow, "identifiable"))


def test_reload_keeps_the_session(practitioner, flow):
    page = practitioner.page
    answer(practitioner, flow, "purpose", "Yes", ENGINE_START_MS)
    answer(practitioner, flow, "identifiable", "Yes")
    practitioner.expect_question(q(flow, "confidential"))

    page.reload()
    practitioner.expect_question(q(flow, "confidential"), ENGINE_START_MS)
    answer(practitioner, flow, "confidential", "No")
    expect(practitioner.heading("Check your answers")).to_be_visible(timeout=STEP_MS)
    assert answers_on_check_page(page) == [
        (q(flow, "purpose"), "Yes"), (q(flow, "identifiable"), "Yes"), (q(flow, "confidential"), "No")]
