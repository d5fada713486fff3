"""The YAML flow loader: every malformed file gives exactly the expected ``file:line:col`` lines.

Each file in ``tests/malformed/`` is ``valid-base.yaml`` with one thing broken.
Its first comment lines say what the loader must report::

    # expect: 19:44: unknown next node 'consnt' (did you mean 'consent'?) in '...'
    # xfail: why the loader does not say this yet   (optional)
    # what this file breaks

A file with an ``# xfail:`` line documents a message or position that is wrong
today; the test is a strict xfail, so it fails loudly once the loader is fixed
and the marker can go.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from decision_core import Flow, Problem
from site_plugins.flow_files import (FlowFileError, InputFileError, load_data_file,
                                     load_flow_dir, load_flow_file, load_flow_files, read_yaml)

MALFORMED = Path(__file__).parent / "malformed"
VALID_BASE = MALFORMED / "valid-base.yaml"


def _header(path: Path) -> tuple[list[str], str | None]:
    """The expected messages (without the file prefix) and the xfail reason, if any."""
    expected, reason = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect: "):
            expected.append(line.removeprefix("# expect: "))
        elif line.startswith("# xfail: "):
            reason = line.removeprefix("# xfail: ")
        else:
            break
    return expected, reason


def _malformed_cases() -> list:
    cases = []
    for path in sorted(MALFORMED.glob("*.yaml")):
        if path == VALID_BASE:
            continue
        expected, reason = _header(path)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(path, expected, id=path.stem, marks=marks))
    return cases


def test_every_malformed_file_states_what_it_expects():
    cases = _malformed_cases()
    assert len(cases) >= 45
    for case in cases:
        path, expected = case.values
        assert expected, f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize(("path", "expected"), _malformed_cases())
def test_malformed_flow_file(path: Path, expected: list[str]):
    with pytest.raises(FlowFileError) as caught:
        load_flow_file(path)
    assert caught.value.messages == [f"{path}:{line}" for line in expected]
    assert str(caught.value) == "\n".join(caught.value.messages)


# -- the valid base ----------------------------------------------------------------------


def test_valid_base_loads():
    loaded = load_flow_file(VALID_BASE)
    assert isinstance(loaded.flow, Flow)
    assert loaded.flow.id == "valid-base"
    assert loaded.path == VALID_BASE
    # Plain JSON types only, and the model gives back exactly what the file said.
    assert json.loads(json.dumps(loaded.data)) == loaded.data
    assert loaded.flow.to_dict() == loaded.data


def test_positions_point_at_values_and_blocks():
    _, positions, problems = read_yaml(VALID_BASE)
    assert problems == []
    lines = VALID_BASE.read_text(encoding="utf-8").splitlines()

    def at(path: str) -> str:
        line, col = positions[path]
        return lines[line - 1][col - 1:]

    assert at("id") == "valid-base"
    assert at("sources[0].year") == "2018"
    assert at("nodes.purpose.answers[1].next") == "no-share}"
    assert at("nodes.consent") == "consent:"
    assert at("nodes.consent.answers").startswith("answers:")


def test_transform_problems_are_located(tmp_path: Path):
    path = tmp_path / "valid-base.yaml"
    shutil.copy(VALID_BASE, path)

    def transform(data: dict, positions) -> list[Problem]:
        data["title"] = data["title"].upper()
        return [Problem("nodes.consent.hint", "unknown_placeholder", "unknown placeholder 'x'")]

    with pytest.raises(FlowFileError) as caught:
        load_flow_file(path, transform)
    assert caught.value.messages == [
        f"{path}:26:11: unknown placeholder 'x' in 'nodes.consent.hint'"]


def test_unreadable_file(tmp_path: Path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"id: caf\xe9\n")
    with pytest.raises(FlowFileError) as caught:
        load_flow_file(path)
    [message] = caught.value.messages
    assert message.startswith(f"{path}: cannot read the file: ")
    assert "\n" not in message


# -- folders and several files ---------------------------------------------------------------


def _copy(names: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(MALFORMED / f"{name}.yaml", folder / f"{name}.yaml")


def test_load_flow_dir_reports_every_file_at_once(tmp_path: Path):
    broken = ["unknown-next-node", "duplicate-key-top", "missing-title"]
    _copy(["valid-base", *broken], tmp_path)
    with pytest.raises(FlowFileError) as caught:
        load_flow_dir(tmp_path)
    expected = []
    for name in sorted(broken):
        lines, _ = _header(MALFORMED / f"{name}.yaml")
        expected += [f"{tmp_path / name}.yaml:{line}" for line in lines]
    assert caught.value.messages == expected
    assert not any("valid-base" in m for m in caught.value.messages)


def test_load_flow_dir_of_valid_files(tmp_path: Path):
    _copy(["valid-base"], tmp_path)
    (tmp_path / "notes.txt").write_text("not a flow")
    [loaded] = load_flow_dir(tmp_path)
    assert loaded.flow.id == "valid-base"


def test_load_flow_dir_missing_folder(tmp_path: Path):
    with pytest.raises(FlowFileError) as caught:
        load_flow_dir(tmp_path / "nowhere")
    assert caught.value.messages == [f"{tmp_path / 'nowhere'}: no such folder of flows"]


def test_duplicate_flow_ids_across_files(tmp_path: Path):
    # The id must equal the file stem, so two flows share an id only as x.yaml
    # and x.yml, or as files of the same name in two folders.
    first, second = tmp_path / "valid-base.yaml", tmp_path / "valid-base.yml"
    shutil.copy(VALID_BASE, first)
    shutil.copy(VALID_BASE, second)
    with pytest.raises(FlowFileError) as caught:
        load_flow_dir(tmp_path)
    assert caught.value.messages == [
        f"{second}:3:5: flow id 'valid-base' is also used by {first} "
        "(each flow needs its own id)"]

    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(VALID_BASE, other / "valid-base.yaml")
    with pytest.raises(FlowFileError) as caught:
        load_flow_files([first, other / "valid-base.yaml"])
    assert caught.value.messages == [
        f"{other / 'valid-base.yaml'}:3:5: flow id 'valid-base' is also used by {first} "
        "(each flow needs its own id)"]


# -- input files (answers, details, records) ---------------------------------------------


def test_load_data_file_json_and_yaml(tmp_path: Path):
    (tmp_path / "a.json").write_text('["Yes", "no"]')
    (tmp_path / "a.yaml").write_text("- Yes\n- 'no'\n- {reasons: Because}\n")
    assert load_data_file(tmp_path / "a.json", "the answers file") == ["Yes", "no"]
    assert load_data_file(tmp_path / "a.yaml", "the answers file") == \
        ["Yes", "no", {"reasons": "Because"}]
    # A file with another suffix is read as YAML, which also accepts JSON.
    (tmp_path / "a.txt").write_text('{"reasons": "Because"}')
    assert load_data_file(tmp_path / "a.txt", "the details file") == {"reasons": "Because"}


def test_load_data_file_bad_json(tmp_path: Path):
    path = tmp_path / "answers.json"
    path.write_text('[\n  "Yes",\n  "No"\n')
    with pytest.raises(InputFileError) as caught:
        load_data_file(path, "the answers file")
    assert str(caught.value) == (f"{path}:4:1: the answers file is not valid JSON: "
                                 "Expecting ',' delimiter")


def test_load_data_file_bad_yaml(tmp_path: Path):
    path = tmp_path / "details.yaml"
    path.write_text("reasons: [unclosed\n")
    with pytest.raises(InputFileError) as caught:
        load_data_file(path, "the details file")
    message = str(caught.value)
    assert message.startswith(f"{path}:2:1: the details file is not valid JSON or YAML: ")
    assert "\n" not in message


def test_load_data_file_yaml_date(tmp_path: Path):
    path = tmp_path / "details.yaml"
    path.write_text("sharing:\n  shared_at: 2026-11-22\n")
    with pytest.raises(InputFileError) as caught:
        load_data_file(path, "the details file")
    assert str(caught.value) == (
        f"{path}: the details file: 2026-11-22 was read as a date; put it in quotes if it is "
        "meant as text in 'sharing.shared_at'")


def test_load_data_file_missing(tmp_path: Path):
    with pytest.raises(InputFileError) as caught:
        load_data_file(tmp_path / "nope.json", "the record")
    assert str(caught.value) == f"{tmp_path / 'nope.json'}: no such file (the record)"
