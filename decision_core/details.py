"""The practitioner's details in a decision record: the one list of fields, and their checks.

Every field is an optional string. Choice fields hold one of a fixed set of values;
dates and times are ISO 8601 (what an HTML date or datetime-local input gives).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from .problems import Problem

__all__ = ["DetailField", "DETAIL_FIELDS", "DETAIL_GROUPS", "check_details", "flatten_details",
           "nest_details", "MAX_TEXT"]

MAX_TEXT = 5000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class DetailField:
    """One field of the record's details. ``kind`` is text, textarea, choice, date or datetime."""

    key: str
    kind: str
    label: str
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def group(self) -> str:
        return self.key.split(".")[0]

    def to_dict(self) -> dict:
        return {"key": self.key, "kind": self.kind, "label": self.label, "hint": self.hint,
                "group": self.group, "group_title": GROUP_TITLES[self.group],
                "choices": [{"value": v, "label": lbl} for v, lbl in self.choices]}


# Headings under which a form or a printout groups the fields.
GROUP_TITLES = {
    "practitioner": "About you",
    "request": "The request or concern",
    "consent": "Consent",
    "lawful_basis": "Lawful basis",
    "shared": "What was shared",
    "recipient": "Who received it",
    "sharing": "How it was shared",
    "advice": "Advice",
    "informed": "Telling the person",
    "reasons": "Your reasons",
    "case_reference": "Case reference",
}


_YES_NO = (("yes", "Yes"), ("no", "No"))

_FIELDS = [
    DetailField("practitioner.name", "text", "Your name"),
    DetailField("practitioner.role", "text", "Your role"),
    DetailField("practitioner.organisation", "text", "Your organisation"),
    DetailField("request.received_at", "datetime", "When the request or concern arose",
                "Date and time."),
    DetailField("request.from_name", "text", "Who asked (name)",
                "The professional who asked, not the child or family."),
    DetailField("request.from_role", "text", "Role of the person who asked"),
    DetailField("request.from_agency", "text", "Agency of the person who asked"),
    DetailField("request.identity_checked", "choice", "Did you check who they are?", "",
                (("yes", "Yes"), ("no", "No"), ("not-applicable", "Not applicable"))),
    DetailField("request.what", "textarea", "What was asked for"),
    DetailField("request.why", "textarea", "Why they asked (the purpose given)"),
    DetailField("consent.status", "choice", "Consent", "",
                (("sought", "Sought, no answer yet"), ("obtained", "Obtained"),
                 ("refused", "Refused"), ("withdrawn", "Withdrawn"),
                 ("not-sought", "Not sought"))),
    DetailField("consent.details", "textarea", "About consent",
                "When, from whom and how it was sought; or why it was not sought "
                "(for example, asking would increase the risk to the child)."),
    DetailField("lawful_basis.article_6", "choice", "Lawful basis (UK GDPR Article 6)", "",
                (("public-task", "Public task"), ("legal-obligation", "Legal obligation"),
                 ("vital-interests", "Vital interests"),
                 ("legitimate-interests", "Legitimate interests"),
                 ("recognised-legitimate-interest", "Recognised legitimate interest"),
                 ("consent", "Consent"), ("contract", "Contract"),
                 ("none", "None (not shared)"))),
    DetailField("lawful_basis.condition", "textarea", "Other conditions relied on",
                "For special category or criminal offence data: the Article 9 or 10 condition "
                "and the Data Protection Act 2018 Schedule 1 paragraph."),
    DetailField("shared.what", "textarea", "What was shared",
                "Describe it by type and period (for example, attendance for the autumn term); "
                "do not copy the information itself here. Say what was fact and what was opinion."),
    DetailField("shared.extent", "choice", "How much of what was asked for was shared", "",
                (("all", "All of it"), ("part", "Part of it"), ("none", "None of it"))),
    DetailField("recipient.name", "text", "Shared with (name)"),
    DetailField("recipient.role", "text", "Role of the person you shared with"),
    DetailField("recipient.agency", "text", "Agency you shared with"),
    DetailField("sharing.shared_at", "datetime", "When it was shared"),
    DetailField("sharing.method", "choice", "How it was shared", "",
                (("secure-email", "Secure email"), ("secure-system", "Secure case system"),
                 ("phone", "Phone"), ("in-person", "In person"), ("post", "Recorded post"),
                 ("other", "Other"))),
    DetailField("sharing.receipt_confirmed", "choice", "Did they confirm they received it?", "",
                (("yes", "Yes"), ("no", "No"), ("not-yet", "Not yet"))),
    DetailField("advice.sought", "choice", "Did you seek advice?", "", _YES_NO),
    DetailField("advice.from_whom", "text", "Advice from whom",
                "For example, the designated safeguarding lead or data protection officer."),
    DetailField("advice.outcome", "textarea", "What the advice was"),
    DetailField("informed.status", "choice", "Was the person told that the information was shared?",
                "", (("yes", "Yes"), ("no", "No"), ("not-yet", "Not yet"))),
    DetailField("informed.reason", "textarea", "Why not, or when they will be told",
                "For example, telling them could put the child or someone else at risk."),
    DetailField("reasons", "textarea", "Your reasons for the decision",
                "Include the risk you weighed and why sharing, or not sharing, was proportionate."),
    DetailField("case_reference", "text", "Case reference",
                "Your organisation's reference only. Do not enter names."),
]

DETAIL_FIELDS: dict[str, DetailField] = {f.key: f for f in _FIELDS}
DETAIL_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(f.group for f in _FIELDS))

# Answers that make another field necessary: a reason must follow a "no".
_FOLLOW_UPS = (
    ("consent.status", "not-sought", "consent.details",
     "say why consent was not sought"),
    ("informed.status", "no", "informed.reason",
     "say why the person was not told"),
    ("advice.sought", "yes", "advice.from_whom", "say who you asked for advice"),
)


def flatten_details(details: dict) -> dict[str, Any]:
    """``{"consent": {"status": "x"}}`` → ``{"consent.status": "x"}`` (top-level strings stay)."""
    flat: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = value
    return flat


def nest_details(flat: dict[str, Any]) -> dict:
    """The inverse of :func:`flatten_details`, dropping empty values, in field order."""
    nested: dict = {}
    for field in _FIELDS:
        value = flat.get(field.key)
        if value in (None, ""):
            continue
        if "." in field.key:
            group, name = field.key.split(".", 1)
            nested.setdefault(group, {})[name] = value
        else:
            nested[field.key] = value
    return nested


def check_details(details: Any, required: Iterable[str] = ()) -> list[Problem]:
    """Problems with a details mapping; ``required`` names fields that must be filled in.

    Paths look like ``details.consent.status`` so a form can put each message by its field.
    """
    if not isinstance(details, dict):
        return [Problem("details", "wrong_type", "the details must be a mapping")]
    problems: list[Problem] = []
    flat: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, dict) and key in DETAIL_GROUPS and key not in DETAIL_FIELDS:
            for sub, inner in value.items():
                flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = value
    for key, value in flat.items():
        path = f"details.{key}"
        field = DETAIL_FIELDS.get(key)
        if field is None:
            problems.append(Problem(path, "unknown_field", f"unknown details field '{key}'"))
            continue
        if not isinstance(value, str):
            problems.append(Problem(path, "wrong_type", f"'{field.label}' must be text"))
            continue
        problems.extend(_check_value(field, value, path))
    for key in required:
        if not str(flat.get(key) or "").strip():
            field = DETAIL_FIELDS[key]
            verb = "Select" if field.kind == "choice" else "Enter"
            problems.append(Problem(f"details.{key}", "required", f"{verb} '{field.label}'"))
    for key, trigger, needed, words in _FOLLOW_UPS:
        if flat.get(key) == trigger and not str(flat.get(needed) or "").strip() \
                and needed not in required:
            problems.append(Problem(f"details.{needed}", "required",
                                    f"{words[0].upper()}{words[1:]}"))
    return sorted(problems)


def _check_value(field: DetailField, value: str, path: str) -> list[Problem]:
    if field.kind == "choice" and value and value not in {v for v, _ in field.choices}:
        allowed = ", ".join(v for v, _ in field.choices)
        return [Problem(path, "bad_choice", f"'{value}' is not one of: {allowed}")]
    if field.kind == "date" and value and not _DATE.match(value):
        return [Problem(path, "bad_date", "Enter a date like 2026-11-22")]
    if field.kind == "datetime" and value and not _DATETIME.match(value):
        return [Problem(path, "bad_datetime", "Enter a date and time like 2026-11-22T14:30")]
    if len(value) > MAX_TEXT:
        return [Problem(path, "too_long", f"'{field.label}' must be {MAX_TEXT} characters or fewer")]
    return []
