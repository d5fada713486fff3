"""Generate the Markdown pages of the flowcharts.

Plain functions from resolved flow dicts to Markdown text; the MkDocs plugin
only adds the results to the site. Every page works without JavaScript:
answers are ordinary links to the page of the node they lead to.

Pages per flow (``src_uri`` relative to the docs dir):

* ``flows/index.md`` lists every flowchart;
* ``flows/<id>/index.md`` is the interactive stepper page;
* ``flows/<id>/<node>.md`` is a static page per question and outcome;
* ``flows/<id>/diagram.md`` shows ``flows/<id>/diagram.svg`` and a text version.

Links to guidance pages in a flow (``related[].page`` and links inside an
outcome ``body``) are written relative to the docs dir, as in ``recording.md``;
they are rewritten here to be relative to the generated page, so MkDocs checks
them like any other link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from site_plugins.diagram import DECISION_LABELS, render_svg, text_outline

__all__ = [
    "FLOWS_DIR",
    "md_text",
    "resolved_citations",
    "citation_markdown",
    "predecessors",
    "rewrite_links",
    "index_page",
    "stepper_page",
    "node_page",
    "diagram_page",
    "flow_files",
]

FLOWS_DIR = "flows"
RECORDING_PAGE = "recording.md"

# Python-Markdown's backslash escapes plus the characters our extensions treat
# specially at the start of a line (def_list's ":" is only special there, and
# text is never placed at the start of a line unprefixed).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^])")

# Inline links and images whose target is a relative path: [text](target ...)
_LINK = re.compile(r"(\]\()(\s*<?)([^)\s>]+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def md_text(text: Any) -> str:
    """Escape plain text so Markdown shows it literally (HTML special characters too)."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _front_matter(**values: Any) -> str:
    # JSON strings are valid YAML flow scalars, which sidesteps YAML quoting rules.
    lines = ["---"]
    for key, value in values.items():
        if value is not None:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def rewrite_links(markdown: str, prefix: str) -> str:
    """Prefix every relative inline link target with ``prefix`` (e.g. ``../../``)."""

    def fix(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}{_relative(match.group(3), prefix)}"

    return _LINK.sub(fix, markdown)


def resolved_citations(flow: Mapping[str, Any], refs: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """``[{title, publisher, year, section, url}]`` for a node's ``sources`` list."""
    by_id = {source["id"]: source for source in flow.get("sources") or []}
    citations = []
    for ref in refs or []:
        source = by_id.get(ref.get("source"), {})
        citations.append({
            "title": source.get("title", ref.get("source", "")),
            "publisher": source.get("publisher"),
            "year": source.get("year"),
            "section": ref.get("section") or source.get("section"),
            "url": source.get("url"),
        })
    return citations


def citation_markdown(citation: Mapping[str, Any]) -> str:
    """``*Title*, Publisher, 2018, section: X`` with the title linked when there is a URL."""
    title = f"*{md_text(citation['title'])}*"
    if citation.get("url"):
        title = f"[{title}]({citation['url']})"
    parts = [title]
    parts += [md_text(citation[key]) for key in ("publisher", "year") if citation.get(key)]
    if citation.get("section"):
        parts.append(f"section: {md_text(citation['section'])}")
    return ", ".join(parts)


def predecessors(flow: Mapping[str, Any]) -> dict[str, list[str]]:
    """For each node, the questions with an answer leading to it (in flow order)."""
    before: dict[str, list[str]] = {node_id: [] for node_id in flow["nodes"]}
    for node_id, node in flow["nodes"].items():
        for answer in node.get("answers") or []:
            if answer["next"] in before and node_id not in before[answer["next"]]:
                before[answer["next"]].append(node_id)
    return before


def _node_name(node: Mapping[str, Any], node_id: str) -> str:
    return node.get("text") or node.get("title") or node_id


def _sources_section(citations: list[dict[str, Any]]) -> str:
    if not citations:
        return ""
    items = "\n".join(f"- {citation_markdown(c)}" for c in citations)
    return f"## Sources\n\n{items}\n\n"


def _relative(target: str, prefix: str) -> str:
    return target if _SCHEME.match(target) or target.startswith(("/", "#")) else prefix + target


def _related_section(related: Iterable[Mapping[str, Any]] | None, prefix: str) -> str:
    items = [f"- [{md_text(r['title'])}]({_relative(r['page'], prefix)})" for r in related or []]
    return "## Related guidance\n\n" + "\n".join(items) + "\n\n" if items else ""


def _flow_link(flow: Mapping[str, Any]) -> str:
    return f"[Flowchart: {md_text(flow['title'])}](index.md){{ .infoshare-flow-name }}\n\n"


def index_page(flows: list[Mapping[str, Any]]) -> str:
    """``flows/index.md``: every flowchart with its summary and a start link."""
    parts = [
        _front_matter(title="Flowcharts", description="Step-by-step flowcharts for deciding whether to share information."),
        "# Flowcharts\n\n",
        "Each flowchart asks a few questions and ends with a decision, the steps to take "
        "and what to record. Your answers stay in your browser. The flowcharts support your "
        "professional judgement; they do not replace it, and they are not legal advice.\n\n",
    ]
    for flow in flows:
        parts.append(
            f"## {md_text(flow['title'])}\n\n{md_text(flow.get('summary', ''))}\n\n"
            f"[Start: {md_text(flow['title'])}]({flow['id']}/index.md){{ .md-button .md-button--primary }} "
            f"[Diagram of this flowchart]({flow['id']}/diagram.md){{ .md-button }}\n\n"
        )
    if not flows:
        parts.append("No flowcharts have been published yet.\n")
    return "".join(parts)


def stepper_page(flow: Mapping[str, Any], stepper_html: str) -> str:
    """``flows/<id>/index.md``: the interactive page with its first question in the HTML.

    ``stepper_html`` (from ``stepper_page.render_stepper``) holds the page's
    heading, the "Act now" panel and the first question.
    """
    parts = [
        _front_matter(title=flow["title"], description=flow.get("summary")),
        _raw_html(stepper_html),
        "## About this flowchart\n\n",
        f"{md_text(flow.get('summary', ''))}\n\n",
        f"[See the whole flowchart as a diagram](diagram.md) · "
        f"[Use the question pages instead]({flow['start']}.md)\n\n",
        _sources_section(resolved_citations(flow, [{"source": s["id"]} for s in flow.get("sources") or []])),
    ]
    return "".join(parts)


def _raw_html(html: str) -> str:
    # A raw HTML block must start at the beginning of a line and be followed
    # by a blank line, or Markdown would treat what follows as part of it.
    html = (html or "").strip()
    return f"{html}\n\n" if html else ""


def _back_links(flow: Mapping[str, Any], node_id: str, before: dict[str, list[str]]) -> str:
    nodes = flow["nodes"]
    parents = before.get(node_id, [])
    if node_id == flow["start"] or not parents:
        return ""
    if len(parents) == 1:
        parent = parents[0]
        return f"[Back to the previous question: {md_text(_node_name(nodes[parent], parent))}]({parent}.md)\n\n"
    items = "\n".join(f"- [{md_text(_node_name(nodes[p], p))}]({p}.md)" for p in parents)
    return f"You can reach this page from more than one question. Go back to:\n\n{items}\n\n"


def node_page(
    flow: Mapping[str, Any],
    node_id: str,
    *,
    act_now_html: str = "",
    field_labels: Mapping[str, str] | None = None,
    before: dict[str, list[str]] | None = None,
) -> str:
    """``flows/<id>/<node>.md``: a question or outcome page that works without JavaScript."""
    node = flow["nodes"][node_id]
    before = before if before is not None else predecessors(flow)
    citations = resolved_citations(flow, node.get("sources"))
    prefix = "../../"  # from flows/<id>/<node>.md back to the docs dir
    footer = (
        _back_links(flow, node_id, before)
        + "[Start again](index.md){ .md-button }\n\n"
        + _sources_section(citations)
        + _related_section(node.get("related"), prefix)
    )
    if node.get("kind") != "outcome":
        answers = "\n".join(f"- [{md_text(a['label'])}]({a['next']}.md)" for a in node.get("answers") or [])
        hint = f"{md_text(node['hint'])}\n\n" if node.get("hint") else ""
        return (
            _front_matter(title=node["text"], description=f"A question in the flowchart: {flow['title']}",
                          template="infoshare-flow.html")
            + _flow_link(flow)
            + _raw_html(act_now_html)
            + f"# {md_text(node['text'])}\n\n{hint}"
            + f"## Choose your answer\n\n{answers}\n\n"
            + footer
        )

    decision = node.get("decision", "")
    labels = field_labels or {}
    fields = node.get("record_fields") or []
    actions = "\n".join(f"1. {md_text(a)}" for a in node.get("actions") or [])
    record_items = "\n".join(f"- {md_text(labels.get(f, f))}" for f in fields)
    return (
        _front_matter(title=node["title"], description=f"An outcome of the flowchart: {flow['title']}",
                      template="infoshare-flow.html")
        + _flow_link(flow)
        + f"# {md_text(node['title'])}\n\n"
        + f"**Decision: {md_text(DECISION_LABELS.get(decision, decision))}**\n"
        + f"{{ .infoshare-decision .infoshare-decision--{decision} }}\n\n"
        + _raw_html(act_now_html)
        + rewrite_links((node.get("body") or "").strip(), prefix) + "\n\n"
        + (f"## What to do next\n\n{actions}\n\n" if actions else "")
        + "## Record your decision and reasons\n\n"
        + "Record what you decided and why, even if you decided not to share. "
        + ("Include:\n\n" + record_items + "\n\n" if record_items else "\n\n")
        + "The [interactive version of this flowchart](index.md) can make a decision record "
        + f"file for you to download. See [recording decisions]({prefix}{RECORDING_PAGE}) for what to "
        + "include and why.\n\n"
        + footer
    )


def diagram_page(flow: Mapping[str, Any]) -> str:
    """``flows/<id>/diagram.md``: the SVG and its text alternative."""
    outline = text_outline(flow, link=lambda node_id: f"{node_id}.md")
    return (
        _front_matter(title=f"Diagram: {flow['title']}", description=f"A diagram of the flowchart: {flow['title']}",
                      template="infoshare-flow.html")
        + _flow_link(flow)
        + f"# Diagram: {md_text(flow['title'])}\n\n"
        + "Questions are drawn as square boxes. Outcomes say SHARE (rounded box), DO NOT SHARE "
        + "(eight-sided box) or SEEK ADVICE (dashed box). Each arrow is labelled with the answer "
        + "that leads along it. The same flowchart is written out as a list below the diagram.\n\n"
        + f"![Diagram of the flowchart “{md_text(flow['title'])}”. The text version below "
        + "describes the same questions and outcomes.](diagram.svg){ .infoshare-diagram }\n\n"
        + "[Open the diagram on its own](diagram.svg)\n\n"
        + "## Text version\n\n"
        + outline + "\n"
    )


def flow_files(
    flows: list[Mapping[str, Any]],
    *,
    stepper_html: Callable[[Mapping[str, Any]], str],
    act_now_html: str,
    field_labels: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every generated file, ``{src_uri: text}``: pages, diagrams and nothing else."""
    files = {f"{FLOWS_DIR}/index.md": index_page(flows)}
    for flow in flows:
        base = f"{FLOWS_DIR}/{flow['id']}"
        before = predecessors(flow)
        files[f"{base}/index.md"] = stepper_page(flow, stepper_html(flow))
        files[f"{base}/diagram.md"] = diagram_page(flow)
        files[f"{base}/diagram.svg"] = render_svg(flow)
        for node_id, node in flow["nodes"].items():
            if node_id in ("index", "diagram"):
                # A node id can't shadow the generated pages; validation of ids
                # belongs to decision_core, so just refuse clearly here.
                raise ValueError(f"{base}: node id '{node_id}' is reserved; rename the node")
            files[f"{base}/{node_id}.md"] = node_page(
                flow, node_id, act_now_html=act_now_html,
                field_labels=field_labels, before=before,
            )
    return files
