"""Plain functions behind the plugin: placeholders, links, diagram layout, Markdown escaping."""

from __future__ import annotations

import pytest

from site_plugins.diagram import layout, text_outline
from site_plugins.flow_pages import md_text, predecessors, rewrite_links
from site_plugins.markdown_render import relative_url, render_markdown
from site_plugins.placeholders import PlaceholderError, placeholder_values, resolve_flow, resolve_markdown

VALUES = placeholder_values({"lado": {"phone": "0100", "email": None}, "emergency": {"phone": 999}},
                            {"partnership_name": "Testshire"})


def test_placeholder_values_are_flat_strings():
    assert VALUES == {"contacts.lado.phone": "0100", "contacts.emergency.phone": "999", "site.partnership_name": "Testshire"}


def test_markdown_placeholders_with_any_spacing():
    assert resolve_markdown("Call {{contacts.lado.phone}} or {{  site.partnership_name }}.", VALUES, "x.md") == \
        "Call 0100 or Testshire."


def test_every_unknown_placeholder_is_reported_with_its_line():
    with pytest.raises(PlaceholderError) as caught:
        resolve_markdown("a\n{{ contacts.lado.mobile }}\nb {{ site.name }}", VALUES, "content/p.md", first_line=5)
    assert [m.split(";")[0] for m in caught.value.messages] == [
        "content/p.md:6: unknown placeholder '{{ contacts.lado.mobile }}'",
        "content/p.md:7: unknown placeholder '{{ site.name }}'",
    ]
    assert "known placeholders: contacts.emergency.phone, contacts.lado.phone, site.partnership_name" in \
        caught.value.messages[0]


def test_flow_placeholders_report_the_key_path():
    flow = {"nodes": {"a": {"answers": [{"label": "{{ contacts.x }}"}]}}, "title": "{{ site.partnership_name }}"}
    with pytest.raises(PlaceholderError) as caught:
        resolve_flow(flow, VALUES, "flows/f.yaml")
    [message] = caught.value.messages
    assert message.startswith("flows/f.yaml: unknown placeholder '{{ contacts.x }}' in 'nodes.a.answers[0].label';")
    assert resolve_flow({"t": ["{{ site.partnership_name }}", 3]}, VALUES, "f") == {"t": ["Testshire", 3]}


def test_md_text_shows_markdown_characters_literally():
    html = render_markdown(md_text("Is *this* [a] <b>test</b> & #1_2?"), from_src_uri="index.md")
    assert html == "<p>Is *this* [a] &lt;b&gt;test&lt;/b&gt; &amp; #1_2?</p>"


def test_rewrite_links_only_touches_relative_targets():
    text = "[a](recording.md) [b](https://x.org/) [c](#top) [d](/abs/) ![e](img.png)"
    assert rewrite_links(text, "../../") == \
        "[a](../../recording.md) [b](https://x.org/) [c](#top) [d](/abs/) ![e](../../img.png)"


@pytest.mark.parametrize(("target", "page", "expected"), [
    ("recording.md", "flows/x/index.md", "../../recording/"),
    ("recording.md#what", "flows/x/q.md", "../../../recording/#what"),
    ("index.md", "flows/x/index.md", "../../"),
    ("flows/x/q.md", "flows/x/index.md", "q/"),
    ("https://www.gov.uk/", "flows/x/index.md", "https://www.gov.uk/"),
    ("#here", "flows/x/index.md", "#here"),
])
def test_relative_url(target, page, expected):
    assert relative_url(target, page) == expected


FLOW = {
    "id": "f", "title": "F", "start": "a",
    "nodes": {
        "a": {"kind": "question", "text": "A?", "answers": [
            {"label": "Yes", "value": "yes", "next": "b"}, {"label": "No", "value": "no", "next": "z"},
            {"label": "Maybe", "value": "maybe", "next": "z"}]},
        "b": {"kind": "question", "text": "B?", "answers": [
            {"label": "Yes", "value": "yes", "next": "y"}, {"label": "No", "value": "no", "next": "z"}]},
        "y": {"kind": "outcome", "decision": "share", "title": "Share"},
        "z": {"kind": "outcome", "decision": "do-not-share", "title": "Stop"},
    },
}


def test_predecessors_lists_each_parent_once():
    assert predecessors(FLOW) == {"a": [], "b": ["a"], "y": ["b"], "z": ["a", "b"]}


def test_layout_puts_nodes_in_rows_without_overlap_and_merges_answers():
    drawing = layout(FLOW)
    boxes = {k: v for k, v in drawing.boxes.items() if not v.dummy}
    assert [boxes[k].layer for k in "abyz"] == [0, 1, 2, 2]
    for first in boxes.values():
        for second in boxes.values():
            if first is not second and first.layer == second.layer:
                assert first.x + first.width <= second.x or second.x + second.width <= first.x
    labels = sorted(edge.label for edge in drawing.edges)
    assert labels == ["No", "No / Maybe", "Yes", "Yes"]
    long_edge = next(e for e in drawing.edges if e.source == "a" and e.target == "z")
    assert len(long_edge.points) == 3  # bends through one dummy point
    assert drawing.width > 0 and drawing.height > 0


def test_text_outline_describes_a_shared_node_once():
    outline = text_outline(FLOW, link=lambda n: f"{n}.md")
    assert outline.count("[B?](b.md)") == 1
    assert outline.count("[Stop](z.md)") == 3
    assert outline.splitlines()[0] == "- Question: [A?](a.md)"
