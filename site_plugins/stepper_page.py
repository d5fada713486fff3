"""HTML for the interactive flowchart page (``flows/<id>/index.md``).

The page works in three layers:

1. Without JavaScript it shows the first question with its answers as plain
   links to the static node pages (``<node>/``), so every flow can be
   completed from the build output alone.
2. With JavaScript, ``stepper.js`` reveals the radio form that is already in
   the HTML, so the first question is usable before the engine has loaded.
3. Once the Pyodide worker is ready, every later step is rendered from the
   JSON views that ``decision_core.facade`` returns.

Outcome bodies are Markdown; the build renders them and this module puts the
HTML in ``<template>`` elements, so the browser never parses Markdown.

Everything taken from a flow or a contact is escaped here; only ``node_html``
(rendered by the build from the flow's own Markdown) is inserted as HTML.
"""

from __future__ import annotations

import json
import pathlib
import re
from html import escape
from typing import Any

__all__ = ["render_stepper", "render_act_now", "asset_files", "ASSET_DIR"]

ASSET_DIR = pathlib.Path(__file__).parent / "assets"

# Files the site copies to ``assets/infoshare/``; order is irrelevant.
_ASSET_NAMES = ("stepper.js", "engine-worker.mjs", "stepper.css", "print.css")

# A phone number we can safely turn into a tel: link (digits, spaces, + - ( )).
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{1,30}$")


def asset_files() -> list[pathlib.Path]:
    """Return the browser files to copy into the site's ``assets/infoshare/``."""
    return [ASSET_DIR / name for name in _ASSET_NAMES]


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _tel_href(phone: str) -> str:
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def _phone(phone: str) -> str:
    """A phone number as a tel: link, or as text when it is not a number."""
    if _PHONE.match(phone.strip()):
        return f'<a href="{_e(_tel_href(phone))}">{_e(phone.strip())}</a>'
    return _e(phone)


def _contact(contacts: dict, group: str, key: str, *, required: bool = True) -> str:
    value = contacts.get(group, {}).get(key) if isinstance(contacts.get(group), dict) else None
    if value is None or str(value).strip() == "":
        if required:
            raise ValueError(
                f"missing contact 'contacts.{group}.{key}' needed by the "
                "'Act now' panel; add it to the partnership's contacts"
            )
        return ""
    return str(value).strip()


def render_act_now(contacts: dict) -> str:
    """Return the "Immediate risk to a child? Act now" panel.

    ``contacts`` has the partnership shape: ``contacts["emergency"]["phone"]``
    and ``contacts["front_door"]["name" | "phone" | "out_of_hours" | "url"]``
    (``out_of_hours`` and ``url`` are optional). Raises ``ValueError`` naming
    the missing key when a required contact is absent.
    """
    emergency = _contact(contacts, "emergency", "phone")
    name = _contact(contacts, "front_door", "name")
    phone = _contact(contacts, "front_door", "phone")
    ooh = _contact(contacts, "front_door", "out_of_hours", required=False)
    url = _contact(contacts, "front_door", "url", required=False)

    # A paragraph title rather than a heading: the panel sits above the
    # question's <h1>, and an <h2> there would break the heading order.
    parts = [
        '<aside class="infoshare-act-now" aria-labelledby="infoshare-act-now-title">',
        '<p class="infoshare-act-now__title" id="infoshare-act-now-title">'
        "<strong>Immediate risk to a child? Act now</strong></p>",
        f"<p>If a child is in immediate danger, call {_phone(emergency)}.</p>",
        f"<p>Contact {_e(name)} on {_phone(phone)}",
    ]
    if ooh:
        parts[-1] += f" (out of hours: {_phone(ooh)})"
    parts[-1] += ".</p>"
    if url.startswith("https://"):
        parts.append(f'<p><a href="{_e(url)}">{_e(name)} website</a></p>')
    parts.append("<p>Do not wait to finish this flowchart.</p>")
    parts.append("</aside>")
    return "\n".join(parts)


def _site_root(asset_base: str) -> str:
    """The site root relative to the page, derived from the assets URL."""
    base = asset_base if asset_base.endswith("/") else asset_base + "/"
    if base.endswith("assets/"):
        return base[: -len("assets/")] or "./"
    return "../../"


def _page_url(page: str, root: str) -> str:
    """URL of a content page (``lawful-bases.md``) with directory URLs."""
    page = page.split("#", 1)
    path, anchor = page[0], ("#" + page[1] if len(page) > 1 else "")
    if path.endswith("index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path[: -len(".md")] + "/"
    return root + path + anchor


def _related_links(flow: dict, root: str) -> dict[str, str]:
    links: dict[str, str] = {}
    for node in flow.get("nodes", {}).values():
        for item in node.get("related", []) or []:
            page = item.get("page")
            if isinstance(page, str):
                links[page] = _page_url(page, root)
    return links


def _first_question(flow: dict, node_id: str, node: dict) -> str:
    """The start question: a radio form (hidden until JS) and link fallback."""
    text, hint = node.get("text", ""), node.get("hint")
    hint_id = "infoshare-q-hint"
    described = f' aria-describedby="{hint_id}"' if hint else ""
    radios = []
    for i, answer in enumerate(node.get("answers", [])):
        rid = f"infoshare-answer-{i}"
        radios.append(
            '<div class="infoshare-radios__item">'
            f'<input class="infoshare-radios__input" id="{rid}" name="answer" '
            f'type="radio" value="{_e(answer["value"])}">'
            f'<label class="infoshare-radios__label" for="{rid}">{_e(answer["label"])}</label>'
            "</div>"
        )
    hint_html = f'<div class="infoshare-hint" id="{hint_id}">{_e(hint)}</div>' if hint else ""
    form = (
        f'<form class="infoshare-form" data-node="{_e(node_id)}" novalidate hidden>'
        '<div class="infoshare-form-group">'
        f'<fieldset class="infoshare-fieldset"{described}>'
        '<legend class="infoshare-fieldset__legend">'
        f'<h1 class="infoshare-heading" tabindex="-1">{_e(text)}</h1></legend>'
        f"{hint_html}"
        f'<div class="infoshare-radios">{"".join(radios)}</div>'
        "</fieldset></div>"
        '<button type="submit" class="infoshare-button">Continue</button>'
        "</form>"
    )
    links = "".join(
        f'<li><a class="infoshare-answer-link" href="{_e(a["next"])}/">{_e(a["label"])}</a></li>'
        for a in node.get("answers", [])
    )
    nojs_hint = f'<p class="infoshare-hint">{_e(hint)}</p>' if hint else ""
    fallback = (
        '<div class="infoshare-nojs">'
        f'<h1 class="infoshare-heading">{_e(text)}</h1>{nojs_hint}'
        '<p class="infoshare-nojs__lead">Choose your answer:</p>'
        f'<ul class="infoshare-answer-links">{links}</ul>'
        "</div>"
    )
    return form + fallback


def _start_outcome(flow: dict, node_id: str, node: dict) -> str:
    # A flow whose start is an outcome has nothing to ask; point at its page.
    return (
        '<div class="infoshare-nojs">'
        f'<h1 class="infoshare-heading">{_e(node.get("title", ""))}</h1>'
        f'<p><a href="{_e(node_id)}/">Read this outcome</a></p></div>'
    )


def render_stepper(
    flow: dict,
    node_html: dict[str, str],
    contacts: dict,
    asset_base: str = "../../assets/",
) -> str:
    """Return the HTML embedded in the interactive page ``flows/<id>/index.md``.

    ``flow`` is the flow dict as given to the engine (placeholders resolved);
    ``node_html`` maps each outcome node id to its body rendered as HTML,
    with links relative to this page; ``contacts`` feeds the "Act now" panel;
    ``asset_base`` is the URL of the site's ``assets/`` relative to the page.

    The result is one ``<div markdown="0">`` block so Markdown leaves it alone.
    """
    flow_id = flow["id"]
    start = flow["start"]
    nodes = flow["nodes"]
    base = asset_base if asset_base.endswith("/") else asset_base + "/"
    ours = base + "infoshare/"
    root = _site_root(base)

    start_node = nodes[start]
    if start_node.get("kind") == "question":
        first = _first_question(flow, start, start_node)
    else:
        first = _start_outcome(flow, start, start_node)

    templates = []
    for node_id, node in nodes.items():
        if node.get("kind") != "outcome":
            continue
        if node_id not in node_html:
            raise ValueError(
                f"no rendered body for outcome 'nodes.{node_id}' of flow "
                f"'{flow_id}'; the build must render every outcome body"
            )
        templates.append(
            f'<template class="infoshare-outcome-body" data-node="{_e(node_id)}">'
            f"{node_html[node_id]}</template>"
        )

    # JSON inside a non-executable data block; '<' is escaped so a title can
    # never close the element.
    links_json = json.dumps(_related_links(flow, root), sort_keys=True).replace("<", "\\u003c")

    return "\n".join(
        [
            f'<div markdown="0" class="infoshare-stepper" id="infoshare-stepper"'
            f' data-flow="{_e(flow_id)}" data-flow-title="{_e(flow.get("title", ""))}"'
            f' data-worker="{_e(ours)}engine-worker.mjs"'
            f' data-site-root="{_e(root)}">',
            f'<link rel="stylesheet" href="{_e(ours)}stepper.css">',
            f'<link rel="stylesheet" href="{_e(ours)}print.css" media="print">',
            render_act_now(contacts),
            '<div class="infoshare-status" role="status" aria-live="polite"></div>',
            '<div class="infoshare-step" data-infoshare-step>',
            f'<p class="infoshare-caption">{_e(flow.get("title", ""))}</p>',
            '<p class="infoshare-progress">Question 1</p>',
            first,
            "</div>",
            '<div class="infoshare-templates" hidden>',
            *templates,
            f'<script type="application/json" class="infoshare-links">{links_json}</script>',
            "</div>",
            f'<script type="module" src="{_e(ours)}stepper.js"></script>',
            "</div>",
        ]
    )
