"""Errors a person can make are shown in an error summary that is announced and linked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from decision_core import DETAIL_FIELDS

from .person import routes_to_every_outcome

pytestmark = pytest.mark.e2e


def test_continue_without_an_answer(practitioner, engine_flows):
    flow = engine_flows["share-information"]
    page = practitioner.page
    question = flow["nodes"][flow["start"]]["text"]
    practitioner.open_flow(flow)

    practitioner.continue_()

    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("There is a problem")
    # Focus moves to the summary, so a screen reader reads it out at once.
    expect(alert).to_be_focused()
    assert page.title().startswith("Error: ")
    # The question's radios are described by the message, so it is read with them.
    expect(page.get_by_role("group", name=question, exact=True)).to_have_accessible_description(
        re.compile(r"Error: Select an answer$"))
    # The summary's link takes the person to the first answer.
    alert.get_by_role("link", name="Select an answer").click()
    first = flow["nodes"][flow["start"]]["answers"][0]["label"]
    expect(practitioner.radio(first)).to_be_focused()
    # Nothing was answered: still the same question, and the address is unchanged.
    practitioner.expect_question(question)
    assert page.url == practitioner.flow_url(flow)

    # Answering clears the error.
    practitioner.choose(first)
    practitioner.continue_()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_create_record_with_required_details_missing(practitioner, engine_flows):
    flow = engine_flows["share-information"]
    page = practitioner.page
    route = routes_to_every_outcome(flow)[0]
    practitioner.open_flow(flow)
    practitioner.answer_route(route)
    practitioner.confirm_answers(route)

    practitioner.button("Create the decision record").click()

    alert = page.get_by_role("alert")
    expect(alert).to_be_focused()
    expect(alert).to_contain_text("There is a problem")
    first_key = route.record_fields[0]
    label = DETAIL_FIELDS[first_key].label
    link = alert.get_by_role("link").first
    expect(link).to_contain_text(label)
    link.click()
    expect(practitioner.field(first_key, route.record_fields)).to_be_focused()
    expect(practitioner.heading("Your decision record is ready")).to_have_count(0)
