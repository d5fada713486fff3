from decision_core import record_text
from test_record import make


def test_text_lists_decision_answers_and_details(flow):
    text = record_text(make(flow))
    assert text.startswith("Information sharing decision record\n")
    assert "Decision: Share - Share" in text
    assert "2. Do you have consent?\n   Answer: No (2026-11-22T10:04:00+00:00)" in text
    assert "- Do you have consent? Yes (answered 2026-11-22T10:02:00+00:00, changed " \
           "2026-11-22T10:03:00+00:00)" in text
    assert "Consent: Not sought" in text
    assert "How much of what was asked for was shared: Part of it" in text
    assert "Case reference: CASE-0042" in text


def test_text_without_details(flow):
    assert "Details:\n(none recorded)" in record_text(make(flow, details=None))


def test_text_names_the_edition(flow):
    edition = {"id": "example", "name": "Example Partnership", "version": "2026.1"}
    assert "Edition: Example Partnership (example, version 2026.1)" in record_text(
        make(flow, edition=edition))
