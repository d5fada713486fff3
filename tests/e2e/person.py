"""A practitioner using the portal, for the end-to-end tests.

Everything here acts as a person would: it finds things by what they see
(headings, labels, button names) through Playwright's role and label
locators, never by element ids or classes, so a test fails when the page
stops making sense to a person, not when the markup is tidied.

``expected_record`` gives what CPython's ``decision_core`` makes from the
same answers and details, to compare with the file the browser hands over.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from decision_core import DETAIL_FIELDS, Session, analyse, build_record, check_details, load_flow
from decision_core.details import GROUP_TITLES

__all__ = ["ENGINE_START_MS", "STEP_MS", "Route", "Practitioner", "routes_to_every_outcome", "longest_route",
           "details_for", "expected_record"]

# Pyodide boots in a few seconds on a laptop; a loaded CI machine may take
# much longer. Once it runs, each step is a few milliseconds.
ENGINE_START_MS = 60_000
STEP_MS = 15_000

MORE_DETAILS = "Add more to the record (optional)"


@dataclass(frozen=True)
class Route:
    """One way through a flow: the (question, answer value) pairs and the outcome they reach."""

    flow: dict
    steps: tuple[tuple[str, str], ...]
    outcome: str

    @property
    def id(self) -> str:
        return f"{self.flow['id']}:{self.outcome}"

    def question(self, node: str) -> str:
        return self.flow["nodes"][node]["text"]

    def label(self, node: str, value: str) -> str:
        return next(a["label"] for a in self.flow["nodes"][node]["answers"] if a["value"] == value)

    @property
    def outcome_title(self) -> str:
        return self.flow["nodes"][self.outcome]["title"]

    @property
    def record_fields(self) -> list[str]:
        return list(self.flow["nodes"][self.outcome].get("record_fields") or [])


def longest_route(flow: dict) -> Route:
    """The route with the most questions (the first found on ties)."""
    path = max(analyse(load_flow(flow)).paths, key=lambda p: len(p.steps))
    return Route(flow, path.steps, path.outcome)


def routes_to_every_outcome(flow: dict) -> list[Route]:
    """The shortest route to each outcome (first found on ties), in the flow's node order."""
    best: dict[str, Route] = {}
    for path in analyse(load_flow(flow)).paths:
        current = best.get(path.outcome)
        if current is None or len(path.steps) < len(current.steps):
            best[path.outcome] = Route(flow, path.steps, path.outcome)
    return [best[node] for node in flow["nodes"] if node in best]


def _sample_value(key: str) -> str:
    spec = DETAIL_FIELDS[key]
    if spec.kind == "choice":
        return spec.choices[0][0]
    if spec.kind == "date":
        return "2026-11-22"
    if spec.kind == "datetime":
        return "2026-11-22T10:30"
    return f"Test entry for {spec.label.lower()}"


def details_for(required: list[str]) -> dict[str, str]:
    """Flat details that satisfy ``required`` and any follow-up a choice makes necessary."""
    details = {key: _sample_value(key) for key in required}
    while True:
        missing = [p.path.removeprefix("details.") for p in check_details(nest(details), required)
                   if p.code == "required"]
        if not missing:
            return details
        details.update({key: _sample_value(key) for key in missing})


def nest(flat: dict[str, str]) -> dict:
    out: dict = {}
    for key, value in flat.items():
        group, _, name = key.partition(".")
        if name:
            out.setdefault(group, {})[name] = value
        else:
            out[key] = value
    return out


def expected_record(route: Route, details: dict[str, str]) -> dict:
    """The record CPython's engine makes for the same answers and details."""
    session = Session.start(load_flow(route.flow))
    for _node, value in route.steps:
        session.answer(value)
    return build_record(session, nest(details))


@dataclass
class Practitioner:
    """A person at the browser, working through flowcharts on ``page``."""

    page: Page
    base_url: str
    downloads: Path
    seen_urls: list[str] = field(default_factory=list)

    # -- finding things -------------------------------------------------------

    def heading(self, text: str) -> Locator:
        return self.page.get_by_role("heading", name=text, exact=True, level=1)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def radio(self, label: str) -> Locator:
        return self.page.get_by_role("radio", name=label, exact=True)

    # -- moving through a flow -----------------------------------------------

    def flow_url(self, flow: dict) -> str:
        return f"{self.base_url}flows/{flow['id']}/"

    def open_flow(self, flow: dict) -> None:
        """Be at the first question of ``flow`` with nothing answered.

        Already on that page, press Start again rather than reload it, so the
        engine is not booted again for every test.
        """
        if self.page.url != self.flow_url(flow):
            self.page.goto(self.flow_url(flow))
        elif self.button("Start again").is_visible():
            self.button("Start again").click()
        self.expect_question(flow["nodes"][flow["start"]]["text"])

    def expect_question(self, text: str, timeout: float = STEP_MS) -> None:
        expect(self.heading(text)).to_be_visible(timeout=timeout)

    def choose(self, label: str) -> None:
        self.radio(label).check()

    def continue_(self) -> None:
        self.button("Continue").click()

    def answer_route(self, route: Route) -> None:
        """From the first question, answer along ``route`` up to "Check your answers"."""
        for i, (node, value) in enumerate(route.steps):
            # The first answer may wait for the engine to boot.
            self.expect_question(route.question(node), ENGINE_START_MS if i <= 1 else STEP_MS)
            self.choose(route.label(node, value))
            self.continue_()
        expect(self.heading("Check your answers")).to_be_visible(timeout=ENGINE_START_MS)

    def confirm_answers(self, route: Route) -> None:
        self.continue_()
        expect(self.heading(route.outcome_title)).to_be_visible(timeout=STEP_MS)

    # -- the record -------------------------------------------------------------

    def field_group(self, key: str) -> Locator:
        """The part of the record form holding ``key``, found by its visible heading."""
        group = DETAIL_FIELDS[key].group
        title = self.page.get_by_role("heading", name=GROUP_TITLES[group], exact=True, level=3)
        # Every enclosing <div> has the heading; the last in document order is the innermost.
        return self.page.locator("div").filter(has=title).last

    def field(self, key: str, required: list[str], value: str | None = None) -> Locator:
        """The control for detail ``key`` by its label; for a choice, the radio for ``value``.

        Labels such as "Their role" occur in two groups, hence the group scope.
        """
        spec = DETAIL_FIELDS[key]
        if spec.kind == "choice":
            return self.choice_group(key, required).get_by_role(
                "radio", name=dict(spec.choices)[value], exact=True)
        return self.field_group(key).get_by_label(self.field_label(key, required), exact=True)

    def choice_group(self, key: str, required: list[str]) -> Locator:
        return self.field_group(key).get_by_role("group", name=self.field_label(key, required), exact=True)

    @staticmethod
    def field_label(key: str, required: list[str]) -> str:
        label = DETAIL_FIELDS[key].label
        return label if key in required else f"{label} (optional)"

    def open_more_details(self) -> None:
        more = self.page.get_by_text(MORE_DETAILS, exact=True)
        if more.count() and more.is_visible():
            details = self.page.locator("details").filter(has=more)
            if not details.evaluate("d => d.open"):
                more.click()

    def fill_details(self, details: dict[str, str], required: list[str]) -> None:
        if any(key not in required for key in details):
            self.open_more_details()
        for key, value in details.items():
            control = self.field(key, required, value)
            if DETAIL_FIELDS[key].kind == "choice":
                control.check()
            else:
                control.fill(value)

    def create_record(self) -> None:
        self.button("Create the decision record").click()
        expect(self.heading("Your decision record is ready")).to_be_visible(timeout=STEP_MS)

    def download_record(self) -> dict:
        with self.page.expect_download(timeout=STEP_MS) as info:
            self.button("Download record (JSON)").click()
        download = info.value
        assert re.fullmatch(r"decision-record-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json",
                            download.suggested_filename), download.suggested_filename
        target = self.downloads / f"{len(list(self.downloads.iterdir()))}-{download.suggested_filename}"
        download.save_as(target)
        return json.loads(target.read_text("utf-8"))

    def complete(self, route: Route) -> tuple[dict, dict[str, str]]:
        """Walk ``route`` from the first question to a downloaded record; return it and the details."""
        self.answer_route(route)
        self.confirm_answers(route)
        details = details_for(route.record_fields)
        self.fill_details(details, route.record_fields)
        self.create_record()
        return self.download_record(), details

    def start_again(self, flow: dict) -> None:
        self.button("Start again").click()
        self.expect_question(flow["nodes"][flow["start"]]["text"])
