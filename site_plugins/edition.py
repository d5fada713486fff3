"""Editions: the national portal, or a partnership's branded copy of it.

One place decides what an edition is made of — which flows (national ones, then
the partnership's overlay, same id replaces), which pages, which contacts fill
the placeholders, and what every record carries — so the site build and the
``infoshare`` CLI always see the same flow wording and therefore the same digests.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from decision_core import Flow, Problem

from .flow_files import FlowFileError, LoadedFlow, load_flow_files
from .partnership import Partnership, PartnershipError, load_partnership
from .placeholders import PlaceholderError, placeholder_values, resolve_markdown, resolve_strings

__all__ = ["Edition", "EditionError", "load_edition", "page_problems", "stage_partnership_site"]

PARTNERSHIP_ASSETS = "assets/partnership"


class EditionError(Exception):
    """The edition cannot be assembled; ``messages`` holds one line per problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


def _read_config(config_file: Path) -> dict:
    try:
        data = YAML(typ="safe").load(config_file.read_text(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - any parse failure is one line for the user
        raise EditionError([f"{config_file}: cannot read the site config: {exc}"]) from None
    if not isinstance(data, dict):
        raise EditionError([f"{config_file}: the site config must be a mapping"])
    return data


def _plugin_options(config: dict, name: str) -> dict:
    for entry in config.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return {}


@dataclass
class Edition:
    """What one edition is made of. Build one with :func:`load_edition`."""

    root: Path
    config_file: Path | None
    config: dict
    partnership: Partnership | None
    contacts: dict = field(default_factory=dict)
    site: dict = field(default_factory=dict)
    flows_override: Path | None = None

    @property
    def values(self) -> dict[str, str]:
        return placeholder_values(self.contacts, self.site)

    @property
    def record_edition(self) -> dict | None:
        """What records made with this edition carry (``None`` for the national edition)."""
        return self.partnership.edition if self.partnership else None

    @property
    def docs_dir(self) -> Path:
        return self.root / self.config.get("docs_dir", "docs")

    @property
    def flows_dir(self) -> Path:
        if self.flows_override is not None:
            return self.flows_override
        return self.root / _plugin_options(self.config, "infoshare-flows").get("flows_dir", "flows")

    def flow_paths(self) -> list[Path]:
        """National flow files, with the partnership's files replacing those of the same id."""
        chosen: dict[str, Path] = {}
        dirs = [self.flows_dir] + ([self.partnership.flows_dir] if self.partnership else [])
        for folder in dirs:
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    if path.suffix in (".yaml", ".yml") and path.is_file():
                        chosen[path.stem] = path
        return [chosen[k] for k in sorted(chosen)]

    def resolve(self, data: dict, positions: Any = None) -> list[Problem]:
        """Fill placeholders in every string of a flow dict, in place; unknown ones are problems."""
        if self.config_file is None:
            return []
        values = self.values
        resolved, unknown = resolve_strings(data, values)
        data.clear()
        data.update(resolved)
        known = ", ".join(sorted(values)) or "none"
        return [Problem(path, "unknown_placeholder",
                        f"unknown placeholder '{{{{ {name} }}}}' (known: {known})")
                for path, name in unknown]

    def load_flows(self) -> list[LoadedFlow]:
        """Every flow of the edition, placeholders filled, validated; FlowFileError otherwise."""
        paths = self.flow_paths()
        if not paths:
            raise FlowFileError([f"{self.flows_dir}: no flow files (*.yaml) found"])
        return load_flow_files(paths, self.resolve)

    def flows(self) -> list[Flow]:
        return [item.flow for item in self.load_flows()]


def load_edition(config_file: str | Path = "mkdocs.yml",
                 partnership: str | Path | None = None) -> Edition:
    """The edition described by ``config_file`` (and a partnership folder, if given).

    Without a config file, flows are used exactly as written (placeholders untouched).
    """
    config_path = Path(config_file)
    try:
        part = load_partnership(partnership) if partnership is not None else None
    except PartnershipError as exc:
        raise EditionError(exc.messages) from None
    if not config_path.is_file():
        return Edition(root=Path("."), config_file=None, config={}, partnership=part)
    config = _read_config(config_path)
    infoshare = ((config.get("extra") or {}).get("infoshare") or {})
    contacts = dict(infoshare.get("contacts") or {})
    site = dict(infoshare.get("site") or {})
    if part is not None:
        # A contact detail the partnership leaves out keeps the neutral national wording,
        # so every placeholder the national pages use still has a value.
        contacts = {name: {**(contacts.get(name) or {}), **(part.contacts.get(name) or {})}
                    for name in {**contacts, **part.contacts}}
        site = {**site, "partnership_name": part.name, "partnership_short_name": part.short_name}
    return Edition(root=config_path.parent, config_file=config_path, config=config,
                   partnership=part, contacts=contacts, site=site)


# -- staging a partnership build ------------------------------------------------------------


def _overlay(source: Path, overlay: Path, target: Path) -> list[str]:
    """Copy ``source`` to ``target``, then ``overlay`` on top; return the pages the overlay added."""
    shutil.copytree(source, target)
    added: list[str] = []
    if overlay.is_dir():
        for path in sorted(overlay.rglob("*")):
            if path.is_file():
                relative = path.relative_to(overlay)
                destination = target / relative
                if not destination.exists() and path.suffix == ".md":
                    added.append(relative.as_posix())
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
    return added


def _partnership_css(p: Partnership) -> str:
    return (
        "/* Generated from partnership.yml: the edition's colours. */\n"
        ":root, [data-md-color-scheme=\"default\"] {\n"
        f"  --md-primary-fg-color: {p.primary};\n"
        f"  --md-primary-fg-color--light: {p.primary};\n"
        f"  --md-primary-fg-color--dark: {p.primary};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        f"  --md-accent-fg-color: {p.accent};\n"
        f"  --md-typeset-a-color: {p.accent};\n"
        "}\n"
    )


def _procedures_page(p: Partnership) -> str:
    lines = ["---", "title: Local procedures and documents",
             f"description: Documents {json.dumps(p.short_name)} has published on sharing "
             "information.", "---", "", "# Local procedures and documents", "",
             f"These are {p.name}'s own documents. The national guidance in this portal "
             "still applies alongside them.", ""]
    for item in p.procedures:
        title = f"[{item.title}]({item.url})" if item.url else item.title
        lines.append(f"- **{title}**" + (f": {item.description}" if item.description else ""))
    lines += ["", "## Sources", "", f"- {p.name}, partnership edition {p.edition_version}.", ""]
    return "\n".join(lines)


def page_problems(edition: Edition) -> list[str]:
    """Unknown placeholders in the edition's pages, at the page's real file and line.

    Checked before staging so a message names the partnership's own file, not a
    temporary copy.
    """
    values = edition.values
    sources = [edition.docs_dir] + ([edition.partnership.content_dir] if edition.partnership else [])
    messages: list[str] = []
    for folder in sources:
        if folder.is_dir():
            for page in sorted(folder.rglob("*.md")):
                try:
                    resolve_markdown(page.read_text(encoding="utf-8"), values, str(page))
                except PlaceholderError as error:
                    messages.extend(error.messages)
    return messages


NATION_NAMES = {"wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def _add_nation_notice(home: Path, p: Partnership) -> None:
    """The national guidance is written for England; say so plainly on an edition elsewhere."""
    text = home.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    heading = text.index("\n", text.index("# ", end)) + 1
    nation = NATION_NAMES[p.nation]
    notice = (f'\n!!! warning "Written for England"\n'
              f"    The national guidance in this portal describes the law and guidance in "
              f"England. {p.short_name} works in {nation}, where some of the law, the statutory "
              f"guidance and the procedures differ. Check with your safeguarding lead or data "
              f"protection officer before you rely on it.\n\n")
    home.write_text(text[:heading] + notice + text[heading:], encoding="utf-8")


def stage_partnership_site(edition: Edition, staging: Path) -> Path:
    """Write a complete MkDocs project for a partnership edition into ``staging``.

    Returns the staged config file. The national project is not touched: pages
    and flows are copied, the partnership's overlays laid on top, and the config
    rewritten with the edition's name, look, contacts and record identity.
    """
    p = edition.partnership
    assert p is not None and edition.config_file is not None
    docs = staging / "docs"
    added = _overlay(edition.docs_dir, p.content_dir, docs)
    flows = staging / "flows"
    flows.mkdir(parents=True)
    for path in edition.flow_paths():
        shutil.copy2(path, flows / f"{path.stem}.yaml")
    assets = docs / PARTNERSHIP_ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(p.logo, assets / f"logo{p.logo.suffix}")
    if p.favicon:
        shutil.copy2(p.favicon, assets / f"favicon{p.favicon.suffix}")
    (assets / "partnership.css").write_text(_partnership_css(p), encoding="utf-8")
    if p.nation != "england":
        _add_nation_notice(docs / "index.md", p)
    if p.procedures and not (docs / "local-documents.md").exists():
        (docs / "local-documents.md").write_text(_procedures_page(p), encoding="utf-8")
        added.append("local-documents.md")

    config = json.loads(json.dumps(edition.config))  # a deep, plain copy
    config["site_name"] = p.name
    config["docs_dir"] = str(docs)
    if p.site_url:
        config["site_url"] = p.site_url
    if p.footer:
        config["copyright"] = p.footer
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((edition.root / theme["custom_dir"]).resolve())
    theme["logo"] = f"{PARTNERSHIP_ASSETS}/logo{p.logo.suffix}"
    if p.favicon:
        theme["favicon"] = f"{PARTNERSHIP_ASSETS}/favicon{p.favicon.suffix}"
    theme["palette"] = {**(theme.get("palette") or {}), "primary": "custom", "accent": "custom"}
    config["theme"] = theme
    config["extra_css"] = [*(config.get("extra_css") or []), f"{PARTNERSHIP_ASSETS}/partnership.css"]
    extra = dict(config.get("extra") or {})
    extra["infoshare"] = {**(extra.get("infoshare") or {}), "contacts": edition.contacts,
                          "site": edition.site, "edition": p.edition}
    config["extra"] = extra
    plugins = []
    for entry in config.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "infoshare-flows":
            options = {} if isinstance(entry, str) else dict(entry[name] or {})
            entry = {name: {**options, "flows_dir": str(flows)}}
        plugins.append(entry)
    config["plugins"] = plugins
    if added and isinstance(config.get("nav"), list):
        config["nav"] = [*config["nav"], {"Local information": added}]
    staged = staging / "mkdocs.yml"
    with staged.open("w", encoding="utf-8") as out:
        YAML(typ="safe").dump(config, out)
    return staged
