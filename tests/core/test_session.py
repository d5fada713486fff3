import pytest

from sample_flows import T0, at
from decision_core import Session, SessionError


def walk(flow, *values, start=T0):
    session = Session.start(flow, now=start)
    for minute, value in enumerate(values, 1):
        session.answer(value, now=at(minute))
    return session


def test_start_is_at_the_first_question(flow):
    session = Session.start(flow, now=T0)
    assert session.current_node_id == "purpose"
    assert not session.is_complete and session.outcome is None


def test_answers_move_to_the_next_node(flow):
    session = walk(flow, "yes", "no")
    assert session.current_node_id == "basis"
    session.answer("yes", now=at(3))
    assert session.is_complete and session.outcome.id == "share"


def test_invalid_answer_names_the_question_and_answers(flow):
    session = Session.start(flow, now=T0)
    with pytest.raises(SessionError) as info:
        session.answer("perhaps")
    assert info.value.code == "invalid_answer"
    assert info.value.message == ("'perhaps' is not an answer to 'purpose' "
                                  "(answers: 'yes', 'no', 'not-sure')")
    assert session.answers == []


def test_no_answers_after_the_outcome(flow):
    session = walk(flow, "not-sure")
    with pytest.raises(SessionError) as info:
        session.answer("yes")
    assert info.value.code == "complete"


def test_back_keeps_the_answer_as_superseded(flow):
    session = walk(flow, "yes", "no")
    session.back(now=at(9))
    assert session.current_node_id == "consent"
    assert [s.to_dict() for s in session.superseded] == [
        {"node": "consent", "answer": "no", "answered_at": at(2), "superseded_at": at(9),
         "reason": "back"}]


def test_back_at_the_start_is_refused(flow):
    with pytest.raises(SessionError) as info:
        Session.start(flow).back()
    assert info.value.code == "at_start"


def test_change_discards_later_answers_but_keeps_them(flow):
    session = walk(flow, "yes", "no", "yes")
    session.change("consent", now=at(9))
    assert session.current_node_id == "consent"
    assert [a.node for a in session.answers] == ["purpose"]
    assert [(s.node, s.answer, s.reason) for s in session.superseded] == [
        ("basis", "yes", "changed"), ("consent", "no", "changed")]


def test_change_of_an_unanswered_question_is_refused(flow):
    with pytest.raises(SessionError) as info:
        walk(flow, "yes").change("basis")
    assert info.value.code == "not_answered"


def test_restart_clears_everything(flow):
    session = walk(flow, "yes", "no")
    session.back()
    session.restart(now=at(30))
    assert session.to_dict() == {"flow": "sample", "flow_version": "1.0.0", "started_at": at(30),
                                 "answers": [], "superseded": []}


def test_state_round_trip(flow):
    session = walk(flow, "yes", "no")
    session.back(now=at(5))
    state = session.to_dict()
    assert Session.from_dict(flow, state).to_dict() == state


@pytest.mark.parametrize("change, code, path", [
    (lambda s: s.update(flow="other"), "bad_state", "state.flow"),
    (lambda s: s.update(flow_version="9.9.9"), "flow_changed", "state.flow_version"),
    (lambda s: s["answers"][1].update(node="basis"), "bad_state", "state.answers[1].node"),
    (lambda s: s["answers"][0].update(answer="perhaps"), "invalid_answer",
     "state.answers[0].answer"),
    (lambda s: s["answers"][0].update(answered_at="yesterday"), "bad_state", "state"),
    (lambda s: s["answers"][0].update(answered_at="2026-11-22T10:00:00"), "bad_state", "state"),
    (lambda s: s.pop("started_at"), "bad_state", "state"),
])
def test_a_damaged_state_is_refused(flow, change, code, path):
    state = walk(flow, "yes", "no").to_dict()
    change(state)
    with pytest.raises(SessionError) as info:
        Session.from_dict(flow, state)
    assert (info.value.code, info.value.path) == (code, path)


def test_view_of_a_question(flow):
    view = walk(flow, "yes").view()
    assert view == {
        "kind": "question", "flow": {"id": "sample", "title": "Sample flow", "version": "1.0.0"},
        "node": "consent", "can_go_back": True,
        "sources": [{"title": "A guide", "publisher": "A publisher", "year": 2018,
                     "section": "Q2", "url": ""}],
        "related": [{"title": "Consent", "page": "consent.md"}],
        "answered": [{"node": "purpose", "question": "Is there a purpose?", "answer": "yes",
                      "answer_label": "Yes"}],
        "text": "Do you have consent?", "hint": "",
        "answers": [{"label": "Yes", "value": "yes"}, {"label": "No", "value": "no"},
                    {"label": "Not sure", "value": "not-sure"}],
        "previous_answer": None,
        "progress": {"step": 2, "answered": 1, "max_steps": 3},
    }


def test_view_remembers_the_answer_being_changed(flow):
    session = walk(flow, "yes", "no")
    session.change("consent", now=at(5))
    assert session.view()["previous_answer"] == "no"


def test_view_of_an_outcome(flow):
    view = walk(flow, "yes", "yes").view()
    assert view["kind"] == "outcome"
    assert (view["decision"], view["title"], view["body"]) == ("share", "Share",
                                                              "Share what is needed.")
    assert view["actions"] == ["Share securely."]
    assert view["record_fields"] == ["reasons", "shared.what"]
    assert view["can_go_back"] is True


def test_times_need_an_offset(flow):
    with pytest.raises(ValueError):
        Session.start(flow, now="2026-11-22T10:00:00")


def test_after_a_change_later_questions_are_not_preselected(flow):
    session = walk(flow, "yes", "no", "yes")
    session.change("purpose", now=at(9))
    assert session.view()["previous_answer"] == "yes"
    session.answer("yes", now=at(10))
    # 'consent' was answered before the change; its old answer must be chosen afresh.
    assert session.view()["node"] == "consent"
    assert session.view()["previous_answer"] is None


def test_back_offers_the_answer_taken_back(flow):
    session = walk(flow, "yes", "no")
    session.back(now=at(9))
    assert session.view()["previous_answer"] == "no"


def test_preselection_does_not_depend_on_the_clock(flow):
    # Everything in the same second, as a fast keyboard user or a test would do it.
    session = walk(flow, "yes", "no", "yes", start=at(0))
    for _ in range(2):
        session.change("purpose", now=at(0))
        assert session.view()["previous_answer"] == "yes"
        session.answer("yes", now=at(0))
        assert session.view()["previous_answer"] is None
        session.answer("no", now=at(0))
        session.back(now=at(0))
        assert session.view()["previous_answer"] == "no"
        session.answer("no", now=at(0))
