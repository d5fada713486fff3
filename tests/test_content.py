"""The guidance pages: each has its front matter, a Sources section that cites real
documents with a year, and links to the flowcharts where a decision is involved."""

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "content").glob("*.md")) + sorted((ROOT / "partnerships").glob("*/content/*.md"))
YEAR = re.compile(r"\b(19|20)\d{2}\b")
# Pages that explain a decision the flowcharts help with.
DECISION_PAGES = {"index", "consent", "lawful-bases", "police-requests", "recording",
                  "confidentiality", "data-protection", "golden-rules", "sharing-securely"}


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    head, body = text[4:].split("\n---\n", 1)
    return YAML(typ="safe").load(head), body


@pytest.fixture(params=PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def md_page(request):
    return request.param


def test_front_matter(md_page):
    meta, body = front_matter(md_page)
    assert meta.get("title") and meta.get("description")
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", str(meta.get("last_reviewed"))), \
        f"{md_page.name}: last_reviewed must be a date"
    assert body.lstrip().startswith(f"# {meta['title']}")


def test_sources_section_cites_documents_with_years(md_page):
    _, body = front_matter(md_page)
    assert "\n## Sources\n" in body, f"{md_page.name}: no '## Sources' section"
    sources = body.split("\n## Sources\n", 1)[1]
    sources = sources.split("\n## ", 1)[0]  # up to the next section, if any
    items = re.split(r"\n- ", "\n" + sources)[1:]  # an item may wrap onto several lines
    assert items, f"{md_page.name}: the Sources section lists nothing"
    assert any(YEAR.search(item) for item in items), f"{md_page.name}: no source has a year"


def test_decision_pages_link_to_a_flowchart():
    for name in DECISION_PAGES:
        body = (ROOT / "content" / f"{name}.md").read_text(encoding="utf-8")
        assert "flows/" in body, f"{name}.md does not link to any flowchart"


def test_every_flowchart_is_linked_from_the_home_page():
    home = (ROOT / "content" / "index.md").read_text(encoding="utf-8")
    for flow in sorted((ROOT / "flows").glob("*.yaml")):
        assert f"flows/{flow.stem}/index.md" in home, f"home page has no start link for {flow.stem}"


@pytest.mark.parametrize("topic, page", [
    ("consent", "consent.md"), ("Gillick", "consent.md"), ("police", "police-requests.md"),
    ("special category", "lawful-bases.md"), ("recording", "recording.md"),
    ("golden rules", "golden-rules.md")])
def test_each_topic_has_a_heading_the_search_finds(topic, page):
    headings = [line for line in (ROOT / "content" / page).read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    assert any(topic.lower() in h.lower() for h in headings), f"no heading about {topic} in {page}"
