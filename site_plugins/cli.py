"""The ``infoshare`` command: check flows, walk one in the terminal, verify records, build the site.

Every failure is one clear line (or one line per problem) and an exit status:
0 fine, 1 problems found (invalid flows, a record that does not verify),
2 bad input (a file that cannot be read, an answer that does not fit).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO

from decision_core import (DETAIL_FIELDS, RecordError, Session, SessionError, analyse,
                           build_record, check_details, verify_record)
from decision_core.model import QuestionNode

from .flow_files import (FlowFileError, InputFileError, LoadedFlow, load_data_file,
                         load_flow_file, load_flow_files)

__all__ = ["main"]

DECISION_WORDS = {"share": "SHARE", "do-not-share": "DO NOT SHARE", "seek-advice": "SEEK ADVICE"}


class UsageError(Exception):
    """Bad input from the person at the terminal: printed as one line, exit status 2."""


def _err(message: str) -> None:
    print(f"infoshare: {message}", file=sys.stderr)


# -- check and flows ----------------------------------------------------------------


def _edition(args: argparse.Namespace):
    """The edition the command works on: flows as the built site has them (placeholders filled)."""
    from .edition import EditionError, load_edition

    try:
        edition = load_edition(args.config, getattr(args, "partnership", None))
    except EditionError as exc:
        raise FlowFileError(exc.messages) from None
    if getattr(args, "flows", None):
        edition.flows_override = Path(args.flows)
    return edition


def _collect(args: argparse.Namespace) -> list[LoadedFlow]:
    edition = _edition(args)
    if not args.paths:
        return edition.load_flows()
    files: list[Path] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return load_flow_files(files, edition.resolve)


def cmd_check(args: argparse.Namespace) -> int:
    try:
        loaded = _collect(args)
    except FlowFileError as exc:
        for message in exc.messages:
            print(message)
        count = len(exc.messages)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    for item in loaded:
        analysis = analyse(item.flow)
        print(f"ok {item.path}: {item.flow.id} {item.flow.version}: {analysis.questions} questions, "
              f"{analysis.outcomes} outcomes, {analysis.path_count} paths, all reachable, "
              "every path ends at an outcome")
    return 0


def cmd_flows(args: argparse.Namespace) -> int:
    try:
        loaded = _edition(args).load_flows()
    except FlowFileError as exc:
        for message in exc.messages:
            print(message)
        return 1
    rows = [("ID", "VERSION", "QUESTIONS", "OUTCOMES", "PATHS", "TITLE")]
    for item in loaded:
        a = analyse(item.flow)
        rows.append((item.flow.id, item.flow.version, str(a.questions), str(a.outcomes),
                     str(a.path_count), item.flow.title))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[5])
    return 0


# -- run --------------------------------------------------------------------------------


def _resolve_flow(args: argparse.Namespace) -> LoadedFlow:
    edition = _edition(args)
    path = Path(args.flow)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_flow_file(path, edition.resolve)
    by_id = {p.stem: p for p in edition.flow_paths()}
    if args.flow not in by_id:
        raise UsageError(f"unknown flow '{args.flow}' (flows in {edition.flows_dir}/: "
                         f"{', '.join(sorted(by_id)) or 'none'}; or give a path to a .yaml file)")
    return load_flow_file(by_id[args.flow], edition.resolve)


def _match_answer(question: QuestionNode, given: Any) -> str | None:
    if not isinstance(given, (str, int, bool)) or isinstance(given, bool):
        return None
    text = str(given).strip().casefold()
    for answer in question.answers:
        if text in (answer.value.casefold(), answer.label.casefold()):
            return answer.value
    return None


def _answers_list(path: str) -> list:
    data = load_data_file(path, "the answers file")
    if isinstance(data, dict) and isinstance(data.get("answers"), list):
        data = data["answers"]
    if not isinstance(data, list):
        raise InputFileError(f"{path}: the answers file must be a list of answers "
                             "(labels or values), e.g. [\"Yes\", \"No\"]")
    return data


def _replay(session: Session, answers: list, source: str) -> None:
    for i, given in enumerate(answers):
        node = session.current
        if not isinstance(node, QuestionNode):
            raise UsageError(f"{source}: answer {i + 1} ({given!r}) is one too many: the answers "
                             f"before it already reach the outcome '{node.id}'")
        value = _match_answer(node, given)
        if value is None:
            valid = ", ".join(f"{a.label} ({a.value})" for a in node.answers)
            raise UsageError(f"{source}: answer {i + 1} ({given!r}) does not fit the question "
                             f"'{node.text}' [{node.id}]; valid answers: {valid}")
        session.answer(value)
    node = session.current
    if isinstance(node, QuestionNode):
        valid = ", ".join(a.label for a in node.answers)
        raise UsageError(f"{source}: the answers stop before an outcome; next question: "
                         f"'{node.text}' [{node.id}] (answers: {valid})")


def _print_record_errors(exc: RecordError, source: str) -> None:
    for problem in exc.problems:
        _err(f"{source}: {problem}")


def cmd_run(args: argparse.Namespace) -> int:
    loaded = _resolve_flow(args)
    session = Session.start(loaded.flow)
    if args.answers:
        _replay(session, _answers_list(args.answers), args.answers)
        details = load_data_file(args.details, "the details file") if args.details else {}
        if not isinstance(details, dict):
            raise InputFileError(f"{args.details}: the details file must be a mapping of fields")
        try:
            record = build_record(session, details)
        except RecordError as exc:
            _print_record_errors(exc, args.details or "details")
            return 2
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    return _interactive(session, args, sys.stdin, sys.stdout)


def _ask(prompt: str, stdin: TextIO, stdout: TextIO) -> str:
    stdout.write(prompt)
    stdout.flush()
    line = stdin.readline()
    if not line:
        raise EOFError
    return line.strip()


def _interactive(session: Session, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    say: Callable[[str], None] = lambda text="": print(text, file=stdout)  # noqa: E731
    flow = session.flow
    say(f"{flow.title} (version {flow.version})")
    say(flow.summary)
    say("Type the number of your answer. b = back, r = start again, q = quit.")
    try:
        while True:
            view = session.view()
            if view["kind"] == "outcome":
                break
            say("")
            say(f"Question {view['progress']['step']}: {view['text']}")
            if view["hint"]:
                say(f"  {view['hint']}")
            for n, answer in enumerate(view["answers"], 1):
                say(f"  {n}. {answer['label']}")
            choice = _ask("> ", stdin, stdout).casefold()
            if choice == "q":
                say("Stopped. Nothing was saved.")
                return 1
            if choice == "r":
                session.restart()
                continue
            if choice == "b":
                if view["can_go_back"]:
                    session.back()
                else:
                    say("This is the first question.")
                continue
            if choice.isdigit() and 1 <= int(choice) <= len(view["answers"]):
                session.answer(view["answers"][int(choice) - 1]["value"])
                continue
            say(f"Type a number from 1 to {len(view['answers'])}, b, r or q.")
        view = session.view()
        say("")
        say(f"Outcome: {DECISION_WORDS[view['decision']]}: {view['title']}")
        say(view["body"].strip())
        for action in view["actions"]:
            say(f"  - {action}")
        say("Sources: " + "; ".join(f"{s['title']} ({s['publisher']}, {s['year']})"
                                     + (f", {s['section']}" if s["section"] else "")
                                     for s in view["sources"]))
        say("")
        say("Now record your decision. Press Enter to leave a field empty. "
            "Do not enter the names of the child or family.")
        details = _ask_details(list(view["record_fields"]), stdin, stdout, say)
        record = build_record(session, details)
    except EOFError:
        say("")
        say("Input ended before the record was complete. Nothing was saved.")
        return 1
    output = Path(args.output or
                  f"decision-record-{flow.id}-{_dt.date.today().isoformat()}.json")
    output.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"Record written to {output}. Keep it with the case file; check it with "
        f"'infoshare record verify {output}'.")
    return 0


def _ask_details(required: list[str], stdin: TextIO, stdout: TextIO, say) -> dict:
    flat: dict[str, str] = {}
    keys = required + [k for k in DETAIL_FIELDS if k not in required]
    asked_optional = False
    for key in keys:
        if key not in required and not asked_optional:
            more = _ask("Add more details (who asked, consent, method, advice...)? [y/N] ",
                        stdin, stdout)
            if more.casefold() not in ("y", "yes"):
                break
            asked_optional = True
        field = DETAIL_FIELDS[key]
        while True:
            if field.choices:
                options = ", ".join(f"{n}={label}" for n, (_, label) in enumerate(field.choices, 1))
                raw = _ask(f"{field.label} [{options}]: ", stdin, stdout)
                if raw.isdigit() and 1 <= int(raw) <= len(field.choices):
                    raw = field.choices[int(raw) - 1][0]
            else:
                hint = f" ({field.hint})" if field.hint else ""
                raw = _ask(f"{field.label}{hint}: ", stdin, stdout)
            # Only this value's own form; "say why" follow-ups are asked by later prompts.
            problems = [p for p in check_details({key: raw}) if p.code != "required"] if raw else []
            if not problems:
                break
            say(f"  {problems[0].message}")
        if raw:
            flat[key] = raw
    return flat


# -- record verify ---------------------------------------------------------------------


def cmd_record_verify(args: argparse.Namespace) -> int:
    record = load_data_file(args.file, "the record")
    try:
        flows = _edition(args).flows()
    except FlowFileError as exc:
        for message in exc.messages:
            _err(message)
        return 2
    problems = verify_record(record, flows)
    if problems:
        for problem in problems:
            print(f"{args.file}: {problem}")
        print(f"{args.file}: NOT VALID ({len(problems)} problem{'s' if len(problems) != 1 else ''})",
              file=sys.stderr)
        return 1
    print(f"{args.file}: valid record {record['record_id']} of '{record['flow']['id']}' "
          f"{record['flow']['version']}: {record['outcome']['decision']} "
          f"({record['outcome']['title']})")
    return 0


# -- site ------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build_site

    try:
        build_site(site_dir=args.site_dir, config_file=args.config, partnership=args.partnership)
    except BuildError as exc:
        for message in exc.messages:
            _err(message)
        _err("build failed; the previous site (if any) was left as it was")
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import BuildError, serve_site

    try:
        serve_site(port=args.port, config_file=args.config, partnership=args.partnership)
    except BuildError as exc:
        for message in exc.messages:
            _err(message)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


def cmd_new_partnership(args: argparse.Namespace) -> int:
    from .partnership import PartnershipError, scaffold_partnership

    try:
        folder = scaffold_partnership(args.name, args.parent)
    except PartnershipError as exc:
        for message in exc.messages:
            _err(message)
        return 2
    print(f"Created {folder}/ — edit {folder}/partnership.yml (every field is explained there), "
          f"then run: infoshare build --partnership {folder}")
    return 0


# -- wiring ----------------------------------------------------------------------------


def _edition_options(p: argparse.ArgumentParser, flows: bool = True) -> None:
    p.add_argument("--config", default="mkdocs.yml", metavar="FILE",
                   help="site config whose contacts fill placeholders (default: mkdocs.yml)")
    p.add_argument("--partnership", metavar="DIR", help="a partnership edition folder")
    if flows:
        p.add_argument("--flows", metavar="DIR", help="folder of flows (default: flows)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infoshare",
        description="Information Sharing Portal: check flowcharts, walk them, verify decision "
                    "records, build and serve the site.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="validate and analyse flow files (default: the edition's flows)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="flow files or folders")
    _edition_options(p, flows=False)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("flows", help="list the flows with their size")
    _edition_options(p)
    p.set_defaults(func=cmd_flows)

    p = sub.add_parser("run", help="walk a flow in the terminal and write a decision record")
    p.add_argument("flow", metavar="FLOW", help="a flow id from the flows folder, or a path")
    _edition_options(p)
    p.add_argument("--answers", metavar="FILE",
                   help="JSON or YAML list of answers (labels or values, in order); prints the "
                        "record to stdout without asking anything")
    p.add_argument("--details", metavar="FILE", help="JSON or YAML mapping of record details")
    p.add_argument("--output", "-o", metavar="FILE", help="write the record here")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("record", help="work with decision records")
    record_sub = p.add_subparsers(dest="record_command", required=True, metavar="ACTION")
    v = record_sub.add_parser("verify", help="check a record: exit 0 if valid, 1 with every problem")
    v.add_argument("file", metavar="FILE")
    _edition_options(v)
    v.set_defaults(func=cmd_record_verify)

    for name, func, text in (("build", cmd_build, "build the static site"),
                             ("serve", cmd_serve, "build, serve on 127.0.0.1 and rebuild on change")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="MkDocs config")
        p.add_argument("--partnership", metavar="DIR", help="a partnership edition folder")
        if name == "build":
            p.add_argument("--site-dir", default="site", metavar="DIR", help="output (default: site)")
        else:
            p.add_argument("--port", type=int, default=8000, metavar="N", help="port (default: 8000)")
        p.set_defaults(func=func)

    p = sub.add_parser("new-partnership", help="create a partnership edition folder to edit")
    p.add_argument("name", metavar="NAME", help="the partnership's name, e.g. \"Northmoor SCP\"")
    p.add_argument("--parent", default="partnerships", metavar="DIR",
                   help="where to create it (default: partnerships)")
    p.set_defaults(func=cmd_new_partnership)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FlowFileError as exc:
        for message in exc.messages:
            _err(message)
        return 2
    except (UsageError, InputFileError) as exc:
        _err(str(exc))
        return 2
    except SessionError as exc:
        _err(exc.message)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
