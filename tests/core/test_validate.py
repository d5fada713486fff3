"""Exact messages and key paths for each kind of problem validation reports."""

import pytest

from decision_core import validate_flow


def messages(data) -> list[str]:
    return [str(p) for p in validate_flow(data)]


def test_valid_flow_has_no_problems(flow_dict):
    assert validate_flow(flow_dict) == []


def test_not_a_mapping():
    assert messages(["a"]) == ["expected a mapping, found a list at the top level"]


def test_unknown_next_node_names_the_path_and_suggests(flow_dict):
    flow_dict["nodes"]["purpose"]["answers"][0]["next"] = "consnt"
    assert messages(flow_dict) == [
        "unknown next node 'consnt' (did you mean 'consent'?) in 'nodes.purpose.answers[0].next'"]


def test_unknown_key_is_an_error(flow_dict):
    flow_dict["nodes"]["purpose"]["hnit"] = "x"
    flow_dict["colour"] = "red"
    assert messages(flow_dict) == [
        "unknown key 'colour' (expected one of: id, title, version, summary, sources, start, "
        "nodes) in 'colour'",
        "unknown key 'hnit' (did you mean 'hint'?) in 'nodes.purpose.hnit'",
    ]


def test_missing_keys_are_all_reported(flow_dict):
    del flow_dict["summary"]
    del flow_dict["nodes"]["share"]["decision"]
    assert messages(flow_dict) == [
        "missing required key 'summary' at the top level",
        "missing required key 'decision' in 'nodes.share'",
    ]


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "01.0.0", "1.0.0-beta"])
def test_bad_version(flow_dict, version):
    flow_dict["version"] = version
    assert messages(flow_dict) == [
        f"'{version}' is not a valid version (use MAJOR.MINOR.PATCH, e.g. 1.0.0) in 'version'"]


def test_wrong_types(flow_dict):
    flow_dict["title"] = ["a"]
    flow_dict["sources"][0]["year"] = "2018"
    flow_dict["nodes"]["purpose"]["answers"] = {"label": "Yes"}
    assert messages(flow_dict) == [
        "expected a list, found a mapping in 'nodes.purpose.answers'",
        "expected a whole number, found a string in 'sources[0].year'",
        "expected a string, found a list in 'title'",
    ]


def test_boolean_is_not_a_year(flow_dict):
    flow_dict["sources"][0]["year"] = True
    assert messages(flow_dict) == ["expected a whole number, found true/false in 'sources[0].year'"]


def test_duplicate_answer_value_and_label(flow_dict):
    answers = flow_dict["nodes"]["purpose"]["answers"]
    answers[1]["value"] = "yes"
    answers[2]["label"] = "YES"
    assert messages(flow_dict) == [
        "duplicate answer value 'yes' in 'nodes.purpose.answers[1].value'",
        "duplicate answer label 'YES' in 'nodes.purpose.answers[2].label'",
    ]


def test_duplicate_source_id(flow_dict):
    flow_dict["sources"].append(dict(flow_dict["sources"][0]))
    assert messages(flow_dict) == ["duplicate source id 'guide' in 'sources[1].id'"]


def test_unknown_source_and_empty_sources(flow_dict):
    flow_dict["nodes"]["purpose"]["sources"][0]["source"] = "gide"
    flow_dict["nodes"]["share"]["sources"] = []
    assert messages(flow_dict) == [
        "unknown source 'gide' (did you mean 'guide'?) in 'nodes.purpose.sources[0].source'",
        "'sources' needs at least 1 entry in 'nodes.share.sources'",
    ]


def test_outcome_decision_must_be_known(flow_dict):
    flow_dict["nodes"]["share"]["decision"] = "maybe"
    assert messages(flow_dict) == [
        "unknown decision 'maybe' (use one of: share, do-not-share, seek-advice) "
        "in 'nodes.share.decision'"]


def test_unknown_record_field(flow_dict):
    flow_dict["nodes"]["share"]["record_fields"] = ["reasons", "consent.stats"]
    assert messages(flow_dict) == [
        "unknown record field 'consent.stats' (did you mean 'consent.status'?) "
        "in 'nodes.share.record_fields[1]'"]


def test_question_needs_two_answers(flow_dict):
    flow_dict["nodes"]["basis"]["answers"] = flow_dict["nodes"]["basis"]["answers"][:1]
    assert messages(flow_dict) == [
        "a question needs at least 2 answers, found 1 in 'nodes.basis.answers'"]


def test_node_kind(flow_dict):
    flow_dict["nodes"]["share"]["kind"] = "result"
    del flow_dict["nodes"]["advice"]["kind"]
    assert messages(flow_dict) == [
        "missing required key 'kind' in 'nodes.advice'",
        "unknown node kind 'result' (use 'question' or 'outcome') in 'nodes.share.kind'",
    ]


def test_bad_ids(flow_dict):
    flow_dict["id"] = "Sample Flow"
    flow_dict["nodes"]["purpose"]["answers"][0]["value"] = "Yes!"
    assert messages(flow_dict) == [
        "'Sample Flow' is not a valid flow id (use lower-case letters, digits and hyphens) in 'id'",
        "'Yes!' is not a valid answer value (use lower-case letters, digits and hyphens) "
        "in 'nodes.purpose.answers[0].value'",
    ]


def test_url_must_be_https(flow_dict):
    flow_dict["sources"][0]["url"] = "http://example.org"
    assert messages(flow_dict) == [
        "'http://example.org' is not a valid web address (use a full https:// address) "
        "in 'sources[0].url'"]


def test_start_must_exist_and_be_a_question(flow_dict):
    flow_dict["start"] = "purpse"
    assert messages(flow_dict) == [
        "unknown start node 'purpse' (did you mean 'purpose'?) in 'start'"]
    flow_dict["start"] = "share"
    assert messages(flow_dict) == [
        "the start node 'share' must be a question, not an outcome in 'start'"]


def test_unreachable_node(flow_dict):
    flow_dict["nodes"]["consent"]["answers"][1]["next"] = "share"
    assert messages(flow_dict) == [
        "node 'basis' cannot be reached from the start node 'purpose' in 'nodes.basis'"]


def test_loop_is_reported_at_the_answer_that_closes_it(flow_dict):
    flow_dict["nodes"]["basis"]["answers"][1]["next"] = "purpose"
    problems = messages(flow_dict)
    assert "answer 'no' leads back to 'purpose', which makes a loop (every answer must move " \
           "towards an outcome) in 'nodes.basis.answers[1].next'" in problems


def test_dead_end_when_no_outcome_can_be_reached(flow_dict):
    nodes = flow_dict["nodes"]
    nodes["consent"]["answers"] = [{"label": "Yes", "value": "yes", "next": "basis"},
                                   {"label": "No", "value": "no", "next": "basis"}]
    nodes["basis"]["answers"] = [{"label": "Yes", "value": "yes", "next": "consent"},
                                 {"label": "No", "value": "no", "next": "consent"}]
    problems = messages(flow_dict)
    assert "no outcome can be reached from node 'basis' in 'nodes.basis'" in problems
    assert "no outcome can be reached from node 'consent' in 'nodes.consent'" in problems


def test_graph_checks_wait_for_a_sound_structure(flow_dict):
    # With a broken reference, reachability would only add noise.
    flow_dict["nodes"]["purpose"]["answers"][0]["next"] = "nowhere"
    assert [p.code for p in validate_flow(flow_dict)] == ["unknown_node"]


def test_problems_carry_stable_codes(flow_dict):
    flow_dict["nodes"]["purpose"]["answers"][0]["next"] = "elsewhere"
    problem = validate_flow(flow_dict)[0]
    assert problem.to_dict() == {"code": "unknown_node",
                                 "path": "nodes.purpose.answers[0].next",
                                 "message": "unknown next node 'elsewhere'"}


def test_unknown_source_without_a_close_match(flow_dict):
    flow_dict["nodes"]["purpose"]["sources"][0]["source"] = "zzz"
    assert messages(flow_dict) == [
        "unknown source 'zzz' (add it to the flow's 'sources' list) "
        "in 'nodes.purpose.sources[0].source'"]


def test_a_source_nobody_cites(flow_dict):
    flow_dict["sources"].append({"id": "spare", "title": "T", "publisher": "P", "year": 2020})
    assert messages(flow_dict) == [
        "source 'spare' is listed but no node cites it (cite it from a node or remove it) "
        "in 'sources[1].id'"]


def test_a_misspelt_required_key_is_one_problem(flow_dict):
    flow_dict["tilte"] = flow_dict.pop("title")
    assert messages(flow_dict) == ["unknown key 'tilte' (did you mean 'title'?) in 'tilte'"]


def test_a_number_as_version(flow_dict):
    flow_dict["version"] = 1.0
    assert messages(flow_dict) == [
        "'1.0' is not a valid version (use MAJOR.MINOR.PATCH, e.g. 1.0.0) in 'version'"]


def test_a_badly_spelt_source_id_still_counts_as_listed(flow_dict):
    flow_dict["sources"][0]["id"] = "The guide"
    for node in flow_dict["nodes"].values():
        node["sources"][0]["source"] = "The guide"
    assert messages(flow_dict) == [
        "'The guide' is not a valid source id (use lower-case letters, digits and hyphens) "
        "in 'sources[0].id'"]
