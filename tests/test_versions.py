"""Every signing party reads what it signs (issue 23, contract v3): the agreement in each
language of its signing parties with the version that prevails said in each, the minutes in each
member's language, work packages named by their code on the page and in the time sheet's
header, read back by their hidden ids (a version 2 sheet, headed by the id, still reads)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, MINIMAL, docx_tables, docx_text, run
from coopdocs.forms.timesheet_reader import read_timesheet

FR_PREVAILS = (
    "La présente convention est établie en français et en anglais, en autant d'exemplaires dans chaque "
    "langue. En cas de divergence entre les versions, la version française fait foi."
)
EN_PREVAILS = (
    "This agreement is drawn up in French and in English, in the same number of originals in each "
    "language. In case of discrepancy between the versions, the French version prevails."
)


def variant(tmp_path: Path, old: str, new: str, source: Path = EXAMPLE) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    project = tmp_path / "p.yaml"
    project.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("versions")
    kinds = ("--only", "convention-partenariat", "--only", "compte-rendu")
    assert run("build", EXAMPLE, "-o", out, "--date", "2027-03-31", *kinds).exit_code == 0
    return out


def test_the_agreement_in_each_signing_partys_language_each_saying_the_french_prevails(example):
    french = docx_text(example / "convention-partenariat.docx")
    english = docx_text(example / "convention-partenariat.en.docx")
    assert "CONVENTION DE PARTENARIAT" in french and FR_PREVAILS in french
    assert "PARTNERSHIP AGREEMENT" in english and EN_PREVAILS in english
    # the same parties and the same figures in both, each version with its signature blocks
    assert "311\u202f050,50\u00a0€" in french and "€311,050.50" in english
    assert "Pour Fjordland LAG" in french and "For Fjordland LAG" in english
    assert "établie en 4 exemplaires originaux, un pour chaque partie signataire." in french
    # the project file's texts in English in the English version (validate warns where one is missing)
    packages = next(t for t in docx_tables(example / "convention-partenariat.en.docx") if t[0][0] == "WP")
    assert [row[:2] for row in packages[1:]] == [
        ["WP1", "Project coordination and management"],
        ["WP2", "Discovery trails through ponds and forests"],
        ["WP3", "Network of short-chain producers"],
    ]
    assert "Itinéraires de découverte" not in english


def test_versions_equally_authentic(tmp_path):
    project = variant(tmp_path, "agreement: {languages: [fr, en], authentic: fr}", "agreement: {authentic: all}")
    assert run("build", project, "-o", tmp_path / "o", "--only", "convention-partenariat").exit_code == 0
    french = docx_text(tmp_path / "o/convention-partenariat.docx")
    english = docx_text(tmp_path / "o/convention-partenariat.en.docx")
    assert (
        "La présente convention est établie en français et en anglais, en autant d'exemplaires dans chaque "
        "langue. Les versions font également foi." in french
    )
    assert (
        "This agreement is drawn up in French and in English, in the same number of originals in each "
        "language. The versions are equally authentic." in english
    )


def test_one_version_when_the_file_asks_for_one_and_a_version_that_prevails_must_be_written(tmp_path):
    project = variant(tmp_path, "agreement: {languages: [fr, en], authentic: fr}", "agreement: {languages: [fr]}")
    assert run("build", project, "-o", tmp_path / "o", "--only", "convention-partenariat").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "o").glob("*.docx")) == ["convention-partenariat.docx"]
    text = docx_text(tmp_path / "o/convention-partenariat.docx")
    assert (
        "La présente convention est établie en français\u202f; si elle est traduite, la version française fait foi."
        in text
    )
    wrong = variant(
        tmp_path, "agreement: {languages: [fr, en], authentic: fr}", "agreement: {languages: [fr], authentic: en}"
    )
    result = run("validate", wrong)
    assert result.exit_code == 1
    assert (
        "agreement.authentic: la version « en » ferait foi, mais la convention n'est écrite qu'en fr "
        "(agreement.languages) : ajoutez « en » aux langues ou choisissez une langue écrite"
    ) in result.stderr
    bad = variant(tmp_path, "agreement: {languages: [fr, en], authentic: fr}", "agreement: {languages: [fr, de]}")
    result = run("validate", bad)
    assert result.exit_code == 1 and f"{bad}:" in result.stderr and "agreement.languages.1" in result.stderr


def test_a_project_of_one_language_gets_one_agreement(tmp_path):
    assert run("build", MINIMAL, "-o", tmp_path, "--only", "convention-partenariat").exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["convention-partenariat.docx"]
    text = docx_text(tmp_path / "convention-partenariat.docx")
    assert (
        "La présente convention est établie en français\u202f; si elle est traduite, la version française fait foi."
        in text
    )


def test_the_minutes_in_english_for_the_member_working_in_english(example):
    english = docx_text(example / "reunions/copil-2027-06/compte-rendu.en.docx")
    assert english.startswith("MINUTES")
    assert "1. The timetable of the work packages is approved as presented." in english
    assert "Propose dates for the study visit" in english and "31 March 2028" in english
    french = docx_text(example / "reunions/copil-2027-06/compte-rendu.docx")
    assert "1. Le calendrier des lots est validé tel que présenté." in french


CODED = "  - id: wp2\n    title: {fr: Itinéraires"


def test_a_work_package_is_shown_by_its_code_and_read_back_by_its_id(tmp_path):
    project = variant(tmp_path, CODED, "  - id: wp2\n    code: Lot B\n    title: {fr: Itinéraires")
    out = tmp_path / "o"
    only = ("--only", "convention-partenariat", "--only", "feuilles-de-temps")
    assert run("build", project, "-o", out, "--date", "2027-03-31", *only).exit_code == 0
    packages = next(t for t in docx_tables(out / "convention-partenariat.docx") if t[0][0] == "Lot")
    assert [row[0] for row in packages[1:]] == ["WP1", "Lot B", "WP3"]
    path = out / "feuilles-de-temps/sophie-lenoir/sophie-lenoir_2027-05.xlsx"
    book = load_workbook(path)
    sheet = book["Feuille"]
    head = next(r[0].row for r in sheet.iter_rows() if any(c.value == "Total" for c in r))
    headers = {c.value: c.column for c in sheet[head] if c.value}
    assert "Lot B – Itinéraires de découverte étangs et forêts" in headers
    hidden = [r for r, d in sheet.row_dimensions.items() if d.hidden]
    assert [sheet.cell(row=r, column=1).value for r in hidden] == ["Identifiant", "Lots (identifiants)"]
    day = next(r[0].row for r in sheet.iter_rows(min_row=head) if r[0].value == dt.datetime(2027, 5, 3))
    sheet.cell(row=day, column=headers["Lot B – Itinéraires de découverte étangs et forêts"], value=6.5)
    book.save(path)
    read = read_timesheet(path)
    assert (read.agent, read.month) == ("sophie-lenoir", "2027-05")
    assert read.hours_by_wp() == {"wp2": 6.5}


def test_a_version_2_sheet_headed_by_the_id_still_reads(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path / "o", "--only", "feuilles-de-temps")
    assert result.exit_code == 0
    path = tmp_path / "o/feuilles-de-temps/zoe-martin/zoe-martin_2027-05.xlsx"
    book = load_workbook(path)
    sheet = book["Feuille"]
    # make it a version 2 sheet: the id visible above the table, no row of ids, headers by the id
    ids = next(
        r for r, d in sheet.row_dimensions.items() if d.hidden and sheet.cell(row=r, column=1).value != "Identifiant"
    )
    for col in range(1, 10):
        sheet.cell(row=ids, column=col).value = None
    for row in sheet.row_dimensions.values():
        row.hidden = False
    head = next(r[0].row for r in sheet.iter_rows() if any(c.value == "Total" for c in r))
    for cell in sheet[head]:
        if isinstance(cell.value, str) and cell.value.startswith("WP3 – "):
            cell.value = "WP3 – Réseau de producteurs"
            column = cell.column
    day = next(r[0].row for r in sheet.iter_rows(min_row=head) if r[0].value == dt.datetime(2027, 5, 4))
    sheet.cell(row=day, column=column, value=3)
    book.save(path)
    read = read_timesheet(path)
    assert read.agent == "zoe-martin" and read.hours_by_wp() == {"wp1": 0.0, "wp3": 3.0}


def test_two_work_packages_with_one_code_are_refused_at_the_line_of_the_second(tmp_path):
    project = variant(tmp_path, CODED, "  - id: wp2\n    code: wp1\n    title: {fr: Itinéraires")
    result = run("validate", project)
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(project.read_text(encoding="utf-8").splitlines(), 1) if "code: wp1" in text)
    assert (
        f"{project}:{line}:11: work_packages.1.code: code « wp1 » déjà pris par le lot work_packages.0" in result.stderr
    )
