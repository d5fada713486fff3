"""Graph walks over a flow: reachability, loops, dead ends, every path, longest remaining route.

Edges are plain data (question → answer → next node), so each check is a simple walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .problems import Problem

__all__ = ["Edge", "FlowPath", "FlowAnalysis", "analyse", "graph_problems", "edges_of",
           "remaining_steps"]


@dataclass(frozen=True)
class Edge:
    source: str
    index: int
    value: str
    target: str


@dataclass(frozen=True)
class FlowPath:
    """One route from the start to an outcome: the (question, answer value) pairs, then the outcome."""

    steps: tuple[tuple[str, str], ...]
    outcome: str

    def to_dict(self) -> dict:
        return {"answers": [{"node": n, "answer": v} for n, v in self.steps],
                "outcome": self.outcome}


def edges_of(data: dict) -> dict[str, list[Edge]]:
    """Outgoing edges per node of a structurally valid flow dict (outcomes have none)."""
    edges: dict[str, list[Edge]] = {}
    for node_id, node in data["nodes"].items():
        edges[node_id] = [Edge(node_id, i, a["value"], a["next"])
                          for i, a in enumerate(node.get("answers", []))]
    return edges


def _reachable(start: str, edges: dict[str, list[Edge]]) -> list[str]:
    seen, order, stack = {start}, [], [start]
    while stack:
        node = stack.pop()
        order.append(node)
        for edge in reversed(edges[node]):
            if edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return order


def _loop_edges(start: str, edges: dict[str, list[Edge]]) -> list[Edge]:
    """Edges that lead back to a node still on the walk's stack: each closes a loop."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = finished
    found: list[Edge] = []
    stack: list[tuple[str, Iterator[Edge]]] = [(start, iter(edges[start]))]
    state[start] = 1
    while stack:
        node, pending = stack[-1]
        edge = next(pending, None)
        if edge is None:
            state[node] = 2
            stack.pop()
        elif state.get(edge.target) == 1:
            found.append(edge)
        elif edge.target not in state:
            state[edge.target] = 1
            stack.append((edge.target, iter(edges[edge.target])))
    return found


def graph_problems(data: dict) -> list[Problem]:
    """Problems in the shape of a structurally valid flow dict."""
    edges = edges_of(data)
    start = data["start"]
    problems: list[Problem] = []
    reachable = set(_reachable(start, edges))
    for node_id in data["nodes"]:
        if node_id not in reachable:
            problems.append(Problem(f"nodes.{node_id}", "unreachable",
                                    f"node '{node_id}' cannot be reached from the start node '{start}'"))
    loops = _loop_edges(start, edges)
    for edge in loops:
        problems.append(Problem(
            f"nodes.{edge.source}.answers[{edge.index}].next", "cycle",
            f"answer '{edge.value}' leads back to '{edge.target}', which makes a loop "
            "(every answer must move towards an outcome)"))
    # A node from which no outcome can be reached traps the practitioner.
    leads_out = {n for n, node in data["nodes"].items() if node["kind"] == "outcome"}
    changed = True
    while changed:
        changed = False
        for node_id, out in edges.items():
            if node_id not in leads_out and any(e.target in leads_out for e in out):
                leads_out.add(node_id)
                changed = True
    for node_id in data["nodes"]:
        if node_id in reachable and node_id not in leads_out:
            problems.append(Problem(f"nodes.{node_id}", "dead_end",
                                    f"no outcome can be reached from node '{node_id}'"))
    return problems


@dataclass(frozen=True)
class FlowAnalysis:
    """What a walk of a valid flow found: counts, every path, and how far each node is from the end."""

    reachable: tuple[str, ...]
    questions: int
    outcomes: int
    paths: tuple[FlowPath, ...]
    remaining: dict[str, int]

    @property
    def path_count(self) -> int:
        return len(self.paths)

    def outcomes_reached(self) -> set[str]:
        return {p.outcome for p in self.paths}

    def to_dict(self) -> dict:
        return {"questions": self.questions, "outcomes": self.outcomes,
                "path_count": self.path_count, "paths": [p.to_dict() for p in self.paths]}


def remaining_steps(flow) -> dict[str, int]:
    """For each node, the most questions still to answer from it (for "at most N more")."""
    edges = edges_of(flow.to_dict())

    @lru_cache(maxsize=None)
    def remaining(node_id: str) -> int:
        out = edges[node_id]
        return 0 if not out else 1 + max(remaining(e.target) for e in out)

    return {n: remaining(n) for n in edges}


def analyse(flow) -> FlowAnalysis:
    """Analyse a valid :class:`~decision_core.model.Flow` (validation has ruled out loops)."""
    data = flow.to_dict()
    edges = edges_of(data)
    paths: list[FlowPath] = []

    def walk(node_id: str, steps: tuple[tuple[str, str], ...]) -> None:
        if not edges[node_id]:
            paths.append(FlowPath(steps, node_id))
            return
        for edge in edges[node_id]:
            walk(edge.target, steps + ((node_id, edge.value),))

    walk(flow.start, ())
    kinds = [node["kind"] for node in data["nodes"].values()]
    return FlowAnalysis(
        reachable=tuple(_reachable(flow.start, edges)),
        questions=kinds.count("question"),
        outcomes=kinds.count("outcome"),
        paths=tuple(paths),
        remaining=remaining_steps(flow),
    )
