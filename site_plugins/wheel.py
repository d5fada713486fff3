"""Build the ``decision-core`` wheel that the browser engine unpacks.

The portal's own pyproject builds one wheel holding both ``decision_core`` and
``site_plugins``; the browser needs only the engine, so we build a separate
``py3-none-any`` wheel from a throwaway project containing just
``decision_core/`` (its ``.py`` and ``.json`` files). ``SOURCE_DATE_EPOCH`` is
fixed so the same sources always give the same bytes, and so the same hash in
the built site.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["DEFAULT_VERSION", "WheelBuildError", "build_decision_core_wheel", "decision_core_version"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VERSION = "0.1.0"
# 2024-01-01T00:00:00Z. Any fixed value works; it only has to never change.
SOURCE_DATE_EPOCH = "1704067200"
_PACKAGE_GLOBS = ("*.py", "*.json")

_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "decision-core"
version = "{version}"
description = "Routing and record engine of the Information Sharing Portal."
requires-python = ">=3.11"

[tool.hatch.build.targets.wheel]
packages = ["decision_core"]
"""


class WheelBuildError(RuntimeError):
    """The decision_core wheel could not be built."""


def decision_core_version(package_dir: Path | None = None) -> str:
    """``decision_core.__version__``, read from the source without importing it.

    Falls back to :data:`DEFAULT_VERSION` while the package declares none.
    """
    init = (package_dir or PROJECT_ROOT / "decision_core") / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"), filename=str(init))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return DEFAULT_VERSION


def build_decision_core_wheel(out_dir: Path, *, package_dir: Path | None = None) -> Path:
    """Build ``decision_core-<version>-py3-none-any.whl`` into ``out_dir``.

    ``package_dir`` defaults to this repository's ``decision_core/``. Returns
    the wheel's path. Raises :class:`WheelBuildError` with hatchling's output
    on failure.
    """
    package_dir = Path(package_dir or PROJECT_ROOT / "decision_core")
    version = decision_core_version(package_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="decision-core-wheel-") as tmp:
        project = Path(tmp)
        (project / "pyproject.toml").write_text(_PYPROJECT.format(version=version), encoding="utf-8")
        _copy_package(package_dir, project / "decision_core")
        dist = project / "dist"
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        done = subprocess.run(
            [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = sorted(dist.glob("*.whl")) if dist.is_dir() else []
        if done.returncode != 0 or len(wheels) != 1:
            raise WheelBuildError(
                f"hatchling could not build the decision_core wheel "
                f"(exit {done.returncode}): {(done.stderr or done.stdout).strip()}"
            )
        target = out_dir / wheels[0].name
        shutil.copyfile(wheels[0], target)
    return target


def _copy_package(source: Path, target: Path) -> None:
    # Copy only sources and package data: no __pycache__, editor files or
    # test leftovers can leak into the wheel the public downloads.
    files = sorted({p for glob in _PACKAGE_GLOBS for p in source.rglob(glob)})
    if not any(p.name == "__init__.py" and p.parent == source for p in files):
        raise WheelBuildError(f"'{source}' is not a Python package (no __init__.py)")
    for path in files:
        if "__pycache__" in path.relative_to(source).parts:
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
