"""The decision record: built from a completed session plus the practitioner's details.

The record names the exact flow wording used (its digest) and carries a digest
of itself, so a reviewer can tell whether it was changed after it was made.
"""

from __future__ import annotations

import uuid
from typing import Any

from .canonical import sha256_hex
from .clock import normalise_time
from .details import check_details, nest_details, flatten_details
from .model import QuestionNode
from .problems import RecordError, SessionError
from .session import Session

__all__ = ["SCHEMA_NAME", "SCHEMA_VERSION", "build_record", "record_digest", "seal"]

SCHEMA_NAME = "infoshare-decision-record"
SCHEMA_VERSION = "1.0.0"


def record_digest(record: dict) -> str:
    """SHA-256 of the canonical record without its ``integrity`` field."""
    return sha256_hex({k: v for k, v in record.items() if k != "integrity"})


def seal(record: dict) -> dict:
    """Return the record with its ``integrity`` field set from its contents."""
    body = {k: v for k, v in record.items() if k != "integrity"}
    return {**body, "integrity": {"algorithm": "sha256", "digest": record_digest(body)}}


def _step(session: Session, node_id: str, value: str) -> dict:
    question = session.flow.nodes[node_id]
    assert isinstance(question, QuestionNode)
    answer = question.answer(value)
    return {"node": node_id, "question": question.text, "answer": value,
            "answer_label": answer.label if answer else value}


def build_record(session: Session, details: Any = None, *, now: Any = None,
                 record_id: str | None = None, edition: dict | None = None) -> dict:
    """A sealed record of a completed session.

    ``details`` is a mapping of the practitioner's details (see ``DETAIL_FIELDS``);
    empty values are dropped. Malformed details raise :class:`RecordError` with
    every problem; missing ones do not (``check_details`` with ``required`` is
    for forms that insist).
    """
    outcome = session.outcome
    if outcome is None:
        raise SessionError("not_complete", "the flow has not reached an outcome yet")
    details = {} if details is None else details
    problems = check_details(details)
    problems = [p for p in problems if p.code != "required"]
    if problems:
        raise RecordError(problems)
    record: dict = {
        "schema": {"name": SCHEMA_NAME, "version": SCHEMA_VERSION},
        "record_id": record_id or str(uuid.uuid4()),
        "created_at": session.started_at,
        "completed_at": normalise_time(now),
    }
    if edition is not None:
        record["edition"] = {"id": edition["id"], "name": edition["name"],
                             "version": edition["version"]}
    record.update({
        "flow": {"id": session.flow.id, "version": session.flow.version,
                 "title": session.flow.title, "digest": session.flow.digest},
        "path": [{**_step(session, s.node, s.answer), "answered_at": s.answered_at}
                 for s in session.answers],
        "superseded": [{**_step(session, s.node, s.answer), "answered_at": s.answered_at,
                        "superseded_at": s.superseded_at, "reason": s.reason}
                       for s in session.superseded],
        "outcome": {"node": outcome.id, "decision": outcome.decision, "title": outcome.title},
        "details": nest_details(flatten_details(details)),
    })
    return seal(record)
