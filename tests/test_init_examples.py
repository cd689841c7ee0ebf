"""The stand-ins `coopdocs init` writes (« Prénom Nom », « contact@exemple.fr ») are what only the
person knows: `validate` warns at each one left, the workspace shows them as hints in empty
fields (nothing to erase, nothing written back), and each warning leaves its field as soon as
the person types the real value, before any save (trial 3 of issue 25)."""

from __future__ import annotations

import html
import re

from test_web_browser import browser, served_folder  # noqa: F401  (fixtures: Chromium, `coopdocs serve` on an empty folder)
from test_web_entry import Forms, client_for, fresh  # noqa: F401  (fixture: init's project)

from conftest import run

REAL = {  # what the person types in place of init's stand-ins on the first partner's page
    "partners.0.name": "GAL du Bocage",
    "partners.0.representative.name": "Marc Lelièvre",
    "partners.0.address": "12 rue de la Poste\n61100 Flers",
    "partners.0.contact.name": "Alice Morin",
    "partners.0.contact.email": "alice@bocage.example",
}
EXAMPLE = "n'est que l'exemple écrit à la création du projet (rien ne doit être signé avec)"


def test_validate_names_each_example_left_and_nothing_else_about_them(tmp_path):
    assert run("init", tmp_path, "--yes").exit_code == 0
    project = tmp_path / "projet.yaml"
    assert "  place:   " in project.read_text(encoding="utf-8")  # « Fait à » the lead partner's commune
    checked = run("validate", project)
    assert checked.exit_code == 0, checked.output
    left = [line for line in checked.stderr.splitlines() if EXAMPLE in line]
    assert len(left) == 10, left  # « Chargé(e) de mission coopération » is a value a person may keep
    assert (
        f"projet.yaml:33:28: partners.0.representative.name: avertissement : à remplir : « Prénom Nom » {EXAMPLE}"
        in left[5]
    )
    assert "« Adresse, ligne 1, Code postal et commune »" in left[4]
    # two stand-ins are nobody yet: no « Prénom Nom signerait sa lettre … comme employeur et comme agent »
    assert "signerait" not in checked.stderr and "approuverait" not in checked.stderr
    assert run("validate", project, "--strict").exit_code == 1


def test_the_workspace_shows_examples_as_hints_and_saves_what_it_shows(fresh):  # noqa: F811
    client = client_for(fresh)
    page = html.unescape(client.get("/projet/element/partners/1").text)
    field = re.search(r'<input id="f-partners\.0\.representative\.name"[^>]*>', page).group(0)
    assert 'value=""' in field and 'placeholder="Prénom Nom"' in field
    address = re.search(r'<textarea id="f-partners\.0\.address"[^>]*>([^<]*)</textarea>', page)
    assert 'placeholder="Adresse, ligne 1\nCode postal et commune"' in address.group(0) and address.group(1) == ""
    parser = Forms()
    parser.feed(client.get("/projet/element/partners/1").text)
    action, form = next(f for f in parser.forms if f[0] == "/projet/element/partners/1")
    assert form["partners.0.representative.name"] == "" and form["partners.0.role"] == "Chef de file"
    before = fresh.read_bytes()
    response = client.post(action, data=form)  # as it stands: the hints are empty fields, refused so
    assert response.status_code == 200 and fresh.read_bytes() == before
    said = html.unescape(response.text)
    assert "Rien n'a été enregistré" in said and "Nom du représentant légal</strong>\u00a0: à remplir" in said
    assert "Enregistré." in html.unescape(client.post(action, data=form | REAL).text)
    assert 'Prénom Nom"' not in fresh.read_text(encoding="utf-8").split("agents:")[0]
    whole = html.unescape(client.get("/projet/tout").text)  # « Tout le fichier »: the file as it is
    field = re.search(r'<input id="f-agents\.0\.name"[^>]*>', whole).group(0)
    assert 'value="Prénom Nom"' in field and "placeholder" not in field


def test_an_examples_warning_leaves_its_field_as_the_person_types(browser, served_folder):  # noqa: F811
    url, folder = served_folder
    page = browser.new_page(locale="fr-FR")
    page.set_default_timeout(8000)
    page.goto(url)
    page.get_by_role("link", name=re.compile("Partenaires")).first.click()
    name = page.get_by_label("Nom du président ou de la présidente du GAL", exact=True)  # init's partner: a GAL
    assert name.input_value() == "" and name.get_attribute("placeholder") == "Prénom Nom"
    warning = page.locator(".err[data-for='partners.0.representative.name']").get_by_text(f"« Prénom Nom » {EXAMPLE}")
    warning.wait_for()
    before = (folder / "projet.yaml").read_bytes()
    name.fill("Jean Roux")
    warning.wait_for(state="detached")  # the live check, nothing saved
    # the contact left as its hint is what the save would write: empty, to fill
    assert page.locator(".err[data-for='partners.0.contact.name']").inner_text() == "à remplir"
    assert (folder / "projet.yaml").read_bytes() == before
    page.close()


def test_a_key_emptied_last_in_its_element_keeps_the_next_sections_heading(fresh):  # noqa: F811
    """The comment lines before `agents:` sit, for ruamel, on the last key before them (a
    partner's role): emptying that role must not take the heading with it."""
    client = client_for(fresh)
    parser = Forms()
    parser.feed(client.get("/projet/element/partners/1").text)
    action, form = next(f for f in parser.forms if f[0] == "/projet/element/partners/1")
    response = client.post(action, data=form | REAL | {"partners.0.role": ""})
    assert response.status_code == 200
    written = fresh.read_text(encoding="utf-8")
    assert "Chef de file" not in written
    assert "alice@bocage.example}\n\n# Les agents dont le temps est imputé au projet.\n# allocation" in written


def test_a_gal_added_without_a_chair_of_its_own_is_presided_by_its_host_bodys(fresh):  # noqa: F811
    """The new partner's form proposes the title the others' representatives have; left alone
    with no name, it is no chair: the GAL is saved, presided by its host body's representative
    (trial 5: « Nom du représentant légal : à remplir » under a field without a star)."""
    from coopdocs.project import load_project

    client = client_for(fresh)
    parser = Forms()
    parser.feed(client.get("/projet/element/partners/nouveau").text)
    action, form = next(f for f in parser.forms if f[0].endswith("/nouveau"))
    assert form["partners.1.representative.title"] == "Président(e)"  # proposed, as the first partner's
    form |= {
        "partners.1.name": "GAL de l'Avesnois",
        "partners.1.address": "4 cour de l'Abbaye\n59550 Maroilles",
        "partners.1.host_body.name": "Parc naturel régional de l'Avesnois",
        "partners.1.host_body.representative.name": "Sophie Carpentier",
        "partners.1.host_body.representative.title": "Présidente",
        "partners.1.contact.name": "Hugo Dumont",
        "partners.1.contact.email": "hugo@avesnois.example",
    }
    assert "Enregistré." in html.unescape(client.post(action, data=form).text)
    chair = load_project(fresh).partner("gal-de-l-avesnois").representative
    assert (chair.name, chair.title) == ("Sophie Carpentier", "Présidente")


def test_the_representatives_title_follows_the_partners_nature_on_the_page(browser, served_folder):  # noqa: F811
    """A new partner is proposed as a GAL (the first one is): its representative block says the
    GAL's chair; chosen « association », the same block says « Représentant légal » at once."""
    url, _ = served_folder
    page = browser.new_page(locale="fr-FR")
    page.set_default_timeout(8000)
    page.goto(url)
    page.goto(url.split("/projet")[0] + "/projet/element/partners/nouveau")
    chair = page.get_by_role("group", name="Président ou présidente du GAL (lettres, convocations)")
    assert chair.is_visible()
    page.get_by_label("Nature juridique", exact=True).select_option(label="association")
    page.get_by_role("group", name="Représentant légal", exact=True).wait_for()
    assert not chair.is_visible()
    assert page.locator("legend span:visible").filter(has_text="Président ou présidente du GAL").count() == 0
    page.close()
