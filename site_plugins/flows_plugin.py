"""MkDocs plugin ``infoshare-flows``: the flowchart pages, diagrams and flows.json.

A thin adapter: the work happens in :mod:`site_plugins.flow_pages`,
:mod:`site_plugins.diagram` and :mod:`site_plugins.placeholders`, which take
plain dicts and return text, so they can be re-homed if MkDocs changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from site_plugins.flow_files import FlowFileError, load_flow_dir
from site_plugins.flow_pages import FLOWS_DIR, flow_files
from site_plugins.markdown_render import render_markdown
from site_plugins.placeholders import PlaceholderError, placeholder_values, resolve_flow, resolve_markdown
from site_plugins.site_config import infoshare_settings
from site_plugins.stepper_page import asset_files, render_act_now, render_stepper

__all__ = ["FlowsConfig", "FlowsPlugin"]

log = get_plugin_logger("infoshare.flows")

ASSETS_DIR = "assets/infoshare"


class FlowsConfig(base.Config):
    """Options of the ``infoshare-flows`` plugin."""

    enabled = c.Type(bool, default=True)
    """Generate the flowchart pages. Turn off only to preview guidance pages
    on their own; links to flowcharts will then be reported as broken."""

    flows_dir = c.Type(str, default="flows")
    """Folder of ``<id>.yaml`` flow files, relative to ``mkdocs.yml``."""

    flows_order = c.ListOfItems(c.Type(str), default=[])
    """Flow ids in the order the index page and the nav list them; flows not
    named here follow in alphabetical order."""

    flows_nav_title = c.Type(str, default="Flowcharts")
    """Title of the navigation section listing the flowcharts (added at the
    end of ``nav``; nothing is added when ``nav`` is not set)."""


class FlowsPlugin(BasePlugin[FlowsConfig]):
    """Load, check and publish every flow in ``flows_dir``."""

    def __init__(self) -> None:
        self.flows: list[dict[str, Any]] = []
        self.values: dict[str, str] = {}
        self.contacts: dict[str, Any] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Load flows before anything else, so a bad flow stops the build
        # before any page is rendered and the nav can list the flows.
        if not self.config.enabled:
            return None
        self.contacts, site = infoshare_settings(config.extra)
        self.values = placeholder_values(self.contacts, site)
        root = Path(config.config_file_path or ".").parent
        flows = load_flows(_short(root / self.config.flows_dir), self.values)
        self.flows = order_flows(flows, self.config.flows_order)
        log.info(f"Loaded {len(self.flows)} flowcharts from {self.config.flows_dir}/")
        if config.nav is not None:
            config.nav = [*config.nav, {self.config.flows_nav_title: flows_nav(self.flows)}]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        # Generated pages must be in the file list before MkDocs builds the
        # nav and resolves links, and on_files is the last point before that.
        if not self.config.enabled:
            return None
        for src_uri, content in generated_files(self.flows, self.contacts, config).items():
            in_nav = src_uri.endswith("/index.md") and src_uri.count("/") <= 2
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            _replace(files, File.generated(config, src_uri, content=content, inclusion=inclusion))
        for path in asset_files():
            _replace(files, File.generated(config, f"{ASSETS_DIR}/{path.name}", abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Placeholders in content pages are resolved here rather than in a
        # Markdown extension so the error can name the source file and line.
        if not self.config.enabled:
            return None
        source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        first_line = _body_first_line(page.file, markdown)
        try:
            for key, value in list((page.meta or {}).items()):
                if isinstance(value, str) and "{{" in value:
                    page.meta[key] = resolve_markdown(value, self.values, f"{source} (front matter '{key}')")
            return resolve_markdown(markdown, self.values, source, first_line)
        except PlaceholderError as error:
            raise PluginError("\n".join(error.messages)) from None


def load_flows(flows_dir: Path, values: dict[str, str]) -> list[dict[str, Any]]:
    """Every flow in ``flows_dir`` as a plain dict with placeholders resolved.

    Raises ``PluginError`` listing every ``file:line:col: message``.
    """
    try:
        loaded = load_flow_dir(flows_dir)
    except FlowFileError as error:
        raise PluginError("\n".join(error.messages)) from None
    flows, problems = [], []
    for item in loaded:
        try:
            flows.append(resolve_flow(item.data, values, str(_short(Path(item.path)))))
        except PlaceholderError as error:
            problems.extend(error.messages)
    if problems:
        raise PluginError("\n".join(problems))
    return flows


def order_flows(flows: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Flows in the configured order, then the rest by id."""
    rank = {flow_id: index for index, flow_id in enumerate(order)}
    return sorted(flows, key=lambda flow: (rank.get(flow["id"], len(rank)), flow["id"]))


def flows_nav(flows: list[dict[str, Any]]) -> list[Any]:
    """The Flowcharts nav section: the index page, then each flow's stepper page."""
    return [f"{FLOWS_DIR}/index.md", *({flow["title"]: f"{FLOWS_DIR}/{flow['id']}/index.md"} for flow in flows)]


def generated_files(flows: list[dict[str, Any]], contacts: dict[str, Any], config: MkDocsConfig) -> dict[str, str]:
    """Every generated file, ``{src_uri: text}``, including ``assets/infoshare/flows.json``."""
    from decision_core import DETAIL_FIELDS

    labels = {key: field.label for key, field in DETAIL_FIELDS.items()}

    def stepper(flow: dict[str, Any]) -> str:
        page = f"{FLOWS_DIR}/{flow['id']}/index.md"
        node_html = {
            node_id: render_markdown(
                node.get("body") or "",
                from_src_uri=page,
                extensions=config.markdown_extensions,
                extension_configs=config.mdx_configs,
                use_directory_urls=config.use_directory_urls,
            )
            for node_id, node in flow["nodes"].items()
            if node.get("kind") == "outcome"
        }
        return render_stepper(flow, node_html, contacts)

    try:
        act_now = render_act_now(contacts)
        files = flow_files(flows, stepper_html=stepper, act_now_html=act_now, field_labels=labels)
    except ValueError as error:
        raise PluginError(f"mkdocs.yml extra.infoshare or flows: {error}") from None
    # A partnership edition's identity travels into every record made with it.
    edition = ((config.extra or {}).get("infoshare") or {}).get("edition")
    files[f"{ASSETS_DIR}/flows.json"] = json.dumps({"flows": flows, "edition": edition}, ensure_ascii=False, indent=1)
    return files


def _replace(files: Files, file: File) -> None:
    # A stale copy (e.g. a hand-written page at the same path) must not win.
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def _short(path: Path) -> Path:
    """``path`` relative to the working folder when inside it, so errors read ``flows/x.yaml:3:1``."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _body_first_line(file: File, markdown: str) -> int:
    """Line number of the first line of ``markdown`` in its source (after the front matter)."""
    try:
        raw = file.content_string
    except (OSError, TypeError, ValueError):
        return 1
    if markdown and raw.endswith(markdown):
        return raw[: len(raw) - len(markdown)].count("\n") + 1
    return 1
