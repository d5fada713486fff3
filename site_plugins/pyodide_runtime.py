"""Fetch, verify and cache the Pyodide runtime the site ships.

The runtime comes from the npm ``pyodide`` package, pinned by version and by
its Subresource-Integrity hash, so a build either uses exactly the bytes we
reviewed or stops. Only the files needed to boot are kept (see
:data:`RUNTIME_FILES`); the site never loads packages from Pyodide's lock file,
so the 2,000-package index and the CDN it points to are left out.

Sources, in order of preference:

1. ``local_dir`` / ``$INFOSHARE_PYODIDE_DIR``: an already extracted package.
2. the cache (``$INFOSHARE_CACHE_DIR`` or the user cache dir) if complete.
3. ``local_tarball`` / ``$INFOSHARE_PYODIDE_TARBALL``: a ``.tgz`` on disk.
4. the npm registry over HTTPS.

Tarballs (local or downloaded) are always integrity-checked.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PYODIDE_INTEGRITY",
    "PYODIDE_TARBALL_URL",
    "PYODIDE_VERSION",
    "RUNTIME_FILES",
    "SITE_RUNTIME_FILES",
    "Progress",
    "RuntimeFetchError",
    "RuntimeSpec",
    "cache_root",
    "ensure_runtime",
    "trimmed_lock",
    "verify_integrity",
]

PYODIDE_VERSION = "314.0.7"
PYODIDE_INTEGRITY = (
    "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+"
    "SNvi/6V5JEsOlD2R1A=="
)
PYODIDE_TARBALL_URL = "https://registry.npmjs.org/pyodide/-/pyodide-314.0.7.tgz"

# What pyodide.mjs needs to boot: it imports pyodide.asm.mjs, which
# instantiates pyodide.asm.wasm, then mounts python_stdlib.zip. The lock file
# is read only to build a trimmed copy (passed as lockFileContents).
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# The subset copied into the built site.
SITE_RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")

ENV_CACHE_DIR = "INFOSHARE_CACHE_DIR"
ENV_TARBALL = "INFOSHARE_PYODIDE_TARBALL"
ENV_DIR = "INFOSHARE_PYODIDE_DIR"

_MARKER = ".infoshare-runtime.json"
_DOWNLOAD_TIMEOUT = 60  # seconds without data before giving up
_CHUNK = 1 << 16

Progress = Callable[[str], None]


class RuntimeFetchError(RuntimeError):
    """The Pyodide runtime could not be obtained or failed verification."""


@dataclass(frozen=True)
class RuntimeSpec:
    """Which Pyodide release to use and how to check it."""

    version: str = PYODIDE_VERSION
    integrity: str = PYODIDE_INTEGRITY
    tarball_url: str = PYODIDE_TARBALL_URL


def cache_root() -> Path:
    """Directory for every cached download: ``$INFOSHARE_CACHE_DIR`` or the
    platform's user cache dir for ``infoshare``."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("infoshare"))


def version_cache_dir(version: str, cache_dir: Path | None = None) -> Path:
    """``<cache>/pyodide/<version>/``: the runtime and its derived files."""
    return (cache_dir or cache_root()) / "pyodide" / version


def verify_integrity(data: bytes, integrity: str, *, what: str = "tarball") -> None:
    """Check ``data`` against an SRI string such as ``sha512-<base64>``.

    Raises :class:`RuntimeFetchError` naming both digests on mismatch.
    """
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in {"sha256", "sha384", "sha512"} or not expected:
        raise RuntimeFetchError(
            f"integrity '{integrity}' is not of the form 'sha512-<base64>'; "
            f"copy it from 'npm view pyodide@<version> dist.integrity'."
        )
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if actual != expected:
        raise RuntimeFetchError(
            f"the Pyodide {what} failed its integrity check: expected "
            f"{algorithm}-{expected}, got {algorithm}-{actual}. The file is "
            f"corrupt or not the pinned release; delete it and fetch again."
        )


def ensure_runtime(
    spec: RuntimeSpec = RuntimeSpec(),
    *,
    local_tarball: str | os.PathLike[str] | None = None,
    local_dir: str | os.PathLike[str] | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Return a directory holding every file in :data:`RUNTIME_FILES`.

    ``local_tarball`` and ``local_dir`` default to ``$INFOSHARE_PYODIDE_TARBALL``
    and ``$INFOSHARE_PYODIDE_DIR``. ``cache_dir`` defaults to :func:`cache_root`.
    A directory is used as it is; anything else is extracted into the cache,
    atomically, so an interrupted run never leaves a half-written runtime.
    Raises :class:`RuntimeFetchError` with instructions when it cannot.
    """
    say = progress or (lambda message: None)
    local_dir = local_dir or os.environ.get(ENV_DIR) or None
    if local_dir:
        return _check_local_dir(Path(local_dir))

    target = version_cache_dir(spec.version, cache_dir) / "runtime"
    if _cache_is_complete(target, spec):
        return target

    local_tarball = local_tarball or os.environ.get(ENV_TARBALL) or None
    if local_tarball:
        path = Path(local_tarball)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise RuntimeFetchError(
                f"cannot read the local Pyodide tarball '{path}': {error.strerror}. "
                f"Check the path given by {ENV_TARBALL} or the plugin's "
                f"'local_tarball' option."
            ) from None
        verify_integrity(data, spec.integrity, what=f"tarball '{path}'")
    else:
        data = _download(spec, say)
        verify_integrity(data, spec.integrity, what=f"tarball from {spec.tarball_url}")

    say(f"Extracting Pyodide {spec.version} runtime files")
    _extract_atomically(data, target, spec)
    return target


def trimmed_lock(runtime_dir: Path) -> str:
    """The runtime's ``pyodide-lock.json`` with its ``info`` only.

    The engine loads no packages from the lock (the decision_core wheel is
    unpacked directly), so the 120 kB package index is dead weight that would
    otherwise be fetched on every page load.
    """
    path = Path(runtime_dir) / "pyodide-lock.json"
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
        info = lock["info"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise RuntimeFetchError(
            f"cannot read the 'info' section of '{path}': {error}. Delete the "
            f"cached runtime so it is fetched again."
        ) from None
    return json.dumps({"info": info, "packages": {}}, sort_keys=True, separators=(",", ":"))


def _check_local_dir(directory: Path) -> Path:
    # An unpacked npm tarball has its files under package/; accept both.
    for candidate in (directory, directory / "package"):
        if all((candidate / name).is_file() for name in RUNTIME_FILES):
            return candidate
    missing = [name for name in RUNTIME_FILES if not (directory / name).is_file()]
    raise RuntimeFetchError(
        f"the Pyodide directory '{directory}' (from {ENV_DIR} or the plugin's "
        f"'local_dir' option) lacks {', '.join(missing)}. Point it at an "
        f"extracted 'pyodide' npm package."
    )


def _cache_is_complete(target: Path, spec: RuntimeSpec) -> bool:
    # The marker is written last (inside the temp dir, before the rename), so
    # its presence means the directory is whole; the integrity it records
    # guards against a config change that keeps the version but swaps bytes.
    try:
        marker = json.loads((target / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(marker, dict)
        and marker.get("integrity") == spec.integrity
        and all((target / name).is_file() for name in RUNTIME_FILES)
    )


def _download(spec: RuntimeSpec, say: Progress) -> bytes:
    how_to = (
        f"To build offline, download {spec.tarball_url} on a connected machine "
        f"(or run 'npm pack pyodide@{spec.version}') and set {ENV_TARBALL}="
        f"/path/to/pyodide-{spec.version}.tgz, or set {ENV_DIR} to an extracted "
        f"copy, or copy a filled cache into {ENV_CACHE_DIR}."
    )
    if not spec.tarball_url.startswith("https://"):
        raise RuntimeFetchError(
            f"refusing to fetch Pyodide from '{spec.tarball_url}': only https:// "
            f"URLs are allowed. {how_to}"
        )
    say(f"Downloading Pyodide {spec.version} from {spec.tarball_url}")
    try:
        with urllib.request.urlopen(spec.tarball_url, timeout=_DOWNLOAD_TIMEOUT) as response:
            total = int(response.headers.get("Content-Length") or 0)
            buffer = io.BytesIO()
            next_report = 0.25
            while chunk := response.read(_CHUNK):
                buffer.write(chunk)
                if total and buffer.tell() / total >= next_report:
                    say(f"  {buffer.tell() * 100 // total}% of {total / 1e6:.1f} MB")
                    next_report += 0.25
            return buffer.getvalue()
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise RuntimeFetchError(
            f"Pyodide {spec.version} is not in the cache and could not be "
            f"downloaded ({reason}). {how_to}"
        ) from None


def _extract_atomically(data: bytes, target: Path, spec: RuntimeSpec) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-runtime-", dir=target.parent))
    try:
        try:
            archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
        except tarfile.TarError as error:
            raise RuntimeFetchError(f"the Pyodide tarball is not a valid .tgz: {error}") from None
        with archive:
            # Read named members only: nothing in the archive chooses a path.
            for name in RUNTIME_FILES:
                try:
                    member = archive.getmember(f"package/{name}")
                    source = archive.extractfile(member)
                except KeyError:
                    source = None
                if source is None:
                    raise RuntimeFetchError(
                        f"the Pyodide tarball has no regular file 'package/{name}'; "
                        f"is it really the npm 'pyodide' package?"
                    )
                with source, open(staging / name, "wb") as out:
                    shutil.copyfileobj(source, out)
        marker = {"version": spec.version, "integrity": spec.integrity}
        (staging / _MARKER).write_text(json.dumps(marker), encoding="utf-8")
        _replace_dir(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace_dir(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target``; an old incomplete ``target`` is dropped."""
    if target.exists():
        # Incomplete or stale (we only get here when the marker check failed).
        doomed = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.replace(target, doomed)
        shutil.rmtree(doomed, ignore_errors=True)
    try:
        os.replace(staging, target)
    except OSError:
        # Another process won the race with a complete copy: use theirs.
        if not (target / _MARKER).is_file():
            raise
