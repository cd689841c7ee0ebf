"""validate's warnings: legal YAML that a cooperation manager would want to hear about before
signing, each at its line with what to change; --strict makes them errors; build counts them."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE, MINIMAL, run

AGENT = """agents:
  - id: ana
    name: Ana Lopez
    partner: gal-a
    job_title: Chargée de mission
    supervisor: {name: Ana Lopez, title: Directrice}
    annual_gross_cost: 34400
    allocation: {mode: fixed, share: 0.5}
    mission: {tasks: [Animer]}
"""


def warnings_of(tmp_path: Path, text: str) -> list[str]:
    project = tmp_path / "p.yaml"
    project.write_text(text, encoding="utf-8")
    result = run("validate", project)
    assert result.exit_code == 0, result.output
    prefix = f"{project}:"
    return [line[len(prefix) :] for line in result.stderr.splitlines() if line.startswith(prefix)]


# The example's indicators are measured up to mid-2028: checked on a day after, their values are
# not « from the future » (the check of a value dated after --date is tests/test_evaluation.py's).
AFTER_MEASURES = ("--date", "2028-07-01")


def test_the_example_gets_the_warnings_it_deserves():
    result = run("validate", EXAMPLE, *AFTER_MEASURES)
    assert result.exit_code == 0 and "valide." in result.stdout
    lines = [line.split(":", 1)[1] for line in result.stderr.splitlines() if line.startswith(str(EXAMPLE))]
    # gal-etangs: 135 000 € of staff budget; Julien 50 % of 55 000 €/yr × 30 months = 68 750 €…
    assert lines[0].endswith(
        "budget.lines.0.amount: avertissement : budget de personnel de gal-etangs : 135\u202f000,00\u00a0€, mais ses "
        "lettres de mission n'en engagent que 82\u202f500,00\u00a0€ : ajoutez l'agent qui manque ou ajustez le budget"
    )
    assert len(lines) == 3 and result.stderr.splitlines()[-1] == "3 avertissements : à revoir avant de signer."


def test_an_agent_who_approves_their_own_sheets_and_signs_their_own_letter(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace("work_packages:", AGENT + "work_packages:")
    text = text.replace("representative: {name: Jeanne Dupont", "representative: {name: ana lopez")
    found = warnings_of(tmp_path, text)
    assert (
        "23:11: agents.0.name: avertissement : Ana Lopez signerait sa lettre de mission comme employeur et comme "
        "agent : indiquez qui signe pour l'employeur (employer_signatory: {name, title})" in found
    )
    assert any(
        w.startswith("26:24: agents.0.supervisor.name: avertissement : Ana Lopez approuverait ses propres")
        for w in found
    )


def test_an_interreg_via_project_declared_transnational_and_an_observer_leading_a_work_package(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("programme: LEADER 2023-2027 (FEADER)", "programme: Interreg VI-A France-Wallonie-Vlaanderen")
    text = text.replace("cooperation: interterritoriale", "cooperation: transnationale")
    text = text.replace(
        "work_packages:",
        "  - id: obs\n    name: Observateur\n    type: gal\n    country: BE\n    address: Bouillon\n    observer: true\n"
        "    representative: {name: R, title: P}\n    contact: {name: C, email: c@o.example}\nwork_packages:",
    )
    text = text.replace(
        "  - {id: wp1, title: Coordination, lead: gal-a,", "  - {id: wp1, title: Coordination, lead: obs,"
    )
    found = warnings_of(tmp_path, text)
    assert any(
        "project.cooperation: avertissement : un programme Interreg VI-A finance une coopération transfrontalière" in w
        for w in found
    )
    assert any(
        "work_packages.0.lead: avertissement : le lot wp1 est confié à obs, partenaire observateur" in w for w in found
    )


def test_strict_makes_warnings_errors_and_build_counts_them(tmp_path):
    strict = run("validate", "--strict", EXAMPLE, *AFTER_MEASURES)
    assert strict.exit_code == 1 and strict.stderr.splitlines()[-1] == "3 problèmes : le fichier n'est pas valide."
    built = run("build", EXAMPLE, "-o", tmp_path / "out", "--only", "fiche-projet", *AFTER_MEASURES)
    assert built.exit_code == 0
    assert f"3 avertissements : coopdocs validate {EXAMPLE} pour les voir" in built.stderr


def test_hours_charged_to_a_work_package_where_the_employer_has_no_budget(tmp_path):
    hourly = AGENT.replace("supervisor: {name: Ana Lopez", "supervisor: {name: Paul Roy").replace(
        "{mode: fixed, share: 0.5}", "{mode: hourly, hours_planned: 300}"
    )
    text = MINIMAL.read_text(encoding="utf-8").replace("work_packages:", hourly + "work_packages:")
    text = text.replace("  lead_partner: gal-a\n", "  lead_partner: gal-a\n  rules: {hours_basis: 1607}\n")
    found = warnings_of(tmp_path, text)
    assert found == [
        "32:42: work_packages.0.lead: avertissement : les feuilles de temps d'Ana Lopez proposent le lot wp1, "
        "où gal-a n'a aucune ligne de budget : ajoutez une ligne de budget de gal-a sur wp1 (ou confiez le lot "
        "à un partenaire qui a ce budget)"
    ]
    # A staff budget on the package silences it (and its amount is then compared with the letter).
    funded = text.replace(
        "{partner: gal-a, category: travel, amount: 1000}", "{partner: gal-a, category: staff, amount: 8400, wp: wp1}"
    )
    assert not [w for w in warnings_of(tmp_path, funded) if "feuilles de temps" in w]


def test_a_partner_working_in_english_would_get_french_only_texts(tmp_path):
    # The example gives its title, objectives, the observer's role and the steering committee's
    # agendas in both languages; take the English away from the objectives and an agenda item.
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        '- {fr: "Structurer un réseau transfrontalier de 40 producteurs en circuits courts", '
        'en: "Build a cross-border network of 40 short-chain producers"}',
        '- "Structurer un réseau transfrontalier de 40 producteurs en circuits courts"',
    )
    text = text.replace("- {fr: Balisage des itinéraires, en: Waymarking of the trails}", "- Balisage des itinéraires")
    # A work package's title and a body's frequency are in the English agreement too.
    text = text.replace(
        "title: {fr: Itinéraires de découverte étangs et forêts, en: Discovery trails through ponds and forests}",
        "title: Itinéraires de découverte étangs et forêts",
    )
    text = text.replace("frequency: {fr: tous les mois, en: every month}", "frequency: tous les mois")
    found = [w.split(": ", 1)[1] for w in warnings_of(tmp_path, text) if "texte en français" in w]
    # Each text at its own line, with who would read it in French: the objective is in the
    # English agreement and in the observer's letter; the agenda item in the observer's invitation.
    assert found == [
        "project.objectives.0: avertissement : texte en français seulement : la convention en anglais et les "
        "documents de lag-fjord l'afficheraient en français ; donnez-le aussi en anglais ({fr: …, en: …})",
        "work_packages.1.title: avertissement : texte en français seulement : la convention en anglais "
        "l'afficherait en français ; donnez-le aussi en anglais ({fr: …, en: …})",
        "governance.bodies.1.frequency: avertissement : texte en français seulement : la convention en anglais "
        "l'afficherait en français ; donnez-le aussi en anglais ({fr: …, en: …})",
        "meetings.1.agenda.2: avertissement : texte en français seulement : les documents de lag-fjord "
        "l'afficheraient en français ; donnez-le aussi en anglais ({fr: …, en: …})",
    ]


HOURLY_AGENT = AGENT.replace("allocation: {mode: fixed, share: 0.5}", "allocation: {mode: hourly, hours_planned: 400}")


def test_an_hours_basis_left_to_the_default_under_leader_is_said_to_be_the_projects_to_state(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace("work_packages:", HOURLY_AGENT + "work_packages:")
    found = warnings_of(tmp_path, text)
    assert (
        "4:3: project.rules: avertissement : la base horaire annuelle n'est pas indiquée : coopdocs prend 1 720 h "
        "pour un temps plein, chiffre du règlement (UE) 2021/1060 qui ne régit pas ce programme ; indiquez celle "
        "que fixe l'autorité de gestion ou la règle nationale (rules: hours_basis), elle figurera dans les "
        "lettres de mission" in found
    )
    stated = text.replace("  lead_partner: gal-a\n", "  lead_partner: gal-a\n  rules: {hours_basis: 1607}\n")
    assert not [w for w in warnings_of(tmp_path, stated) if "base horaire" in w]
    fixed_only = MINIMAL.read_text(encoding="utf-8").replace("work_packages:", AGENT + "work_packages:")
    assert not [w for w in warnings_of(tmp_path, fixed_only) if "base horaire" in w]  # no hourly rate to compute


def test_under_interreg_another_basis_than_1720_hours_cites_the_article_it_departs_from(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace("work_packages:", HOURLY_AGENT + "work_packages:")
    text = text.replace("programme: LEADER 2023-2027 (FEADER)", "programme: Interreg Europe 2021-2027")
    assert not [w for w in warnings_of(tmp_path, text) if "base horaire" in w]  # 1 720 h is the regulation's
    text = text.replace("  lead_partner: gal-a\n", "  lead_partner: gal-a\n  rules: {hours_basis: 1607}\n")
    found = [w for w in warnings_of(tmp_path, text) if "base horaire" in w]
    assert found == [
        "13:24: project.rules.hours_basis: avertissement : base horaire de 1607 h par an : sous Interreg, le taux "
        "horaire divise le coût annuel par 1 720 h pour un temps plein (art. 55(2)(a) du règlement (UE) 2021/1060) ; "
        "écrivez 1720, ou gardez cette base si la règle du programme l'impose et citez-la dans le dossier"
    ]


def test_a_travel_flat_rate_outside_interreg_cites_the_interreg_rule_it_borrows(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "    - {partner: gal-a, category: travel, amount: 1000}\n",
        "    - {partner: gal-a, category: staff, amount: 10000}\n  flat_rates: {travel: 0.15}\n",
    )
    expected = (
        "26:24: budget.flat_rates.travel: avertissement : le forfait de déplacements sur les frais de personnel est "
        "une règle d'Interreg (art. 41(5) du règlement (UE) 2021/1059) : gardez-le seulement si les règles de votre "
        "programme le prévoient, sinon déclarez les déplacements au réel"
    )
    assert expected in warnings_of(tmp_path, text)
    interreg = text.replace("programme: LEADER 2023-2027 (FEADER)", "programme: Interreg Europe 2021-2027")
    assert not [w for w in warnings_of(tmp_path, interreg) if "forfait de déplacements" in w]
