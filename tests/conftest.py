"""Browser launch settings for the end-to-end tests (tests/e2e/).

Only what pytest-playwright needs lives here: which Chromium to launch and
with which flags. The site build and the server are in tests/e2e/conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")

# Headless and quiet: no GPU, no QUIC, and none of Chromium's own background
# traffic, so "zero requests to other origins" is about the site alone.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _playwright_chromium(playwright) -> str | None:
    try:
        path = playwright.chromium.executable_path
    except Exception:  # noqa: BLE001 - any failure means "not installed"
        return None
    return path if path and Path(path).exists() else None


def find_chromium(playwright) -> str:
    """$INFOSHARE_CHROMIUM, else Playwright's own Chromium, else Debian's; fail if none.

    The same order as scripts/ensure_browser.py (which `make test` runs first).
    """
    explicit = os.environ.get("INFOSHARE_CHROMIUM")
    if explicit:
        if not Path(explicit).exists():
            pytest.fail(f"INFOSHARE_CHROMIUM={explicit} does not exist; point it at a Chromium "
                        "executable or unset it", pytrace=False)
        return explicit
    found = _playwright_chromium(playwright)
    if found:
        return found
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    # Never skip: a missing browser must not turn the end-to-end suite green.
    pytest.fail("no Chromium for the end-to-end tests: run `python scripts/ensure_browser.py`, "
                "install one (Debian: apt-get install chromium) or set INFOSHARE_CHROMIUM",
                pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    """pytest-playwright's launch arguments, with our Chromium and flags."""
    return {**browser_type_launch_args, "executable_path": find_chromium(playwright),
            "args": CHROMIUM_ARGS}
