"""Problems: what validation and verification report, each with its location."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "FlowError", "SessionError", "RecordError", "join_path"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, at a dotted key path such as ``nodes.purpose.answers[1].next``.

    ``code`` is a stable key for programs; ``message`` is for people.
    """

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        if not self.path:
            return f"{self.message} at the top level"
        return f"{self.message} in '{self.path}'"

    def to_dict(self) -> dict:
        return {"code": self.code, "path": self.path, "message": self.message}


def join_path(base: str, key: str | int) -> str:
    """Extend a dotted key path by a mapping key or a list index."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


class _ProblemsError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FlowError(_ProblemsError):
    """A flow dict is not a valid flow; ``problems`` lists every reason."""


class RecordError(_ProblemsError):
    """Details or a record could not be accepted; ``problems`` lists every reason."""


class SessionError(ValueError):
    """A session step was refused. ``code`` is stable (``invalid_answer``, ...)."""

    def __init__(self, code: str, message: str, path: str = ""):
        self.code = code
        self.message = message
        self.path = path
        super().__init__(message)

    def to_dict(self) -> dict:
        return {"code": self.code, "path": self.path, "message": self.message}
