"""Steering bodies' meetings (issue 17): the invitation and the minutes of each meeting, the register
of decisions and actions, the logbook's link to it, and the bilan's section — read back with
python-docx and openpyxl, and opened by LibreOffice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, MINIMAL, docx_text, guide_text, run, soffice_or_fail

LATE_FILL = "F8CBAD"
MEETINGS = """
meetings:
  - id: copil-mars
    body: Comité de pilotage
    date: 2027-03-10
    place: Mairie de Village
    agenda: [Lancement du projet, Calendrier des actions]
    attendees: [gal-a]
    decisions: [Le calendrier est adopté.]
    actions:
      - {what: Réserver la salle des fêtes, who: gal-a, due: 2027-04-30, done: false}
      - {what: Envoyer le calendrier, who: gal-b, due: 2027-03-31, done: true}
  - id: copil-sept
    body: Comité de pilotage
    date: 2027-09-15
    agenda: [Suivi des actions, Bilan d'étape]
    attendees: [gal-a]
    chair: {name: Paul Martin, title: Vice-président}
    decisions: [Le bilan d'étape est validé.]
    actions:
      - {what: Publier le bilan d'étape, who: gal-b, due: 2027-12-31, done: false}
  - id: cotech-dec
    body: Comité technique
    date: 2027-12-01
    agenda: [Préparer le bilan annuel]
"""
PARTNER_B = """  - id: gal-b
    name: Fjord LAG
    type: gal
    country: NO
    language: en
    address: Storgata 1, 6856 Sogndal
    representative: {name: Ola Berg, title: Chair}
    contact: {name: Ola Berg, email: ola@fjord.example}
"""


def meetings_project(tmp_path: Path) -> Path:
    """The minimal project with a second partner working in English, two bodies and three meetings:
    the first's action due 2027-04-30 is overdue on a build date after it; the last has no minutes."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("work_packages:\n", PARTNER_B + "work_packages:\n", 1)
    text = text.replace(
        "    - {name: Comité de pilotage, members: [gal-a], frequency: une fois par an, role: Décide}\n",
        "    - {name: Comité de pilotage, members: [gal-a, gal-b], frequency: deux fois par an, role: Décide}\n"
        "    - {name: Comité technique, members: [gal-a], frequency: tous les mois, role: Prépare}\n",
    )
    path = tmp_path / "reunions.yaml"
    path.write_text(text + MEETINGS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("meetings")
    project = meetings_project(tmp)
    result = run("build", project, "-o", tmp / "out", "--date", "2027-10-01")
    assert result.exit_code == 0, result.output
    result = run("bilan", project, "--period", "2027-S2", "-o", tmp / "out", "--date", "2027-10-01", "--json")
    assert result.exit_code == 0, result.output
    (tmp / "bilan.json").write_text(result.stdout[result.stdout.index("{") :], encoding="utf-8")
    return tmp / "out"


def test_each_meeting_has_its_invitation_and_minutes_only_once_something_is_recorded(built):
    folders = {p.name: sorted(f.name for f in p.iterdir()) for p in (built / "reunions").iterdir()}
    assert folders == {
        # the minutes in English too, like the invitation: a member works in English (contract v3)
        "copil-mars": ["compte-rendu.docx", "compte-rendu.en.docx", "convocation.docx", "convocation.en.docx"],
        "copil-sept": ["compte-rendu.docx", "compte-rendu.en.docx", "convocation.docx", "convocation.en.docx"],
        "cotech-dec": ["convocation.docx"],  # no decision yet; no member works in English
    }


def test_the_invitation_carries_the_agenda_the_members_and_the_sender(built):
    text = docx_text(built / "reunions/copil-mars/convocation.docx")
    assert "CONVOCATION" in text and "Comité de pilotage" in text and "10 mars 2027" in text
    assert "1. Lancement du projet" in text and "2. Calendrier des actions" in text
    assert "Lieu\u00a0: Mairie de Village" in text
    assert "GAL A, chef de file" in text and "Fjord LAG" in text and "Ola Berg, Chair" in text
    assert "Pour le chef de file" in text and "Jeanne Dupont, Présidente" in text
    assert guide_text("suivre-piloter.m4") in text  # the guide's item of stage 13, by its words
    english = docx_text(built / "reunions/copil-mars/convocation.en.docx")
    assert "INVITATION" in english and "10 March 2027" in english and "1. Lancement du projet" in english


def test_the_minutes_carry_attendance_decisions_actions_and_the_earlier_open_actions(built):
    first = docx_text(built / "reunions/copil-mars/compte-rendu.docx")
    assert "Présents\u00a0: GAL A" in first and "Excusés\u00a0: Fjord LAG" in first
    assert "1. Le calendrier est adopté." in first
    assert "Réserver la salle des fêtes" in first and "30 avril 2027" in first
    assert "Aucune action des réunions précédentes n'était ouverte." in first
    # no chair given: the lead's representative, Jeanne Dupont, Présidente, signs as a woman (issue 23)
    assert "La présidente de séance\nJeanne Dupont, Présidente" in first and "Le président de séance" not in first
    assert guide_text("suivre-piloter.v4") in first
    second = docx_text(built / "reunions/copil-sept/compte-rendu.docx")
    assert "Le président de séance\nPaul Martin, Vice-président" in second  # the meeting's `chair`
    # the open action of March is reviewed, late on the meeting's day; the done one is not
    assert "Réserver la salle des fêtes" in second and "en retard" in second
    assert "Envoyer le calendrier" not in second
    assert "Publier le bilan d'étape" in second and "31 décembre 2027" in second


def test_the_register_lists_each_decision_and_action_once_overdue_ones_highlighted(built):
    sheet = load_workbook(built / "suivi/decisions-actions.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    texts = [row[4] for row in rows]
    assert sorted(texts) == sorted(
        [
            "Le calendrier est adopté.",
            "Réserver la salle des fêtes",
            "Envoyer le calendrier",
            "Le bilan d'étape est validé.",
            "Publier le bilan d'étape",
        ]
    )
    assert sheet.auto_filter.ref == "A4:H9"
    fills = {row[4].value: (row[0].fill.fgColor.rgb if row[0].fill.fill_type else None) for row in sheet.iter_rows(5)}
    assert fills["Réserver la salle des fêtes"].endswith(LATE_FILL)  # due 2027-04-30, built 2027-10-01
    assert not (fills["Publier le bilan d'étape"] or "").endswith(LATE_FILL)  # due later
    assert not (fills["Envoyer le calendrier"] or "").endswith(LATE_FILL)  # done
    states = {row[4]: row[7] for row in rows}
    assert states["Réserver la salle des fêtes"] == "en retard" and states["Envoyer le calendrier"] == "réalisée"
    assert states["Publier le bilan d'étape"] == "en cours"


def test_the_logbook_links_to_the_register(built):
    sheet = load_workbook(built / "suivi/carnet-de-bord.xlsx")["Réunions"]
    assert sheet["A1"].hyperlink.target == "decisions-actions.xlsx"
    assert (built / "suivi" / sheet["A1"].hyperlink.target).exists()
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        "Comité de pilotage",
        "Comité de pilotage",
        "Comité technique",
    ]


def test_the_bilan_of_the_period_names_meetings_decisions_and_open_actions(built):
    figures = json.loads((built.parent / "bilan.json").read_text(encoding="utf-8"))["meetings"]
    assert [m["id"] for m in figures["held"]] == ["copil-sept", "cotech-dec"]
    assert figures["held"][0]["decisions"] == ["Le bilan d'étape est validé."] and not figures["held"][1]["minutes"]
    open_actions = {a["what"]: a["overdue"] for a in figures["open_actions"]}
    # overdue: due before the end of the period (2027-12-31), whatever the build date
    assert open_actions == {"Réserver la salle des fêtes": True, "Publier le bilan d'étape": False}
    text = docx_text(built / "bilans/bilan_2027-S2.docx")
    assert "Réunions des instances" in text and "Le bilan d'étape est validé." in text
    assert "Réserver la salle des fêtes" in text and "en retard" in text
    sheet = load_workbook(built / "bilans/bilan_2027-S2.xlsx")["Réunions des instances"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Le bilan d'étape est validé." in values and "Publier le bilan d'étape" in values


def test_libreoffice_opens_invitations_minutes_and_the_register(built):
    soffice_or_fail()
    from coopdocs.output.pdf import converted

    sources = [
        built / "reunions/copil-mars/convocation.docx",
        built / "reunions/copil-mars/convocation.en.docx",
        built / "reunions/copil-sept/compte-rendu.docx",
        built / "suivi/decisions-actions.xlsx",
    ]
    with converted(sources, "pdf") as mapping:
        for produced in mapping.values():
            assert produced.read_bytes().startswith(b"%PDF")


def test_only_selects_the_meeting_documents_and_a_file_without_meetings_has_none(tmp_path):
    project = meetings_project(tmp_path)
    result = run("build", project, "-o", tmp_path / "a", "--only", "compte-rendu", "--only", "decisions-actions")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*.*"))
    assert written == [
        "manifest.json",
        "reunions/copil-mars/compte-rendu.docx",
        "reunions/copil-mars/compte-rendu.en.docx",
        "reunions/copil-sept/compte-rendu.docx",
        "reunions/copil-sept/compte-rendu.en.docx",
        "suivi/decisions-actions.xlsx",
    ]
    assert run("build", MINIMAL, "-o", tmp_path / "b").exit_code == 0  # version 1: no meetings
    assert not (tmp_path / "b/reunions").exists() and not (tmp_path / "b/suivi/decisions-actions.xlsx").exists()
    assert "Réunions" not in load_workbook(tmp_path / "b/suivi/carnet-de-bord.xlsx").sheetnames


def test_the_example_has_two_meetings_one_still_to_come(tmp_path):
    assert run("build", EXAMPLE, "-o", tmp_path, "--date", "2028-01-15", "--only", "compte-rendu").exit_code == 0
    written = sorted(p.relative_to(tmp_path / "reunions").as_posix() for p in (tmp_path / "reunions").rglob("*.docx"))
    assert written == ["copil-2027-06/compte-rendu.docx", "copil-2027-06/compte-rendu.en.docx"]
    text = docx_text(tmp_path / "reunions/copil-2027-06/compte-rendu.docx")
    assert "Recenser les producteurs des itinéraires" in text and "Excusés\u00a0: Fjordland LAG" in text


def test_the_minutes_signature_field_is_for_whoever_chairs_the_meeting(tmp_path):
    """The PDF's signature field names the person the minutes name: the meeting's `chair`, or
    the lead partner's representative when none is given."""
    from coopdocs.project import load_project
    from coopdocs.signing.fields import signatories

    project = load_project(meetings_project(tmp_path))
    assert signatories(project, "reunions/copil-sept/compte-rendu.pdf") == [("président·e de séance", "Paul Martin")]
    assert signatories(project, "reunions/copil-mars/compte-rendu.en.pdf") == [
        ("président·e de séance", "Jeanne Dupont")
    ]
