"""Flow files: YAML in, plain dict out, and every engine error mapped back to file:line:col.

ruamel.yaml's round-trip mode keeps the position of every key and value, so a
problem the engine reports at ``nodes.purpose.answers[1].next`` can be shown as
``flows/share-information.yaml:14:15: unknown next node ...``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from decision_core import Flow, Problem, validate_flow, load_flow
from decision_core.problems import join_path

__all__ = ["FlowFileError", "InputFileError", "LoadedFlow", "load_flow_file", "load_flow_dir",
           "load_data_file", "read_yaml", "Positions"]

# Position of a key path: (line, column), both 1-based. A scalar's path points at
# its value; the same path + KEY points at the key itself.
Positions = dict[str, tuple[int, int]]
KEY = "@key"
# Problems about a key, not its value, are shown at the key.
KEY_CODES = {"unknown_key", "wrong_key"}


class FlowFileError(Exception):
    """One or more flow files are invalid; ``messages`` holds every ``file:line:col: ...`` line."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


class InputFileError(Exception):
    """An input file (answers, details, record) could not be read; the message is one line."""


@dataclass(frozen=True)
class LoadedFlow:
    path: Path
    data: dict
    flow: Flow
    positions: Positions = field(repr=False, default_factory=dict)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _plain(node: Any, path: str, positions: Positions, problems: list[Problem]) -> Any:
    """Turn ruamel's round-trip objects into JSON types, noting where each key path stands."""
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            here = join_path(path, str(key))
            key_line, key_col = node.lc.key(key)
            value_pos = node.lc.value(key)
            # Point at a scalar value itself; at the key for a nested block.
            is_scalar = not isinstance(value, (CommentedMap, CommentedSeq))
            line, col = value_pos if is_scalar and value_pos else (key_line, key_col)
            positions[here] = (line + 1, col + 1)
            positions[here + KEY] = (key_line + 1, key_col + 1)
            if not isinstance(key, str):
                problems.append(Problem(here, "wrong_key",
                                        f"the key {key!r} must be text; put it in quotes"))
            out[str(key)] = _plain(value, here, positions, problems)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            here = join_path(path, i)
            line, col = node.lc.item(i)
            positions[here] = (line + 1, col + 1)
            out_list.append(_plain(value, here, positions, problems))
        return out_list
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, (_dt.date, _dt.datetime)):
        problems.append(Problem(path, "wrong_type",
                                f"{node.isoformat()} was read as a date; put it in quotes "
                                "if it is meant as text"))
        return str(node)
    problems.append(Problem(path, "wrong_type", f"unsupported YAML value {node!r}"))
    return None


def position_of(positions: Positions, path: str, code: str = "") -> tuple[int, int]:
    """The position of a key path (of the key itself for key problems), or of its nearest
    ancestor that has one; the top level is where the first key stands."""
    if code in KEY_CODES and path + KEY in positions:
        return positions[path + KEY]
    while path:
        if path in positions:
            return positions[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return positions.get("", (1, 1))


def read_yaml(path: Path) -> tuple[Any, Positions, list[Problem]]:
    """Parse a YAML file into plain data; syntax errors raise FlowFileError with their position."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowFileError([f"{path}: cannot read the file: {exc}"]) from exc
    try:
        raw = _yaml().load(text)
    except MarkedYAMLError as exc:
        raise FlowFileError([_yaml_message(path, exc, text)]) from exc
    except YAMLError as exc:
        raise FlowFileError([f"{path}: YAML error: {exc}"]) from exc
    positions: Positions = {}
    problems: list[Problem] = []
    data = _plain(raw, "", positions, problems)
    if isinstance(raw, CommentedMap) and raw:
        positions[""] = positions[next(iter(data)) + KEY]
    return data, positions, problems


def _yaml_message(path: Path, exc: MarkedYAMLError, text: str) -> str:
    """A parser error as one line with its position and a plain hint on what to fix."""
    mark = exc.problem_mark or exc.context_mark
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    what = " ".join((exc.problem or exc.context or "invalid YAML").split())
    if "duplicate key" in what:
        # ruamel prints both whole values; the key is what the author needs.
        what = re.sub(r' with value .*$', "", what)
        hint = "each key may appear only once in a mapping; remove or rename one"
    elif r"\t" in what or "tab" in what:
        hint = "indent with spaces, not tabs"
    elif exc.context_mark and exc.context and ("flow" in exc.context or "quoted" in exc.context):
        opened = exc.context_mark
        hint = (f"the bracket or quote opened at line {opened.line + 1}, column {opened.column + 1} "
                "is not closed")
    elif "mapping values are not allowed" in what or "expected <block end>" in what \
            or "could not find expected ':'" in what:
        hint = "check the indentation of this line: keys of one mapping must start in the same column"
    else:
        hint = ""
    return f"{where}: YAML error: {what}" + (f" ({hint})" if hint else "")


def _located(path: Path, positions: Positions, problems: list[Problem]) -> list[str]:
    """``file:line:col: message`` lines in the order they stand in the file."""
    located = sorted(((position_of(positions, p.path, p.code), str(p)) for p in problems))
    return [f"{path}:{line}:{col}: {text}" for (line, col), text in located]


def load_flow_file(path: str | Path,
                   transform: Callable[[dict, Positions], list[Problem]] | None = None) -> LoadedFlow:
    """Load and validate one flow file.

    ``transform`` may rewrite the data in place before validation (for example,
    resolving placeholders) and returns its own problems, located like the engine's.
    """
    path = Path(path)
    data, positions, problems = read_yaml(path)
    if data is None:
        raise FlowFileError([f"{path}:1:1: the file is empty; a flow needs id, title, version, "
                             "summary, sources, start and nodes"])
    if not problems and isinstance(data, dict):
        if transform is not None:
            problems.extend(transform(data, positions))
        problems.extend(validate_flow(data))
        flow_id = data.get("id")
        if isinstance(flow_id, str) and flow_id != path.stem:
            problems.append(Problem("id", "id_mismatch",
                                    f"flow id '{flow_id}' does not match the file name "
                                    f"'{path.name}' (rename the file or change the id)"))
    elif not problems:
        problems = validate_flow(data)
    if problems:
        raise FlowFileError(_located(path, positions, sorted(problems)))
    return LoadedFlow(path, data, load_flow(data), positions)


def flow_paths(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_flow_dir(directory: str | Path, transform=None) -> list[LoadedFlow]:
    """Load every flow file in a folder, reporting every problem in every file at once."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FlowFileError([f"{directory}: no such folder of flows"])
    return load_flow_files(flow_paths(directory), transform)


def load_flow_files(paths: list[Path], transform=None) -> list[LoadedFlow]:
    loaded: list[LoadedFlow] = []
    messages: list[str] = []
    for path in paths:
        try:
            loaded.append(load_flow_file(path, transform))
        except FlowFileError as exc:
            messages.extend(exc.messages)
    seen: dict[str, Path] = {}
    for item in loaded:
        if item.flow.id in seen:
            line, col = position_of(item.positions, "id")
            messages.append(f"{item.path}:{line}:{col}: flow id '{item.flow.id}' is also used by "
                            f"{seen[item.flow.id]} (each flow needs its own id)")
        seen.setdefault(item.flow.id, item.path)
    if messages:
        raise FlowFileError(messages)
    return loaded


def load_data_file(path: str | Path, what: str) -> Any:
    """Read a JSON or YAML input file (answers, details, record) as plain data, or fail in one line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file ({what})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read {what}: {exc}") from None
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise InputFileError(f"{path}:{exc.lineno}:{exc.colno}: {what} is not valid JSON: "
                                 f"{exc.msg}") from None
    try:
        raw = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise InputFileError(f"{where}: {what} is not valid JSON or YAML: "
                             f"{(exc.problem or 'syntax error').strip()}") from None
    except YAMLError as exc:
        raise InputFileError(f"{path}: {what} is not valid JSON or YAML: {exc}") from None
    problems: list[Problem] = []
    data = _plain(raw, "", {}, problems)
    if problems:
        raise InputFileError(f"{path}: {what}: {problems[0]}")
    return data
