"""Shared helpers for the partnership tests: the example folder, copies of it, small edits.

Each bad-configuration case is one small text edit of a good file, so the
expected ``file:line:col`` can be read off the edited file itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "partnerships" / "example"
CONFIG = REPO / "mkdocs.yml"


def copy_example(target: Path) -> Path:
    """A private copy of the example partnership folder at ``target``."""
    shutil.copytree(EXAMPLE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path`` (fail loudly if the text moved)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path} should contain {old!r} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
