"""A real build of a small project: generated pages, links, failures."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_plugins.build import BuildError

TINY_NODES = ["first", "second", "go", "stop", "advice"]


class Links(HTMLParser):
    """Collects ``<a href>`` with their text, and the text of every heading."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._text).strip(), self._href))
            self._href = None


def links_of(html: str) -> dict[str, str]:
    """``{link text: href}`` for the page's article only (not the nav)."""
    article = html[html.index("<article"):html.index("</article>")]
    parser = Links()
    parser.feed(article)
    return dict(parser.links)


def target(page_url: str, href: str) -> str:
    """The site URL a relative link on ``page_url`` points to."""
    return posixpath.normpath(posixpath.join(page_url, href)) + "/"


def test_a_page_for_every_node_and_the_flow_pages(built):
    for node in TINY_NODES:
        assert (built.site / "flows/tiny" / node / "index.html").is_file(), node
    for url in ("flows", "flows/tiny", "flows/tiny/diagram"):
        assert (built.site / url / "index.html").is_file(), url
    assert (built.site / "flows/tiny/diagram.svg").is_file()
    for asset in ("stepper.js", "engine-worker.mjs", "stepper.css", "flows.json"):
        assert (built.site / "assets/infoshare" / asset).is_file(), asset


def test_static_answer_links_go_to_the_next_node_page(built):
    links = links_of(built.page("flows/tiny/second"))
    assert target("flows/tiny/second/", links["Yes"]) == "flows/tiny/go/"
    assert target("flows/tiny/second/", links["No"]) == "flows/tiny/stop/"
    assert target("flows/tiny/second/", links["Not sure"]) == "flows/tiny/advice/"
    assert target("flows/tiny/second/", links["Start again"]) == "flows/tiny/"


def test_back_link_to_the_only_parent(built):
    links = links_of(built.page("flows/tiny/go"))
    assert target("flows/tiny/go/", links["Back to the previous question: Is it safe to share?"]) == "flows/tiny/second/"


def test_back_links_to_every_possible_previous_question(built):
    html = built.page("flows/tiny/stop")
    links = links_of(html)
    assert "more than one question" in html
    assert target("flows/tiny/stop/", links["Is there a purpose?"]) == "flows/tiny/first/"
    assert target("flows/tiny/stop/", links["Is it safe to share?"]) == "flows/tiny/second/"


def test_the_first_question_has_no_back_link(built):
    assert "Back to the previous question" not in built.page("flows/tiny/first")


def test_outcome_page_shows_decision_body_actions_record_and_sources(built):
    html = built.page("flows/tiny/go")
    assert "Decision: Share" in html
    assert "Share only what is needed." in html
    assert "Record your decision and reasons" in html
    assert "Your reasons for the decision" in html  # a record field's label from decision_core
    assert "Immediate risk to a child? Act now" in html
    links = links_of(html)
    # Links in an outcome body are written relative to content/ and still work.
    assert target("flows/tiny/go/", links["recording"]) == "recording/"
    assert target("flows/tiny/go/", links["recording decisions"]) == "recording/"
    assert "Guide A</em>, Publisher A, 2018, section: Share box" in html


def test_question_page_resolves_placeholders_and_cites_sources(built):
    html = built.page("flows/tiny/first")
    assert "Think about Testshire partnership." in html
    assert "Guide A</em>, Publisher A, 2018, section: Question 1" in html
    # A source with a URL is linked, and the section falls back to the source's own.
    second = built.page("flows/tiny/second")
    assert '<a href="https://www.gov.uk/example"><em>Guide B</em></a>, Publisher B, 2024' in second
    assert target("flows/tiny/first/", links_of(html)["Recording decisions"]) == "recording/"


def test_flows_json_holds_resolved_flows(built):
    data = json.loads((built.site / "assets/infoshare/flows.json").read_text(encoding="utf-8"))
    assert data["edition"] is None
    [flow] = data["flows"]
    assert flow["id"] == "tiny"
    assert flow["nodes"]["advice"]["body"] == "Ask the test advice line."
    assert "{{" not in json.dumps(data)


def test_stepper_page_embeds_the_first_question_and_rendered_bodies(built):
    html = built.page("flows/tiny")
    assert "Is there a purpose?" in html
    assert 'data-flow="tiny"' in html
    # The outcome body is rendered at build time with links relative to this page.
    assert '<a href="../../recording/">recording</a>' in html
    assert "Call 999." in html


def test_flows_index_lists_each_flow_with_summary_and_start(built):
    html = built.page("flows")
    assert "A small flow used by the site tests." in html
    assert target("flows/", links_of(html)["Start: Can I share the tiny thing?"]) == "flows/tiny/"


def test_flowcharts_nav_section(built):
    home = built.page("")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index("md-sidebar--secondary")]
    assert "Flowcharts" in nav
    assert "Can I share the tiny thing?" in nav
    assert "Is it safe to share?" not in nav  # node pages are not in the nav


def test_last_reviewed_is_shown(built):
    assert re.search(r'Last reviewed:\s*<time datetime="2026-11-22">22 November 2026</time>', built.page(""))


def test_content_placeholders_are_resolved(built):
    html = built.page("")
    assert "Welcome to Testshire partnership. In an emergency call 999." in html
    assert "{{" not in html


def test_diagram_svg_and_text_alternative(built):
    svg = (built.site / "flows/tiny/diagram.svg").read_text(encoding="utf-8")
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Diagram of the flowchart: Can I share the tiny thing?"
    for text in ("Is there a purpose?", "SHARE", "DO NOT SHARE", "SEEK ADVICE", "Not sure"):
        assert text in svg
    assert "style=" not in svg  # would be blocked by the CSP when opened on its own
    html = built.page("flows/tiny/diagram")
    assert re.search(r'<img alt="Diagram of the flowchart[^"]+" class="infoshare-diagram" src="../diagram.svg"', html)
    assert "Text version" in html
    links = links_of(html)
    assert target("flows/tiny/diagram/", links["Is it safe to share?"]) == "flows/tiny/second/"
    assert target("flows/tiny/diagram/", links["Ask for advice"]) == "flows/tiny/advice/"


def test_a_bad_flow_fails_the_build_and_keeps_the_previous_site(project):
    project.build()
    before = (project.site / "index.html").read_text(encoding="utf-8")
    flow = project.root / "flows/tiny.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("next: advice", "next: advise"), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        project.build()
    assert any(re.search(r"flows/tiny\.yaml:\d+:\d+: .*advise", message) for message in caught.value.messages), \
        caught.value.messages
    assert (project.site / "index.html").read_text(encoding="utf-8") == before
    assert (project.site / "flows/tiny/advice/index.html").is_file()
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []


def test_every_problem_in_every_flow_file_is_reported(project):
    project.write("flows/other.yaml", "id: other\ntitle: [not, text]\n")
    flow = project.root / "flows/tiny.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("next: advice", "next: advise"), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        project.build()
    text = "\n".join(caught.value.messages)
    assert re.search(r"other\.yaml:\d+:\d+:", text) and re.search(r"tiny\.yaml:\d+:\d+:", text), text
    assert not project.site.exists()


def test_unknown_placeholder_in_a_page_names_file_line_and_known_names(project):
    project.write("content/about.md", "# About\n\nCall {{ contacts.lado.phon }} today.\n")
    with pytest.raises(BuildError) as caught:
        project.build()
    [message] = [m for m in caught.value.messages if "unknown placeholder" in m]
    assert message.startswith("content/about.md:3: unknown placeholder '{{ contacts.lado.phon }}'")
    assert "contacts.emergency.phone" in message and "site.partnership_name" in message


def test_unknown_placeholder_line_counts_the_front_matter(project):
    project.write("content/about.md", "---\ntitle: About\n---\n\n# About\n\n{{ site.nope }}\n")
    with pytest.raises(BuildError) as caught:
        project.build()
    assert any(m.startswith("content/about.md:7: unknown placeholder '{{ site.nope }}'") for m in caught.value.messages)


def test_unknown_placeholder_in_a_flow_names_the_key_path(project):
    flow = project.root / "flows/tiny.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("{{ contacts.advice_line.name }}",
                                                             "{{ contacts.advice.name }}"), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        project.build()
    [message] = [m for m in caught.value.messages if "unknown placeholder" in m]
    assert "tiny.yaml: unknown placeholder '{{ contacts.advice.name }}' in 'nodes.advice.body'" in message
    assert "contacts.advice_line.name" in message


def test_a_broken_link_fails_the_strict_build(project):
    project.write("content/about.md", "# About\n\nSee [nothing](missing.md).\n")
    with pytest.raises(BuildError) as caught:
        project.build()
    assert any("missing.md" in message for message in caught.value.messages)


def test_progress_is_reported(project):
    project.build()
    assert project.messages[0].startswith("Building the site")
    assert any("Loaded 1 flowcharts" in m for m in project.messages)
    assert project.messages[-1].startswith("Built the site")


def test_site_dir_that_is_a_file_is_refused(project):
    project.site.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BuildError, match="not a folder"):
        project.build()
    assert project.site.read_text(encoding="utf-8") == "not a folder"


def test_missing_config_file(tmp_path: Path):
    from site_plugins.build import build_site

    with pytest.raises(BuildError, match="no such config file"):
        build_site(tmp_path / "site", tmp_path / "nope.yml", progress=lambda m: None)


def test_without_strict_a_warning_is_reported_once_and_the_build_succeeds(project):
    project.write("content/about.md", "# About\n\nSee [nothing](missing.md).\n")
    project.build(strict=False)
    warnings = [m for m in project.messages if m.startswith("WARNING:")]
    assert len(warnings) == 1 and "missing.md" in warnings[0]
    assert (project.site / "about/index.html").is_file()
