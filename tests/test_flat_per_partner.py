"""`partners[].flat_rates`: a partner's own flat rates replace the budget's for that partner (`{}`:
none, real costs). In a LEADER cooperation each GAL is paid by its own managing authority: the GAL
du Pays des Étangs claims office costs at 15 % of its staff costs, the GAL Ardenne du Sud none,
Saveurs de la Seille follows the budget's 10 %. Every figure below is worked by hand."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from test_claims import CLAIMED, TRAVEL, fill_register, fill_sheet

from conftest import EXAMPLE, docx_text, run
from coopdocs.errors import ProjectError
from coopdocs.formats import money
from coopdocs.project import load_project

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

D = dt.date
ETANGS = '    name: "GAL du Pays des Étangs & de la Seille"\n'
ARDENNE = '    name: "GAL Ardenne du Sud asbl"\n'
BUDGET_RATE = "  flat_rates:\n    office_admin: 0.15\n"


def per_partner_text(etangs: str = "{office_admin: 0.15}", ardenne: str = "{}") -> str:
    """The example with the GAL du Pays des Étangs' own rates, the GAL Ardenne du Sud's, and the
    budget's office rate at 10 % (which Saveurs de la Seille, without rates of its own, follows)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(ETANGS) == text.count(ARDENNE) == text.count(BUDGET_RATE) == 1
    text = text.replace(ETANGS, f"{ETANGS}    flat_rates: {etangs}\n")
    text = text.replace(ARDENNE, f"{ARDENNE}    flat_rates: {ardenne}\n")
    return text.replace(BUDGET_RATE, "  flat_rates:\n    office_admin: 0.10\n")


@pytest.fixture
def project_file(tmp_path) -> Path:
    path = tmp_path / "projet.yaml"
    path.write_text(per_partner_text(), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "faux.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    return {p.path: p.message for p in caught.value.problems}


def test_each_partner_s_budget_is_computed_with_its_own_flat_rates(project_file):
    from coopdocs.project.flat import flat_rates_of, used_by_any
    from coopdocs.project.model import budget_by_partner

    project = load_project(project_file)
    assert flat_rates_of(project, "gal-etangs").used() == ["office_admin"]
    assert flat_rates_of(project, "gal-ardenne-sud").used() == []
    assert flat_rates_of(project, "saveurs-seille").rates()["office_admin"] == Decimal("0.1")
    assert used_by_any(project) == ["office_admin"]
    budget = budget_by_partner(project)
    # GAL du Pays des Étangs: staff 90 000 + 45 000 = 135 000; office 15 % × 135 000 = 20 250,00;
    # 135 000 + travel 8 000 + expertise 12 500,50 + 20 250 = 175 750,50.
    assert budget["gal-etangs"]["office_admin"] == Decimal("20250.00")
    assert sum(budget["gal-etangs"].values()) == Decimal("175750.50")
    # GAL Ardenne du Sud (`{}`): no office costs; 75 000 + 9 000 + 5 000 = 89 000,00.
    assert "office_admin" not in budget["gal-ardenne-sud"]
    assert sum(budget["gal-ardenne-sud"].values()) == Decimal("89000")
    # Saveurs de la Seille (the budget's 10 %): 10 % × 27 000 = 2 700,00; 27 000 + 4 000 + 2 700 = 33 700,00.
    assert budget["saveurs-seille"]["office_admin"] == Decimal("2700.00")
    assert sum(budget["saveurs-seille"].values()) == Decimal("33700.00")
    # The project's total is the sum of the partners' own: 175 750,50 + 89 000 + 33 700 = 298 450,50.
    assert sum((sum(c.values()) for c in budget.values()), Decimal(0)) == Decimal("298450.50")


def test_validate_says_the_total_and_the_flat_amount_of_the_partners_own_rates(project_file):
    result = run("validate", project_file, "--date", "2027-06-01")
    assert result.exit_code == 0, result.output
    # 20 250,00 (Étangs, 15 %) + 2 700,00 (Saveurs, 10 %) = 22 950,00 of flat-rate costs.
    assert money(Decimal("298450.50")) in result.output and money(Decimal("22950")) in result.output


def test_a_partner_s_rate_above_its_ceiling_is_refused_at_its_own_key(tmp_path):
    found = problems_of(tmp_path, per_partner_text(ardenne="{office_admin: 0.2}"))
    assert "partners.1.flat_rates.office_admin" in found
    assert "15" in found["partners.1.flat_rates.office_admin"]  # the ceiling, 15 %
    assert not any(path.startswith("budget.flat_rates") for path in found)


def test_a_partner_s_rates_combine_as_the_regulation_allows_and_cover_its_own_lines(tmp_path):
    found = problems_of(tmp_path, per_partner_text(etangs="{office_admin: 0.15, indirect: 0.07}"))
    assert list(found) == ["partners.0.flat_rates.indirect"]  # CPR art. 54: one indirect rate
    # A real office line: refused for the GAL du Pays des Étangs (its 15 % computes them), not for
    # the GAL Ardenne du Sud (`{}`: real costs) nor under the budget's rate it does not follow.
    lines = "  lines:\n"
    text = per_partner_text().replace(
        lines,
        lines
        + "    - {partner: gal-etangs, category: office_admin, amount: 100}\n"
        + "    - {partner: gal-ardenne-sud, category: office_admin, amount: 100}\n",
        1,
    )
    assert list(problems_of(tmp_path, text)) == ["budget.lines.0.category"]


def test_funding_is_checked_against_the_partner_s_own_costs(tmp_path):
    # 95 000 € for the GAL Ardenne du Sud, whose costs are 89 000 € without office costs (with the
    # budget's 10 % they would be 96 500 €, and the funding would pass).
    funding = "    - {partner: gal-ardenne-sud, source: Wallonie, rate: 0.2}\n"
    text = per_partner_text().replace(funding, "    - {partner: gal-ardenne-sud, source: Wallonie, amount: 50000}\n")
    found = problems_of(tmp_path, text)
    assert list(found) == ["budget.funding.2"] and money(89000) in found["budget.funding.2"]


def test_the_registers_offer_office_costs_only_to_the_partner_without_a_flat_rate(project_file):
    from coopdocs.forms.expense_form import register_categories

    project = load_project(project_file)
    assert register_categories(project, "gal-etangs") == ["travel", "external_expertise", "equipment", "other"]
    assert register_categories(project, "gal-ardenne-sud") == [
        "office_admin",
        "travel",
        "external_expertise",
        "equipment",
        "other",
    ]


def test_the_agreement_states_each_partner_s_flat_rate(project_file):
    from coopdocs.documents.flat_text import flat_text

    project = load_project(project_file)
    ids = ["gal-etangs", "gal-ardenne-sud", "saveurs-seille"]
    assert flat_text(project, ids, "fr") == (
        " (taux forfaitaires arrondis au centime inférieur — frais de bureau : 15\xa0% des frais de personnel pour "
        "le GAL Pays des Étangs ; frais de bureau : 10\xa0% des frais de personnel pour Saveurs de la Seille ; "
        "coûts réels pour le GAL Ardenne du Sud asbl)"
    )
    assert flat_text(project, ["gal-etangs", "gal-ardenne-sud"], "en") == (
        " (flat rates rounded down to the cent — office and administration: 15% of staff costs for "
        "GAL Pays des Étangs; real costs for GAL Ardenne du Sud asbl)"
    )
    # The same rates for everyone: the sentence of a project-wide rate, no partner named.
    assert flat_text(project, ["gal-etangs"], "fr") == (
        " (taux forfaitaires arrondis au centime inférieur — frais de bureau : 15\xa0% des frais de personnel)"
    )
    assert flat_text(project, ["gal-ardenne-sud"], "fr") == ""


def test_the_agreement_document_says_it(project_file, tmp_path):
    result = run(
        "build", project_file, "-o", tmp_path / "out", "--date", "2027-01-01", "--only", "convention-partenariat"
    )
    assert result.exit_code == 0, result.output
    agreements = sorted((tmp_path / "out").rglob("convention*.docx"))
    said = " ".join(docx_text(agreements[0]).split())  # the French version (the English one after it)
    assert "frais de bureau : 15 % des frais de personnel pour le GAL Pays des Étangs" in said
    assert "coûts réels pour le GAL Ardenne du Sud asbl)" in said


@pytest.fixture(scope="module")
def claimed(tmp_path_factory) -> tuple[dict, dict]:
    """Claim 1 for 2027-T1 and the bilan of the same quarter, from the sheets and the invoice of
    tests/test_claims.py's example fixture."""
    tmp = tmp_path_factory.mktemp("flat-per-partner")
    project, out = tmp / "projet.yaml", tmp / "out"
    project.write_text(per_partner_text(), encoding="utf-8")
    result = run(
        "build", project, "-o", out, "--date", "2027-01-01", "--only", "feuilles-de-temps", "--only", "depenses"
    )
    assert result.exit_code == 0, result.output
    fill_sheet(out / "feuilles-de-temps/zoe-martin/zoe-martin_2027-03.xlsx", {D(2027, 3, 15): {"wp3": 4, "wp1": 2}})
    fill_sheet(
        out / "feuilles-de-temps/sophie-lenoir/sophie-lenoir_2027-03.xlsx",
        {D(2027, 3, 15): {"wp2": 7}, D(2027, 3, 22): {"wp2": 3.5}},
    )
    invoice = (D(2027, 2, 10), "Autocars de la Seille", "F-2027-100", TRAVEL, 1250.0, D(2027, 3, 1))
    fill_register(out / "depenses/gal-etangs_registre-depenses.xlsx", [invoice])
    result = run("claim", project, "--period", "2027-T1", "-o", out, "--json", "--date", CLAIMED)
    assert result.exit_code == 0, result.output + result.stderr
    claim = json.loads(result.stdout)
    result = run("bilan", project, "--period", "2027-T1", "-o", out, "--json", "--date", "2027-12-20")
    assert result.exit_code == 0, result.output
    return claim, json.loads(result.stdout)


def test_each_partner_s_claim_takes_its_own_flat_rates(claimed):
    claim, _bilan = claimed
    etangs = claim["partners"]["gal-etangs"]
    # Julien Hoffmann 3 × 2 000 + Zoé Martin 6 h × 25 = 6 150,00; office 15 % = 922,50; + travel 1 250.
    assert etangs["flat_rates"] == {"office_admin": 922.5} and etangs["total"] == 8322.5
    ardenne = claim["partners"]["gal-ardenne-sud"]
    # Sophie Lenoir 10,5 h × 30,59 = 321,195 → 321,20; no office costs; FEADER 60 % 192,72,
    # Wallonie 20 % 64,24, own funds 64,24.
    assert ardenne["flat_rates"] == {} and ardenne["staff"] == 321.2 and ardenne["total"] == 321.2
    assert ardenne["funders"] == {"FEADER": 192.72, "Wallonie": 64.24} and ardenne["own_funds"] == 64.24
    seille = claim["partners"]["saveurs-seille"]
    # Claire Weber 3 × 900 = 2 700,00; office at the budget's 10 %: 270,00; 2 970,00. FEADER 70 %
    # 2 079,00; Région Grand Est 3 000 € of a 33 700 € budget: 2 970 × 3 000 / 33 700 = 264,39.
    assert seille["flat_rates"] == {"office_admin": 270.0} and seille["total"] == 2970.0
    assert seille["budget_total"] == 33700.0 and seille["funders"]["Région Grand Est"] == 264.39


def test_the_bilan_computes_each_partner_s_flat_rates_and_sums_them(claimed):
    _claim, bilan = claimed
    partners = {p["id"]: p for p in bilan["partners"]}
    assert partners["gal-etangs"]["flat_rate_costs"] == {"office_admin": 922.5}
    assert partners["gal-ardenne-sud"]["flat_rate_costs"] == {} and partners["gal-ardenne-sud"]["total"] == 321.2
    assert partners["gal-ardenne-sud"]["budget_total"] == 89000.0
    assert partners["saveurs-seille"]["flat_rate_costs"] == {"office_admin": 270.0}
    # 922,50 + 270,00 = 1 192,50 of flat rates; 8 322,50 + 321,20 + 2 970,00 = 11 613,70 in all.
    assert bilan["totals"]["flat_rate_costs"] == 1192.5 and bilan["totals"]["total"] == 11613.7


def client_for(project: Path):
    from coopdocs.web.app import create_app

    app = create_app(project, project.parent / "out", "fr", None)
    client = TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False)
    client.keys = app.state.workspace.keys
    client.get(f"/projet?token={client.keys.token}")
    return client


def test_the_budget_page_computes_each_partner_s_own_flat_rate(project_file):
    import html
    import re

    client = client_for(project_file)
    page = html.unescape(client.get("/projet/budget").text)
    rows = {
        re.sub(r"<[^>]+>", "", name).strip(): row
        for name, row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', page, re.S)
    }
    etangs = rows["GAL Pays des Étangs"]
    assert money(Decimal("20250")) in etangs and money(Decimal("175750.50")) in etangs
    ardenne = rows["GAL Ardenne du Sud asbl"]
    assert money(Decimal("89000")) in ardenne and "taux forfaitaire" not in ardenne
    # the office column: 20 250 + 2 700 = 22 950; the total 298 450,50.
    assert money(Decimal("22950")) in rows["Total"] and money(Decimal("298450.50")) in rows["Total"]
    assert f"GAL Ardenne du Sud asbl — {money(89000)}" in page  # its financing plan, on its own costs


def test_the_partner_s_form_says_whose_rates_and_writes_none_as_an_empty_mapping(project_file):
    import re

    client = client_for(project_file)
    page = client.get("/projet/element/partners/3").text  # Saveurs de la Seille: the budget's rates
    assert 'name="partners.2.flat_rates.@how" value="project" checked' in page
    assert "aucun (coûts réels)" in page
    digest = re.search(r'name="file_hash" value="([0-9a-f]{64})"', page).group(1)
    form = {"csrf": client.keys.csrf, "file_hash": digest, "partners.2.flat_rates.@how": "none"}
    response = client.post("/projet/element/partners/3", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text[-2000:]
    project = load_project(project_file)
    assert project.partners[2].flat_rates is not None and project.partners[2].flat_rates.used() == []
    assert "@how" not in project_file.read_text(encoding="utf-8")
    # Saved again untouched, the empty mapping stays (it says « none », not « the budget's »).
    page = client.get("/projet/element/partners/3").text
    assert 'name="partners.2.flat_rates.@how" value="none" checked' in page
    digest = re.search(r'name="file_hash" value="([0-9a-f]{64})"', page).group(1)
    form = {"csrf": client.keys.csrf, "file_hash": digest, "partners.2.role": "Animation du réseau"}
    assert client.post("/projet/element/partners/3", data=form, follow_redirects=False).status_code == 303
    assert load_project(project_file).partners[2].flat_rates is not None
    # Back to the budget's: the key leaves the file.
    page = client.get("/projet/element/partners/3").text
    digest = re.search(r'name="file_hash" value="([0-9a-f]{64})"', page).group(1)
    form = {"csrf": client.keys.csrf, "file_hash": digest, "partners.2.flat_rates.@how": "project"}
    assert client.post("/projet/element/partners/3", data=form, follow_redirects=False).status_code == 303
    assert load_project(project_file).partners[2].flat_rates is None
    shutil.rmtree(project_file.parent / "sauvegardes", ignore_errors=True)
