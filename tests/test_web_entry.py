"""The entry pages of `coopdocs serve` (issue 25): a coordinator who never saw YAML sets up the
project. A second agent in either mode, nothing saved half-filled, references chosen and
renamed everywhere at once, deletion confirmed then undone, the budget's live totals, the
person's words only, and no internal error whatever is typed into any field."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import warnings
from html.parser import HTMLParser

import pytest

from conftest import EXAMPLE, run

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from coopdocs.web import find_or_create_project
from coopdocs.web.app import create_app

BASE = "http://127.0.0.1:8765"


def client_for(project):
    app = create_app(project, project.parent / "out", "fr", None)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    client.keys = app.state.workspace.keys
    client.get(f"/projet?token={client.keys.token}")
    return client


def text(response) -> str:
    return html.unescape(response.text)


def file_hash(client, url="/projet") -> str:
    return re.search(r'name="file_hash" value="([0-9a-f]{64})"', client.get(url).text).group(1)


@pytest.fixture
def example(tmp_path):
    target = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, target)
    return target


@pytest.fixture
def fresh(tmp_path):
    """What `coopdocs serve` writes into an empty folder (init's project)."""
    folder = tmp_path / "vide"
    folder.mkdir()
    return find_or_create_project(folder)[0]


def agent_form(client, index, name, **extra):
    form = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client),
        f"agents.{index}.name": name,
        f"agents.{index}.partner": "gal-chef-de-file",
        f"agents.{index}.job_title": "Animatrice",
        f"agents.{index}.supervisor.name": "Paul Durand",
        f"agents.{index}.supervisor.title": "Directeur",
        f"agents.{index}.annual_gross_cost": "38 000 €",
        f"agents.{index}.mission.tasks": "Animer le réseau\nPréparer les comités",
    }
    return form | {f"agents.{index}.{k}": v for k, v in extra.items()}


def test_a_second_and_a_third_agent_are_added_one_at_a_fixed_share_one_on_hours(fresh):
    client = client_for(fresh)
    page = text(client.get("/projet/element/agents/nouveau"))
    assert (
        "Part fixe de son temps (sans feuille de temps)" in page
        and "Temps passé (feuilles de temps mensuelles)" in page
    )
    fixed = agent_form(client, 1, "Sophie Blanc", **{"allocation.mode": "fixed", "allocation.share": "50 %"})
    response = client.post("/projet/element/agents/nouveau", data=fixed, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/projet/personnes")
    hours = agent_form(client, 2, "Marc Petit", **{"allocation.mode": "hourly", "allocation.hours_planned": "800"})
    hours["agents.2.allocation.share"] = "30"  # the other mode's answer, left in a hidden field: not written
    assert client.post("/projet/element/agents/nouveau", data=hours, follow_redirects=False).status_code == 303
    from coopdocs.project import load_project

    agents = load_project(fresh).agents
    assert [(a.id, a.allocation.mode) for a in agents] == [
        ("agent-1", "hourly"),
        ("sophie-blanc", "fixed"),
        ("marc-petit", "hourly"),
    ]
    assert agents[1].allocation.share == 0.5 and agents[1].annual_gross_cost == 38000
    assert (
        agents[2].allocation.hours_planned == 800
        and "share" not in fresh.read_text(encoding="utf-8").split("marc-petit")[1]
    )
    cards = text(client.get("/projet/personnes"))
    assert "Sophie Blanc" in cards and re.search(r"part fixe : 50\s%", cards) and "800 h prévues" in cards
    assert run("validate", fresh).exit_code == 0


def test_a_half_filled_element_is_not_saved_and_what_was_typed_comes_back(fresh):
    client = client_for(fresh)
    before = fresh.read_bytes()
    form = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "agents.1.name": "Zoé <b>Martin</b>"}
    form["agents.1.annual_gross_cost"] = "quarante mille"
    response = client.post("/projet/element/agents/nouveau", data=form)
    assert response.status_code == 200 and fresh.read_bytes() == before
    page = text(response)
    assert "Rien n'a été enregistré" in page
    assert "2e personne, Zoé <b>Martin</b> — Heures prévues sur le projet</strong>\u00a0: à remplir" in page
    assert "Coût salarial annuel chargé</strong>\u00a0: doit être un nombre" in page
    assert 'href="#f-agents.1.annual_gross_cost"' in page and "doit être une liste" not in page  # one branch
    assert 'value="Zoé <b>Martin</b>"' in page and 'value="quarante mille"' in page  # typed, kept (escaped)
    assert "<b>Martin</b>" not in response.text  # markup shown as text
    slot = re.search(r'data-for="agents\.1\.allocation\.hours_planned">(.*?)</div>', page, re.S).group(1)
    assert "à remplir" in slot
    assert "agents.1" not in re.sub(r'(name|id|for|data-for|href|aria-describedby|data-when)="[^"]*"', "", page)
    assert "clé obligatoire" not in page and "(ligne" not in page
    form["agents.1.allocation.mode"] = ""  # no way of counting the time chosen: a choice to make, no key named
    page = text(client.post("/projet/element/agents/nouveau", data=form))
    assert "Temps consacré au projet</strong>\u00a0: à choisir dans la liste" in page and "fixed ou hourly" not in page


def test_renaming_an_id_updates_every_reference_in_one_save_and_keeps_comments(example):
    client = client_for(example)
    before = example.read_text(encoding="utf-8")
    cited = before.count("gal-etangs")
    form = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "partners.0.id": "gal-pays-etangs"}
    response = client.post("/projet/element/partners/1", data=form, follow_redirects=False)
    assert response.status_code == 303, text(response)[-3000:]
    after = example.read_text(encoding="utf-8")
    assert "gal-etangs" not in after and after.count("gal-pays-etangs") == cited
    assert [line for line in before.splitlines() if "#" in line] == [line for line in after.splitlines() if "#" in line]
    assert len(list((example.parent / "sauvegardes").iterdir())) == 1  # one write
    result = run("validate", example)
    assert result.exit_code == 0, result.output


def test_the_template_partner_renamed_takes_its_references_with_it(fresh):
    client = client_for(fresh)
    assert "gal-chef-de-file" in fresh.read_text(encoding="utf-8")
    form = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "partners.0.name": "GAL Pays de Lumière"}
    assert client.post("/projet/element/partners/1", data=form, follow_redirects=False).status_code == 303
    written = fresh.read_text(encoding="utf-8")
    assert "gal-chef-de-file" not in written and written.count("gal-pays-de-lumiere") == 8
    assert run("validate", fresh).exit_code == 0
    choices = text(client.get("/projet/element/agents/1"))
    assert '<option value="gal-pays-de-lumiere" selected>GAL Pays de Lumière</option>' in choices


def test_a_deletion_asks_first_and_can_be_undone_until_the_next_save(example):
    client = client_for(example)
    before = example.read_text(encoding="utf-8")
    ask = text(client.get("/projet/element/agents/4/supprimer"))
    assert "Supprimer « Claire Weber » du fichier projet ?" in ask and "Oui, supprimer" in ask
    assert example.read_text(encoding="utf-8") == before  # asking writes nothing
    form = {"csrf": client.keys.csrf, "file_hash": file_hash(client)}
    gone = client.post("/projet/element/agents/4/supprimer", data=form)
    assert "claire-weber" not in example.read_text(encoding="utf-8")
    assert "« Claire Weber » a été supprimé." in text(gone) and "Annuler la suppression" in text(gone)
    client.post("/projet/annuler", data={"csrf": client.keys.csrf})
    assert example.read_text(encoding="utf-8") == before
    # after another save, the undo is gone
    client.post("/projet/element/agents/4/supprimer", data={"csrf": client.keys.csrf, "file_hash": file_hash(client)})
    save = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "project.place": "Metz"}
    client.post("/projet/groupe/project", data=save)
    assert "Annuler la suppression" not in text(client.get("/projet/personnes"))
    assert "claire-weber" not in example.read_text(encoding="utf-8")


def test_a_citing_partner_is_named_before_its_deletion(example):
    client = client_for(example)
    ask = text(client.get("/projet/element/partners/3/supprimer"))
    assert (
        "Il est cité dans :" in ask and "Employeur" in ask and "Partenaire ×2" in ask and "Partenaire financé ×2" in ask
    )


def test_a_subdivision_the_calendar_does_not_know_is_a_warning_saying_what_happens(example):
    text_ = example.read_text(encoding="utf-8").replace("subdivision: FR-57", "subdivision: FR-05", 1)
    example.write_text(text_, encoding="utf-8")
    result = run("validate", example)
    assert result.exit_code == 0, result.output
    assert "FR-05" in result.output and "jours fériés nationaux seulement" in result.output
    assert run("validate", example, "--strict").exit_code == 1
    from coopdocs.calendar import public_holidays

    assert len(public_holidays("FR", "FR-05", 2028)) == 11  # France's own, no Good Friday


def test_a_warning_at_its_field_is_said_apart_from_an_error_and_does_not_mark_it_invalid(example):
    text_ = example.read_text(encoding="utf-8").replace("subdivision: FR-57", "subdivision: FR-05", 1)
    example.write_text(text_, encoding="utf-8")
    page = client_for(example).get("/projet/element/partners/1").text
    warned = re.search(r'<p class="warn"><strong>Point d&#39;attention :</strong> ([^<]*)</p>', page)
    assert warned and "FR-05" in warned.group(1) and "jours fériés nationaux seulement" in warned.group(1)
    field = re.search(r'<input[^>]*name="partners\.0\.subdivision"[^>]*>', page)
    assert field and "aria-invalid" not in field.group(0)


def test_an_explicit_self_financing_row_is_the_partners_own_funds_once(example):
    from coopdocs.documents.context import Builder
    from coopdocs.project import load_project
    from coopdocs.web import budget_page
    from coopdocs.web.entry_page import state

    text_ = example.read_text(encoding="utf-8").replace(
        "    - {partner: gal-etangs, source: FEADER, rate: 0.8}\n",
        "    - {partner: gal-etangs, source: FEADER, rate: 0.8}\n    - {partner: gal-etangs, source: Autofinancement, rate: 0.2}\n",
    )
    example.write_text(text_, encoding="utf-8")
    assert run("validate", example).exit_code == 0
    project = load_project(example)
    plan = next(p for p in budget_page.plans(state(example).data) if p.name == "GAL Pays des Étangs")
    assert [f[0] for f in plan.funders] == ["FEADER"] and plan.own_label == "Autofinancement"
    assert str(plan.own) == "35150.10" and plan.cost == plan.funders[0][1] + plan.own
    partner = Builder(project, "fr", None).partner(project.partners[0])
    budget = (
        next(v for v in partner.values() if isinstance(v, dict) and "financing" in v)
        if "financing" not in partner
        else partner
    )
    assert [r["source"] for r in budget["financing"]] == ["FEADER", "Autofinancement"]
    assert budget["financing"][1]["share"] == pytest.approx(0.2)


def test_the_budget_totals_follow_what_is_typed_without_writing(example):
    client = client_for(example)
    before = example.read_bytes()
    from coopdocs.formats import money

    page = text(client.get("/projet/budget"))
    assert "Budget par partenaire et par catégorie" in page and money(237000) in page  # staff total
    form = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "budget.lines.0.amount": "100 000"}
    live = text(client.post("/projet/totaux/budget.lines", data=form))
    assert money(247000) in live and money(21750) in live  # staff +10 000, office 15 % of 145 000
    form["budget.flat_rates.office_admin"] = "10 %"  # the flat rate as typed counts too
    live = text(client.post("/projet/totaux/budget.lines", data=form))
    assert money(14500) in live  # 10 % of 145 000
    assert example.read_bytes() == before


def test_a_file_changed_on_disk_is_said_in_one_sentence_with_only_what_differs(example):
    client = client_for(example)
    old = file_hash(client)
    example.write_text(
        example.read_text(encoding="utf-8").replace("place: Dieuze", "place: Nancy", 1), encoding="utf-8"
    )
    form = {"csrf": client.keys.csrf, "file_hash": old, "project.place": "Metz", "project.acronym": "ETARD"}
    response = client.post("/projet/groupe/project", data=form)
    assert response.status_code == 409
    stale = re.search(r'id="stale">(.*?)</div>', text(response), re.S).group(1)
    assert stale.count("<li>") == 1 and "vous aviez saisi « Metz », le fichier dit « Nancy »" in stale
    assert 'value="Metz"' in text(response)  # kept, to save again


def test_pages_speak_the_persons_words_only(example):
    client = client_for(example)
    shown = []
    for url in (
        "/projet",
        "/projet/partenaires",
        "/projet/personnes",
        "/projet/lots",
        "/projet/budget",
        "/projet/financement",
        "/projet/gouvernance",
        "/projet/element/agents/2",
        "/projet/element/partners/1",
        "/projet/element/budget.lines/1",
        "/projet/element/meetings/1",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", response.text, flags=re.S))
        shown.append(html.unescape(visible))
    words = " ".join(shown)
    for raw in (
        "annual_gross_cost",
        "hourly",
        "lump_sum",
        "semiannual",
        "staff",
        "host body",
        "rate method",
        "meetings",
        "Texte au format YAML",
        "(ligne",
        "agents.1",
        "gal-etangs",
        "{from, amount}",
    ):
        assert raw not in words, raw
    assert "Coût salarial annuel chargé" in words and "tous les six mois" in words and "Frais de personnel" in words


def _model_keys(model, prefix=""):
    """Every key of the file's model, inside lists and alternatives too (an indicator's name, a
    measure's date), as the forms name them."""
    import typing

    from pydantic import BaseModel

    for name, field in model.model_fields.items():
        key = f"{prefix}.{name}" if prefix else name
        yield key
        stack = [field.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                yield from _model_keys(tp, key)
            else:
                stack += typing.get_args(tp)


def test_every_model_key_has_its_words_in_both_languages():
    """Its own words, never a neighbour's by its last name (an indicator's « name » was labelled
    « Nom et prénom », a measure's date « date »)."""
    from coopdocs.project.model import ProjectFile
    from coopdocs.words import words

    keys = set(_model_keys(ProjectFile))
    assert {"indicators.values.date", "partners.host_body.representative.name"} <= keys and len(keys) > 200
    for lang in ("fr", "en"):
        labels = words("field", lang)
        assert sorted(k for k in keys if k not in labels) == [], lang


class Forms(HTMLParser):
    """Each form of a page: its address and its fields (name → the value a browser would send
    as the page stands: an input's value, a text area's text, a select's chosen option)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.area = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.forms[-1][1]):
            self.forms[-1][1][self.select] = a.get("value") or ""
        elif tag in ("input", "select", "textarea") and self.forms and a.get("name"):
            if tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1][1].setdefault(a["name"], a.get("value") or "")
            self.area = a["name"] if tag == "textarea" else None
            self.select = a["name"] if tag == "select" else None

    def handle_data(self, data):
        if self.area:
            self.forms[-1][1][self.area] += data

    def handle_endtag(self, tag):
        if tag in ("textarea", "select"):
            self.area = self.select = None


HOSTILE = ["x" * 10_050, "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "Ünï©ødé ✓ 𝔘 \u202e", "-12,5", ""]


def test_every_field_of_every_entry_page_takes_hostile_input_without_an_internal_error(example):
    client = client_for(example)
    pages = [
        "/projet",
        "/projet/budget",
        "/projet/financement",
        "/projet/gouvernance",
        "/projet/element/partners/1",
        "/projet/element/partners/nouveau",
        "/projet/element/agents/2",
        "/projet/element/agents/nouveau",
        "/projet/element/work_packages/1",
        "/projet/element/work_packages/nouveau",
        "/projet/element/budget.lines/1",
        "/projet/element/meetings/1",
        "/projet/element/meetings/nouveau",
        "/projet/element/governance.bodies/1",
        "/projet/element/milestones/nouveau",
        "/projet/element/budget.funding/1",
    ]
    posts = 0
    for url in pages:
        for value in HOSTILE:
            for number in range(4):
                parser = Forms()
                parser.feed(client.get(url).text)  # again before each form: the last save changed the file
                if number >= len(parser.forms):
                    break
                action, fields = parser.forms[number]
                if not action.startswith("/projet/") or action.endswith(("/supprimer", "/annuler")):
                    continue
                form = {k: (v if k in ("csrf", "file_hash") else value) for k, v in fields.items()}
                response = client.post(action, data=form)
                posts += 1
                assert response.status_code in (200, 303), (url, action, value[:20], response.status_code)
                assert "Erreur interne" not in text(response) and "Traceback" not in response.text, (url, value[:20])
                assert response.headers.get("content-type", "").startswith("text/html")
    assert posts > 80
    assert run("validate", example).exit_code in (0, 1)  # whatever was saved still reads


def test_a_new_project_opens_init_s_examples_and_the_first_meeting_s_form(fresh):
    """A list holding only init's untouched example opens that example's form; once it is
    changed, the list shows. A page's first empty list (the meetings) shows its small form."""
    client = client_for(fresh)
    titled = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "project.title": "Terres de Bocage"}
    assert "Enregistré." in text(client.post("/projet/groupe/project", data=titled))
    assert "  id: terres-de-bocage  " in fresh.read_text(encoding="utf-8")  # its output folder: not init's name
    client.app.state.workspace.out_dir.mkdir()  # once something is built, the id stays
    again = {"csrf": client.keys.csrf, "file_hash": file_hash(client), "project.title": "Terres du Bocage normand"}
    assert "Enregistré." in text(client.post("/projet/groupe/project", data=again))
    assert "  id: terres-de-bocage  " in fresh.read_text(encoding="utf-8")
    opened = client.get("/projet/partenaires", follow_redirects=False)
    assert (opened.status_code, opened.headers["location"]) == (303, "/projet/element/partners/1")
    page = text(client.get("/projet/element/partners/1"))
    assert "Voici l'exemple laissé à la création du projet : remplacez-le par votre premier partenaire" in page
    assert client.get("/projet/personnes", follow_redirects=False).headers["location"] == "/projet/element/agents/1"
    assert "remplacez-le par votre première personne" in text(client.get("/projet/element/agents/1"))  # agreed
    form = {"csrf": client.keys.csrf, "file_hash": file_hash(client, "/projet/element/partners/1")}
    saved = client.post("/projet/element/partners/1", data={**form, "partners.0.name": "GAL du Bocage"})
    assert saved.status_code == 200 and "Enregistré." in text(saved)
    assert client.get("/projet/partenaires", follow_redirects=False).status_code == 200  # no longer the example
    assert "Voici l'exemple" not in text(client.get("/projet/element/partners/1"))

    governance = text(client.get("/projet/gouvernance"))
    assert '<form method="post" action="/projet/element/meetings/nouveau"' in governance
    assert "Pour commencer la liste, remplissez ces champs" in governance
    meeting = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client, "/projet/gouvernance"),
        "meetings.0.date": "2027-06-15",
        "meetings.0.agenda": "Lancement",
    }
    added = client.post("/projet/element/meetings/nouveau", data=meeting)
    assert 'Réunions <span class="count">(1)</span>' in text(added) and "Comité de pilotage, 15 juin 2027" in text(
        added
    )
    assert 'action="/projet/element/meetings/nouveau" class="entry-form inline-new"' not in text(added)
    assert "meetings:" in fresh.read_text(encoding="utf-8")


def test_no_star_on_the_keys_of_a_group_one_may_leave_empty(example):
    """A host body, a supervisor, a location are optional: their keys are required only when the
    group is given, so no star says « to fill » where the help says « leave empty »."""
    client = client_for(example)
    page = client.get("/projet/element/partners/2").text
    assert '<label for="f-partners.1.name" class="required">' in page
    assert '<label for="f-partners.1.host_body.name">' in page
    agent = client.get("/projet/element/agents/1").text
    assert '<label for="f-agents.0.name" class="required">' in agent
    assert '<label for="f-agents.0.supervisor.name">' in agent


def test_a_new_work_package_takes_two_deliverables_at_once(example):
    """Two empty deliverable rows on a new package's form; one typed in the second only is the
    package's one deliverable (no hole left in the list)."""
    client = client_for(example)
    page = text(client.get("/projet/element/work_packages/nouveau"))
    assert "Intitulé du livrable — nouvelle ligne 1" in page and "Intitulé du livrable — nouvelle ligne 2" in page
    assert "Les lignes vides en ajoutent : laissez vides celles qui ne servent pas." in page
    index = len(re.findall(r"\n  - id: wp", example.read_text(encoding="utf-8")))
    form = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client, "/projet/element/work_packages/nouveau"),
        f"work_packages.{index}.title": "Communication",
        f"work_packages.{index}.deliverables.1.title": "Site du projet",
        f"work_packages.{index}.deliverables.1.due": "2028-06-30",
    }
    saved = client.post("/projet/element/work_packages/nouveau", data=form)
    assert saved.status_code == 200 and "Enregistré." in text(saved), text(saved)[-3000:]
    from coopdocs.project import load_project

    package = load_project(example).work_packages[index]
    assert package.title == "Communication" and [d.title for d in package.deliverables] == ["Site du projet"]


ENGLISH_PARTNER = """  - id: lag-b
    name: LAG Kainuu
    type: gal
    country: FI
    address: Katu 1, Kajaani
    language: en
    representative: {name: Anna Virta, title: Chair}
    contact: {name: Anna Virta, email: anna@lag-b.example}
"""


def test_warnings_speak_the_page_s_language_without_the_file_s_syntax(tmp_path):
    """A text in French only, shown in English documents: the warning says which line of a list
    it is, names the partner, and says where to give the English (never « {fr: …, en: …} »); the
    English workspace says it in English, from the same keys."""
    from conftest import MINIMAL

    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("work_packages:\n", ENGLISH_PARTNER + "work_packages:\n", 1)
        .replace("objectives: [Tester coopdocs]", "objectives: [Tester coopdocs, Relier les territoires]")
        .replace("members: [gal-a]", "members: [gal-a, lag-b]")
    )
    project = tmp_path / "projet.yaml"
    project.write_text(text, encoding="utf-8")
    french = html.unescape(client_for(project).get("/projet").text)
    assert "<strong>Objectifs, 2e ligne</strong>\u00a0: texte en français seulement" in french
    assert "les documents de LAG Kainuu l'afficheraient en français" in french
    assert "donnez-le aussi en anglais (sous le champ : « Aussi en anglais »)" in french and "{fr:" not in french
    app = create_app(project, tmp_path / "out", "en", None)
    english = TestClient(app, base_url=BASE)
    page = html.unescape(english.get(f"/projet?token={app.state.workspace.keys.token}").text)
    assert "<strong>Objectives, 2nd line</strong>: text in French only: the agreement in English" in page
    assert "give it in English too (under the field: “In English too”)" in page and "{fr:" not in page
    assert "avertissement" not in page and "texte en français" not in page


def test_new_project_dates_carry_the_packages_that_ran_over_the_whole_project(fresh):
    """init's package runs from the project's start to its end, its deliverable due at the start:
    new project dates carry them (no « hors des dates du projet » about dates never typed)."""
    from ruamel.yaml import YAML

    client = client_for(fresh)
    before = YAML(typ="safe").load(fresh.read_text(encoding="utf-8"))
    old_start, old_end = before["project"]["start"], before["project"]["end"]
    assert before["work_packages"][0]["start"] == old_start and before["work_packages"][0]["end"] == old_end
    form = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client),
        "project.start": "2031-03-01",
        "project.end": "2033-02-28",
    }
    saved = text(client.post("/projet/groupe/project", data=form))
    assert "Enregistré." in saved and "hors des dates du projet" not in saved
    after = YAML(typ="safe").load(fresh.read_text(encoding="utf-8"))
    package = after["work_packages"][0]
    assert (str(package["start"]), str(package["end"])) == ("2031-03-01", "2033-02-28")
    assert str(package["deliverables"][0]["due"]) == "2031-03-01"


def test_a_section_s_heading_comment_stays_between_the_sections(fresh):
    """The file's comment before `agents:` sits on the last partner's last key: a partner added
    after it, then deleted, never leaves the heading inside a partner nor loses it; a two-line
    address is written as lines."""
    heading = "\n\n# Les agents dont le temps est imputé au projet.\n"
    client = client_for(fresh)
    form = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client, "/projet/element/partners/nouveau"),
        "partners.1.name": "Association B",
        "partners.1.type": "association",
        "partners.1.address": "1 rue Haute\n00000 Bourg",
        "partners.1.representative.name": "Marc Blanc",
        "partners.1.representative.title": "Président",
        "partners.1.contact.name": "Eva Blanc",
        "partners.1.contact.email": "eva@b.example",
    }
    assert "Enregistré." in text(client.post("/projet/element/partners/nouveau", data=form))
    written = fresh.read_text(encoding="utf-8")
    assert written.count(heading) == 1
    assert written.index("Association B") < written.index(heading) < written.index("\nagents:")
    assert "    address: |-\n      1 rue Haute\n      00000 Bourg\n" in written
    hashed = {"csrf": client.keys.csrf, "file_hash": file_hash(client, "/projet/element/partners/2/supprimer")}
    client.post("/projet/element/partners/2/supprimer", data=hashed)
    after = fresh.read_text(encoding="utf-8")
    assert "Association B" not in after and after.count(heading) == 1
    assert after.index('role: "Chef de file"') < after.index(heading) < after.index("\nagents:")
    assert run("validate", fresh).exit_code == 0  # it left the steering committee it had joined
    client.post("/projet/annuler", data={"csrf": client.keys.csrf})
    from coopdocs.project import load_project

    back = load_project(fresh)
    assert [p.id for p in back.partners] == ["gal-chef-de-file", "association-b"]
    assert back.governance.bodies[0].members == ["gal-chef-de-file", "association-b"]  # and came back to it


def test_serve_makes_the_folder_it_is_given_when_it_does_not_exist(tmp_path):
    """`coopdocs serve ~/nouveau-projet` as a person types it: the folder is made (its parents too,
    the second trial's blocking step) and receives init's project; a .yaml file name is not made."""
    made, created = find_or_create_project(tmp_path / "nouveau-projet")
    assert created and made == tmp_path / "nouveau-projet" / "projet.yaml" and made.is_file()
    deep, created = find_or_create_project(tmp_path / "absent" / "projet")
    assert created and deep == tmp_path / "absent" / "projet" / "projet.yaml" and deep.is_file()
    assert find_or_create_project(tmp_path / "autre.yaml") == (tmp_path / "autre.yaml", False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["absent", "nouveau-projet"]


def test_the_entry_helpers_take_a_file_of_any_shape():
    """What a save does around the form (a new meeting's seed, a new partner joining the bodies,
    packages following the project's dates) never fails on a file edited by hand into odd shapes."""
    from coopdocs.web.entry_actions import join_bodies_of_everyone
    from coopdocs.web.entry_save import packages_follow_dates, seed

    assert seed({"governance": "texte"}, "meetings") == {"body": "", "attendees": []}
    assert seed({"governance": {"bodies": "texte"}}, "meetings") == {"body": "", "attendees": []}
    odd = {"governance": {"bodies": [{"members": [{"id": "a"}]}]}}
    join_bodies_of_everyone(odd, {"a"}, "b")
    assert odd["governance"]["bodies"][0]["members"] == [{"id": "a"}]
    dates = {"project": {"start": [1], "end": "2030-12-31"}, "work_packages": [{"start": [1], "end": "2029-12-31"}]}
    packages_follow_dates(dates, ([1], "2029-12-31"))
    assert dates["work_packages"][0] == {"start": [1], "end": "2030-12-31"}


def test_new_rows_and_partners_start_with_the_choice_most_often_made():
    """A new partner is proposed of the kind most partners are (GALs in a LEADER cooperation); a
    partner's new budget rows go to the one package it leads, and to none when it leads two or
    none (a guess then would be wrong half the time)."""
    from coopdocs.web.entry_save import grid_seeds, seed

    data = {
        "partners": [
            {"id": "gal-a", "type": "gal"},
            {"id": "gal-b", "type": "gal"},
            {"id": "asso", "type": "association"},
            {"id": "vide"},
            "texte",
        ],
        "work_packages": [
            {"id": "wp1", "lead": "gal-a"},
            {"id": "wp2", "lead": "gal-b"},
            {"id": "wp3", "lead": "gal-b"},
        ],
    }
    assert seed(data, "partners") == {"country": "FR", "type": "gal"}
    assert seed({"partners": "texte"}, "partners") == {"country": "FR"}
    rows = grid_seeds(data, "budget.lines")
    assert rows[:3] == [{"partner": "gal-a", "wp": "wp1"}] * 3
    assert rows[3:6] == [{"partner": "gal-b"}] * 3  # leads wp2 and wp3
    assert rows[6:9] == [{"partner": "asso"}] * 3  # leads nothing
    assert grid_seeds({"partners": [{"id": "gal-a"}], "work_packages": "texte"}, "budget.lines")[0] == {
        "partner": "gal-a"
    }


def test_a_project_with_points_of_attention_is_not_said_ready_only_unblocked(example):
    """The command line's --strict refuses what a warning says: the page says the documents can be
    built, and to settle the points before signing, not « le projet est prêt » (which the browser
    journey sees once nothing is left)."""
    warned = text(client_for(example).get("/projet/partenaires"))
    assert (
        "Le fichier projet est valide : les documents peuvent être construits ; réglez les points d'attention" in warned
    )
    assert "le projet est prêt" not in warned


def test_a_gal_without_a_representative_of_its_own_is_presided_by_its_host_body_s(fresh):
    """One person often presides the GAL and its host body: the GAL's representative left empty is
    the host body's, in the file's reading and in the letters (the file itself keeps no copy)."""
    client = client_for(fresh)
    form = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client),
        "partners.1.name": "GAL Montagne Limousine",
        "partners.1.type": "gal",
        "partners.1.country": "FR",
        "partners.1.address": "1 place du Champ de Foire\n19250 Meymac",
        "partners.1.representative.name": "",
        "partners.1.representative.title": "",
        "partners.1.host_body.name": "Parc naturel régional de Millevaches",
        "partners.1.host_body.representative.name": "Pierre Coste",
        "partners.1.host_body.representative.title": "Président",
        "partners.1.contact.name": "Thomas Vidal",
        "partners.1.contact.email": "thomas@millevaches.example",
    }
    page = text(client.get("/projet/element/partners/nouveau"))
    label = re.search(r'<label for="[^"]*partners\.1\.representative\.name"[^>]*>', page).group(0)
    assert "required" not in label  # no star: it may be left empty (a new partner is proposed a GAL)
    legend = re.search(r'id="f-partners\.1\.representative".*?<legend>(.*?)</legend>', page, re.S).group(1)
    shown = re.findall(r"<span [^>]*?(hidden)?>([^<]*)</span>", legend)
    assert shown == [("", "Président ou présidente du GAL (lettres, convocations)"), ("hidden", "Représentant légal")]
    assert 'class="required"' in re.search(r'<label for="[^"]*partners\.1\.name"[^>]*>', page).group(0)
    response = client.post("/projet/element/partners/nouveau", data=form, follow_redirects=False)
    assert response.status_code == 303, text(response)[-3000:]
    from coopdocs.project import load_project

    partner = load_project(fresh).partners[1]
    assert (partner.representative.name, partner.representative.title) == ("Pierre Coste", "Président")
    assert "Pierre Coste" not in fresh.read_text(encoding="utf-8").split("representative:")[1].split("host_body")[0]
    assert run("validate", fresh).exit_code == 0


def test_the_follow_up_page_writes_what_the_bilan_tells(example, tmp_path):
    """« Suivi et bilans »: the indicators as cards with their target and last value, the logbook
    with its entries; a new entry written there is in the bilan of its period (the story the
    trial coordinator found nowhere to write), and a new indicator gets an id from its name."""
    client = client_for(example)
    page = text(client.get("/projet/suivi"))
    assert "Producteurs membres du réseau" in page and "cible\u00a0: 40\u00a0producteurs" in page.replace(
        " :", "\u00a0:"
    )
    assert "dernière valeur\u00a0: 31 (30 juin 2028)" in page.replace(" :", "\u00a0:")
    assert "Lettres d'intention reçues" in page and "Ajouter une entrée au carnet de bord" in page
    bilan = text(client.get("/bilan?periode=2028-S1"))  # the bilan page says where its story is written
    assert (
        'vient du carnet de bord et des indicateurs : écrivez-le avant le bilan dans la page <a href="/projet/suivi">'
        in bilan
    )
    blank = text(client.get("/projet/element/logbook/nouveau"))  # about the whole partnership, written today
    ticked = re.findall(r'<input type="checkbox" name="logbook\.2\.partners" value="([^"]+)" checked>', blank)
    assert ticked == ["gal-etangs", "gal-ardenne-sud", "saveurs-seille", "lag-fjord"]
    assert f'name="logbook.2.date" value="{dt.date.today().isoformat()}"' in blank
    form = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client, "/projet/element/logbook/nouveau"),
        "logbook.2.date": "2028-03-12",
        "logbook.2.title": "Visite d'étude en Ardenne",
        "logbook.2.text": "Douze producteurs ont visité trois fermes du GAL Ardenne du Sud.",
        "logbook.2.partners": "gal-etangs\ngal-ardenne-sud",
    }
    added = client.post("/projet/element/logbook/nouveau", data=form, follow_redirects=False)
    assert added.status_code == 303, text(added)[-2000:]
    logbook = re.search(r'<section id="logbook">(.*?)</section>', text(client.get("/bilan?periode=2028-S1")), re.S)
    assert "12 mars 2028 — Visite d'étude en Ardenne.</strong> Douze producteurs" in logbook.group(1)  # trial 7
    from coopdocs.project import load_project

    index = len(load_project(example).indicators)  # three in the example
    new = {
        "csrf": client.keys.csrf,
        "file_hash": file_hash(client, "/projet/element/indicators/nouveau"),
        f"indicators.{index}.name": "Visiteurs des marchés",
        f"indicators.{index}.unit": "visiteurs",
        f"indicators.{index}.kind": "resultat",
        f"indicators.{index}.target": "2 000",
    }
    assert client.post("/projet/element/indicators/nouveau", data=new, follow_redirects=False).status_code == 303
    project = load_project(example)
    assert [i.id for i in project.indicators][-1] == "visiteurs-des-marches" and project.indicators[-1].target == 2000
    assert project.indicators[-1].values == []  # the empty row of measured values wrote nothing
    # its page has the table of measured values to write in, even with none yet (trial 6 found it
    # only in « Tout le fichier »)
    url = f"/projet/element/indicators/{index + 1}"
    page = text(client.get(url))
    assert 'aria-label="Valeur mesurée — nouvelle ligne"' in page
    measured = {"csrf": client.keys.csrf, "file_hash": file_hash(client, url)}
    measured |= {f"indicators.{index}.values.0.date": "2026-10-15", f"indicators.{index}.values.0.value": "350"}
    measured[f"indicators.{index}.values.0.source"] = "comptage au marché de Dieuze"
    assert client.post(url, data=measured, follow_redirects=False).status_code == 303
    [value] = load_project(example).indicators[-1].values
    assert (str(value.date), value.value, value.source) == ("2026-10-15", 350, "comptage au marché de Dieuze")
    out = tmp_path / "bilan"
    result = run("bilan", example, "--period", "2028-S1", "--timesheets", tmp_path / "vide", "-o", out)
    assert result.exit_code == 0, result.output
    from conftest import docx_text

    assert "Douze producteurs ont visité trois fermes du GAL Ardenne du Sud." in docx_text(
        next(out.rglob("bilan_2028-S1.docx"))
    )


def test_no_two_fields_of_a_page_share_a_label(example):
    """A person tells fields apart by their labels (a package's identifier and its code were both
    « Code du lot »): on every entry page and the first element of every list, each label is
    said once."""
    from coopdocs.web import entry

    client = client_for(example)
    pages = [f"/projet/{s.slug}".rstrip("/") for s in entry.SECTIONS]
    pages += [f"/projet/element/{key}/1" for s in entry.SECTIONS for key in s.lists]
    for url in pages:
        page = text(client.get(url))
        labels = re.findall(r'<label for="f-([^"]+)"[^>]*>([^<]+)</label>', page)
        said: dict[str, str] = {}
        for name, label in labels:
            key = re.sub(r"\.\d+\.", ".", re.sub(r"\.\d+$", "", name))
            assert said.setdefault(label, key) == key, (url, label, key, said[label])


def test_a_partner_s_name_in_a_message_is_elided_as_its_name_is_written():
    """The id « association-croqueurs » starts with a vowel, its name does not: the page says
    « de Croqueurs de pommes » (trial 5 read « d'Croqueurs de pommes »), and « d'Arbres … »."""
    from decimal import Decimal

    from coopdocs.errors import Problem
    from coopdocs.messages import Amount, Phrase
    from coopdocs.web.wording import humane

    data = {
        "partners": [
            {"id": "association-croqueurs", "name": "Association Croqueurs", "short_name": "Croqueurs de pommes"},
            {"id": "pnr-bocage", "name": "Arbres et haies du Bocage"},
        ]
    }

    def said(ident: str) -> str:
        args = {"id": ident, "committed": Amount(Decimal(41000), "EUR"), "budget": Amount(Decimal(40000), "EUR")}
        phrase = Phrase("letters-above-budget", args)
        return humane(Problem.of("p.yaml", 1, 1, "budget", "warning", {"text": phrase}), data, "fr")

    assert said("association-croqueurs").startswith("les lettres de mission de Croqueurs de pommes engagent 41")
    assert said("pnr-bocage").startswith("les lettres de mission d'Arbres et haies du Bocage engagent")


def test_the_financing_page_adds_up_the_project_s_plan(example):
    """Trial 6 found the project's FEADER total (74 224 €) in the agreement only: the page adds
    the partners' plans up by funder, under them."""
    from decimal import Decimal as D

    from coopdocs.web.budget_page import Plan, whole

    a = Plan("A", D(1000), [("FEADER", D(800), 0.8)], "", D(200), 0.2)
    b = Plan("B", D(500), [("FEADER", D(400), 0.8), ("Région", D(50), 0.1)], "Autofinancement", D(50), 0.1)
    project = whole([a, b], "Ensemble du projet")
    assert (project.cost, project.funders[0][:2], project.funders[1][:2]) == (
        D(1500),
        ("FEADER", D(1200)),
        ("Région", D(50)),
    )
    assert (project.own, project.own_label, round(project.own_share, 4)) == (D(250), "Autofinancement", 0.1667)
    assert whole([a], "Ensemble du projet") is None  # one partner: its plan is the project's
    page = text(client_for(example).get("/projet/financement"))
    assert "<h3>Ensemble du projet — " in page


def test_no_page_gives_one_id_to_two_elements(example):
    """A group shown in two parts (a representative and, in « Options avancées », its civility)
    had its id, its help's and its messages' twice: a link to the field, a label's `for` and a
    screen reader's description must find one element."""
    from collections import Counter

    client = client_for(example)
    pages = ["/projet", "/projet/partenaires", "/projet/personnes", "/projet/budget", "/projet/tout"]
    pages += [
        f"/projet/element/{key}/{n}" for key in ("partners", "agents", "work_packages", "meetings") for n in (1, 2)
    ]
    pages += [f"/projet/element/{key}/nouveau" for key in ("partners", "agents", "indicators", "logbook")]
    for url in pages:
        ids = Counter(re.findall(r'\sid="([^"]+)"', client.get(url).text))
        assert [i for i, n in ids.items() if n > 1] == [], url
