"""Shared helpers: run the CLI in-process, find the repository and the copies of the shared texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from coopdocs.cli import main

# Hypothesis: the same examples on every CI run (a failure is reproducible, never flaky); a
# release runs ten times more with fresh randomness: COOPDOCS_HYPOTHESIS=release.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("release", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("COOPDOCS_HYPOTHESIS", "ci"))


def examples(count: int) -> int:
    """How many examples a property test tries: `count` in CI, ten times more for a release."""
    return count * (10 if os.environ.get("COOPDOCS_HYPOTHESIS") == "release" else 1)


ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "projects"
EXAMPLE = PROJECTS / "etangs-ardenne.yaml"
MINIMAL = PROJECTS / "minimal.yaml"
# The items the guide marks as specific to European Territorial Cooperation (italics, « si CTE », « * »).
CTE_ITEMS = {
    "lever-freins.v7",
    "mobiliser-acteurs.m4",
    "rechercher-partenaires.m2.1",
    "rechercher-partenaires.m3.1",
    "rechercher-partenaires.m3.2",
    "contacter-partenaires.m3",
    "contacter-partenaires.m4",
    "contacter-partenaires.m5",
    "contacter-partenaires.m6",
}


def run(*args: str, input: str | None = None, env: dict | None = None):
    """Invoke `coopdocs ARGS…` and return Click's result (stdout and stderr kept apart)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


# Copies of the team's shared texts the tests read (the guide, the contract), kept in the repo so
# that the suite runs the same anywhere: refresh them with `make shared-copies` when they change.
DATA = Path(__file__).parent / "data"
SHARED_COPIES = {
    "seeds/000_eebdb0052eac5e4b.txt": "guide-cap-rural.txt",
    "spec/project-format.md": "project-format.md",
    "spec/cli.md": "cli.md",
}


def shared_file(relative: str) -> Path:
    """The repo's copy of a file of ../shared (see SHARED_COPIES)."""
    return DATA / SHARED_COPIES[relative]


def minimal_with(tmp_path: Path, added: str) -> Path:
    """The minimal project with these YAML sections added at its end, written as tmp_path/p.yaml:
    the project file a test needs, a few lines away from the smallest valid one."""
    project = tmp_path / "p.yaml"
    project.write_text(MINIMAL.read_text(encoding="utf-8") + added, encoding="utf-8")
    return project


def header(sheet, required: set[str], max_row: int = 60) -> tuple[int, dict[str, int]]:
    """The header row of a table coopdocs wrote, found by its words (spaces folded) within the
    first `max_row` rows, as a person reads it: its number and each header's column. The time
    sheets, registers, claims and control workbooks are read back this way by the tests."""
    from coopdocs.forms._reading import plain

    for row in sheet.iter_rows(max_row=max_row):
        values = {plain(c.value): c.column for c in row if isinstance(c.value, str)}
        if required <= set(values):
            return row[0].row, values
    raise AssertionError(required)


def docx_text(path: Path) -> str:
    """Every text of a .docx as python-docx reads it: body paragraphs, tables (nested), headers, footers."""
    from docx import Document

    document = Document(str(path))
    parts: list[str] = []

    def block(container) -> None:
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    block(cell)

    block(document)
    for section in document.sections:
        block(section.header)
        block(section.footer)
    return "\n".join(parts)


def docx_headings(path: Path) -> list[str]:
    """The texts of a .docx's headings, in order."""
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading")]


def docx_tables(path: Path) -> list[list[list[str]]]:
    """The body's tables as rows of cell texts."""
    from docx import Document

    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def soffice_or_fail() -> str:
    """LibreOffice is required in CI (installed by .ci/run); elsewhere its absence skips."""
    import shutil

    found = shutil.which("soffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) manque : .ci/run doit l'installer")
        pytest.skip("LibreOffice absent (hors CI)")
    return found


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example project built once (--date 2028-07-01), for tests that copy or compare it."""
    out = tmp_path_factory.mktemp("example") / "out"
    result = run("build", EXAMPLE, "-o", out, "--date", "2028-07-01")
    assert result.exit_code == 0, result.output
    return out


def digests(folder: Path, *, manifest: bool = True) -> dict[str, str]:
    """sha256 of every file under `folder` (manifest.json left out when `manifest` is False)."""
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (manifest or p.name != "manifest.json")
    }


def killed_build(project: Path, out: Path, after: float, date: str) -> None:
    """Start `coopdocs build` in its own process and SIGKILL it after `after` seconds."""
    import signal
    import subprocess
    import sys
    import time

    command = [sys.executable, "-m", "coopdocs", "build", str(project), "-o", str(out), "--date", date]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait()


def guide_text(item_id: str) -> str:
    """The words of a guide item (a document shows the guide's words, never the item's id)."""
    from coopdocs.french import typeset
    from coopdocs.guide import load_guide

    return typeset(load_guide().item_ids[item_id].text)
