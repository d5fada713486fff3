"""A small project (config, pages, one flow) built for real into ``tmp_path``.

Like mkdocstrings' tests: the config is a dict turned into a ``mkdocs.yml``,
and the build is the real ``build_site``. The project's own ``overrides/`` are
used so the templates under test are the shipped ones. The Pyodide plugin is
left out: it has its own tests, and these must not need the runtime.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]

TINY_FLOW = """\
id: tiny
title: Can I share the tiny thing?
version: 1.0.0
summary: A small flow used by the site tests.
sources:
  - id: src-a
    title: "Guide A"
    publisher: Publisher A
    year: 2018
    section: Whole guide
  - id: src-b
    title: "Guide B"
    publisher: Publisher B
    year: 2024
    url: https://www.gov.uk/example
start: first
nodes:
  first:
    kind: question
    text: Is there a purpose?
    hint: "Think about {{ site.partnership_name }}."
    answers:
      - {label: "Yes", value: "yes", next: second}
      - {label: "No", value: "no", next: stop}
    sources:
      - {source: src-a, section: "Question 1"}
    related:
      - {title: Recording decisions, page: recording.md}
  second:
    kind: question
    text: Is it safe to share?
    answers:
      - {label: "Yes", value: "yes", next: go}
      - {label: "No", value: "no", next: stop}
      - {label: "Not sure", value: "not-sure", next: advice}
    sources:
      - {source: src-b}
  go:
    kind: outcome
    decision: share
    title: You can share it
    body: |
      Share it, and see [recording](recording.md). Call {{ contacts.emergency.phone }}.
    actions:
      - Share only what is needed.
    record_fields: [reasons, shared.what]
    sources: [{source: src-a, section: "Share box"}]
  stop:
    kind: outcome
    decision: do-not-share
    title: Do not share it
    body: Do not share.
    record_fields: [reasons]
    sources: [{source: src-a}]
  advice:
    kind: outcome
    decision: seek-advice
    title: Ask for advice
    body: Ask {{ contacts.advice_line.name }}.
    record_fields: [reasons]
    sources: [{source: src-b, section: "Advice"}]
"""

CONTACTS = {
    "emergency": {"phone": "999"},
    "police_non_emergency": {"phone": "101"},
    "front_door": {"name": "Test front door", "phone": "0100 000 0000",
                   "out_of_hours": "0100 000 0001", "url": "https://www.gov.uk/report-child-abuse-to-local-council"},
    "advice_line": {"name": "the test advice line", "phone": "0100 000 0002"},
}

PAGES = {
    "index.md": """\
        ---
        title: Home
        last_reviewed: 2026-11-22
        ---

        # Home

        Welcome to {{ site.partnership_name }}. In an emergency call {{ contacts.emergency.phone }}.

        [Start the tiny flow](flows/tiny/index.md)
        """,
    "recording.md": "# Recording decisions\n\nWrite it down.\n",
    "about.md": "# About\n\n| Left | Right |\n|:-----|------:|\n| a | b |\n",
}


def project_config(root: Path, **changes: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "site_name": "Test portal",
        "docs_dir": "content",
        "strict": True,
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False,
                  "features": ["navigation.sections", "navigation.indexes", "search.suggest"]},
        "markdown_extensions": ["admonition", "attr_list", "def_list", {"tables": {"use_align_attribute": True}},
                                {"toc": {"permalink": True}}, "pymdownx.details", "pymdownx.superfences"],
        "plugins": ["search", {"infoshare-flows": {"flows_dir": "flows"}}],
        "extra_css": ["assets/portal/portal.css"],
        "extra": {"generator": False,
                  "infoshare": {"site": {"partnership_name": "Testshire partnership"}, "contacts": CONTACTS}},
        "nav": [{"Home": "index.md"}, {"About": "about.md"}, {"Guidance": ["recording.md"]}],
        "validation": {"links": {"absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"}},
    }
    config.update(changes)
    return config


class Project:
    """A throwaway project folder: write files, build, read the result."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "site"
        self.config_file = root / "mkdocs.yml"
        self.messages: list[str] = []
        root.mkdir(parents=True, exist_ok=True)
        self.write_config(project_config(root))
        for name, text in PAGES.items():
            self.write(f"content/{name}", textwrap.dedent(text))
        self.write("flows/tiny.yaml", TINY_FLOW)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def write_config(self, config: dict[str, Any]) -> None:
        # JSON is YAML, and avoids depending on a YAML writer.
        self.config_file.write_text(json.dumps(config, indent=1), encoding="utf-8")

    def build(self, **overrides: Any) -> Path:
        from site_plugins.build import build_site

        return build_site(self.site, self.config_file, progress=self.messages.append, **overrides)

    def page(self, url: str) -> str:
        """The HTML of a page by its site URL, e.g. ``flows/tiny/first/``."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One build of the small project shared by the read-only tests of a module."""
    project = Project(tmp_path_factory.mktemp("built") / "project")
    project.build()
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own mkdocs.yml, content and flows, built without the Pyodide runtime."""
    import yaml  # PyYAML comes with MkDocs

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "content")
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    plugins = []
    for plugin in config["plugins"]:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        options = {} if isinstance(plugin, str) else dict(plugin[name] or {})
        if name == "infoshare-flows":
            options["flows_dir"] = str(REPO / "flows")
        if name == "infoshare-pyodide":
            options["enabled"] = False
        plugins.append({name: options})
    config["plugins"] = plugins
    root = tmp_path_factory.mktemp("real")
    config_file = root / "mkdocs.yml"
    config_file.write_text(json.dumps(config, default=str), encoding="utf-8")
    from site_plugins.build import build_site

    return build_site(root / "site", config_file, progress=lambda message: None)


ReadPage = Callable[[str], str]
