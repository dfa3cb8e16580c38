"""Clinic settings: one YAML file with defaults, overridden by environment variables.

Both servers read them: the Rasa server fills them into responses through
``bot.nlg.ClinicNaturalLanguageGenerator`` and the action server uses them where an
action needs them. Nothing here is read at import time.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Mapping

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "clinic.yml"

# setting name -> environment variable that overrides it
ENVIRONMENT_VARIABLES = {
    "clinic_name": "CLINIC_NAME",
    "emergency_number": "CLINIC_EMERGENCY_NUMBER",
    "maternity_triage_phone": "CLINIC_TRIAGE_PHONE",
    "opening_hours": "CLINIC_OPENING_HOURS",
}


@dataclass(frozen=True)
class ClinicSettings:
    clinic_name: str = "your clinic"
    emergency_number: str = "112"
    maternity_triage_phone: str = "the number in your pregnancy notes"
    opening_hours: str = "Monday to Friday, 8am to 6pm"

    def as_template_variables(self) -> dict[str, str]:
        return asdict(self)


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
        values.update({key: str(value) for key, value in loaded.items()})
    for key, variable in ENVIRONMENT_VARIABLES.items():
        if environ.get(variable, "").strip():
            values[key] = environ[variable].strip()
    return ClinicSettings(**values)
