"""The stepper page's HTML: first question, link fallback, templates, Act now."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from site_plugins.stepper_page import asset_files, render_act_now, render_stepper

CONTACTS = {
    "emergency": {"phone": "999"},
    "front_door": {
        "name": "Children's Front Door",
        "phone": "0300 123 4567",
        "out_of_hours": "0300 765 4321",
        "url": "https://example.org/front-door",
    },
}


def make_flow(**changes) -> dict:
    flow = {
        "id": "share-information",
        "title": "Should I share this information?",
        "version": "1.0.0",
        "summary": "Helps decide.",
        "sources": [{"id": "hmg-2018", "title": "Information sharing", "publisher": "HM Government",
                     "year": 2018}],
        "start": "purpose",
        "nodes": {
            "purpose": {
                "kind": "question",
                "text": "Is there a clear and legitimate purpose for sharing?",
                "hint": "Think about why the other agency needs it.",
                "answers": [
                    {"label": "Yes", "value": "yes", "next": "share"},
                    {"label": "No", "value": "no", "next": "do-not-share"},
                ],
                "sources": [{"source": "hmg-2018"}],
                "related": [{"title": "Lawful bases", "page": "lawful-bases.md"}],
            },
            "share": {"kind": "outcome", "decision": "share", "title": "You can share",
                      "body": "Go ahead.", "sources": [{"source": "hmg-2018"}]},
            "do-not-share": {"kind": "outcome", "decision": "do-not-share",
                             "title": "Do not share", "body": "Stop.",
                             "sources": [{"source": "hmg-2018"}]},
        },
    }
    flow.update(changes)
    return flow


NODE_HTML = {"share": "<p>Go <strong>ahead</strong>.</p>", "do-not-share": "<p>Stop.</p>"}


class Tree(HTMLParser):
    """A tiny DOM: enough to ask which elements exist with which attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict, list[str]]] = []  # tag, attrs, ancestors
        self.stack: list[str] = []
        self.text: dict[int, str] = {}
        self.open: list[int] = []

    VOID = {"input", "link", "br", "img", "meta", "hr"}

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            self.open.pop()
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        for index in self.open:
            self.text[index] = self.text.get(index, "") + data

    def find(self, tag, **attrs):
        return [
            (i, a, anc) for i, (t, a, anc) in enumerate(self.elements)
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def text_of(self, index):
        return " ".join(self.text.get(index, "").split())


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


@pytest.fixture
def page() -> str:
    return render_stepper(make_flow(), NODE_HTML, CONTACTS)


def test_first_question_is_a_fieldset_with_the_question_as_h1(page):
    tree = parse(page)
    headings = tree.find("h1")
    assert {tree.text_of(i) for i, _, _ in headings} == {
        "Is there a clear and legitimate purpose for sharing?"}
    form_heading = [h for h in headings if "legend" in h[2]]
    assert form_heading and "fieldset" in form_heading[0][2]
    (hint,) = tree.find("div", id="infoshare-q-hint")
    assert tree.text_of(hint[0]) == "Think about why the other agency needs it."
    (fieldset,) = tree.find("fieldset")
    assert fieldset[1]["aria-describedby"] == "infoshare-q-hint"
    assert "Question 1" in page


def test_every_radio_has_a_label(page):
    tree = parse(page)
    radios = tree.find("input", type="radio")
    assert [r[1]["value"] for r in radios] == ["yes", "no"]
    for _, attrs, _ in radios:
        assert attrs["name"] == "answer"
        (label,) = tree.find("label", for_=attrs["id"])
        assert tree.text_of(label[0]) in {"Yes", "No"}
    (button,) = tree.find("button", type="submit")
    assert tree.text_of(button[0]) == "Continue"


def test_radio_form_is_hidden_until_javascript_and_links_work_without_it(page):
    tree = parse(page)
    (form,) = tree.find("form")
    assert "hidden" in form[1]
    links = tree.find("a", **{"class": "infoshare-answer-link"})
    assert [(a["href"], tree.text_of(i)) for i, a, _ in links] == [
        ("share/", "Yes"), ("do-not-share/", "No")]
    for i, _, ancestors in links:
        assert "form" not in ancestors


def test_template_for_each_outcome_holds_its_rendered_body(page):
    assert ('<template class="infoshare-outcome-body" data-node="share">'
            "<p>Go <strong>ahead</strong>.</p></template>") in page
    assert 'data-node="do-not-share"><p>Stop.</p></template>' in page
    assert page.count("<template") == 2


def test_missing_outcome_body_is_an_error_naming_the_node():
    with pytest.raises(ValueError, match=r"nodes\.do-not-share.*share-information"):
        render_stepper(make_flow(), {"share": "<p>x</p>"}, CONTACTS)


def test_data_attributes_carry_flow_and_relative_asset_urls(page):
    tree = parse(page)
    (root,) = tree.find("div", id="infoshare-stepper")
    attrs = root[1]
    assert attrs["markdown"] == "0"
    assert attrs["data-flow"] == "share-information"
    assert attrs["data-worker"] == "../../assets/infoshare/engine-worker.mjs"
    assert attrs["data-site-root"] == "../../"
    (script,) = tree.find("script", type="module")
    assert script[1]["src"] == "../../assets/infoshare/stepper.js"
    assert {a["href"] for _, a, _ in tree.find("link")} == {
        "../../assets/infoshare/stepper.css", "../../assets/infoshare/print.css"}


def test_no_inline_script_and_no_other_origin(page):
    tree = parse(page)
    for i, attrs, _ in tree.find("script"):
        assert "src" in attrs or attrs.get("type") == "application/json"
    assert "http://" not in page
    assert "https://" not in page.replace("https://example.org/front-door", "")
    assert " on" not in "".join(f" {k}" for _, a, _ in tree.elements for k in a)


def test_related_pages_map_to_directory_urls(page):
    assert '{"lawful-bases.md": "../../lawful-bases/"}' in page


def test_custom_asset_base_moves_every_url():
    html = render_stepper(make_flow(), NODE_HTML, CONTACTS, asset_base="../../../assets")
    assert 'data-worker="../../../assets/infoshare/engine-worker.mjs"' in html
    assert 'data-site-root="../../../"' in html


def test_text_from_the_flow_is_escaped():
    flow = make_flow(title='A "quoted" <title>')
    flow["nodes"]["purpose"]["text"] = "Is <script>alert(1)</script> & it ok?"
    flow["nodes"]["purpose"]["hint"] = "<b>bold</b>"
    flow["nodes"]["purpose"]["answers"][0]["label"] = "Yes <i>really</i>"
    html = render_stepper(flow, NODE_HTML, CONTACTS)
    assert "<script>alert" not in html
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; it ok?" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "Yes &lt;i&gt;really&lt;/i&gt;" in html
    assert 'data-flow-title="A &quot;quoted&quot; &lt;title&gt;"' in html


def test_links_json_cannot_close_its_script_element():
    flow = make_flow()
    flow["nodes"]["purpose"]["related"] = [{"title": "x", "page": "a</script>.md"}]
    html = render_stepper(flow, NODE_HTML, CONTACTS)
    assert "a</script>" not in html


def test_survives_markdown_unchanged(page):
    md = markdown.Markdown(extensions=["md_in_html", "attr_list"])
    out = md.convert("Intro\n\n" + page + "\n")
    assert "<p>Go <strong>ahead</strong>.</p></template>" in out
    assert out.count('type="radio"') == 2
    assert "<p><template" not in out and "<p><div" not in out


def test_start_node_that_is_an_outcome_links_to_its_page():
    flow = make_flow(start="share")
    html = render_stepper(flow, NODE_HTML, CONTACTS)
    assert '<a href="share/">' in html
    assert "<form" not in html


# -- Act now --------------------------------------------------------------------


def test_act_now_has_emergency_and_front_door_numbers_as_tel_links():
    html = render_act_now(CONTACTS)
    assert "Immediate risk to a child? Act now" in html
    assert '<a href="tel:999">999</a>' in html
    assert "Children&#x27;s Front Door" in html
    assert '<a href="tel:03001234567">0300 123 4567</a>' in html
    assert '<a href="tel:03007654321">0300 765 4321</a>' in html
    assert '<a href="https://example.org/front-door">' in html


def test_act_now_is_in_the_stepper_page(page):
    assert render_act_now(CONTACTS) in page


def test_act_now_escapes_contacts_and_refuses_non_https_urls():
    contacts = {
        "emergency": {"phone": "999"},
        "front_door": {"name": "<b>Door</b>", "phone": "call <now>",
                       "url": "javascript:alert(1)"},
    }
    html = render_act_now(contacts)
    assert "&lt;b&gt;Door&lt;/b&gt;" in html
    assert "call &lt;now&gt;" in html and "tel:" in html  # only 999 is a link
    assert html.count("tel:") == 1
    assert "javascript:" not in html


def test_act_now_optional_out_of_hours():
    contacts = {"emergency": {"phone": "999"},
                "front_door": {"name": "Door", "phone": "0300 000 0000"}}
    html = render_act_now(contacts)
    assert "out of hours" not in html


@pytest.mark.parametrize("group,key", [("emergency", "phone"), ("front_door", "name"),
                                       ("front_door", "phone")])
def test_act_now_missing_contact_names_the_key(group, key):
    contacts = {g: dict(v) for g, v in CONTACTS.items()}
    del contacts[group][key]
    with pytest.raises(ValueError, match=rf"contacts\.{group}\.{key}"):
        render_act_now(contacts)


def test_asset_files_exist():
    names = {p.name for p in asset_files()}
    assert names == {"stepper.js", "engine-worker.mjs", "stepper.css", "print.css"}
    assert all(p.is_file() for p in asset_files())
