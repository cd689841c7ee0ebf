"""`coopdocs serve`, through Starlette's test client: the guard (token, Host, CSRF), the project
form (comments kept, stale save refused, messages next to their field), the guide, the
documents, and the time-sheet grid read back with openpyxl."""

from __future__ import annotations

import html
import html.parser
import re
import shutil
import warnings

import pytest

from conftest import EXAMPLE, docx_text, run, soffice_or_fail

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests httpx2; httpx is what we pin
    from starlette.testclient import TestClient

from coopdocs.web.app import create_app

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def project(tmp_path):
    target = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def text(response) -> str:
    """The page as a person reads it (entities decoded)."""
    return html.unescape(response.text)


def client_for(project, out_dir=None, login=True):
    app = create_app(project, out_dir or project.parent / "out", "fr", None)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    client.keys = app.state.workspace.keys
    if login:
        assert client.get(f"/projet?token={client.keys.token}", follow_redirects=False).status_code == 303
    return client


def page_hash(client) -> str:
    return re.search(r'name="file_hash" value="([0-9a-f]{64})"', client.get("/projet").text).group(1)


def test_every_request_needs_the_token_then_its_cookie(project):
    client = client_for(project, login=False)
    for url in ("/projet", "/guide", "/documents", "/feuilles", "/bilan", "/static/htmx.min.js", "/nulle-part"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "jeton" in text(response)
    assert client.get("/projet?token=mauvais").status_code == 403
    redirect = client.get(f"/projet?token={client.keys.token}", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/projet"
    assert "httponly" in redirect.headers["set-cookie"].lower()
    assert "samesite=strict" in redirect.headers["set-cookie"].lower()
    for url in ("/projet", "/guide", "/documents", "/feuilles", "/bilan?periode=2028-S1", "/static/htmx.min.js"):
        assert client.get(url).status_code == 200, url
    assert client.get("/nulle-part").status_code == 404


def test_a_host_other_than_this_computer_is_refused(project):
    client = client_for(project)
    for host in ("evil.example", "127.0.0.1.evil.example:8765", "192.168.1.5:8765"):
        response = client.get("/projet", headers={"host": host})
        assert response.status_code == 403, host
        assert "ne désigne pas cet ordinateur" in text(response)
    assert client.get("/projet", headers={"host": "localhost:8765"}).status_code == 200
    fixed = create_app(project, None, "fr", 8765)
    other_port = TestClient(fixed, base_url="http://127.0.0.1:9999")
    assert other_port.get(f"/projet?token={fixed.state.workspace.keys.token}").status_code == 403


def test_every_post_needs_the_csrf_token(project):
    client = client_for(project)
    before = project.read_bytes()
    posts = ["/projet", "/projet/verifier", "/guide", "/documents/construire", "/bilan/ecrire", "/bilan/archive"]
    posts += ["/feuilles/zoe-martin/2028-05", "/bilan/demande"]
    for url in posts:
        response = client.post(url, data={"project.title": "piraté", "file_hash": page_hash(client)})
        assert response.status_code == 403, url
        assert "jeton absent ou périmé" in text(response)
        bad = client.post(url, data={"csrf": "x" * 64, "project.title": "piraté"})
        assert bad.status_code == 403, url
    origin = client.post("/projet", data={"csrf": client.keys.csrf}, headers={"origin": "http://evil.example"})
    assert origin.status_code == 403
    assert project.read_bytes() == before


def test_a_save_changes_one_line_and_keeps_comments_and_order(project):
    client = client_for(project)
    before = project.read_text(encoding="utf-8")
    form = {
        "csrf": client.keys.csrf,
        "file_hash": page_hash(client),
        "project.place": "Vic-sur-Seille",
        "agents.0.weekly_hours": "32",
    }
    response = client.post("/projet", data=form)
    assert response.status_code == 200 and "Enregistré." in text(response)
    after = project.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert [b.strip() for _, b in changed] == ["place: Vic-sur-Seille", "weekly_hours: 32"]
    assert [line for line in before.splitlines() if "#" in line] == [line for line in after.splitlines() if "#" in line]
    backups = list((project.parent / "sauvegardes").iterdir())
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    assert run("validate", project).exit_code == 0


def test_a_stale_save_is_refused_and_what_was_typed_is_given_back(project):
    client = client_for(project)
    old_hash = page_hash(client)
    project.write_text(project.read_text(encoding="utf-8") + "# édité à côté\n", encoding="utf-8")
    edited = project.read_bytes()
    response = client.post("/projet", data={"csrf": client.keys.csrf, "file_hash": old_hash, "project.place": "Metz"})
    assert response.status_code == 409
    assert "modifié sur le disque depuis l'ouverture de cette page" in text(response)
    assert "<li>Lieu de signature des documents : Metz</li>" in text(response)  # only what differs
    assert text(response).count("<li>") < 30
    assert project.read_bytes() == edited


def test_a_wrong_value_is_saved_and_its_message_shown_next_to_the_field(project):
    client = client_for(project)
    form = {"csrf": client.keys.csrf, "file_hash": page_hash(client), "partners.0.country": "XX"}
    response = client.post("/projet", data=form)
    slot = re.search(r'<div class="err" data-for="partners\.0\.country">(.*?)</div>', response.text, re.S).group(1)
    assert "code pays « XX » inconnu" in slot
    assert "Problèmes à corriger avant de construire les documents : 1." in text(response)
    assert "country: XX" in project.read_text(encoding="utf-8")
    fixed = client.post(
        "/projet", data={"csrf": client.keys.csrf, "file_hash": page_hash(client), "partners.0.country": "FR"}
    )
    assert "Le fichier projet est valide." in text(fixed)


def test_the_live_check_names_the_field_and_writes_nothing(project):
    client = client_for(project)
    before = project.read_bytes()
    form = {"csrf": client.keys.csrf, "file_hash": page_hash(client), "project.end": "2020-01-01"}
    response = client.post("/projet/verifier", data=form)
    assert response.status_code == 200
    assert "postérieure à la date de début" in text(response)
    event = response.headers["hx-trigger"]
    assert "coopdocs-problems" in event and '"project"' in event
    assert project.read_bytes() == before


def test_lists_take_add_remove_and_move(project):
    """« Ajouter » puts an empty row in the form and writes nothing (trial 6: an empty measured value
    saved at once, the file invalid until it was filled); « Enregistrer » writes it with what was
    typed in it, and what was typed elsewhere before the click is kept."""
    import html

    client = client_for(project)
    before = project.read_bytes()
    count = len(re.findall(r'name="milestones\.[0-9]+\.title"', client.get("/projet/tout").text))
    form = {"csrf": client.keys.csrf, "file_hash": page_hash(client), "action": "add:milestones"}
    form["project.acronym"] = "ETARD2"  # typed before the click
    added = html.unescape(client.post("/projet", data=form).text)
    assert project.read_bytes() == before and "rien n'est encore enregistré" in added
    assert f'name="milestones.{count}.title" value=""' in added and 'value="ETARD2"' in added
    slot = re.search(rf'data-for="milestones\.{count}\.date">(.*?)</div>', added, re.S).group(1)
    assert "à remplir" in slot and "invalide" not in slot  # an empty date is to fill, not « date invalide « » »
    pending = re.search(r'name="pending" value="([^"]+)"', added).group(1)
    assert pending == "add:milestones" and page_hash(client) == re.search(
        r'name="file_hash" value="([^"]+)"', added
    ).group(1)
    form = {"csrf": client.keys.csrf, "file_hash": page_hash(client), "action": "", "pending": pending}
    form |= {
        "project.acronym": "ETARD2",
        f"milestones.{count}.title": "Carte imprimée",
        f"milestones.{count}.date": "2028-09-30",
    }
    saved = client.post("/projet", data=form)
    assert "Enregistré." in saved.text
    from coopdocs.project import load_project

    written = load_project(project)
    assert (written.milestones[count].title, str(written.milestones[count].date)) == ("Carte imprimée", "2028-09-30")
    assert written.project.acronym == "ETARD2"
    form = {"csrf": client.keys.csrf, "file_hash": page_hash(client), "action": f"remove:milestones.{count}"}
    client.post("/projet", data=form)
    assert len(re.findall(r'name="milestones\.[0-9]+\.title"', client.get("/projet/tout").text)) == count
    assert run("validate", project).exit_code == 0


def test_the_guide_saves_statuses_and_notes_into_the_checklist(project):
    client = client_for(project)
    page = client.get("/guide").text
    assert page.count('class="stage"') == 16
    assert re.findall(r'<span class="where">\((\d+ faits? sur \d+)\)', page)[:1] == [
        "0 fait sur 16"
    ]  # not « 0 / 16 fait »
    file_hash = re.search(r'name="file_hash" value="([0-9a-f]{64})"', page).group(1)
    form = {"csrf": client.keys.csrf, "file_hash": file_hash, "s:suivre-piloter.m2.1": "en-cours"}
    form["n:suivre-piloter.m2.1"] = "feuilles de mai à relancer"
    assert client.post("/guide", data=form).status_code == 200
    text = project.read_text(encoding="utf-8")
    assert "suivre-piloter.m2.1:\n    status: en-cours\n    note: feuilles de mai à relancer" in text
    assert "engager-acteurs.m3: fait" in text
    assert run("validate", project).exit_code == 0


@pytest.fixture
def built(project):
    out = project.parent / "out"
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    return project, out, out / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"


def grid_form(client, **cells):
    return {"csrf": client.keys.csrf, "action": "save", **cells}


def to_confirm(client, url="/feuilles/zoe-martin/2028-05") -> list[str]:
    """The keys of the month's points « à vérifier », each confirmed before an approval."""
    return re.findall(r'name="verifie" value="([0-9a-f]{12})"', client.get(url).text)


def test_a_sheet_filled_in_the_grid_equals_one_filled_with_openpyxl(built, tmp_path):
    from openpyxl import load_workbook

    project, out, sheet = built
    by_hand = tmp_path / "by-hand.xlsx"
    shutil.copy(sheet, by_hand)
    client = client_for(project, out)
    page = client.get("/feuilles/zoe-martin/2028-05").text
    assert 'name="h:2028-05-02:wp1"' in page and "Ascension" in page
    cells = {"h:2028-05-02:wp1": "3,5", "h:2028-05-02:wp3": "2", "o:2028-05-02": "0.5", "c:2028-05-02": "=1+1 réunion"}
    cells |= {"a:2028-05-03": "CP"}
    response = client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, **cells))
    assert response.status_code == 200 and "cellules modifiées : 5" in text(response)
    book = load_workbook(by_hand)
    hand = book["Feuille"]
    head = next(r[0].row for r in hand.iter_rows() if r[0].value == "Date")
    row = {c.value: c.column for c in hand[head]}
    day2, day3 = head + 2, head + 3  # 1 May is the first row
    wp1 = next(v for k, v in row.items() if isinstance(k, str) and k.startswith("WP1 –"))
    wp3 = next(v for k, v in row.items() if isinstance(k, str) and k.startswith("WP3 –"))
    hand.cell(day2, wp1).value, hand.cell(day2, wp3).value = 3.5, 2.0
    hand.cell(day2, row["Autres activités"]).value = 0.5
    hand.cell(day2, row["Commentaire"]).value = "=1+1 réunion"
    hand.cell(day2, row["Commentaire"]).data_type = "s"
    hand.cell(day3, row["Absence"]).value = "CP"
    book.save(by_hand)
    grid_values = [[c.value for c in r] for r in load_workbook(sheet)["Feuille"].iter_rows()]
    hand_values = [[c.value for c in r] for r in load_workbook(by_hand)["Feuille"].iter_rows()]
    assert grid_values == hand_values
    assert load_workbook(sheet)["Feuille"].cell(day2, row["Commentaire"]).data_type == "s"  # never a formula
    from coopdocs import read_timesheet

    day = next(d for d in read_timesheet(sheet).days if d.date.isoformat() == "2028-05-02")
    assert (day.hours, day.other, day.comment) == ({"wp1": 3.5, "wp3": 2.0}, 0.5, "=1+1 réunion")


def test_a_wrong_cell_refuses_the_whole_save(built):
    project, out, sheet = built
    before = sheet.read_bytes()
    client = client_for(project, out)
    cells = {"h:2028-05-02:wp1": "7h30", "h:2028-05-03:wp1": "2", "a:2028-05-04": "VAC"}
    response = client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, **cells))
    assert response.status_code == 409
    # said as the grid labels the cell: the day in words, the package by its name
    said = "2 mai 2028, lot Coordination et gestion du projet : « 7h30 » n'est pas un nombre d'heures entre 0 et 12"
    assert said in text(response)
    assert "4 mai 2028 : absence « VAC » inconnue" in text(response)
    assert sheet.read_bytes() == before


def test_an_anomaly_appears_then_sign_approve_and_lock(built, monkeypatch):
    from openpyxl import load_workbook

    from coopdocs.forms import sheet_life

    project, out, sheet = built
    monkeypatch.setattr(sheet_life, "now", lambda: "2028-06-02T09:00:00+00:00")  # May 2028 over: signed in time
    client = client_for(project, out)
    response = client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, **{"h:2028-05-06:wp1": "4"}))
    assert "4 h le 06/05/2028, un samedi" in text(response)
    nameless = client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, action="sign"))
    assert nameless.status_code == 409 and "Tapez votre nom" in text(nameless)
    signed = client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, action="sign", by="Zoé Martin"))
    assert "Feuille déclarée signée par Zoé Martin" in text(signed)
    refused = client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, **{"h:2028-05-02:wp1": "1"}))
    assert refused.status_code == 409 and "feuille signée par Zoé Martin le" in text(refused)
    assert "non modifiable" in text(refused)
    unconfirmed = client.post(
        "/feuilles/zoe-martin/2028-05", data=grid_form(client, action="approve", by="Anne Muller")
    )
    assert unconfirmed.status_code == 409 and "confirmez d'abord chaque point à vérifier (il en reste 1" in text(
        unconfirmed
    )
    assert "un samedi" in text(unconfirmed) and "J'ai vérifié" in text(unconfirmed)
    keys = to_confirm(client)
    assert len(keys) == 1
    form = grid_form(client, action="approve", by="Anne Muller", verifie=keys)
    approved = client.post("/feuilles/zoe-martin/2028-05", data=form)
    assert "Feuille déclarée approuvée par Anne Muller : elle est verrouillée." in text(approved)
    assert "Points à vérifier" in text(approved) and "un samedi" in text(approved)
    book = load_workbook(sheet)
    cells = book["Feuille"]
    assert all(c.protection.locked for r in cells.iter_rows(min_row=12, max_row=40) for c in r)
    assert (
        client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, **{"h:2028-05-02:wp1": "1"})).status_code
        == 409
    )
    assert "approuvée (verrouillée)" in text(client.get("/feuilles?agent=zoe-martin"))


def test_an_approved_month_is_in_the_manifest_survives_a_rebuild_and_shows_in_the_bilan(built):
    import datetime as dt
    import json

    project, out, sheet = built
    client = client_for(project, out)
    client.post("/feuilles/zoe-martin/2028-05", data=grid_form(client, **{"h:2028-05-02:wp1": "6"}))
    for action, by in (("sign", "Zoé Martin"), ("approve", "Anne Muller")):
        form = grid_form(client, action=action, by=by, verifie=to_confirm(client))
        assert client.post("/feuilles/zoe-martin/2028-05", data=form).status_code == 200
    relative = "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
    events = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["history"][relative]
    assert [(e["event"], e["by"], e["at"][:10], e["evidence"]) for e in events] == [
        ("sign", "Zoé Martin", dt.datetime.now(dt.UTC).date().isoformat(), "declaration"),
        ("approve", "Anne Muller", dt.datetime.now(dt.UTC).date().isoformat(), "declaration"),
    ]
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["history"][relative]
    assert again == events  # a rebuild keeps the history
    result = run("bilan", project, "--period", "2028-05", "-o", out, "--json", "--date", "2028-06-10")
    assert result.exit_code == 0, result.output
    figures, _ = json.JSONDecoder().raw_decode(result.output[result.output.index("{") :])
    zoe = next(a for a in figures["agents"] if a["id"] == "zoe-martin")
    assert zoe["approval"] == {"approved": ["2028-05"], "not_approved": []}
    assert "Mois approuvés par le ou la responsable\xa0: Zoé Martin 1 sur 1." in docx_text(
        out / "bilans/bilan_2028-05.docx"
    )
    assert "1 sur 1" in text(client.get("/bilan?periode=2028-05"))


def test_documents_build_list_download_and_zip(project):
    import io
    import time
    import zipfile

    client = client_for(project)
    response = client.post("/documents/construire", data={"csrf": client.keys.csrf}, headers={"hx-request": "true"})
    assert response.status_code == 200
    job = client.app.state.workspace.jobs["build"]
    for _ in range(600):
        if job.finished:
            break
        time.sleep(0.1)
    assert job.finished and not job.error and job.total > 50
    page = client.get("/documents").text
    assert "convention-partenariat.docx" in page and ">fichier créé<" in page  # « fichier » carries the agreement
    document = client.get("/documents/fichier/convention-partenariat.docx")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    for bad in ("../projet.yaml", "%2e%2e/projet.yaml", "/etc/passwd", "sauvegardes/x"):
        assert client.get(f"/documents/fichier/{bad}").status_code == 404, bad
    names = zipfile.ZipFile(io.BytesIO(client.get("/documents/tout.zip").content)).namelist()
    assert "manifest.json" in names and "fiche-projet.docx" in names


def test_an_invalid_project_shows_its_problems_everywhere_without_a_traceback(project):
    project.write_text("project: [\n", encoding="utf-8")
    client = client_for(project)
    page = client.get("/projet")
    assert page.status_code == 200 and "syntaxe YAML invalide" in text(page) and "<form id" not in page.text
    for url in ("/feuilles", "/bilan"):
        response = client.get(url)
        assert response.status_code == 400 and "syntaxe YAML invalide" in text(response)
        assert "Traceback" not in response.text


def test_a_text_per_language_shows_both_and_an_english_one_can_be_added(project):
    client = client_for(project)
    page = text(client.get("/projet/tout"))
    # project.title is given {fr, en} in the example: a French input and an English one
    assert 'name="project.title@en" value="From ponds to the Ardennes: short food chains and nature tourism"' in page
    form = {
        "csrf": client.keys.csrf,
        "file_hash": page_hash(client),
        "project.title": "Des étangs à l'Ardenne : circuits courts et tourisme de nature",
        "project.title@en": "From ponds to the Ardennes: short food chains and nature tourism",
        "partners.0.role": "Chef de file : coordination, suivi administratif et financier",
        "partners.0.role@en": "Lead partner: coordination, administrative and financial follow-up",
    }
    response = client.post("/projet", data=form)
    assert response.status_code == 200 and "Enregistré." in text(response)
    from coopdocs.project import load_project

    role = load_project(project).partners[0].role
    assert role.texts == {  # type: ignore[union-attr]
        "fr": "Chef de file : coordination, suivi administratif et financier",
        "en": "Lead partner: coordination, administrative and financial follow-up",
    }


def test_a_save_of_a_few_scalars_rewrites_only_them_and_falls_back_when_it_cannot(tmp_path):
    from ruamel.yaml import YAML

    from coopdocs.web import formread, yamlfile, yamlpatch

    text = (
        "# en-tête\n"
        "project:\n"
        "  title: Ancien titre   # gardé\n"
        "  place: 'Metz'\n"
        "partners:\n"
        "  - {id: a, name: GAL A, country: FR}\n"
    )
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")

    def save(found):
        document = yamlfile.read(path, text)
        formread.apply(document.data, found)
        return yamlpatch.patched(text, document.data, found, document.data)

    patched = save({("project", "title"): "Nouveau : titre", ("partners", 0, "name"): "GAL B"})
    assert patched == (
        "# en-tête\n"
        "project:\n"
        "  title: 'Nouveau : titre'   # gardé\n"
        "  place: 'Metz'\n"
        "partners:\n"
        "  - {id: a, name: GAL B, country: FR}\n"
    )
    assert YAML(typ="safe").load(patched)["project"]["title"] == "Nouveau : titre"
    # A comma inside a flow mapping, a new key, a list: the whole file is written instead.
    assert save({("partners", 0, "name"): "GAL, B"}) is None
    assert save({("project", "acronym"): "X"}) is None
    assert save({("project", "title"): ["a", "b"]}) is None


def test_a_sheet_filled_in_excel_is_uploaded_checked_and_backed_up(built, tmp_path):
    import io

    from openpyxl import load_workbook

    project, out, sheet = built
    client = client_for(project, out)
    url = "/feuilles/zoe-martin/2028-05/envoyer"

    def filled(hours, month="2028-05"):
        book = load_workbook(sheet)
        cells = book["Feuille"]
        head = next(r[0].row for r in cells.iter_rows() if r[0].value == "Date")
        wp1 = next(c.column for c in cells[head] if str(c.value).startswith("WP1 –"))
        cells.cell(head + 2, wp1).value = hours  # 2 May
        label = next(c for r in cells.iter_rows(max_row=head) for c in r if c.value == "Mois")
        cells.cell(label.row, label.column + 1).value = month
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()

    def send(data, name="zoe-mai.xlsx", csrf=None):
        fields = {"csrf": csrf or client.keys.csrf}
        return client.post(url, data=fields, files={"fichier": (name, data, "application/octet-stream")})

    assert 'action="/feuilles/zoe-martin/2028-05/envoyer"' in client.get("/feuilles/zoe-martin/2028-05").text
    assert send(filled(5.0), csrf="mauvais").status_code == 403
    first = filled(5.0)
    response = send(first)
    assert response.status_code == 200 and "Feuille reçue" in text(response) and "sauvegardes" not in text(response)
    assert sheet.read_bytes() == first and "Total du mois : 5 h" in re.sub(r"<[^>]+>", "", text(response))
    response = send(filled(6.5))
    assert "Version précédente gardée dans sauvegardes/" in text(response)
    assert [p.read_bytes() for p in (out / "sauvegardes").rglob("*.xlsx")] == [first]
    before = sheet.read_bytes()
    refusals = {
        "pas celle de « zoe-martin » pour « 2028-05 »": filled(1.0, month="2028-06"),
        "fichier trop volumineux (plus de 5 Mo)": b"PK" + b"0" * (5 * 1024 * 1024),
        "fichier illisible ou endommagé": b"pas un classeur",
    }
    for message, data in refusals.items():
        response = send(data)
        assert response.status_code == 400 and message in text(response), message
        assert "Traceback" not in response.text
    assert "« 2028-06 »" in text(send(filled(1.0, month="2028-06")))
    assert "Aucun fichier choisi" in text(client.post(url, data={"csrf": client.keys.csrf}))
    assert sheet.read_bytes() == before


def test_a_built_document_is_previewed_as_pdf_where_libreoffice_is_installed(project, built_example, monkeypatch):
    from coopdocs.web import documents_page

    soffice_or_fail()
    client = client_for(project, built_example)
    letter = "agents/zoe-martin/lettre-mission.docx"
    assert f'href="/documents/apercu/{letter}"' in client.get("/documents").text
    response = client.get(f"/documents/apercu/{letter}")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response.headers["content-disposition"].startswith("inline")
    assert not (built_example / "agents/zoe-martin/lettre-mission.pdf").exists()  # converted elsewhere
    for wrong in ("manifest.json", "../projet.yaml", "agents/personne.docx"):
        assert client.get(f"/documents/apercu/{wrong}").status_code == 404, wrong
    monkeypatch.setattr(documents_page, "can_preview", lambda: False)
    assert "/documents/apercu/" not in client.get("/documents").text
    assert client.get(f"/documents/apercu/{letter}").status_code == 404


def test_the_whole_file_says_its_problems_in_words_each_a_link_to_its_field(project):
    """« Tout le fichier »: where each problem is in words (the element's rank and name), no key
    path, no line number; warnings are links too."""
    text_before = project.read_text(encoding="utf-8")
    project.write_text(text_before.replace("country: FR", "country: FX", 1), encoding="utf-8")
    client = client_for(project)
    page = client.get("/projet/tout").text
    problems = html.unescape(
        page[page.index('<div id="problems"') : page.index("</div>", page.index('<div id="problems"'))]
    )
    assert (
        '<a href="#f-partners.0.country" data-goto="partners.0.country"><strong>1er partenaire, GAL du Pays des Étangs'
        in problems
    )
    assert "code pays « FX » inconnu" in problems
    assert (
        "<code>" not in problems and "(ligne" not in problems and "partners.0" not in re.sub(r'"[^"]*"', "", problems)
    )
    project.write_text(text_before, encoding="utf-8")  # valid: its warnings show, each a link
    page = html.unescape(client.get("/projet/tout").text)
    warnings = page.split('<ul class="warnings">')[1].split("</ul>")[0]
    assert warnings.count('<li><a href="#f-') == warnings.count("<li>") > 0 and "avertissement" not in warnings


def test_a_chart_writes_hours_as_the_tables_do_and_says_a_cut_label_whole():
    from coopdocs.web.bilan_page import bar_svg

    name = "WP1 – Coordination, échanges et capitalisation"
    drawn = bar_svg([(name, [92.5]), ("WP2 – Sentiers", [7.0])], ["Heures"], "h", "Heures par lot")
    assert ">92,5 h</text>" in drawn and ">7 h</text>" in drawn
    assert (
        "<title>WP1 – Coordination, échanges et capitalisation</title>WP1 – Coordination, échanges et…" in drawn
    )  # 210 px of DejaVu Sans 12 px, in 220
    assert ">92.5 h</text>" in bar_svg([(name, [92.5])], ["Hours"], "h", "Hours", "en")


def test_a_month_not_over_says_its_sheet_is_signed_once_done(built, monkeypatch):
    import datetime as dt

    from coopdocs.web import labels

    project, out, _ = built
    client = client_for(project, out)
    monkeypatch.setattr(labels, "today", lambda: dt.date(2028, 5, 10))
    page = text(client.get("/feuilles/zoe-martin/2028-05"))
    assert "le mois n'est pas fini : une feuille se signe une fois le mois terminé, à partir du 31 mai 2028" in page
    monkeypatch.setattr(labels, "today", lambda: dt.date(2028, 5, 31))
    assert "le mois n'est pas fini" not in text(client.get("/feuilles/zoe-martin/2028-05"))


class _Form(html.parser.HTMLParser):
    """What a browser sends for a page's form as it stands: every input, checked box, selected
    option and text area (no button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sent, self._select, self._area, self._first = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.sent.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._first = a.get("name"), None
        elif tag == "option" and self._select:
            self._first = self._first if self._first is not None else a.get("value", "")
            if "selected" in a:
                self.sent.append((self._select, a.get("value", "")))
                self._select = None
        elif tag == "textarea" and a.get("name"):
            self._area = [a["name"], ""]

    def handle_data(self, data):
        if self._area:
            self._area[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.sent.append((self._select, self._first or ""))
            self._select = None
        elif tag == "textarea" and self._area:
            self.sent.append((self._area[0], self._area[1].removeprefix("\n")))
            self._area = None


def test_the_whole_file_chooses_references_by_name_and_a_save_as_it_stands_changes_nothing(project):
    """« Tout le fichier » in the entry pages' words: the lead partner, a work package's lead, the
    guide's stage chosen by name; elements titled by their names, never an id. Its form sent back
    as it stands writes no byte; choosing another lead partner changes that one line."""
    client = client_for(project)
    page = text(client.get("/projet/tout"))
    lead = re.search(r'<select id="f-project.lead_partner" name="project.lead_partner">(.*?)</select>', page, re.S)
    assert lead and '<option value="gal-etangs" selected>GAL Pays des Étangs</option>' in lead.group(1)
    assert re.search(r'<option value="suivre-piloter" selected>\d+\. Suivre, piloter', page)
    titles = re.findall(r"<summary>([^<]*)", page)
    assert "GAL Ardenne du Sud asbl" in titles and "Zoé Martin" in titles
    assert not {"gal-etangs", "gal-ardenne-sud", "saveurs-seille", "lag-fjord", "zoe-martin"} & set(titles)
    before = project.read_bytes()
    parser = _Form()
    parser.feed(client.get("/projet/tout").text)
    sent: dict[str, list[str]] = {"csrf": [client.keys.csrf]}
    for key, value in parser.sent:
        if key != "csrf":
            sent.setdefault(key, []).append(value)
    assert client.post("/projet/tout", data=sent).status_code == 200
    assert project.read_bytes() == before
    assert "Enregistré." in text(client.post("/projet/tout", data=sent | {"project.lead_partner": ["gal-ardenne-sud"]}))
    changed = [b for a, b in zip(before.decode().splitlines(), project.read_text().splitlines()) if a != b]
    assert [line.strip() for line in changed] == ["lead_partner: gal-ardenne-sud"]


def test_a_sheet_made_before_the_budget_gave_a_package_says_so(built):
    """Trial 7: a budget line moved to WP3 after the sheets were made, and the month's grid still
    offered WP1 alone, with nothing saying why. Zoé's GAL gets a line on WP2 (led and budgeted by
    the Belgian GAL until then): her blank May sheet says WP2 has no column and leads to the
    documents; once the documents are built again, the column is there and the notice gone."""
    project, out, _ = built
    text_ = project.read_text(encoding="utf-8")
    line = "    - {partner: gal-etangs, category: travel, amount: 8000, label: Visites d'échange}\n"
    project.write_text(
        text_.replace(line, line + "    - {partner: gal-etangs, category: travel, amount: 500, wp: wp2}\n")
    )
    client = client_for(project, out)
    page = html.unescape(client.get("/feuilles/zoe-martin/2028-05").text)
    notice = re.search(r'<p class="message" id="columns-missing">(.*?)</p>', page, re.S).group(1)
    assert "parmi les lots de cette personne : Itinéraires de découverte étangs et forêts, sans colonne" in notice
    assert "Construisez à nouveau les documents" in notice and 'href="/documents"' in notice
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    page = client.get("/feuilles/zoe-martin/2028-05").text
    assert 'id="columns-missing"' not in page and 'name="h:2028-05-02:wp2"' in page
