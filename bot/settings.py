"""Clinic settings: one YAML file with defaults, overridden by environment variables.

Both servers read them: the Rasa server fills them into responses through
``bot.nlg.ClinicNaturalLanguageGenerator`` and the action server uses them where an
action needs them. Nothing here is read at import time.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Mapping

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "clinic.yml"
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")

# setting name -> environment variable that overrides it
ENVIRONMENT_VARIABLES = {
    "clinic_name": "CLINIC_NAME",
    "emergency_number": "CLINIC_EMERGENCY_NUMBER",
    "maternity_triage_phone": "CLINIC_TRIAGE_PHONE",
    "opening_hours": "CLINIC_OPENING_HOURS",
    "allowed_origins": "CLINIC_ALLOWED_ORIGINS",
    "chat_colour": "CLINIC_CHAT_COLOUR",
}


@dataclass(frozen=True)
class ClinicSettings:
    clinic_name: str = "your clinic"
    emergency_number: str = "112"
    maternity_triage_phone: str = "the number in your pregnancy notes"
    opening_hours: str = "Monday to Friday, 8am to 6pm"
    # the website chat (bot/webchat): sites that may embed the chat or call the bot
    # from a browser, space- or comma-separated origins; and the chat's main colour
    allowed_origins: str = ""
    chat_colour: str = "#00695c"

    def as_template_variables(self) -> dict[str, str]:
        return asdict(self)

    def origins(self) -> list[str]:
        """The allowed origins as a list; each must be ``scheme://host[:port]``."""
        origins = [item for item in re.split(r"[\s,]+", self.allowed_origins) if item]
        for origin in origins:
            if not ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"allowed_origins: {origin!r} is not an origin like "
                    "https://www.example-clinic.org (no path, no trailing slash)"
                )
        return origins


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> ClinicSettings:
    """Read the settings file (``CLINIC_CONFIG`` or ``clinic.yml``), then the
    environment."""
    environ = os.environ if environ is None else environ
    config_path = Path(path or environ.get("CLINIC_CONFIG") or DEFAULT_CONFIG_PATH)
    values: dict[str, str] = {}
    if config_path.is_file():
        loaded = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{config_path} must hold a mapping of settings")
        unknown = set(loaded) - set(ENVIRONMENT_VARIABLES)
        if unknown:
            raise ValueError(
                f"unknown clinic settings in {config_path}: {sorted(unknown)}"
            )
        values.update(
            {
                key: " ".join(map(str, value))
                if isinstance(value, list)
                else str(value)
                for key, value in loaded.items()
            }
        )
    for key, variable in ENVIRONMENT_VARIABLES.items():
        if environ.get(variable, "").strip():
            values[key] = environ[variable].strip()
    return ClinicSettings(**values)


if __name__ == "__main__":
    # `python -m bot.settings allowed_origins`: one origin a line (bot/scripts/run.sh)
    if sys.argv[1:] != ["allowed_origins"]:
        sys.exit("usage: python -m bot.settings allowed_origins")
    print("\n".join(load_settings().origins()))
