"""Shared helpers: run the CLI in-process, find the repository and the shared folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "projects"
EXAMPLE = PROJECTS / "etangs-ardenne.yaml"
MINIMAL = PROJECTS / "minimal.yaml"
SHARED = ROOT.parent / "shared"


def run(*args: str, input: str | None = None, env: dict | None = None):
    """Invoke `coopdocs ARGS…` and return Click's result (stdout and stderr kept apart)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def shared_file(relative: str) -> Path:
    """A file of ../shared; missing, it skips locally but fails in CI, where shared/ is always laid."""
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} manque : CI doit avoir shared/ à côté du dépôt")
        pytest.skip(f"{path} absent (hors CI)")
    return path
