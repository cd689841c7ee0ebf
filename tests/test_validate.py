"""`coopdocs validate`: the examples pass, every bad file reports every problem at its line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import EXAMPLE, MINIMAL, run

BAD = Path(__file__).parent / "bad_inputs" / "projets"
BAD_FILES = sorted(BAD.glob("*.yaml"))


def test_the_corpus_has_at_least_twenty_bad_project_files():
    """Each is run by tests/test_bad_inputs.py, which compares every line of the output."""
    assert len(BAD_FILES) >= 20
    for path in BAD_FILES:
        assert path.with_suffix(".expected").exists(), path


def test_example_validates_with_its_summary():
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{EXAMPLE} : valide.",
        "  Projet : Des étangs à l'Ardenne : circuits courts et tourisme de nature (ETARD) — coopération transnationale",
        "  Convention : modèle leader",
        "  Partenaires : 4 (dont 1 observateur) — FR, BE, NO",
        "  Agents : 4 (2 au temps passé, 2 à part fixe)",
        "  Lots de travail : 3",
        # 275 500,50 € of lines + 15 % of the 237 000,00 € of staff costs = 35 550,00 €.
        "  Budget total : 311\u202f050,50\xa0€ (dont 35\u202f550,00\xa0€ au taux forfaitaire)",
        "  Durée : 30 mois (1er janvier 2027 → 30 juin 2029)",
    ]


def test_the_summary_is_english_under_an_english_locale():
    result = run("validate", EXAMPLE, env={"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"{EXAMPLE}: valid."
    assert result.stdout.splitlines()[3:] == [
        "  Partners: 4 (of which 1 observer) — FR, BE, NO",
        "  Staff: 4 (2 on time spent, 2 at a fixed share)",
        "  Work packages: 3",
        "  Total budget: €311,050.50 (of which €35,550.00 at a flat rate)",
        "  Duration: 30 months (1 January 2027 → 30 June 2029)",
    ]


def test_minimal_example_validates():
    result = run("validate", MINIMAL)
    assert result.exit_code == 0, result.output
    assert "Budget total : 1\u202f000,00\xa0€" in result.stdout


def test_missing_file_is_a_clear_error(tmp_path):
    result = run("validate", tmp_path / "absent.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'absent.yaml'}:1:1: fichier introuvable")


def test_norway_is_a_country_not_false(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace("country: FR", "country: NO")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path / "p.yaml")
    assert result.exit_code == 0, result.output
    assert "Partenaires : 1 — NO" in result.stdout


def test_a_byte_order_mark_is_accepted(tmp_path):
    (tmp_path / "p.yaml").write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    assert run("validate", tmp_path / "p.yaml").exit_code == 0


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    """Structural errors and reference errors of one file come out together."""
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("email: jeanne@gal-a.example", "email: jeanne")
        .replace("lead_partner: gal-a", "lead_partner: gal-b")
        .replace("amount: 1000}", "amount: -5}")
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path / "p.yaml")
    assert result.exit_code == 1
    assert "project.lead_partner: partenaire `gal-b` inconnu" in result.stderr
    assert "partners.0.contact.email: adresse électronique « jeanne » invalide" in result.stderr
    assert "budget.lines.0.amount: doit être supérieur ou égal à 0" in result.stderr
    assert result.stderr.splitlines()[-1] == "3 problèmes : le fichier n'est pas valide."


def test_hourly_rate_basis_and_defaults_are_read(tmp_path):
    from coopdocs.money.costs import hourly_rate
    from coopdocs.project import load_project

    project = load_project(EXAMPLE)
    zoe = next(a for a in project.agents if a.id == "zoe-martin")
    sophie = next(a for a in project.agents if a.id == "sophie-lenoir")
    # 34 400 € / (1720 × 0.8) = 25 €/h; 52 000 € / 1700 h (own basis) = 30.588… → 30.59 €/h (half-up, once).
    assert hourly_rate(zoe.annual_gross_cost, zoe.work_time_ratio, zoe.hourly_rate_basis) == 25
    rate = hourly_rate(sophie.annual_gross_cost, sophie.work_time_ratio, sophie.hourly_rate_basis)
    assert rate == Decimal("30.59")
    assert sophie.weekly_hours == 35 and project.project.currency == "EUR"
    assert project.status("suivre-piloter.m2.1") == "en-cours"
    assert project.status("capitaliser.m1") == "a-faire"


AGENTS_WITHOUT_SUPERVISOR = """agents:
  - id: ana
    name: Ana Rey
    partner: gal-a
    job_title: Animatrice
    annual_gross_cost: 40000
    allocation: {mode: hourly, hours_planned: 300}
    mission: {tasks: [Animer]}
  - id: bob
    name: Bob Lin
    partner: asso-b
    job_title: Chargé de mission
    annual_gross_cost: 36000
    allocation: {mode: hourly, hours_planned: 200}
    mission: {tasks: [Baliser]}
"""
SECOND_PARTNER = """  - id: asso-b
    name: Association B
    type: association
    country: FR
    address: 2 rue Haute, 00000 Bourg
    representative: {name: Marc Blanc, title: Président}
    contact: {name: Eva Blanc, email: eva@asso-b.example}
"""
HOST_BODY = """    host_body:
      name: Syndicat mixte du Pays A
      representative: {name: Louise Martin, title: Présidente}
"""


def test_who_approves_by_default_is_whoever_signs_for_the_employer(tmp_path):
    """No `supervisor`: the employer's legal representative approves the sheets, its host body's
    for a GAL; a host body without address is at the GAL's; the file itself is not rewritten."""
    from coopdocs.project import load_project

    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("work_packages:\n", SECOND_PARTNER + "work_packages:\n", 1)
        .replace("    contact: {name: Jeanne Dupont", HOST_BODY + "    contact: {name: Jeanne Dupont", 1)
        + AGENTS_WITHOUT_SUPERVISOR
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    project = load_project(tmp_path / "p.yaml")
    ana, bob = project.agents
    assert (ana.supervisor.name, ana.supervisor.title) == ("Louise Martin", "Présidente")  # the host body signs
    assert (bob.supervisor.name, bob.supervisor.title) == ("Marc Blanc", "Président")
    assert project.partners[0].host_body is not None
    assert project.partners[0].host_body.address == "1 place de la Mairie, 00000 Village"
    assert (tmp_path / "p.yaml").read_text(encoding="utf-8") == text
    assert run("validate", tmp_path / "p.yaml").exit_code == 0


def test_an_unknown_employer_is_named_once_not_as_a_missing_supervisor(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8") + AGENTS_WITHOUT_SUPERVISOR
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path / "p.yaml")
    assert result.exit_code == 1
    assert "agents.1.partner: partenaire `asso-b` inconnu" in result.stderr, result.stderr
    assert "supervisor" not in result.stderr
    assert result.stderr.splitlines()[-1] == "1 problème : le fichier n'est pas valide."
