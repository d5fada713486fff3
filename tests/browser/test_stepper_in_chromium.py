"""stepper.js and engine-worker.mjs in Chromium, on the harness site (no MkDocs).

The real engine runs (Pyodide + the decision_core wheel). The whole-site
journeys live in tests/e2e/; these pin the stepper's own behaviour: the
queue before the engine is ready, validation, focus, Change, the record,
sessionStorage only, and Start again.
"""

from __future__ import annotations

import functools
import json
import threading
from http.server import ThreadingHTTPServer

import pytest

from site_plugins.build import SiteRequestHandler
from tests.browser.harness import build_harness_site

pytestmark = pytest.mark.e2e

FLOW = "share-information"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("harness")
    build_harness_site(site)
    handler = type("Handler", (SiteRequestHandler,), {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.handler_class = handler
    yield httpd, f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def served(site_url):
    httpd, url = site_url
    yield httpd.handler_class, url
    httpd.handler_class.delay = 0.0


@pytest.fixture
def page(browser):
    # Our own page: pytest-playwright's ``page`` pulls in its ``base_url``
    # fixture, which warns (an error here) on this pytest.
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def heading(page) -> str:
    return page.locator("h1:visible").first.inner_text()


def wait_ready(page) -> None:
    page.locator("#infoshare-stepper[data-engine='ready']").wait_for(state="attached", timeout=60_000)


def answer(page, label: str) -> None:
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def to_check_answers(page, label: str = "Yes") -> None:
    for _ in range(15):
        if heading(page) == "Check your answers":
            return
        before = heading(page)
        radios = page.get_by_role("radio")
        names = [r.get_attribute("value") for r in radios.all()]
        target = radios.nth(names.index("yes") if label == "Yes" and "yes" in names else 0)
        target.check()
        page.get_by_role("button", name="Continue").click()
        # Poll from Python: wait_for_function needs eval, which the CSP forbids.
        for _ in range(100):
            if heading(page) != before:
                break
            page.wait_for_timeout(20)
    raise AssertionError(f"never reached Check your answers; stuck at {heading(page)!r}")


def test_without_javascript_answers_are_links(browser, served):
    _, url = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + f"flows/{FLOW}/")
    assert page.get_by_role("radio").count() == 0
    flow = next(f for f in json.loads(
        page.request.get(url + "assets/infoshare/flows.json").text())["flows"] if f["id"] == FLOW)
    start = flow["nodes"][flow["start"]]
    assert heading(page) == start["text"]
    for item in start["answers"]:
        link = page.get_by_role("link", name=item["label"], exact=True)
        assert link.get_attribute("href") == f"{item['next']}/"
    context.close()


def test_continue_without_an_answer_shows_an_error(page, served):
    _, url = served
    page.goto(url + f"flows/{FLOW}/")
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    assert "Select an answer" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('infoshare-error-summary')")
    assert page.title().startswith("Error: ")
    fieldset = page.locator("form.infoshare-form fieldset")
    assert "infoshare-answer-error" in fieldset.get_attribute("aria-describedby")


def test_an_answer_given_before_the_engine_is_ready_is_kept(page, served):
    handler, url = served
    handler.delay = 2.0
    page.goto(url + f"flows/{FLOW}/")
    first = heading(page)
    answer(page, "Yes")
    assert page.locator(".infoshare-status").inner_text() == "Getting ready…"
    assert heading(page) == first
    wait_ready(page)
    for _ in range(200):
        if heading(page) != first:
            break
        page.wait_for_timeout(25)
    assert heading(page) != first
    assert page.locator(".infoshare-progress").inner_text() == "Question 2"
    assert page.evaluate("document.activeElement.tagName") == "H1"


def test_full_journey_record_and_start_again(page, served):
    _, url = served
    other_origins = []
    page.on("request", lambda r: r.url.startswith(("http", "ws")) and not r.url.startswith(url)
            and other_origins.append(r.url))
    address = url + f"flows/{FLOW}/"
    page.goto(address)
    wait_ready(page)
    to_check_answers(page)
    rows = page.locator(".infoshare-summary-list__row")
    assert rows.count() >= 2

    # Change the first answer: back to the first question with it preselected.
    page.locator(".infoshare-change-link").first.click()
    page.get_by_role("button", name="Continue").wait_for()
    assert page.locator(".infoshare-progress").inner_text() == "Question 1"
    assert page.locator("form.infoshare-form input:checked").count() == 1
    to_check_answers(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Record your decision").wait_for()

    # Submitting the empty form lists what the outcome needs.
    page.get_by_role("button", name="Create the decision record").click()
    page.locator(".infoshare-error-summary").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('infoshare-error-summary')")
    for group in page.locator(".infoshare-form-group--error").all():
        radios = group.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
            continue
        field = group.locator("input, textarea").first
        kind = field.get_attribute("type")
        field.fill({"datetime-local": "2026-11-22T10:00", "date": "2026-11-22"}.get(kind, "Test"))
    page.get_by_role("button", name="Create the decision record").click()
    page.get_by_role("heading", name="Your decision record is ready").wait_for()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download record (JSON)").click()
    assert download.value.suggested_filename.startswith(f"decision-record-{FLOW}-")
    record = json.loads(download.value.path().read_text("utf-8"))
    assert record["flow"]["id"] == FLOW and record["integrity"]["algorithm"] == "sha256"

    # Reload keeps the session; nothing in the URL, localStorage or cookies.
    page.reload()
    page.get_by_role("heading", name="Your decision record is ready").wait_for()
    assert page.url == address
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("Object.keys(sessionStorage)") == [f"infoshare:{FLOW}"]

    page.get_by_role("button", name="Start again").click()
    assert page.locator(".infoshare-progress").inner_text() == "Question 1"
    page.wait_for_timeout(200)
    assert page.evaluate("sessionStorage.length") == 0
    assert other_origins == []
