"""The built site asks nothing of any other origin and obeys its own CSP.

Run over the small test project and over the project's real content and
flows (without the Pyodide runtime, which has its own tests).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_plugins.site_config import CONTENT_SECURITY_POLICY

REPO = Path(__file__).resolve().parents[2]

# Attributes that make the browser fetch something (an <a href> does not).
FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
            ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
            ("object", "data"), ("input", "src"), ("track", "src"), ("image", "href"), ("use", "href")}
EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")


class PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in FETCHING or (name == "href" and tag == "link"):
                if EXTERNAL.match(value):
                    self.problems.append(f"<{tag} {name}={value!r}> loads from another origin")
            if name in ("href", "src", "srcset") and value.startswith("/") and not value.startswith("//"):
                self.problems.append(f"<{tag} {name}={value!r}> is an absolute path (breaks under a sub-path)")
            if name == "style":
                self.problems.append(f"<{tag} style=...> is an inline style the CSP blocks")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> is an inline handler the CSP blocks")
            if name == "href" and value.lower().startswith("javascript:"):
                self.problems.append(f"<{tag} href=javascript:...> is blocked by the CSP")
        if tag == "meta":
            self.metas.append(attributes)
        if tag == "style":
            self.problems.append("<style> element: the CSP (style-src 'self') blocks it")
        if tag == "script":
            self._in_script = attributes
            if attributes.get("src") is None and attributes.get("type") not in ("application/json",):
                self.problems.append("inline <script>: the CSP (script-src 'self') blocks it")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def scan(site: Path) -> dict[str, list[str]]:
    found = {}
    for path in html_files(site):
        parser = PageScan()
        parser.feed(path.read_text(encoding="utf-8"))
        if path.relative_to(site) == Path("404.html"):
            # The 404 page is served at any depth, so MkDocs gives it
            # root-absolute URLs (from site_url's path when set); see
            # docs/decisions/0001-static-site.md.
            parser.problems = [p for p in parser.problems if "absolute path" not in p]
        csp = [m.get("content") for m in parser.metas if m.get("http-equiv") == "Content-Security-Policy"]
        referrer = [m.get("content") for m in parser.metas if m.get("name") == "referrer"]
        if csp != [CONTENT_SECURITY_POLICY]:
            parser.problems.append(f"Content-Security-Policy meta is {csp!r}")
        if referrer != ["no-referrer"]:
            parser.problems.append(f"referrer meta is {referrer!r}")
        if parser.problems:
            found[str(path.relative_to(site))] = parser.problems
    return found


def check_css(site: Path) -> list[str]:
    problems = []
    for path in site.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"url\(\s*['\"]?([^'\")]*)", text):
            if EXTERNAL.match(match.group(1)):
                problems.append(f"{path.relative_to(site)}: url({match.group(1)})")
        if "@import" in text:
            problems.append(f"{path.relative_to(site)}: @import")
    return problems


def check_own_js(site: Path) -> list[str]:
    problems = []
    for folder in ("assets/infoshare", "assets/portal"):
        for path in sorted((site / folder).glob("*js")):
            for url in re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s'\"`)]*", path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(site)}: {url}")
    return problems


@pytest.fixture(params=["small", "real"])
def site(request) -> Path:
    return request.getfixturevalue("built").site if request.param == "small" else request.getfixturevalue("real_site")


def test_every_page_has_the_csp_and_loads_only_from_this_origin(site):
    assert html_files(site)
    assert scan(site) == {}


def test_css_loads_nothing_from_other_origins(site):
    assert check_css(site) == []


def test_our_javascript_names_no_other_origin(site):
    assert check_own_js(site) == []


def test_nothing_triggers_material_external_features(site):
    # Material's bundle can fetch GitHub repo facts (with repo_url) and
    # Mermaid from unpkg (for "mermaid" blocks). Neither may be switched on;
    # the CSP would block them anyway.
    for path in html_files(site):
        html = path.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, path
        assert "md-source" not in html, path
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path


def test_template_and_server_share_one_policy():
    template = (REPO / "overrides/main.html").read_text(encoding="utf-8")
    assert f'content="{CONTENT_SECURITY_POLICY}"' in template


def test_the_real_config_turns_off_web_fonts_and_keeps_urls_relative():
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    assert "site_url" not in config and "repo_url" not in config
    assert config["theme"]["custom_dir"] == "overrides"
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "infoshare-flows", "infoshare-pyodide"]
