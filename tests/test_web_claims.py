"""The payment claim on the workspace's Bilan page, through Starlette's test client: the example
built, sheets and a register filled as tests/test_claims.py fills them, the form posted; the files
written, the page showing the figures tests/test_claims.py works by hand (its literals, never
recomputed), the ledger's claims listed, a second claim of the period refused in French with
nothing new written, a post without the CSRF token refused."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from test_claims import TRAVEL, D, fill_register, fill_sheet, make_interreg
from test_web import client_for, text

from conftest import EXAMPLE, run
from coopdocs.formats import money, percent

PARTNERS = ("gal-etangs", "gal-ardenne-sud", "saveurs-seille", "lag-fjord")


@pytest.fixture
def example(tmp_path):
    """The example with its sheets and registers, filled as tests/test_claims.py's `example`."""
    project, out = tmp_path / "projet.yaml", tmp_path / "out"
    shutil.copy(EXAMPLE, project)
    result = run(
        "build", project, "-o", out, "--date", "2027-01-01", "--only", "feuilles-de-temps", "--only", "depenses"
    )
    assert result.exit_code == 0, result.output
    typed = {
        "zoe-martin": {"2027-03": {D(2027, 3, 15): {"wp3": 4, "wp1": 2}}, "2027-04": {D(2027, 4, 12): {"wp3": 7}}},
        "sophie-lenoir": {  # no sheet before March, when her work package starts (contract v3)
            "2027-03": {D(2027, 3, 15): {"wp2": 7}, D(2027, 3, 22): {"wp2": 3.5}},
            "2027-04": {D(2027, 4, 19): {"wp2": 2}},
        },
    }
    for agent, sheets in typed.items():
        for month, days in sheets.items():
            fill_sheet(out / f"feuilles-de-temps/{agent}/{agent}_{month}.xlsx", days)
    for agent in typed:
        for month in ("2027-05", "2027-06"):
            fill_sheet(out / f"feuilles-de-temps/{agent}/{agent}_{month}.xlsx", {})
    fill_register(
        out / "depenses/gal-etangs_registre-depenses.xlsx",
        [
            (D(2027, 2, 10), "Autocars de la Seille", "F-2027-100", TRAVEL, 1250.0, D(2027, 3, 1)),
            (D(2027, 5, 20), "Hôtel des Étangs", "H-5521", TRAVEL, 640.0, D(2027, 6, 1)),
        ],
    )
    return project, out


def claim_form(client, period, partners=PARTNERS, **extra):
    return {"csrf": client.keys.csrf, "periode": period, "partenaire": list(partners), "date": "2027-12-20", **extra}


def digests(out):
    files = [p for p in (out / "demandes").rglob("*") if p.is_file()] + [out / "manifest.json"]
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def m(amount: float) -> str:
    return money(amount, "fr")


def test_the_form_names_partners_and_a_claim_is_written_with_the_figures_worked_by_hand(example):
    project, out = example
    client = client_for(project, out)
    page = client.get("/bilan?periode=2027-T1")
    assert page.status_code == 200
    shown = text(page)
    assert "Préparer la demande de paiement" in shown and "Écarter les points à vérifier" in shown
    assert "GAL du Pays des Étangs" in shown and 'value="gal-etangs" checked' in page.text
    assert ">gal-etangs<" not in page.text and "Ce sera la demande n° 1." in shown
    assert 'value="lag-fjord"' not in page.text  # the observer has no budget: nothing to claim
    response = client.post("/bilan/demande", data=claim_form(client, "2027-T1"))
    assert response.status_code == 200, text(response)
    shown = text(response)
    assert "Demande n° 1 écrite dans demandes/01_2027-T1/" in shown
    folder = out / "demandes/01_2027-T1"
    for name in ("liste-depenses.xlsx", "demande-paiement.docx", "attestation-temps_zoe-martin.docx"):
        assert (folder / "gal-etangs" / name).is_file(), name
        assert f'href="/documents/fichier/demandes/01_2027-T1/gal-etangs/{name}"' in response.text
    assert not (folder / "lag-fjord").exists()
    # tests/test_claims.py, test_example_first_claim_worked_by_hand_and_equal_to_the_bilan:
    # GAL du Pays des Étangs 8 322,50 €, FEADER 6 658,00, own funds 1 664,50; GAL Ardenne Sud
    # 369,38, FEADER 221,63, Wallonie 73,88, own 73,87; Saveurs de la Seille 3 105,00, FEADER
    # 2 173,50, Région Grand Est 265,76, own 665,74.
    for amount in (8322.5, 6658.0, 1664.5, 369.38, 221.63, 73.88, 73.87, 3105.0, 2173.5, 265.76, 665.74):
        assert m(amount) in shown, amount
    assert f"FEADER ({percent(0.8)}) : {m(6658.0)}" in shown and f"Wallonie ({percent(0.2)}) : {m(73.88)}" in shown
    downloaded = client.get("/documents/fichier/demandes/01_2027-T1/gal-etangs/liste-depenses.xlsx")
    assert downloaded.status_code == 200 and downloaded.content[:2] == b"PK"
    # The ledger's claims: 8 322,50 + 369,38 + 3 105,00 = 11 796,88 €.
    listed = text(client.get("/bilan?periode=2027-T1"))
    assert "Demandes déjà écrites" in listed and m(11796.88) in listed and "20 décembre 2027" in listed
    assert "Ce sera la demande n° 2." in listed


def test_a_second_claim_of_the_period_is_refused_in_french_and_writes_nothing(example):
    project, out = example
    client = client_for(project, out)
    assert client.post("/bilan/demande", data=claim_form(client, "2027-T1")).status_code == 200
    before = digests(out)
    again = client.post("/bilan/demande", data=claim_form(client, "2027-T1"))
    assert again.status_code == 409
    shown = text(again)
    assert "Demande refusée" in shown and "aucune dépense déclarable sur la période 2027-T1" in shown
    assert "Déjà déclaré pour la période 2027-T1 : demande n° 1" in shown
    assert "Erreur interne" not in shown and 'id="write-claim"' in again.text  # the form is still there
    assert digests(out) == before and not (out / "demandes/02_2027-T1").exists()


def test_a_later_claim_says_what_an_earlier_one_took_and_the_points_at_risk(example):
    project, out = example
    client = client_for(project, out)
    client.post("/bilan/demande", data=claim_form(client, "2027-T1"))
    response = client.post("/bilan/demande", data=claim_form(client, "2027-S1", partners=("gal-etangs",)))
    assert response.status_code == 200, text(response)
    shown = text(response)
    # tests/test_claims.py, test_example_second_claim_in_english_refuses_the_first_quarter:
    # 7 741,25 € claimed, 201,25 at risk (Zoé's 7 h on 12/04 and its flat rate), FEADER 6 193,00,
    # own funds 1 548,25; F-2027-100 refused, « déjà déclarée dans la demande n° 1 ».
    for amount in (7741.25, 201.25, 6193.0, 1548.25):
        assert m(amount) in shown, amount
    assert "Demande n° 2 écrite" in shown and "déclaré, à justifier" in shown
    assert "GAL du Pays des Étangs & de la Seille — écarté de la demande (points bloquants)" in shown
    assert any("F-2027-100" in line and "déjà déclarée dans la demande n° 1" in line for line in shown.splitlines())
    assert sorted(p.name for p in (out / "demandes/02_2027-S1").iterdir()) == ["gal-etangs"]


def test_the_points_to_check_left_out_on_the_interreg_fixture(tmp_path):
    folder = make_interreg(tmp_path)
    client = client_for(folder / "p.yaml", folder / "out")
    form = claim_form(client, "2027-S1", partners=("cc-oree",), ecarter="1")
    response = client.post("/bilan/demande", data=form)
    assert response.status_code == 200, text(response)
    shown = text(response)
    # tests/test_claims.py, test_exclude_at_risk_leaves_the_points_to_check_out_and_lists_them:
    # 2 636,54 € claimed, 157,49 at risk left out (the Saturday's 2 h, F-104 and their flat rate).
    assert m(2636.54) in shown and m(157.49) in shown and "écarté de cette demande" in shown
    assert sorted(p.name for p in (folder / "out/demandes/01_2027-S1").iterdir()) == ["cc-oree"]


def test_refusals_beside_the_form_a_get_goes_back_and_the_csrf_token_is_needed(example):
    project, out = example
    client = client_for(project, out)
    missing = client.post("/bilan/demande", data={"periode": "2027-T1", "partenaire": ["gal-etangs"]})
    assert missing.status_code == 403 and "jeton absent ou périmé" in text(missing)
    forged = client.post("/bilan/demande", data={**claim_form(client, "2027-T1"), "csrf": "x" * 64})
    assert forged.status_code == 403
    assert not (out / "demandes").exists()
    nobody = client.post("/bilan/demande", data=claim_form(client, "2027-T1", partners=()))
    assert nobody.status_code == 409 and "cochez au moins un partenaire" in text(nobody)
    bad_date = client.post("/bilan/demande", data=claim_form(client, "2027-T1", date="20/12/2027"))
    assert bad_date.status_code == 409 and "date « 20/12/2027 » invalide : AAAA-MM-JJ" in text(bad_date)
    assert 'value="20/12/2027"' in bad_date.text  # what was typed is given back
    (out / "demandes/01_2027-T1").mkdir(parents=True)
    exists = client.post("/bilan/demande", data=claim_form(client, "2027-T1"))
    assert exists.status_code == 409 and "demandes/01_2027-T1 existe déjà" in text(exists)
    assert "Erreur interne" not in text(exists) and not any((out / "demandes/01_2027-T1").iterdir())
    back = client.get("/bilan/demande", follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/bilan"


def test_the_english_workspace_has_the_same_form(example):
    from starlette.testclient import TestClient

    from coopdocs.web.app import create_app

    project, out = example
    app = create_app(project, out, "en", None)
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    client.get(f"/projet?token={app.state.workspace.keys.token}")
    shown = text(client.get("/bilan?periode=2027-T1"))
    assert "Prepare the payment claim" in shown and "Leave out the points to check" in shown


def test_a_claim_dated_before_the_end_of_its_period_is_refused_beside_the_form(example):
    """The page refuses a claim dated the day before the period's last day (the library's rule,
    in the page's language), nothing written; on that day or after it, the claim is written."""
    from starlette.testclient import TestClient

    from coopdocs.web.app import create_app

    project, out = example
    client = client_for(project, out)
    early = client.post("/bilan/demande", data=claim_form(client, "2027-T1", date="2027-03-30"))
    assert early.status_code == 409
    assert (
        "demande datée du 30/03/2027, avant le dernier jour de la période 2027-T1 (31/03/2027) : une demande "
        "déclare les dépenses engagées et payées sur une période close ; datez-la du 31/03/2027 ou d'après"
    ) in text(early)
    assert 'value="2027-03-30"' in early.text and not (out / "demandes").exists()
    app = create_app(project, out, "en", None)
    english = TestClient(app, base_url="http://127.0.0.1:8765")
    english.get(f"/projet?token={app.state.workspace.keys.token}")
    english.keys = app.state.workspace.keys
    refused = english.post("/bilan/demande", data=claim_form(english, "2027-T1", date="2027-03-30"))
    assert refused.status_code == 409
    assert "claim dated 30/03/2027, before the last day of the period 2027-T1 (31/03/2027)" in text(refused)
    assert not (out / "demandes").exists()
    on_the_day = client.post("/bilan/demande", data=claim_form(client, "2027-T1", date="2027-03-31"))
    assert on_the_day.status_code == 200, text(on_the_day)
    assert "Demande n° 1 écrite dans demandes/01_2027-T1/" in text(on_the_day)
    after = client.post(
        "/bilan/demande", data=claim_form(client, "2027-S1", partners=("gal-etangs",), date="2027-07-01")
    )
    assert after.status_code == 200, text(after)
    assert "Demande n° 2 écrite" in text(after)


def test_the_form_is_dated_on_the_period_s_last_day_until_it_is_over(example, monkeypatch):
    """While the period runs, the form proposes its last day, never a date the claim would be
    refused at; once it is over, today."""
    import datetime as dt

    from coopdocs.web import labels

    project, out = example
    client = client_for(project, out)
    monkeypatch.setattr(labels, "today", lambda: dt.date(2027, 2, 15))
    assert 'name="date" value="2027-03-31"' in client.get("/bilan", params={"periode": "2027-T1"}).text
    monkeypatch.setattr(labels, "today", lambda: dt.date(2027, 5, 4))
    assert 'name="date" value="2027-05-04"' in client.get("/bilan", params={"periode": "2027-T1"}).text
