"""Run tests/core inside real Pyodide under Node.

    python tests/pyodide/run_core_tests.py [--stock-stdlib] [--tests DIR] [-- pytest args]

Fetches (once, into the user cache) the pinned Pyodide runtime, its
precompiled stdlib and the pure-Python test wheels listed in
requirements.txt, then runs run_core_tests.mjs with the project's Node and
exits with pytest's exit code. ``--stock-stdlib`` boots with Pyodide's own
stdlib zip instead of the precompiled one the site ships: slower, but
tracebacks then show stdlib source lines.

``tests/test_engine_in_pyodide.py`` imports :func:`node_command` from here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"

if str(PROJECT_ROOT) not in sys.path:  # when run as a script
    sys.path.insert(0, str(PROJECT_ROOT))

from site_plugins.node import node_path  # noqa: E402
from site_plugins.pyodide_runtime import cache_root, ensure_runtime  # noqa: E402
from site_plugins.stdlib_precompile import ensure_precompiled_stdlib  # noqa: E402


def pinned_requirements() -> list[str]:
    """The ``name==version`` lines of requirements.txt."""
    lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ensure_test_wheels(cache_dir: Path | None = None) -> Path:
    """Download the pinned wheels once; return the directory holding them."""
    pins = pinned_requirements()
    key = hashlib.sha256("\n".join(pins).encode()).hexdigest()[:16]
    target = (cache_dir or cache_root()) / "pyodide-test-wheels" / key
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--only-binary=:all:", "--no-deps", "--python-version", "3.14",
             "--platform", "any", "--implementation", "py", "--abi", "none",
             "-d", str(staging), *pins],
            capture_output=True, text=True, check=False,
        )
        wheels = list(staging.glob("*.whl"))
        if done.returncode != 0 or len(wheels) != len(pins):
            raise RuntimeError(
                f"could not download the Pyodide test wheels ({len(wheels)} of "
                f"{len(pins)}): {done.stderr.strip()[-2000:]}\nEdit {REQUIREMENTS} "
                f"or check access to PyPI."
            )
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def node_command(
    tests_dir: Path | None = None,
    extra: list[str] | tuple[str, ...] = (),
    *,
    stock_stdlib: bool = False,
) -> list[str]:
    """The command that runs the core tests in Pyodide, fetching what it needs."""
    runtime = ensure_runtime(progress=_say)
    stdlib_path = runtime / "python_stdlib.zip"
    if not stock_stdlib:
        stdlib = ensure_precompiled_stdlib(runtime, progress=_say)
        if stdlib.warning:
            _say(f"warning: {stdlib.warning}")
        stdlib_path = stdlib.path
    command = [
        str(node_path()), str(HERE / "run_core_tests.mjs"),
        "--runtime", str(runtime),
        "--stdlib", str(stdlib_path),
        "--wheels", str(ensure_test_wheels()),
        "--project", str(PROJECT_ROOT),
    ]
    if tests_dir is not None:
        command += ["--tests", str(tests_dir)]
    return [*command, "--", *extra]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[: argv.index("--")]
    stock_stdlib = "--stock-stdlib" in argv
    argv = [arg for arg in argv if arg != "--stock-stdlib"]
    tests_dir = None
    if argv[:1] == ["--tests"] and len(argv) == 2:
        tests_dir = Path(argv[1])
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = node_command(tests_dir, extra, stock_stdlib=stock_stdlib)
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
