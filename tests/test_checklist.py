"""`coopdocs checklist` in its four formats, by stage, with a project's statuses."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from conftest import CTE_ITEMS, EXAMPLE, MINIMAL, run


def test_text_shows_a_stage_with_the_project_statuses():
    result = run("checklist", "--stage", "suivre-piloter", "--project", EXAMPLE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "13. Suivre, piloter le projet, évaluer  [suivre-piloter]" in out
    assert "      ◐ suivre-piloter.m2.1  mettre en place un suivi du temps précis / planning des agents" in out
    assert "    ☐ suivre-piloter.v1  être rigoureux" in out
    assert "Légende : ☐ à faire" in out
    assert "Anticiper les contrôles" not in out


def test_status_note_and_sans_objet_are_shown():
    out = run("checklist", "--stage", "formaliser-partenariat", "--stage", "rendre-compte", "--project", EXAMPLE).stdout
    assert "☑ formaliser-partenariat.m1  formaliser par écrit" in out
    assert "◐ formaliser-partenariat.v1  être vigilant sur les droits de propriété (Licence des cartes" in out
    assert "☒ rendre-compte.v1  mobiliser un sigiste/cartographe dans l'équipe projet" in out


def test_cte_items_only_for_transnational_projects():
    transnational = json.loads(run("checklist", "--format", "json", "--project", EXAMPLE).stdout)
    interterritorial = json.loads(run("checklist", "--format", "json", "--project", MINIMAL).stdout)

    def ids(data):
        def rec(items):
            for i in items:
                yield i["id"]
                yield from rec(i["children"])

        return {i for s in data["stages"] for c in ("methods", "vigilance") for i in rec(s[c])}

    assert "contacter-partenaires.m4" in ids(transnational)
    assert ids(transnational) - ids(interterritorial) == CTE_ITEMS
    stage = next(s for s in transnational["stages"] if s["id"] == "formaliser-partenariat")
    assert stage["vigilance"][0]["status"] == "en-cours"
    assert stage["vigilance"][0]["note"] == "Licence des cartes à confirmer avec le prestataire"


def test_markdown_escapes_the_guide_text_and_ticks_boxes():
    out = run("checklist", "--format", "markdown", "--project", EXAMPLE).stdout
    assert out.startswith("# Conduire des démarches ou des projets de coopération")
    assert "## 13. Suivre, piloter le projet, évaluer" in out
    assert "- [x] `engager-acteurs.m3` demander des lettres d'intention" in out
    assert "  - [ ] *(en cours)* `suivre-piloter.m2.1` mettre en place un suivi du temps précis" in out
    assert "garder les traces de tout \\> archiver" in out


def test_xlsx_reads_back_one_row_an_item(tmp_path):
    target = tmp_path / "liste.xlsx"
    result = run("checklist", "--format", "xlsx", "--project", EXAMPLE, "-o", target)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Étape", "N°", "Colonne", "Identifiant", "Élément du guide", "CTE", "Statut", "Remarque")
    assert len(rows) == 1 + 197
    by_id = {r[3]: r for r in rows[1:]}
    assert by_id["suivre-piloter.m2.1"][4].strip() == "mettre en place un suivi du temps précis / planning des agents"
    assert by_id["suivre-piloter.m2.1"][6] == "en cours"
    assert by_id["contacter-partenaires.m4"][5] == "oui"
    assert sheet.freeze_panes == "A2"
    assert all(
        cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)
    )


def test_xlsx_needs_an_output_file():
    result = run("checklist", "--format", "xlsx")
    assert result.exit_code == 1
    assert "indiquez le fichier avec -o" in result.stderr


def test_unknown_stage_names_the_known_ones():
    result = run("checklist", "--stage", "suivre-pilote")
    assert result.exit_code == 1
    assert "étape `suivre-pilote` inconnue — vouliez-vous dire `suivre-piloter` ?" in result.stderr
    assert "anticiper-controles" in result.stderr


def test_invalid_project_gives_its_problems(tmp_path):
    (tmp_path / "p.yaml").write_text("project: {}\n", encoding="utf-8")
    result = run("checklist", "--project", tmp_path / "p.yaml")
    assert result.exit_code == 1
    assert f"{tmp_path / 'p.yaml'}:1:10: project: clé obligatoire `id` manquante" in result.stderr


def test_output_file_is_written_with_the_same_text(tmp_path):
    target = tmp_path / "liste.md"
    assert run("checklist", "--format", "markdown", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == run("checklist", "--format", "markdown").stdout
