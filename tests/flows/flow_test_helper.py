"""A small helper for testing one flowchart node by node.

Modelled on alphagov/smart-answers' ``FlowTestHelper``: a test first walks a
known path to the node it is about ("the testing node"), then gives one answer
and checks where that leads. When something goes wrong the failure message
names the node actually reached, so a broken route reads as
``expected 'consent' after 'identifiable' = 'yes', but reached 'seek-advice'``
rather than as a bare string comparison.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_core import OutcomeNode, QuestionNode, Session, SessionError, analyse
from site_plugins.flow_files import load_flow_file

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"

__all__ = ["FLOWS_DIR", "FlowTest", "outcome_cases", "route_cases"]


class FlowTest:
    """One flow under test, loaded from ``flows/<flow_id>.yaml``."""

    def __init__(self, flow_id: str):
        self.flow_id = flow_id
        loaded = load_flow_file(FLOWS_DIR / f"{flow_id}.yaml")
        self.flow = loaded.flow
        self.data = loaded.data

    # -- what the flow holds ------------------------------------------------------

    def question_ids(self) -> set[str]:
        return {i for i, n in self.flow.nodes.items() if isinstance(n, QuestionNode)}

    def outcome_ids(self) -> set[str]:
        return {i for i, n in self.flow.nodes.items() if isinstance(n, OutcomeNode)}

    def answer_values(self, node_id: str) -> set[str]:
        return {a.value for a in self.flow.nodes[node_id].answers}

    def paths_to(self, outcome: str) -> list[set[tuple[str, str]]]:
        """Every route from the start to ``outcome``, each as a set of (node, answer) steps."""
        return [set(p.steps) for p in analyse(self.flow).paths if p.outcome == outcome]

    # -- walking ------------------------------------------------------------------

    def walk(self, responses: list[str]) -> Session:
        """Start a session and give ``responses`` in order; fail naming the node that refused one."""
        session = Session.start(self.flow)
        for i, value in enumerate(responses):
            at = session.current_node_id
            try:
                session.answer(value)
            except SessionError as error:
                raise AssertionError(
                    f"{self.flow_id}: response {i + 1} of {responses!r} ({value!r}) was refused at "
                    f"node '{at}': {error}") from None
        return session

    def reach(self, node_id: str, responses: list[str]) -> Session:
        """Walk ``responses`` and check they lead to ``node_id`` (the testing node)."""
        if node_id not in self.flow.nodes:
            raise AssertionError(f"{self.flow_id}: there is no node '{node_id}' to test")
        session = self.walk(responses)
        if session.current_node_id != node_id:
            raise AssertionError(
                f"{self.flow_id}: error in responses: {responses!r} lead to "
                f"'{session.current_node_id}', not to the node being tested, '{node_id}'")
        return session

    # -- assertions ----------------------------------------------------------------

    def assert_next_node(self, testing_node: str, responses: list[str], answer: str,
                         expected: str) -> None:
        """From ``testing_node`` (reached by ``responses``), ``answer`` must lead to ``expected``."""
        session = self.reach(testing_node, responses)
        try:
            session.answer(answer)
        except SessionError as error:
            raise AssertionError(
                f"{self.flow_id}: {answer!r} was refused at '{testing_node}': {error}") from None
        reached = session.current_node_id
        assert reached == expected, (
            f"{self.flow_id}: expected '{expected}' after '{testing_node}' = {answer!r}, "
            f"but reached '{reached}'")
        node = self.flow.nodes[reached]
        if isinstance(node, QuestionNode):
            assert node.text.strip(), f"{self.flow_id}: question '{reached}' has no text"
        else:
            assert node.title.strip() and node.body.strip(), (
                f"{self.flow_id}: outcome '{reached}' has no title or body")

    def assert_invalid_response(self, testing_node: str, responses: list[str], answer: str) -> None:
        """``answer`` must be refused at ``testing_node`` with code ``invalid_answer``."""
        session = self.reach(testing_node, responses)
        try:
            session.answer(answer)
        except SessionError as error:
            assert error.code == "invalid_answer", (
                f"{self.flow_id}: {answer!r} at '{testing_node}' gave code {error.code!r}")
            return
        raise AssertionError(
            f"{self.flow_id}: expected {answer!r} to be refused at '{testing_node}', "
            f"instead the current node is '{session.current_node_id}'")

    def assert_outcome(self, responses: list[str], outcome: str, decision: str) -> None:
        """``responses`` must end at ``outcome``, whose decision must be ``decision``."""
        session = self.walk(responses)
        reached = session.current_node_id
        assert reached == outcome, (
            f"{self.flow_id}: expected outcome '{outcome}' after {responses!r}, "
            f"but reached '{reached}'")
        assert session.is_complete, f"{self.flow_id}: '{reached}' is not an outcome"
        actual = self.flow.nodes[reached].decision
        assert actual == decision, (
            f"{self.flow_id}: outcome '{outcome}' has decision {actual!r}, expected {decision!r}")

    # -- coverage of the tables in a test module ----------------------------------------

    def assert_routes_cover_flow(self, routes: dict[str, tuple[list[str], dict[str, str]]]) -> None:
        """Every question and every one of its answers must have an expected next node."""
        missing_nodes = sorted(self.question_ids() - routes.keys())
        assert not missing_nodes, f"{self.flow_id}: no route tests for questions {missing_nodes}"
        extra = sorted(routes.keys() - self.question_ids())
        assert not extra, f"{self.flow_id}: route tests for nodes that are not questions {extra}"
        for node_id, (_, expected) in sorted(routes.items()):
            missing = sorted(self.answer_values(node_id) - expected.keys())
            assert not missing, f"{self.flow_id}: no route test for '{node_id}' answers {missing}"

    def assert_outcomes_cover_flow(self, outcomes: dict[str, tuple[list[str], str]]) -> None:
        """Every outcome must have a decision test."""
        assert set(outcomes) == self.outcome_ids(), (
            f"{self.flow_id}: outcome tests {sorted(outcomes)} do not match the flow's outcomes "
            f"{sorted(self.outcome_ids())}")

    # -- house rules every flow follows ---------------------------------------------

    def assert_every_outcome_asks_for(self, field: str) -> None:
        """Every outcome must list ``field`` in its ``record_fields``."""
        missing = sorted(i for i in self.outcome_ids()
                         if field not in (self.flow.nodes[i].record_fields or ()))
        assert not missing, f"{self.flow_id}: outcomes {missing} do not ask for {field!r}"

    def assert_share_outcomes_ask_for(self, *fields: str) -> None:
        """Every outcome whose decision is "share" must list all ``fields`` in ``record_fields``."""
        for node_id in sorted(self.outcome_ids()):
            node = self.flow.nodes[node_id]
            if node.decision == "share":
                missing = sorted(set(fields) - set(node.record_fields or ()))
                assert not missing, f"{self.flow_id}: share outcome '{node_id}' does not ask for {missing}"

    def assert_yes_no_not_sure(self, node_ids: set[str] | None = None) -> None:
        """The questions (all, unless named) offer exactly Yes, No and Not sure, in that order."""
        wanted = [("Yes", "yes"), ("No", "no"), ("Not sure", "not-sure")]
        for node_id in sorted(self.question_ids() if node_ids is None else node_ids):
            answers = [(a.label, a.value) for a in self.flow.nodes[node_id].answers]
            assert answers == wanted, (
                f"{self.flow_id}: '{node_id}' offers {answers}, expected Yes, No, Not sure")

    def assert_not_sure_leads_to(self, routes: dict[str, tuple[list[str], dict[str, str]]],
                                 outcome: str, decision: str = "seek-advice") -> None:
        """Each question offering "not-sure" must lead, by its known path, to ``outcome``."""
        for node_id, (path, _) in sorted(routes.items()):
            if "not-sure" in self.answer_values(node_id):
                self.assert_next_node(node_id, path, "not-sure", outcome)
        actual = self.flow.nodes[outcome].decision
        assert actual == decision, (
            f"{self.flow_id}: '{outcome}' has decision {actual!r}, expected {decision!r}")


def route_cases(routes: dict[str, tuple[list[str], dict[str, str]]]) -> list:
    """Turn a ``{node: (path, {answer: next})}`` table into pytest parameters, one per answer."""
    return [pytest.param(node, path, answer, expected, id=f"{node}-{answer}")
            for node, (path, answers) in routes.items()
            for answer, expected in answers.items()]


def outcome_cases(outcomes: dict[str, tuple[list[str], str]]) -> list:
    """Turn a ``{outcome: (path, decision)}`` table into pytest parameters."""
    return [pytest.param(node, path, decision, id=node)
            for node, (path, decision) in outcomes.items()]
