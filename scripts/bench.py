#!/usr/bin/env python3
"""Measure how fast the stepper starts and answers, against stock Pyodide.

``make bench`` runs this. It builds the site into a temporary folder (or uses
``--site``), serves it on 127.0.0.1 with a small standard-library server
(right MIME types, gzip, Last-Modified/ETag, byte accounting), and drives
Chromium with Playwright. Each run uses a fresh browser profile:

* **cold**: the first load in the new profile (empty HTTP and code caches);
* **warm**: a second load of the same URL in a new tab of the same profile.

For our stepper page it records, relative to navigation start: first
contentful paint, when the first question heading is visible, when the
interactive (radio) form is visible, when the engine reports ready, the
longest main-thread task before that, and the bytes the server sent. On the
cold page it then answers ``--answers`` questions and times each answer until
the next screen is in the DOM.

The baseline is stock Pyodide booted the way its documentation shows: a tiny
page that calls ``loadPyodide({indexURL})`` on the main thread, with the stock
``python_stdlib.zip`` (``.py`` sources) and the stock lock file, from the same
cached runtime and the same server. Its page is generated into a temporary
folder and served under ``/__stock__/``.

Nothing here enforces a target: it prints a table and writes JSON to
``bench-results/``. See docs/benchmarks.md for the method and a sample run.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from site_plugins.site_config import MIME_TYPES, SECURITY_HEADERS  # noqa: E402

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STOCK_PREFIX = "/__stock__/"
BOOT_TIMEOUT_MS = 180_000
# Types worth compressing; images and archives that are already deflated are not.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".zip", ".xml", ".txt", ".map"}

# ---------------------------------------------------------------- the server


@dataclass
class Served:
    """One response, as the server sent it."""

    path: str
    status: int
    raw: int  # body bytes before compression (0 for 304)
    sent: int  # body bytes on the wire


@dataclass
class _Body:
    raw: bytes
    gz: bytes | None
    mtime: float
    etag: str


class BenchServer:
    """Serves the site at ``/`` and the stock fixture at ``/__stock__/``.

    Bodies (and their gzip) are prepared before the first request, so no
    measured load pays for compression. Every response is logged with its
    raw and sent size; :meth:`take_log` returns and clears the log.
    """

    def __init__(self, site: Path, stock: Path, *, gzip_on: bool, cache_control: str):
        self.site, self.stock = site, stock
        self.gzip_on, self.cache_control = gzip_on, cache_control
        self.bodies: dict[Path, _Body] = {}
        self.log: list[Served] = []
        self.lock = threading.Lock()
        for root in (site, stock):
            for path in root.rglob("*"):
                if path.is_file():
                    self._prepare(path.resolve())
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _prepare(self, path: Path) -> _Body:
        raw = path.read_bytes()
        gz = None
        if self.gzip_on and path.suffix in COMPRESSIBLE:
            packed = gzip.compress(raw, compresslevel=6, mtime=0)
            if len(packed) < 0.95 * len(raw):
                gz = packed
        body = _Body(raw, gz, path.stat().st_mtime, '"' + hashlib.sha1(raw).hexdigest()[:16] + '"')
        self.bodies[path] = body
        return body

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def take_log(self) -> list[Served]:
        with self.lock:
            out, self.log = self.log, []
        return out

    def resolve(self, url_path: str) -> tuple[Path | None, bool]:
        """(file, needs_slash_redirect) for a URL path, never outside the roots."""
        path = unquote(url_path)
        root, rest = (self.stock, path[len(STOCK_PREFIX):]) if path.startswith(STOCK_PREFIX) else (self.site, path)
        target = (root / rest.lstrip("/")).resolve()
        if target != root.resolve() and root.resolve() not in target.parents:
            return None, False
        if target.is_dir():
            if not path.endswith("/"):
                return target, True
            target = target / "index.html"
        return (target if target.is_file() else None), False

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - stdlib signature
                pass

            def do_GET(self):  # noqa: N802 - stdlib name
                self._serve(head=False)

            def do_HEAD(self):  # noqa: N802
                self._serve(head=True)

            def _serve(self, head: bool) -> None:
                url_path = urlsplit(self.path).path
                target, redirect = server.resolve(url_path)
                if redirect:
                    self.send_response(301)
                    self.send_header("Location", url_path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if target is None:
                    body = b"not found\n"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    server._record(url_path, 404, 0, len(body))
                    return
                entry = server.bodies.get(target) or server._prepare(target)
                common = {
                    "Content-Type": MIME_TYPES.get(target.suffix, "application/octet-stream"),
                    "Last-Modified": email.utils.formatdate(entry.mtime, usegmt=True),
                    "ETag": entry.etag,
                    "Cache-Control": server.cache_control,
                    "Vary": "Accept-Encoding",
                    **SECURITY_HEADERS,
                }
                if self._not_modified(entry):
                    self.send_response(304)
                    for name, value in common.items():
                        if name != "Content-Type":
                            self.send_header(name, value)
                    self.end_headers()
                    server._record(url_path, 304, 0, 0)
                    return
                accepts_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
                body = entry.gz if (entry.gz is not None and accepts_gzip) else entry.raw
                self.send_response(200)
                for name, value in common.items():
                    self.send_header(name, value)
                if body is entry.gz:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        return
                server._record(url_path, 200, len(entry.raw), len(body))

            def _not_modified(self, entry: _Body) -> bool:
                inm = self.headers.get("If-None-Match")
                if inm is not None:
                    return entry.etag in [tag.strip() for tag in inm.split(",")]
                ims = self.headers.get("If-Modified-Since")
                if ims:
                    try:
                        return int(entry.mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
                    except (TypeError, ValueError):
                        return False
                return False

        return Handler

    def _record(self, path: str, status: int, raw: int, sent: int) -> None:
        with self.lock:
            self.log.append(Served(path, status, raw, sent))


def resource_type(path: str) -> str:
    """A coarse bucket for the byte table."""
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".wasm"):
        return "wasm"
    if name == "python_stdlib.zip":
        return "stdlib"
    if name.endswith(".whl"):
        return "wheel"
    if "/pyodide/" in path or "/runtime/" in path:
        return "pyodide-js" if name.endswith((".mjs", ".js")) else "pyodide-other"
    if path.startswith("/search/") or "/workers/search" in path:
        return "search"  # MkDocs Material's client-side search, loaded on every page
    if path.endswith("/") or name.endswith(".html"):
        return "html"
    if name.endswith((".js", ".mjs")):
        return "js"
    if name.endswith(".css"):
        return "css"
    if name.endswith(".json"):
        return "json"
    return "other"


def summarise_bytes(log: list[Served]) -> dict:
    by_type: dict[str, dict[str, int]] = {}
    for item in log:
        bucket = by_type.setdefault(resource_type(item.path), {"requests": 0, "raw": 0, "sent": 0})
        bucket["requests"] += 1
        bucket["raw"] += item.raw
        bucket["sent"] += item.sent
    return {
        "requests": len(log),
        "not_modified": sum(1 for item in log if item.status == 304),
        "raw": sum(item.raw for item in log),
        "sent": sum(item.sent for item in log),
        "by_type": dict(sorted(by_type.items())),
        "files": [[item.path, item.status, item.raw, item.sent] for item in log],
    }


# ------------------------------------------------------------- the fixtures

STOCK_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stock Pyodide boot</title>
<script type="module" src="boot.mjs"></script></head>
<body><h1>Stock Pyodide boot</h1><p id="status">Loading…</p></body></html>
"""

# Pyodide's documented minimal boot: loadPyodide({indexURL}) on the main
# thread. No stdLibURL (stock .py stdlib) and no lockFileContents (it fetches
# pyodide-lock.json). External file so the site's CSP header applies unchanged.
STOCK_BOOT = """\
const t0 = performance.now();
const { loadPyodide } = await import("./runtime/pyodide.mjs");
const t1 = performance.now();
const pyodide = await loadPyodide({ indexURL: new URL("./runtime/", import.meta.url).href });
const t2 = performance.now();
pyodide.runPython("import sys");
window.__stock = { script_start: t0, imported: t1, ready: t2,
                   load_pyodide_ms: t2 - t1, total_ms: t2 - t0 };
if (window.__bench) window.__bench.marks.engine_ready = t2;
document.getElementById("status").textContent = "Ready";
document.documentElement.dataset.engine = "ready";
"""


def write_stock_fixture(folder: Path, runtime: Path) -> None:
    from site_plugins.pyodide_runtime import RUNTIME_FILES

    """The stock page plus a copy of the unmodified cached runtime files."""
    (folder / "runtime").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(STOCK_HTML, "utf-8")
    (folder / "boot.mjs").write_text(STOCK_BOOT, "utf-8")
    for name in RUNTIME_FILES:
        shutil.copyfile(runtime / name, folder / "runtime" / name)


# Injected before any page script. Records paint, long tasks, the engine
# worker's "ready" message and when the question is on screen; a rAF loop
# checks visibility once per frame.
INSTRUMENT = r"""
(() => {
  const B = (window.__bench = { longtasks: [], marks: {}, error: null, workerTimings: null });
  const mark = (name, t = performance.now()) => { if (!(name in B.marks)) B.marks[name] = t; };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { B.noLongtask = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") mark("fcp", e.startTime);
    }).observe({ type: "paint", buffered: true });
  } catch (e) {}
  const NativeWorker = window.Worker;
  if (NativeWorker) {
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        super(...args);
        mark("worker_created");
        this.addEventListener("message", (event) => {
          const d = event.data;
          if (d && d.type === "ready") { mark("engine_ready"); B.workerTimings = d.timings; }
          else if (d && d.type === "error") B.error = d.message;
        });
      }
    };
  }
  const visible = (el) => el && (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
  const tick = () => {
    const step = document.querySelector("[data-infoshare-step]");
    if (step) {
      if (!("question_visible" in B.marks) && [...step.querySelectorAll("h1")].some(visible)) mark("question_visible");
      const form = step.querySelector("form.infoshare-form");
      if (!("form_visible" in B.marks) && form && !form.hidden && visible(form)) mark("form_visible");
    }
    const root = document.getElementById("infoshare-stepper");
    if (root && root.dataset.engine === "failed" && !B.error) B.error = "engine failed";
    if (!("engine_ready" in B.marks && "form_visible" in B.marks) && !B.error) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""

# Answer the visible question with `value`; resolve when the next screen is
# in the DOM (a new h1) and the stepper has cleared aria-busy.
ANSWER_JS = r"""
async (value) => {
  const root = document.getElementById("infoshare-stepper");
  const step = root.querySelector("[data-infoshare-step]");
  const form = step.querySelector("form.infoshare-form:not([hidden])");
  const before = step.querySelector("h1");
  const input = [...form.querySelectorAll('input[name="answer"]')].find((i) => i.value === value);
  if (!input) return { error: `no answer ${value}` };
  const done = new Promise((resolve) => {
    const check = () => {
      const h1 = step.querySelector("h1");
      if (h1 && h1 !== before && !root.hasAttribute("aria-busy")) { observer.disconnect(); resolve(performance.now()); }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"] });
  });
  const t0 = performance.now();
  input.click();
  form.querySelector('button[type="submit"]').click();
  const t1 = await done;
  const h1 = step.querySelector("h1");
  const next = step.querySelector("form.infoshare-form:not([hidden])");
  return { ms: t1 - t0, heading: h1.textContent, node: next ? next.dataset.node : null };
}
"""

START_AGAIN_JS = r"""
async () => {
  const root = document.getElementById("infoshare-stepper");
  const button = [...root.querySelectorAll("button")].find((b) => b.textContent.trim() === "Start again");
  if (!button) return false;
  button.click();
  for (let i = 0; i < 500 && root.hasAttribute("aria-busy"); i++) await new Promise((r) => setTimeout(r, 10));
  return true;
}
"""

# ----------------------------------------------------------- measurement


@dataclass
class LoadResult:
    marks: dict
    longest_task_ms: float
    blocking_ms: float
    long_tasks: int
    worker_timings: dict | None
    stock: dict | None
    bytes: dict
    error: str | None = None


def launch(playwright, executable: str, profile: Path):
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
    )
    context.add_init_script(INSTRUMENT)
    return context


def load(page, url: str, server: BenchServer) -> LoadResult:
    """Open ``url`` in ``page`` and wait for the engine (or stock Pyodide)."""
    server.take_log()
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "() => window.__bench && (window.__bench.error || ('engine_ready' in window.__bench.marks))",
        timeout=BOOT_TIMEOUT_MS, polling=50,
    )
    # Let the rAF loop see the form, and long-task entries arrive.
    page.wait_for_timeout(150)
    data = page.evaluate("() => ({bench: window.__bench, stock: window.__stock || null})")
    bench = data["bench"]
    ready = bench["marks"].get("engine_ready", float("inf"))
    tasks = [(start, dur) for start, dur in bench["longtasks"] if start < ready]
    # Requests that finish after "ready" (none expected) still belong to the load.
    return LoadResult(
        marks={k: round(v, 1) for k, v in bench["marks"].items()},
        longest_task_ms=round(max((d for _, d in tasks), default=0.0), 1),
        blocking_ms=round(sum(max(0.0, d - 50) for _, d in tasks), 1),
        long_tasks=len(tasks),
        worker_timings=bench.get("workerTimings"),
        stock=data["stock"],
        bytes=summarise_bytes(server.take_log()),
        error=bench.get("error"),
    )


def answer_latencies(page, flow: dict, count: int, rng: random.Random) -> list[dict]:
    """Answer ``count`` questions on the stepper page; time each one.

    Prefers answers that lead to another question, so most timings are
    question → question; an answer that reaches an outcome is timed too
    (kind "outcome") and followed by "Start again".
    """
    nodes = flow["nodes"]
    out = []
    guard = 0
    while len(out) < count and guard < count * 4:
        guard += 1
        node = page.evaluate(
            "() => document.querySelector('[data-infoshare-step] form.infoshare-form:not([hidden])')?.dataset.node ?? null")
        if node is None:
            if not page.evaluate(START_AGAIN_JS):
                raise RuntimeError("no question on screen and no Start again button")
            continue
        answers = nodes[node]["answers"]
        onward = [a for a in answers if nodes[a["next"]]["kind"] == "question"]
        choice = rng.choice(onward or answers)
        result = page.evaluate(ANSWER_JS, choice["value"])
        if "error" in result:
            raise RuntimeError(f"answering {node}: {result['error']}")
        kind = "question" if nodes[choice["next"]]["kind"] == "question" else "outcome"
        out.append({"from": node, "answer": choice["value"], "kind": kind, "ms": round(result["ms"], 2)})
    return out


@dataclass
class Run:
    ours_cold: LoadResult
    ours_warm: LoadResult
    stock_cold: LoadResult | None
    stock_warm: LoadResult | None
    answers: list[dict] = field(default_factory=list)


def one_run(playwright, executable: str, server: BenchServer, flow: dict, *, answers: int,
            stock: bool, rng: random.Random, tmp: Path) -> Run:
    ours_url = server.url + f"flows/{flow['id']}/"
    stock_url = server.url + STOCK_PREFIX.lstrip("/")

    def pair(url: str, after_cold=None) -> tuple[LoadResult, LoadResult, object]:
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))
        context = launch(playwright, executable, profile)
        try:
            first = context.pages[0] if context.pages else context.new_page()
            cold = load(first, url, server)
            extra = after_cold(first) if (after_cold and not cold.error) else None
            warm = load(context.new_page(), url, server)
            return cold, warm, extra
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)

    ours_cold, ours_warm, timed = pair(ours_url, lambda page: answer_latencies(page, flow, answers, rng))
    stock_cold = stock_warm = None
    if stock:
        stock_cold, stock_warm, _ = pair(stock_url)
    return Run(ours_cold, ours_warm, stock_cold, stock_warm, timed or [])


# -------------------------------------------------------------- statistics


def pct(values: list[float], p: float) -> float | None:
    """Percentile by linear interpolation (numpy's default)."""
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def spread(values: list[float | None]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1), "n": len(values)}


def metrics(result: LoadResult) -> dict[str, float | None]:
    m = result.marks
    return {
        "fcp_ms": m.get("fcp"),
        "question_visible_ms": m.get("question_visible"),
        "form_visible_ms": m.get("form_visible"),
        "engine_ready_ms": m.get("engine_ready"),
        "longest_task_ms": result.longest_task_ms,
        "blocking_ms": result.blocking_ms,
        "bytes_raw": result.bytes["raw"],
        "bytes_sent": result.bytes["sent"],
        "requests": result.bytes["requests"],
        "not_modified": result.bytes["not_modified"],
    }


def aggregate(runs: list[Run]) -> dict:
    summary: dict = {}
    for label in ("ours_cold", "ours_warm", "stock_cold", "stock_warm"):
        loads = [getattr(r, label) for r in runs if getattr(r, label) is not None]
        if not loads:
            continue
        per = [metrics(x) for x in loads]
        block = {key: spread([p[key] for p in per]) for key in per[0]}
        if label.startswith("ours"):
            stages = {k for x in loads for k in (x.worker_timings or {})}
            block["worker_timings_ms"] = {k: spread([(x.worker_timings or {}).get(k) for x in loads])
                                          for k in sorted(stages)}
        else:
            block["load_pyodide_ms"] = spread([(x.stock or {}).get("load_pyodide_ms") for x in loads])
        types = {t for x in loads for t in x.bytes["by_type"]}
        block["bytes_by_type"] = {
            t: {k: statistics.median([x.bytes["by_type"].get(t, {}).get(k, 0) for x in loads])
                for k in ("requests", "raw", "sent")}
            for t in sorted(types)
        }
        block["errors"] = [x.error for x in loads if x.error]
        summary[label] = block
    all_answers = [a for r in runs for a in r.answers]
    q = [a["ms"] for a in all_answers if a["kind"] == "question"]
    o = [a["ms"] for a in all_answers if a["kind"] == "outcome"]
    summary["answers"] = {
        "to_question": {"n": len(q), "p50": _r(pct(q, 50)), "p95": _r(pct(q, 95)), "max": _r(max(q, default=None))},
        "to_outcome": {"n": len(o), "p50": _r(pct(o, 50)), "p95": _r(pct(o, 95)), "max": _r(max(o, default=None))},
        "first_answer_ms": spread([r.answers[0]["ms"] for r in runs if r.answers]),
    }
    ratios = {}
    for temp in ("cold", "warm"):
        ours, stock = summary.get(f"ours_{temp}"), summary.get(f"stock_{temp}")
        if not (ours and stock):
            continue
        for key in ("engine_ready_ms", "longest_task_ms", "bytes_sent", "bytes_raw"):
            a, b = (ours[key] or {}).get("median"), (stock[key] or {}).get("median")
            ratios[f"{key}_{temp}"] = round(a / b, 3) if a is not None and b else None
        a = (ours["worker_timings_ms"].get("pyodide") or {}).get("median")
        b = (stock["load_pyodide_ms"] or {}).get("median")
        ratios[f"pyodide_boot_{temp}"] = round(a / b, 3) if a is not None and b else None
    summary["ratios_ours_over_stock"] = ratios
    return summary


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ------------------------------------------------------------------ output


def _fmt(s: dict | None, unit: str = "ms") -> str:
    if not s:
        return "-"
    if unit == "MB":
        return f"{s['median'] / 1e6:.2f} ({s['min'] / 1e6:.2f}–{s['max'] / 1e6:.2f})"
    if unit == "n":
        return f"{s['median']:.0f}"
    return f"{s['median']:.0f} ({s['min']:.0f}–{s['max']:.0f})"


ROWS = [
    ("First contentful paint (ms)", "fcp_ms", "ms"),
    ("First question visible (ms)", "question_visible_ms", "ms"),
    ("Interactive form visible (ms)", "form_visible_ms", "ms"),
    ("Engine ready (ms)", "engine_ready_ms", "ms"),
    ("Longest main-thread task (ms)", "longest_task_ms", "ms"),
    ("Total blocking time (ms)", "blocking_ms", "ms"),
    ("Requests", "requests", "n"),
    ("  of which 304 Not Modified", "not_modified", "n"),
    ("Bytes sent (MB, gzip)", "bytes_sent", "MB"),
    ("Bytes raw (MB)", "bytes_raw", "MB"),
]


def table(summary: dict) -> str:
    cols = [c for c in ("ours_cold", "ours_warm", "stock_cold", "stock_warm") if c in summary]
    head = ["metric (median, min–max)"] + [c.replace("_", " ") for c in cols]
    lines = [head]
    for title, key, unit in ROWS:
        lines.append([title] + [_fmt(summary[c].get(key), unit) for c in cols])
    if "stock_cold" in summary:
        lines.append(["loadPyodide() (ms)", _fmt(summary["ours_cold"]["worker_timings_ms"].get("pyodide")),
                      _fmt(summary["ours_warm"]["worker_timings_ms"].get("pyodide")),
                      _fmt(summary["stock_cold"]["load_pyodide_ms"]), _fmt(summary["stock_warm"]["load_pyodide_ms"])])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in lines]
    text.insert(1, "  ".join("-" * w for w in widths))

    out = ["\n".join(text), ""]
    for temp in ("cold", "warm"):
        stages = summary[f"ours_{temp}"]["worker_timings_ms"]
        out.append(f"Engine worker stages, {temp} (median ms): "
                   + ", ".join(f"{k} {v['median']:.0f}" for k, v in stages.items() if v))
    a = summary["answers"]
    out.append(f"Answer → next question: n={a['to_question']['n']} p50={a['to_question']['p50']} ms "
               f"p95={a['to_question']['p95']} ms max={a['to_question']['max']} ms")
    if a["to_outcome"]["n"]:
        out.append(f"Answer → check-your-answers: n={a['to_outcome']['n']} p50={a['to_outcome']['p50']} ms "
                   f"p95={a['to_outcome']['p95']} ms")
    if a["first_answer_ms"]:
        out.append(f"First answer after load: {_fmt(a['first_answer_ms'])} ms")
    r = summary["ratios_ours_over_stock"]
    if r:
        out.append("Ours / stock (medians): " + ", ".join(f"{k} {v}" for k, v in r.items() if v is not None))
    out.append("")
    out.append("Bytes by type, cold (median requests / raw kB / sent kB):")
    for label in ("ours_cold", "stock_cold"):
        if label in summary:
            parts = [f"{t} {v['requests']:.0f}/{v['raw'] / 1e3:.0f}/{v['sent'] / 1e3:.0f}"
                     for t, v in summary[label]["bytes_by_type"].items()]
            out.append(f"  {label.replace('_', ' ')}: " + "; ".join(parts))
    for label in ("ours_cold", "ours_warm", "stock_cold", "stock_warm"):
        if summary.get(label, {}).get("errors"):
            out.append(f"ERRORS in {label}: {summary[label]['errors']}")
    return "\n".join(out)


# -------------------------------------------------------------------- main


def chromium_path() -> str:
    path = os.environ.get("INFOSHARE_CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit(f"bench: Chromium not found at {path}; set INFOSHARE_CHROMIUM or run scripts/ensure_browser.py")
    return path


def build(site: Path, config: Path) -> tuple[Path, bool]:
    """Build the site; retry without MkDocs' strict mode so warnings don't block a measurement."""
    from site_plugins.build import BuildError, build_site

    quiet = lambda message: None  # noqa: E731
    try:
        return build_site(site_dir=site, config_file=config, progress=quiet), True
    except BuildError as error:
        print("bench: strict build failed; building with strict=False for measurement:", file=sys.stderr)
        for line in error.messages[:5]:
            print("  " + line, file=sys.stderr)
        return build_site(site_dir=site, config_file=config, progress=quiet, strict=False), False


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        return out.stdout.strip() + ("+dirty" if dirty.strip() else "")
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--answers", type=int, default=30, help="answers timed per run (default 30)")
    parser.add_argument("--flow", default="share-information", help="flow id to load (default share-information)")
    parser.add_argument("--site", type=Path, help="use this built site instead of building one")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--no-gzip", action="store_true", help="serve every response uncompressed")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock Pyodide baseline")
    parser.add_argument("--cache-control", default="max-age=600",
                        help="Cache-Control sent with every response (default max-age=600, as GitHub Pages)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from site_plugins.pyodide_runtime import PYODIDE_VERSION, ensure_runtime

    executable = chromium_path()
    tmp = Path(tempfile.mkdtemp(prefix="infoshare-bench-"))
    try:
        strict = None
        if args.site:
            site = args.site.resolve()
        else:
            started = time.monotonic()
            site, strict = build(tmp / "site", args.config)
            print(f"bench: built the site in {time.monotonic() - started:.1f} s", file=sys.stderr)
        flows_json = site / "assets" / "infoshare" / "flows.json"
        flows = {f["id"]: f for f in json.loads(flows_json.read_text("utf-8"))["flows"]}
        if args.flow not in flows:
            sys.exit(f"bench: no flow '{args.flow}' in {flows_json}; choose one of {', '.join(sorted(flows))}")
        config = json.loads((site / "assets" / "infoshare" / "engine-config.json").read_text("utf-8"))

        runtime = ensure_runtime()
        write_stock_fixture(tmp / "stock", runtime)
        server = BenchServer(site, tmp / "stock", gzip_on=not args.no_gzip, cache_control=args.cache_control)
        server.start()
        print(f"bench: serving {site} at {server.url}; {args.runs} runs of flows/{args.flow}/", file=sys.stderr)

        load_before = os.getloadavg()
        rng = random.Random(args.seed)
        runs: list[Run] = []
        try:
            with sync_playwright() as playwright:
                version = None
                for i in range(args.runs):
                    run = one_run(playwright, executable, server, flows[args.flow], answers=args.answers,
                                  stock=not args.no_stock, rng=rng, tmp=tmp)
                    runs.append(run)
                    stock_note = (f", stock {run.stock_cold.marks.get('engine_ready', float('nan')):.0f} ms"
                                  if run.stock_cold else "")
                    print(f"bench: run {i + 1}/{args.runs}: engine ready cold "
                          f"{run.ours_cold.marks.get('engine_ready', float('nan')):.0f} ms, warm "
                          f"{run.ours_warm.marks.get('engine_ready', float('nan')):.0f} ms{stock_note}",
                          file=sys.stderr)
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                version = browser.version
                browser.close()
        finally:
            server.stop()

        summary = aggregate(runs)
        result = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "commit": git_commit(),
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                        # Other work on the machine skews timings; keep the evidence.
                        "loadavg_before": [round(x, 2) for x in load_before],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
            "chromium": {"path": executable, "version": version},
            "pyodide": PYODIDE_VERSION,
            "site": {"path": str(site), "strict_build": strict, "precompiled_stdlib": config.get("precompiled")},
            "settings": {"runs": args.runs, "answers": args.answers, "flow": args.flow,
                         "gzip": not args.no_gzip, "cache_control": args.cache_control, "seed": args.seed},
            "summary": summary,
            "runs": [
                {
                    "ours_cold": r.ours_cold.__dict__, "ours_warm": r.ours_warm.__dict__,
                    "stock_cold": r.stock_cold.__dict__ if r.stock_cold else None,
                    "stock_warm": r.stock_warm.__dict__ if r.stock_warm else None,
                    "answers": r.answers,
                }
                for r in runs
            ],
        }
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
        (args.out / "latest.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")

        print()
        print(f"Chromium {version}, Pyodide {PYODIDE_VERSION}, {os.cpu_count()} CPUs "
              f"(load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after), "
              f"gzip {'on' if not args.no_gzip else 'off'}, Cache-Control: {args.cache_control}, {args.runs} runs")
        print(table(summary))
        print(f"\nJSON: {path}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
