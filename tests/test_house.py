"""House rules a reader relies on: short modules and functions (complexity is ruff's C90), the
public API where the docs say, and the core free of Click."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

CODE = sorted([*ROOT.glob("coopdocs/**/*.py"), *ROOT.glob("scripts/*.py"), *ROOT.glob("bench/**/*.py")])


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_short(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, "module above 400 lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long, f"functions above 60 lines: {long}"


def test_public_api_is_importable_from_the_package():
    import coopdocs

    for name in ("load_project", "read_timesheet", "read_register", "build", "BuildOptions", "CoopdocsError"):
        assert callable(getattr(coopdocs, name)), name
    from coopdocs.pipeline import bilan

    assert callable(bilan)


def test_the_core_does_not_import_click():
    """Only cli.py speaks Click: the web workspace and scripts call the same library."""
    script = (
        "import sys\n"
        "import coopdocs.pipeline, coopdocs.bilan.compute, coopdocs.output.archive, coopdocs.project.init\n"
        "assert 'click' not in sys.modules, 'click imported by the core'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)


def test_the_catalogue_has_every_word_in_both_languages():
    from coopdocs.forms.anomalies import AnomalyKind, Severity
    from coopdocs.kinds import DOCUMENTS
    from coopdocs.output.writer import Action
    from coopdocs.words import catalogue

    words = catalogue()
    for group, languages in words.items():
        assert set(languages) == {"fr", "en"}, group
        assert set(languages["fr"]) == set(languages["en"]), group
    for kind in [*AnomalyKind, *Severity]:
        assert kind.value in words["anomaly"]["fr"], kind
    assert {a.value for a in Action} <= set(words["outcome"]["fr"]) & set(words["outcomes"]["fr"])
    assert set(DOCUMENTS) <= set(words["document"]["fr"])
