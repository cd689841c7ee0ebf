"""`coopdocs serve` in a real browser: Debian's Chromium (apt `chromium`, installed by .ci/run)
driven by Playwright without any browser download. Never skipped: without Chromium they fail.

A person opens the token URL, fixes an error the form shows next to its field, saves; fills a day
of a time sheet, sees the anomaly, signs; then the files on disk are checked."""

from __future__ import annotations

import shutil
import threading
import time

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


@pytest.fixture
def served(tmp_path):
    """The workspace on a free port of 127.0.0.1, in a thread; yields (url with token, project, output)."""
    import uvicorn

    from coopdocs.web import free_port
    from coopdocs.web.app import create_app

    project = tmp_path / "projet.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("country: FR", "country: FX", 1)
    project.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    port = free_port(None)
    app = create_app(project, out, "fr", port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app.state.workspace.keys.token, project, out
    server.should_exit = True
    thread.join(5)


def test_fix_an_error_shown_by_the_form_and_save(browser, served, tmp_path):
    base, token, project, _ = served
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{base}/projet?token={token}")
    assert page.url == f"{base}/projet"  # the token left the address bar for a cookie
    slot = page.locator('.err[data-for="partners.0.country"]')
    assert "code pays « FX » inconnu" in slot.inner_text()
    page.screenshot(path=str(tmp_path / "projet-erreur.png"), full_page=False)
    page.fill('[name="partners.0.country"]', "FR")
    page.wait_for_function("document.querySelector('.err[data-for=\"partners.0.country\"]').textContent === ''")
    assert "Le fichier projet est valide." in page.locator("#problems").inner_text()
    page.click("form#project-form .toolbar button.primary >> nth=0")
    page.wait_for_selector("p.saved")
    assert "country: FR" in project.read_text(encoding="utf-8") and "FX" not in project.read_text(encoding="utf-8")
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
    page.fill('[name="h:2028-05-02:wp1"]', "6,5")
    page.fill('[name="h:2028-05-06:wp3"]', "3")
    page.click("button[value=save]")
    page.wait_for_selector("p.saved")
    assert "3 h le 06/05/2028, un samedi" in page.inner_text("#anomalies")
    page.click("button[value=sign]")
    page.wait_for_selector("text=Feuille signée par l'agent")
    assert page.locator('[name="h:2028-05-02:wp1"]').is_disabled()
    sheet = load_workbook(out / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx")["Feuille"]
    values = [c.value for r in sheet.iter_rows() for c in r]
    assert 6.5 in values and 3.0 in values
    page.close()
