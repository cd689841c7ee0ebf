"""`coopdocs build`: the Word documents, read back with python-docx, and opened by LibreOffice."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, MINIMAL, docx_tables, docx_text, guide_text, run, soffice_or_fail
from coopdocs.project import load_project

TRICKY_PARTNER = "Dupont & Fils <SARL> « Orée » l'été 🌿"
TRICKY_AGENT = "Zoé O'Brien-Martin 🙂 <zoe> & co"
# In French documents, the spaces inside « » become non-breaking (French typography): the
# characters of the name are all there, in order.
TRICKY_PARTNER_FR = TRICKY_PARTNER.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
DOCUMENTS = [
    "convention-partenariat.docx",
    "convention-partenariat.en.docx",  # for the Norwegian observer, who signs its article (v3)
    "fiche-projet.docx",
    # the lead partner writes no letter of intent to itself; the observer writes a letter of support
    "partenaires/gal-etangs/fiche-engagement.docx",
    *(
        f"partenaires/{p}/{k}.docx"
        for p in ("gal-ardenne-sud", "saveurs-seille")
        for k in ("lettre-intention", "fiche-engagement")
    ),
    "partenaires/lag-fjord/lettre-soutien.docx",
    # a covering letter travels with each partner's documents (not to the lead partner itself)
    *(f"partenaires/{p}/courrier-envoi.docx" for p in ("gal-ardenne-sud", "saveurs-seille", "lag-fjord")),
    *(f"agents/{a}/lettre-mission.docx" for a in ("julien-hoffmann", "zoe-martin", "sophie-lenoir", "claire-weber")),
    *(f"reunions/copil-{m}/convocation{lang}.docx" for m in ("2027-06", "2028-06") for lang in ("", ".en")),
    "reunions/copil-2027-06/compte-rendu.docx",  # the meeting of 2028 has no decision yet: no minutes
    "reunions/copil-2027-06/compte-rendu.en.docx",  # a member of the committee works in English (v3)
    "agents/sophie-lenoir/avenant_2028-07-01.docx",
    "suivi/plan-evaluation.docx",  # the project gives `evaluation`
    # `capitalisation`: the experience sheet, and in English for the Norwegian observer
    *(f"capitalisation/fiche-experience{lang}.docx" for lang in ("", ".en")),
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
    # Sophie Lenoir is on the project all along, but her only work package (wp2) runs from March
    # 2027 to March 2029: no sheet without a column to fill (contract v3)
    sheets += [
        f"feuilles-de-temps/sophie-lenoir/sophie-lenoir_{m}.xlsx"
        for m in months(dt.date(2027, 3, 1), dt.date(2029, 3, 31))
    ]
    assert len(sheets) == 25 + 25  # hourly agents only: fixed-share agents get no time sheet
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
    # the operation number and page n / N on every page
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    assert "ETARD — opération n°\u00a0LEADER-GE-2027-0042 — page" in footer or (
        "ETARD — operation no. LEADER-GE-2027-0042 — page" in footer
    )


def test_names_with_markup_characters_and_emoji_come_out_exactly(built):
    convention = docx_text(built / "convention-partenariat.docx")
    assert TRICKY_PARTNER_FR in convention
    assert TRICKY_PARTNER_FR in docx_text(built / "partenaires/saveurs-seille/lettre-intention.docx")
    mission = docx_text(built / "agents/zoe-martin/lettre-mission.docx")
    assert TRICKY_AGENT in mission
    assert TRICKY_AGENT in docx_text(built / "partenaires/gal-etangs/fiche-engagement.docx")
    for partner in ("GAL du Pays des Étangs & de la Seille", "GAL Ardenne du Sud asbl", "Fjordland LAG"):
        assert partner in convention


def test_french_dates_amounts_and_signature_place(built):
    text = docx_text(built / "partenaires/gal-ardenne-sud/lettre-intention.docx")
    assert "\nBouillon, le 1er décembre 2027\n" in text  # a letter is dated « Bouillon, le … »
    assert "du 1er janvier 2027 au 30 juin 2029" in text
    # 75 000 + 9 000 + 5 000 + 15 % × 75 000 = 100 250 €; FEADER 60 % + Wallonie 20 %.
    assert (
        "Notre budget prévisionnel s'élève à 100\u202f250,00\xa0€, dont 80\u202f200,00\xa0€ de cofinancements" in text
    )
    assert "Objet\u00a0: lettre d'intention — projet «\u00a0Des étangs à l'Ardenne" in text


def test_english_partner_gets_english_documents(built):
    letter = docx_text(built / "partenaires/lag-fjord/lettre-soutien.docx")
    assert "Subject: letter of support — project “From ponds to the Ardennes: short food chains" in letter
    assert "Sogndal, 1 December 2027" in letter
    # texts given per language: the English ones in an English document
    assert "We will take part as an associated partner (our role: shares its experience of nature tourism)" in letter
    assert "Build a cross-border network of 40 short-chain producers" in letter
    assert "This support entails no budget, no funding and no financial obligation for us" in letter
    assert "Points to note" not in letter and "Points of vigilance — checklist" not in letter
    covering = docx_text(built / "partenaires/lag-fjord/courrier-envoi.docx")
    assert "Letter of support: to be signed, then returned to the lead partner." in covering
    assert "• The observer supports the project with no funding and no financial risk." in covering
    assert not (built / "partenaires/lag-fjord/fiche-engagement.docx").exists()
    assert not (built / "partenaires/lag-fjord/lettre-intention.docx").exists()
    assert "Dear Ms Lambert," in letter and "Madame" not in letter and "partage son expérience" not in letter


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
    # The financing plan, partner by funder: each partner's funders and own funds add up to its cost.
    plan = next(t for t in tables if t[0] == ["Partenaire", "Financeur", "Montant", "Part du coût"])
    assert plan[-1][0] == "Total du projet" and _amount(plan[-1][2]) == expected
    rows, costs = [], []
    for row in plan[1:-1]:
        if row[0].startswith("Coût total"):
            assert sum(_amount(r[2]) for r in rows) == _amount(row[2])
            costs.append(_amount(row[2]))
            rows = []
        else:
            rows.append(row)
    # Worked by hand: 175 750,50 (80 % FEADER = 140 600,40), 100 250 (60 % + 20 %), 35 050.
    assert costs == [Decimal("175750.50"), Decimal("100250.00"), Decimal("35050.00")]
    assert ["GAL Pays des Étangs", "FEADER", "140\u202f600,40\xa0€", "80,00\xa0%"] in plan
    assert ["Saveurs de la Seille", "Région Grand Est", "3\u202f000,00\xa0€", "8,56\xa0%"] in plan
    sources = next(t for t in tables if t[0] == ["Financeur", "Montant", "Part du budget"])
    funded = sum(_amount(r[2]) for r in plan[1:-1] if r[1] not in ("Autofinancement", ""))
    assert sum(_amount(r[1]) for r in sources[1:-1]) == _amount(sources[-1][1]) == funded


def test_mission_letters_state_the_share_or_the_time_sheets(built):
    fixed = docx_text(built / "agents/julien-hoffmann/lettre-mission.docx")
    assert "un pourcentage fixe de 50\xa0% de votre temps de travail" in fixed
    assert "Le programme n'exige pas de feuille de temps pour un pourcentage fixe." in fixed
    # LEADER (FEADER): the staff-cost rules are the programme's; Reg. (EU) 2021/1060 governs Interreg
    assert "(frais de personnel à pourcentage fixe, règles d'éligibilité du programme)" in fixed
    assert "2021/1060" not in fixed
    hourly = docx_text(built / "agents/zoe-martin/lettre-mission.docx")
    assert "900 heures sur la période de la mission" in hourly
    assert "feuille de temps mensuelle" in hourly and "signez à la fin de chaque mois" in hourly
    # 34 400 € / (1720 × 0,8) = 25 €/h.
    assert "Le taux horaire retenu est de 25,00\xa0€" in hourly
    assert "La mission court du 1er mars 2027 au 31 mars 2029" in hourly


def test_checklist_boxes_follow_the_statuses_in_unsigned_documents(built):
    minutes = docx_text(built / "reunions/copil-2027-06/compte-rendu.docx")
    assert (
        "◐ garantir la traçabilité en vue des contrôles / connaître les règlements des programmes — en cours" in minutes
    )
    assert "☐ Produire de la matière tout au long du projet" in minutes
    assert guide_text("suivre-piloter.m4") not in minutes  # the team's: in suivi/preparation.xlsx
    assert "(suivre-piloter." not in minutes  # no item id on a page


def test_the_covering_letter_carries_the_signatory_s_points_never_the_teams(built):
    """Issue 23: the guide's points for whoever signs travel in the covering letter, with why
    each matters and the guide's words; the signed documents carry none."""
    agreement = docx_text(built / "convention-partenariat.docx")
    assert "Points d'attention" not in agreement
    covering = docx_text(built / "partenaires/gal-ardenne-sud/courrier-envoi.docx")
    assert "Convention de partenariat\u00a0: à faire signer par votre représentant légal" in covering
    assert "• La clause de propriété des livrables engage chaque signataire." in covering
    assert "guide\u00a0: «\u00a0être vigilant sur les droits de propriété\u00a0»" in covering
    assert guide_text("formaliser-partenariat.v2") not in covering  # the team's
    assert "(formaliser-partenariat." not in covering  # no item id on a page
    # Sophie Lenoir works for the GAL Ardenne du Sud: her mission letter's points are in its letter
    assert "Lettre de mission — Sophie Lenoir\u00a0: à signer par l'employeur et par Sophie Lenoir" in covering
    assert guide_text("suivre-piloter.m2.1") in covering and guide_text("suivre-piloter.m3.1") not in covering
    letter = docx_text(built / "partenaires/gal-ardenne-sud/lettre-intention.docx")
    assert "solidité financière" not in letter and guide_text("engager-acteurs.m3") not in covering
    mission = docx_text(built / "agents/sophie-lenoir/lettre-mission.docx")
    for text in (agreement, mission, letter, covering):
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
    assert guide_text("contacter-partenaires.m7") in sheet
    for cte in (
        "contacter-partenaires.m3",
        "contacter-partenaires.m4",
        "contacter-partenaires.m5",
        "contacter-partenaires.m6",
    ):
        assert guide_text(cte) not in sheet


def test_lang_overrides_every_document(tmp_path):
    assert run("build", MINIMAL, "-o", tmp_path, "--lang", "en", "--only", "convention-partenariat").exit_code == 0
    text = docx_text(tmp_path / "convention-partenariat.docx")
    assert "PARTNERSHIP AGREEMENT" in text and "Article 1 – Purpose" in text
    # the version of its (French) signing parties beside it (contract v3)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["convention-partenariat.docx", "convention-partenariat.fr.docx", "manifest.json"]


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
    result = run("build", MINIMAL, "-o", tmp_path, "--pdf", "--only", "fiche-projet", "--only", "fiche-engagement")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fiche-projet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "partenaires/gal-a/fiche-engagement.pdf").read_bytes().startswith(b"%PDF")


def test_a_mission_letter_the_agent_would_sign_twice_is_refused_at_build(tmp_path):
    """Issue 23: the GAL Ardenne du Sud's representative is also its agent: validate warns, build
    refuses with the file, line and key, nothing written; `employer_signatory` names who signs."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "    representative: {name: Luc Dubois, title: Président}",
        "    representative: {name: Sophie Lenoir, title: Présidente}",
    )
    project = tmp_path / "p.yaml"
    project.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    name: Sophie Lenoir") + 1
    assert "signerait sa lettre de mission comme employeur et comme agent" in run("validate", project).stderr
    refused = run("build", project, "-o", tmp_path / "out")
    assert refused.exit_code == 1
    assert f"p.yaml:{line}:11: agents.2.name: Sophie Lenoir signerait sa lettre de mission" in refused.stderr
    assert not (tmp_path / "out").exists()
    signed = text.replace(
        "    name: Sophie Lenoir\n",
        "    name: Sophie Lenoir\n    employer_signatory: {name: Luc Dubois, title: Vice-président}\n",
    )
    project.write_text(signed, encoding="utf-8")
    assert run("build", project, "-o", tmp_path / "out", "--only", "lettre-mission", "--only", "avenant").exit_code == 0
    for name in ("lettre-mission.docx", "avenant_2028-07-01.docx"):
        letter = docx_text(tmp_path / "out/agents/sophie-lenoir" / name)
        assert "Luc Dubois, Vice-président" in letter and "Sophie Lenoir, Présidente" not in letter, name


def test_an_amendment_names_the_letter_it_amends_by_its_signed_date(built):
    # Issue 23: the example's mission.date (2027-01-04), never the agent's start taken for it.
    amendment = docx_text(built / "agents/sophie-lenoir/avenant_2028-07-01.docx")
    assert "votre lettre de mission du 4 janvier 2027 est modifiée comme suit" in amendment.replace("\xa0", " ")
    assert "Taux horaire" in amendment and "1 350 heures" in amendment.replace("\u202f", " ")


def test_a_town_s_article_and_the_lead_s_article_read_as_french_writes_them(tmp_path):
    """« Fait au Cheylard » (not « Fait à Le Cheylard »); « …, le GAL … vous invite » (not « GAL …
    vous invite »); « à 14 h 30 », the meeting's time: the convocations of a project signed at Le
    Cheylard; a mission letter signed at its employer's town, Dieuze, keeps « à »."""
    project = tmp_path / "projet.yaml"
    project.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("  place: Dieuze\n", "  place: Le Cheylard\n", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("build", project, "-o", out, "--only", "convocation", "--only", "lettre-mission")
    assert result.exit_code == 0, result.output
    convocation = docx_text(out / "reunions/copil-2027-06/convocation.docx")
    assert "Fait au Cheylard, le" in convocation and "Fait à Le" not in convocation
    assert "(FEADER) — coopération transnationale, le GAL du Pays des Étangs & de la Seille vous invite" in convocation
    assert "Date\u00a0: 29 juin 2027, à 14\u00a0h\u00a030\n" in convocation  # its time (14:30), as French writes it
    assert "Date: 29 June 2027, at 14:30\n" in docx_text(out / "reunions/copil-2027-06/convocation.en.docx")
    assert ", à " not in docx_text(out / "reunions/copil-2028-06/convocation.docx").split("Date\u00a0:")[1][:25]
    assert "Fait à Dieuze, le" in docx_text(out / "agents/zoe-martin/lettre-mission.docx")
