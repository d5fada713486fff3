"""JSON in, JSON out: the one entry point the browser calls through Pyodide.

The browser keeps the session state (in sessionStorage) and passes it back with
each request, so this module holds only the loaded flows. Every response is
``{"ok": true, ...}`` or ``{"ok": false, "error": {"code", "message", "path"}}``.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from .details import DETAIL_FIELDS, check_details
from .model import Flow, load_flow
from .problems import FlowError, RecordError, SessionError
from .record import build_record
from .record_text import record_text
from .session import Session
from .verify import verify_record

__all__ = ["Engine", "handle"]


class RequestError(Exception):
    def __init__(self, code: str, message: str, path: str = ""):
        super().__init__(message)
        self.error = {"code": code, "message": message, "path": path}


class Engine:
    """Holds the loaded flows and answers requests (dicts in, dicts out)."""

    def __init__(self) -> None:
        self.flows: dict[str, Flow] = {}
        self.edition: dict | None = None

    def handle(self, request: Any) -> dict:
        try:
            if not isinstance(request, dict):
                raise RequestError("bad_request", "a request must be a JSON object")
            op = request.get("op")
            method: Callable[[dict], dict] | None = getattr(self, f"op_{op}", None) \
                if isinstance(op, str) else None
            if method is None:
                raise RequestError("unknown_op", f"unknown operation {op!r}", "op")
            return {"ok": True, **method(request)}
        except RequestError as exc:
            return {"ok": False, "error": exc.error}
        except SessionError as exc:
            return {"ok": False, "error": exc.to_dict()}
        except (FlowError, RecordError) as exc:
            first = exc.problems[0]
            return {"ok": False, "error": {**first.to_dict(), "message": str(exc)},
                    "problems": [p.to_dict() for p in exc.problems]}

    # -- helpers --------------------------------------------------------------------

    def _flow(self, flow_id: Any) -> Flow:
        flow = self.flows.get(flow_id) if isinstance(flow_id, str) else None
        if flow is None:
            raise RequestError("unknown_flow", f"unknown flow {flow_id!r}", "flow")
        return flow

    def _session(self, request: dict) -> Session:
        state = request.get("state")
        if not isinstance(state, dict):
            raise RequestError("bad_request", "the request needs the session 'state'", "state")
        return Session.from_dict(self._flow(state.get("flow")), state)

    @staticmethod
    def _step(session: Session) -> dict:
        return {"state": session.to_dict(), "view": session.view()}

    # -- operations -----------------------------------------------------------------

    def op_init(self, request: dict) -> dict:
        flows = request.get("flows")
        if not isinstance(flows, list):
            raise RequestError("bad_request", "'flows' must be a list of flows", "flows")
        loaded = {}
        for i, data in enumerate(flows):
            try:
                flow = load_flow(data)
            except FlowError as exc:
                raise RequestError("bad_flow", f"flow {i + 1}: {exc}", f"flows[{i}]") from exc
            loaded[flow.id] = flow
        self.flows = loaded
        self.edition = request.get("edition")
        return {"flows": [{"id": f.id, "title": f.title, "version": f.version,
                           "summary": f.summary} for f in loaded.values()]}

    def op_start(self, request: dict) -> dict:
        return self._step(Session.start(self._flow(request.get("flow")), request.get("now")))

    def op_answer(self, request: dict) -> dict:
        session = self._session(request)
        session.answer(request.get("answer"), request.get("now"))
        return self._step(session)

    def op_back(self, request: dict) -> dict:
        session = self._session(request)
        session.back(request.get("now"))
        return self._step(session)

    def op_change(self, request: dict) -> dict:
        session = self._session(request)
        session.change(request.get("node"), request.get("now"))
        return self._step(session)

    def op_view(self, request: dict) -> dict:
        return self._step(self._session(request))

    def op_form(self, request: dict) -> dict:
        session = self._session(request)
        outcome = session.outcome
        required = list(outcome.record_fields or ()) if outcome else []
        return {"fields": [f.to_dict() for f in DETAIL_FIELDS.values()], "required": required}

    def op_check_details(self, request: dict) -> dict:
        session = self._session(request)
        outcome = session.outcome
        required = list(outcome.record_fields or ()) if outcome else []
        details = request.get("details", {})
        return {"problems": [p.to_dict() for p in check_details(details, required)]}

    def op_record(self, request: dict) -> dict:
        session = self._session(request)
        record = build_record(session, request.get("details") or {}, now=request.get("now"),
                              edition=self.edition)
        return {"record": record}

    def op_record_text(self, request: dict) -> dict:
        record = request.get("record")
        problems = verify_record(record, self.flows)
        if problems:
            raise RecordError(problems)
        return {"text": record_text(record)}

    def op_verify(self, request: dict) -> dict:
        return {"problems": [p.to_dict() for p in verify_record(request.get("record"),
                                                                self.flows)]}


_ENGINE = Engine()


def handle(request_json: str) -> str:
    """Answer one JSON request with one JSON response (see docs/architecture.md)."""
    try:
        request = json.loads(request_json)
    except (TypeError, ValueError) as exc:
        return json.dumps({"ok": False, "error": {"code": "bad_json",
                                                  "message": f"the request is not JSON: {exc}",
                                                  "path": ""}})
    return json.dumps(_ENGINE.handle(request), ensure_ascii=False)
