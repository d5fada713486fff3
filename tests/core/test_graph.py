from decision_core import analyse, load_flow


def test_counts_and_paths(flow):
    analysis = analyse(flow)
    assert (analysis.questions, analysis.outcomes, analysis.path_count) == (3, 3, 7)
    assert analysis.outcomes_reached() == {"share", "no-share", "advice"}
    assert set(analysis.reachable) == set(flow.nodes)


def test_every_path_ends_at_an_outcome_and_replays(flow):
    for path in analyse(flow).paths:
        node = flow.start
        for question, value in path.steps:
            assert question == node
            node = flow.nodes[question].answer(value).next
        assert node == path.outcome
        assert flow.nodes[node].kind == "outcome"


def test_path_to_dict(flow):
    first = analyse(flow).paths[0]
    assert first.to_dict() == {"answers": [{"node": "purpose", "answer": "yes"},
                                           {"node": "consent", "answer": "yes"}],
                               "outcome": "share"}


def test_remaining_is_the_longest_route(flow):
    assert analyse(flow).remaining == {"purpose": 3, "consent": 2, "basis": 1,
                                       "share": 0, "no-share": 0, "advice": 0}


def test_analysis_to_dict(flow_dict):
    data = analyse(load_flow(flow_dict)).to_dict()
    assert data["path_count"] == len(data["paths"]) == 7
