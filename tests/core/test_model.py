import pytest

from decision_core import Flow, FlowError, load_flow, flow_digest, sha256_hex, canonical_json
from decision_core.model import OutcomeNode, QuestionNode


def test_round_trip_is_exact(flow_dict):
    assert Flow.from_dict(flow_dict).to_dict() == flow_dict


def test_round_trip_keeps_optional_keys_absent(flow_dict):
    data = load_flow(flow_dict).to_dict()
    assert "hint" not in data["nodes"]["consent"]
    assert "related" not in data["nodes"]["purpose"]
    assert "actions" not in data["nodes"]["no-share"]


def test_round_trip_with_every_optional_key(flow_dict):
    flow_dict["sources"][0].update(section="Part 1", url="https://example.org/guide")
    flow_dict["nodes"]["advice"]["actions"] = []
    flow_dict["nodes"]["advice"]["record_fields"] = []
    flow_dict["nodes"]["advice"]["related"] = []
    assert load_flow(flow_dict).to_dict() == flow_dict


def test_node_types(flow):
    assert isinstance(flow.nodes["purpose"], QuestionNode)
    assert isinstance(flow.nodes["share"], OutcomeNode)
    assert flow.nodes["share"].decision == "share"
    assert flow.nodes["purpose"].answer("no").next == "no-share"
    assert flow.nodes["purpose"].answer("maybe") is None


def test_load_flow_raises_with_every_problem(flow_dict):
    del flow_dict["title"]
    flow_dict["nodes"]["purpose"]["text"] = ""
    with pytest.raises(FlowError) as info:
        load_flow(flow_dict)
    assert [str(p) for p in info.value.problems] == [
        "missing required key 'title' at the top level",
        "'text' must not be empty in 'nodes.purpose.text'",
    ]


def test_digest_is_sha256_of_canonical_json(flow, flow_dict):
    assert flow.digest == flow_digest(flow_dict) == sha256_hex(flow_dict)
    assert len(flow.digest) == 64


def test_digest_changes_with_wording(flow_dict):
    before = load_flow(flow_dict).digest
    flow_dict["nodes"]["purpose"]["text"] = "Is there a clear purpose?"
    assert load_flow(flow_dict).digest != before


def test_canonical_json_is_stable():
    assert canonical_json({"b": 1, "a": ["é", 2]}) == '{"a":["é",2],"b":1}'.encode("utf-8")


def test_citations_resolve(flow):
    assert flow.cite(flow.nodes["purpose"].sources) == [
        {"title": "A guide", "publisher": "A publisher", "year": 2018, "section": "Q1", "url": ""}
    ]
