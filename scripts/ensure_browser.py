#!/usr/bin/env python3
"""Make sure a Chromium is available for the end-to-end tests and the benchmark.

Order: $INFOSHARE_CHROMIUM if set; Playwright's own Chromium if it is installed
(or can be: `playwright install chromium` is tried once); Debian's chromium at
/usr/bin/chromium, installed with apt-get when we are root. Prints the path chosen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN = Path("/usr/bin/chromium")


def playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return None
    return path if path and Path(path).exists() else None


def main() -> int:
    explicit = os.environ.get("INFOSHARE_CHROMIUM")
    if explicit:
        if not Path(explicit).exists():
            print(f"ensure_browser: INFOSHARE_CHROMIUM={explicit} does not exist", file=sys.stderr)
            return 1
        print(explicit)
        return 0
    found = playwright_chromium()
    if found:
        print(found)
        return 0
    if DEBIAN.exists():
        print(DEBIAN)
        return 0
    # Where Playwright may download its own browser, that is preferred.
    try:
        fetched = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"],
                                 capture_output=True, timeout=180).returncode == 0
    except subprocess.TimeoutExpired:
        fetched = False
    if fetched and playwright_chromium():
        print(playwright_chromium())
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("ensure_browser: installing Debian's chromium with apt-get ...", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env)
        if result.returncode == 0 and DEBIAN.exists():
            print(DEBIAN)
            return 0
    print("ensure_browser: no Chromium found. Install one (Debian: 'sudo apt-get install "
          "chromium') or set INFOSHARE_CHROMIUM to a Chromium executable.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
