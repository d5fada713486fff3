"""Build the site atomically, and serve it locally while watching for changes.

``build_site`` builds into a temporary folder beside the target and swaps it
in only when MkDocs finished without error, so a failed build leaves the
previous site exactly as it was and never a half-written one.

``serve_site`` is a small development server on the standard library: it
serves the built folder with the right MIME types and the site's security
headers, and rebuilds when a source file changes.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from site_plugins.site_config import MIME_TYPES, SECURITY_HEADERS

__all__ = ["BuildError", "build_site", "serve_site", "start_server", "RunningServer", "SiteRequestHandler",
           "WATCHED"]

Progress = Callable[[str], None]

# What a change to should trigger a rebuild, relative to the config file.
WATCHED = ("content", "flows", "overrides", "mkdocs.yml", "site_plugins/assets", "partnerships")

# Messages from our own plugins (loggers named mkdocs.plugins.infoshare...)
# are progress worth showing; MkDocs' own INFO chatter is not.
_OWN_LOGGERS = "mkdocs.plugins.infoshare"


class BuildError(Exception):
    """The site could not be built; ``messages`` holds one line per problem."""

    def __init__(self, messages: Sequence[str]):
        self.messages = [m for m in messages if m] or ["the build failed for an unknown reason"]
        super().__init__("\n".join(self.messages))


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings and errors, and forwards our plugins' progress."""

    def __init__(self, progress: Progress):
        super().__init__(logging.INFO)
        self.progress = progress
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            # A PluginError is logged once by MkDocs; don't repeat its lines.
            # Shown once: in BuildError on failure, after the build otherwise.
            for line in message.splitlines():
                if line.strip() and line not in self.problems:
                    self.problems.append(line)
        elif record.name.startswith(_OWN_LOGGERS):
            self.progress(message)


@contextlib.contextmanager
def _capture_mkdocs_logs(progress: Progress) -> Iterator[_Collector]:
    logger = logging.getLogger("mkdocs")
    collector = _Collector(progress)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.INFO)
    # If the caller (the mkdocs CLI, pytest) has its own handlers they still
    # see everything; otherwise nothing is printed twice.
    logger.propagate = old_propagate and bool(logging.getLogger().handlers)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def _swap_in(new_dir: Path, target: Path) -> None:
    """Replace ``target`` with ``new_dir`` using renames, so there is never a half site."""
    if target.exists() and not (target.is_dir() and not target.is_symlink()):
        raise BuildError([f"{target}: exists and is not a folder; remove it or choose another --site-dir"])
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        new_dir.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    site_dir: str | os.PathLike[str] = "site",
    config_file: str | os.PathLike[str] = "mkdocs.yml",
    progress: Progress = print,
    partnership: str | os.PathLike[str] | None = None,
    **overrides: Any,
) -> Path:
    """Build the site into ``site_dir`` and return its path.

    ``overrides`` are MkDocs settings (e.g. ``strict=False``) applied on top
    of ``config_file``. Raises ``BuildError`` with every message on failure;
    ``site_dir`` is then left as it was before.
    """
    # Imported here so `infoshare check` and friends don't pay for MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    config_path = Path(config_file)
    if not config_path.is_file():
        raise BuildError([f"{config_path}: no such config file (run from the project folder or pass --config)"])
    target = Path(site_dir).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Beside the target, so the final rename stays on one file system.
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    staging: Path | None = None
    started = time.monotonic()
    try:
        if partnership is not None:
            staging = Path(tempfile.mkdtemp(prefix=".edition-", dir=target.parent))
            config_path = _stage_partnership(config_path, Path(partnership), staging, progress)
        progress(f"Building the site from {config_path} ...")
        with _capture_mkdocs_logs(progress) as collector:
            try:
                config = load_config(str(config_path), site_dir=str(work), **overrides)
                build(config)
            except (Abort, ConfigurationError, MkDocsException) as error:
                raise BuildError(collector.problems or [str(error)]) from None
            except (OSError, ValueError) as error:
                raise BuildError([*collector.problems, f"{type(error).__name__}: {error}"]) from error
            for problem in collector.problems:
                progress(f"WARNING: {problem}")
        _swap_in(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    progress(f"Built the site in {time.monotonic() - started:.1f} s: {target}")
    return target


def _stage_partnership(config_path: Path, partnership: Path, staging: Path, progress: Progress) -> Path:
    """Assemble a partnership edition's project in ``staging``; return its config file."""
    from site_plugins.edition import EditionError, load_edition, page_problems, stage_partnership_site
    from site_plugins.flow_files import FlowFileError

    try:
        edition = load_edition(config_path, partnership)
        # Checked here, against the real files, so messages never name the staged copies.
        edition.load_flows()
    except (EditionError, FlowFileError) as error:
        raise BuildError(error.messages) from None
    problems = page_problems(edition)
    if problems:
        raise BuildError(problems)
    progress(f"Edition: {edition.partnership.name} ({edition.partnership.id} "
             f"{edition.partnership.edition_version})")
    return stage_partnership_site(edition, staging)


# -- serving -------------------------------------------------------------------------


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves a built site with the right MIME types and the site's security headers."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        # A development server: always fetch the latest build.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # request lines would drown the build messages


def _snapshot(root: Path, watched: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for name in watched:
        path = root / name
        paths = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for item in paths:
            with contextlib.suppress(OSError):
                stat = item.stat()
                entries.append((str(item), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


@dataclass
class RunningServer:
    """A started server: ``url`` to open, ``stop()`` to shut it down."""

    url: str
    httpd: ThreadingHTTPServer
    stop_event: threading.Event
    threads: list[threading.Thread]

    def stop(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def _watch(root: Path, before: Any, rebuild: Callable[[], None], stop: threading.Event, interval: float,
           progress: Progress) -> None:
    while not stop.wait(interval):
        now = _snapshot(root, WATCHED)
        if now != before:
            # Compare later polls with what this build saw, so an edit made while it
            # runs still triggers the next build.
            before = now
            progress("Change detected; rebuilding ...")
            rebuild()


def start_server(
    port: int = 8000,
    host: str = "127.0.0.1",
    site_dir: str | os.PathLike[str] = "site",
    config_file: str | os.PathLike[str] = "mkdocs.yml",
    progress: Progress = print,
    watch: bool = True,
    poll_interval: float = 1.0,
    **overrides: Any,
) -> RunningServer:
    """Build, then serve ``site_dir`` in background threads; see ``serve_site``."""
    site = Path(site_dir).absolute()
    root = Path(config_file).absolute().parent
    # Taken before the first build so a change made during it is not missed.
    before = _snapshot(root, WATCHED) if watch else None
    try:
        build_site(site, config_file, progress, **overrides)
    except BuildError as error:
        if not (site / "index.html").is_file():
            raise
        for message in error.messages:
            progress(message)
        progress("The build failed; serving the previous site until the next change.")

    handler = functools.partial(SiteRequestHandler, directory=str(site))
    try:
        httpd = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        raise BuildError([f"cannot serve on {host}:{port}: {error.strerror or error}; try another --port"]) from None
    httpd.daemon_threads = True
    actual_port = httpd.server_address[1]
    url = f"http://{host}:{actual_port}/"
    stop = threading.Event()
    threads = [threading.Thread(target=httpd.serve_forever, name="infoshare-http", daemon=True)]

    def rebuild() -> None:
        try:
            build_site(site, config_file, progress, **overrides)
            progress(f"Serving the new build at {url}")
        except BuildError as error:
            for message in error.messages:
                progress(message)
            progress("The build failed; still serving the previous site.")

    if watch:
        threads.append(threading.Thread(
            target=_watch, args=(root, before, rebuild, stop, poll_interval, progress), name="infoshare-watch", daemon=True,
        ))
    for thread in threads:
        thread.start()
    return RunningServer(url, httpd, stop, threads)


def serve_site(
    port: int = 8000,
    host: str = "127.0.0.1",
    site_dir: str | os.PathLike[str] = "site",
    config_file: str | os.PathLike[str] = "mkdocs.yml",
    progress: Progress = print,
    **overrides: Any,
) -> None:
    """Build the site, serve it on ``http://host:port/`` and rebuild on change.

    Blocks until interrupted (Ctrl+C raises ``KeyboardInterrupt`` to the
    caller after the server has stopped). Only ever binds to ``host``, by
    default the loopback address. Raises ``BuildError`` if the first build
    fails and there is no previous site to serve.
    """
    server = start_server(port, host, site_dir, config_file, progress, **overrides)
    progress(f"Serving {Path(site_dir)} at {server.url} (press Ctrl+C to stop)")
    try:
        while True:
            time.sleep(3600)
    finally:
        server.stop()
