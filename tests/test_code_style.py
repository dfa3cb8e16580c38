"""Code style (STYLE.md): ruff lint and ruff format (black style, 88 columns)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUFF = str(Path(sys.executable).with_name("ruff"))
CODE = ["actions", "bot", "tests"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RUFF, *args, *CODE], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_lint_is_clean():
    result = ruff("check")
    assert result.returncode == 0, result.stdout


def test_code_is_formatted():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout
