"""The workspace holds (issue 24): every attack on `coopdocs serve` refused in French, with
nothing written, and the pages still working afterwards. Same client and fixtures as test_web."""

from __future__ import annotations

import re

import pytest
import test_web
from test_web import BASE, client_for, grid_form, page_hash, text

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
