"""Routes of flows/urgent-concern.yaml, node by node."""

import pytest

from flow_test_helper import FlowTest, outcome_cases, route_cases

FLOW = FlowTest("urgent-concern")

# For each question: a known path that reaches it, then answer -> expected next node.
ROUTES = {
    "immediate-danger": ([], {
        "yes": "call-emergency",
        "no": "significant-harm",
        "not-sure": "advice-now",
    }),
    "significant-harm": (["no"], {
        "yes": "refer-today",
        "no": "not-urgent",
        "not-sure": "advice-now",
    }),
}

# For each outcome: a known path that reaches it, and its decision.
OUTCOMES = {
    "call-emergency": (["yes"], "share"),
    "refer-today": (["no", "yes"], "share"),
    "advice-now": (["not-sure"], "seek-advice"),
    "not-urgent": (["no", "no"], "seek-advice"),
}


@pytest.mark.parametrize("node, path, answer, expected", route_cases(ROUTES))
def test_next_node(node, path, answer, expected):
    FLOW.assert_next_node(node, path, answer, expected)


@pytest.mark.parametrize("node, path, decision", outcome_cases(OUTCOMES))
def test_outcome_decision(node, path, decision):
    FLOW.assert_outcome(path, node, decision)


def test_every_question_answer_and_outcome_is_tested():
    FLOW.assert_routes_cover_flow(ROUTES)
    FLOW.assert_outcomes_cover_flow(OUTCOMES)


def test_every_question_offers_yes_no_not_sure():
    FLOW.assert_yes_no_not_sure()


def test_every_not_sure_leads_to_advice_now():
    FLOW.assert_not_sure_leads_to(ROUTES, "advice-now")


def test_every_outcome_asks_for_reasons():
    FLOW.assert_every_outcome_asks_for("reasons")


def test_every_share_outcome_asks_what_was_shared_and_with_whom():
    FLOW.assert_share_outcomes_ask_for("shared.what", "recipient.agency")


def test_immediate_danger_is_the_first_question_and_one_answer_from_acting():
    assert FLOW.flow.start == "immediate-danger"
    FLOW.assert_outcome(["yes"], "call-emergency", "share")


@pytest.mark.parametrize("outcome", ["call-emergency", "refer-today", "advice-now"])
def test_urgent_outcomes_give_the_numbers_to_call(outcome):
    text = FLOW.data["nodes"][outcome]["body"]
    assert "{{ contacts.front_door.phone }}" in text
    assert "{{ contacts.emergency.phone }}" in text


def test_acting_outcomes_ask_what_was_shared_with_whom_and_when():
    for outcome in ("call-emergency", "refer-today"):
        fields = set(FLOW.flow.nodes[outcome].record_fields)
        assert {"shared.what", "recipient.agency", "sharing.shared_at"} <= fields, outcome
