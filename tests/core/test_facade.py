import json

import pytest

from sample_flows import T0, at
from decision_core import facade
from sample_flows import sample


@pytest.fixture
def engine():
    engine = facade.Engine()
    assert engine.handle({"op": "init", "flows": [sample()]})["ok"]
    return engine


def call(engine, **request):
    response = engine.handle(request)
    assert response["ok"], response
    return response


def test_handle_speaks_json():
    out = json.loads(facade.handle(json.dumps({"op": "init", "flows": [sample()]})))
    assert out == {"ok": True, "flows": [{"id": "sample", "title": "Sample flow",
                                          "version": "1.0.0", "summary": "A flow for tests."}]}


def test_not_json():
    out = json.loads(facade.handle("{"))
    assert out["ok"] is False and out["error"]["code"] == "bad_json"


def test_unknown_op(engine):
    assert engine.handle({"op": "fly"}) == {
        "ok": False, "error": {"code": "unknown_op", "message": "unknown operation 'fly'",
                               "path": "op"}}
    assert engine.handle([])["error"]["code"] == "bad_request"


def test_init_refuses_a_bad_flow():
    data = sample()
    del data["title"]
    out = facade.Engine().handle({"op": "init", "flows": [data]})
    assert out["error"]["code"] == "bad_flow"
    assert "missing required key 'title'" in out["error"]["message"]


def test_a_whole_walk(engine):
    step = call(engine, op="start", flow="sample", now=T0)
    assert step["view"]["node"] == "purpose"
    step = call(engine, op="answer", state=step["state"], answer="yes", now=at(1))
    step = call(engine, op="answer", state=step["state"], answer="no", now=at(2))
    step = call(engine, op="back", state=step["state"], now=at(3))
    assert step["view"]["node"] == "consent"
    step = call(engine, op="answer", state=step["state"], answer="yes", now=at(4))
    assert step["view"]["kind"] == "outcome"
    step = call(engine, op="change", state=step["state"], node="purpose", now=at(5))
    assert step["view"]["node"] == "purpose" and step["view"]["previous_answer"] == "yes"
    for value in ("yes", "yes"):
        step = call(engine, op="answer", state=step["state"], answer=value)
    state = step["state"]
    assert call(engine, op="view", state=state)["view"]["decision"] == "share"
    form = call(engine, op="form", state=state)
    assert form["required"] == ["reasons", "shared.what"]
    assert form["fields"][0]["key"] == "practitioner.name"
    problems = call(engine, op="check_details", state=state, details={})["problems"]
    assert [p["path"] for p in problems] == ["details.reasons", "details.shared.what"]
    record = call(engine, op="record", state=state, details={"reasons": "x"})["record"]
    assert call(engine, op="verify", record=record)["problems"] == []
    text = call(engine, op="record_text", record=record)["text"]
    assert "Decision: Share - Share" in text and "Your reasons for the decision: x" in text


def test_errors_carry_code_message_and_path(engine):
    state = call(engine, op="start", flow="sample")["state"]
    out = engine.handle({"op": "answer", "state": state, "answer": "perhaps"})
    assert out["ok"] is False
    assert out["error"]["code"] == "invalid_answer" and out["error"]["path"] == "answer"
    assert engine.handle({"op": "start", "flow": "nope"})["error"]["code"] == "unknown_flow"
    assert engine.handle({"op": "view"})["error"]["path"] == "state"


def test_record_with_bad_details_lists_every_problem(engine):
    step = call(engine, op="start", flow="sample")
    step = call(engine, op="answer", state=step["state"], answer="not-sure")
    out = engine.handle({"op": "record", "state": step["state"],
                         "details": {"reasons": 1, "bogus": "x"}})
    assert out["ok"] is False
    assert [p["path"] for p in out["problems"]] == ["details.bogus", "details.reasons"]


def test_record_text_refuses_an_edited_record(engine):
    step = call(engine, op="start", flow="sample")
    step = call(engine, op="answer", state=step["state"], answer="not-sure")
    record = call(engine, op="record", state=step["state"])["record"]
    record["details"]["reasons"] = "later"
    out = engine.handle({"op": "record_text", "record": record})
    assert out["error"]["code"] == "digest_mismatch"


def test_edition_is_carried_into_records():
    engine = facade.Engine()
    edition = {"id": "example", "name": "Example", "version": "1"}
    call(engine, op="init", flows=[sample()], edition=edition)
    step = call(engine, op="start", flow="sample")
    step = call(engine, op="answer", state=step["state"], answer="not-sure")
    assert call(engine, op="record", state=step["state"])["record"]["edition"] == edition


def test_details_may_be_sent_flat_as_a_form_holds_them(engine):
    step = call(engine, op="start", flow="sample")
    step = call(engine, op="answer", state=step["state"], answer="not-sure")
    flat = {"consent.status": "refused", "reasons": "r"}
    assert call(engine, op="check_details", state=step["state"], details=flat)["problems"] == []
    record = call(engine, op="record", state=step["state"], details=flat)["record"]
    assert record["details"] == {"consent": {"status": "refused"}, "reasons": "r"}


def test_form_fields_carry_their_group_heading(engine):
    step = call(engine, op="start", flow="sample")
    step = call(engine, op="answer", state=step["state"], answer="not-sure")
    fields = call(engine, op="form", state=step["state"])["fields"]
    assert {f["group_title"] for f in fields if f["group"] == "consent"} == {"Consent"}
