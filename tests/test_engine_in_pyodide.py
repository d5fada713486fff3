"""The engine as shipped, run inside real Pyodide under Node.js.

Slow (a few seconds each, plus a one-off download into the user cache), so
marked ``pyodide``: ``make test-fast`` leaves them out.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

from site_plugins.node import node_path
from site_plugins.pyodide_install import install_runtime

pytestmark = pytest.mark.pyodide

HERE = Path(__file__).parent
_TIMEOUT = 900  # seconds; the suite takes ~5 s, hypothesis may add more


def _runner():
    # Loaded by path: tests/ is not a package, and a module named after the
    # folder "pyodide" would shadow the real thing inside Pyodide's own tools.
    spec = importlib.util.spec_from_file_location(
        "run_core_tests", HERE / "pyodide" / "run_core_tests.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_core_tests_pass_inside_pyodide():
    done = subprocess.run(
        _runner().node_command(), capture_output=True, text=True, timeout=_TIMEOUT, check=False
    )
    output = done.stdout + done.stderr
    summary = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed|error)", line)]
    assert done.returncode == 0, f"pytest in Pyodide exited {done.returncode}:\n{output[-6000:]}"
    assert summary, f"no pytest summary line in:\n{output[-3000:]}"
    passed = re.search(r"(\d+) passed", summary[-1])
    assert passed and int(passed.group(1)) > 0, summary[-1]
    assert not re.search(r"\d+ (failed|errors?)\b", summary[-1]), summary[-1]


def test_built_site_engine_boots_from_engine_config(tmp_path):
    result = install_runtime(tmp_path)
    done = subprocess.run(
        [str(node_path()), str(HERE / "pyodide" / "site_engine_smoke.mjs"), "--site", str(tmp_path)],
        capture_output=True, text=True, timeout=_TIMEOUT, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    assert reply["reply"] == {"ok": True, "flows": []}
    assert reply["facade_file"].endswith("site-packages/decision_core/facade.py")
    # The site ships the precompiled stdlib, and the config says so.
    assert result.config["precompiled"] is True
    assert reply["json_file"].endswith(".pyc")
