"""Two partnership editions and the national one, built side by side from one checkout.

Each edition must carry its own name, colours, logo and contacts and nothing
of another; overlays add or replace pages and flows; every placeholder is
resolved; a bad overlay stops the build and leaves the previous site alone;
records made with an edition verify against that edition only.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from partnership_support import CONFIG, EXAMPLE, REPO, copy_example, edit

from decision_core import Session, analyse, build_record, flow_digest
from site_plugins.build import BuildError, build_site
from site_plugins.cli import main
from site_plugins.edition import load_edition
from site_plugins.partnership import Partnership, load_partnership, scaffold_partnership

# Files a browser reads as text; the runtime's binaries cannot hold a contact.
TEXT_SUFFIXES = {".html", ".json", ".js", ".mjs", ".css", ".xml", ".txt", ".svg", ".md"}
NATIONAL_FRONT_DOOR = "your local number"  # mkdocs.yml's neutral default

WESTBROOK_GLOSSARY = """\
---
title: Westbrook words
description: The words Westbrook's partner agencies use.
---

# Westbrook words

WESTBROOK-GLOSSARY: the partnership's own glossary replaces the national one.

## Sources

- Westbrook Safeguarding Partnership, local glossary (fictional, 2026).
"""

WESTBROOK_PAGE = """\
---
title: Escalation in Westbrook
description: How to raise a disagreement with another agency in Westbrook.
---

# Escalation in Westbrook

If you disagree with a decision, call {{ contacts.advice_line.name }} on
{{ contacts.advice_line.phone }}, or {{ contacts.front_door.name }} on
{{ contacts.front_door.phone }}.

## Sources

- Westbrook Safeguarding Partnership, escalation policy (fictional, 2026).
"""

WESTBROOK_URGENT_TITLE = "Westbrook: a child may be in danger right now"
WESTBROOK_NEW_FLOW_TITLE = "Westbrook: is the consent you have valid here?"


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG (a logo of a different kind from the example's SVG)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x5b\x2a\x86" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def make_westbrook(parent: Path) -> Path:
    """A second partnership: scaffolded, then given its own look, contacts and overlays."""
    folder = scaffold_partnership("Westbrook Safeguarding Partnership", parent, year=2027)
    config = folder / "partnership.yml"
    edit(config, 'primary: "#1d4f91"', 'primary: "#5b2a86"')
    edit(config, 'accent: "#1d4f91"', 'accent: "#1a5e20"')
    edit(config, "logo: assets/logo.svg", "logo: assets/crest.png")
    (folder / "assets" / "crest.png").write_bytes(png())
    for old, new in (('"Children\'s Services Front Door"', '"Westbrook Children\'s Front Door"'),
                     ('"01632 960 000"', '"01632 960 500"'), ('"01632 960 001"', '"01632 960 599"'),
                     ('"Local Authority Designated Officer"', '"Westbrook LADO"'),
                     ('"01632 960 002"', '"01632 960 520"'),
                     ('"Safeguarding Advice Line"', '"Westbrook Advice Line"'),
                     ('"01632 960 003"', '"01632 960 540"'),
                     ('"https://example.org/report-a-concern"', '"https://westbrook.example.org/concern"'),
                     ('"frontdoor@example.org"', '"frontdoor@westbrook.example.org"'),
                     ('"lado@example.org"', '"lado@westbrook.example.org"'),
                     ('"dpo@example.org"', '"dpo@westbrook.example.org"')):
        edit(config, old, new)
    (folder / "content" / "glossary.md").write_text(WESTBROOK_GLOSSARY, encoding="utf-8")
    (folder / "content" / "westbrook-escalation.md").write_text(WESTBROOK_PAGE, encoding="utf-8")
    urgent = (REPO / "flows" / "urgent-concern.yaml").read_text(encoding="utf-8")
    assert urgent.count("\ntitle: A child may be at immediate risk\n") == 1
    (folder / "flows" / "urgent-concern.yaml").write_text(
        urgent.replace("\ntitle: A child may be at immediate risk\n", f"\ntitle: \"{WESTBROOK_URGENT_TITLE}\"\n"),
        encoding="utf-8")
    consent = (REPO / "flows" / "valid-consent.yaml").read_text(encoding="utf-8")
    consent = re.sub(r"^id: valid-consent$", "id: westbrook-check", consent, count=1, flags=re.MULTILINE)
    consent = re.sub(r"^title: .*$", f"title: \"{WESTBROOK_NEW_FLOW_TITLE}\"", consent, count=1, flags=re.MULTILINE)
    (folder / "flows" / "westbrook-check.yaml").write_text(consent, encoding="utf-8")
    return folder


def quiet(_message: str) -> None:
    pass


@pytest.fixture(scope="module")
def westbrook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_westbrook(tmp_path_factory.mktemp("partnerships"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, westbrook: Path) -> dict[str, Path]:
    """The national edition, the example and Westbrook, each built once into its own folder."""
    root = tmp_path_factory.mktemp("sites")
    built = {"national": build_site(root / "national", CONFIG, quiet)}
    for name, folder in (("example", EXAMPLE), ("westbrook", westbrook)):
        try:
            built[name] = build_site(root / name, CONFIG, quiet, partnership=folder)
        except BuildError as error:
            pytest.fail(f"the {name} edition does not build:\n" + "\n".join(error.messages), pytrace=False)
    return built


@pytest.fixture(scope="module")
def partnerships(westbrook: Path) -> dict[str, Partnership]:
    return {"example": load_partnership(EXAMPLE), "westbrook": load_partnership(westbrook)}


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def flows_json(site: Path) -> dict:
    return json.loads((site / "assets" / "infoshare" / "flows.json").read_text(encoding="utf-8"))


def text_files(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            yield path, path.read_text(encoding="utf-8", errors="replace")


def act_now(html: str) -> str:
    match = re.search(r'<aside class="infoshare-act-now".*?</aside>', html, re.DOTALL)
    assert match, "no Act now panel on the page"
    return match.group(0)


def identifying_strings(p: Partnership) -> set[str]:
    """What would show that this edition leaked into another: its id, names, numbers, addresses."""
    found = {p.id, p.name, p.short_name}

    def walk(value) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str) and value not in ("999", "101"):
            if re.fullmatch(r"[0-9 ()+-]+", value):
                digits = value.replace(" ", "")
                found.update({value, digits, digits.lstrip("0")})  # tel: links drop spaces, +44 drops 0
            elif "@" in value or value.startswith("https://") or "Westbrook" in value or "Northmoor" in value:
                found.add(value)
    walk(p.contacts)
    return found


# -- each edition is itself ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["example", "westbrook"])
def test_name_in_title_and_header(sites, partnerships, name):
    p = partnerships[name]
    home = page(sites[name], "")
    assert re.search(rf"<title>[^<]*{re.escape(p.name)}</title>", home)
    assert p.name in re.search(r"<header.*?</header>", home, re.DOTALL).group(0)


def test_national_name(sites):
    home = page(sites["national"], "")
    assert re.search(r"<title>[^<]*Information Sharing Portal</title>", home)


@pytest.mark.parametrize("name", ["example", "westbrook"])
def test_colours(sites, partnerships, name):
    p = partnerships[name]
    css = (sites[name] / "assets" / "partnership" / "partnership.css").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {p.primary};" in css
    assert f"--md-accent-fg-color: {p.accent};" in css
    assert f"--md-typeset-a-color: {p.accent};" in css
    assert 'href="assets/partnership/partnership.css"' in page(sites[name], "")


def test_national_has_no_partnership_assets(sites):
    assert not (sites["national"] / "assets" / "partnership").exists()
    assert "partnership.css" not in page(sites["national"], "")


@pytest.mark.parametrize("name", ["example", "westbrook"])
def test_logo_and_favicon(sites, partnerships, name):
    p = partnerships[name]
    logo = sites[name] / "assets" / "partnership" / f"logo{p.logo.suffix}"
    assert logo.read_bytes() == p.logo.read_bytes()
    home = page(sites[name], "")
    assert f'src="assets/partnership/logo{p.logo.suffix}"' in home
    assert f'href="assets/partnership/favicon{p.favicon.suffix}"' in home


@pytest.mark.parametrize("name", ["example", "westbrook"])
@pytest.mark.parametrize("url", ["flows/share-information", "flows/share-information/seek-advice",
                                 "flows/urgent-concern"])
def test_act_now_panel_shows_the_editions_front_door(sites, partnerships, name, url):
    front_door = partnerships[name].contacts["front_door"]
    panel = act_now(page(sites[name], url))
    assert front_door["phone"] in panel
    assert front_door["out_of_hours"] in panel
    assert front_door["name"] in panel.replace("&#x27;", "'").replace("&#39;", "'")


@pytest.mark.parametrize("url", ["flows/share-information", "flows/share-information/seek-advice"])
def test_national_act_now_panel_shows_the_neutral_default(sites, url):
    panel = act_now(page(sites["national"], url))
    assert NATIONAL_FRONT_DOOR in panel
    assert "01632" not in panel


@pytest.mark.parametrize("name", ["example", "westbrook"])
def test_who_to_ask_page_shows_the_editions_contacts(sites, partnerships, name):
    contacts = partnerships[name].contacts
    html = page(sites[name], "who-to-ask")
    for number in (contacts["front_door"]["phone"], contacts["lado"]["phone"], contacts["advice_line"]["phone"]):
        assert number in html


def test_national_who_to_ask_page_shows_the_neutral_defaults(sites):
    html = page(sites["national"], "who-to-ask")
    assert NATIONAL_FRONT_DOOR in html
    assert "01632" not in html


@pytest.mark.parametrize(("name", "others"), [("example", ["westbrook", "national"]),
                                              ("westbrook", ["example", "national"])])
def test_nothing_leaks_into_another_edition(sites, partnerships, name, others):
    needles = identifying_strings(partnerships[name])
    own = "\n".join(text for _path, text in text_files(sites[name]))
    p = partnerships[name]
    for needle in (p.id, p.name, p.contacts["front_door"]["phone"], p.contacts["lado"]["phone"]):
        assert needle in own, f"the search would not find {needle!r} even in {name} itself"
    leaks = []
    for other in others:
        for path, text in text_files(sites[other]):
            leaks += [f"{path.relative_to(sites[other])}: {n!r}" for n in needles if n in text]
    assert leaks == [], f"{name}'s details found in {others}"


def test_flows_json_edition(sites, partnerships):
    assert flows_json(sites["national"])["edition"] is None
    for name in ("example", "westbrook"):
        p = partnerships[name]
        assert flows_json(sites[name])["edition"] == {"id": p.id, "name": p.name, "version": p.edition_version}
    assert flows_json(sites["westbrook"])["edition"]["version"] == "2027.1"


def test_no_placeholder_left_anywhere(sites):
    left = [f"{name}: {path.relative_to(site)}"
            for name, site in sites.items() for path, text in text_files(site)
            if path.suffix in (".html", ".json") and "{{" in text]
    assert left == []


def test_flow_digests_in_the_site_match_the_edition(sites, westbrook):
    """The site and the CLI assemble the same edition, so records verify in both."""
    for name, folder in (("national", None), ("example", EXAMPLE), ("westbrook", westbrook)):
        edition = load_edition(CONFIG, folder)
        expected = {item.flow.id: flow_digest(item.data) for item in edition.load_flows()}
        built = {flow["id"]: flow_digest(flow) for flow in flows_json(sites[name])["flows"]}
        assert built == expected, name


# -- overlays ---------------------------------------------------------------------------------


def test_overlay_page_replaces_the_national_page(sites):
    westbrook = page(sites["westbrook"], "glossary")
    assert "WESTBROOK-GLOSSARY" in westbrook
    assert 'id="glossary"' not in westbrook
    assert 'id="glossary"' in page(sites["national"], "glossary")
    assert "WESTBROOK-GLOSSARY" not in page(sites["example"], "glossary")


def test_overlay_page_is_added_and_in_the_nav(sites):
    html = page(sites["westbrook"], "westbrook-escalation")
    assert "01632 960 540" in html and "01632 960 500" in html
    assert 'href="westbrook-escalation/"' in page(sites["westbrook"], "")
    assert not (sites["example"] / "westbrook-escalation").exists()


def test_example_pages_are_added_and_in_the_nav(sites):
    added = sorted(p.stem for p in (EXAMPLE / "content").glob("*.md") if not (REPO / "content" / p.name).exists())
    assert added, "the example adds at least one page of its own"
    home = page(sites["example"], "")
    for stem in added + ["local-documents"]:  # local-documents: made from procedures
        assert (sites["example"] / stem / "index.html").is_file()
        assert f'href="{stem}/"' in home
        assert f'href="{stem}/"' not in page(sites["national"], "")


def test_overlay_flow_replaces_the_flow_with_its_id(sites):
    by_id = {name: {f["id"]: f for f in flows_json(site)["flows"]} for name, site in sites.items()}
    assert by_id["westbrook"]["urgent-concern"]["title"] == WESTBROOK_URGENT_TITLE
    assert by_id["national"]["urgent-concern"]["title"] == "A child may be at immediate risk"
    assert by_id["example"]["urgent-concern"]["title"] == "A child may be at immediate risk"
    assert WESTBROOK_URGENT_TITLE in page(sites["westbrook"], "flows/urgent-concern")


def test_overlay_flow_with_a_new_id_is_added(sites):
    westbrook = {f["id"] for f in flows_json(sites["westbrook"])["flows"]}
    national = {f["id"] for f in flows_json(sites["national"])["flows"]}
    assert westbrook == national | {"westbrook-check"}
    assert WESTBROOK_NEW_FLOW_TITLE in page(sites["westbrook"], "flows/westbrook-check")
    assert WESTBROOK_NEW_FLOW_TITLE in page(sites["westbrook"], "flows")
    assert not (sites["national"] / "flows" / "westbrook-check").exists()


# -- bad overlays stop the build ------------------------------------------------------------------


def _broken_flow(folder: Path) -> tuple[Path, str]:
    """An overlay flow whose start node does not exist; returns it and the expected position."""
    flow = folder / "flows" / "urgent-concern.yaml"
    shutil.copy2(REPO / "flows" / "urgent-concern.yaml", flow)
    edit(flow, "\nstart: immediate-danger\n", "\nstart: nowhere\n")
    number = flow.read_text(encoding="utf-8").splitlines().index("start: nowhere") + 1
    return flow, f"{number}:8: unknown start node 'nowhere' in 'start'"


def _build_fails(folder: Path, site: Path) -> list[str]:
    with pytest.raises(BuildError) as caught:
        build_site(site, CONFIG, quiet, partnership=folder)
    return caught.value.messages


def test_broken_overlay_flow_fails_the_build(tmp_path):
    folder = copy_example(tmp_path / "p")
    _flow, where = _broken_flow(folder)
    messages = _build_fails(folder, tmp_path / "site")
    assert any(re.fullmatch(rf".*/urgent-concern\.yaml:{re.escape(where)}", m) for m in messages), messages
    assert not (tmp_path / "site").exists()


def test_broken_overlay_flow_is_named_by_its_own_path(tmp_path):
    folder = copy_example(tmp_path / "p")
    flow, where = _broken_flow(folder)
    assert f"{flow}:{where}" in _build_fails(folder, tmp_path / "site")


def _page_with_unknown_placeholder(folder: Path) -> Path:
    extra = folder / "content" / "extra.md"
    extra.write_text("---\ntitle: Extra\n---\n\n# Extra\n\nCall {{ contacts.front_door.fone }}.\n", encoding="utf-8")
    return extra


def test_unknown_placeholder_in_an_overlay_page_fails_the_build(tmp_path):
    folder = copy_example(tmp_path / "p")
    _page_with_unknown_placeholder(folder)
    messages = _build_fails(folder, tmp_path / "site")
    assert any(re.fullmatch(r".*extra\.md:7: unknown placeholder '\{\{ contacts\.front_door\.fone \}\}'; .*"
                            r"known placeholders: .*contacts\.front_door\.phone.*", m) for m in messages), messages


def test_unknown_placeholder_in_an_overlay_page_names_the_file(tmp_path):
    folder = copy_example(tmp_path / "p")
    extra = _page_with_unknown_placeholder(folder)
    messages = _build_fails(folder, tmp_path / "site")
    assert any(m.startswith(f"{extra}:7: unknown placeholder") for m in messages), messages


def test_failed_build_leaves_the_previous_site_intact(tmp_path):
    folder = copy_example(tmp_path / "p")
    site = tmp_path / "out" / "site"
    build_site(site, CONFIG, quiet, partnership=folder)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()
              and p.suffix in (".html", ".json", ".css")}
    _broken_flow(folder)
    _build_fails(folder, site)
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()
             and p.suffix in (".html", ".json", ".css")}
    assert after == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging or build folder left


def test_bad_partnership_yml_fails_the_build_before_building(tmp_path, capsys):
    folder = copy_example(tmp_path / "p")
    edit(folder / "partnership.yml", 'primary: "#00594f"', 'primary: "#ffcc00"')
    site = tmp_path / "site"
    assert main(["build", "--config", str(CONFIG), "--partnership", str(folder), "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"infoshare: {folder / 'partnership.yml'}:")
    assert "contrast of 1.51:1" in err[0]
    assert err[-1] == "infoshare: build failed; the previous site (if any) was left as it was"
    assert not site.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_optional_contact_fields_may_be_left_out(tmp_path):
    folder = copy_example(tmp_path / "p")
    edit(folder / "partnership.yml", '    email: "dpo@northmoor-eastvale.example.org"\n', "")
    load_partnership(folder)  # the configuration itself is accepted
    build_site(tmp_path / "site", CONFIG, quiet, partnership=folder)


# -- records -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A record made in-process with the example edition's share-information flow."""
    edition = load_edition(CONFIG, EXAMPLE)
    flow = next(f for f in edition.flows() if f.id == "share-information")
    path = analyse(flow).paths[0]
    session = Session.start(flow)
    for _node, value in path.steps:
        session.answer(value)
    record = build_record(session, {"reasons": "Test reasons"}, edition=edition.record_edition)
    assert record["edition"] == {"id": "northmoor-eastvale-example",
                                 "name": load_partnership(EXAMPLE).name, "version": "2026.1"}
    file = tmp_path_factory.mktemp("records") / "record.json"
    file.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return file


def test_record_verifies_against_its_edition(example_record, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["record", "verify", "--partnership", "partnerships/example", str(example_record)]) == 0
    assert capsys.readouterr().out.startswith(f"{example_record}: valid record ")


def test_record_does_not_verify_against_the_national_edition(example_record, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["record", "verify", str(example_record)]) == 1
    out = capsys.readouterr()
    assert out.out == (f"{example_record}: the wording of flow 'share-information' version "
                       f"{json.loads(example_record.read_text())['flow']['version']} has changed since "
                       "the record was made in 'flow.digest'\n")
    assert out.err == f"{example_record}: NOT VALID (1 problem)\n"


def test_an_edition_outside_england_says_the_guidance_is_written_for_england(tmp_path):
    folder = copy_example(tmp_path / "p")
    config = folder / "partnership.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("nation: england", "nation: wales"),
                      encoding="utf-8")
    site = build_site(tmp_path / "site", CONFIG, quiet, partnership=folder)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Written for England" in home and "works in Wales" in home


def test_an_edition_in_england_has_no_nation_notice(sites):
    assert "Written for England" not in (sites["example"] / "index.html").read_text(encoding="utf-8")
