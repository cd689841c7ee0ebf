"""A month's sign-off in the workspace, in Debian's Chromium: the agent signs with her own
certificate file (PKCS#12) and passphrase, the supervisor approves after confirming the points
to check, the grid is locked; she returns it with a reason, the agent corrects and signs again,
the supervisor approves again; the bilan shows both signatures. Certificates are made here with
`cryptography` (a small CA and two people); the passphrases are found nowhere afterwards."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil

import pytest
from test_signatures import make_cert
from test_web_browser import CHROMIUM, serve_in_thread

from conftest import EXAMPLE, run, soffice_or_fail

SHEET = "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
PHRASES = {"agent": "chouette-des-étangs-7", "supervisor": "héron cendré 42"}
# A PDF signature is dated by the machine's clock: until 31 May 2028, May 2028 is signed before
# its end, a point to check before the approval (« … avant la fin du mois (31 mai 2028) … »).
EARLY = dt.date.today() < dt.date(2028, 5, 31)


def pkcs12(person, ca, phrase: str) -> bytes:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    cert, key = person
    return pkcs12.serialize_key_and_certificates(
        b"coopdocs", key, cert, [ca[0]], BestAvailableEncryption(phrase.encode())
    )


@pytest.fixture
def signing(tmp_path):
    """The example trusting a test CA, Zoé's May sheet written; the two people's .p12 files
    kept outside the project's folder."""
    from cryptography.hazmat.primitives import serialization

    soffice_or_fail()
    folder = tmp_path / "projet"
    folder.mkdir()
    ca = make_cert("CA de test coopdocs", ca=True)
    (folder / "ca.pem").write_bytes(ca[0].public_bytes(serialization.Encoding.PEM))
    project = folder / "projet.yaml"
    shutil.copy(EXAMPLE, project)
    project.write_text(project.read_text(encoding="utf-8") + "signatures:\n  trust: [ca.pem]\n", encoding="utf-8")
    out = folder / "out"
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    certificates = tmp_path / "certificats"
    certificates.mkdir()
    files = {}
    for who, name in (("agent", "Zoé Martin"), ("supervisor", "Anne Muller")):
        files[who] = certificates / f"{who}.p12"
        files[who].write_bytes(pkcs12(make_cert(name, ca), ca, PHRASES[who]))
    return project, out, files


class Recorded(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage() + (self.formatException(record.exc_info) if record.exc_info else ""))


def test_sign_with_a_certificate_approve_after_confirming_return_and_sign_again(signing, tmp_path):
    from playwright.sync_api import sync_playwright

    project, out, files = signing
    recorded = Recorded()
    root = logging.getLogger()
    root.addHandler(recorded)
    previous = root.level
    root.setLevel(logging.DEBUG)
    try:
        with serve_in_thread(project, out) as (base, token, app), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(60000)  # a signature converts the month to PDF with LibreOffice
            page.goto(f"{base}/feuilles/zoe-martin/2028-05?token={token}")
            _sign_off(page, files, tmp_path)
            notes = repr(app.state.workspace.jobs.get("notes"))
            browser.close()
    finally:
        root.removeHandler(recorded)
        root.setLevel(previous)
    _check_the_record(project, out)
    for phrase in PHRASES.values():
        assert phrase not in notes and not any(phrase in line for line in recorded.lines)
    secrets = [p.encode() for p in PHRASES.values()] + [f.read_bytes() for f in files.values()]
    for path in project.parent.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(secret in data for secret in secrets), path


def _sign_off(page, files, tmp_path):
    def shot(name):
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)

    page.fill('[name="h:2028-05-02:wp1"]', "5")
    page.fill('[name="h:2028-05-06:wp1"]', "2")  # a Saturday: a point to check before approval
    page.click("button[value=save]")
    page.wait_for_selector("p.saved")
    assert page.locator("#month-total").inner_text() == "7"

    page.set_input_files("#sign-certificat", str(files["supervisor"]))  # someone else's certificate
    page.fill("#sign-phrase", PHRASES["supervisor"])
    page.click("#sign button[value=certificat]")
    assert "ce certificat est celui de « Anne Muller », pas de Zoé Martin" in page.inner_text("#refusal")
    page.set_input_files("#sign-certificat", str(files["agent"]))
    page.fill("#sign-phrase", "mauvaise phrase")
    page.click("#sign button[value=certificat]")
    assert "phrase de passe incorrecte" in page.inner_text("#refusal")
    page.set_input_files("#sign-certificat", str(files["agent"]))
    page.fill("#sign-phrase", PHRASES["agent"])
    page.click("#sign button[value=certificat]")
    assert "Signature PDF vérifiée : Zoé Martin" in _answer(page)
    assert page.locator('[name="h:2028-05-02:wp1"]').is_disabled()
    page.reload()  # the answer was a redirect: a reload sends nothing again
    assert "Signature PDF vérifiée : Zoé Martin" in _answer(page)
    shot("1-signee")

    points = page.locator("#to-check input[type=checkbox]")
    assert points.count() == 1 + EARLY and "samedi" in page.inner_text("#to-check")
    assert ("avant la fin du mois (31 mai 2028)" in page.inner_text("#to-check")) == EARLY
    _approve(page, files, check=False)
    assert "confirmez d'abord chaque point à vérifier" in page.inner_text("#refusal")
    _approve(page, files, check=True)
    assert "Signature PDF vérifiée : Anne Muller" in _answer(page)
    assert "approuvée" in page.inner_text(".sheet-state")
    assert page.locator("#grid-form input:not([disabled]):not([type=hidden])").count() == 0  # locked
    assert page.locator("#sign, #approve, #upload").count() == 0
    shot("2-approuvee")

    page.fill("#return-by", "Anne Muller")
    page.fill("#return-reason", "le 6 mai était un samedi : ces 2 h sont du jeudi 4")
    page.click("#return button")
    assert "Feuille renvoyée à l'agent" in _answer(page)
    assert "le 6 mai était un samedi" in page.inner_text(".sheet-state")
    page.fill('[name="h:2028-05-06:wp1"]', "")
    page.fill('[name="h:2028-05-04:wp1"]', "2")
    page.click("button[value=save]")
    page.wait_for_selector("p.saved")
    page.set_input_files("#sign-certificat", str(files["agent"]))
    page.fill("#sign-phrase", PHRASES["agent"])
    page.click("#sign button[value=certificat]")
    assert "Signature PDF vérifiée : Zoé Martin" in _answer(page)
    if EARLY:
        assert "samedi" not in page.inner_text("#to-check")
        assert "Feuille de Zoé Martin, mai 2028 : signée le " in page.inner_text("#to-check")
    else:
        assert "Aucun point à vérifier" in page.inner_text("#approve")
    _approve(page, files, check=True)
    assert "Signature PDF vérifiée : Anne Muller" in _answer(page)
    shot("3-approuvee-de-nouveau")

    page.goto(page.url.split("/feuilles", 1)[0] + "/bilan?periode=2028-05")
    row = page.inner_text("#signoffs tbody tr")
    assert "Zoé Martin" in row and "approuvée" in row
    assert ("avant la fin du mois (31 mai 2028)" in page.inner_text("main")) == EARLY
    assert (
        row.count("certificat vérifié") == 2 and "Common Name: Zoé Martin" in row and "Common Name: Anne Muller" in row
    )
    shot("4-bilan")


def _answer(page) -> str:
    """The page's answer to the last click: its message, or the refusal it gave instead (said in
    the failure, rather than a minute's wait for a message that will not come)."""
    page.wait_for_load_state()
    page.wait_for_selector("p.saved, #refusal")
    refusal = page.locator("#refusal")
    assert refusal.count() == 0, refusal.inner_text()
    return page.inner_text("p.saved")


def _approve(page, files, check: bool):
    if check:
        for box in page.locator("#to-check input[type=checkbox]").all():
            box.check()
    page.set_input_files("#approve-certificat", str(files["supervisor"]))
    page.fill("#approve-phrase", PHRASES["supervisor"])
    page.click("#approve button[value=certificat]")


def _check_the_record(project, out):
    """The manifest's history, the PDF kept in signes/, and the CLI's own verification agree."""
    history = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["history"][SHEET]
    assert [(e["event"], e.get("evidence", "")) for e in history] == [
        ("sign", "pdf"),
        ("approve", "pdf"),
        ("return", ""),
        ("refill", ""),
        ("sign", "pdf"),
        ("approve", "pdf"),
    ]
    assert [e["by"] for e in history if e["event"] in ("sign", "approve")] == ["Zoé Martin", "Anne Muller"] * 2
    assert {e["pdf"]["origin"] for e in history if e.get("evidence") == "pdf"} == {"coopdocs"}
    kept = out / history[-1]["pdf"]["path"]
    assert kept.relative_to(out).as_posix() == "signes/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.pdf"
    from coopdocs.project import load_project
    from coopdocs.signing import VALID, trust_roots, verify_pdf

    loaded = load_project(project)
    checks = verify_pdf(kept.read_bytes(), trust_roots(project.parent, loaded.signatures.trust), kept.name)
    assert [(c.field, c.signer, c.verdict) for c in checks] == [
        ("agent — Zoé Martin", "Zoé Martin", VALID),
        ("responsable — Anne Muller", "Anne Muller", VALID),
    ]
    listed = json.loads(run("signatures", project, "-o", out, "--json").output)["documents"]
    row = next(r for r in listed if r["document"] == SHEET)
    assert row["sheet_state"] == "approuvee"
