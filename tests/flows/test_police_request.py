"""Routes of flows/police-request.yaml, node by node."""

import pytest

from flow_test_helper import FlowTest, outcome_cases, route_cases

FLOW = FlowTest("police-request")

# Known path: not an emergency, identity checked, no court order, a written
# request, then the necessity and prejudice tests.
TO_IDENTITY = ["no"]
TO_LEGAL = TO_IDENTITY + ["yes"]
TO_WRITING = TO_LEGAL + ["no"]
TO_NECESSARY = TO_WRITING + ["yes"]
TO_PREJUDICE = TO_NECESSARY + ["yes"]
TO_TELL = TO_PREJUDICE + ["yes"]

# For each question: a known path that reaches it, then answer -> expected next node.
ROUTES = {
    "emergency": ([], {
        "yes": "share-emergency",
        "no": "identity-checked",
        "not-sure": "seek-advice",
    }),
    "identity-checked": (TO_IDENTITY, {
        "yes": "legal-requirement",
        "no": "not-yet",
        "not-sure": "not-yet",
    }),
    "legal-requirement": (TO_LEGAL, {
        "yes": "share-court-order",
        "no": "in-writing",
        "not-sure": "seek-advice",
    }),
    "in-writing": (TO_WRITING, {
        "yes": "necessary",
        "no": "not-yet",
        "not-sure": "not-yet",
    }),
    "necessary": (TO_NECESSARY, {
        "yes": "prejudice",
        "no": "decline",
        "not-sure": "seek-advice",
    }),
    "prejudice": (TO_PREJUDICE, {
        "yes": "tell-person",
        "no": "decline",
        "not-sure": "seek-advice",
    }),
    "tell-person": (TO_TELL, {
        "yes": "share-without-telling",
        "no": "share-and-tell",
        "not-sure": "seek-advice",
    }),
}

# For each outcome: a known path that reaches it, and its decision.
OUTCOMES = {
    "share-emergency": (["yes"], "share"),
    "share-court-order": (TO_LEGAL + ["yes"], "share"),
    "not-yet": (TO_IDENTITY + ["no"], "do-not-share"),
    "decline": (TO_NECESSARY + ["no"], "do-not-share"),
    "share-without-telling": (TO_TELL + ["yes"], "share"),
    "share-and-tell": (TO_TELL + ["no"], "share"),
    "seek-advice": (TO_PREJUDICE + ["not-sure"], "seek-advice"),
}

# Questions of fact, where "not sure" means the check has not been done.
FACT_CHECKS = {"identity-checked", "in-writing"}


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


def test_not_sure_on_a_judgement_leads_to_seek_advice():
    judgements = {k: v for k, v in ROUTES.items() if k not in FACT_CHECKS}
    FLOW.assert_not_sure_leads_to(judgements, "seek-advice")


def test_not_sure_on_a_fact_check_means_do_not_share_yet():
    for node_id in sorted(FACT_CHECKS):
        FLOW.assert_next_node(node_id, ROUTES[node_id][0], "not-sure", "not-yet")


def test_every_outcome_asks_for_reasons():
    FLOW.assert_every_outcome_asks_for("reasons")


def test_every_share_outcome_asks_what_was_shared_and_with_whom():
    FLOW.assert_share_outcomes_ask_for("shared.what", "recipient.agency")


def test_every_outcome_records_the_request_and_the_identity_check():
    for field in ("request.from_name", "request.from_agency", "request.identity_checked",
                  "request.what", "request.why"):
        FLOW.assert_every_outcome_asks_for(field)


def test_nothing_is_shared_unchecked_except_in_an_emergency():
    # Outside an emergency, every route to sharing passes the identity check, and then
    # either a court order or a written request that passed the necessity test.
    for outcome in FLOW.outcome_ids():
        if FLOW.flow.nodes[outcome].decision != "share" or outcome == "share-emergency":
            continue
        paths = FLOW.paths_to(outcome)
        assert paths, outcome
        for steps in paths:
            assert ("identity-checked", "yes") in steps, (outcome, sorted(steps))
            assert (("legal-requirement", "yes") in steps
                    or {("in-writing", "yes"), ("necessary", "yes")} <= steps), (outcome, sorted(steps))
