import json
from pathlib import Path

import pytest

from sample_flows import T0, at
from decision_core import (RecordError, Session, SessionError, build_record, record_digest,
                           verify_record)
from decision_core.schema import schema_problems

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
RECORD_ID = "0b6c1f3e-7a42-4c9e-9f5d-2d1e8a7b6c50"
DETAILS = {
    "practitioner": {"name": "A Practitioner", "role": "Designated safeguarding lead",
                     "organisation": "Example School"},
    "consent": {"status": "not-sought", "details": "Asking could put the child at risk."},
    "lawful_basis": {"article_6": "public-task"},
    "shared": {"what": "Attendance dates and the concern raised.", "extent": "part"},
    "reasons": "Sharing is needed to protect the child.",
    "case_reference": "CASE-0042",
}


def completed(flow):
    session = Session.start(flow, now=T0)
    session.answer("yes", now=at(1))
    session.answer("yes", now=at(2))
    session.change("consent", now=at(3))
    session.answer("no", now=at(4))
    session.answer("yes", now=at(5))
    return session


def make(flow, details=DETAILS, **kw):
    return build_record(completed(flow), details, now=at(10), record_id=RECORD_ID, **kw)


@pytest.mark.parametrize("name, kwargs", [
    ("sample-share-with-details", {}),
    ("sample-share-no-details", {"details": None}),
    ("sample-share-edition", {"edition": {"id": "example-partnership",
                                          "name": "Example Partnership", "version": "2026.1"}}),
])
def test_golden_records(flow, name, kwargs):
    record = make(flow, **kwargs)
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert record == expected


def test_record_shape(flow):
    record = make(flow)
    assert record["flow"] == {"id": "sample", "version": "1.0.0", "title": "Sample flow",
                              "digest": flow.digest}
    assert [s["node"] for s in record["path"]] == ["purpose", "consent", "basis"]
    assert record["path"][1] == {"node": "consent", "question": "Do you have consent?",
                                 "answer": "no", "answer_label": "No", "answered_at": at(4)}
    assert record["superseded"] == [{"node": "consent", "question": "Do you have consent?",
                                     "answer": "yes", "answer_label": "Yes",
                                     "answered_at": at(2), "superseded_at": at(3),
                                     "reason": "changed"}]
    assert record["outcome"] == {"node": "share", "decision": "share", "title": "Share"}
    assert record["integrity"] == {"algorithm": "sha256", "digest": record_digest(record)}
    assert (record["created_at"], record["completed_at"]) == (T0, at(10))


def test_record_matches_its_schema(flow):
    assert schema_problems(make(flow)) == []


def test_record_ids_are_fresh_uuids(flow):
    a = build_record(completed(flow))
    b = build_record(completed(flow))
    assert a["record_id"] != b["record_id"]
    assert schema_problems(a) == []


def test_unfinished_session_has_no_record(flow):
    with pytest.raises(SessionError) as info:
        build_record(Session.start(flow))
    assert info.value.code == "not_complete"


def test_malformed_details_are_refused_with_every_problem(flow):
    with pytest.raises(RecordError) as info:
        build_record(completed(flow), {"reasons": 1, "shared": {"extent": "most"}})
    assert [p.path for p in info.value.problems] == ["details.reasons", "details.shared.extent"]


def test_missing_details_do_not_stop_a_record(flow):
    record = build_record(completed(flow), {"consent": {"status": "not-sought"}})
    assert record["details"] == {"consent": {"status": "not-sought"}}
    assert verify_record(record, [flow]) == []
