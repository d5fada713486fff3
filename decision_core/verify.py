"""Verification of a decision record: is it well formed, unchanged, and true to its flow?"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from .model import Flow, QuestionNode
from .problems import Problem
from .record import record_digest
from .schema import schema_problems

__all__ = ["verify_record"]


def _by_id(flows: Mapping[str, Flow] | Iterable[Flow]) -> dict[str, Flow]:
    if isinstance(flows, Mapping):
        return dict(flows)
    return {flow.id: flow for flow in flows}


def verify_record(record: Any, flows: Mapping[str, Flow] | Iterable[Flow]) -> list[Problem]:
    """Every problem with a record; an empty list means it verifies.

    Checks, in order: the schema; the integrity digest (a mismatch means the
    record was edited after it was made); that its flow and version are known;
    that the flow's wording is the one the record was made with; and that the
    recorded answers lead, in that flow, to the recorded outcome.
    """
    problems = schema_problems(record)
    if not isinstance(record, dict):
        return problems
    integrity = record.get("integrity")
    if isinstance(integrity, dict) and isinstance(integrity.get("digest"), str):
        if integrity["digest"] != record_digest(record):
            problems.append(Problem(
                "integrity.digest", "digest_mismatch",
                "the record's contents do not match its integrity digest, so it has been "
                "changed since it was made"))
    if problems:
        return problems
    return _flow_problems(record, _by_id(flows))


def _flow_problems(record: dict, flows: dict[str, Flow]) -> list[Problem]:
    ref = record["flow"]
    flow = flows.get(ref["id"])
    if flow is None:
        known = ", ".join(sorted(flows)) or "none"
        return [Problem("flow.id", "unknown_flow",
                        f"unknown flow '{ref['id']}' (known flows: {known})")]
    if flow.version != ref["version"]:
        return [Problem("flow.version", "unknown_flow_version",
                        f"flow '{flow.id}' version {ref['version']} is not known here "
                        f"(this portal has version {flow.version})")]
    if flow.digest != ref["digest"]:
        return [Problem("flow.digest", "flow_changed",
                        f"the wording of flow '{flow.id}' version {flow.version} has changed "
                        "since the record was made")]
    return _path_problems(record, flow)


def _path_problems(record: dict, flow: Flow) -> list[Problem]:
    problems: list[Problem] = []
    node_id = flow.start
    for i, step in enumerate(record["path"]):
        here = f"path[{i}]"
        node = flow.nodes.get(step["node"])
        if step["node"] != node_id or not isinstance(node, QuestionNode):
            return [Problem(f"{here}.node", "path_mismatch",
                            f"the answers lead to '{node_id}' here, not '{step['node']}'")]
        answer = node.answer(step["answer"])
        if answer is None:
            return [Problem(f"{here}.answer", "path_mismatch",
                            f"'{step['answer']}' is not an answer to '{node.id}'")]
        if step["question"] != node.text or step["answer_label"] != answer.label:
            problems.append(Problem(here, "path_mismatch",
                                    "the question or answer words differ from the flow's"))
        node_id = answer.next
    outcome = record["outcome"]
    node = flow.nodes[node_id]
    if outcome["node"] != node_id or getattr(node, "decision", None) != outcome["decision"] \
            or getattr(node, "title", None) != outcome["title"]:
        problems.append(Problem("outcome", "path_mismatch",
                                f"the answers lead to '{node_id}', not to the recorded outcome "
                                f"'{outcome['node']}'"))
    return problems
