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
    found = warnings_of(tmp_path, text)
    assert found == [
        "31:42: work_packages.0.lead: avertissement : les feuilles de temps de Ana Lopez proposent le lot wp1, "
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
    found = warnings_of(tmp_path, text)
    assert (
        "103:15: partners.3.language: avertissement : lag-fjord reçoit ses documents en anglais, mais ces textes n'y "
        "seraient qu'en français : project.objectives.0, meetings.1.agenda.2 ; donnez-les aussi en anglais "
        "({fr: …, en: …})" in found
    )
