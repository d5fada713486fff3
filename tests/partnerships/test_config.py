"""partnership.yml: the example's fields, and every kind of mistake reported as ``file:line:col``.

Each bad case is one small edit of a copy of the example; the expected
position is found in the edited file itself (the line holding the edit and
the column of the offending key or value), so the example can change without
breaking these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_plugins.partnership import (CONFIG_NAME, NATIONS, Partnership, PartnershipError,
                                      contrast_ratio, load_partnership)

from partnership_support import EXAMPLE, edit

TOP_KEYS = ("id, name, short_name, edition_version, nation, site_url, logo, favicon, colours, "
            "contacts, procedures, footer")
CONTACT_KEYS = "emergency, front_door, police_non_emergency, lado, data_protection_officer, advice_line"
NOT_A_COLOUR = "is not a colour; write it as #rrggbb, e.g. \"#1d4f91\" (in quotes)"
NOT_A_URL = "is not a valid web address (use a full https:// address)"
NOT_A_PHONE = "is not a valid phone number (digits and spaces, e.g. 01632 960 000)"


def where(config: Path, line_text: str, at: str) -> str:
    """``file:line:col`` of ``at`` on the first line containing ``line_text``."""
    for number, line in enumerate(config.read_text(encoding="utf-8").splitlines(), 1):
        if line_text in line:
            return f"{config}:{number}:{line.index(at) + 1}"
    raise AssertionError(f"{line_text!r} not in {config}")


def problems(folder: Path) -> list[str]:
    with pytest.raises(PartnershipError) as caught:
        load_partnership(folder)
    return caught.value.messages


# -- the example --------------------------------------------------------------------------


def test_example_loads_with_every_field():
    p = load_partnership(EXAMPLE)
    assert isinstance(p, Partnership)
    assert p.root == EXAMPLE.resolve()
    assert p.id == "northmoor-eastvale-example"
    assert p.name == "Northmoor and Eastvale Safeguarding Children Partnership (fictional example)"
    assert p.short_name == "Northmoor and Eastvale SCP"
    assert p.edition_version == "2026.1"
    assert p.nation == "england"
    assert p.logo == (EXAMPLE / "assets" / "logo.svg").resolve()
    assert p.favicon == (EXAMPLE / "assets" / "favicon.svg").resolve()
    assert (p.primary, p.accent) == ("#00594f", "#8a1538")
    assert p.contacts["front_door"]["phone"] == "01632 960 100"
    assert p.contacts["front_door"]["out_of_hours"] == "01632 960 199"
    assert p.contacts["police_non_emergency"] == {"phone": "101"}
    assert p.contacts["lado"]["phone"] == "01632 960 120"
    assert p.contacts["data_protection_officer"]["email"] == "dpo@northmoor-eastvale.example.org"
    assert p.contacts["advice_line"]["phone"] == "01632 960 140"
    assert [d.title for d in p.procedures] == [
        "Northmoor and Eastvale Information Sharing Agreement (fictional)",
        "Escalation and resolving professional disagreements (fictional)"]
    assert all(d.url.startswith("https://example.org/") and d.description for d in p.procedures)
    assert p.site_url is None
    assert p.footer.startswith("A fictional example edition")
    assert p.content_dir == EXAMPLE.resolve() / "content"
    assert p.flows_dir == EXAMPLE.resolve() / "flows"
    assert p.edition == {"id": p.id, "name": p.name, "version": "2026.1"}


def test_example_colours_pass_wcag_aa_for_their_roles():
    p = load_partnership(EXAMPLE)
    assert contrast_ratio(p.primary, "#ffffff") >= 4.5
    assert contrast_ratio(p.accent, "#ffffff") >= 4.5


@pytest.mark.parametrize(("a", "b", "ratio"), [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#000000", 21.0),
    ("#1d4f91", "#1d4f91", 1.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54),   # the well-known lightest grey that passes AA on white
    ("#777777", "#ffffff", 4.48),   # ... and the one just below it
])
def test_contrast_ratio_known_values(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.005)


def test_optional_fields_may_be_left_out(example_copy):
    config = example_copy / CONFIG_NAME
    edit(config, "nation: england\n", "")
    edit(config, "favicon: assets/favicon.svg\n", "")
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("procedures:")], encoding="utf-8")
    p = load_partnership(example_copy)
    assert (p.nation, p.favicon, p.procedures, p.footer) == ("england", None, (), None)


def test_every_nation_is_accepted(example_copy):
    config = example_copy / CONFIG_NAME
    for before, nation in zip(("england",) + NATIONS, NATIONS):
        edit(config, f"nation: {before}", f"nation: {nation}")
        assert load_partnership(example_copy).nation == nation


# -- bad configuration: one edit, one exact message -----------------------------------------

# (case id, old text, new text, (line text, column text), message) — the position is that
# of ``column text`` on the first line holding ``line text`` after the edit.
CASES = [
    pytest.param(
        "unknown-key-in-contacts", "  emergency:\n", "  emergncy:\n    phone: \"999\"\n  emergency:\n",
        ("emergncy:", "emergncy"),
        f"unknown key 'emergncy' (allowed here: {CONTACT_KEYS}) ('contacts.emergncy')",
        id="unknown-key-in-contacts"),
    pytest.param(
        "colour-without-hash", 'primary: "#00594f"', 'primary: "00594f"', ("primary:", '"00594f"'),
        f"'00594f' {NOT_A_COLOUR} ('colours.primary')", id="colour-without-hash"),
    pytest.param(
        "colour-by-name", 'accent: "#8a1538"', "accent: crimson", ("accent:", "crimson"),
        f"'crimson' {NOT_A_COLOUR} ('colours.accent')", id="colour-by-name"),
    pytest.param(
        "short-colour", 'accent: "#8a1538"', 'accent: "#a13"', ("accent:", '"#a13"'),
        f"'#a13' {NOT_A_COLOUR} ('colours.accent')", id="short-colour"),
    pytest.param(
        "low-contrast-primary", 'primary: "#00594f"', 'primary: "#ffcc00"', ("primary:", '"#ffcc00"'),
        "#ffcc00 gives white header text on it a contrast of 1.51:1, below the 4.5:1 WCAG AA needs "
        "for text; choose a darker colour ('colours.primary')", id="low-contrast-primary"),
    pytest.param(
        "low-contrast-accent", 'accent: "#8a1538"', 'accent: "#aaaaaa"', ("accent:", '"#aaaaaa"'),
        "#aaaaaa gives link text in it on white a contrast of 2.32:1, below the 4.5:1 WCAG AA needs "
        "for text; choose a darker colour ('colours.accent')", id="low-contrast-accent"),
    pytest.param(
        "contrast-just-below-aa", 'accent: "#8a1538"', 'accent: "#777777"', ("accent:", '"#777777"'),
        "#777777 gives link text in it on white a contrast of 4.48:1, below the 4.5:1 WCAG AA needs "
        "for text; choose a darker colour ('colours.accent')", id="contrast-just-below-aa"),
    pytest.param(
        "missing-logo-file", "logo: assets/logo.svg", "logo: assets/crest.svg", ("logo:", "assets/crest.svg"),
        "the file 'assets/crest.svg' does not exist in {folder} (add it, or fix the path; paths are "
        "relative to partnership.yml) ('logo')", id="missing-logo-file"),
    pytest.param(
        "logo-not-an-image", "logo: assets/logo.svg", "logo: partnership.yml",
        ("logo:", "partnership.yml"),
        "'partnership.yml' must be an image (.svg, .png, .jpg, .jpeg, .webp, .ico) ('logo')",
        id="logo-not-an-image"),
    pytest.param(
        "logo-outside-folder", "logo: assets/logo.svg", "logo: ../../mkdocs.yml", ("logo:", "../"),
        "'../../mkdocs.yml' must be a file inside the partnership folder ('logo')", id="logo-outside-folder"),
    pytest.param(
        "favicon-missing", "favicon: assets/favicon.svg", "favicon: assets/favicon.ico",
        ("favicon:", "assets/"),
        "the file 'assets/favicon.ico' does not exist in {folder} (add it, or fix the path; paths are "
        "relative to partnership.yml) ('favicon')", id="favicon-missing"),
    pytest.param(
        "phone-in-words", 'phone: "01632 960 100"', 'phone: "call the front door"', ("call the front door", '"call'),
        f"'call the front door' {NOT_A_PHONE} ('contacts.front_door.phone')", id="phone-in-words"),
    pytest.param(
        "phone-too-short", 'out_of_hours: "01632 960 199"', 'out_of_hours: "1"', ("out_of_hours:", '"1"'),
        f"'1' {NOT_A_PHONE} ('contacts.front_door.out_of_hours')", id="phone-too-short"),
    pytest.param(
        "url-http", 'url: "https://example.org/northmoor-eastvale/report-a-concern"',
        'url: "http://example.org/report"', ("url:", '"http'),
        f"'http://example.org/report' {NOT_A_URL} ('contacts.front_door.url')", id="url-http"),
    pytest.param(
        "url-garbage", 'url: "https://example.org/northmoor-eastvale/report-a-concern"',
        'url: "see our website"', ("url:", '"see'),
        f"'see our website' {NOT_A_URL} ('contacts.front_door.url')", id="url-garbage"),
    pytest.param(
        "procedure-url-http", 'url: "https://example.org/northmoor-eastvale/escalation"',
        'url: "http://example.org/escalation"', ("http://example.org/escalation", '"http'),
        f"'http://example.org/escalation' {NOT_A_URL} ('procedures[1].url')", id="procedure-url-http"),
    pytest.param(
        "site-url-garbage", "nation: england", 'nation: england\nsite_url: "portal"', ("site_url:", '"portal"'),
        f"'portal' {NOT_A_URL} ('site_url')", id="site-url-garbage"),
    pytest.param(
        "email-without-at", 'email: "lado@northmoor-eastvale.example.org"', 'email: "lado-at-example"',
        ("lado-at-example", '"lado'),
        "'lado-at-example' is not a valid email address ('contacts.lado.email')", id="email-without-at"),
    pytest.param(
        "unknown-nation", "nation: england", "nation: france", ("nation:", "france"),
        "unknown nation 'france' (use one of: england, wales, scotland, northern-ireland) ('nation')",
        id="unknown-nation"),
    pytest.param(
        "missing-required-contact",
        '  lado:\n    name: "Northmoor and Eastvale LADO service"\n    phone: "01632 960 120"\n'
        '    email: "lado@northmoor-eastvale.example.org"\n', "",
        ("contacts:", "contacts"), "missing required key 'lado' ('contacts')",
        id="missing-required-contact"),
    pytest.param(
        "missing-required-contact-field", '    phone: "01632 960 140"\n', "",
        ("advice_line:", "advice_line"), "missing required key 'phone' ('contacts.advice_line')",
        id="missing-required-contact-field"),
    pytest.param(
        "bad-id", "id: northmoor-eastvale-example", "id: Northmoor_Eastvale", ("id:", "Northmoor"),
        "'Northmoor_Eastvale' is not a valid id (use lower-case letters, digits and hyphens, "
        "e.g. example-partnership) ('id')", id="bad-id"),
]


@pytest.mark.parametrize(("case", "old", "new", "position", "message"), CASES)
def test_bad_configuration_is_reported_at_its_line(example_copy, case, old, new, position, message):
    config = example_copy / CONFIG_NAME
    edit(config, old, new)
    at = where(config, *position)
    assert problems(example_copy) == [f"{at}: {message.format(folder=example_copy)}"]


# Unknown keys whose value is a scalar, placed at their line but at the value's column.
SCALAR_UNKNOWN_KEYS = [
    pytest.param("nation: england", "nation: england\ncolour: red", "colour",
                 f"unknown key 'colour' (allowed here: {TOP_KEYS}) ('colour')", id="top-level"),
    pytest.param('    phone: "01632 960 140"\n', '    phone: "01632 960 140"\n    fax: "01632 960 141"\n', "fax",
                 "unknown key 'fax' (allowed here: name, phone) ('contacts.advice_line.fax')",
                 id="in-a-contact"),
]


@pytest.mark.parametrize(("old", "new", "key", "message"), SCALAR_UNKNOWN_KEYS)
def test_unknown_key_is_placed_at_the_key(example_copy, old, new, key, message):
    config = example_copy / CONFIG_NAME
    edit(config, old, new)
    assert problems(example_copy) == [f"{where(config, key + ':', key)}: {message}"]


@pytest.mark.parametrize(("old", "new", "key", "message"), SCALAR_UNKNOWN_KEYS)
def test_unknown_key_is_reported_on_its_line(example_copy, old, new, key, message):
    config = example_copy / CONFIG_NAME
    edit(config, old, new)
    [line] = problems(example_copy)
    assert line.startswith(where(config, key + ":", key).rsplit(":", 1)[0] + ":")
    assert line.endswith(f": {message}")


def test_every_problem_is_reported_at_once_in_file_order(example_copy):
    config = example_copy / CONFIG_NAME
    edit(config, 'phone: "01632 960 100"', 'phone: "none"')
    edit(config, 'primary: "#00594f"', 'primary: "#ffff00"')
    edit(config, "nation: england", "nation: wessex")
    lines = problems(example_copy)
    assert [line.split(": ", 1)[1].split(" ")[0] for line in lines] == ["unknown", "#ffff00", "'none'"]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)


def test_missing_partnership_yml(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert problems(folder) == [
        f"{folder / CONFIG_NAME}: not found; a partnership folder needs a partnership.yml "
        "(create one with 'infoshare new-partnership NAME')"]


def test_yaml_syntax_error(example_copy):
    config = example_copy / CONFIG_NAME
    edit(config, "id: northmoor-eastvale-example", "id: [northmoor-eastvale-example")
    opened = where(config, "id: [", "[").split(":")
    [message] = problems(example_copy)
    assert message.startswith(f"{config}:")
    assert " YAML error: " in message
    assert message.endswith(f"(the bracket or quote opened at line {opened[1]}, column {opened[2]} "
                            "is not closed)")


def test_duplicate_key(example_copy):
    config = example_copy / CONFIG_NAME
    edit(config, "nation: england", "nation: england\nnation: wales")
    at = where(config, "nation: wales", "nation")
    assert problems(example_copy) == [
        f"{at}: YAML error: found duplicate key \"nation\" (each key may appear only once in a "
        "mapping; remove or rename one)"]


def test_not_a_mapping(tmp_path):
    (tmp_path / CONFIG_NAME).write_text("- just\n- a list\n", encoding="utf-8")
    [message] = problems(tmp_path)
    assert message.startswith(f"{tmp_path / CONFIG_NAME}:1:1: partnership.yml must be a mapping")


def test_unquoted_colour_says_to_use_quotes(example_copy):
    config = example_copy / CONFIG_NAME
    edit(config, 'primary: "#00594f"', "primary: #00594f")
    [message] = problems(example_copy)
    assert "quotes" in message
