"""Property tests: any sequence of steps leaves a valid session; every record verifies;
changing any recorded value breaks verification."""

import json

from hypothesis import given, settings, strategies as st

from decision_core import Session, SessionError, build_record, verify_record
from decision_core.schema import schema_problems

from sample_flows import sample
from decision_core import load_flow

FLOW = load_flow(sample())
VALUES = ["yes", "no", "not-sure", "maybe"]
NODES = list(FLOW.nodes)

actions = st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(VALUES)),
    st.tuples(st.just("back"), st.none()),
    st.tuples(st.just("change"), st.sampled_from(NODES)),
    st.tuples(st.just("restart"), st.none()),
)


def apply(session, action):
    kind, arg = action
    try:
        if kind == "answer":
            session.answer(arg)
        elif kind == "back":
            session.back()
        elif kind == "change":
            session.change(arg)
        else:
            session.restart()
    except SessionError:
        pass  # a refused step must leave the session as it was; checked below


@settings(max_examples=150, deadline=None)
@given(st.lists(actions, max_size=25))
def test_any_steps_leave_a_valid_session(steps):
    session = Session.start(FLOW)
    for action in steps:
        before = session.to_dict()
        apply(session, action)
        state = session.to_dict()
        # Valid means: it round-trips through a saved state and replays to the same place.
        resumed = Session.from_dict(FLOW, json.loads(json.dumps(state)))
        assert resumed.to_dict() == state
        assert resumed.current_node_id == session.current_node_id
        if state == before:
            continue
        assert len(state["answers"]) <= 3


def _complete(session):
    while not session.is_complete:
        session.answer(session.current.answers[0].value)


@settings(max_examples=100, deadline=None)
@given(st.lists(actions, max_size=20))
def test_every_completed_session_yields_a_record_that_verifies(steps):
    session = Session.start(FLOW)
    for action in steps:
        apply(session, action)
    _complete(session)
    record = build_record(session)
    assert schema_problems(record) == []
    assert verify_record(record, [FLOW]) == []


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, path + (key,))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _leaves(inner, path + (i,))
    else:
        yield path


@settings(max_examples=100, deadline=None)
@given(st.lists(actions, max_size=12), st.data())
def test_changing_any_recorded_field_breaks_verification(steps, data):
    session = Session.start(FLOW)
    for action in steps:
        apply(session, action)
    _complete(session)
    record = build_record(session, {"reasons": "r", "consent": {"status": "refused"}})
    leaves = [p for p in _leaves(record) if p[0] != "integrity"]
    path = data.draw(st.sampled_from(leaves))
    target = record
    for key in path[:-1]:
        target = target[key]
    old = target[path[-1]]
    target[path[-1]] = data.draw(st.one_of(st.text(), st.integers(), st.none()).filter(
        lambda v: v != old))
    assert verify_record(record, [FLOW]) != []
