"""MkDocs plugin ``infoshare-pyodide``: ship the Pyodide engine with the site.

A thin adapter over :func:`site_plugins.pyodide_install.install_runtime`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from site_plugins.pyodide_install import install_runtime
from site_plugins.pyodide_runtime import (
    PYODIDE_INTEGRITY,
    PYODIDE_VERSION,
    RuntimeFetchError,
    RuntimeSpec,
)
from site_plugins.wheel import WheelBuildError

__all__ = ["PyodideConfig", "PyodidePlugin"]

log = logging.getLogger("mkdocs.plugins.infoshare.pyodide")


class PyodideConfig(base.Config):
    """Options of the ``infoshare-pyodide`` plugin."""

    enabled = c.Type(bool, default=True)
    """Install the engine runtime. Turn off for quick content-only previews;
    the question pages still work without it."""

    version = c.Type(str, default=PYODIDE_VERSION)
    """Version of the npm ``pyodide`` package. Changing it requires a matching
    ``integrity``."""

    integrity = c.Type(str, default=PYODIDE_INTEGRITY)
    """Subresource-Integrity hash of the tarball (``npm view pyodide@<version>
    dist.integrity``). The build stops if the bytes differ."""

    tarball_url = c.Optional(c.Type(str))
    """HTTPS URL of the tarball. Default: the npm registry's URL for
    ``version``."""

    local_tarball = c.Optional(c.Type(str))
    """A ``pyodide-<version>.tgz`` on disk to use instead of downloading
    (still integrity-checked). Relative to mkdocs.yml. The environment variable
    ``INFOSHARE_PYODIDE_TARBALL`` does the same."""

    local_dir = c.Optional(c.Type(str))
    """An already extracted ``pyodide`` package to use as it is. Relative to
    mkdocs.yml. The environment variable ``INFOSHARE_PYODIDE_DIR`` does the
    same."""

    precompile = c.Type(bool, default=True)
    """Ship the stdlib compiled to bytecode, which starts the engine over a
    second faster. Falls back to the stock stdlib, with a warning, if
    compiling fails."""


class PyodidePlugin(BasePlugin[PyodideConfig]):
    """Copies Pyodide, the stdlib and the decision_core wheel into the site."""

    # post_build: the runtime is assets, not pages, so it needs only the final
    # site_dir, and running last means a content error fails the build before
    # we spend time copying 13 MB.
    def on_post_build(self, *, config) -> None:
        """Install the runtime into ``site_dir``; errors become PluginError."""
        if not self.config.enabled:
            return
        spec = self._spec()
        base_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            result = install_runtime(
                config.site_dir,
                spec=spec,
                local_tarball=_resolve(base_dir, self.config.local_tarball),
                local_dir=_resolve(base_dir, self.config.local_dir),
                precompile=self.config.precompile,
                progress=log.info,
            )
        except (RuntimeFetchError, WheelBuildError, OSError) as error:
            raise PluginError(f"infoshare-pyodide: {error}") from error
        if result.warning:
            # Shown, but not as a MkDocs warning: under `strict: true` that would fail the
            # build, and a slower engine start is better than no portal.
            log.info(f"WARNING: {result.warning}")

    def _spec(self) -> RuntimeSpec:
        version = self.config.version
        integrity = self.config.integrity
        if version != PYODIDE_VERSION and integrity == PYODIDE_INTEGRITY:
            raise PluginError(
                f"infoshare-pyodide: 'version' is {version} but 'integrity' is "
                f"still the one for {PYODIDE_VERSION}. Set 'integrity' to the "
                f"output of 'npm view pyodide@{version} dist.integrity'."
            )
        url = self.config.tarball_url or (
            f"https://registry.npmjs.org/pyodide/-/pyodide-{version}.tgz"
        )
        return RuntimeSpec(version=version, integrity=integrity, tarball_url=url)


def _resolve(base_dir: Path, value: str | None) -> Path | None:
    return None if not value else base_dir / Path(value).expanduser()
