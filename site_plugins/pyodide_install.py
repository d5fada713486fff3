"""Put the engine runtime into a built site.

Writes ``assets/pyodide/<version>/`` (Pyodide, the stdlib zip, the
decision_core wheel) and ``assets/infoshare/engine-config.json``, which tells
``engine-worker.mjs`` where each file is. Every URL in the config is relative
to the config file's own directory, so the site works under any sub-path.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_plugins.pyodide_runtime import (
    SITE_RUNTIME_FILES,
    Progress,
    RuntimeSpec,
    ensure_runtime,
    trimmed_lock,
)
from site_plugins.stdlib_precompile import ensure_precompiled_stdlib
from site_plugins.wheel import build_decision_core_wheel

__all__ = ["InstallResult", "install_runtime"]

CONFIG_PATH = Path("assets/infoshare/engine-config.json")


@dataclass(frozen=True)
class InstallResult:
    """What :func:`install_runtime` wrote, for logging and tests."""

    runtime_dir: Path  # assets/pyodide/<version>/ inside the site
    config_path: Path  # assets/infoshare/engine-config.json inside the site
    config: dict
    warning: str | None  # set when the precompiled stdlib fell back to stock


def install_runtime(
    site_dir: str | os.PathLike[str],
    *,
    spec: RuntimeSpec = RuntimeSpec(),
    local_tarball: str | os.PathLike[str] | None = None,
    local_dir: str | os.PathLike[str] | None = None,
    precompile: bool = True,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> InstallResult:
    """Copy the Pyodide runtime and decision_core wheel into ``site_dir``.

    Fetches (or reuses from cache) the pinned runtime, precompiles the stdlib
    when ``precompile`` is true (falling back to the stock zip with a warning),
    builds the wheel, and writes ``engine-config.json``. Raises
    :class:`~site_plugins.pyodide_runtime.RuntimeFetchError` or
    :class:`~site_plugins.wheel.WheelBuildError`; on error the site's
    ``assets/pyodide/<version>/`` is left as it was.
    """
    site = Path(site_dir)
    source = ensure_runtime(
        spec, local_tarball=local_tarball, local_dir=local_dir, cache_dir=cache_dir, progress=progress
    )
    if precompile:
        stdlib = ensure_precompiled_stdlib(
            source, version=spec.version, cache_dir=cache_dir, progress=progress
        )
        stdlib_path, precompiled, warning = stdlib.path, stdlib.precompiled, stdlib.warning
    else:
        stdlib_path, precompiled, warning = source / "python_stdlib.zip", False, None

    target = site / "assets" / "pyodide" / spec.version
    target.parent.mkdir(parents=True, exist_ok=True)
    # Fill a sibling temp dir and rename it into place, so a failure here never
    # leaves a runtime directory with some files missing.
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        for name in SITE_RUNTIME_FILES:
            shutil.copyfile(source / name, staging / name)
        shutil.copyfile(stdlib_path, staging / "python_stdlib.zip")
        wheel = build_decision_core_wheel(staging)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    base = f"../pyodide/{spec.version}/"
    config = {
        "pyodide_version": spec.version,
        "index_url": base,
        "stdlib_url": base + "python_stdlib.zip",
        "wheel_url": base + wheel.name,
        "lock_file_contents": trimmed_lock(source),
        "precompiled": precompiled,
    }
    config_path = site / CONFIG_PATH
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return InstallResult(target, config_path, config, warning)
