"""Text snapshots of the Word documents of the example project: a change of wording shows as a text diff.

The example (projects/etangs-ardenne.yaml) is built on a fixed date (2028-01-15), once with each partner's
language and once in English (`--lang en`, so that every English template is covered too). The text of
each .docx (body paragraphs, bullets marked "• ", and tables in document order, a table row's cells joined
with " | ", then each section's header and footer) is compared with tests/snapshots/<path>.txt, where <path> is the document's path
in the output folder with "/" replaced by "__" (prefixed with "en__" for the English build).

After an intended change (a template's text in templates/, a label, a project value), rewrite the snapshots
and review their diff before committing:

    COOPDOCS_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from conftest import EXAMPLE, ROOT, run
from coopdocs.kinds import DOCUMENTS as WORD_KINDS

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("COOPDOCS_UPDATE_SNAPSHOTS") == "1"
DATE = "2028-01-15"
BUILDS = {"": [], "en__": ["--lang", "en"]}  # snapshot name prefix: extra `coopdocs build` options


def _lines(container: object) -> list[str]:
    """A document body, header, footer or table cell: paragraphs and tables in order."""
    lines: list[str] = []
    for item in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            bullet = item.style is not None and (item.style.name or "").startswith("List Bullet")
            lines.append(("• " if bullet else "") + item.text)
        elif isinstance(item, Table):
            lines.extend(" | ".join(_cell_text(cell) for cell in row.cells) for row in item.rows)
    return lines


def _cell_text(cell: _Cell) -> str:
    return "\n".join(_lines(cell))


def docx_snapshot(path: Path) -> str:
    document = Document(str(path))
    lines = _lines(document)
    for number, section in enumerate(document.sections, 1):
        lines += [f"--- en-tête (section {number}) ---", *_lines(section.header)]
        lines += [f"--- pied de page (section {number}) ---", *_lines(section.footer)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Snapshot file name → text, for every .docx of the example's builds."""
    made: dict[str, str] = {}
    for prefix, options in BUILDS.items():
        out = tmp_path_factory.mktemp("build") / "out"
        only = [arg for kind in WORD_KINDS for arg in ("--only", kind)]
        result = run("build", str(EXAMPLE), "-o", str(out), "--date", DATE, *only, *options)
        assert result.exit_code == 0, result.output
        for path in sorted(out.rglob("*.docx")):
            name = prefix + path.relative_to(out).as_posix().replace("/", "__") + ".txt"
            made[name] = docx_snapshot(path)
    return made


def test_the_documents_read_as_their_snapshots(snapshots: dict[str, str]) -> None:
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        for stale in set(p.name for p in SNAPSHOTS.glob("*.txt")) - set(snapshots):
            (SNAPSHOTS / stale).unlink()
        for name, text in snapshots.items():
            (SNAPSHOTS / name).write_text(text, encoding="utf-8")
        return
    diffs: list[str] = []
    for name, text in snapshots.items():
        path = SNAPSHOTS / name
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if text != expected:
            diffs.extend(
                difflib.unified_diff(
                    expected.splitlines(keepends=True), text.splitlines(keepends=True), f"a/{name}", f"b/{name}"
                )
            )
    assert not diffs, "textes changés (COOPDOCS_UPDATE_SNAPSHOTS=1 pour accepter) :\n" + "".join(diffs)


def test_every_snapshot_belongs_to_a_document(snapshots: dict[str, str]) -> None:
    committed = {p.name for p in SNAPSHOTS.glob("*.txt")}
    assert committed == set(snapshots), "instantanés en trop ou manquants : COOPDOCS_UPDATE_SNAPSHOTS=1"
