"""`coopdocs serve` in a real browser: Debian's Chromium (apt `chromium`, installed by .ci/run)
driven by Playwright without any browser download. Never skipped: without Chromium they fail.

A person opens the token URL, fixes an error the form shows next to its field, saves; fills a day
of a time sheet, sees the anomaly, signs; then the files on disk are checked."""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager

import pytest

from conftest import EXAMPLE, run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@contextmanager
def serve_in_thread(project, out, lang="fr"):
    """The workspace on a free port of 127.0.0.1, in a thread; yields (url, token, app)."""
    import uvicorn

    from coopdocs.web import free_port
    from coopdocs.web.app import create_app

    port = free_port(None)
    app = create_app(project, out, lang, port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app.state.workspace.keys.token, app
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.fixture
def served(tmp_path):
    """The example (a partner's country misspelt) served; yields (url, token, project, output)."""
    project = tmp_path / "projet.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("country: FR", "country: FX", 1)
    project.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    with serve_in_thread(project, out) as (base, token, _):
        yield base, token, project, out


def test_fix_an_error_shown_by_the_form_and_save(browser, served, tmp_path):
    base, token, project, _ = served
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{base}/projet?token={token}")
    assert page.url == f"{base}/projet"  # the token left the address bar for a cookie
    page.goto(f"{base}/projet/tout")  # the whole file as one form (the entry pages: test_web_entry_browser)
    slot = page.locator('.err[data-for="partners.0.country"]')
    assert "code pays « FX » inconnu" in slot.inner_text()
    page.screenshot(path=str(tmp_path / "projet-erreur.png"), full_page=False)
    page.select_option('[name="partners.0.country"]', "FR")
    # a function, not a bare expression: the page's content policy forbids eval (Playwright's way with those)
    page.wait_for_function("() => document.querySelector('.err[data-for=\"partners.0.country\"]').textContent === ''")
    assert "Le fichier projet est valide." in page.locator("#problems").inner_text()
    page.click("form#project-form .toolbar button.primary >> nth=0")
    page.wait_for_selector("p.saved")
    # the whole file posted back by a real browser: nothing else changed, the addresses' line breaks
    # kept (trial 6: an <input> had dropped them, « 8 place de la Mairie22110 Rostrenen »)
    assert project.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    assert run("validate", project).exit_code == 0
    for name in ("guide", "documents", "feuilles", "bilan"):
        page.goto(f"{base}/{name}")
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(tmp_path / f"{name}.png"))
    page.close()


def test_fill_a_day_of_a_time_sheet_see_the_anomaly_and_sign(browser, served):
    from openpyxl import load_workbook

    base, token, project, out = served
    text = project.read_text(encoding="utf-8").replace("country: FX", "country: FR", 1)
    project.write_text(text, encoding="utf-8")
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{base}/feuilles/zoe-martin/2028-05?token={token}")
    assert "Aucune anomalie sur cette feuille." in page.inner_text("#anomalies")
    page.fill('[name="h:2028-05-02:wp1"]', "7h30")  # refused: what was typed comes back, counted at once
    page.fill('[name="h:2028-05-03:wp1"]', "2")
    page.click("button[value=save]")
    page.wait_for_selector("text=n'est pas un nombre d'heures")
    assert page.input_value('[name="h:2028-05-03:wp1"]') == "2"
    page.wait_for_function("() => document.getElementById('month-total').textContent === '2'")
    assert page.evaluate("() => document.activeElement.name") == "h:2028-05-02:wp1"  # the refused cell, focused
    assert page.get_attribute('[name="h:2028-05-02:wp1"]', "aria-invalid") == "true"
    page.fill('[name="h:2028-05-03:wp1"]', "")
    page.fill('[name="h:2028-05-02:wp1"]', "6,5")
    page.fill('[name="h:2028-05-06:wp3"]', "3")
    page.click("button[value=save]")
    page.wait_for_selector("p.saved")
    assert "3 h le 06/05/2028, un samedi" in page.inner_text("#anomalies")
    page.fill("#sign-by", "Zoé Martin")  # a click without certificate is a declaration in the name typed
    page.click("#sign button[value=declaration]")
    page.wait_for_selector("text=Feuille déclarée signée par Zoé Martin")
    assert page.locator('[name="h:2028-05-02:wp1"]').is_disabled()
    sheet = load_workbook(out / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx")["Feuille"]
    values = [c.value for r in sheet.iter_rows() for c in r]
    assert 6.5 in values and 3.0 in values
    page.close()


@pytest.fixture
def served_folder(tmp_path):
    """`coopdocs serve FOLDER --no-browser` on a folder not made yet, as a person types it (serve
    makes it and writes init's project there); yields the URL it prints (with its token) and the
    folder. The output goes to output/<id> under the cwd."""
    import socket
    import subprocess
    import sys

    folder = tmp_path / "mon-projet"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "coopdocs", "serve", str(folder), "--no-browser", "--port", str(port)]
    server = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        url = next(line.split(": ", 1)[1].strip() for line in lines if "http://127.0.0.1" in line)
        assert "Nouveau projet écrit" in lines[0], lines
        yield url, folder
    finally:
        server.terminate()
        server.wait(10)


def test_done_when_a_project_from_init_to_the_approved_month_and_the_bilan(browser, served_folder, tmp_path):
    """The issue's « Done when », in the browser only: create a project from init's defaults, fix
    what the form says, build, fill and approve a month, download the bilan; then the CLI agrees."""
    from docx import Document

    url, folder = served_folder
    base = url.split("/projet", 1)[0]
    shots = iter(range(1, 100))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(8000)

    def shot(name):
        page.screenshot(path=str(tmp_path / f"{next(shots):02d}-{name}.png"), full_page=True)

    page.goto(url)
    page.goto(f"{base}/projet/tout")  # the whole file as one form (the entry pages: test_web_entry_browser)
    assert "valeurs par défaut de « coopdocs init »" in page.inner_text("#created")
    problems = page.inner_text("#problems")
    # init's stand-ins are named (never « Prénom Nom approuverait ses propres feuilles »: nobody yet)
    assert "« Prénom Nom » n'est que l'exemple écrit à la création du projet" in problems
    assert "approuverait" not in problems
    shot("projet-cree")
    page.fill('[name="agents.0.name"]', "Zoé Martin")
    page.fill('[name="agents.0.supervisor.name"]', "Paul Durand")
    page.fill('[name="agents.0.allocation.hours_planned"]', "1720")
    page.wait_for_function("() => document.querySelector('.err[data-for=\"agents.0.name\"]').textContent === ''")
    page.click("form#project-form .toolbar button.primary >> nth=0")
    page.wait_for_selector("p.saved")
    assert page.locator("#created").count() == 0
    shot("projet-enregistre")
    assert "Zoé Martin" in (folder / "projet.yaml").read_text(encoding="utf-8")

    page.goto(f"{base}/documents")
    page.click("#build-button")
    page.wait_for_selector(".doc-list a[href*='lettre']", timeout=15000)
    shot("documents")

    page.goto(f"{base}/feuilles/agent-1/2027-03")  # the build wrote the agent's blank sheets
    page.fill('[name="h:2027-03-02:wp1"]', "7")
    page.fill('[name="h:2027-03-06:wp1"]', "2,5")
    page.click("button[value=save]")
    page.wait_for_selector("p.saved")
    assert "2,5 h le 06/03/2027, un samedi" in page.inner_text("#anomalies")
    shot("feuille-anomalie")
    page.fill("#sign-by", "Zoé Martin")
    page.click("#sign button[value=declaration]")
    page.wait_for_selector("text=Feuille déclarée signée par Zoé Martin")
    for box in page.locator("#to-check input[type=checkbox]").all():  # the Saturday, confirmed
        box.check()
    page.fill("#approve-by", "Paul Durand")
    page.click("#approve button[value=declaration]")
    page.wait_for_selector("text=Feuille déclarée approuvée par Paul Durand")
    assert page.locator('[name="h:2027-03-02:wp1"]').is_disabled()
    shot("feuille-approuvee")

    page.goto(f"{base}/bilan?periode=2027-T1")
    figures = page.inner_text("table.figures")
    assert "9,5 h" in figures and "248,52" in figures  # 7 + 2,5 h at 45 000 € / 1 720 h = 26,16 €/h
    page.click("#write-bilan")
    with page.expect_download() as download:
        page.click("a[download][href$='.docx']")
    shot("bilan")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    page.close()

    assert saved.name == "bilan_2027-T1.docx"
    assert Document(str(saved)).paragraphs  # a Word file python-docx opens
    result = run("validate", folder / "projet.yaml")
    assert result.exit_code == 0, result.output
    left = [line for line in result.stderr.splitlines() if ": avertissement : " in line]
    assert left and all("n'est que l'exemple écrit à la création du projet" in line for line in left), "\n".join(left)
    assert "« Prénom Nom »" not in "".join(line for line in left if "agents.0" in line)


def test_the_pages_work_under_their_content_policy(browser, served):
    """No page needs what the policy forbids (inline scripts, eval, another origin), and another
    site cannot frame the workspace."""
    base, token, project, _ = served
    page = browser.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{base}/projet?token={token}")
    page.goto(f"{base}/projet/tout")
    page.select_option('[name="partners.0.country"]', "FR")  # the live check (htmx) runs
    page.wait_for_function("() => document.querySelector('.err[data-for=\"partners.0.country\"]').textContent === ''")
    for name in ("guide", "documents", "feuilles", "feuilles/zoe-martin/2028-05", "bilan?periode=2028-05"):
        page.goto(f"{base}/{name}")
        assert page.locator("h1").count() == 1, name
    assert refused == []
    page.set_content(f'<iframe src="{base}/projet"></iframe>')
    page.wait_for_timeout(500)
    framed = page.frames[1]
    assert "coopdocs" not in framed.content(), framed.url
    page.close()
