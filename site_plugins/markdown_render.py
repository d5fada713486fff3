"""Render flow Markdown (outcome bodies) to HTML outside a MkDocs page.

The stepper shows outcome bodies without a page load, so their HTML is made
at build time and embedded in the stepper page. MkDocs only rewrites links in
the Markdown of a page, so links here are rewritten by a small tree
processor: a link to ``recording.md`` (relative to the docs dir, as everywhere
in a flow) becomes the relative URL of that page as seen from the page the
HTML is embedded in.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

__all__ = ["page_url", "relative_url", "render_markdown"]

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site URL (relative to the site root) of a Markdown file, as MkDocs makes it."""
    stem, _ext = posixpath.splitext(src_uri)
    if not use_directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) in ("index", "README"):
        directory = posixpath.dirname(stem)
        return directory + "/" if directory else ""
    return stem + "/"


def relative_url(target: str, from_src_uri: str, use_directory_urls: bool = True) -> str:
    """Turn a docs-relative link such as ``recording.md#what`` into a URL relative to a page."""
    if not target or _SCHEME.match(target) or target.startswith(("/", "#")):
        return target
    path, hash_mark, fragment = target.partition("#")
    if not path:
        return target
    if path.endswith(".md"):
        path = page_url(path, use_directory_urls)
    here = page_url(from_src_uri, use_directory_urls)
    base = here[:-1] if here.endswith("/") else posixpath.dirname(here)
    is_directory = path == "" or path.endswith("/")
    url = posixpath.relpath(path or ".", base or ".")
    if is_directory:
        url = "./" if url == "." else url + "/"
    return url + hash_mark + fragment


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, from_src_uri: str, use_directory_urls: bool):
        super().__init__(md)
        self.from_src_uri = from_src_uri
        self.use_directory_urls = use_directory_urls

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, relative_url(value, self.from_src_uri, self.use_directory_urls))


def render_markdown(
    text: str,
    *,
    from_src_uri: str,
    extensions: Sequence[Any] = (),
    extension_configs: Mapping[str, Any] | None = None,
    use_directory_urls: bool = True,
) -> str:
    """HTML for ``text`` as if it sat in the page ``from_src_uri``."""
    md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(extension_configs or {}))
    md.treeprocessors.register(_LinkRewriter(md, from_src_uri, use_directory_urls), "infoshare_links", 1)
    return md.convert(text or "")
