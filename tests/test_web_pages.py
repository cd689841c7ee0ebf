"""The workspace's time sheets, documents and bilan pages (issue 25), through Starlette's test
client: every form answers with a redirect (a reload sends nothing again) and says its refusals
in French; the month's sheet downloads; periods are chosen in the project's list; anomalies name
their agent and say what to do; the documents are grouped by what a person does with them."""

from __future__ import annotations

import json
import re

import test_web
from test_web import client_for, grid_form, text

from conftest import run

project, built = test_web.project, test_web.built  # the same fixtures

SHEET_URL = "/feuilles/zoe-martin/2028-05"
SHEET = "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"


def plain(response) -> str:
    """The page's words, tags aside."""
    return words(text(response))


def words(markup: str) -> str:
    spaced = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r" ([,.)])", r"\1", spaced)


def group(page, name: str) -> str:
    """The words of one group of the documents page."""
    found = re.search(rf'<section class="doc-group" id="groupe-{name}".*?</section>', text(page), re.S)
    assert found, name
    return words(found.group(0))


def test_every_form_answers_with_a_redirect_and_a_reload_sends_nothing(built):
    project, out, sheet = built
    client = client_for(project, out)
    sent = client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-02:wp1": "3"}), follow_redirects=False)
    assert sent.status_code == 303 and re.fullmatch(
        r"/feuilles/zoe-martin/2028-05\?note=[\w-]+", sent.headers["location"]
    )
    saved = sheet.read_bytes()
    for _ in range(2):  # reloading the page it led to shows the note again, and writes nothing
        page = client.get(sent.headers["location"])
        assert page.status_code == 200 and "Feuille enregistrée (cellules modifiées : 1)." in text(page)
    assert sheet.read_bytes() == saved
    refused = client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-03:wp1": "7h30"}), follow_redirects=False)
    assert refused.status_code == 303
    page = client.get(refused.headers["location"])
    assert (
        page.status_code == 409
        and "Refusé, rien n'a été enregistré : 3 mai 2028, lot Coordination et gestion du projet : « 7h30 »"
        in plain(page)
    )
    assert 'name="h:2028-05-03:wp1" value="7h30"' in page.text  # what was typed is shown again
    assert sheet.read_bytes() == saved
    files = {"fichier": ("mai.xlsx", b"pas un classeur", "application/octet-stream")}
    upload = client.post(SHEET_URL + "/envoyer", data={"csrf": client.keys.csrf}, files=files, follow_redirects=False)
    assert upload.status_code == 303 and "fichier illisible ou endommagé" in text(
        client.get(upload.headers["location"])
    )
    for posted in ("/envoyer", "/signer", "/approuver", "/pdf-signe"):  # typed in the address bar: the page, no 405
        back = client.get(SHEET_URL + posted, follow_redirects=False)
        assert back.status_code == 303 and back.headers["location"] == SHEET_URL, posted
    unknown = client.get("/feuilles/personne/2028-05")
    assert unknown.status_code == 404 and "Method Not Allowed" not in unknown.text
    assert 'href="/feuilles"' in unknown.text and "Revenir à la page Feuilles de temps" in text(unknown)


def test_the_month_sheet_downloads_blank_then_as_filled(built):
    project, out, sheet = built
    client = client_for(project, out)
    page = client.get(SHEET_URL)
    assert "Télécharger la feuille vierge (Excel)" in text(page) and f'href="{SHEET_URL}/classeur.xlsx"' in page.text
    blank = client.get(SHEET_URL + "/classeur.xlsx")
    assert blank.status_code == 200 and blank.content == sheet.read_bytes()
    assert 'filename="zoe-martin_2028-05.xlsx"' in blank.headers["content-disposition"]
    client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-02:wp1": "3"}))
    assert "Télécharger la feuille du mois (Excel)" in text(client.get(SHEET_URL))
    assert client.get(SHEET_URL + "/classeur.xlsx").content == sheet.read_bytes()
    assert client.get("/feuilles/zoe-martin/2029-01/classeur.xlsx").status_code == 404  # not written yet


def test_the_grid_says_each_cell_and_each_day_in_words(built):
    project, out, _ = built
    page = client_for(project, out).get(SHEET_URL).text
    assert 'aria-label="2 mai 2028, lot Coordination et gestion du projet"' in page
    assert 'aria-label="1er mai 2028, autres activités"' in page and 'aria-label="31 mai 2028, commentaire"' in page
    assert "lundi, férié (Fête du Travail)" in page and "samedi, week-end" in page
    assert '<option value="CP">CP — congés payés</option>' in page and '<abbr title="maladie">MAL</abbr>' in page
    assert "WP1 2028-05" not in page and 'aria-label="WP' not in page


def test_periods_are_chosen_in_the_project_list_never_typed(project):
    client = client_for(project)
    page = client.get("/bilan")
    heading = 'optgroup label="Périodes de bilan du projet (bilans semestriels)"'
    assert heading in page.text and '<select id="periode" name="periode">' in page.text
    reporting = page.text.split(heading, 1)[1].split("</optgroup>", 1)[0]
    assert re.findall(r'value="([^"]+)">([^<]+)<', reporting) == [
        ("2027-S1", "1er semestre 2027"),
        ("2027-S2", "2e semestre 2027"),
        ("2028-S1", "1er semestre 2028"),
        ("2028-S2", "2e semestre 2028"),
        ("2029-S1", "1er semestre 2029"),
    ]
    assert '<option value="2027-T1">1er trimestre 2027</option>' in page.text
    assert (
        '<option value="2028-05">mai 2028</option>' in page.text
        and '<option value="2027">année 2027</option>' in page.text
    )
    for typed in ("T1 2027", "2031", "2026-S2"):
        wrong = client.get("/bilan", params={"periode": typed})
        assert wrong.status_code == 400, typed
        assert f"« {typed} » n'est pas une période de ce projet : choisissez-la dans la liste" in text(wrong)
        assert 'id="periode"' in wrong.text and 'href="/bilan?periode=2027-S1"' in wrong.text  # the list is there
    guess = client.get("/bilan", params={"periode": "T1 2027"}).text
    assert 'Vouliez-vous dire <a href="/bilan?periode=2027-T1">1er trimestre 2027</a> ?' in guess
    assert 'href="/bilan?periode=2028-03">mars 2028</a>' in client.get("/bilan", params={"periode": "03/2028"}).text
    assert 'id="period-guess"' not in client.get("/bilan", params={"periode": "2031"}).text
    refused = client.post("/bilan/ecrire", data={"csrf": client.keys.csrf, "periode": "T1 2027"})
    assert refused.status_code == 409 and "Refusé, rien n'a été enregistré : « T1 2027 » n'est pas" in plain(refused)


def test_the_period_list_follows_the_reporting_frequency(project):
    from coopdocs.project import load_project
    from coopdocs.web.labels import period_choices, period_words

    text_ = project.read_text(encoding="utf-8").replace("frequency: semiannual", "frequency: quarterly", 1)
    project.write_text(text_, encoding="utf-8")
    choices = period_choices(load_project(project), "fr")
    heading, first = choices.groups[0]
    assert heading == "Périodes de bilan du projet (bilans trimestriels)"
    assert [value for value, _ in first][:3] == ["2027-T1", "2027-T2", "2027-T3"] and first[-1][0] == "2029-T2"
    assert [h for h, _ in choices.groups] == [heading, "Années", "Semestres", "Mois"]
    assert (period_words("2028-S2", "en"), period_words("2028-T1", "en"), period_words("2028-03", "en")) == (
        "H2 2028",
        "Q1 2028",
        "March 2028",
    )


def test_each_anomaly_names_its_agent_and_says_what_to_do(built):
    project, out, _ = built
    client = client_for(project, out)
    client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-06:wp1": "2"}))
    page = client.get("/bilan", params={"periode": "2028-05"})
    shown = plain(page)
    assert "à vérifier — heures un week-end — Zoé Martin, mai 2028" in shown
    assert "Que faire : Vérifiez avec l'agent : un travail le week-end se justifie dans le commentaire" in shown
    assert "mois sans feuille de temps — Sophie Lenoir, mai 2028" in shown
    assert f'href="{SHEET_URL}">Ouvrir la feuille de Zoé Martin, mai 2028</a>' in page.text
    assert ">zoe-martin<" not in page.text and ">sophie-lenoir<" not in page.text


def test_the_catalogue_says_what_to_do_for_every_kind_of_anomaly():
    from coopdocs.forms.anomalies import AnomalyKind
    from coopdocs.words import catalogue

    todo = catalogue()["anomaly_todo"]
    assert set(todo["fr"]) == {k.value for k in AnomalyKind} == set(todo["en"])


def test_documents_are_grouped_by_what_one_does_with_them_and_named_in_words(project):
    from test_signatures import blank_pdf, make_cert, sign

    out = project.parent / "out"
    only = [
        a
        for kind in ("lettre-mission", "courrier-envoi", "feuilles-de-temps", "carnet-de-bord")
        for a in ("--only", kind)
    ]
    assert run("build", project, "-o", out, *only, "--date", "2028-07-01").exit_code == 0
    signed = out / "signes/agents/zoe-martin/lettre-mission.pdf"
    signed.parent.mkdir(parents=True)
    signed.write_bytes(sign(blank_pdf(), make_cert("Zoé Martin"), "agent — Zoé Martin"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["signed"] = {
        "agents/zoe-martin/lettre-mission.docx": [{"signer": "Zoé Martin", "signed_at": "2028-07-02T09:00:00+00:00"}]
    }
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = client_for(project, out).get("/documents")
    headings = re.findall(r'<h2 id="titre-(\w+)">', page.text)
    assert headings == ["sign", "send", "fill", "internal"]
    sign_part = group(page, "sign")
    assert (
        "Lettre de mission — Zoé Martin signé par Zoé Martin le 2 juillet 2028 (signature vérifiée) ; à signer par : Marie Lambert"
        in sign_part
    )
    assert "agents/zoe-martin/lettre-mission.docx" in sign_part and "PDF signé" in sign_part
    assert "Courrier d'envoi — GAL Ardenne du Sud asbl" in group(page, "send")
    fill = group(page, "fill")
    assert "Feuilles de temps — Zoé Martin 25 mois : vierges : 25" in fill
    assert 'href="/feuilles?agent=zoe-martin"' in page.text
    assert "Carnet de bord" in group(page, "internal")
    assert page.text.count('class="doc"') < 20  # 50 monthly sheets are two lines, one an agent


def test_a_blocking_anomaly_refuses_the_approval_and_the_page_says_to_return_the_sheet(built):
    project, out, _ = built
    client = client_for(project, out)
    client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-02:wp1": "3", "a:2028-05-02": "CP"}))
    signed = client.post(
        SHEET_URL + "/signer", data={"csrf": client.keys.csrf, "how": "declaration", "by": "Zoé Martin"}
    )
    assert "Feuille déclarée signée par Zoé Martin" in text(signed)
    assert "Approbation impossible : 1 anomalie(s) bloquante(s)" in text(signed)
    assert f'action="{SHEET_URL}/approuver"' not in signed.text and f'action="{SHEET_URL}"' in signed.text  # return
    for how in ("declaration", "certificat", "pdf"):
        form = {"csrf": client.keys.csrf, "how": how, "by": "Anne Muller"}
        refused = client.post(SHEET_URL + "/approuver", data=form)
        assert refused.status_code == 409, how
        assert "approbation refusée : 1 anomalie(s) bloquante(s) (3 h le 02/05/2028, jour d'absence (CP))" in text(
            refused
        ), how
    no_file = client.post(SHEET_URL + "/signer", data={"csrf": client.keys.csrf, "how": "certificat"})
    assert no_file.status_code == 409 and "aucun fichier de certificat choisi (.p12 ou .pfx)" in text(no_file)
    history = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["history"][SHEET]
    assert [e["event"] for e in history] == ["sign"]
