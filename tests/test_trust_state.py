"""State that heals: whatever interrupted a build (a kill at any point, a full disk, a deleted or
garbled manifest.json), the next build ends as a clean build would, and blank forms still count
as blank in the bilan. Writes never leave the output folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINIMAL, digests, killed_build, run

DATE = "2028-07-01"


def _build(project: Path, out: Path, *extra: str) -> str:
    result = run("build", project, "-o", out, "--date", DATE, *extra)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    _build(EXAMPLE, out)
    return out


@pytest.mark.parametrize("after", [0.7, 1.5, 2.5])
def test_after_a_kill_and_a_lost_manifest_the_next_build_equals_a_clean_one(tmp_path, after, clean):
    out = tmp_path / "out"
    killed_build(EXAMPLE, out, after, DATE)
    (out / "manifest.json").unlink(missing_ok=True)  # the README's old advice, or a kill before it was written
    output = _build(EXAMPLE, out)
    assert "conflit" not in output and "conservé" not in output
    assert _digests(out) == _digests(clean)
    # Blank sheets are still blank for the bilan: every month of the period is missing.
    (out / "manifest.json").unlink()
    figures = json.loads(run("bilan", EXAMPLE, "--period", "2028-05", "-o", out, "--json", "--date", DATE).stdout)
    zoe = next(a for a in figures["agents"] if a["id"] == "zoe-martin")
    assert zoe["months_missing"] == ["2028-05"] and zoe["hours_total"] == 0


def test_a_change_of_the_project_after_losing_the_manifest_updates_untouched_documents(tmp_path):
    out = tmp_path / "out"
    _build(EXAMPLE, out)
    (out / "manifest.json").write_text('["pas", "un", "manifeste"]')
    changed = tmp_path / "projet.yaml"
    changed.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('fr: "Des étangs', 'fr: "Nouveau titre — Des étangs', 1)
    )
    output = _build(changed, out)
    assert "conflit" not in output
    reference = tmp_path / "reference"
    _build(changed, reference)
    assert _digests(out) == _digests(reference)
    from openpyxl import load_workbook

    title = load_workbook(out / "suivi/carnet-de-bord.xlsx", read_only=True).properties.title
    assert title is not None and "Nouveau titre — " in title


@pytest.mark.parametrize("shape", ['["liste"]', '"texte"', '{"files": []}', '{"files": {"a.docx": 5}}', "{"])
def test_a_manifest_of_any_shape_is_rebuilt(tmp_path, shape):
    out = tmp_path / "out"
    _build(MINIMAL, out)
    (out / "manifest.json").write_text(shape)
    assert "6 fichiers : 6 identiques" in _build(MINIMAL, out)
    assert set(json.loads((out / "manifest.json").read_text())["files"]) == set(_digests(out))


def test_a_hand_edited_document_is_still_a_conflict_without_the_manifest(tmp_path):
    from docx import Document

    out = tmp_path / "out"
    _build(MINIMAL, out)
    document = Document(str(out / "fiche-projet.docx"))
    document.add_paragraph("Ajout à la main")
    document.save(str(out / "fiche-projet.docx"))
    (out / "manifest.json").unlink()
    result = run("build", MINIMAL, "-o", out, "--date", DATE)
    assert result.exit_code == 1 and "conflit" in result.stderr and "fiche-projet.docx" in result.stderr


def test_a_directory_link_inside_the_output_is_never_followed(tmp_path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "partenaires").symlink_to(elsewhere, target_is_directory=True)
    result = run("build", EXAMPLE, "-o", out, "--date", DATE)
    assert result.exit_code == 1 and "Erreur interne" not in result.output
    assert f"{out / 'partenaires'} est un lien symbolique" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert not (out / "convention-partenariat.docx").exists()  # nothing written at all


def test_a_file_link_is_not_written_through(tmp_path):
    out = tmp_path / "out"
    _build(MINIMAL, out)
    secret = tmp_path / "secret.docx"
    secret.write_bytes(b"ne pas toucher")
    (out / "fiche-projet.docx").unlink()
    (out / "fiche-projet.docx").symlink_to(secret)
    result = run("build", MINIMAL, "-o", out, "--date", DATE)
    assert result.exit_code == 1 and "est un lien symbolique" in result.stderr
    assert secret.read_bytes() == b"ne pas toucher"


def test_only_coopdocs_temporary_files_are_removed(tmp_path):
    out = tmp_path / "out"
    _build(MINIMAL, out)
    mine = out / ".mes-notes.tmp"
    mine.write_text("à garder")
    left = out / ".fiche-projet.docx.abc123.coopdocs-tmp"
    left.write_bytes(b"reste d'un arret brutal")
    (out / "fiche-projet.docx").unlink()
    _build(MINIMAL, out)
    assert mine.read_text() == "à garder" and not left.exists()


def test_two_forced_runs_in_the_same_second_keep_two_backups(tmp_path, monkeypatch):
    import datetime as dt

    from docx import Document

    from coopdocs.output import writer

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2028, 7, 1, 10, 0, 0)

    monkeypatch.setattr(writer.dt, "datetime", Frozen)
    out = tmp_path / "out"
    _build(MINIMAL, out)
    for text in ("première retouche", "seconde retouche"):
        document = Document(str(out / "fiche-projet.docx"))
        document.add_paragraph(text)
        document.save(str(out / "fiche-projet.docx"))
        _build(MINIMAL, out, "--force")
    backups = sorted(p.relative_to(out).as_posix() for p in (out / "sauvegardes").rglob("*.docx"))
    assert backups == [
        "sauvegardes/20280701-100000-2/fiche-projet.docx",
        "sauvegardes/20280701-100000/fiche-projet.docx",
    ]


def test_a_document_open_in_word_is_detected_even_with_a_long_name(tmp_path):
    out = tmp_path / "out"
    _build(EXAMPLE, out)
    (out / "~$nvention-partenariat.docx").write_bytes(b"owner")  # Word keeps the name's last characters
    changed = tmp_path / "projet.yaml"
    changed.write_text(EXAMPLE.read_text(encoding="utf-8").replace('fr: "Des étangs', 'fr: "Autre — Des étangs', 1))
    result = run("build", changed, "-o", out, "--date", DATE)
    assert result.exit_code == 1 and f"ouvert : {out / 'convention-partenariat.docx'}" in result.stderr


def _root_with_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _root_with_mount(), reason="monter un petit tmpfs demande d'être root (CI l'est)")
def test_a_full_disk_and_a_read_only_disk_get_french_messages_and_heal(tmp_path, clean):
    disk = tmp_path / "disque"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=60k", "tmpfs", str(disk)]).returncode:
        pytest.skip("mount refusé dans ce conteneur")
    try:
        result = run("build", EXAMPLE, "-o", disk / "out", "--date", DATE)
        assert result.exit_code == 1 and "disque plein : libérez de la place" in result.stderr
        assert "Erreur interne" not in result.output and str(disk / "out") in result.stderr
        subprocess.run(["mount", "-o", "remount,size=20m", str(disk)], check=True)
        _build(EXAMPLE, disk / "out")
        assert _digests(disk / "out") == _digests(clean)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        changed = tmp_path / "projet.yaml"
        changed.write_text(EXAMPLE.read_text(encoding="utf-8").replace('fr: "Des étangs', 'fr: "Autre — Des étangs', 1))
        result = run("build", changed, "-o", disk / "out", "--date", DATE)
        assert result.exit_code == 1 and "le disque est en lecture seule" in result.stderr
    finally:
        subprocess.run(["umount", str(disk)])


def test_a_title_too_long_for_office_properties_is_cut_there(tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    project = tmp_path / "p.yaml"
    project.write_bytes(MINIMAL.read_bytes().replace(b"Projet minimal", "Étang ".encode() * 50))
    _build(project, tmp_path / "out")
    title = Document(str(tmp_path / "out/fiche-projet.docx")).core_properties.title
    assert len(title) == 255 and title.endswith("…") and title.startswith("Fiche projet — Étang Étang")
    logbook = load_workbook(tmp_path / "out/suivi/carnet-de-bord.xlsx", read_only=True).properties.title
    assert logbook is not None and len(logbook) <= 255


def _digests(folder: Path) -> dict[str, str]:
    return digests(folder, manifest=False)
