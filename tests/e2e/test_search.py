"""The built-in search finds each main topic, as a person would use it: type in the
search box, then follow a result to the page that explains it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TOPICS = [
    ("Gillick", "Consent"),
    ("consent", "Consent"),
    ("police", "Requests from the police"),
    ("special category", "Lawful bases for sharing"),
    ("recording", "Recording your decision"),
    ("golden rules", "The seven golden rules for sharing information"),
]


@pytest.fixture
def reader(browser):
    # A fresh context each time: Material remembers the last search in the tab.
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("query, page_title", TOPICS)
def test_search_finds_the_topic(reader, site_server, query, page_title):
    page = reader
    page.goto(site_server.url)
    page.get_by_role("textbox", name="Search").fill(query)
    results = page.locator(".md-search-result__list")
    # Material lists each page once with its title; the explaining page must be among them.
    result = results.get_by_role("link").filter(
        has=page.get_by_role("heading", name=page_title, exact=True)).first
    expect(result).to_be_visible(timeout=15_000)
    result.click()
    # The heading carries a permalink sign, so its name only starts with the title.
    expect(page.get_by_role("heading", level=1, name=page_title)).to_be_visible()
