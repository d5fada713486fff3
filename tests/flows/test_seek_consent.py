"""Routes of flows/seek-consent.yaml, node by node."""

import pytest

from flow_test_helper import FlowTest, outcome_cases, route_cases

FLOW = FlowTest("seek-consent")

# For each question: a known path that reaches it, then answer -> expected next node.
ROUTES = {
    "risk-of-harm": ([], {
        "yes": "basis-without-consent",
        "no": "prejudice-crime",
        "not-sure": "seek-advice",
    }),
    "prejudice-crime": (["no"], {
        "yes": "basis-without-consent",
        "no": "delay",
        "not-sure": "seek-advice",
    }),
    "delay": (["no", "no"], {
        "yes": "basis-without-consent",
        "no": "legal-duty",
        "not-sure": "seek-advice",
    }),
    "legal-duty": (["no", "no", "no"], {
        "yes": "tell-do-not-ask",
        "no": "would-override",
        "not-sure": "seek-advice",
    }),
    "would-override": (["no", "no", "no", "no"], {
        "yes": "tell-do-not-ask",
        "no": "ask-for-consent",
        "not-sure": "seek-advice",
    }),
    "basis-without-consent": (["yes"], {
        "yes": "share-without-asking",
        "no": "seek-advice",
        "not-sure": "seek-advice",
    }),
}

# For each outcome: a known path that reaches it, and its decision.
OUTCOMES = {
    "share-without-asking": (["yes", "yes"], "share"),
    "tell-do-not-ask": (["no", "no", "no", "yes"], "share"),
    "ask-for-consent": (["no", "no", "no", "no", "no"], "share"),
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


@pytest.mark.parametrize("path", [["yes"], ["no", "yes"], ["no", "no", "yes"]],
                         ids=["risk-of-harm", "serious-crime", "delay"])
def test_each_reason_not_to_ask_leads_to_the_lawful_basis_check(path):
    FLOW.reach("basis-without-consent", path)


def test_outcomes_without_consent_ask_why_it_was_not_sought():
    for node_id in ("share-without-asking", "tell-do-not-ask"):
        fields = FLOW.flow.nodes[node_id].record_fields
        assert {"consent.status", "consent.details", "lawful_basis.article_6"} <= set(fields), node_id


def test_ask_for_consent_points_to_the_validity_checks():
    assert "Is this consent valid" in FLOW.data["nodes"]["ask-for-consent"]["body"]
