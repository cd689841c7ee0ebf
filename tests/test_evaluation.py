"""Issue 28: indicators against their targets in the bilan (Word, Excel, JSON), the evaluation
plan, the experience sheet with its map (French and English), the final report, and the
warnings of `validate`. Figures worked by hand from projects/etangs-ardenne.yaml and the
Interreg fixture given indicators below."""

from __future__ import annotations

import json
import re
import shutil

from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from conftest import EXAMPLE, ROOT, docx_headings, docx_tables, docx_text, minimal_with, run

INTERREG = ROOT / "tests/fixtures/interreg-frontiere.yaml"
# The Interreg fixture given indicators, an evaluation and a capitalisation section (its observer
# works in English: the experience sheet comes in English too).
INTERREG_EVALUATION = """
indicators:
  - id: km
    name: {fr: Sentiers balisés, en: Trails waymarked}
    unit: km
    kind: realisation
    code: Indicateur 2.1 du programme
    target: 120
    target_date: 2028-10-31
    work_package: wp2
    values:
      - {date: 2027-09-30, value: 45, source: {fr: relevé GPS, en: GPS survey}}
      - {date: 2028-06-30, value: 90, source: {fr: relevé GPS, en: GPS survey}}
  - id: organisations
    name: {fr: Organisations qui coopèrent par-delà la frontière, en: Organisations cooperating across borders}
    unit: {fr: organisations, en: organisations}
    kind: realisation
    code: RCO 87
    target: 3
    values: [{date: 2027-03-31, value: 3, source: {fr: convention signée, en: signed agreement}}]
evaluation:
  evaluator: {name: Comité technique du projet, kind: interne}
  questions:
    - {fr: "Les sentiers relient-ils vraiment les deux pays ?", en: "Do the trails really link the two countries?"}
  milestones:
    - {date: 2028-11-15, what: {fr: Évaluation finale, en: Final evaluation}}
capitalisation:
  lessons:
    - {fr: Baliser avec les clubs locaux a divisé les coûts par deux., en: Waymarking with local clubs halved the cost.}
  next_steps:
    - {fr: Étendre le réseau vers Namur., en: Extend the network towards Namur.}
"""


def interreg(tmp_path):
    project = tmp_path / "frontiere.yaml"
    project.write_text(INTERREG.read_text(encoding="utf-8") + INTERREG_EVALUATION, encoding="utf-8")
    shutil.copytree(INTERREG.parent / "logos", tmp_path / "logos")
    return project


def bilan_json(project, out, period, *extra):
    result = run("bilan", str(project), "-o", str(out), "--period", period, "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# The experience sheet's headings in French and in English, side by side.
SHEET_HEADINGS = (
    ("Le projet en bref", "The project in short"),
    ("Qui a travaillé ensemble", "Who worked together"),
    ("Ce qui a été fait", "What was done"),
    ("Les résultats", "The results"),
    ("Ce que nous avons appris", "What we learnt"),
    ("Et après\u202f?", "What comes next"),
    ("Pour en savoir plus", "To find out more"),
)


def table_with(path, first: str) -> list[list[str]]:
    return next(t for t in docx_tables(path) if t[0][0] == first)


def test_the_bilan_shows_each_indicator_against_its_target(tmp_path):
    out = tmp_path / "out"
    data = bilan_json(EXAMPLE, out, "2028-S1")
    indicators = {i["id"]: i for i in data["progress"]["indicators"]}
    # producers: 31 on 2028-06-30, from 12 towards 40: (31 − 12) ÷ (40 − 12) = 19 ÷ 28 = 0.678571…
    assert indicators["producteurs"]["value"] == 31 and indicators["producteurs"]["progress"] == 0.6786
    assert indicators["producteurs"]["measured"] == "2028-06-30"
    assert indicators["itineraires"]["progress"] == 0.6667  # 2 of 3 trails
    assert indicators["animateurs"]["progress"] == 0.75  # 6 of 8 people
    assert indicators["animateurs"]["work_package"] == "WP1"
    table = table_with(out / "bilans/bilan_2028-S1.docx", "Indicateur")
    assert table[1][0] == "Producteurs membres du réseau"
    assert table[1][4:7] == ["31\u00a0producteurs", "40\u00a0producteurs au 31 mars 2029", "67,86\u00a0%"]
    assert table[2][6] == "66,67\u00a0%" and table[3][6] == "75\u00a0%"
    assert table[3][0] == "Animateurs formés à l'accueil de groupes (LEADER GE — indicateur 4.2)"
    document = Document(str(out / "bilans/bilan_2028-S1.docx"))
    assert len(document.inline_shapes) == 3  # budget, hours by work package, and the indicators' chart
    book = load_workbook(out / "bilans/bilan_2028-S1.xlsx")
    sheet = book["Avancement"]
    assert sheet.cell(1, 1).value == "Indicateur" and sheet.cell(1, 12).value == "Atteint"
    assert [sheet.cell(2, c).value for c in (1, 6, 7, 10, 12)] == ["Producteurs membres du réseau", 12, 31, 40, 0.6786]
    assert sheet.cell(2, 12).number_format == "0.00%"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert len(sheet._charts) == 1


def test_an_earlier_period_before_some_values_and_what_is_late(tmp_path):
    out = tmp_path / "out"
    data = bilan_json(EXAMPLE, out, "2027-S2")
    indicators = {i["id"]: i for i in data["progress"]["indicators"]}
    assert indicators["producteurs"]["value"] == 26 and indicators["producteurs"]["progress"] == 0.5  # 14 ÷ 28
    assert indicators["itineraires"]["value"] is None and indicators["itineraires"]["progress"] is None
    assert indicators["animateurs"]["progress"] == 0.375  # 3 ÷ 8
    table = table_with(out / "bilans/bilan_2027-S2.docx", "Indicateur")
    assert table[2][4] == "pas encore mesuré" and table[2][6] == "—"
    # On 2028-12-31 the map of the trails (due 2028-06-30) and the waymarked trails are late.
    data = bilan_json(EXAMPLE, out, "2028-S2")
    late = [(i["title"], i["state"]) for i in data["progress"]["items"] if i["state"] == "en-retard"]
    assert late == [("Itinéraires balisés", "en-retard"), ("Carte des trois itinéraires", "en-retard")]
    text = docx_text(out / "bilans/bilan_2028-S2.docx")
    assert (
        "En retard à la date du bilan (31 décembre 2028)\u00a0: Itinéraires balisés (30 juin 2028)\u202f; "
        "WP2 – Carte des trois itinéraires (30 juin 2028)." in text
    )
    # The directory of producers was due on 2027-12-31 and delivered on 2028-01-20.
    bilan_json(EXAMPLE, out, "2028-S1")
    items = table_with(out / "bilans/bilan_2028-S1.docx", "Échéance")
    assert items[1] == ["31 décembre 2027", "livrable", "WP3 – Annuaire des producteurs"] + [
        "remis le 20 janvier 2028, en retard"
    ]


def test_the_interreg_bilan_in_english_with_programme_codes(tmp_path):
    project, out = interreg(tmp_path), tmp_path / "out"
    data = bilan_json(project, out, "2027", "--lang", "en")
    indicators = {i["id"]: i for i in data["progress"]["indicators"]}
    assert indicators["km"]["name"] == "Trails waymarked" and indicators["km"]["progress"] == 0.375  # 45 ÷ 120
    assert indicators["organisations"]["progress"] == 1.0 and indicators["organisations"]["code"] == "RCO 87"
    table = table_with(out / "bilans/bilan_2027.docx", "Indicator")
    assert table[1][:2] == ["Trails waymarked (Indicateur 2.1 du programme)", "output"]
    assert table[1][4:7] == ["45\u00a0km", "120\u00a0km by 31 October 2028", "37.5%"]
    assert table[2][6] == "100%"
    assert bilan_json(project, out, "2028-S1")["progress"]["indicators"][0]["progress"] == 0.75  # 90 ÷ 120


def test_the_evaluation_plan_says_who_what_and_when(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "-o", str(out), "--only", "plan-evaluation").exit_code == 0
    plan = out / "suivi/plan-evaluation.docx"
    text = docx_text(plan)
    assert "Cabinet Territoires & Mesures — évaluation externe\u00a0: un prestataire indépendant" in text
    assert "Le réseau aide-t-il les producteurs à vendre davantage en circuit court\u202f?" in text
    indicators = table_with(plan, "Indicateur")
    assert [row[0] for row in indicators[1:]] == [
        "Producteurs membres du réseau",
        "Itinéraires de découverte balisés",
        "Animateurs formés à l'accueil de groupes (LEADER GE — indicateur 4.2)",
    ]
    assert indicators[1][1:5] == ["résultat", "WP3", "12\u00a0producteurs", "40\u00a0producteurs au 31 mars 2029"]
    assert indicators[1][5] == "comptage des adhésions\u202f; Annuaire des producteurs"
    calendar = table_with(plan, "Date")
    assert calendar[1] == ["15 janvier 2028", "Évaluation à mi-parcours", "Comité de pilotage du 20 juin 2028"]
    assert calendar[2] == ["31 mai 2029", "Évaluation finale", "Comité de pilotage, à sa réunion suivante"]
    assert "Comité de pilotage (deux fois par an)\u00a0: Oriente le projet" in text
    assert "définir qui va évaluer et sur quoi portera l'évaluation" in text  # the guide's point, shown
    # The team's points of the guide for the plan are in the preparation register.
    assert run("build", str(EXAMPLE), "-o", str(out), "--only", "preparation").exit_code == 0
    rows = list(load_workbook(out / "suivi/preparation.xlsx").active.iter_rows(min_row=5, values_only=True))
    plan_items = {row[3] for row in rows if row[0] == "suivi/plan-evaluation.docx"}
    assert plan_items == {"suivre-piloter.m4", "rendre-compte.m1", "rendre-compte.m2"}
    sheet_items = {row[3] for row in rows if row[0] == "capitalisation/fiche-experience.docx"}
    assert "capitaliser.v1" in sheet_items


def test_the_experience_sheet_in_french_and_english_with_its_map(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "-o", str(out), "--only", "fiche-experience").exit_code == 0
    french, english = out / "capitalisation/fiche-experience.docx", out / "capitalisation/fiche-experience.en.docx"
    assert docx_headings(french) == [fr for fr, _en in SHEET_HEADINGS]
    results = table_with(french, "Ce que l'on mesure")
    assert results[1] == [
        "Producteurs membres du réseau",
        "40\u00a0producteurs",
        "31\u00a0producteurs au 30 juin 2028 (68\u00a0%)",
    ]
    partners = table_with(french, "Partenaire")
    assert partners[1] == ["1. GAL du Pays des Étangs & de la Seille", "Dieuze (France)"] + [
        "Chef de file\u00a0: coordination, suivi administratif et financier"
    ]
    assert partners[4][:2] == ["4. Fjordland LAG", "Sogndal (Norvège)"]
    text = docx_text(french)
    assert "Annuaire des producteurs (20 janvier 2028)" in text
    assert "Julien Hoffmann, GAL Pays des Étangs, j.hoffmann@pays-etangs.example" in text
    assert "Un partenaire sans adresse précise sur la carte est placé au centre de son pays." in text
    assert "wp1" not in text and "WP1" not in text and "resultat" not in text  # nothing of the tool
    for path in (french, english):
        shapes = Document(str(path)).inline_shapes
        assert len(shapes) == 1  # the map, 125 mm wide, its height in proportion
        assert shapes[0].width == Mm(125) and Mm(60) < shapes[0].height < Mm(100)
    assert docx_headings(english) == [en for _fr, en in SHEET_HEADINGS]
    text = docx_text(english)
    assert "Meeting producers on their farms, on both sides of the border, brought in new members." in text
    assert "31\u00a0producers on 30 June 2028 (68%)" in text


def test_the_map_places_a_partner_without_location_at_its_country_s_centre():
    from coopdocs.documents.partner_map import country_centre, extent, places
    from coopdocs.project import load_project

    found = places(load_project(EXAMPLE))
    assert [(p.number, p.exact) for p in found] == [(1, True), (2, True), (3, True), (4, False)]
    assert (found[0].lat, found[0].lon) == (48.824, 6.722)
    assert (found[3].lat, found[3].lon) == country_centre("NO") == (61.942, 9.685)  # inside southern Norway
    west, east, south, north = extent(found)
    assert west < 5.067 and east > 9.685 and south < 48.824 and north > 61.942


def test_the_final_report_adds_up_its_periods(tmp_path):
    out = tmp_path / "out"
    assert (
        run("build", str(EXAMPLE), "-o", str(out), "--only", "feuilles-de-temps", "--only", "depenses").exit_code == 0
    )
    fill = run_script("scripts/fill_example.py", str(out), "--until", "2028-06")
    assert fill.returncode == 0, fill.stderr
    final = bilan_json(EXAMPLE, out, "final")
    periods = final["final"]["periods"]
    assert [p["period"] for p in periods] == ["2027-S1", "2027-S2", "2028-S1", "2028-S2", "2029-S1"]
    for p in periods:
        assert p["total"] == bilan_json(EXAMPLE, out, p["period"])["totals"]["total"]
    # 32 906,06 + 42 613,37 + 43 560,11 + 20 010,00 + 13 800,00 = 152 889,54 (2028-S1 without the
    # association's bus invoice, which has no budget line: blocking, not counted)
    assert [p["total"] for p in periods] == [32906.06, 42613.37, 43560.11, 20010.0, 13800.0]
    assert final["totals"]["total"] == 152889.54 and final["totals"]["cumulative_total"] == 152889.54
    assert final["totals"]["flat_rate_costs"] == 18381.84  # each period's flat rate rounded down, then added
    assert final["totals"]["hours"] == 1512.5  # 374 + 583 + 555,5
    assert len(final["final"]["lessons"]) == 3
    report = out / "bilans/bilan_final.docx"
    assert Document(str(report)).paragraphs[0].text == "Rapport final"
    table = table_with(report, "Période")
    assert table[-1][0] == "Total" and table[-1][-1] == "152\u202f889,54\u00a0€"
    money = table_with(report, "Partenaire")
    assert money[0] == ["Partenaire", "Budget", "Dépensé", "Consommé", "Déclaré dans les demandes", "Reste du budget"]
    # gal-etangs: 175 750,50 € of budget, 103 460,00 € spent (58,87 %), nothing claimed yet, 72 290,50 € left
    assert money[1][1:] == [
        "175\u202f750,50\u00a0€",
        "103\u202f460,00\u00a0€",
        "58,87\u00a0%",
        "—",
        "72\u202f290,50\u00a0€",
    ]
    assert "Le balisage a pris du retard là où il fallait l'accord de nombreux propriétaires" in docx_text(report)
    book = load_workbook(out / "bilans/bilan_final.xlsx")
    sheet = book["Rapport final"]
    assert [sheet.cell(r, 1).value for r in range(2, 7)] == [p["period"] for p in periods]
    assert sheet.cell(7, 8).value == "=SUM(H2:H6)" and sheet.cell(4, 8).value == 43560.11


def run_script(script: str, *args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, str(ROOT / script), *args], capture_output=True, text=True, check=False)


WARNED = """indicators:
  - {id: sans-cible, name: Visiteurs, unit: visiteurs, kind: resultat}
  - id: hors-projet
    name: Sessions
    unit: sessions
    kind: realisation
    target: 4
    target_date: 2028-03-31
    values: [{date: 2027-03-01, value: 1}, {date: 2027-09-15, value: 2}]
"""


def test_validate_warns_on_a_target_missing_outside_the_project_and_a_value_from_the_future(tmp_path):
    project = minimal_with(tmp_path, WARNED)
    result = run("validate", str(project), "--date", "2027-06-30")
    assert result.exit_code == 0, result.stderr
    lines = [line[len(str(project)) + 1 :] for line in result.stderr.splitlines() if line.startswith(str(project))]
    assert lines == [
        "37:10: indicators.0.id: avertissement : l'indicateur « Visiteurs » n'a pas de cible (target) : les bilans ne "
        "peuvent pas dire où il en est ; donnez la valeur à atteindre",
        "43:18: indicators.1.target_date: avertissement : la cible de « Sessions » est datée du 31/03/2028, hors du "
        "projet (01/01/2027 → 31/12/2027) : aucun bilan ne la verra ; datez-la dans le projet",
        "44:51: indicators.1.values.1.date: avertissement : valeur de « Sessions » mesurée le 15/09/2027, après "
        "aujourd'hui (30/06/2027) : une mesure ne peut pas venir du futur ; corrigez la date",
    ]
    assert run("validate", str(project), "--date", "2027-12-31").stderr.count("après aujourd'hui") == 0
    assert run("validate", "--strict", str(project), "--date", "2027-06-30").exit_code == 1


def test_an_indicator_s_work_package_and_the_evaluation_s_indicators_are_the_file_s(tmp_path):
    project = minimal_with(
        tmp_path,
        "indicators:\n  - {id: a, name: A, unit: u, kind: realisation, target: 1, work_package: wp9}\n"
        "evaluation:\n  evaluator: {name: X, kind: externe}\n  questions: [Q]\n  indicators: [b]\n"
        "capitalisation:\n  lessons: [L]\n  contacts: [{name: N, email: pas-une-adresse}]\n",
    )
    result = run("validate", str(project))
    assert result.exit_code == 1
    assert "37:75: indicators.0.work_package: lot de travail `wp9` inconnu (connus : wp1)" in result.stderr
    assert "indicators.0: indicateur `b` inconnu (connus : a)" in result.stderr
    assert "capitalisation.contacts.0.email: adresse électronique « pas-une-adresse » invalide" in result.stderr


def test_the_workspace_s_bilan_page_shows_the_progress(tmp_path):
    from test_web import client_for, text

    project = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, project)
    client = client_for(project, tmp_path / "out")

    def read(url: str) -> str:  # the words a person reads, one space between them
        return " ".join(re.sub(r"<[^>]+>", " ", text(client.get(url))).split())

    page = read("/bilan?periode=2028-S2")
    assert "Indicateurs de réalisation et de résultat" in page
    # Dates as people write them, never ISO (issue 25).
    assert "Producteurs membres du réseau WP3 31 producteurs 40 producteurs (31 mars 2029) 67,86 %" in page
    late = "En retard Itinéraires balisés (jalon, échéance 30 juin 2028) WP2 – Carte des trois itinéraires (livrable, échéance"
    assert late + " 30 juin 2028)" in page and "2028-06-30" not in page
    page = read("/bilan?periode=2027-S1")
    assert "Itinéraires de découverte balisés WP2 pas encore mesuré" in page and "Rien n'est en retard." in page
