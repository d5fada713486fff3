"""Draw a flow as an SVG diagram, and describe it as a nested list.

The layout is a small layered (Sugiyama-style) drawing: each node sits in the
row given by its longest path from the start, edges that skip rows bend
through invisible "dummy" points, and a few barycentre sweeps reduce
crossings. That is enough for flows of a few dozen nodes and keeps the build
free of Graphviz or a JavaScript renderer.

The SVG uses presentation attributes only (no ``style``), so it obeys the
site's Content-Security-Policy when opened on its own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

__all__ = ["DECISION_LABELS", "flow_edges", "layout", "render_svg", "text_outline"]

DECISION_LABELS = {
    "share": "Share",
    "do-not-share": "Do not share",
    "seek-advice": "Seek advice",
}

# Colours are chosen for at least 4.5:1 contrast of the dark text on each fill;
# the decision is also written in words and drawn as a different shape, so
# colour is never the only signal.
_STYLE = {
    "question": {"fill": "#ffffff", "stroke": "#283593"},
    "share": {"fill": "#e3f2e6", "stroke": "#1b5e20"},
    "do-not-share": {"fill": "#fde7e7", "stroke": "#b71c1c"},
    "seek-advice": {"fill": "#fff4d6", "stroke": "#8a5a00"},
}
_TEXT = "#1b1b1b"
_EDGE = "#424242"

BOX_WIDTH = 230
DUMMY_WIDTH = 24
H_GAP = 36
V_GAP = 86
MARGIN = 24
LINE = 18
PAD = 12
WRAP = 30
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


@dataclass
class Box:
    """A node (or a dummy bend point) placed on the drawing."""

    id: str
    layer: int
    dummy: bool = False
    lines: list[str] = field(default_factory=list)
    kind: str = "question"
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass
class Edge:
    """An edge from a question to the node an answer leads to."""

    source: str
    target: str
    label: str
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Layout:
    boxes: dict[str, Box]
    edges: list[Edge]
    width: float
    height: float


def flow_edges(flow: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """``(source, target, label)`` per edge; answers to the same node share one edge."""
    edges: dict[tuple[str, str], list[str]] = {}
    for node_id, node in flow["nodes"].items():
        for answer in node.get("answers") or []:
            edges.setdefault((node_id, answer["next"]), []).append(answer["label"])
    return [(source, target, " / ".join(labels)) for (source, target), labels in edges.items()]


def _reachable_order(flow: Mapping[str, Any]) -> list[str]:
    """Node ids in depth-first discovery order from the start."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [flow["start"]]
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in flow["nodes"]:
            continue
        seen.add(node_id)
        order.append(node_id)
        answers = flow["nodes"][node_id].get("answers") or []
        stack.extend(answer["next"] for answer in reversed(answers))
    return order


def _layers(order: list[str], edges: list[tuple[str, str, str]]) -> dict[str, int]:
    """Longest-path layering; a validated flow has no cycles, but stay finite if it does."""
    layer = {node_id: 0 for node_id in order}
    for _ in range(len(order)):
        changed = False
        for source, target, _label in edges:
            if source in layer and target in layer and layer[target] < layer[source] + 1:
                layer[target] = layer[source] + 1
                changed = True
        if not changed:
            break
    return layer


def _text_lines(node: Mapping[str, Any]) -> tuple[str, list[str]]:
    if node.get("kind") == "outcome":
        decision = node.get("decision", "")
        heading = DECISION_LABELS.get(decision, decision).upper()
        return decision, [heading, *textwrap.wrap(node.get("title", ""), WRAP)]
    return "question", textwrap.wrap(node.get("text", ""), WRAP)


def layout(flow: Mapping[str, Any]) -> Layout:
    """Place every reachable node and route every edge."""
    order = _reachable_order(flow)
    all_edges = [e for e in flow_edges(flow) if e[0] in order and e[1] in order]
    layer = _layers(order, all_edges)

    boxes: dict[str, Box] = {}
    for node_id in order:
        kind, lines = _text_lines(flow["nodes"][node_id])
        boxes[node_id] = Box(
            node_id, layer[node_id], lines=lines, kind=kind,
            width=BOX_WIDTH, height=len(lines) * LINE + 2 * PAD,
        )

    # Split long edges into unit steps through dummy boxes.
    chains: list[tuple[Edge, list[str]]] = []
    links: list[tuple[str, str]] = []
    for index, (source, target, label) in enumerate(all_edges):
        chain = [source]
        for step in range(layer[source] + 1, layer[target]):
            dummy_id = f"~{index}~{step}"
            boxes[dummy_id] = Box(dummy_id, step, dummy=True, width=DUMMY_WIDTH)
            chain.append(dummy_id)
        chain.append(target)
        links.extend(zip(chain, chain[1:]))
        chains.append((Edge(source, target, label), chain))

    rows: list[list[str]] = [[] for _ in range(max(layer.values(), default=0) + 1)]
    for box_id, box in boxes.items():
        rows[box.layer].append(box_id)
    _reduce_crossings(rows, links)
    _place(rows, boxes)

    edges = []
    for edge, chain in chains:
        first, last = boxes[chain[0]], boxes[chain[-1]]
        points = [(first.x + first.width / 2, first.y + first.height)]
        for dummy_id in chain[1:-1]:
            dummy = boxes[dummy_id]
            points.append((dummy.x + dummy.width / 2, dummy.y + dummy.height / 2))
        points.append((last.x + last.width / 2, last.y))
        edge.points = points
        edges.append(edge)

    width = max((box.x + box.width for box in boxes.values()), default=0) + MARGIN
    height = max((box.y + box.height for box in boxes.values()), default=0) + MARGIN
    return Layout(boxes, edges, width, height)


def _reduce_crossings(rows: list[list[str]], links: list[tuple[str, str]], sweeps: int = 4) -> None:
    """Barycentre heuristic: order each row by the mean position of its neighbours."""
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for source, target in links:
        down.setdefault(source, []).append(target)
        up.setdefault(target, []).append(source)

    def reorder(row: list[str], reference: list[str], neighbours: dict[str, list[str]]) -> None:
        position = {box_id: index for index, box_id in enumerate(reference)}
        current = {box_id: index for index, box_id in enumerate(row)}

        def key(box_id: str) -> float:
            linked = [position[n] for n in neighbours.get(box_id, []) if n in position]
            return sum(linked) / len(linked) if linked else current[box_id]

        row.sort(key=key)

    for _ in range(sweeps):
        for index in range(1, len(rows)):
            reorder(rows[index], rows[index - 1], up)
        for index in range(len(rows) - 2, -1, -1):
            reorder(rows[index], rows[index + 1], down)


def _place(rows: list[list[str]], boxes: dict[str, Box]) -> None:
    widths = [sum(boxes[b].width for b in row) + H_GAP * max(len(row) - 1, 0) for row in rows]
    widest = max(widths, default=0)
    y = MARGIN
    for row, row_width in zip(rows, widths):
        row_height = max((boxes[b].height for b in row), default=0)
        x = MARGIN + (widest - row_width) / 2
        for box_id in row:
            box = boxes[box_id]
            box.x = x
            # Boxes hang from the top of their row; a dummy is a bend point
            # halfway down it.
            box.y = y + row_height / 2 if box.dummy else y
            x += box.width + H_GAP
        y += row_height + V_GAP


def _shape(box: Box) -> str:
    colours = _STYLE.get(box.kind, _STYLE["question"])
    paint = f'fill="{colours["fill"]}" stroke="{colours["stroke"]}" stroke-width="2"'
    x, y, w, h = box.x, box.y, box.width, box.height
    if box.kind == "share":
        return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{min(h / 2, 22):.1f}" {paint}/>'
    if box.kind == "do-not-share":
        c = 10  # an octagon, like a stop sign
        points = [(x + c, y), (x + w - c, y), (x + w, y + c), (x + w, y + h - c),
                  (x + w - c, y + h), (x + c, y + h), (x, y + h - c), (x, y + c)]
        return f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" {paint}/>'
    if box.kind == "seek-advice":
        return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="2" '
                f'{paint} stroke-dasharray="7 4"/>')
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4" {paint}/>'


def render_svg(flow: Mapping[str, Any]) -> str:
    """The whole diagram as a standalone SVG document (UTF-8 text)."""
    drawing = layout(flow)
    title = f"Diagram of the flowchart: {flow.get('title', flow.get('id', ''))}"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="diagram-title diagram-desc" '
        f'width="{drawing.width:.0f}" height="{drawing.height:.0f}" '
        f'viewBox="0 0 {drawing.width:.0f} {drawing.height:.0f}" font-family="{escape(FONT)}" font-size="14">',
        f'<title id="diagram-title">{escape(title)}</title>',
        '<desc id="diagram-desc">Questions are square boxes; outcomes are labelled SHARE (rounded), '
        'DO NOT SHARE (octagon) or SEEK ADVICE (dashed). Arrows are labelled with the answer that '
        'leads along them. A text version is on the diagram page.</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{_EDGE}"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for edge in drawing.edges:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in edge.points)
        out.append(f'<polyline points="{points}" fill="none" stroke="{_EDGE}" stroke-width="1.5" '
                   'marker-end="url(#arrow)"/>')
    # Labels go on top of every edge so no line runs through them.
    for edge in drawing.edges:
        (x1, y1), (x2, y2) = edge.points[0], edge.points[1]
        lx, ly = x1 + (x2 - x1) * 0.45, y1 + (y2 - y1) * 0.45
        width = 7.2 * len(edge.label) + 10
        out.append(f'<rect x="{lx - width / 2:.1f}" y="{ly - 11:.1f}" width="{width:.1f}" height="20" '
                   f'rx="3" fill="#ffffff" stroke="{_EDGE}" stroke-width="0.5"/>')
        out.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" fill="{_TEXT}">'
                   f'{escape(edge.label)}</text>')
    for box in drawing.boxes.values():
        if box.dummy:
            continue
        out.append(_shape(box))
        for index, line in enumerate(box.lines):
            bold = ' font-weight="bold"' if box.kind != "question" and index == 0 else ""
            out.append(f'<text x="{box.x + box.width / 2:.1f}" y="{box.y + PAD + LINE * index + 13:.1f}" '
                       f'text-anchor="middle" fill="{_TEXT}"{bold}>{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    from site_plugins.flow_pages import md_text  # late import: flow_pages imports this module

    return md_text(text)


def text_outline(flow: Mapping[str, Any], link: Callable[[str], str]) -> str:
    """The flow as a nested Markdown list, the diagram's text alternative.

    A node reached a second time is referred to, not repeated, so the list
    stays as long as the flow rather than as long as all of its paths.
    ``link(node_id)`` gives the Markdown link target of a node's page.
    """
    nodes = flow["nodes"]
    described: set[str] = set()
    lines: list[str] = []

    def outcome_text(node_id: str) -> str:
        node = nodes[node_id]
        decision = DECISION_LABELS.get(node.get("decision", ""), node.get("decision", ""))
        return f"outcome **{_md(decision)}**: [{_md(node.get('title', node_id))}]({link(node_id)})"

    def question(node_id: str, depth: int) -> None:
        indent = "    " * depth
        described.add(node_id)
        lines.append(f"{indent}- Question: [{_md(nodes[node_id].get('text', node_id))}]({link(node_id)})")
        for answer in nodes[node_id].get("answers") or []:
            target = answer["next"]
            prefix = f"{indent}    - If you answer “{_md(answer['label'])}”, "
            if target not in nodes:
                lines.append(f"{prefix}the flow continues at '{_md(target)}'.")
            elif nodes[target].get("kind") == "outcome":
                lines.append(f"{prefix}{outcome_text(target)}")
            elif target in described:
                lines.append(f"{prefix}go to the question “[{_md(nodes[target].get('text', target))}]"
                             f"({link(target)})” (described above).")
            else:
                lines.append(f"{prefix}next:")
                question(target, depth + 2)

    start = flow["start"]
    if nodes.get(start, {}).get("kind") == "outcome":
        lines.append(f"- Start: {outcome_text(start)}")
    else:
        question(start, 0)
    return "\n".join(lines) + "\n"
