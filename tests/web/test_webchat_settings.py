"""The chat's settings and page values, without a browser."""

from __future__ import annotations

import pytest

from bot.settings import ClinicSettings, load_settings
from bot.webchat import PageSettings, contrast_ratio, parse_colour, tel_href


def test_allowed_origins_from_file_and_environment(tmp_path):
    config = tmp_path / "clinic.yml"
    config.write_text(
        "allowed_origins:\n  - https://www.clinic.example\n  - http://localhost:8000\n"
    )
    assert load_settings(config, environ={}).origins() == [
        "https://www.clinic.example",
        "http://localhost:8000",
    ]
    settings = load_settings(
        config,
        environ={"CLINIC_ALLOWED_ORIGINS": "https://a.example, https://b.example"},
    )
    assert settings.origins() == ["https://a.example", "https://b.example"]
    assert ClinicSettings().origins() == []


@pytest.mark.parametrize(
    "origin",
    ["https://clinic.example/", "clinic.example", "https://x.example/chat", "*"],
)
def test_an_allowed_origin_must_be_an_origin(origin):
    with pytest.raises(ValueError, match="not an origin"):
        ClinicSettings(allowed_origins=origin).origins()


@pytest.mark.parametrize(
    "value, expected",
    [("#6A1B9A", "#6a1b9a"), ("fff", "#ffffff"), ("red", None), ("#12345", None)],
)
def test_colours(value, expected):
    assert parse_colour(value) == expected


@pytest.mark.parametrize(
    "colour",
    ["#ffffff", "#000000", "#ffd54f", "#00695c", "#777777", "#6a1b9a", "#ff0000"],
)
def test_any_clinic_colour_gets_text_with_aa_contrast(colour):
    page = PageSettings(ClinicSettings(chat_colour=colour))
    assert contrast_ratio(page.colour, page.colour_text) >= 4.5


def test_the_embed_may_change_name_and_colour_but_not_the_number():
    clinic = ClinicSettings(clinic_name="Real Clinic", emergency_number="999")
    page = PageSettings(
        clinic, {"name": "  Lakeside\nMaternity ", "colour": "#6a1b9a", "number": "0"}
    )
    assert (page.clinic_name, page.colour) == ("Lakeside Maternity", "#6a1b9a")
    assert page.emergency_number == "999"
    assert PageSettings(clinic, {"colour": "url(x)"}).colour == "#00695c"
    assert PageSettings(clinic, {"name": "x" * 500}).clinic_name == "x" * 80


def test_tel_link_keeps_only_dialable_characters():
    assert tel_href("0100 200 300") == "tel:0100200300"
    assert tel_href('+44 (0)20"><script>') == "tel:+44020"
