"""The French documentation: present, linked from the README, and its generated parts equal to the code."""

from __future__ import annotations

import re

from conftest import ROOT, run
from coopdocs.project.docgen import markdown

DOCS = ROOT / "docs"
PAGES = [
    "demarrer.md",
    "fichier-projet.md",
    "feuilles-de-temps.md",
    "bilans.md",
    "controle.md",
    "archive.md",
    "modeles.md",
    "espace-de-travail.md",
    "conception-serve.md",
]


def test_the_project_file_page_is_generated_from_the_schema():
    assert (DOCS / "fichier-projet.md").read_text(encoding="utf-8") == markdown()


def test_the_guide_page_is_generated_from_the_guide_map():
    """Each document's guide items, with audience and reason, as the built-in map says
    (`make generate` rewrites the page)."""
    from coopdocs.documents.guide_map import markdown
    from coopdocs.documents.search_path import TemplatePath

    guide_map = TemplatePath().guide_map()
    page = (DOCS / "guide-par-document.md").read_text(encoding="utf-8")
    assert page == markdown(guide_map), "docs/guide-par-document.md is stale: make generate"
    assert "| `formaliser-partenariat.v2` | anticiper une expertise juridique en fonction du projet | équipe" in page
    for kind in guide_map:
        assert f"(`{kind}`)" in page


def test_every_key_of_the_schema_is_documented():
    import json

    schema = json.loads(run("schema").stdout)
    page = (DOCS / "fichier-projet.md").read_text(encoding="utf-8")
    for definition in [schema, *schema["$defs"].values()]:
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in page, key


def test_pages_exist_and_the_readme_links_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert (DOCS / page).exists(), page
        assert f"docs/{page}" in readme, page
    for page in PAGES:
        for target in re.findall(r"\]\(([a-z-]+\.md)\)", (DOCS / page).read_text(encoding="utf-8")):
            assert (DOCS / target).exists(), (page, target)


def test_documented_commands_and_anomaly_kinds_exist():
    from coopdocs.forms.anomalies import AnomalyKind as KINDS

    sheets = "".join((DOCS / page).read_text(encoding="utf-8") for page in ("feuilles-de-temps.md", "bilans.md"))
    for kind in KINDS:
        assert f"`{kind}`" in sheets, kind
    for command in (
        "init",
        "validate",
        "build",
        "timesheets",
        "bilan",
        "claim",
        "control",
        "archive",
        "checklist",
        "schema",
        "templates",
        "serve",
    ):
        assert run(command, "--help").exit_code == 0


def test_shell_completion_works_as_documented():
    import os
    import subprocess
    import sys

    env = {**os.environ, "_COOPDOCS_COMPLETE": "bash_source"}
    script = subprocess.run([sys.executable, "-m", "coopdocs"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert script.returncode == 0 and "_coopdocs_completion" in script.stdout
    assert "_COOPDOCS_COMPLETE=bash_source coopdocs" in (DOCS / "demarrer.md").read_text(encoding="utf-8")
