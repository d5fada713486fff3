"""`infoshare new-partnership NAME`: a folder that loads, explains itself, and builds."""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

import pytest
from partnership_support import CONFIG, REPO

from site_plugins.cli import main
from site_plugins.partnership import CONTACTS, TOP_KEYS, load_partnership

KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+):")


@pytest.fixture
def scaffolded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Path:
    """``infoshare new-partnership "Some Name"`` run in an empty folder."""
    monkeypatch.chdir(tmp_path)
    assert main(["new-partnership", "Some Name"]) == 0
    out = capsys.readouterr().out
    folder = Path("partnerships") / "some-name"
    assert out.startswith(f"Created {folder}/")
    assert f"infoshare build --partnership {folder}" in out
    return tmp_path / folder


def test_creates_the_folder(scaffolded: Path):
    assert sorted(p.relative_to(scaffolded).as_posix() for p in scaffolded.rglob("*")) == [
        "README.md", "assets", "assets/favicon.svg", "assets/logo.svg", "content", "flows",
        "partnership.yml"]
    readme = (scaffolded / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Some Name: partnership edition")
    assert "{" not in readme  # every template field was filled


def test_partnership_yml_loads_cleanly(scaffolded: Path):
    p = load_partnership(scaffolded)
    assert (p.id, p.name, p.short_name) == ("some-name", "Some Name", "Some Name")
    assert p.edition_version == f"{_dt.date.today().year}.1"
    assert p.nation == "england"
    assert p.logo == (scaffolded / "assets" / "logo.svg").resolve()
    assert p.favicon == (scaffolded / "assets" / "favicon.svg").resolve()
    assert p.footer == "Published by Some Name."


def _lines(folder: Path) -> list[str]:
    return (folder / "partnership.yml").read_text(encoding="utf-8").splitlines()


def test_every_field_has_a_comment_above_it(scaffolded: Path):
    """Each top-level field and each contact starts a block that a comment explains.

    Fields listed one after another (logo then favicon) share the comment
    above the first; a contact's own fields (name, phone) share the contact's.
    """
    lines = _lines(scaffolded)
    uncommented = []
    parent = ""
    for number, line in enumerate(lines):
        match = KEY_LINE.match(line)
        if not match:
            continue
        indent, key = len(match["indent"]), match["key"]
        if indent == 0:
            parent = key
        if not (indent == 0 or (indent == 2 and parent == "contacts")):
            continue
        above = number - 1
        while above >= 0 and (m := KEY_LINE.match(lines[above])) and len(m["indent"]) == indent:
            above -= 1  # a sibling just above: the comment over the block covers both
        if above < 0 or not lines[above].strip().startswith("#"):
            uncommented.append(f"line {number + 1}: {key}")
    assert uncommented == []


def test_every_possible_field_is_shown(scaffolded: Path):
    """Optional fields too, at least as a commented-out example, so nobody has to guess a name."""
    text = "\n".join(_lines(scaffolded))
    missing = [key for key in TOP_KEYS if not re.search(rf"^(# )?{key}:", text, re.MULTILINE)]
    assert missing == []
    section = text[text.index("\ncontacts:"):text.index("\nprocedures:")]
    for name, (allowed, _required) in CONTACTS.items():
        start = section.index(f"\n  {name}:")
        end = section.find("\n  #", start)  # where the next contact's comment begins
        block = section[start:end if end != -1 else None]
        comment = section[:start].rsplit("\n", 1)[-1]
        for key in allowed:
            assert f"    {key}:" in block or key in comment, f"contacts.{name}.{key} is not shown"


def test_running_it_twice_refuses(scaffolded: Path, capsys: pytest.CaptureFixture):
    before = (scaffolded / "partnership.yml").read_text(encoding="utf-8")
    (scaffolded / "partnership.yml").write_text(before + "# my edits\n", encoding="utf-8")
    assert main(["new-partnership", "Some Name"]) == 2
    err = capsys.readouterr().err
    assert err == (f"infoshare: {Path('partnerships') / 'some-name'}: already exists; choose another "
                   "name or edit that folder\n")
    assert (scaffolded / "partnership.yml").read_text(encoding="utf-8").endswith("# my edits\n")


def test_parent_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new-partnership", "Westbrook & District SCP", "--parent", "editions"]) == 0
    p = load_partnership(tmp_path / "editions" / "westbrook-district-scp")
    assert (p.id, p.name) == ("westbrook-district-scp", "Westbrook & District SCP")


def _check_built(site: Path, folder: Path) -> None:
    assert (site / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*Some Name</title>", home)
    edition = json.loads((site / "assets/infoshare/flows.json").read_text(encoding="utf-8"))["edition"]
    assert edition == {"id": "some-name", "name": "Some Name", "version": f"{_dt.date.today().year}.1"}
    assert (site / "assets/partnership/logo.svg").read_bytes() == (folder / "assets/logo.svg").read_bytes()


def test_scaffold_then_build(scaffolded: Path, tmp_path: Path, capsys: pytest.CaptureFixture):
    """The issue's "Done when": new-partnership, then build that folder, with nothing else edited."""
    site = tmp_path / "site-some-name"
    assert main(["build", "--partnership", str(scaffolded), "--site-dir", str(site),
                 "--config", str(CONFIG)]) == 0, capsys.readouterr().err
    _check_built(site, scaffolded)


def test_scaffold_then_build_from_the_project_folder(scaffolded: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture):
    """Exactly as the README says: run from the checkout, default --config."""
    monkeypatch.chdir(REPO)
    site = tmp_path / "site-some-name"
    assert main(["build", "--partnership", str(scaffolded), "--site-dir", str(site)]) == 0, \
        capsys.readouterr().err
    _check_built(site, scaffolded)
