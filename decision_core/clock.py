"""Timestamps: ISO 8601 with an offset, to the second."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["now_iso", "normalise_time"]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def normalise_time(value: str | datetime | None) -> str:
    """Accept a caller's time (for tests and replays) or take the clock's.

    A naive time is refused: a record read years later must say which offset it means.
    """
    if value is None:
        return now_iso()
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        raise ValueError("a time needs an offset, e.g. 2026-11-22T10:00:00+00:00")
    return value.isoformat(timespec="seconds")
