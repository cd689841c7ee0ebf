"""Trust: reproducible bytes, interrupted builds, the control archive, templates that never escape."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, MINIMAL, ROOT, digests, killed_build, run

DATE = "2028-07-01"


def test_two_full_builds_a_few_seconds_apart_are_byte_identical(tmp_path):
    assert run("build", EXAMPLE, "-o", tmp_path / "a", "--date", DATE).exit_code == 0
    assert run("bilan", EXAMPLE, "--period", "2027", "-o", tmp_path / "a", "--date", DATE).exit_code == 0
    time.sleep(2.1)  # zip entries keep time to 2 s: make sure the clock moved past one step
    assert run("build", EXAMPLE, "-o", tmp_path / "b", "--date", DATE).exit_code == 0
    assert run("bilan", EXAMPLE, "--period", "2027", "-o", tmp_path / "b", "--date", DATE).exit_code == 0
    a, b = digests(tmp_path / "a"), digests(tmp_path / "b")
    # 20 documents (6 of meetings with the minutes in English, 1 amendment, the agreement in French
    # and English, no letter of intent from the lead partner to itself, a letter of support from the
    # observer), 50 sheets (none in a month without a work package), 3 registers, logbook,
    # decisions, preparation, 2 bilans, manifest, the three covering letters, the evaluation plan
    # and the experience sheet in French and English
    assert len(a) == 85 and a == b
    for name in (
        "convention-partenariat.docx",
        "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx",
        "bilans/bilan_2027.docx",
        "bilans/bilan_2027.xlsx",
    ):
        with zipfile.ZipFile(tmp_path / "a" / name) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = Document(str(tmp_path / "a/convention-partenariat.docx")).core_properties
    assert props.created.date().isoformat() == DATE and props.last_modified_by == "coopdocs"


def _complete(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except zipfile.BadZipFile:
        return False


def _alive(pattern: str) -> list[str]:
    """The processes whose command line names `pattern`, zombies (already dead) left out."""
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    states = {
        pid: subprocess.run(["ps", "-o", "stat=", "-p", pid], capture_output=True, text=True).stdout for pid in found
    }
    return [pid for pid, state in states.items() if state.strip() and not state.startswith("Z")]


@pytest.mark.parametrize("after", [1.2, 2.2, 3.2])
def test_a_killed_build_leaves_every_file_complete_or_absent(tmp_path, after):
    out = tmp_path / "out"
    killed_build(EXAMPLE, out, after, DATE)
    # Its worker processes die with it (none is left rendering in the background): killed by the
    # kernel at once, they may still be listed a moment, as zombies, on a loaded machine until
    # init reaps them; a live one would still be there after 5 s.
    deadline = time.monotonic() + 5
    while (survivors := _alive(str(out))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert survivors == []
    outputs = (
        [p for p in out.rglob("*") if p.is_file() and not p.name.endswith(".coopdocs-tmp")] if out.exists() else []
    )
    for path in outputs:
        if path.suffix in (".docx", ".xlsx"):
            assert _complete(path), path
    # The next build finishes the work without a conflict, adopting what was written.
    result = run("build", EXAMPLE, "-o", out, "--date", DATE)
    assert result.exit_code == 0, result.output
    assert "conflit" not in result.output
    assert not list(out.rglob(".*.coopdocs-tmp"))
    assert digests(out) == digests(_reference(tmp_path))


def _reference(tmp_path: Path) -> Path:
    reference = tmp_path / "reference"
    assert run("build", EXAMPLE, "-o", reference, "--date", DATE).exit_code == 0
    return reference


def test_archive_holds_everything_verifies_and_is_reproducible(tmp_path):
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out, "--date", DATE).exit_code == 0
    sheet = out / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    book["Feuille"]["C13"] = 4
    book.save(sheet)
    assert run("bilan", EXAMPLE, "--period", "2028-S1", "-o", out, "--date", DATE).exit_code == 0
    first = run("archive", EXAMPLE, "--from", out, "-o", tmp_path / "a.zip", "--date", DATE)
    assert first.exit_code == 0, first.output
    time.sleep(2.1)
    assert run("archive", EXAMPLE, "--from", out, "-o", tmp_path / "b.zip", "--date", DATE).exit_code == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    archive = zipfile.ZipFile(tmp_path / "a.zip")
    names = set(archive.namelist())
    assert {
        "LISEZMOI.txt",
        "MANIFEST.csv",
        "projet/etangs-ardenne.yaml",
        "documents/convention-partenariat.docx",
        "documents/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx",
        "documents/bilans/bilan_2028-S1.docx",
        "documents/bilans/bilan_2028-S1.xlsx",
        "documents/manifest.json",
    } <= names
    # Blank forms nobody filled are no record.
    assert "documents/feuilles-de-temps/zoe-martin/zoe-martin_2028-06.xlsx" not in names
    rows = archive.read("MANIFEST.csv").decode().splitlines()
    assert rows[0] == "chemin,sha256,taille,type,origine"
    assert rows[1].startswith("LISEZMOI.txt,")  # the notice is covered too
    filled = next(r for r in rows if "zoe-martin_2028-05.xlsx" in r).split(",")
    assert filled[3:5] == ["feuilles-de-temps", "rempli"]
    assert filled[1] == hashlib.sha256(sheet.read_bytes()).hexdigest()
    readme = archive.read("LISEZMOI.txt").decode()
    assert "À conserver jusqu'au 30 juin 2039 au moins (10 ans après la fin du projet)" in readme
    verified = run("archive", "--verify", tmp_path / "a.zip")
    assert verified.exit_code == 0
    fingerprint = hashlib.sha256(archive.read("MANIFEST.csv")).hexdigest()
    assert f"empreinte de l'archive (sha256 de MANIFEST.csv) : {fingerprint}" in first.stdout
    assert verified.stdout.splitlines() == [
        f"empreinte de l'archive (sha256 de MANIFEST.csv) : {fingerprint}",
        f"{tmp_path / 'a.zip'} : {len(rows) - 1} fichiers vérifiés, aucune différence — comparez l'empreinte à celle notée",
    ]


def test_verify_reports_a_changed_file(tmp_path):
    out = tmp_path / "out"
    assert run("build", MINIMAL, "-o", out, "--date", DATE).exit_code == 0
    assert run("archive", MINIMAL, "--from", out, "-o", tmp_path / "a.zip", "--date", DATE).exit_code == 0
    with zipfile.ZipFile(tmp_path / "a.zip") as source, zipfile.ZipFile(tmp_path / "b.zip", "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "documents/fiche-projet.docx":
                data += b"\0"
            target.writestr(info, data)
        target.writestr("documents/ajout.txt", b"x")
    result = run("archive", "--verify", tmp_path / "b.zip")
    assert result.exit_code == 1
    assert "documents/fiche-projet.docx : contenu différent de celui enregistré" in result.stderr
    assert "documents/ajout.txt : présent dans l'archive mais pas dans MANIFEST.csv" in result.stderr


def test_a_template_looping_for_ever_is_stopped(tmp_path, monkeypatch):
    from coopdocs.documents import _limits as limits

    monkeypatch.setattr(limits, "RENDER_SECONDS", 1.0)
    folder = tmp_path / "modeles"
    folder.mkdir()
    document = Document(str(ROOT / "coopdocs/documents/builtin/fiche-projet.fr.docx"))
    document.add_paragraph("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    document.save(str(folder / "fiche-projet.fr.docx"))
    started = time.perf_counter()
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--templates", folder)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert "modèle fiche-projet.fr.docx : le rendu dépasse 1 s (boucle sans fin dans le modèle ?)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_xml_is_parsed_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_output_paths_never_leave_the_output_folder(tmp_path):
    from coopdocs.errors import CoopdocsError
    from coopdocs.office.folder import inside

    assert inside(tmp_path, "partenaires/a/lettre.docx") == tmp_path / "partenaires/a/lettre.docx"
    for bad in ("../dehors.docx", "partenaires/../../dehors.docx", "/etc/passwd"):
        with pytest.raises(CoopdocsError, match="hors du dossier"):
            inside(tmp_path, bad)


def test_no_formula_from_user_text_anywhere(tmp_path):
    """Every string cell of every workbook a build writes is text, unless coopdocs wrote the formula."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "title: Coordination et gestion du projet", "title: '=cmd|'' /C calc''!A0'"
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert run("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "--date", DATE).exit_code == 0
    for path in (tmp_path / "out").rglob("*.xlsx"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    xml = archive.read(name).decode()
                    for formula in xml.split("<f>")[1:]:
                        assert formula.startswith(("SUM(", "ROUND(", "IF(")), (path, formula[:40])
    assert os.path.exists(tmp_path / "out/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx")
