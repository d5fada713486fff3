"""A decision record as plain text, for pasting into a case system."""

from __future__ import annotations

from .details import DETAIL_FIELDS, flatten_details

__all__ = ["record_text"]

DECISION_WORDS = {"share": "Share", "do-not-share": "Do not share", "seek-advice": "Seek advice"}


def record_text(record: dict) -> str:
    """Render a (verified) record as readable plain text, fields in form order."""
    flow = record["flow"]
    outcome = record["outcome"]
    lines = [
        "Information sharing decision record",
        f"Record ID: {record['record_id']}",
        f"Flowchart: {flow['title']} (version {flow['version']})",
    ]
    if "edition" in record:
        edition = record["edition"]
        lines.append(f"Edition: {edition['name']} ({edition['id']}, version {edition['version']})")
    lines += [
        f"Started: {record['created_at']}",
        f"Completed: {record['completed_at']}",
        "",
        f"Decision: {DECISION_WORDS.get(outcome['decision'], outcome['decision'])}"
        f" - {outcome['title']}",
        "",
        "Answers given:",
    ]
    for i, step in enumerate(record["path"], 1):
        lines.append(f"{i}. {step['question']}")
        lines.append(f"   Answer: {step['answer_label']} ({step['answered_at']})")
    if record["superseded"]:
        lines += ["", "Answers changed or taken back:"]
        for step in record["superseded"]:
            lines.append(f"- {step['question']} {step['answer_label']} "
                         f"(answered {step['answered_at']}, {step['reason']} {step['superseded_at']})")
    flat = flatten_details(record["details"])
    lines += ["", "Details:"]
    if not flat:
        lines.append("(none recorded)")
    for key, field in DETAIL_FIELDS.items():
        if key in flat:
            value = flat[key]
            choice = dict(field.choices).get(value)
            lines.append(f"{field.label}: {choice or value}")
    lines += ["", f"Integrity (SHA-256): {record['integrity']['digest']}",
              f"Flow wording (SHA-256): {flow['digest']}"]
    return "\n".join(lines) + "\n"
