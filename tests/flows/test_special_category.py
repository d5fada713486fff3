"""Routes of flows/special-category.yaml, node by node."""

import pytest

from flow_test_helper import FlowTest, outcome_cases, route_cases

FLOW = FlowTest("special-category")

# Known paths: an Article 6 basis and special category data, then the
# Schedule 1 paragraph 18 tests one by one.
TO_PROTECT = ["yes", "yes"]
TO_AT_RISK = TO_PROTECT + ["yes"]
TO_WITHOUT_CONSENT = TO_AT_RISK + ["yes"]
TO_PUBLIC_INTEREST = TO_WITHOUT_CONSENT + ["yes"]
TO_EXPLICIT_CONSENT = TO_PROTECT + ["no"]
TO_OTHER_CONDITION = TO_EXPLICIT_CONSENT + ["no"]

# For each question: a known path that reaches it, then answer -> expected next node.
ROUTES = {
    "article-6": ([], {
        "yes": "is-special",
        "no": "do-not-share",
        "not-sure": "seek-advice",
    }),
    "is-special": (["yes"], {
        "yes": "protect-from-harm",
        "no": "share-not-special",
        "not-sure": "seek-advice",
    }),
    "protect-from-harm": (TO_PROTECT, {
        "yes": "child-or-adult-at-risk",
        "no": "explicit-consent",
        "not-sure": "seek-advice",
    }),
    "child-or-adult-at-risk": (TO_AT_RISK, {
        "yes": "without-consent",
        "no": "explicit-consent",
        "not-sure": "seek-advice",
    }),
    "without-consent": (TO_WITHOUT_CONSENT, {
        "yes": "public-interest",
        "no": "explicit-consent",
        "not-sure": "seek-advice",
    }),
    "public-interest": (TO_PUBLIC_INTEREST, {
        "yes": "share-safeguarding-condition",
        "no": "other-condition",
        "not-sure": "seek-advice",
    }),
    "explicit-consent": (TO_EXPLICIT_CONSENT, {
        "yes": "share-explicit-consent",
        "no": "other-condition",
        "not-sure": "seek-advice",
    }),
    "other-condition": (TO_OTHER_CONDITION, {
        "yes": "share-other-condition",
        "no": "do-not-share",
        "not-sure": "seek-advice",
    }),
}

# For each outcome: a known path that reaches it, and its decision.
OUTCOMES = {
    "share-not-special": (["yes", "no"], "share"),
    "share-safeguarding-condition": (TO_PUBLIC_INTEREST + ["yes"], "share"),
    "share-explicit-consent": (TO_EXPLICIT_CONSENT + ["yes"], "share"),
    "share-other-condition": (TO_OTHER_CONDITION + ["yes"], "share"),
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


def test_no_special_category_data_is_shared_without_an_article_6_basis():
    # Article 6 is asked first, so every share outcome lies behind a Yes to it.
    assert FLOW.flow.start == "article-6"
    FLOW.assert_outcome(["no"], "do-not-share", "do-not-share")


@pytest.mark.parametrize("failed_test", ["protect-from-harm", "child-or-adult-at-risk",
                                         "without-consent"])
def test_failing_any_paragraph_18_test_falls_back_to_explicit_consent(failed_test):
    path = ROUTES[failed_test][0]
    FLOW.assert_next_node(failed_test, path, "no", "explicit-consent")


def test_share_outcomes_for_special_data_ask_for_the_article_9_condition():
    for node_id in ("share-safeguarding-condition", "share-explicit-consent",
                    "share-other-condition"):
        fields = FLOW.flow.nodes[node_id].record_fields
        assert {"lawful_basis.article_6", "lawful_basis.condition"} <= set(fields), node_id
