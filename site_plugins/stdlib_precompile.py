"""Build (and cache) a precompiled ``python_stdlib.zip`` for fast engine start.

Stock Pyodide ships the stdlib as ``.py`` sources, so every page load spends
over a second compiling the modules Pyodide imports at boot. We compile them
once, at build time, inside Pyodide running under Node (so the bytecode magic
is the engine's own), check that the result boots, and cache it next to the
runtime, keyed by the Pyodide version and a hash of everything that shapes the
output. If any step fails the stock zip is used and a warning returned: a
slower engine beats a broken build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_plugins.node import NodeNotFoundError, node_path
from site_plugins.pyodide_runtime import PYODIDE_VERSION, Progress, version_cache_dir

__all__ = ["StdlibResult", "ensure_precompiled_stdlib", "precompile_key"]

log = logging.getLogger("infoshare.pyodide")

_HERE = Path(__file__).parent
_JS = _HERE / "js"
# Everything that decides the bytes of the output; a change to any of them
# must invalidate the cache.
_INPUTS = (_HERE / "sourceless_zip.py", _JS / "precompile_stdlib.mjs", _JS / "boot.mjs")
_NODE_TIMEOUT = 600  # seconds; compiling takes ~5 s on a 2-core machine


@dataclass(frozen=True)
class StdlibResult:
    """The stdlib zip to ship. ``warning`` is set when we fell back to stock."""

    path: Path
    precompiled: bool
    warning: str | None = None


def precompile_key(stock_zip: Path) -> str:
    """Short hash of the compile scripts and the stock zip they start from."""
    digest = hashlib.sha256()
    for path in (*_INPUTS, stock_zip):
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def ensure_precompiled_stdlib(
    runtime_dir: Path,
    *,
    version: str = PYODIDE_VERSION,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> StdlibResult:
    """Return the precompiled stdlib for the runtime in ``runtime_dir``.

    Uses ``<cache>/pyodide/<version>/stdlib-<key>/python_stdlib.zip`` when
    present; otherwise builds it with Node (about 5 s), boots it once to prove
    it works, and caches it atomically. Never raises for a failed precompile:
    returns the stock zip with ``precompiled=False`` and a ``warning``.
    """
    say = progress or (lambda message: None)
    runtime_dir = Path(runtime_dir)
    stock = runtime_dir / "python_stdlib.zip"
    final_dir = version_cache_dir(version, cache_dir) / f"stdlib-{precompile_key(stock)}"
    final = final_dir / "python_stdlib.zip"
    if final.is_file():
        return StdlibResult(final, precompiled=True)

    say(f"Precompiling the Pyodide {version} stdlib to bytecode (once per version)")
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-stdlib-", dir=final_dir.parent))
    try:
        built = staging / "python_stdlib.zip"
        summary = _run_node(
            "precompile_stdlib.mjs",
            "--runtime", str(runtime_dir),
            "--script", str(_HERE / "sourceless_zip.py"),
            "--out", str(built),
        )
        for kept in summary.get("kept_as_source", []):
            log.info("kept as source (does not compile in Pyodide): %s", kept)
        check = _run_node("boot_check.mjs", "--runtime", str(runtime_dir), "--stdlib", str(built))
        if not check["runs"][0]["json_file"].endswith(".pyc"):
            raise _PrecompileError("the precompiled zip booted but imported sources")
        try:
            os.replace(staging, final_dir)
        except OSError:
            if not final.is_file():  # not merely a concurrent build that won
                raise
        say(f"  compiled {summary.get('compiled')} modules")
        return StdlibResult(final, precompiled=True)
    except (_PrecompileError, NodeNotFoundError, OSError, ValueError, KeyError) as error:
        warning = (
            f"could not precompile the Pyodide stdlib ({error}); shipping the "
            f"stock python_stdlib.zip, so the engine will start about 1.5 s slower."
        )
        log.warning(warning)
        return StdlibResult(stock, precompiled=False, warning=warning)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _PrecompileError(Exception):
    pass


def _run_node(script: str, *args: str) -> dict:
    try:
        done = subprocess.run(
            [str(node_path()), str(_JS / script), *args],
            capture_output=True,
            text=True,
            timeout=_NODE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _PrecompileError(f"{script} took longer than {_NODE_TIMEOUT} s") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise _PrecompileError(f"{script} exited {done.returncode}: {' | '.join(tail)}")
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise _PrecompileError(f"{script} printed no JSON summary") from None
