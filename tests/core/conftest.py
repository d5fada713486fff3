"""Fixtures for the engine's unit tests. Standard library, pytest and hypothesis only:
these same tests run inside Pyodide (see tests/pyodide/)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sample_flows import sample  # noqa: E402

from decision_core import load_flow  # noqa: E402


@pytest.fixture
def flow_dict() -> dict:
    return sample()


@pytest.fixture
def flow():
    return load_flow(sample())
