"""decision_core: the Information Sharing Portal's decision engine.

Standard library only; runs unchanged on CPython >= 3.11 and on Pyodide.
It takes plain dicts and returns plain dicts: it never reads files or YAML.
"""

from .canonical import canonical_json, sha256_hex
from .details import DETAIL_FIELDS, DetailField, check_details
from .graph import FlowAnalysis, FlowPath, analyse
from .model import (Answer, Citation, Flow, OutcomeNode, QuestionNode, Related, Source,
                    flow_digest, load_flow)
from .problems import FlowError, Problem, RecordError, SessionError
from .record import build_record, record_digest
from .record_text import record_text
from .schema import RECORD_SCHEMA
from .session import Session
from .validate import DECISIONS, validate_flow
from .verify import verify_record

__version__ = "0.1.0"

__all__ = [
    "Answer", "Citation", "DECISIONS", "DETAIL_FIELDS", "DetailField", "Flow", "FlowAnalysis",
    "FlowError", "FlowPath", "OutcomeNode", "Problem", "QuestionNode", "RECORD_SCHEMA",
    "RecordError", "Related", "Session", "SessionError", "Source", "analyse", "build_record",
    "canonical_json", "check_details", "flow_digest", "load_flow", "record_digest",
    "record_text", "sha256_hex", "validate_flow", "verify_record", "__version__",
]
