"""Small flows built in code for the engine's unit tests (no files, no YAML)."""

from __future__ import annotations

import copy

T0 = "2026-11-22T10:00:00+00:00"


def at(minute: int) -> str:
    """A fixed time, ``minute`` minutes after T0, so records are reproducible."""
    return f"2026-11-22T10:{minute:02d}:00+00:00"


def _source():
    return {"id": "guide", "title": "A guide", "publisher": "A publisher", "year": 2018}


def _cite(section: str) -> list[dict]:
    return [{"source": "guide", "section": section}]


def _yes_no_unsure(yes: str, no: str, unsure: str = "advice") -> list[dict]:
    return [{"label": "Yes", "value": "yes", "next": yes},
            {"label": "No", "value": "no", "next": no},
            {"label": "Not sure", "value": "not-sure", "next": unsure}]


BASE = {
    "id": "sample",
    "title": "Sample flow",
    "version": "1.0.0",
    "summary": "A flow for tests.",
    "sources": [_source()],
    "start": "purpose",
    "nodes": {
        "purpose": {"kind": "question", "text": "Is there a purpose?",
                    "hint": "Think about why.", "answers": _yes_no_unsure("consent", "no-share"),
                    "sources": _cite("Q1")},
        "consent": {"kind": "question", "text": "Do you have consent?",
                    "answers": _yes_no_unsure("share", "basis"), "sources": _cite("Q2"),
                    "related": [{"title": "Consent", "page": "consent.md"}]},
        "basis": {"kind": "question", "text": "Is there another lawful basis?",
                  "answers": _yes_no_unsure("share", "no-share"), "sources": _cite("Q3")},
        "share": {"kind": "outcome", "decision": "share", "title": "Share",
                  "body": "Share what is needed.", "actions": ["Share securely."],
                  "record_fields": ["reasons", "shared.what"], "sources": _cite("Share box")},
        "no-share": {"kind": "outcome", "decision": "do-not-share", "title": "Do not share",
                     "body": "Record why.", "record_fields": ["reasons"],
                     "sources": _cite("Footer")},
        "advice": {"kind": "outcome", "decision": "seek-advice", "title": "Seek advice",
                   "body": "Ask your lead.", "sources": _cite("Footer")},
    },
}


def sample() -> dict:
    """A fresh deep copy, safe to mutate in a test."""
    return copy.deepcopy(BASE)
