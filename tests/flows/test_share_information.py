"""Routes of flows/share-information.yaml, node by node."""

import pytest

from flow_test_helper import FlowTest, outcome_cases, route_cases

FLOW = FlowTest("share-information")

# For each question: a known path that reaches it, then answer -> expected next node.
ROUTES = {
    "purpose": ([], {
        "yes": "identifiable",
        "no": "do-not-share",
        "not-sure": "seek-advice",
    }),
    "identifiable": (["yes"], {
        "yes": "confidential",
        "no": "share-not-personal-data",
        "not-sure": "seek-advice",
    }),
    "confidential": (["yes", "yes"], {
        "yes": "consent",
        "no": "share-not-confidential",
        "not-sure": "seek-advice",
    }),
    "consent": (["yes", "yes", "yes"], {
        "yes": "share-with-consent",
        "no": "lawful-reason",
        "not-sure": "seek-advice",
    }),
    "lawful-reason": (["yes", "yes", "yes", "no"], {
        "yes": "share-lawful-basis",
        "no": "do-not-share",
        "not-sure": "seek-advice",
    }),
}

# For each outcome: a known path that reaches it, and its decision.
OUTCOMES = {
    "share-not-personal-data": (["yes", "no"], "share"),
    "share-not-confidential": (["yes", "yes", "no"], "share"),
    "share-with-consent": (["yes", "yes", "yes", "yes"], "share"),
    "share-lawful-basis": (["yes", "yes", "yes", "no", "yes"], "share"),
    "do-not-share": (["no"], "do-not-share"),
    "seek-advice": (["not-sure"], "seek-advice"),
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


def test_every_not_sure_leads_to_seek_advice():
    FLOW.assert_not_sure_leads_to(ROUTES, "seek-advice")


def test_every_outcome_asks_for_reasons():
    FLOW.assert_every_outcome_asks_for("reasons")


def test_every_share_outcome_asks_what_was_shared_and_with_whom():
    FLOW.assert_share_outcomes_ask_for("shared.what", "recipient.agency")


def test_an_unknown_answer_is_refused():
    FLOW.assert_invalid_response("purpose", [], "maybe")


def test_a_decision_not_to_share_is_recorded_with_reasons():
    node = FLOW.data["nodes"]["do-not-share"]
    assert "reasons" in node["record_fields"]
    assert "record" in node["body"].lower()
