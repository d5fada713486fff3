import pytest

from decision_core import DETAIL_FIELDS, check_details
from decision_core.details import flatten_details, nest_details


def msgs(details, required=()):
    return [str(p) for p in check_details(details, required)]


def test_empty_details_are_fine():
    assert check_details({}) == []


def test_nested_and_flat_forms_are_accepted():
    assert check_details({"consent": {"status": "obtained"}, "reasons": "x"}) == []
    assert check_details({"consent.status": "obtained"}) == []


def test_unknown_field_and_wrong_type():
    assert msgs({"consent": {"stat": "x"}, "reasons": 3}) == [
        "unknown details field 'consent.stat' in 'details.consent.stat'",
        "'Your reasons for the decision' must be text in 'details.reasons'",
    ]


def test_bad_choice_lists_the_choices():
    assert msgs({"shared": {"extent": "most"}}) == [
        "'most' is not one of: all, part, none in 'details.shared.extent'"]


@pytest.mark.parametrize("value, ok", [("2026-11-22T14:30", True), ("2026-11-22T14:30:00+01:00", True),
                                       ("22/11/2026", False), ("2026-11-22", False)])
def test_datetime_fields(value, ok):
    assert (check_details({"sharing": {"shared_at": value}}) == []) is ok


def test_required_fields():
    assert msgs({}, ["reasons"]) == ["Enter 'Your reasons for the decision' in 'details.reasons'"]


def test_consent_not_sought_needs_a_reason():
    assert msgs({"consent": {"status": "not-sought"}}) == [
        "Say why consent was not sought in 'details.consent.details'"]


def test_text_length_is_limited():
    assert [p.code for p in check_details({"reasons": "x" * 5001})] == ["too_long"]


def test_not_a_mapping():
    assert msgs("reasons") == ["the details must be a mapping in 'details'"]


def test_nest_and_flatten_round_trip():
    nested = {"consent": {"status": "refused"}, "reasons": "because", "case_reference": "C1"}
    assert nest_details(flatten_details(nested)) == nested


def test_nest_drops_empty_values():
    assert nest_details({"reasons": "", "consent.status": None}) == {}


def test_every_field_has_a_label_and_a_known_kind():
    for field in DETAIL_FIELDS.values():
        assert field.label
        assert field.kind in {"text", "textarea", "choice", "date", "datetime"}
        assert bool(field.choices) == (field.kind == "choice")


def test_required_choice_says_select():
    assert msgs({}, ["consent.status"]) == ["Select 'Consent' in 'details.consent.status'"]
