"""Routes of flows/valid-consent.yaml, node by node."""

import pytest

from flow_test_helper import FlowTest, outcome_cases, route_cases

FLOW = FlowTest("valid-consent")

# Known paths: a competent child consenting, then the validity checks in turn.
TO_FREELY_GIVEN = ["yes", "yes"]
TO_INFORMED = TO_FREELY_GIVEN + ["yes"]
TO_SPECIFIC = TO_INFORMED + ["yes"]
TO_WITHDRAWN = TO_SPECIFIC + ["yes"]

# For each question: a known path that reaches it, then answer -> expected next node.
ROUTES = {
    "about-child": ([], {
        "yes": "child-understands",
        "no": "adult-capacity",
        "not-sure": "seek-advice",
    }),
    "adult-capacity": (["no"], {
        "yes": "freely-given",
        "no": "seek-advice",
        "not-sure": "seek-advice",
    }),
    "child-understands": (["yes"], {
        "yes": "freely-given",
        "no": "parental-responsibility",
        "not-sure": "seek-advice",
    }),
    "parental-responsibility": (["yes", "no"], {
        "yes": "freely-given",
        "no": "consent-not-valid",
        "not-sure": "seek-advice",
    }),
    "freely-given": (TO_FREELY_GIVEN, {
        "yes": "informed",
        "no": "consent-not-valid",
        "not-sure": "seek-advice",
    }),
    "informed": (TO_INFORMED, {
        "yes": "specific",
        "no": "consent-not-valid",
        "not-sure": "seek-advice",
    }),
    "specific": (TO_SPECIFIC, {
        "yes": "withdrawn",
        "no": "consent-not-valid",
        "not-sure": "seek-advice",
    }),
    "withdrawn": (TO_WITHDRAWN, {
        "yes": "consent-withdrawn",
        "no": "consent-valid",
        "not-sure": "seek-advice",
    }),
}

# For each outcome: a known path that reaches it, and its decision.
OUTCOMES = {
    "consent-valid": (TO_WITHDRAWN + ["no"], "share"),
    "consent-not-valid": (TO_FREELY_GIVEN + ["no"], "do-not-share"),
    "consent-withdrawn": (TO_WITHDRAWN + ["yes"], "do-not-share"),
    "seek-advice": (["yes", "not-sure"], "seek-advice"),
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


@pytest.mark.parametrize("path", [["yes", "yes"], ["yes", "no", "yes"], ["no", "yes"]],
                         ids=["competent-child", "parental-responsibility", "capable-adult"])
def test_every_person_able_to_consent_goes_on_to_the_validity_checks(path):
    FLOW.reach("freely-given", path)


def test_consent_from_someone_without_parental_responsibility_is_not_valid():
    FLOW.assert_outcome(["yes", "no", "no"], "consent-not-valid", "do-not-share")


def test_the_gillick_judgement_is_explained_in_the_hint():
    hint = FLOW.data["nodes"]["child-understands"]["hint"]
    assert "Gillick" in hint and "13" in hint
