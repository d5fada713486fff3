"""Validation of a flow given as a plain dict: every problem at once, each with its key path.

Structure is checked first (keys, types, ids, references); the graph checks
(reachable, no loops, every path ends at an outcome) run only on a flow whose
structure is sound, because a broken reference makes them meaningless.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Callable

from .details import DETAIL_FIELDS
from .graph import graph_problems
from .problems import Problem, join_path

__all__ = ["validate_flow", "DECISIONS", "ID_PATTERN", "VALUE_PATTERN"]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
VALUE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SEMVER_PATTERN = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
URL_PATTERN = re.compile(r"^https://[^\s/$.?#][^\s]*$")
DECISIONS = ("share", "do-not-share", "seek-advice")
NODE_KINDS = ("question", "outcome")

FLOW_KEYS = {"id": True, "title": True, "version": True, "summary": True,
             "sources": True, "start": True, "nodes": True}
SOURCE_KEYS = {"id": True, "title": True, "publisher": True, "year": True,
               "section": False, "url": False}
CITATION_KEYS = {"source": True, "section": False}
RELATED_KEYS = {"title": True, "page": True}
ANSWER_KEYS = {"label": True, "value": True, "next": True}
QUESTION_KEYS = {"kind": True, "text": True, "hint": False, "answers": True,
                 "sources": True, "related": False}
OUTCOME_KEYS = {"kind": True, "decision": True, "title": True, "body": True,
                "actions": False, "record_fields": False, "sources": True, "related": False}

_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "a mapping"}


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, float):
        return "a decimal number"
    return type(value).__name__


class _Checker:
    """Collects problems while walking one flow dict."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path, code, message))

    def is_type(self, value: Any, kind: type, path: str) -> bool:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.add(path, "wrong_type", f"expected {_TYPE_NAMES[kind]}, found {_type_name(value)}")
        return ok

    def mapping(self, value: Any, path: str, keys: dict[str, bool]) -> bool:
        """Check a mapping's keys: required ones present, no unknown ones (typos must not pass)."""
        if not self.is_type(value, dict, path):
            return False
        missing = [k for k, required in keys.items() if required and k not in value]
        explained: set[str] = set()
        for key in value:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), list(keys), n=1)
                advice = f" (did you mean '{hint[0]}'?)" if hint else (
                    f" (expected one of: {', '.join(keys)})")
                self.add(join_path(path, str(key)), "unknown_key", f"unknown key '{key}'{advice}")
                explained.update(hint)
        # A misspelt required key is one mistake: the "did you mean" already names it.
        for key in missing:
            if key not in explained:
                self.add(path, "missing_key", f"missing required key '{key}'")
        return True

    def text(self, parent: dict, key: str, path: str) -> str | None:
        if key not in parent:
            return None
        value, here = parent[key], join_path(path, key)
        if not self.is_type(value, str, here):
            return None
        if not value.strip():
            self.add(here, "empty", f"'{key}' must not be empty")
            return None
        return value

    def pattern(self, parent: dict, key: str, path: str, pattern: re.Pattern, what: str,
                code: str = "bad_id") -> str | None:
        value = self.text(parent, key, path)
        if value is not None and not pattern.match(value):
            self.add(join_path(path, key), code, f"'{value}' is not a valid {what}")
            return None
        return value

    def items(self, parent: dict, key: str, path: str, minimum: int = 1) -> list | None:
        if key not in parent:
            return None
        value, here = parent[key], join_path(path, key)
        if not self.is_type(value, list, here):
            return None
        if len(value) < minimum:
            self.add(here, "empty", f"'{key}' needs at least {minimum} "
                     f"{'entry' if minimum == 1 else 'entries'}")
        return value


def validate_flow(data: Any) -> list[Problem]:
    """Every problem with a flow dict, sorted by where it is; an empty list means valid."""
    c = _Checker()
    if not c.mapping(data, "", FLOW_KEYS):
        return c.problems
    c.pattern(data, "id", "", ID_PATTERN, "flow id (use lower-case letters, digits and hyphens)")
    c.text(data, "title", "")
    c.text(data, "summary", "")
    version_words = "version (use MAJOR.MINOR.PATCH, e.g. 1.0.0)"
    if isinstance(data.get("version"), (int, float)) and not isinstance(data["version"], bool):
        # YAML reads 1.0 as a number; say what to write rather than "wrong type".
        c.add("version", "bad_version", f"'{data['version']}' is not a valid {version_words}")
    else:
        c.pattern(data, "version", "", SEMVER_PATTERN, version_words, code="bad_version")
    source_ids = _check_sources(c, data)
    nodes = data.get("nodes")
    node_ids: set[str] = set()
    if "nodes" in data and c.is_type(nodes, dict, "nodes"):
        if not nodes:
            c.add("nodes", "empty", "'nodes' needs at least one node")
        node_ids = set(nodes)
        for node_id, node in nodes.items():
            _check_node(c, str(node_id), node, node_ids, source_ids)
    start = c.text(data, "start", "")
    if start is not None and node_ids and start not in node_ids:
        c.add("start", "unknown_node", f"unknown start node '{start}'{_suggest(start, node_ids)}")
    elif start is not None and isinstance(nodes, dict) and isinstance(nodes.get(start), dict) \
            and nodes[start].get("kind") == "outcome":
        c.add("start", "bad_start", f"the start node '{start}' must be a question, not an outcome")
    if not c.problems:
        cited = {cit["source"] for node in nodes.values() for cit in node["sources"]}
        for i, source in enumerate(data["sources"]):
            if source["id"] not in cited:
                c.add(join_path(join_path("sources", i), "id"), "unused_source",
                      f"source '{source['id']}' is listed but no node cites it "
                      "(cite it from a node or remove it)")
        c.problems.extend(graph_problems(data))
    return sorted(c.problems)


def _suggest(name: str, known: set[str]) -> str:
    hint = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


def _check_sources(c: _Checker, data: dict) -> set[str]:
    ids: set[str] = set()
    for i, source in enumerate(c.items(data, "sources", "") or []):
        path = join_path("sources", i)
        if not c.mapping(source, path, SOURCE_KEYS):
            continue
        source_id = c.text(source, "id", path)
        if source_id is not None and not ID_PATTERN.match(source_id):
            c.add(join_path(path, "id"), "bad_id", f"'{source_id}' is not a valid source id "
                  "(use lower-case letters, digits and hyphens)")
        if source_id in ids:
            c.add(join_path(path, "id"), "duplicate_id", f"duplicate source id '{source_id}'")
        elif source_id:
            # A badly spelt id still counts as listed, so citations of it add no noise.
            ids.add(source_id)
        for key in ("title", "publisher", "section"):
            c.text(source, key, path)
        if "year" in source and c.is_type(source["year"], int, join_path(path, "year")):
            if not 1900 <= source["year"] <= 2100:
                c.add(join_path(path, "year"), "bad_year", f"{source['year']} is not a plausible year")
        c.pattern(source, "url", path, URL_PATTERN, "web address (use a full https:// address)",
                  code="bad_url")
    return ids


def _check_node(c: _Checker, node_id: str, node: Any, node_ids: set[str],
                source_ids: set[str]) -> None:
    path = join_path("nodes", node_id)
    if not ID_PATTERN.match(node_id):
        c.add(path, "bad_id", f"'{node_id}' is not a valid node id "
              "(use lower-case letters, digits and hyphens)")
    if not c.is_type(node, dict, path):
        return
    kind = node.get("kind")
    if kind not in NODE_KINDS:
        if "kind" not in node:
            c.add(path, "missing_key", "missing required key 'kind'")
        else:
            c.add(join_path(path, "kind"), "bad_kind",
                  f"unknown node kind {kind!r} (use 'question' or 'outcome')")
        return
    checks: Callable[..., None] = _check_question if kind == "question" else _check_outcome
    c.mapping(node, path, QUESTION_KEYS if kind == "question" else OUTCOME_KEYS)
    checks(c, path, node, node_ids)
    _check_citations(c, path, node, source_ids)
    for i, link in enumerate(c.items(node, "related", path, minimum=0) or []):
        here = join_path(join_path(path, "related"), i)
        if c.mapping(link, here, RELATED_KEYS):
            c.text(link, "title", here)
            c.text(link, "page", here)


def _check_question(c: _Checker, path: str, node: dict, node_ids: set[str]) -> None:
    c.text(node, "text", path)
    if "hint" in node:
        c.text(node, "hint", path)
    answers = c.items(node, "answers", path, minimum=0)
    if answers is None:
        return
    if len(answers) < 2:
        c.add(join_path(path, "answers"), "too_few_answers",
              f"a question needs at least 2 answers, found {len(answers)}")
    values: set[str] = set()
    labels: set[str] = set()
    for i, answer in enumerate(answers):
        here = join_path(join_path(path, "answers"), i)
        if not c.mapping(answer, here, ANSWER_KEYS):
            continue
        label = c.text(answer, "label", here)
        if label is not None:
            if label.casefold() in labels:
                c.add(join_path(here, "label"), "duplicate_label", f"duplicate answer label '{label}'")
            labels.add(label.casefold())
        value = c.pattern(answer, "value", here, VALUE_PATTERN,
                          "answer value (use lower-case letters, digits and hyphens)",
                          code="bad_value")
        if value is not None:
            if value in values:
                c.add(join_path(here, "value"), "duplicate_value", f"duplicate answer value '{value}'")
            values.add(value)
        target = c.text(answer, "next", here)
        if target is not None and target not in node_ids:
            c.add(join_path(here, "next"), "unknown_node",
                  f"unknown next node '{target}'{_suggest(target, node_ids)}")


def _check_outcome(c: _Checker, path: str, node: dict, node_ids: set[str]) -> None:
    decision = node.get("decision")
    if "decision" in node and c.is_type(decision, str, join_path(path, "decision")) \
            and decision not in DECISIONS:
        c.add(join_path(path, "decision"), "bad_decision",
              f"unknown decision '{decision}' (use one of: {', '.join(DECISIONS)})")
    c.text(node, "title", path)
    c.text(node, "body", path)
    for i, action in enumerate(c.items(node, "actions", path, minimum=0) or []):
        here = join_path(join_path(path, "actions"), i)
        if c.is_type(action, str, here) and not action.strip():
            c.add(here, "empty", "an action must not be empty")
    seen: set[str] = set()
    for i, field in enumerate(c.items(node, "record_fields", path, minimum=0) or []):
        here = join_path(join_path(path, "record_fields"), i)
        if not c.is_type(field, str, here):
            continue
        if field not in DETAIL_FIELDS:
            c.add(here, "unknown_field",
                  f"unknown record field '{field}'{_suggest(field, set(DETAIL_FIELDS))}")
        elif field in seen:
            c.add(here, "duplicate_value", f"record field '{field}' is listed twice")
        seen.add(field)


def _check_citations(c: _Checker, path: str, node: dict, source_ids: set[str]) -> None:
    for i, citation in enumerate(c.items(node, "sources", path) or []):
        here = join_path(join_path(path, "sources"), i)
        if not c.mapping(citation, here, CITATION_KEYS):
            continue
        source = c.text(citation, "source", here)
        if source is not None and source not in source_ids:
            c.add(join_path(here, "source"), "unknown_source",
                  f"unknown source '{source}'"
                  + (_suggest(source, source_ids) or " (add it to the flow's 'sources' list)"))
        c.text(citation, "section", here)
