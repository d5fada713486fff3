"""A whole flow done with the keyboard alone: Tab, Space, Enter and arrow keys.

Nothing is clicked. The test moves focus with Tab until the control a person
is looking for (found by its label) has it, as a keyboard user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Locator, expect

from decision_core import DETAIL_FIELDS, load_flow, verify_record

from .person import ENGINE_START_MS, STEP_MS, Practitioner, details_for, expected_record, longest_route

pytestmark = pytest.mark.e2e

# More than enough for the header, navigation and a long record form.
MAX_TABS = 400


class Keyboard:
    def __init__(self, page):
        self.page = page

    def has_focus(self, target: Locator) -> bool:
        return target.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")

    def tab_to(self, target: Locator, script: str = "") -> None:
        target.wait_for(state="visible", timeout=STEP_MS)
        for _ in range(MAX_TABS):
            if self.has_focus(target) if not script else target.evaluate(script):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {target}")

    def pick_radio(self, group: Locator, label: str) -> None:
        """Tab into a radio group, then arrow to ``label`` and make sure it is chosen."""
        # Tab stops on one radio of a group (the chosen one, else the first).
        self.tab_to(group, "g => g.contains(document.activeElement) && document.activeElement.type === 'radio'")
        target = group.get_by_role("radio", name=label, exact=True)
        for _ in range(group.get_by_role("radio").count()):
            if self.has_focus(target):
                break
            self.page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"arrow keys never reached {label!r}")
        self.page.keyboard.press("Space")
        expect(target).to_be_checked()

    def press_button(self, name: str, key: str = "Enter") -> None:
        self.tab_to(self.page.get_by_role("button", name=name, exact=True))
        self.page.keyboard.press(key)

    def type_into(self, control: Locator, kind: str, value: str) -> None:
        self.tab_to(control)
        if kind == "datetime":
            # Chromium's date-time box takes digits segment by segment (en-US order).
            date, time = value.split("T")
            year, month, day = date.split("-")
            hour, minute = (int(x) for x in time.split(":"))
            self.page.keyboard.type(f"{month}{day}{year}")
            self.page.keyboard.press("Tab")
            self.page.keyboard.type(f"{(hour - 1) % 12 + 1:02d}{minute:02d}{'AM' if hour < 12 else 'PM'}")
        else:
            self.page.keyboard.type(value)
        expect(control).to_have_value(value)


@pytest.fixture
def keyboard_person(browser, site_server, tmp_path):
    context = browser.new_context(accept_downloads=True, locale="en-US")
    person = Practitioner(context.new_page(), site_server.url, tmp_path)
    yield person
    context.close()


def test_whole_flow_by_keyboard(keyboard_person, engine_flows):
    person = keyboard_person
    page = person.page
    keys = Keyboard(page)
    flow = engine_flows["share-information"]
    route = longest_route(flow)
    person.open_flow(flow)

    for i, (node, value) in enumerate(route.steps):
        question = route.question(node)
        person.expect_question(question, ENGINE_START_MS if i <= 1 else STEP_MS)
        keys.pick_radio(page.get_by_role("group", name=question, exact=True), route.label(node, value))
        keys.press_button("Continue")
    expect(person.heading("Check your answers")).to_be_visible(timeout=ENGINE_START_MS)
    # Each new step moves focus to its heading, so a keyboard user starts there.
    expect(person.heading("Check your answers")).to_be_focused()
    keys.press_button("Continue")
    expect(person.heading(route.outcome_title)).to_be_focused()

    details = details_for(route.record_fields)
    for key, value in details.items():
        spec = DETAIL_FIELDS[key]
        if spec.kind == "choice":
            keys.pick_radio(person.choice_group(key, route.record_fields), dict(spec.choices)[value])
        else:
            keys.type_into(person.field(key, route.record_fields), spec.kind, value)
    keys.press_button("Create the decision record")
    expect(person.heading("Your decision record is ready")).to_be_focused()

    with page.expect_download(timeout=STEP_MS) as info:
        keys.press_button("Download record (JSON)")
    record = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert verify_record(record, [load_flow(flow)]) == []
    expected = expected_record(route, details)
    assert (record["outcome"], record["details"]) == (expected["outcome"], expected["details"])
    assert [s["answer"] for s in record["path"]] == [v for _, v in route.steps]
