"""Partnership editions: read and check ``partnerships/<name>/partnership.yml``.

A local safeguarding partnership describes its edition in one YAML file: its
name, look, contacts and local procedures. Every problem is reported at once as
``file:line:col: message`` with what to fix, before anything is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_core.problems import Problem, join_path

from .flow_files import FlowFileError, Positions, position_of, read_yaml

__all__ = ["Partnership", "PartnershipError", "load_partnership", "contrast_ratio", "scaffold_partnership",
           "CONFIG_NAME", "NATIONS"]

CONFIG_NAME = "partnership.yml"
NATIONS = ("england", "wales", "scotland", "northern-ireland")
ID = re.compile(r"^[a-z][a-z0-9-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{1,18}[0-9]$")
URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?(/[^\s]*)?$")
EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$")
AA_TEXT = 4.5
IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico")

# Each contact: which keys it may have, and which it must have.
CONTACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "emergency": (("phone",), ("phone",)),
    "front_door": (("name", "phone", "out_of_hours", "url", "email"), ("name", "phone", "out_of_hours")),
    "police_non_emergency": (("phone",), ("phone",)),
    "lado": (("name", "phone", "email"), ("name", "phone")),
    "data_protection_officer": (("name", "email", "phone"), ("name",)),
    "advice_line": (("name", "phone"), ("name", "phone")),
}
TOP_KEYS = {"id": True, "name": True, "short_name": True, "edition_version": True,
            "nation": False, "site_url": False, "logo": True, "favicon": False,
            "colours": True, "contacts": True, "procedures": False, "footer": False}
PROCEDURE_KEYS = {"title": True, "url": False, "description": False}


class PartnershipError(Exception):
    """The partnership folder or its configuration is wrong; ``messages`` has one line each."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class Procedure:
    title: str
    url: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Partnership:
    """A checked partnership edition. Paths are absolute."""

    root: Path
    id: str
    name: str
    short_name: str
    edition_version: str
    nation: str
    logo: Path
    favicon: Path | None
    primary: str
    accent: str
    contacts: dict
    procedures: tuple[Procedure, ...] = ()
    site_url: str | None = None
    footer: str | None = None
    data: dict = field(default_factory=dict, repr=False)

    @property
    def content_dir(self) -> Path:
        """Pages that add to, or replace, the national content (same relative path replaces)."""
        return self.root / "content"

    @property
    def flows_dir(self) -> Path:
        """Flows that add to, or replace, the national flows (same id replaces)."""
        return self.root / "flows"

    @property
    def edition(self) -> dict:
        """What every decision record made with this edition carries."""
        return {"id": self.id, "name": self.name, "version": self.edition_version}


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class _Checker:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, code: str = "partnership") -> None:
        self.problems.append(Problem(path, code, message))

    def mapping(self, value: Any, path: str, keys: dict[str, bool], what: str) -> bool:
        if not isinstance(value, dict):
            self.add(path, f"{what} must be a mapping of keys to values")
            return False
        for key in value:
            if key not in keys:
                self.add(join_path(path, str(key)),
                         f"unknown key '{key}' (allowed here: {', '.join(keys)})", "unknown_key")
        for key, required in keys.items():
            if required and key not in value:
                self.add(path, f"missing required key '{key}'")
        return True

    def text(self, parent: dict, key: str, path: str) -> str | None:
        if key not in parent:
            return None
        value = parent[key]
        here = join_path(path, key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(here, f"'{key}' must be non-empty text")
            return None
        return value.strip()

    def matching(self, parent: dict, key: str, path: str, pattern: re.Pattern, fix: str) -> str | None:
        value = self.text(parent, key, path)
        if value is not None and not pattern.match(value):
            self.add(join_path(path, key), f"'{value}' is not {fix}")
            return None
        return value

    def asset(self, parent: dict, key: str, path: str) -> Path | None:
        name = self.text(parent, key, path)
        if name is None:
            return None
        file = (self.root / name).resolve()
        here = join_path(path, key)
        if self.root.resolve() not in file.parents:
            self.add(here, f"'{name}' must be a file inside the partnership folder")
        elif not file.is_file():
            self.add(here, f"the file '{name}' does not exist in {self.root} "
                     "(add it, or fix the path; paths are relative to partnership.yml)")
        elif file.suffix.lower() not in IMAGE_TYPES:
            self.add(here, f"'{name}' must be an image ({', '.join(IMAGE_TYPES)})")
        else:
            return file
        return None


def load_partnership(folder: str | Path) -> Partnership:
    """Read and check a partnership folder; raise :class:`PartnershipError` with every problem."""
    root = Path(folder)
    config = root / CONFIG_NAME
    if not config.is_file():
        raise PartnershipError([f"{config}: not found; a partnership folder needs a {CONFIG_NAME} "
                                "(create one with 'infoshare new-partnership NAME')"])
    try:
        data, positions, problems = read_yaml(config)
    except FlowFileError as exc:
        raise PartnershipError(exc.messages) from exc
    c = _Checker(root)
    c.problems.extend(problems)
    if not problems:
        _check(c, data)
    if c.problems:
        raise PartnershipError(_located(config, positions, c.problems))
    colours = data["colours"]
    return Partnership(
        root=root.resolve(), id=data["id"], name=str(data["name"]).strip(),
        short_name=str(data["short_name"]).strip(), edition_version=str(data["edition_version"]),
        nation=data.get("nation", "england"), logo=(root / data["logo"]).resolve(),
        favicon=(root / data["favicon"]).resolve() if data.get("favicon") else None,
        primary=colours["primary"].lower(), accent=colours["accent"].lower(),
        contacts=data["contacts"],
        procedures=tuple(Procedure(p["title"], p.get("url"), p.get("description"))
                         for p in data.get("procedures") or ()),
        site_url=data.get("site_url"), footer=data.get("footer"), data=data)


def _located(config: Path, positions: Positions, problems: list[Problem]) -> list[str]:
    lines = []
    for problem in sorted(problems, key=lambda p: position_of(positions, p.path, p.code)):
        line, col = position_of(positions, problem.path, problem.code)
        where = f" ('{problem.path}')" if problem.path else ""
        lines.append(f"{config}:{line}:{col}: {problem.message}{where}")
    return lines


def _check(c: _Checker, data: Any) -> None:
    if not c.mapping(data, "", TOP_KEYS, "partnership.yml"):
        return
    c.matching(data, "id", "", ID, "a valid id (use lower-case letters, digits and hyphens, "
               "e.g. example-partnership)")
    c.text(data, "name", "")
    c.text(data, "short_name", "")
    c.matching(data, "edition_version", "", VERSION, "a valid version (e.g. 2026.1 or 1.0.0)")
    if "nation" in data and data["nation"] not in NATIONS:
        c.add("nation", f"unknown nation {data['nation']!r} (use one of: {', '.join(NATIONS)})")
    c.matching(data, "site_url", "", URL, "a valid web address (use a full https:// address)")
    c.asset(data, "logo", "")
    c.asset(data, "favicon", "")
    c.text(data, "footer", "")
    colours = data.get("colours")
    if "colours" in data and c.mapping(colours, "colours", {"primary": True, "accent": True},
                                       "'colours'"):
        _check_colours(c, colours)
    contacts = data.get("contacts")
    if "contacts" in data and c.mapping(contacts, "contacts", {k: True for k in CONTACTS},
                                        "'contacts'"):
        for name, (allowed, required) in CONTACTS.items():
            if name in contacts:
                _check_contact(c, contacts[name], f"contacts.{name}", allowed, required)
    procedures = data.get("procedures")
    if procedures is not None:
        if not isinstance(procedures, list):
            c.add("procedures", "'procedures' must be a list of documents (title, url, description)")
        else:
            for i, item in enumerate(procedures):
                here = join_path("procedures", i)
                if c.mapping(item, here, PROCEDURE_KEYS, "a procedure"):
                    c.text(item, "title", here)
                    c.matching(item, "url", here, URL, "a valid web address (use a full https:// "
                               "address)")
                    c.text(item, "description", here)


def _check_colours(c: _Checker, colours: dict) -> None:
    for key in ("primary", "accent"):
        if key in colours and colours[key] is None:
            # Unquoted, "#1d4f91" starts a YAML comment and the value is lost.
            c.add(join_path("colours", key), f"'{key}' has no value; write the colour in quotes, "
                  "e.g. \"#1d4f91\" (without quotes YAML reads # as the start of a comment)")
            continue
        value = c.matching(colours, key, "colours", COLOUR,
                           "a colour; write it as #rrggbb, e.g. \"#1d4f91\" (in quotes)")
        if value is None:
            continue
        # The header puts white text on the primary colour; links use the accent on white.
        ratio = contrast_ratio(value, "#ffffff")
        if ratio < AA_TEXT:
            role = "white header text on it" if key == "primary" else "link text in it on white"
            c.add(join_path("colours", key),
                  f"{value} gives {role} a contrast of {ratio:.2f}:1, below the {AA_TEXT}:1 WCAG AA "
                  "needs for text; choose a darker colour")


def _check_contact(c: _Checker, value: Any, path: str, allowed: tuple[str, ...],
                   required: tuple[str, ...]) -> None:
    if not c.mapping(value, path, {k: k in required for k in allowed}, f"'{path}'"):
        return
    for key in allowed:
        if key in ("phone", "out_of_hours"):
            c.matching(value, key, path, PHONE, "a valid phone number (digits and spaces, "
                       "e.g. 01632 960 000)")
        elif key == "url":
            c.matching(value, key, path, URL, "a valid web address (use a full https:// address)")
        elif key == "email":
            c.matching(value, key, path, EMAIL, "a valid email address")
        else:
            c.text(value, key, path)


TEMPLATES = Path(__file__).parent / "templates" / "partnership"


def slug(name: str) -> str:
    """``"Northmoor SCP"`` → ``"northmoor-scp"``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text if text and text[0].isalpha() else f"p-{text}".rstrip("-")


def scaffold_partnership(name: str, parent: str | Path = "partnerships",
                         year: int | None = None) -> Path:
    """Create ``<parent>/<slug>/`` with a commented partnership.yml, a README and placeholder images."""
    import datetime as _dt

    folder_id = slug(name)
    folder = Path(parent) / folder_id
    if folder.exists():
        raise PartnershipError([f"{folder}: already exists; choose another name or edit that folder"])
    values = {"name": name.replace('"', "'"), "short_name": name.replace('"', "'")[:30],
              "id": folder_id, "folder": folder.as_posix(),
              "year": year or _dt.date.today().year}
    (folder / "assets").mkdir(parents=True)
    (folder / "content").mkdir()
    (folder / "flows").mkdir()
    for template, target in (("partnership.yml", CONFIG_NAME), ("README.md", "README.md")):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        (folder / target).write_text(text.format(**values), encoding="utf-8")
    for image in ("logo.svg", "favicon.svg"):
        (folder / "assets" / image).write_bytes((TEMPLATES / image).read_bytes())
    return folder
