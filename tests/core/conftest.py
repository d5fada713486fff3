"""Fixtures for the engine's unit tests. Standard library, pytest and hypothesis only:
these same tests run inside Pyodide (see tests/pyodide/)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sample_flows import sample  # noqa: E402

from decision_core import load_flow  # noqa: E402

T0 = "2026-11-22T10:00:00+00:00"


def at(minute: int) -> str:
    """A fixed time, ``minute`` minutes after T0, so records are reproducible."""
    return f"2026-11-22T10:{minute:02d}:00+00:00"


@pytest.fixture
def flow_dict() -> dict:
    return sample()


@pytest.fixture
def flow():
    return load_flow(sample())
