"""The ``infoshare`` command: check, flows, run (from files and interactively) and record verify.

Most tests call ``site_plugins.cli.main`` in-process inside a temporary folder
holding a copy of ``flows/share-information.yaml``, so a test may edit its copy
(a new version, changed wording) without touching the real flow. A few run the
installed console script to prove the entry point works.

Exit statuses: 0 fine, 1 problems found, 2 bad input.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from decision_core import DETAIL_FIELDS, OutcomeNode, analyse, check_details
from decision_core.details import nest_details
from site_plugins.cli import main
from site_plugins.flow_files import load_flow_file

ROOT = Path(__file__).resolve().parents[1]
FLOW = ROOT / "flows" / "share-information.yaml"
MALFORMED = ROOT / "tests" / "malformed"
INFOSHARE = Path(sys.executable).parent / "infoshare"

# purpose=yes, identifiable=yes, confidential=yes, consent=no, lawful-reason=yes:
# by label and by value, in any case.
LAWFUL_BASIS_ANSWERS = ["Yes", "yes", "YES", "No", "yes"]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary current folder with flows/share-information.yaml."""
    (tmp_path / "flows").mkdir()
    shutil.copy(FLOW, tmp_path / "flows" / FLOW.name)
    # The site config's contacts fill the flows' placeholders, as the build does.
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path | str, data) -> Path:
    path = Path(path)
    text = data if isinstance(data, str) else json.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


def make_record(capsys, answers=LAWFUL_BASIS_ANSWERS, details: dict | None = None) -> dict:
    write("answers.json", answers)
    argv = ["run", "share-information", "--answers", "answers.json"]
    if details is not None:
        write("details.json", details)
        argv += ["--details", "details.json"]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    return json.loads(out)


def expected(name: str, prefix: str = "") -> list[str]:
    """The ``file:line:col: message`` lines a malformed file's header promises."""
    path = MALFORMED / f"{name}.yaml"
    return [f"{prefix}{path.name}:{line.removeprefix('# expect: ')}"
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# expect: ")]


def assert_one_line(err: str) -> None:
    assert err.startswith("infoshare: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


# -- check and flows ------------------------------------------------------------------------


def test_check_clean(workdir, capsys):
    analysis = analyse(load_flow_file(FLOW).flow)
    code, out, err = run(capsys, "check")
    assert code == 0
    assert err == ""
    assert out == (f"ok flows/share-information.yaml: share-information 1.0.0: "
                   f"{analysis.questions} questions, {analysis.outcomes} outcomes, "
                   f"{analysis.path_count} paths, all reachable, every path ends at an outcome\n")


def test_check_one_ok_line_per_flow(workdir, capsys):
    shutil.copy(MALFORMED / "valid-base.yaml", workdir / "flows")
    code, out, _ = run(capsys, "check", "flows")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "ok flows/share-information.yaml", "ok flows/valid-base.yaml"]


def test_check_malformed_prints_every_error(workdir, capsys):
    broken = ["duplicate-key-top", "loop", "missing-title", "unknown-next-node"]
    lines = []
    for name in broken:
        shutil.copy(MALFORMED / f"{name}.yaml", workdir / "flows")
        lines += expected(name, "flows/")
    code, out, err = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == lines
    assert err == f"{len(lines)} problems found\n"


def test_check_named_file(workdir, capsys):
    shutil.copy(MALFORMED / "unknown-start.yaml", workdir)
    code, out, err = run(capsys, "check", "unknown-start.yaml")
    assert code == 1
    assert out.splitlines() == expected("unknown-start")
    assert out.endswith(": unknown start node 'purpse' (did you mean 'purpose'?) in 'start'\n")
    assert err == "1 problem found\n"


def test_check_missing_path(workdir, capsys):
    code, _, err = run(capsys, "check", "nowhere")
    assert code == 2
    assert err == "infoshare: nowhere: no such file or folder\n"


def test_flows_listing(workdir, capsys):
    shutil.copy(MALFORMED / "valid-base.yaml", workdir / "flows")
    code, out, err = run(capsys, "flows")
    assert (code, err) == (0, "")
    header, *rows = [line.split() for line in out.splitlines()]
    assert header == ["ID", "VERSION", "QUESTIONS", "OUTCOMES", "PATHS", "TITLE"]
    analysis = analyse(load_flow_file(FLOW).flow)
    assert rows == [
        ["share-information", "1.0.0", str(analysis.questions), str(analysis.outcomes),
         str(analysis.path_count), "Should", "I", "share", "this", "information?"],
        ["valid-base", "1.0.0", "2", "2", "3", "Test", "flow"],
    ]


def test_flows_listing_with_a_broken_flow(workdir, capsys):
    shutil.copy(MALFORMED / "start-at-outcome.yaml", workdir / "flows")
    code, out, _ = run(capsys, "flows")
    assert code == 1
    assert out.splitlines() == expected("start-at-outcome", "flows/")


# -- run with an answers file -------------------------------------------------------------


def test_run_prints_a_record_that_verifies(workdir, capsys):
    record = make_record(capsys)
    assert record["flow"]["id"] == "share-information"
    assert [(s["node"], s["answer"]) for s in record["path"]] == [
        ("purpose", "yes"), ("identifiable", "yes"), ("confidential", "yes"),
        ("consent", "no"), ("lawful-reason", "yes")]
    assert record["outcome"]["node"] == "share-lawful-basis"
    assert record["outcome"]["decision"] == "share"
    assert record["details"] == {}
    write("record.json", record)
    code, out, err = run(capsys, "record", "verify", "record.json")
    assert (code, err) == (0, "")
    assert out == (f"record.json: valid record {record['record_id']} of 'share-information' "
                   f"1.0.0: share ({record['outcome']['title']})\n")


def test_run_output_file(workdir, capsys):
    write("answers.json", ["no"])
    code, out, err = run(capsys, "run", "share-information", "--answers", "answers.json",
                         "-o", "out.json")
    assert (code, out, err) == (0, "", "")
    assert json.loads(Path("out.json").read_text())["outcome"]["node"] == "do-not-share"


def test_run_flow_given_as_a_path(workdir, capsys):
    write("answers.json", ["no"])
    code, out, _ = run(capsys, "run", "flows/share-information.yaml", "--answers", "answers.json")
    assert code == 0
    assert json.loads(out)["outcome"]["node"] == "do-not-share"


@pytest.mark.parametrize(("answers", "outcome"), [
    (["YES", "NOT SURE"], "seek-advice"),
    (["yes", "not-sure"], "seek-advice"),
    ([" Yes ", "no"], "share-not-personal-data"),
    ({"answers": ["Yes", "Yes", "No"]}, "share-not-confidential"),
])
def test_answers_by_label_or_value_in_any_case(workdir, capsys, answers, outcome):
    assert make_record(capsys, answers)["outcome"]["node"] == outcome


def test_yaml_answers_file(workdir, capsys):
    write("answers.yaml", "# one answer a line\n- Yes\n- yes\n- Yes\n- Yes\n")
    code, out, _ = run(capsys, "run", "share-information", "--answers", "answers.yaml")
    assert code == 0
    assert json.loads(out)["outcome"]["node"] == "share-with-consent"


def test_answer_that_does_not_fit(workdir, capsys):
    write("answers.json", ["Yes", "Maybe"])
    code, out, err = run(capsys, "run", "share-information", "--answers", "answers.json")
    assert (code, out) == (2, "")
    assert err == ("infoshare: answers.json: answer 2 ('Maybe') does not fit the question "
                   "'Does the information enable a living person to be identified?' "
                   "[identifiable]; valid answers: Yes (yes), No (no), Not sure (not-sure)\n")


def test_too_few_answers(workdir, capsys):
    write("answers.json", ["Yes"])
    code, out, err = run(capsys, "run", "share-information", "--answers", "answers.json")
    assert (code, out) == (2, "")
    assert err == ("infoshare: answers.json: the answers stop before an outcome; next question: "
                   "'Does the information enable a living person to be identified?' "
                   "[identifiable] (answers: Yes, No, Not sure)\n")


def test_too_many_answers(workdir, capsys):
    write("answers.json", ["No", "Yes"])
    code, out, err = run(capsys, "run", "share-information", "--answers", "answers.json")
    assert (code, out) == (2, "")
    assert err == ("infoshare: answers.json: answer 2 ('Yes') is one too many: the answers "
                   "before it already reach the outcome 'do-not-share'\n")


def test_answers_file_not_a_list(workdir, capsys):
    write("answers.json", {"purpose": "yes"})
    code, _, err = run(capsys, "run", "share-information", "--answers", "answers.json")
    assert code == 2
    assert err == ("infoshare: answers.json: the answers file must be a list of answers "
                   "(labels or values), e.g. [\"Yes\", \"No\"]\n")


def test_details_file_applied(workdir, capsys):
    record = make_record(capsys, details={
        "practitioner": {"name": "A Nurse", "role": "School nurse"},
        "consent.status": "not-sought",
        "consent.details": "Asking would put the child at greater risk.",
        "lawful_basis": {"article_6": "public-task"},
        "reasons": "Risk of significant harm.",
        "case_reference": "",
    })
    assert record["details"] == {
        "practitioner": {"name": "A Nurse", "role": "School nurse"},
        "consent": {"status": "not-sought",
                    "details": "Asking would put the child at greater risk."},
        "lawful_basis": {"article_6": "public-task"},
        "reasons": "Risk of significant harm.",
    }
    write("record.json", record)
    assert run(capsys, "record", "verify", "record.json")[0] == 0


def test_yaml_details_file(workdir, capsys):
    write("answers.json", ["no"])
    write("details.yaml", "reasons: No clear purpose.\nsharing:\n  method: phone\n")
    code, out, _ = run(capsys, "run", "share-information", "--answers", "answers.json",
                       "--details", "details.yaml")
    assert code == 0
    assert json.loads(out)["details"] == {"sharing": {"method": "phone"},
                                          "reasons": "No clear purpose."}


@pytest.mark.parametrize(("details", "message"), [
    ({"consent": {"statuz": "obtained"}},
     "unknown details field 'consent.statuz' in 'details.consent.statuz'"),
    ({"consent": {"status": "yes"}},
     "'yes' is not one of: sought, obtained, refused, withdrawn, not-sought "
     "in 'details.consent.status'"),
    ({"sharing": {"shared_at": "last Tuesday"}},
     "Enter a date and time like 2026-11-22T14:30 in 'details.sharing.shared_at'"),
    ({"reasons": 3}, "'Your reasons for the decision' must be text in 'details.reasons'"),
])
def test_bad_details_field(workdir, capsys, details, message):
    write("answers.json", ["no"])
    write("details.json", details)
    code, out, err = run(capsys, "run", "share-information", "--answers", "answers.json",
                         "--details", "details.json")
    assert (code, out) == (2, "")
    assert err == f"infoshare: details.json: {message}\n"


def test_details_file_not_a_mapping(workdir, capsys):
    write("answers.json", ["no"])
    write("details.json", ["reasons"])
    code, _, err = run(capsys, "run", "share-information", "--answers", "answers.json",
                       "--details", "details.json")
    assert code == 2
    assert err == "infoshare: details.json: the details file must be a mapping of fields\n"


@pytest.mark.parametrize(("option", "what"), [
    ("--answers", "the answers file"), ("--details", "the details file")])
def test_malformed_json_input(workdir, capsys, option, what):
    write("answers.json", ["no"])
    write("broken.json", '{"reasons": "because",\n "shared": }\n')
    argv = ["run", "share-information", "--answers", "answers.json", option, "broken.json"]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == f"infoshare: broken.json:2:12: {what} is not valid JSON: Expecting value\n"
    assert_one_line(err)


def test_missing_answers_file(workdir, capsys):
    code, _, err = run(capsys, "run", "share-information", "--answers", "nothing.json")
    assert code == 2
    assert err == "infoshare: nothing.json: no such file (the answers file)\n"


def test_unknown_flow_id(workdir, capsys):
    shutil.copy(MALFORMED / "valid-base.yaml", workdir / "flows")
    code, out, err = run(capsys, "run", "share-informaton", "--answers", "answers.json")
    assert (code, out) == (2, "")
    assert err == ("infoshare: unknown flow 'share-informaton' (flows in flows/: "
                   "share-information, valid-base; or give a path to a .yaml file)\n")


def test_run_a_malformed_flow(workdir, capsys):
    shutil.copy(MALFORMED / "loop.yaml", workdir / "flows")
    code, out, err = run(capsys, "run", "loop", "--answers", "answers.json")
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"infoshare: {line}" for line in expected("loop", "flows/")]


# -- record verify ----------------------------------------------------------------------------


def test_edited_record_is_rejected(workdir, capsys):
    record = make_record(capsys)
    record["path"][3]["answer"] = "yes"
    write("record.json", record)
    code, out, err = run(capsys, "record", "verify", "record.json")
    assert code == 1
    assert out == ("record.json: the record's contents do not match its integrity digest, so it "
                   "has been changed since it was made in 'integrity.digest'\n")
    assert err == "record.json: NOT VALID (1 problem)\n"


def test_record_of_an_unknown_flow_version(workdir, capsys):
    write("record.json", make_record(capsys))
    flow_file = workdir / "flows" / FLOW.name
    flow_file.write_text(flow_file.read_text().replace("version: 1.0.0", "version: 1.1.0", 1))
    code, out, _ = run(capsys, "record", "verify", "record.json")
    assert code == 1
    assert out == ("record.json: flow 'share-information' version 1.0.0 is not known here "
                   "(this portal has version 1.1.0) in 'flow.version'\n")


def test_record_whose_flow_wording_changed(workdir, capsys):
    write("record.json", make_record(capsys))
    flow_file = workdir / "flows" / FLOW.name
    text = flow_file.read_text()
    assert "text: Do you have consent to share it?" in text
    flow_file.write_text(text.replace("text: Do you have consent to share it?",
                                      "text: Have you got consent to share it?"))
    code, out, _ = run(capsys, "record", "verify", "record.json")
    assert code == 1
    assert out == ("record.json: the wording of flow 'share-information' version 1.0.0 has "
                   "changed since the record was made in 'flow.digest'\n")


def test_record_of_an_unknown_flow(workdir, capsys):
    write("record.json", make_record(capsys))
    (workdir / "other").mkdir()
    shutil.copy(MALFORMED / "valid-base.yaml", workdir / "other")
    code, out, err = run(capsys, "record", "verify", "record.json", "--flows", "other")
    assert code == 1
    assert out == ("record.json: unknown flow 'share-information' (known flows: valid-base) "
                   "in 'flow.id'\n")
    assert err == "record.json: NOT VALID (1 problem)\n"


def test_record_not_a_record(workdir, capsys):
    write("record.json", {"hello": "world"})
    code, out, _ = run(capsys, "record", "verify", "record.json")
    assert code == 1
    assert out and all(line.startswith("record.json: ") for line in out.splitlines())


def test_record_malformed_json(workdir, capsys):
    write("record.json", '{"schema": ')
    code, out, err = run(capsys, "record", "verify", "record.json")
    assert (code, out) == (2, "")
    assert err == "infoshare: record.json:1:12: the record is not valid JSON: Expecting value\n"


def test_record_verify_with_broken_flows(workdir, capsys):
    write("record.json", make_record(capsys))
    shutil.copy(MALFORMED / "unknown-kind.yaml", workdir / "flows")
    code, out, err = run(capsys, "record", "verify", "record.json")
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"infoshare: {line}" for line in expected("unknown-kind", "flows/")]


def _site_flow() -> dict:
    """share-information as the national edition of the site gives it to the engine.

    The build resolves ``{{ contacts... }}`` placeholders with mkdocs.yml's
    defaults before the engine (and so the flow digest) sees the flow.
    """
    from ruamel.yaml import YAML

    from site_plugins.placeholders import placeholder_values, resolve_flow
    from site_plugins.site_config import infoshare_settings

    extra = YAML(typ="safe").load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    values = placeholder_values(*infoshare_settings(extra))
    return resolve_flow(load_flow_file(FLOW).data, values, "flows/share-information.yaml")


def test_record_made_on_the_site_verifies(workdir, capsys):
    from decision_core import Session, build_record, load_flow

    session = Session.start(load_flow(_site_flow()))
    session.answer("no")
    write("record.json", build_record(session, {"reasons": "No clear purpose."}))
    code, out, _ = run(capsys, "record", "verify", "record.json")
    assert code == 0, out
    assert out.startswith("record.json: valid record ")


def test_interactive_run_shows_no_placeholders(workdir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("3\n" + "\n" * 40))
    code, out, _ = run(capsys, "run", "share-information", "-o", "record.json")
    assert code == 0
    assert "{{" not in out
    assert "call 999" in out


# -- interactive run -----------------------------------------------------------------------


def _details_typed(outcome: OutcomeNode) -> tuple[list[str], dict]:
    """What a practitioner types at the details prompts, and the details the record should hold.

    The outcome's own fields come first; then "y" to add more, and every other
    field in DETAIL_FIELDS order. The first date and time is typed wrongly once,
    so the prompt must refuse it and ask again. Built from the flow and the
    field list, so a change to either does not break the test.
    """
    asked = list(outcome.record_fields or ())
    order = asked + ["more?"] + [k for k in DETAIL_FIELDS if k not in asked]
    lines, flat, refused_once = [], {}, False
    for key in order:
        if key == "more?":
            lines.append("y")
            continue
        field = DETAIL_FIELDS[key]
        if field.kind == "choice":
            # A choice that needs a follow-up ("yes" to advice sought) is refused
            # at its own prompt today; test_details_follow_up_answer covers that.
            n, value = next((n, v) for n, (v, _) in enumerate(field.choices, 1)
                            if not check_details({key: v}))
            lines.append(str(n))
            flat[key] = value
        elif field.kind == "datetime":
            if not refused_once:
                lines.append("yesterday")
                refused_once = True
            lines.append("2026-11-20T09:30")
            flat[key] = "2026-11-20T09:30"
        elif field.kind == "date":
            lines.append("2026-11-20")
            flat[key] = "2026-11-20"
        elif key == "case_reference":
            lines.append("")  # left empty: not in the record
        else:
            lines.append(f"Typed {field.label.lower()}")
            flat[key] = lines[-1]
    assert refused_once, "no date and time field left to type wrongly"
    return lines, nest_details(flat)


def test_interactive_run(workdir, capsys, monkeypatch):
    flow = load_flow_file(FLOW).flow
    outcome = flow.nodes["share-not-personal-data"]
    details_lines, expected_details = _details_typed(outcome)
    steps = [
        "b",  # at the first question: nothing to go back to
        "1",  # purpose: Yes
        "r",  # start again
        "1",  # purpose: Yes
        "9",  # not an answer
        "1",  # identifiable: Yes
        "b",  # back to identifiable
        "2",  # identifiable: No -> share-not-personal-data
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(steps + details_lines) + "\n"))
    code, out, err = run(capsys, "run", "share-information", "-o", "record.json")
    assert (code, err) == (0, "")
    assert "This is the first question." in out
    assert "Type a number from 1 to 3, b, r or q." in out
    assert out.count("Question 1: Is there a clear and legitimate purpose") == 3
    assert f"Outcome: SHARE: {outcome.title}" in out
    assert "Enter a date and time like 2026-11-22T14:30" in out
    assert out.rstrip().endswith("check it with 'infoshare record verify record.json'.")

    record = json.loads(Path("record.json").read_text())
    assert [(s["node"], s["answer"]) for s in record["path"]] == [
        ("purpose", "yes"), ("identifiable", "no")]
    # Start again forgets the first walk; Back keeps the answer it took back.
    assert [(s["node"], s["answer"], s["reason"]) for s in record["superseded"]] == [
        ("identifiable", "yes", "back")]
    assert record["outcome"]["node"] == "share-not-personal-data"
    assert record["details"] == expected_details
    code, out, _ = run(capsys, "record", "verify", "record.json")
    assert code == 0


def test_details_follow_up_answer(workdir, capsys, monkeypatch):
    outcome = load_flow_file(FLOW).flow.nodes["do-not-share"]
    lines = [""] * len(outcome.record_fields or ()) + ["y"]
    for key in (k for k in DETAIL_FIELDS if k not in (outcome.record_fields or ())):
        lines.append({"advice.sought": "1", "advice.from_whom": "Our DSL"}.get(key, ""))
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n" + "\n".join(lines) + "\n"))
    code, _, _ = run(capsys, "run", "share-information", "-o", "record.json")
    assert code == 0
    record = json.loads(Path("record.json").read_text())
    assert record["details"]["advice"] == {"sought": "yes", "from_whom": "Our DSL"}


def test_interactive_quit(workdir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nq\n"))
    code, out, _ = run(capsys, "run", "share-information", "-o", "record.json")
    assert code == 1
    assert out.rstrip().endswith("Stopped. Nothing was saved.")
    assert not Path("record.json").exists()


def test_interactive_input_ends_early(workdir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\nA Teacher\n"))
    code, out, _ = run(capsys, "run", "share-information", "-o", "record.json")
    assert code == 1
    assert out.rstrip().endswith("Input ended before the record was complete. Nothing was saved.")
    assert not Path("record.json").exists()


# -- the installed console script ------------------------------------------------------------


def script(cwd: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(INFOSHARE), *argv], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=60, check=False)


def test_console_script_check(workdir):
    result = script(workdir, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok flows/share-information.yaml: share-information 1.0.0:")

    shutil.copy(MALFORMED / "self-loop.yaml", workdir / "flows")
    result = script(workdir, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected("self-loop", "flows/")
    assert result.stderr == "1 problem found\n"


def test_console_script_run_and_verify(workdir):
    write(workdir / "answers.json", LAWFUL_BASIS_ANSWERS)
    result = script(workdir, "run", "share-information", "--answers", "answers.json")
    assert result.returncode == 0, result.stderr
    write(workdir / "record.json", result.stdout)
    result = script(workdir, "record", "verify", "record.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("record.json: valid record ")


def test_console_script_interactive(workdir):
    stdin = "1\n3\n" + "\n" * 40  # purpose: Yes, identifiable: Not sure; then no details
    result = script(workdir, "run", "share-information", "-o", "advice.json", stdin=stdin)
    assert result.returncode == 0, result.stdout + result.stderr
    record = json.loads((workdir / "advice.json").read_text())
    assert record["outcome"]["decision"] == "seek-advice"
    assert script(workdir, "record", "verify", "advice.json").returncode == 0


def test_console_script_bad_input_has_no_traceback(workdir):
    write(workdir / "answers.json", "[\"Yes\",\n")
    result = script(workdir, "run", "share-information", "--answers", "answers.json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == ("infoshare: answers.json:2:1: the answers file is not valid JSON: "
                             "Expecting value\n")
