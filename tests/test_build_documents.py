"""`coopdocs build`: the Word documents, read back with python-docx, and opened by LibreOffice."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, MINIMAL, docx_tables, docx_text, run, soffice_or_fail
from coopdocs.project._load import load_project

TRICKY_PARTNER = "Dupont & Fils <SARL> « Orée » l'été 🌿"
TRICKY_AGENT = "Zoé O'Brien-Martin 🙂 <zoe> & co"
DOCUMENTS = [
    "convention-partenariat.docx",
    "fiche-projet.docx",
    *(
        f"partenaires/{p}/{k}.docx"
        for p in ("gal-etangs", "gal-ardenne-sud", "saveurs-seille", "lag-fjord")
        for k in ("lettre-intention", "fiche-engagement")
    ),
    *(f"agents/{a}/lettre-mission.docx" for a in ("julien-hoffmann", "zoe-martin", "sophie-lenoir", "claire-weber")),
    *(f"reunions/copil-{m}/convocation{lang}.docx" for m in ("2027-06", "2028-06") for lang in ("", ".en")),
    "reunions/copil-2027-06/compte-rendu.docx",  # the meeting of 2028 has no decision yet: no minutes
    "agents/sophie-lenoir/avenant_2028-07-01.docx",
]


def tricky_project(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('name: "Association Saveurs de la Seille « Terroir & Co »"', f'name: "{TRICKY_PARTNER}"')
    text = text.replace("    name: Zoé Martin\n", f'    name: "{TRICKY_AGENT}"\n')
    path = tmp_path / "projet.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("build")
    result = run("build", tricky_project(tmp), "-o", tmp / "out", "--date", "2027-12-01")
    assert result.exit_code == 0, result.output
    return tmp / "out"


def test_build_writes_the_output_tree_of_the_spec(built):
    files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    import datetime as dt

    from coopdocs.calendar import months

    sheets = [
        f"feuilles-de-temps/zoe-martin/zoe-martin_{m}.xlsx" for m in months(dt.date(2027, 3, 1), dt.date(2029, 3, 31))
    ]
    sheets += [
        f"feuilles-de-temps/sophie-lenoir/sophie-lenoir_{m}.xlsx"
        for m in months(dt.date(2027, 1, 1), dt.date(2029, 6, 30))
    ]
    assert len(sheets) == 25 + 30  # hourly agents only: fixed-share agents get no time sheet
    registers = [f"depenses/{p}_registre-depenses.xlsx" for p in ("gal-etangs", "gal-ardenne-sud", "saveurs-seille")]
    expected = [
        *DOCUMENTS,
        *sheets,
        *registers,
        "suivi/carnet-de-bord.xlsx",
        "suivi/decisions-actions.xlsx",
        "suivi/preparation.xlsx",
    ]
    assert files == sorted([*expected, "manifest.json"])
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    entry = manifest["files"]["agents/zoe-martin/lettre-mission.docx"]
    assert entry["kind"] == "lettre-mission" and entry["sources"] == ["agents.zoe-martin", "partners.gal-etangs"]
    import hashlib

    for name, info in manifest["files"].items():
        assert hashlib.sha256((built / name).read_bytes()).hexdigest() == info["sha256"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_document_is_filled_and_keeps_names_exactly(built, name):
    text = docx_text(built / name)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert "None" not in text
    document = Document(str(built / name))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "ETARD — page" in "\n".join(p.text for p in section.footer.paragraphs)


def test_names_with_markup_characters_and_emoji_come_out_exactly(built):
    convention = docx_text(built / "convention-partenariat.docx")
    assert TRICKY_PARTNER in convention
    assert TRICKY_PARTNER in docx_text(built / "partenaires/saveurs-seille/lettre-intention.docx")
    mission = docx_text(built / "agents/zoe-martin/lettre-mission.docx")
    assert TRICKY_AGENT in mission
    assert TRICKY_AGENT in docx_text(built / "partenaires/gal-etangs/fiche-engagement.docx")
    for partner in ("GAL du Pays des Étangs & de la Seille", "GAL Ardenne du Sud asbl", "Fjordland LAG"):
        assert partner in convention


def test_french_dates_amounts_and_signature_place(built):
    text = docx_text(built / "partenaires/gal-ardenne-sud/lettre-intention.docx")
    assert "Fait à Bouillon, le 1er décembre 2027" in text
    assert "du 1er janvier 2027 au 30 juin 2029" in text
    # 75 000 + 9 000 + 5 000 + 15 % × 75 000 = 100 250 €; FEADER 60 % + Wallonie 20 %.
    assert (
        "Notre budget prévisionnel s'élève à 100\u202f250,00\xa0€, dont 80\u202f200,00\xa0€ de cofinancements" in text
    )
    assert "Objet : lettre d'intention — projet « Des étangs à l'Ardenne" in text


def test_english_partner_gets_english_documents(built):
    letter = docx_text(built / "partenaires/lag-fjord/lettre-intention.docx")
    assert "Subject: letter of intent" in letter
    assert "Sogndal, 1 December 2027" in letter
    assert "We join the project as an observer, without funding from the programme" in letter
    assert "Points to note" in letter and "Points of vigilance — checklist" not in letter
    # The guide's words stay in French.
    assert "« rappeler le sens de l'engagement » (engager-acteurs.m1)" in letter
    form = docx_text(built / "partenaires/lag-fjord/fiche-engagement.docx")
    assert "COMMITMENT FORM" in form and "Observer partner: no expenditure" in form
    assert "Lettre d'intention" not in letter and "Madame, Monsieur" not in letter


def _amount(text: str) -> Decimal:
    return Decimal(text.replace("\u202f", "").replace("\xa0", "").replace("€", "").replace(",", "."))


def test_budget_tables_add_up_to_the_lines_plus_the_flat_rate(built):
    project = load_project(EXAMPLE)
    lines = sum((line.amount for line in project.budget.lines), Decimal(0))
    staff = sum((line.amount for line in project.budget.lines if line.category == "staff"), Decimal(0))
    expected = lines + staff * Decimal("0.15")
    tables = docx_tables(built / "convention-partenariat.docx")
    by_partner = next(t for t in tables if t[0] == ["Partenaire", "Catégorie", "Montant"])
    total_row = by_partner[-1]
    assert total_row[0] == "Total du projet"
    assert _amount(total_row[2]) == expected == Decimal("311050.50")
    detail = [r for r in by_partner[1:-1] if not r[0].startswith("Sous-total")]
    assert sum(_amount(r[2]) for r in detail) == expected
    subtotals = [r for r in by_partner if r[0].startswith("Sous-total")]
    assert sum(_amount(r[2]) for r in subtotals) == expected
    office = [r for r in detail if r[1] == "Frais de bureau et administratifs"]
    assert sum(_amount(r[2]) for r in office) == staff * Decimal("0.15")
    summary = next(t for t in tables if t[0][:2] == ["Partenaire", "Coût total"])
    assert sum(_amount(r[1]) for r in summary[1:-1]) == _amount(summary[-1][1]) == expected
    assert sum(_amount(r[2]) + _amount(r[3]) for r in summary[1:-1]) == expected
    sources = next(t for t in tables if t[0][0] == "Source de financement")
    assert sum(_amount(r[1]) for r in sources[1:-1]) == _amount(sources[-1][1]) == _amount(summary[-1][2])


def test_mission_letters_state_the_share_or_the_time_sheets(built):
    fixed = docx_text(built / "agents/julien-hoffmann/lettre-mission.docx")
    assert "un pourcentage fixe de 50\xa0% de votre temps de travail" in fixed
    assert "Le programme n'exige pas de feuille de temps pour un pourcentage fixe." in fixed
    assert "article 55 du règlement (UE) 2021/1060" in fixed
    hourly = docx_text(built / "agents/zoe-martin/lettre-mission.docx")
    assert "900 heures sur la période de la mission" in hourly
    assert "feuille de temps mensuelle" in hourly and "signez à la fin de chaque mois" in hourly
    # 34 400 € / (1720 × 0,8) = 25 €/h.
    assert "Le taux horaire retenu est de 25,00\xa0€" in hourly
    assert "La mission court du 1er mars 2027 au 31 mars 2029" in hourly


def test_checklist_boxes_follow_the_statuses_in_unsigned_documents(built):
    minutes = docx_text(built / "reunions/copil-2027-06/compte-rendu.docx")
    assert (
        "◐ garantir la traçabilité en vue des contrôles / connaître les règlements des programmes "
        "(suivre-piloter.v4) — en cours" in minutes
    )
    assert "☐ Produire de la matière tout au long du projet" in minutes
    assert "(suivre-piloter.m4)" not in minutes  # the team's: in suivi/preparation.xlsx


def test_signed_documents_show_a_few_points_to_know_never_the_teams(built):
    agreement = docx_text(built / "convention-partenariat.docx")
    assert "Points d'attention" in agreement
    assert "• La clause de propriété des livrables engage chaque signataire." in agreement
    assert "guide : « être vigilant sur les droits de propriété » (formaliser-partenariat.v1)" in agreement
    assert "(formaliser-partenariat.v2)" not in agreement  # « anticiper une expertise juridique »: the team's
    mission = docx_text(built / "agents/julien-hoffmann/lettre-mission.docx")
    assert "(suivre-piloter.m2.1)" in mission and "(suivre-piloter.m3.1)" not in mission
    letter = docx_text(built / "partenaires/gal-etangs/lettre-intention.docx")
    assert "solidité financière" not in letter and "(engager-acteurs.m3)" not in letter
    for text in (agreement, mission, letter):
        assert not set("☐◐☑☒") & set(text)


def test_cte_items_are_absent_from_an_interterritorial_project(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("cooperation: transnationale", "cooperation: interterritoriale")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    folder = tmp_path / "modeles"
    folder.mkdir()
    (folder / "guide-map.yaml").write_text("fiche-projet: [contacter-partenaires]\n", encoding="utf-8")
    result = run("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "--only", "fiche-projet", "--templates", folder)
    assert result.exit_code == 0, result.output
    sheet = docx_text(tmp_path / "out/fiche-projet.docx")
    assert "(contacter-partenaires.m7)" in sheet
    for cte in (
        "contacter-partenaires.m3",
        "contacter-partenaires.m4",
        "contacter-partenaires.m5",
        "contacter-partenaires.m6",
    ):
        assert f"({cte})" not in sheet


def test_lang_overrides_every_document(tmp_path):
    assert run("build", MINIMAL, "-o", tmp_path, "--lang", "en", "--only", "convention-partenariat").exit_code == 0
    text = docx_text(tmp_path / "convention-partenariat.docx")
    assert "PARTNERSHIP AGREEMENT" in text and "Article 1 – Purpose" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["convention-partenariat.docx", "manifest.json"]


def test_every_document_opens_in_libreoffice(built, tmp_path):
    soffice_or_fail()
    from coopdocs.output.pdf import converted

    sources = [built / name for name in DOCUMENTS]
    with converted(sources, "pdf") as mapping:
        assert set(mapping) == set(sources)
        for produced in mapping.values():
            data = produced.read_bytes()
            assert data.startswith(b"%PDF") and len(data) > 5000


def test_pdf_option_writes_a_pdf_beside_each_document(tmp_path):
    soffice_or_fail()
    result = run("build", MINIMAL, "-o", tmp_path, "--pdf", "--only", "fiche-projet", "--only", "lettre-intention")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fiche-projet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "partenaires/gal-a/lettre-intention.pdf").read_bytes().startswith(b"%PDF")
