"""A month's time sheet signed or approved before the month's last day: the hours were certified
before they were all worked, which a controller questions. Never refused (the warning before
signing stays), but read back as a point « à vérifier » wherever the signatures are: the bilan
(Word, Excel, the workspace's page) and the sheet's approval panel. On the last day or after:
nothing to say. Dates worked by hand: May 2028 ends on Wednesday 31 May 2028."""

from __future__ import annotations

import html
import shutil

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, docx_text, run

MONTH = "2028-05"
SIGNED_EARLY = (
    "Feuille de Zoé Martin, mai 2028 : signée le 20 mai 2028, avant la fin du mois (31 mai 2028) ; "
    "un contrôleur demandera pourquoi"
)
APPROVED_EARLY = (
    "Feuille de Zoé Martin, mai 2028 : approuvée par Anne Muller le 22 mai 2028, avant la fin du mois "
    "(31 mai 2028) ; un contrôleur demandera pourquoi"
)
SIGNED_EARLY_EN = (
    "Sheet of Zoé Martin, May 2028: signed on 20 May 2028, before the month's end (31 May 2028); "
    "a controller will ask why"
)


@pytest.fixture
def built(tmp_path):
    """The example, Zoé Martin's May 2028 sheet written and 5 h typed on Tuesday 2 May (her day is 5,6 h: no other point)."""
    from coopdocs.forms import sheet_life
    from coopdocs.web import sheets

    project = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, project)
    out = tmp_path / "out"
    assert run("timesheets", project, "--month", MONTH, "--agent", "zoe-martin", "-o", out).exit_code == 0
    sheet_life.edit(out, "zoe-martin", MONTH, "Zoé Martin", lambda path: sheets.save(path, {"h:2028-05-02:wp1": "5"}))
    return project, out


def on(day: str, monkeypatch) -> None:
    """The sheet's life's clock set to `day`, 16:00 UTC (what `sign` and `approve` record)."""
    from coopdocs.forms import sheet_life

    monkeypatch.setattr(sheet_life, "now", lambda: f"{day}T16:00:00+00:00")


def sign_off(project, out, monkeypatch, signed: str, approved: str):
    """Zoé Martin signs on `signed` and Anne Muller approves on `approved`, from the command line
    (what the approval said)."""
    args = ("zoe-martin", MONTH, project, "-o", out)
    on(signed, monkeypatch)
    assert run("sheet", "sign", *args, "--by", "Zoé Martin").exit_code == 0
    on(approved, monkeypatch)
    approval = run("sheet", "approve", *args, "--by", "Anne Muller")
    assert approval.exit_code == 0, approval.stderr
    return approval


def bilan(project, out, lang: str = "fr") -> tuple[str, list[tuple]]:
    """The May 2028 bilan written (dated 10 June 2028): the Word's text, the rows of the Excel's anomalies."""
    assert run("bilan", project, "--period", MONTH, "-o", out, "--date", "2028-06-10", "--lang", lang).exit_code == 0
    book = load_workbook(out / f"bilans/bilan_{MONTH}.xlsx", read_only=True)
    rows = list(book["Anomalies"].iter_rows(values_only=True))  # the sheet's name in both languages
    return plain(docx_text(out / f"bilans/bilan_{MONTH}.docx")), [tuple(plain(c) for c in r) for r in rows]


def plain(value):
    """The text with the no-break spaces French typography puts before « : » and « ; »."""
    return value.replace("\u00a0", " ").replace("\u202f", " ") if isinstance(value, str) else value


def early_rows(rows: list[tuple]) -> list[tuple]:
    return [r for r in rows if r and any(isinstance(c, str) and "avant la fin du mois" in c for c in r)]


def test_signed_and_approved_before_the_month_s_end_is_a_point_to_check_in_the_bilan(built, monkeypatch):
    project, out = built
    approval = sign_off(project, out, monkeypatch, "2028-05-20", "2028-05-22")
    assert SIGNED_EARLY in approval.stderr and APPROVED_EARLY in approval.stderr  # said to the approver
    text, rows = bilan(project, out)
    assert SIGNED_EARLY in text and APPROVED_EARLY in text
    early = early_rows(rows)
    assert [(r[0], r[1], r[2], r[3], r[4], r[-1]) for r in early] == [
        (
            "à vérifier",
            "feuille signée ou approuvée avant la fin du mois",
            "Zoé Martin",
            "2028-05-20",
            "zoe-martin_2028-05.xlsx",
        )
        + (SIGNED_EARLY,),
        (
            "à vérifier",
            "feuille signée ou approuvée avant la fin du mois",
            "Zoé Martin",
            "2028-05-22",
            "zoe-martin_2028-05.xlsx",
        )
        + (APPROVED_EARLY,),
    ]
    english, _ = bilan(project, out, "en")
    assert SIGNED_EARLY_EN in english and "approved by Anne Muller on 22 May 2028" in english
    assert "avant la fin" not in english and "signée" not in english


def test_signed_on_the_month_s_last_day_and_approved_after_is_no_point(built, monkeypatch):
    project, out = built
    approval = sign_off(project, out, monkeypatch, "2028-05-31", "2028-06-01")
    assert "avant la fin du mois" not in approval.stderr
    text, rows = bilan(project, out)
    assert "avant la fin du mois" not in text and early_rows(rows) == []


def test_a_signature_returned_then_made_again_in_time_no_longer_counts(built, monkeypatch):
    project, out = built
    args = ("zoe-martin", MONTH, project, "-o", out)
    on("2028-05-20", monkeypatch)
    assert run("sheet", "sign", *args, "--by", "Zoé Martin").exit_code == 0
    on("2028-05-21", monkeypatch)
    assert run("sheet", "return", *args, "--reason", "signée trop tôt").exit_code == 0
    sign_off(project, out, monkeypatch, "2028-06-01", "2028-06-02")
    text, rows = bilan(project, out)
    assert "avant la fin du mois" not in text and early_rows(rows) == []


def page(client, url: str = f"/feuilles/zoe-martin/{MONTH}") -> str:
    return plain(html.unescape(client.get(url).text))


def approve_section(text: str) -> str:
    start = text.index('<section id="approve"')
    return text[start : text.index("</section>", start)]


def test_the_approval_panel_shows_an_early_signature_to_confirm(built, monkeypatch):
    from test_web import client_for, to_confirm

    project, out = built
    client = client_for(project, out)
    url = f"/feuilles/zoe-martin/{MONTH}"
    on("2028-05-20", monkeypatch)
    assert client.post(url, data={"csrf": client.keys.csrf, "action": "sign", "by": "Zoé Martin"}).status_code == 200
    panel = approve_section(page(client))
    assert SIGNED_EARLY in panel and 'name="verifie"' in panel
    assert "Aucun point à vérifier sur ce mois" not in panel
    on("2028-05-22", monkeypatch)
    refused = client.post(url, data={"csrf": client.keys.csrf, "action": "approve", "by": "Anne Muller"})
    assert refused.status_code == 409 and "confirmez d'abord chaque point à vérifier" in html.unescape(refused.text)
    points = to_confirm(client)
    assert len(points) == 1
    form = {"csrf": client.keys.csrf, "action": "approve", "by": "Anne Muller", "verifie": points}
    approved = html.unescape(client.post(url, data=form).text)
    assert "approuvée par Anne Muller le" in approved and APPROVED_EARLY in approved
    shown = page(client)  # approved: both points stay in the month's anomalies
    assert SIGNED_EARLY in shown and APPROVED_EARLY in shown
    bilan_page = page(client, f"/bilan?periode={MONTH}")
    assert SIGNED_EARLY in bilan_page and APPROVED_EARLY in bilan_page


def test_the_approval_panel_has_nothing_to_check_when_signed_on_the_last_day(built, monkeypatch):
    from test_web import client_for

    project, out = built
    client = client_for(project, out)
    on("2028-05-31", monkeypatch)
    url = f"/feuilles/zoe-martin/{MONTH}"
    assert client.post(url, data={"csrf": client.keys.csrf, "action": "sign", "by": "Zoé Martin"}).status_code == 200
    panel = approve_section(page(client))
    assert "Aucun point à vérifier sur ce mois." in panel and "avant la fin du mois" not in panel
