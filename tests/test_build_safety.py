"""What a build never does: lose an edit, write after a template error, let a template escape."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

from docx import Document

from conftest import MINIMAL, ROOT, docx_text, guide_text, minimal_with, run

LETTER = "partenaires/gal-a/fiche-engagement.docx"


def build(out: Path, *extra: str):
    return run("build", MINIMAL, "-o", out, "--date", "2027-12-01", *extra)


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()
    }


def test_second_build_reports_identical_and_rewrites_nothing(tmp_path):
    assert build(tmp_path).exit_code == 0
    before = snapshot(tmp_path)
    time.sleep(0.05)
    result = build(tmp_path)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"6 fichiers : 6 identiques — {tmp_path}"
    assert snapshot(tmp_path) == before


def test_two_builds_give_the_same_bytes(tmp_path):
    assert build(tmp_path / "a").exit_code == 0
    time.sleep(1.1)  # zip timestamps have a 2-second resolution: make sure the clock moved
    assert build(tmp_path / "b").exit_code == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert {k: v[1] for k, v in a.items()} == {k: v[1] for k, v in b.items()}


def test_changed_input_updates_only_what_depends_on_it(tmp_path):
    assert build(tmp_path).exit_code == 0
    result = run("build", MINIMAL, "-o", tmp_path, "--date", "2027-12-02")
    assert result.exit_code == 0
    assert "mis à jour" in result.stdout
    assert "2 décembre 2027" in docx_text(tmp_path / LETTER)


def edit(path: Path, text: str) -> None:
    document = Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def test_an_edited_document_is_a_conflict_and_nothing_is_written(tmp_path):
    assert build(tmp_path).exit_code == 0
    edit(tmp_path / LETTER, "Ajout fait à la main")
    before = snapshot(tmp_path)
    result = run("build", MINIMAL, "-o", tmp_path, "--date", "2027-12-02")
    assert result.exit_code == 1
    assert f"conflit : {tmp_path / LETTER} a été modifié depuis sa création" in result.stderr
    assert "rien n'a été écrit" in result.stderr
    assert snapshot(tmp_path) == before
    assert "Ajout fait à la main" in docx_text(tmp_path / LETTER)


def test_force_keeps_a_dated_backup_then_replaces(tmp_path):
    assert build(tmp_path).exit_code == 0
    edit(tmp_path / LETTER, "Ajout fait à la main")
    result = build(tmp_path, "--force")
    assert result.exit_code == 0, result.output
    backups = list((tmp_path / "sauvegardes").rglob("fiche-engagement.docx"))
    assert len(backups) == 1
    assert "Ajout fait à la main" in docx_text(backups[0])
    assert "Ajout fait à la main" not in docx_text(tmp_path / LETTER)
    assert f"l'ancien est sauvegardé dans {tmp_path}/sauvegardes/" in result.stdout
    assert build(tmp_path).stdout.startswith("6 fichiers : 6 identiques")


def test_a_file_open_in_an_office_suite_is_reported(tmp_path):
    assert build(tmp_path).exit_code == 0
    (tmp_path / "partenaires/gal-a/.~lock.fiche-engagement.docx#").write_text("lock", encoding="utf-8")
    result = run("build", MINIMAL, "-o", tmp_path, "--date", "2027-12-02")
    assert result.exit_code == 1
    assert "fermez le fichier" in result.stderr


def test_dry_run_writes_nothing(tmp_path):
    result = build(tmp_path / "out", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("6 créés — rien d'écrit (--dry-run)")
    assert not (tmp_path / "out").exists()


def test_a_killed_build_leaves_no_truncated_file_and_the_next_one_adopts_what_exists(tmp_path):
    """Files written before the manifest (as after a kill) are recognised as identical, not conflicts."""
    assert build(tmp_path).exit_code == 0
    os.unlink(tmp_path / "manifest.json")
    result = build(tmp_path)
    assert result.exit_code == 0, result.output
    assert "6 identiques" in result.stdout


def test_only_builds_one_kind(tmp_path):
    assert build(tmp_path, "--only", "lettre-mission").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]  # the minimal project has no agent
    result = build(tmp_path, "--only", "lettre-missions")
    assert result.exit_code == 2
    assert "vouliez-vous dire `lettre-mission`" in result.stderr


def user_template(folder: Path, kind: str, lang: str, paragraph: str) -> None:
    """A copy of a built-in template with one more paragraph."""
    folder.mkdir(parents=True, exist_ok=True)
    document = Document(str(ROOT / "coopdocs/documents/builtin" / f"{kind}.{lang}.docx"))
    document.add_paragraph(paragraph)
    document.save(str(folder / f"{kind}.{lang}.docx"))


def test_user_templates_are_searched_first(tmp_path):
    user_template(tmp_path / "modeles", "fiche-projet", "fr", "Version du GAL : {{ project.title|upper }}")
    result = build(tmp_path / "out", "--templates", str(tmp_path / "modeles"))
    assert result.exit_code == 0, result.output
    # French typography holds for a user's paragraph too: a non-breaking space before « : »
    assert "Version du GAL\u00a0: PROJET MINIMAL" in docx_text(tmp_path / "out/fiche-projet.docx")
    assert "Version du GAL" not in docx_text(tmp_path / "out/convention-partenariat.docx")


def test_templates_dir_of_the_project_file_is_relative_to_it(tmp_path):
    user_template(tmp_path / "mes-modeles", "fiche-projet", "fr", "Modèle du projet")
    project = minimal_with(tmp_path, "templates_dir: mes-modeles\n")
    assert run("build", project, "-o", tmp_path / "out").exit_code == 0
    assert "Modèle du projet" in docx_text(tmp_path / "out/fiche-projet.docx")


def bad_template(tmp_path: Path, paragraph: str):
    user_template(tmp_path / "modeles", "fiche-projet", "fr", paragraph)
    return build(tmp_path / "out", "--templates", str(tmp_path / "modeles"))


def test_undefined_variable_names_the_template_and_writes_nothing(tmp_path):
    result = bad_template(tmp_path, "Budget : {{ projet.budget }}")
    assert result.exit_code == 1
    assert "modèle fiche-projet.fr.docx : variable inconnue projet (disponibles :" in result.stderr
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in result.output


def test_syntax_error_names_the_template_and_the_text_around(tmp_path):
    result = bad_template(tmp_path, "Total du budget : {{ budget.total | }} à vérifier")
    assert result.exit_code == 1
    assert "modèle fiche-projet.fr.docx : erreur de syntaxe" in result.stderr
    assert "près de : «" in result.stderr and "Total du budget" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_template_cannot_reach_python_internals(tmp_path):
    result = bad_template(tmp_path, "{{ ''.__class__.__mro__ }}")
    assert result.exit_code == 1
    assert "modèle fiche-projet.fr.docx :" in result.stderr
    assert not (tmp_path / "out").exists()


def test_none_is_refused_not_printed(tmp_path):
    from coopdocs.documents.render import render_docx
    from coopdocs.errors import CoopdocsError

    document = Document()
    document.add_paragraph("Valeur : {{ value }}")
    buffer = io.BytesIO()
    document.save(buffer)
    import datetime as dt

    import pytest

    with pytest.raises(CoopdocsError, match="valeur est vide"):
        render_docx(buffer.getvalue(), "essai.docx", {"value": None}, dt.date(2027, 1, 1), "t")


def test_a_corrupt_template_is_a_clear_error(tmp_path):
    (tmp_path / "modeles").mkdir()
    (tmp_path / "modeles/fiche-projet.fr.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = build(tmp_path / "out", "--templates", str(tmp_path / "modeles"))
    assert result.exit_code == 1
    assert "fiche-projet.fr.docx : fichier illisible ou endommagé" in result.stderr


def test_guide_map_can_be_changed_by_the_user(tmp_path):
    folder = tmp_path / "modeles"
    folder.mkdir()
    (folder / "guide-map.yaml").write_text("fiche-projet: [suivre-piloter.m2.1]\n", encoding="utf-8")
    assert build(tmp_path / "out", "--templates", str(folder), "--only", "fiche-projet").exit_code == 0
    text = docx_text(tmp_path / "out/fiche-projet.docx")
    assert "☐ mettre en place un suivi du temps précis / planning des agents" in text
    assert guide_text("contacter-partenaires.m1") not in text
    (folder / "guide-map.yaml").write_text("fiche-projet: [suivre-pilote]\n", encoding="utf-8")
    result = build(tmp_path / "out2", "--templates", str(folder))
    assert result.exit_code == 1
    assert (
        "guide-map.yaml:1:16: fiche-projet.0: `suivre-pilote` n'est ni une étape ni un point du guide" in result.stderr
    )


def test_committed_templates_are_what_the_script_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts/make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.build(tmp_path)
    assert len(made) == 24  # 12 kinds × 2 languages
    for name, data in made.items():
        assert (ROOT / "coopdocs/documents/builtin" / name).read_bytes() == data, name


def test_manifest_is_valid_json_after_each_build(tmp_path):
    assert build(tmp_path).exit_code == 0
    data = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert data["project"] == "minimal" and len(data["files"]) == 6


def test_a_filled_form_is_kept_without_being_rendered_again(tmp_path):
    from coopdocs.output.writer import KEPT, Output, write_outputs

    def first() -> bytes:
        return b"blank form"

    def never() -> bytes:
        raise AssertionError("a filled form must not be rendered again")

    write_outputs(tmp_path, [Output("f.xlsx", "form", [], "a", first, form=True)], project_id="p")
    (tmp_path / "f.xlsx").write_bytes(b"filled by a person")
    report = write_outputs(tmp_path, [Output("f.xlsx", "form", [], "b", never, form=True)], project_id="p")
    assert [o.action for o in report.outcomes] == [KEPT]
    assert (tmp_path / "f.xlsx").read_bytes() == b"filled by a person"


def test_the_build_summary_agrees_with_its_count_in_both_languages():
    from coopdocs.output.writer import CONFLICT, CREATED, IDENTICAL, Outcome, Report, blocked_lines, describe

    one = Report([Outcome("lettre.docx", CREATED)])
    assert describe(one, Path("/sortie")) == ["1 fichier : 1 créé — /sortie"]
    assert describe(one, Path("/out"), lang="en") == ["1 file: 1 created — /out"]
    two = Report([Outcome("a.docx", IDENTICAL), Outcome("b.docx", CONFLICT)])
    assert (
        describe(two, Path("/s"), dry_run=True)[-1] == "2 fichiers : 1 identique, 1 conflit — rien d'écrit (--dry-run)"
    )
    assert blocked_lines(two, Path("/s")) == [
        "conflit : /s/b.docx a été modifié depuis sa création ; il n'est pas écrasé (renommez-le pour garder "
        "vos modifications, ou --force pour le remplacer après sauvegarde)",
        "1 fichier bloqué : rien n'a été écrit",
    ]


def test_a_newer_coopdocs_re_renders_what_it_makes_version_bumped_or_not(tmp_path, monkeypatch):
    """The inputs of each output include every file of the package: after an upgrade that only
    changed how a table is drawn, the next build renders again instead of answering « identiques »
    from the inputs alone (a bilan kept its old column widths)."""
    from coopdocs.output import writer

    assert build(tmp_path).exit_code == 0
    before = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["files"]
    monkeypatch.setattr(writer, "code_fingerprint", lambda: b"the same version, other code")
    result = build(tmp_path)
    assert result.stdout.strip() == f"6 fichiers : 6 identiques — {tmp_path}"  # rendered again: same bytes
    after = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(after) == sorted(before) and len(after) == 6
    assert all(after[path]["inputs"] != before[path]["inputs"] for path in after)
