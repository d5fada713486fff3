"""The flow model: frozen dataclasses built from a plain dict, and ``to_dict`` back.

``load_flow`` is the way in: it validates first, so the constructors here can
trust their input. Optional keys that were absent stay absent in ``to_dict``,
so ``Flow.from_dict(d).to_dict() == d`` for every valid flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from .canonical import sha256_hex
from .problems import FlowError
from .validate import validate_flow

__all__ = ["Source", "Citation", "Related", "Answer", "QuestionNode", "OutcomeNode", "Node",
           "Flow", "load_flow", "flow_digest"]


def _optional(d: dict, key: str, value: Any) -> None:
    if value is not None:
        d[key] = value


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    section: str | None = None
    url: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "Source":
        return cls(d["id"], d["title"], d["publisher"], d["year"], d.get("section"), d.get("url"))

    def to_dict(self) -> dict:
        d = {"id": self.id, "title": self.title, "publisher": self.publisher, "year": self.year}
        _optional(d, "section", self.section)
        _optional(d, "url", self.url)
        return d


@dataclass(frozen=True)
class Citation:
    source: str
    section: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "Citation":
        return cls(d["source"], d.get("section"))

    def to_dict(self) -> dict:
        d = {"source": self.source}
        _optional(d, "section", self.section)
        return d


@dataclass(frozen=True)
class Related:
    title: str
    page: str

    @classmethod
    def from_dict(cls, d: dict) -> "Related":
        return cls(d["title"], d["page"])

    def to_dict(self) -> dict:
        return {"title": self.title, "page": self.page}


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    next: str

    @classmethod
    def from_dict(cls, d: dict) -> "Answer":
        return cls(d["label"], d["value"], d["next"])

    def to_dict(self) -> dict:
        return {"label": self.label, "value": self.value, "next": self.next}


@dataclass(frozen=True)
class QuestionNode:
    id: str
    text: str
    answers: tuple[Answer, ...]
    sources: tuple[Citation, ...]
    hint: str | None = None
    related: tuple[Related, ...] | None = None
    kind: str = "question"

    @classmethod
    def from_dict(cls, node_id: str, d: dict) -> "QuestionNode":
        related = d.get("related")
        return cls(node_id, d["text"], tuple(Answer.from_dict(a) for a in d["answers"]),
                   tuple(Citation.from_dict(c) for c in d["sources"]), d.get("hint"),
                   None if related is None else tuple(Related.from_dict(r) for r in related))

    def answer(self, value: str) -> Answer | None:
        return next((a for a in self.answers if a.value == value), None)

    def to_dict(self) -> dict:
        d: dict = {"kind": "question", "text": self.text}
        _optional(d, "hint", self.hint)
        d["answers"] = [a.to_dict() for a in self.answers]
        d["sources"] = [c.to_dict() for c in self.sources]
        if self.related is not None:
            d["related"] = [r.to_dict() for r in self.related]
        return d


@dataclass(frozen=True)
class OutcomeNode:
    id: str
    decision: str
    title: str
    body: str
    sources: tuple[Citation, ...]
    actions: tuple[str, ...] | None = None
    record_fields: tuple[str, ...] | None = None
    related: tuple[Related, ...] | None = None
    kind: str = "outcome"

    @classmethod
    def from_dict(cls, node_id: str, d: dict) -> "OutcomeNode":
        related = d.get("related")
        actions = d.get("actions")
        fields = d.get("record_fields")
        return cls(node_id, d["decision"], d["title"], d["body"],
                   tuple(Citation.from_dict(c) for c in d["sources"]),
                   None if actions is None else tuple(actions),
                   None if fields is None else tuple(fields),
                   None if related is None else tuple(Related.from_dict(r) for r in related))

    def to_dict(self) -> dict:
        d: dict = {"kind": "outcome", "decision": self.decision, "title": self.title,
                   "body": self.body}
        if self.actions is not None:
            d["actions"] = list(self.actions)
        if self.record_fields is not None:
            d["record_fields"] = list(self.record_fields)
        d["sources"] = [c.to_dict() for c in self.sources]
        if self.related is not None:
            d["related"] = [r.to_dict() for r in self.related]
        return d


Node = Union[QuestionNode, OutcomeNode]


@dataclass(frozen=True)
class Flow:
    """A validated flowchart. Build one with :func:`load_flow`."""

    id: str
    title: str
    version: str
    summary: str
    sources: tuple[Source, ...]
    start: str
    nodes: dict[str, Node]

    @classmethod
    def from_dict(cls, d: dict) -> "Flow":
        nodes: dict[str, Node] = {}
        for node_id, node in d["nodes"].items():
            maker = QuestionNode if node["kind"] == "question" else OutcomeNode
            nodes[node_id] = maker.from_dict(node_id, node)
        return cls(d["id"], d["title"], d["version"], d["summary"],
                   tuple(Source.from_dict(s) for s in d["sources"]), d["start"], nodes)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "version": self.version,
                "summary": self.summary, "sources": [s.to_dict() for s in self.sources],
                "start": self.start,
                "nodes": {node_id: node.to_dict() for node_id, node in self.nodes.items()}}

    @property
    def digest(self) -> str:
        """SHA-256 of the flow's canonical JSON: names the exact wording a record used."""
        return flow_digest(self)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def cite(self, citations: tuple[Citation, ...]) -> list[dict]:
        """Resolve a node's citations to full references (title, publisher, year, section, url)."""
        resolved = []
        for citation in citations:
            source = self.source(citation.source)
            resolved.append({"title": source.title, "publisher": source.publisher,
                             "year": source.year,
                             "section": citation.section or source.section or "",
                             "url": source.url or ""})
        return resolved


def flow_digest(flow: "Flow | dict") -> str:
    """Digest of a flow (a :class:`Flow` or its dict)."""
    return sha256_hex(flow.to_dict() if isinstance(flow, Flow) else flow)


def load_flow(data: Any) -> Flow:
    """Validate a plain dict and build a :class:`Flow`; raise :class:`FlowError` listing every problem."""
    problems = validate_flow(data)
    if problems:
        raise FlowError(problems)
    return Flow.from_dict(data)
