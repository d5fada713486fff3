import copy

import pytest

from sample_flows import at
from decision_core import load_flow, verify_record
from decision_core.record import seal
from test_record import make


def codes(record, flows):
    return [(p.code, p.path) for p in verify_record(record, flows)]


def test_a_fresh_record_verifies(flow):
    assert verify_record(make(flow), [flow]) == []
    assert verify_record(make(flow), {"sample": flow}) == []


@pytest.mark.parametrize("edit", [
    lambda r: r["path"][0].update(answer="no"),
    lambda r: r["outcome"].update(decision="do-not-share"),
    lambda r: r["details"].update(reasons="changed later"),
    lambda r: r.update(completed_at=at(59)),
    lambda r: r["superseded"].clear(),
])
def test_any_edit_breaks_the_digest(flow, edit):
    record = make(flow)
    edit(record)
    assert ("digest_mismatch", "integrity.digest") in codes(record, [flow])


def test_digest_message(flow):
    record = make(flow)
    record["details"]["reasons"] = "x"
    assert [str(p) for p in verify_record(record, [flow])] == [
        "the record's contents do not match its integrity digest, so it has been changed since "
        "it was made in 'integrity.digest'"]


def test_schema_violations_are_listed(flow):
    record = make(flow)
    del record["outcome"]
    record["path"][0]["answer"] = 7
    record["extra"] = True
    assert sorted(codes(record, [flow]))[:3] == [
        ("digest_mismatch", "integrity.digest"), ("schema", ""), ("schema", "extra")]
    assert ("schema", "path[0].answer") in codes(record, [flow])


def test_not_an_object():
    assert [str(p) for p in verify_record([], [])] == ["expected object, found list at the top level"]


def test_unknown_flow(flow):
    assert [str(p) for p in verify_record(make(flow), [])] == [
        "unknown flow 'sample' (known flows: none) in 'flow.id'"]


def test_unknown_flow_version(flow, flow_dict):
    flow_dict["version"] = "1.1.0"
    assert [str(p) for p in verify_record(make(flow), [load_flow(flow_dict)])] == [
        "flow 'sample' version 1.0.0 is not known here (this portal has version 1.1.0) "
        "in 'flow.version'"]


def test_flow_wording_changed(flow, flow_dict):
    flow_dict["nodes"]["purpose"]["hint"] = "New words."
    assert codes(make(flow), [load_flow(flow_dict)]) == [("flow_changed", "flow.digest")]


def test_path_that_does_not_lead_to_the_outcome_is_caught_even_when_resealed(flow):
    record = copy.deepcopy(make(flow))
    record["outcome"] = {"node": "no-share", "decision": "do-not-share", "title": "Do not share"}
    assert codes(seal(record), [flow]) == [("path_mismatch", "outcome")]


def test_path_with_a_wrong_question_is_caught(flow):
    record = make(flow)
    record["path"][1]["node"] = "basis"
    assert codes(seal(record), [flow]) == [("path_mismatch", "path[1].node")]


def test_path_with_changed_words_is_caught(flow):
    record = make(flow)
    record["path"][0]["question"] = "Another question?"
    assert codes(seal(record), [flow]) == [("path_mismatch", "path[0]")]


def test_path_with_an_unknown_answer(flow):
    record = make(flow)
    record["path"][0]["answer"] = "maybe"
    assert codes(seal(record), [flow]) == [("path_mismatch", "path[0].answer")]
