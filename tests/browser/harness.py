"""A minimal site for exercising the stepper in a real browser without MkDocs.

``build_harness_site(out)`` writes ``flows/<id>/index.html`` for every flow in
``flows/``, the stepper assets, ``flows.json`` and the real Pyodide runtime
with the decision_core wheel (via ``site_plugins.pyodide_install``). Pages
carry the site's Content-Security-Policy as a meta tag, so a script that
breaks it fails here too.

Run ``python -m tests.browser.harness /tmp/x`` and serve the folder with
``python -m http.server -d /tmp/x``.
"""

from __future__ import annotations

import json
import shutil
import sys
from html import escape
from pathlib import Path

import markdown

from site_plugins.flow_files import load_flow_dir
from site_plugins.placeholders import placeholder_values, resolve_flow
from site_plugins.stepper_page import asset_files, render_stepper

ROOT = Path(__file__).resolve().parents[2]

CONTACTS = {
    "emergency": {"phone": "999"},
    "front_door": {"name": "Example Children's Services Front Door", "phone": "0300 123 4567",
                   "out_of_hours": "0300 123 9999", "url": "https://example.org/front-door"},
    "police_non_emergency": {"phone": "101"},
    "lado": {"name": "Example LADO", "phone": "0300 123 4000", "email": "lado@example.org"},
    "data_protection_officer": {"name": "Example DPO", "email": "dpo@example.org"},
    "advice_line": {"name": "Example advice line", "phone": "0300 123 5000"},
}
SITE = {"partnership_name": "Example Safeguarding Partnership"}

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
       "style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'")

PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title} - Harness</title></head>
<link rel="stylesheet" href="../../harness.css">
<body><main class="md-typeset">
{body}
</main></body></html>
"""


def build_harness_site(out: Path, *, runtime: bool = True) -> list[dict]:
    """Write the harness site into ``out`` and return the flow dicts."""
    out = Path(out)
    values = placeholder_values(CONTACTS, SITE)
    flows = [resolve_flow(item.data, values, str(item.path))
             for item in load_flow_dir(ROOT / "flows")]
    assets = out / "assets" / "infoshare"
    assets.mkdir(parents=True, exist_ok=True)
    for path in asset_files():
        shutil.copyfile(path, assets / path.name)
    (assets / "flows.json").write_text(json.dumps({"flows": flows, "edition": None}), "utf-8")
    for flow in flows:
        node_html = {node_id: markdown.markdown(node.get("body", ""))
                     for node_id, node in flow["nodes"].items() if node.get("kind") == "outcome"}
        body = render_stepper(flow, node_html, CONTACTS)
        page = out / "flows" / flow["id"] / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(csp=CSP, title=escape(flow["title"]), body=body), "utf-8")
    (out / "harness.css").write_text(
        "main{max-width:48rem;margin:1rem auto;padding:0 1rem;font-family:sans-serif}\n", "utf-8")
    if runtime:
        from site_plugins.pyodide_install import install_runtime

        install_runtime(out)
    return flows


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/infoshare-harness")
    built = build_harness_site(target)
    print(f"built {len(built)} flows into {target}")
