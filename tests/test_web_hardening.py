"""The workspace holds (issue 24): every attack on `coopdocs serve` refused in French, with
nothing written, and the pages still working afterwards. Same client and fixtures as test_web."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import test_web
from test_web import BASE, client_for, grid_form, page_hash, text, to_confirm

project, built = test_web.project, test_web.built  # the same fixtures

SHEET_URL = "/feuilles/zoe-martin/2028-05"
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def alert(response) -> str:
    found = re.findall(r'role="alert">(.*?)</p>', text(response), re.S)
    return " ".join(found)


# ---- headers, redirects, refusals in French ------------------------------------------------


def test_every_answer_carries_the_security_headers(built):
    project, out, _ = built
    client = client_for(project, out)
    anonymous = client_for(project, out, login=False)
    answers = [
        client.get("/projet"),
        client.get("/feuilles"),
        client.get(SHEET_URL),
        client.get("/static/htmx.min.js"),
        client.get("/nulle-part"),
        client.get("/documents/fichier/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"),
        client.post("/projet", data={"csrf": "faux"}),
        anonymous.get("/projet"),
        anonymous.get(f"/projet?token={client.keys.token}", follow_redirects=False),
    ]
    for response in answers:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], response.url
    page = client.get("/projet").headers["content-security-policy"]
    assert "script-src 'self'" in page and "object-src 'none'" in page and "default-src 'self'" in page


@pytest.mark.parametrize("path", ["//other.host/x", "/\\other.host/x", "///other.host/x"])
def test_the_token_redirect_never_leaves_the_workspace(project, path):
    client = client_for(project, login=False)
    response = client.get(f"{BASE}{path}?token={client.keys.token}&a=1", follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "token" not in location and location.endswith("?a=1")


def test_local_path_keeps_only_a_path_of_this_site():
    from coopdocs.web.headers import local_path

    for target in ("http://evil.example/x", "//evil.example/x", "\\\\evil.example/x", "https:evil", "/\\/evil"):
        assert not local_path(target).startswith(("//", "/\\")) and "evil.example" not in local_path(target)[:13]
    assert local_path("/feuilles/zoe?agent=a") == "/feuilles/zoe?agent=a"


def test_starlette_refusals_of_a_form_are_said_in_french(project):
    client = client_for(project)
    before = project.read_bytes()
    big = {"csrf": client.keys.csrf, "project.title": "x" * (5 * 1024 * 1024 + 10)}
    response = client.post("/projet", data=big)
    assert response.status_code == 400 and "dépasse 5 Mo" in alert(response)
    many = [("csrf", client.keys.csrf)] + [(f"f{i}", "1") for i in range(50_001)]
    response = client.post("/projet", content="&".join(f"{k}={v}" for k, v in many), headers=_urlencoded())
    assert response.status_code == 400 and "plus de 50000 champs" in alert(response)
    files = {f"f{i}": (f"{i}.xlsx", b"x") for i in range(3)}
    response = client.post(SHEET_URL + "/envoyer", data={"csrf": client.keys.csrf}, files=files)
    assert response.status_code == 400 and "2 fichiers au plus" in alert(response)
    for response in (client.post("/projet", data=big), client.get("/nulle-part")):
        assert not re.search(r"Too many|exceeded|Not Found|Method Not Allowed", response.text)
    assert project.read_bytes() == before


def test_a_body_beyond_the_limit_is_refused_before_it_is_read(project):
    client = client_for(project)
    response = client.post("/projet", content=b"a" * 10, headers={**_urlencoded(), "content-length": str(17 << 20)})
    assert response.status_code == 413 and "plus de 16 Mo" in text(response)

    def chunks():
        for _ in range(17):
            yield b"a" * (1 << 20)

    response = client.post("/projet", content=chunks(), headers=_urlencoded())
    assert response.status_code == 413 and "plus de 16 Mo" in text(response)


def _urlencoded() -> dict[str, str]:
    return {"content-type": "application/x-www-form-urlencoded"}


def test_reloading_an_address_that_takes_a_form_goes_back_to_its_page(built):
    project, out, _ = built
    client = client_for(project, out)
    for posted, page in [
        (SHEET_URL + "/envoyer", SHEET_URL),
        ("/documents/construire", "/documents"),
        ("/bilan/ecrire", "/bilan"),
        ("/projet/verifier", "/projet"),
    ]:
        response = client.get(posted, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == page, posted
        assert client.get(posted).status_code == 200
    other = client.put("/projet")
    assert other.status_code == 405 and "ne s'ouvre pas ainsi" in alert(other)
    assert "Method Not Allowed" not in other.text


# ---- one path check for every file route; no write through a link -------------------------


def test_a_file_url_is_normalised_once_and_a_control_character_is_a_french_404(built):
    project, out, sheet = built
    client = client_for(project, out)
    (out / "sauvegardes").mkdir()
    (out / "sauvegardes" / "ancien.xlsx").write_bytes(sheet.read_bytes())
    relative = "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
    for prefix in ("/documents/fichier/", "/documents/apercu/"):
        for path in ("sauvegardes/ancien.xlsx", "./sauvegardes/ancien.xlsx", ".//sauvegardes/ancien.xlsx"):
            response = client.get(prefix + path)
            assert response.status_code == 404 and "introuvable" in alert(response), prefix + path
        for path in ("a%00b", "feuilles%00/x.xlsx", "x%01y", "a%0d%0ab", "%00"):
            response = client.get(prefix + path)
            assert response.status_code == 404 and "introuvable" in alert(response), prefix + path
    assert client.get("/documents/fichier/" + relative).content == sheet.read_bytes()
    assert client.get("/documents/fichier/./" + relative).content == sheet.read_bytes()


def _link_folder(out, relative):
    """Move the folder at `relative` outside the output folder and leave a link in its place."""
    import shutil

    real = out.parent / "ailleurs" / relative.replace("/", "_")
    real.parent.mkdir(exist_ok=True)
    shutil.move(out / relative, real)
    (out / relative).symlink_to(real, target_is_directory=True)
    return real


@pytest.mark.parametrize("linked", ["feuilles-de-temps/zoe-martin", "feuilles-de-temps"])
def test_no_save_sign_approve_return_or_upload_writes_through_a_link(built, linked):
    import json

    project, out, sheet = built
    client = client_for(project, out)
    client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-02:wp1": "6"}))
    upload = sheet.read_bytes()
    client.post(SHEET_URL, data=grid_form(client, action="sign"))
    manifest = (out / "manifest.json").read_bytes()
    real = _link_folder(out, linked)
    before = {p: p.read_bytes() for p in real.rglob("*") if p.is_file()}
    for action in ("save", "approve", "return", "sign"):
        response = client.post(SHEET_URL, data=grid_form(client, action=action, **{"h:2028-05-03:wp1": "2"}))
        assert response.status_code == 409 and "lien symbolique" in alert(response), action
    files = {"fichier": ("zoe.xlsx", upload, "application/octet-stream")}
    response = client.post(SHEET_URL + "/envoyer", data={"csrf": client.keys.csrf}, files=files)
    assert response.status_code == 400 and "lien symbolique" in alert(response)
    assert {p: p.read_bytes() for p in real.rglob("*") if p.is_file()} == before
    assert (out / "manifest.json").read_bytes() == manifest
    assert "approved" not in json.loads(manifest)["files"]["feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"]
    assert not (out / "sauvegardes").exists()


def test_the_project_backup_is_never_written_through_a_link(project, tmp_path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (project.parent / "sauvegardes").symlink_to(elsewhere, target_is_directory=True)
    client = client_for(project)
    before = project.read_bytes()
    form = {"csrf": client.keys.csrf, "file_hash": page_hash(client), "project.place": "Metz"}
    response = client.post("/projet", data=form)
    assert "lien symbolique" in text(response) and "Erreur interne" not in text(response)
    assert project.read_bytes() == before and not list(elsewhere.iterdir())


# ---- uploads parsed safely -----------------------------------------------------------------

ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "b">]>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="x"><vt:lpwstr '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">&a;</vt:lpwstr>'
    b"</property></Properties>"
)


def _with_part(data: bytes, part: str, content: bytes) -> bytes:
    """The workbook `data` with `part` replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info.filename))
        target.writestr(part, content)
    return out.getvalue()


def _filled(sheet) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    cells = book["Feuille"]
    head = next(r[0].row for r in cells.iter_rows() if r[0].value == "Date")
    wp1 = next(c.column for c in cells[head] if str(c.value).startswith("WP1 –"))
    cells.cell(head + 2, wp1).value = 4.0
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _send(client, data):
    files = {"fichier": ("zoe.xlsx", data, "application/octet-stream")}
    return client.post(SHEET_URL + "/envoyer", data={"csrf": client.keys.csrf}, files=files)


@pytest.mark.parametrize(
    "part, content",
    [
        ("docProps/custom.xml", ENTITY),
        ("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'),
        ("docProps/app.xml", b"<Properties><unclosed></Properties>"),
    ],
)
def test_an_upload_with_a_doctype_an_entity_or_bad_xml_is_refused_and_nothing_stored(built, part, content):
    project, out, sheet = built
    client = client_for(project, out)
    before = sheet.read_bytes()
    response = _send(client, _with_part(_filled(sheet), part, content))
    assert response.status_code == 400
    assert f"zoe.xlsx : refusé, {part} :" in alert(response) and "rien n'a été enregistré" in alert(response)
    assert "Erreur interne" not in response.text
    assert sheet.read_bytes() == before and not (out / "sauvegardes").exists()


def test_a_stored_sheet_with_an_entity_never_breaks_the_pages_and_an_upload_replaces_it(built):
    project, out, sheet = built
    client = client_for(project, out)
    sheet.write_bytes(_with_part(_filled(sheet), "docProps/custom.xml", ENTITY))  # put there by hand
    listing = client.get("/feuilles?agent=zoe-martin")
    assert listing.status_code == 200 and "illisible" in text(listing)
    month = client.get(SHEET_URL)
    assert month.status_code == 200 and "Cette feuille ne peut pas être lue" in alert(month)
    assert "docProps/custom.xml" in alert(month) and 'action="/feuilles/zoe-martin/2028-05/envoyer"' in month.text
    for action in ("save", "sign", "approve", "return"):
        response = client.post(SHEET_URL, data=grid_form(client, action=action, **{"h:2028-05-02:wp1": "1"}))
        assert response.status_code == 409 and "ne peut pas être lue" in alert(response), action
        assert "Erreur interne" not in response.text
    bad = sheet.read_bytes()
    response = _send(client, _clean_copy(project, out))
    assert response.status_code == 200 and "Feuille reçue" in text(response), alert(response)
    assert "Version précédente gardée dans sauvegardes/" in text(response)
    assert [p.read_bytes() for p in (out / "sauvegardes").rglob("*.xlsx")] == [bad]
    assert "remplie" in text(client.get("/feuilles?agent=zoe-martin"))


def _clean_copy(project, out):
    """A filled sheet of the same month, made from a fresh build elsewhere."""
    from conftest import run

    other = out.parent / "autre"
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", other).exit_code == 0
    return _filled(other / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx")


# ---- field sizes, YAML areas ---------------------------------------------------------------


def _field_messages(response, name) -> str:
    found = re.search(rf'<div class="err" data-for="{re.escape(name)}">(.*?)</div>', text(response), re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    "name, value, said",
    [
        ("project.place", "x" * 100_000, "texte trop long (100000 caractères, 10\u202f000 au plus)"),
        ("project.title", "y" * 10_001, "texte trop long (10001 caractères, 10\u202f000 au plus)"),
        ("checklist", "&a [*a]", "ancre ou alias YAML"),
        ("checklist", "- &x a\n- *x", "ancre ou alias YAML"),
        ("checklist", "!!python/object/apply:os.system [ls]", "étiquette YAML"),
        ("checklist", "!!binary aGVsbG8=", "étiquette YAML"),
        ("checklist", "[a, b", "YAML invalide"),
        ("project.place", "a\x01b", "caractère de contrôle U+0001"),
    ],
)
def test_a_value_the_file_cannot_hold_is_refused_beside_its_field_and_the_form_stays(project, name, value, said):
    client = client_for(project)
    before = project.read_bytes()
    response = client.post("/projet", data={"csrf": client.keys.csrf, "file_hash": page_hash(client), name: value})
    assert said in _field_messages(response, name), text(response)[:3000]
    assert "Enregistré." not in text(response)
    assert project.read_bytes() == before
    assert not re.search(r"could not|constructor|expected|found", _field_messages(response, name))
    again = client.get("/projet/tout")
    assert 'name="project.title"' in again.text and 'name="checklist"' in again.text


def test_a_guide_note_the_file_cannot_hold_is_refused(project):
    client = client_for(project)
    page = client.get("/guide").text
    file_hash = re.search(r'name="file_hash" value="([0-9a-f]{64})"', page).group(1)
    item = re.search(r'name="s:([^"]+)"', page).group(1)
    before = project.read_bytes()
    form = {"csrf": client.keys.csrf, "file_hash": file_hash, f"s:{item}": "fait", f"n:{item}": "z" * 20_000}
    response = client.post("/guide", data=form)
    assert "Rien n'a été enregistré" in alert(response) and "trop long" in alert(response)
    assert project.read_bytes() == before
    assert 'name="project.title"' in client.get("/projet").text


# ---- the grid says the truth ---------------------------------------------------------------


@pytest.mark.parametrize(
    "comment, said",
    [
        ("c" * 40_000, "2 mai 2028, commentaire : texte trop long (40000 caractères, 10\u202f000 au plus)"),
        ("c" * 32_768, "texte trop long (32768 caractères"),
        ("a\x01b", "2 mai 2028, commentaire : caractère de contrôle U+0001 interdit"),
    ],
)
def test_a_comment_the_cell_cannot_hold_is_refused_never_cut(built, comment, said):
    project, out, sheet = built
    client = client_for(project, out)
    before = sheet.read_bytes()
    response = client.post(SHEET_URL, data=grid_form(client, **{"c:2028-05-02": comment, "h:2028-05-02:wp1": "2"}))
    assert response.status_code == 409 and said in alert(response)
    assert "Feuille enregistrée" not in text(response) and "Erreur interne" not in text(response)
    assert sheet.read_bytes() == before


def test_create_on_a_month_that_exists_says_nothing_was_written(built):
    project, out, sheet = built
    client = client_for(project, out)
    client.post(SHEET_URL, data=grid_form(client, **{"h:2028-05-02:wp1": "6"}))
    for action, by in (("sign", "Zoé Martin"), ("approve", "Anne Muller")):  # each in the name they type
        client.post(SHEET_URL, data=grid_form(client, action=action, by=by, verifie=to_confirm(client)))
    before = sheet.read_bytes()
    response = client.post(SHEET_URL, data=grid_form(client, action="create"))
    assert "Feuille créée" not in text(response)
    assert "La feuille de ce mois existe déjà, approuvée (verrouillée) : rien n'a été écrit." in text(response)
    assert sheet.read_bytes() == before
    fresh = client.post("/feuilles/zoe-martin/2028-06", data=grid_form(client, action="create"))
    assert "Feuille créée." in text(fresh) and (out / "feuilles-de-temps/zoe-martin/zoe-martin_2028-06.xlsx").is_file()
