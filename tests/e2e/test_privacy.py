"""Privacy in a real browser: nothing goes to another origin, answers stay out of URLs,
and nothing is kept in localStorage or cookies.

Chromium is launched without its own background traffic (see tests/conftest.py),
so every request seen here comes from the site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .person import Practitioner, longest_route

pytestmark = pytest.mark.e2e

# Scheme-only URLs the page makes itself (the record's blob: download, inline images).
LOCAL_SCHEMES = {"data", "blob", "about"}


class Watcher:
    """Every request a browser context makes, and any CSP violation its pages report."""

    def __init__(self, context):
        self.urls: list[str] = []
        self.csp: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(message.text)

    def foreign(self, origin: str) -> list[str]:
        return sorted({u for u in self.urls
                       if urlsplit(u).scheme not in LOCAL_SCHEMES and not u.startswith(origin)})


def html_pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def watched(browser):
    context = browser.new_context(accept_downloads=True)
    watcher = Watcher(context)
    yield context, watcher
    context.close()


def test_no_page_requests_another_origin(watched, site_server):
    context, watcher = watched
    origin = site_server.url
    page = context.new_page()
    pages = html_pages(site_server.site)
    assert len(pages) > 20, pages
    for path in pages:
        page.goto(origin + path, wait_until="load")
    page.close()
    assert watcher.foreign(origin) == []
    assert watcher.csp == []


def test_a_completed_flow_requests_nothing_elsewhere_and_keeps_answers_out_of_urls(
        watched, site_server, engine_flows, tmp_path):
    context, watcher = watched
    origin = site_server.url
    person = Practitioner(context.new_page(), origin, tmp_path)
    navigations: list[str] = []
    person.page.on("framenavigated", lambda frame: navigations.append(frame.url))
    flow = engine_flows["share-information"]
    route = longest_route(flow)
    person.open_flow(flow)
    person.complete(route)  # includes the engine worker's fetches and the download

    # The engine worker's own fetches are seen here too, so they are checked.
    assert any(urlsplit(u).path.endswith(".wasm") for u in watcher.urls)
    assert watcher.foreign(origin) == []
    assert watcher.csp == []
    # Answer values and labels never travel in a query string or fragment.
    words = {a[k].lower() for node in flow["nodes"].values() for a in node.get("answers", [])
             for k in ("value", "label")}
    for url in [*watcher.urls, *navigations, person.page.url]:
        parts = urlsplit(url)
        tokens = set(re.split(r"[^a-z0-9-]+", f"{parts.query} {parts.fragment}".lower())) - {""}
        assert not tokens & words, f"an answer appears in {url}"
    assert person.page.url == person.flow_url(flow)
    expect(person.heading("Your decision record is ready")).to_be_visible()
    assert person.page.evaluate("localStorage.length") == 0
    assert context.cookies() == []
