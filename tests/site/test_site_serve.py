"""The development server: headers, MIME types, and rebuild on change."""

from __future__ import annotations

import time
import urllib.request

import pytest

from site_plugins.build import BuildError, start_server
from site_plugins.site_config import CONTENT_SECURITY_POLICY


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


@pytest.fixture
def server(project):
    running = start_server(port=0, site_dir=project.site, config_file=project.config_file,
                           progress=project.messages.append, poll_interval=0.1)
    yield running
    running.stop()


def test_serves_on_loopback_with_security_headers_and_mime_types(project, server):
    assert server.url.startswith("http://127.0.0.1:")
    headers, body = fetch(server.url)
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["Referrer-Policy"] == "no-referrer"
    assert b"Welcome to Testshire partnership" in body
    project.write("site/probe.wasm", "")
    for path, mime in (("assets/infoshare/engine-worker.mjs", "text/javascript"),
                       ("assets/infoshare/flows.json", "application/json"),
                       ("flows/tiny/diagram.svg", "image/svg+xml"),
                       ("probe.wasm", "application/wasm")):
        headers, _ = fetch(server.url + path)
        assert headers.get_content_type() == mime, path


def test_rebuilds_when_content_changes_and_keeps_serving_after_a_failed_build(project, server):
    project.write("content/about.md", "# About\n\nFreshly changed.\n")
    deadline = time.monotonic() + 20
    while b"Freshly changed" not in fetch(server.url + "about/")[1]:
        assert time.monotonic() < deadline, project.messages
        time.sleep(0.2)
    project.write("content/about.md", "# About\n\n{{ contacts.nobody.phone }}\n")
    deadline = time.monotonic() + 20
    while not any("still serving the previous site" in m for m in project.messages):
        assert time.monotonic() < deadline, project.messages
        time.sleep(0.2)
    assert b"Freshly changed" in fetch(server.url + "about/")[1]
    assert any("content/about.md:3: unknown placeholder" in m for m in project.messages)


def test_first_build_failure_without_a_previous_site_is_an_error(project):
    project.write("content/about.md", "{{ contacts.nobody.phone }}\n")
    with pytest.raises(BuildError):
        start_server(port=0, site_dir=project.site, config_file=project.config_file, progress=project.messages.append)
