"""Resolve ``{{ contacts.x.y }}`` and ``{{ site.x }}`` placeholders.

A partnership edition fills in its own contacts; the national edition ships
neutral defaults. Placeholders are resolved at build time in page Markdown and
in every string of a flow dict, so neither the browser nor the engine ever sees
one. An unknown placeholder is an error that names the file and the line (for
Markdown) or the dotted key path (for flows) and lists the names that exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "PlaceholderError",
    "placeholder_values",
    "resolve_text",
    "resolve_markdown",
    "resolve_flow",
    "resolve_strings",
]

# Any ``{{ ... }}`` counts, not just names we know: a typo such as
# ``{{ contact.lado.phone }}`` must fail the build rather than be shown as is.
PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")


class PlaceholderError(Exception):
    """One or more unknown placeholders; ``messages`` holds one line each."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def placeholder_values(contacts: Mapping[str, Any], site: Mapping[str, Any]) -> dict[str, str]:
    """Flatten the contacts and site settings into ``{"contacts.lado.phone": "..."}``."""
    values: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(f"{prefix}.{key}", item)
        elif value is not None:
            values[prefix] = str(value)

    walk("contacts", contacts or {})
    walk("site", site or {})
    return values


def _known(values: Mapping[str, str]) -> str:
    return "known placeholders: " + ", ".join(sorted(values)) if values else "no placeholders are configured"


def _unknown(where: str, name: str, values: Mapping[str, str], path: str | None) -> str:
    at = f" in '{path}'" if path else ""
    return (
        f"{where}: unknown placeholder '{{{{ {name} }}}}'{at}; "
        f"check the spelling or add it to extra.infoshare in mkdocs.yml ({_known(values)})"
    )


def resolve_text(text: str, values: Mapping[str, str], where: str, path: str | None = None) -> str:
    """Replace every placeholder in ``text``.

    ``where`` (``file`` or ``file:line``) starts any error message and
    ``path``, a dotted key path, follows the placeholder's name.
    """
    problems: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        problems.append(_unknown(where, name, values, path))
        return match.group(0)

    result = PLACEHOLDER.sub(substitute, text)
    if problems:
        raise PlaceholderError(problems)
    return result


def resolve_markdown(markdown: str, values: Mapping[str, str], file: str, first_line: int = 1) -> str:
    """Resolve placeholders in a page; errors read ``content/x.md:12: ...``.

    ``first_line`` is the line number of the first line of ``markdown`` in the
    source file (front matter shifts it).
    """
    problems: list[str] = []
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if "{{" not in line:
            continue
        try:
            lines[index] = resolve_text(line, values, f"{file}:{first_line + index}")
        except PlaceholderError as error:
            problems.extend(error.messages)
    if problems:
        raise PlaceholderError(problems)
    return "\n".join(lines)


def resolve_strings(data: Any, values: Mapping[str, str]) -> tuple[Any, list[tuple[str, str]]]:
    """A copy of ``data`` with every placeholder in every string filled in, and the
    ``(key path, name)`` of each unknown placeholder (left as written)."""
    unknown: list[tuple[str, str]] = []

    def substitute(path: str, match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        unknown.append((path, name))
        return match.group(0)

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda m: substitute(path, m), value) if "{{" in value else value
        if isinstance(value, Mapping):
            return {key: walk(item, f"{path}.{key}" if path else str(key)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, f"{path}[{index}]") for index, item in enumerate(value)]
        return value

    return walk(data, ""), unknown


def resolve_flow(data: Any, values: Mapping[str, str], file: str) -> Any:
    """Return a copy of a flow dict with every string resolved.

    Errors read ``flows/x.yaml: unknown placeholder ... in 'nodes.share.body'``.
    """
    result, unknown = resolve_strings(data, values)
    if unknown:
        raise PlaceholderError([_unknown(file, name, values, path) for path, name in unknown])
    return result
