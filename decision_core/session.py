"""A practitioner's walk through one flow: answer, back, change, restart, save and resume.

The state is only the answers given (and those set aside); the current node is
always found by replaying them from the start, so a saved state can never point
somewhere the answers do not lead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clock import normalise_time
from .graph import remaining_steps
from .model import Flow, Node, OutcomeNode, QuestionNode
from .problems import SessionError

__all__ = ["Session", "Step", "SupersededStep"]


@dataclass(frozen=True)
class Step:
    node: str
    answer: str
    answered_at: str

    def to_dict(self) -> dict:
        return {"node": self.node, "answer": self.answer, "answered_at": self.answered_at}


@dataclass(frozen=True)
class SupersededStep:
    """An answer taken off the path by Back or by changing an earlier answer; kept for the record."""

    node: str
    answer: str
    answered_at: str
    superseded_at: str
    reason: str  # "back" or "changed"

    def to_dict(self) -> dict:
        return {"node": self.node, "answer": self.answer, "answered_at": self.answered_at,
                "superseded_at": self.superseded_at, "reason": self.reason}


class Session:
    """One walk through a flow. Use :meth:`start` or :meth:`from_dict`."""

    def __init__(self, flow: Flow, started_at: str, answers: list[Step],
                 superseded: list[SupersededStep]):
        self.flow = flow
        self.started_at = started_at
        self.answers = answers
        self.superseded = superseded

    # -- construction -------------------------------------------------------------

    @classmethod
    def start(cls, flow: Flow, now: Any = None) -> "Session":
        return cls(flow, normalise_time(now), [], [])

    @classmethod
    def from_dict(cls, flow: Flow, state: Any) -> "Session":
        """Resume a saved state; refuse one that belongs to another flow or does not replay."""
        if not isinstance(state, dict):
            raise SessionError("bad_state", "the saved session is not a mapping", "state")
        if state.get("flow") != flow.id:
            raise SessionError("bad_state", f"the saved session is for flow {state.get('flow')!r}, "
                               f"not '{flow.id}'", "state.flow")
        if state.get("flow_version") != flow.version:
            raise SessionError("flow_changed", f"the saved session used version "
                               f"{state.get('flow_version')!r} of this flow; this is version "
                               f"{flow.version}, so start again", "state.flow_version")
        try:
            started_at = normalise_time(state["started_at"])
            answers = [Step(a["node"], a["answer"], normalise_time(a["answered_at"]))
                       for a in state.get("answers", [])]
            superseded = [SupersededStep(s["node"], s["answer"], normalise_time(s["answered_at"]),
                                         normalise_time(s["superseded_at"]), s["reason"])
                          for s in state.get("superseded", [])]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SessionError("bad_state", f"the saved session is damaged ({exc})", "state") from exc
        session = cls(flow, started_at, [], superseded)
        for i, step in enumerate(answers):
            if session.current_node_id != step.node:
                raise SessionError("bad_state", f"saved answer {i + 1} is for '{step.node}', but the "
                                   f"answers lead to '{session.current_node_id}'",
                                   f"state.answers[{i}].node")
            session._accept(step.answer, step.answered_at, f"state.answers[{i}].answer")
        return session

    def to_dict(self) -> dict:
        return {"flow": self.flow.id, "flow_version": self.flow.version,
                "started_at": self.started_at,
                "answers": [a.to_dict() for a in self.answers],
                "superseded": [s.to_dict() for s in self.superseded]}

    # -- where we are ------------------------------------------------------------

    @property
    def current_node_id(self) -> str:
        if not self.answers:
            return self.flow.start
        last = self.answers[-1]
        question = self.flow.nodes[last.node]
        assert isinstance(question, QuestionNode)
        return question.answer(last.answer).next  # type: ignore[union-attr]

    @property
    def current(self) -> Node:
        return self.flow.nodes[self.current_node_id]

    @property
    def is_complete(self) -> bool:
        return isinstance(self.current, OutcomeNode)

    @property
    def outcome(self) -> OutcomeNode | None:
        node = self.current
        return node if isinstance(node, OutcomeNode) else None

    # -- steps -------------------------------------------------------------------

    def answer(self, value: str, now: Any = None) -> None:
        """Answer the current question with an answer's value."""
        self._accept(value, normalise_time(now), "answer")

    def _accept(self, value: Any, when: str, path: str) -> None:
        node = self.current
        if not isinstance(node, QuestionNode):
            raise SessionError("complete", "the flow has reached an outcome; go back or change an "
                               "answer to continue", path)
        if not isinstance(value, str) or node.answer(value) is None:
            allowed = ", ".join(f"'{a.value}'" for a in node.answers)
            raise SessionError("invalid_answer", f"{value!r} is not an answer to '{node.id}' "
                               f"(answers: {allowed})", path)
        self.answers.append(Step(node.id, value, when))

    def back(self, now: Any = None) -> None:
        """Step back one question; the answer taken back is kept as superseded."""
        if not self.answers:
            raise SessionError("at_start", "there is no earlier question to go back to")
        when = normalise_time(now)
        self._supersede(self.answers[-1:], when, "back")
        del self.answers[-1]

    def change(self, node_id: str, now: Any = None) -> None:
        """Return to an answered question; its answer and all later ones are kept as superseded."""
        index = next((i for i, a in enumerate(self.answers) if a.node == node_id), None)
        if index is None:
            raise SessionError("not_answered", f"'{node_id}' is not an answered question on this path",
                               "node")
        when = normalise_time(now)
        # Taken back latest first, like pressing Back repeatedly: the last entry set
        # aside is then always the answer to the question now shown.
        self._supersede(list(reversed(self.answers[index:])), when, "changed")
        del self.answers[index:]

    def restart(self, now: Any = None) -> None:
        """Start again: nothing of the earlier walk is kept."""
        self.started_at = normalise_time(now)
        self.answers = []
        self.superseded = []

    def _supersede(self, steps: list[Step], when: str, reason: str) -> None:
        self.superseded.extend(SupersededStep(s.node, s.answer, s.answered_at, when, reason)
                               for s in steps)

    # -- what the screen shows ----------------------------------------------------

    def answered(self) -> list[dict]:
        """The answers on the path, with the words as shown (for Check your answers)."""
        shown = []
        for step in self.answers:
            question = self.flow.nodes[step.node]
            assert isinstance(question, QuestionNode)
            answer = question.answer(step.answer)
            shown.append({"node": step.node, "question": question.text, "answer": step.answer,
                          "answer_label": answer.label if answer else step.answer})
        return shown

    def view(self) -> dict:
        """A JSON-ready description of the current step, for any front end."""
        node = self.current
        common = {"flow": {"id": self.flow.id, "title": self.flow.title,
                           "version": self.flow.version},
                  "node": node.id, "can_go_back": bool(self.answers),
                  "sources": self.flow.cite(node.sources),
                  "related": [r.to_dict() for r in node.related or ()],
                  "answered": self.answered()}
        if isinstance(node, QuestionNode):
            remaining = remaining_steps(self.flow)[node.id]
            # Offer the answer just taken back from this very question (by Back or Change),
            # but not old answers to later questions: those must be chosen afresh, or a
            # person could click through without reading.
            last = self.superseded[-1] if self.superseded else None
            previous = last.answer if last is not None and last.node == node.id else None
            return {"kind": "question", **common, "text": node.text, "hint": node.hint or "",
                    "answers": [{"label": a.label, "value": a.value} for a in node.answers],
                    "previous_answer": previous,
                    "progress": {"step": len(self.answers) + 1, "answered": len(self.answers),
                                 "max_steps": len(self.answers) + remaining}}
        return {"kind": "outcome", **common, "decision": node.decision, "title": node.title,
                "body": node.body, "actions": list(node.actions or ()),
                "record_fields": list(node.record_fields or ())}
