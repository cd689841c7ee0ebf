"""Issue 25 in a real browser (Debian's Chromium driven by Playwright, never skipped): a LEADER
coordinator sets up a whole project from an empty folder with `coopdocs serve`, using only what
a person sees (labels, roles, texts; no selector naming a key): 3 partners (two GALs with their
host body), 4 people (two on time spent, two at a fixed share, one of them the others'
supervisor), 3 work packages with deliverables, 9 budget lines with a flat rate, FEADER 80 % and
self-financing, a steering committee and its first meeting; fixes every message, builds the
documents; then `coopdocs validate --strict` passes and the file's comments survive. The
journey's fields and clicks are counted (bench/serve.py runs this test and reports them)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from test_web_browser import browser, served_folder  # noqa: F401  (fixtures: the Chromium, `coopdocs serve` on an empty folder)

from conftest import run


class Person:
    """What a person does on the page, counted: each field filled or chosen, each click."""

    def __init__(self, page):
        self.page, self.fields, self.clicks = page, 0, 0

    def fill(self, where, label, value):
        where.get_by_label(label, exact=True).fill(value)
        self.fields += 1

    def choose(self, where, label, option):
        """A choice the page has already made (a seed) is read and left, as a person does."""
        select = where.get_by_label(label, exact=True)
        if select.locator("option:checked").inner_text() != option:
            select.select_option(label=option)
            self.fields += 1

    def keep(self, where, label, value):
        """A text the page proposes (what the others have) is read and kept when it is right."""
        field = where.get_by_label(label, exact=True)
        if field.input_value() != value:
            self.fill(where, label, value)

    def check(self, where, label):
        where.get_by_label(label, exact=True).check()
        self.fields += 1

    def click(self, role, name, where=None):
        (where or self.page).get_by_role(role, name=name, exact=True).first.click()
        self.clicks += 1

    def go(self, step):
        """A step of the sub-navigation (not counted: a person reads the next step)."""
        self.page.get_by_role("navigation", name="Étapes de la saisie du projet").get_by_role(
            "link", name=re.compile(re.escape(step))
        ).click()

    def then_another(self, button, noun):
        """« … puis en saisir un autre »: the click, then the new element's form."""
        self.click("button", button)
        self.page.get_by_role("heading", name=f"Nouveau : {noun}").wait_for()

    def saved(self):
        self.page.get_by_text("Enregistré.", exact=True).wait_for()


def group(page, name):
    return page.get_by_role("group", name=name, exact=True)


def fill_partner(me, page, name, kind, address, representative, contact, email, host=None):
    me.fill(page, "Raison sociale", name)
    if kind:
        me.choose(page, "Nature juridique", kind)
    if host:
        body = group(page, "Structure porteuse, qui signe pour le GAL")
        me.fill(body, "Raison sociale de la structure porteuse", host[0])
        if host[1]:  # else at the GAL's address
            me.fill(body, "Adresse de la structure porteuse", host[1])
        me.fill(body, "Nom du représentant de la structure porteuse", host[2])
        me.keep(body, "Fonction du représentant de la structure porteuse", "Présidente")
    me.fill(page, "Adresse postale", address)
    if host:  # a GAL's own representative is its chair (trial 6: « Nom du représentant légal » under its title)
        me.fill(page, "Nom du président ou de la présidente du GAL", representative)
        me.keep(page, "Sa fonction (Président, Présidente…)", "Président")
    else:
        me.fill(page, "Nom du représentant légal", representative)
        me.keep(page, "Fonction du représentant légal", "Président")
    me.fill(page, "Nom de la personne à contacter", contact)
    me.fill(page, "Adresse électronique", email)


def fill_agent(me, page, name, employer, cost, tasks, supervisor=None, job="Chargé(e) de mission"):
    """`supervisor` (name, position) when it is not whoever signs for the employer."""
    me.fill(page, "Nom et prénom", name)
    me.choose(page, "Employeur", employer)
    me.keep(page, "Intitulé du poste", job)
    if supervisor:
        me.fill(page, "Nom du ou de la responsable", supervisor[0])
        me.fill(page, "Fonction du ou de la responsable", supervisor[1])
    me.fill(page, "Coût salarial annuel chargé", cost)
    me.fill(page, "Tâches confiées", tasks)


def budget_row(me, page, n, partner, category, amount, wp=None, label=None):
    """A new line in the rows already given to its partner (its name chosen, as the page shows)."""
    assert (
        page.get_by_label(f"Partenaire — nouvelle ligne {n}", exact=True).locator("option:checked").inner_text()
        == partner
    )
    me.choose(page, f"Catégorie — nouvelle ligne {n}", category)
    if wp:
        me.choose(page, f"Lot de travail — nouvelle ligne {n}", wp)
    if label:
        me.fill(page, f"Libellé — nouvelle ligne {n}", label)
    me.fill(page, f"Montant — nouvelle ligne {n}", amount)


def funding_row(me, page, n, partner, source, rate):
    """A partner's new row: its name chosen, and the public funder the others have when it has none."""
    assert (
        page.get_by_label(f"Partenaire financé — nouvelle ligne {n}", exact=True).locator("option:checked").inner_text()
        == partner
    )
    if page.get_by_label(f"Financeur — nouvelle ligne {n}", exact=True).input_value() != source:
        me.fill(page, f"Financeur — nouvelle ligne {n}", source)
    me.fill(page, f"Taux — nouvelle ligne {n}", rate)


def test_a_coordinator_sets_up_a_whole_project_from_an_empty_folder(browser, served_folder, tmp_path):  # noqa: F811
    url, folder = served_folder
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(8000)
    me = Person(page)
    page.goto(url)

    # 1. The project
    me.fill(page, "Titre du projet", "Sentiers de Lumière : coopération entre deux GAL")
    me.fill(page, "Acronyme", "SDL")
    me.fill(page, "Début du projet", "2027-01-01")
    me.fill(page, "Fin du projet", "2029-12-31")
    me.fill(page, "Résumé du projet", "Deux territoires relient leurs sentiers et leurs producteurs.")
    me.fill(page, "Objectifs", "Relier les sentiers des deux territoires\nFormer les animateurs")
    me.click("button", "Enregistrer « Le projet »")
    me.saved()

    # 2. Partners: the template one renamed (its references follow), two added
    me.go("Partenaires")  # the example coopdocs init left opens at once: it is the first to replace
    page.get_by_text("Voici l'exemple laissé à la création du projet", exact=False).wait_for()
    fill_partner(
        me,
        page,
        "GAL Pays de Lumière",
        None,
        "Maison du Pays, 2 rue des Lilas\n05000 Gap",
        "Jean Roux",
        "Julie Roux",
        "julie@lumiere.example",
        host=("Syndicat mixte du Pays de Lumière", None, "Marie Lambert"),  # at the GAL's address
    )
    me.then_another("Enregistrer, puis en saisir un autre", "partenaire")
    kind = page.get_by_label("Nature juridique", exact=True).locator("option:checked").inner_text()
    assert kind == "groupe d'action locale"  # proposed: the kind of the partners already there
    fill_partner(
        me,
        page,
        "GAL Vallée Verte",
        "groupe d'action locale",
        "1 place de la Mairie\n05200 Embrun",
        "Luc Blanc",
        "Léa Blanc",
        "lea@vallee.example",
        host=("Communauté de communes de la Vallée", "Hôtel de ville\n05200 Embrun", "Anne Vidal"),
    )
    page.get_by_text("Options avancées", exact=True).click()
    me.fill(page, "Région ou département (jours fériés)", "FR-05")
    me.then_another("Ajouter, puis en saisir un autre", "partenaire")
    me.fill(page, "Raison sociale", "Association Les Sentiers d'Orée")
    me.choose(page, "Nature juridique", "association")
    assert not page.get_by_label("Raison sociale de la structure porteuse", exact=True).is_visible()  # not a GAL
    for label, value in (
        ("Adresse postale", "3 chemin des Prés\n05100 Briançon"),
        ("Nom du représentant légal", "Paul Simon"),
        ("Fonction du représentant légal", "Président"),
        ("Nom de la personne à contacter", "Eva Simon"),
        ("Adresse électronique", "eva@sentiers.example"),
    ):
        me.keep(page, label, value)
    me.click("button", "Ajouter à la liste")
    me.saved()
    cards = page.get_by_role("list").filter(has_text="GAL Vallée Verte").first.inner_text()
    assert "GAL Pays de Lumière" in cards and "Association Les Sentiers d'Orée" in cards
    # the subdivision the calendar does not know is a warning that says what happens, a link to its field
    page.get_by_text(re.compile(r"^Points d'attention : \d+$")).click()
    warning = page.get_by_role("link", name=re.compile("jours fériés nationaux seulement"))
    warning.click()
    me.fill(page, "Région ou département (jours fériés)", "")
    me.click("button", "Enregistrer")
    me.saved()

    # 3. People: two on time spent, two at a fixed share (the second agent: the old dead end)
    me.go("Personnes")
    fill_agent(
        me, page, "Zoé Martin", "GAL Pays de Lumière", "45 000", "Animer le réseau", ("Paul Durand", "Directeur")
    )
    me.fill(page, "Heures prévues sur le projet", "1 200")
    me.then_another("Enregistrer, puis en saisir un autre", "personne")
    fill_agent(me, page, "Luc Moreau", "GAL Vallée Verte", "40 000", "Baliser les sentiers")  # approved by Anne Vidal
    me.fill(page, "Heures prévues sur le projet", "900")
    me.then_another("Ajouter, puis en saisir un autre", "personne")
    fill_agent(
        me,
        page,
        "Claire Petit",
        "Association Les Sentiers d'Orée",
        "36 000",
        "Animer les sorties",
    )
    me.check(page, "Part fixe de son temps (sans feuille de temps)")
    me.fill(page, "Part fixe de son temps", "50")
    me.then_another("Ajouter, puis en saisir un autre", "personne")
    fill_agent(me, page, "Paul Durand", "GAL Pays de Lumière", "60 000", "Encadrer l'équipe", job="Directeur")
    me.check(page, "Part fixe de son temps (sans feuille de temps)")
    me.fill(page, "Part fixe de son temps", "10 %")
    me.click("button", "Ajouter à la liste")
    me.saved()
    people = page.locator("main").inner_text()
    assert "part fixe : 50" in people and "1 200 h prévues" in people.replace("\u202f", " ")
    # who approves when the person said nothing: whoever signs for the employer (a GAL's host body);
    # a fixed share has no sheet to approve
    assert "feuilles approuvées par Anne Vidal" in people and "feuilles approuvées par Paul Durand" in people
    assert people.count("feuilles approuvées par") == 2, people
    assert "lots de ses feuilles : Coordination et gestion" in people  # the columns said before the first sheet

    # 4. Work packages
    me.go("Lots et livrables")  # the example's package already runs over the project's new dates
    assert page.get_by_label("Début du lot", exact=True).input_value() == "2027-01-01"
    assert page.get_by_label("Fin du lot", exact=True).input_value() == "2029-12-31"
    me.fill(page, "Échéance — ligne 1", "2027-03-31")
    me.then_another("Enregistrer, puis en saisir un autre", "lot")
    for title, lead, deliverable, another in (
        ("Sentiers partagés", "GAL Vallée Verte", "Carte des sentiers", True),
        ("Réseau de producteurs", "Association Les Sentiers d'Orée", "Annuaire des producteurs", False),
    ):
        me.fill(page, "Intitulé du lot", title)
        me.choose(page, "Partenaire responsable du lot", lead)
        assert page.get_by_label("Début du lot", exact=True).input_value() == "2027-01-01"  # the project's dates
        if another:
            me.fill(page, "Début du lot", "2027-03-01")
            me.fill(page, "Fin du lot", "2029-09-30")
        assert page.get_by_label("Intitulé du livrable — nouvelle ligne 2", exact=True).is_visible()  # two at once
        me.fill(page, "Intitulé du livrable — nouvelle ligne 1", deliverable)
        me.fill(page, "Échéance — nouvelle ligne 1", "2028-06-30")
        me.click("button", "Ajouter, puis en saisir un autre" if another else "Ajouter à la liste")
    me.saved()

    # 5. Budget: 9 lines (the template's two, seven new), office costs at a flat 15 %
    me.go("Budget")
    me.fill(page, "Montant — ligne 1", "50 000")
    page.get_by_label("Lot de travail — ligne 1", exact=True).select_option(index=0)
    me.fields += 1
    budget_row(
        me,
        page,
        1,
        "GAL Pays de Lumière",
        "Expertise et services externes",
        "12 000",
        "WP1 – Coordination et gestion",
        "Évaluation",
    )
    # its three rows, 4 to 6, go to the package it leads until the person chooses another
    assert page.get_by_label("Lot de travail — nouvelle ligne 4", exact=True).locator(
        "option:checked"
    ).inner_text() == ("WP2 – Sentiers partagés")
    budget_row(me, page, 4, "GAL Vallée Verte", "Frais de personnel", "22 000")
    budget_row(me, page, 5, "GAL Vallée Verte", "Frais de déplacement", "4 000", "WP2 – Sentiers partagés")
    page.get_by_role("heading", name="Budget par partenaire et par catégorie").wait_for()
    page.wait_for_function("() => document.querySelector('#budget-tables').innerText.includes('22\u202f000,00')")
    budget_row(me, page, 6, "GAL Vallée Verte", "Équipement", "8 000", "WP2 – Sentiers partagés", "Balisage")
    budget_row(me, page, 7, "Association Les Sentiers d'Orée", "Frais de personnel", "56 000")
    budget_row(
        me, page, 8, "Association Les Sentiers d'Orée", "Autres dépenses", "3 000", "WP3 – Réseau de producteurs"
    )
    budget_row(
        me, page, 9, "Association Les Sentiers d'Orée", "Frais de déplacement", "2 500", "WP3 – Réseau de producteurs"
    )
    me.click("button", "Enregistrer le tableau")
    me.saved()
    tables = page.locator("#budget-tables").inner_text()
    assert "7\u202f500,00\u00a0€" in tables  # office costs: 15 % of 50 000 €

    # 6. Financing plan: FEADER 80 % for each partner; the rest is self-financing, written once
    # for the lead partner (an explicit row understood as such), implied for the others
    me.go("Plan de financement")
    assert page.get_by_label("Financeur — nouvelle ligne 1", exact=True).input_value() == ""  # it has FEADER
    assert page.get_by_label("Financeur — nouvelle ligne 3", exact=True).input_value() == "FEADER"
    assert page.get_by_label("Financeur — nouvelle ligne 4", exact=True).input_value() == ""  # its second row
    funding_row(me, page, 1, "GAL Pays de Lumière", "Autofinancement", "20 %")  # two rows each
    funding_row(me, page, 3, "GAL Vallée Verte", "FEADER", "80 %")
    funding_row(me, page, 5, "Association Les Sentiers d'Orée", "FEADER", "80")
    me.click("button", "Enregistrer le tableau")
    me.saved()
    plans = page.locator("#budget-tables").inner_text()
    assert plans.count("Autofinancement") == 4  # one own-funds row each, never a second one, and the project's
    # 74 500 (50 000 + 7 500 office + 12 000 + the template's 5 000) + 37 300 (22 000 + 3 300 + 4 000
    # + 8 000) + 69 900 (56 000 + 8 400 + 3 000 + 2 500); FEADER 80 % of 181 700 = 145 360
    assert "Ensemble du projet — 181\u202f700,00\xa0€" in plans and "FEADER\t145\u202f360,00\xa0€\t80\xa0%" in plans

    # 7. Governance: the partners added sit on the steering committee; its first meeting invites them
    me.go("Gouvernance et réunions")
    committee = page.get_by_role("listitem").filter(has_text="Comité de pilotage").first.inner_text()
    assert "GAL Pays de Lumière, GAL Vallée Verte, Association Les Sentiers d'Orée" in committee, committee
    page.get_by_text("Pour commencer la liste, remplissez ces champs", exact=False).wait_for()  # no meeting yet
    me.fill(page, "Date de la réunion", "2027-06-15")
    me.fill(page, "Lieu de la réunion", "Gap")
    me.fill(page, "Ordre du jour", "Lancement des lots\nCalendrier")
    for name in ("GAL Pays de Lumière", "GAL Vallée Verte", "Association Les Sentiers d'Orée"):
        assert page.get_by_label(name, exact=True).is_checked()  # the body's members, invited
    me.click("button", "Ajouter à la liste")
    me.saved()
    assert "Le fichier projet est valide, rien à corriger : le projet est prêt" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "gouvernance.png"), full_page=True)

    # the setup ends here: what the issue counted by hand (185 fields, 30 clicks), counted again
    setup = {"fields": me.fields, "clicks": me.clicks}

    # Build the documents
    page.get_by_role("link", name="Documents", exact=True).click()
    me.click("button", "Construire les documents")
    page.get_by_role("link", name=re.compile("^Convention de partenariat")).first.wait_for(timeout=30000)

    # A month of time sheet: filled in the grid, signed by the agent, approved by her supervisor
    page.get_by_role("link", name="Feuilles de temps", exact=True).click()
    page.get_by_role("link", name="mars 2027", exact=True).click()
    me.fill(page, "2 mars 2027, lot Coordination et gestion", "7")
    me.fill(page, "3 mars 2027, lot Coordination et gestion", "3,5")
    page.get_by_role("status").get_by_text("10,5", exact=True).wait_for()  # the month's total, live
    me.click("button", "Enregistrer")
    page.get_by_text("Feuille enregistrée (cellules modifiées : 2).", exact=True).wait_for()
    signing = page.get_by_role("region", name="Signer le mois (agent : Zoé Martin)")
    me.fill(signing, "Votre nom", "Zoé Martin")
    me.click("button", "Signer par déclaration (agent : Zoé Martin)", signing)
    page.get_by_text("Feuille déclarée signée par Zoé Martin", exact=False).wait_for()
    approving = page.get_by_role("region", name="Approuver le mois (responsable : Paul Durand)")
    # signed before March 2027 is over (the machine's clock): a point the supervisor confirms first
    early = dt.date.today() < dt.date(2027, 3, 31)
    point = approving.get_by_role("checkbox", name=re.compile("avant la fin du mois .31 mars 2027."))
    assert point.count() == int(early)
    if early:
        point.check()
        me.fields += 1
    me.fill(approving, "Votre nom", "Paul Durand")
    me.click("button", "Approuver par déclaration (responsable : Paul Durand)", approving)
    page.get_by_text("Feuille déclarée approuvée", exact=False).first.wait_for()
    assert page.get_by_label("2 mars 2027, lot Coordination et gestion", exact=True).is_disabled()

    # The bilan of the first period, chosen in the list of the project's periods
    page.get_by_role("link", name="Bilan", exact=True).click()
    page.get_by_role("link", name="1er semestre 2027", exact=True).click()
    figures = page.get_by_role("table").first.inner_text()
    assert "10,5 h" in figures and "274,68" in figures, figures  # 10,5 h × (45 000 € / 1 720 h = 26,16 €)
    me.click("button", "Écrire le bilan Word et Excel")
    page.get_by_role("link", name="Télécharger le bilan (Word)", exact=True).wait_for()
    context.close()
    assert sorted(p.name for p in (tmp_path / "output").rglob("bilan_*")) == [
        "bilan_2027-S1.docx",
        "bilan_2027-S1.xlsx",
    ]
    from docx import Document

    bilan = next((tmp_path / "output").rglob("bilan_2027-S1.docx"))
    text = "\n".join(p.text for p in Document(str(bilan)).paragraphs)
    assert "10,5 heures ont été déclarées par 1 agent au temps passé" in text  # Zoé; Luc declared none

    project = folder / "projet.yaml"
    result = run("validate", project, "--strict")
    assert result.exit_code == 0, result.output
    written = project.read_text(encoding="utf-8")
    assert "# Fichier projet coopdocs. Complétez les valeurs" in written and "# coût salarial chargé annuel" in written
    counts = {"setup": setup, "whole": {"fields": me.fields, "clicks": me.clicks}}
    if os.environ.get("COOPDOCS_JOURNEY_COUNTS"):  # bench/serve.py runs this test and reports them
        Path(os.environ["COOPDOCS_JOURNEY_COUNTS"]).write_text(json.dumps(counts), encoding="utf-8")
    # never more than when last counted (a step that costs a field or a click more fails): the
    # setup, then the whole journey with the build, the month filled, signed, approved and the bilan
    whole = 95 + early  # the early-signature point ticked while March 2027 is not over
    assert counts == {"setup": {"fields": 91, "clicks": 15}, "whole": {"fields": whole, "clicks": 20}}, counts
