"""Fixtures for the partnership tests (helpers live in partnership_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from partnership_support import copy_example


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of partnerships/example to edit."""
    return copy_example(tmp_path / "example")
