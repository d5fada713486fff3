"""The built site, served locally, for the end-to-end tests.

The site is built once per test session with the real build
(``site_plugins.build.build_site``) and served twice by a small threaded
standard-library server on 127.0.0.1: at the root of one origin, and under
``/portal/`` on another (where nothing is served at the root, so a link that
wrongly starts with ``/`` fails there).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from site_plugins.build import SiteRequestHandler

ROOT = Path(__file__).resolve().parents[2]

@dataclass
class Server:
    """A running server: ``url`` ends with "/", ``site`` is the folder it serves the site from."""

    url: str
    site: Path
    httpd: ThreadingHTTPServer
    thread: threading.Thread

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _serve(directory: Path, prefix: str, site: Path) -> Server:
    handler = functools.partial(SiteRequestHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    return Server(f"http://127.0.0.1:{httpd.server_address[1]}/{prefix}", site, httpd, thread)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session from mkdocs.yml."""
    from site_plugins.build import BuildError, build_site

    target = tmp_path_factory.mktemp("e2e") / "site"
    try:
        return build_site(site_dir=target, config_file=ROOT / "mkdocs.yml", progress=lambda _: None)
    except BuildError as error:
        pytest.fail("the site does not build, so there is nothing to test end to end:\n"
                    + "\n".join(error.messages), pytrace=False)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[Server]:
    """The built site at the root of http://127.0.0.1:<port>/."""
    server = _serve(built_site, "", built_site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def subpath_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The same build at http://127.0.0.1:<port>/portal/ and nothing at the root."""
    holder = tmp_path_factory.mktemp("subpath")
    (holder / "portal").symlink_to(built_site, target_is_directory=True)
    server = _serve(holder, "portal/", built_site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def engine_flows() -> dict[str, dict]:
    """Each flow dict as the engine gets it, made from flows/*.yaml and mkdocs.yml by CPython.

    Made from the sources, not from the built flows.json, so a build that
    shipped a different flow to the browser would show up as a digest mismatch.
    """
    from mkdocs.config import load_config

    from site_plugins.flow_files import load_flow_dir
    from site_plugins.placeholders import placeholder_values, resolve_flow
    from site_plugins.site_config import infoshare_settings

    config = load_config(str(ROOT / "mkdocs.yml"))
    values = placeholder_values(*infoshare_settings(config["extra"]))
    flows = [resolve_flow(item.data, values, str(item.path)) for item in load_flow_dir(ROOT / "flows")]
    return {flow["id"]: flow for flow in flows}


def new_practitioner(browser, base_url: str, downloads: Path, **context_options: Any):
    """A fresh browser context (its own sessionStorage) and page, as a Practitioner."""
    from .person import Practitioner

    context = browser.new_context(accept_downloads=True, **context_options)
    page = context.new_page()
    return Practitioner(page, base_url, downloads)


@pytest.fixture(scope="module")
def practitioner(browser, site_server: Server, tmp_path_factory: pytest.TempPathFactory):
    """One page per test module, so Pyodide boots once per module; tests reset with Start again."""
    person = new_practitioner(browser, site_server.url, tmp_path_factory.mktemp("downloads"))
    yield person
    person.page.context.close()
