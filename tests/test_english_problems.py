"""The problems and warnings of a project file in English (issue 22): each is a catalogue key with
typed arguments, so that `LANG=en_US.UTF-8 coopdocs validate` and the English workspace say them
in English, amounts as €1,100.00 and the regulations cited as the English texts cite them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINIMAL, run
from coopdocs.errors import ProjectError
from coopdocs.project import load_project

PROJETS = Path(__file__).parent / "bad_inputs" / "projets"
ENGLISH = {"LANG": "en_US.UTF-8"}


def english_lines(path: Path, *args: str) -> list[str]:
    """What `validate` prints on stderr for `path` in English, the file's name cut from each line."""
    result = run("validate", path, *args, env=ENGLISH)
    return [line.removeprefix(f"{path}:") for line in result.stderr.splitlines()]


def test_a_duplicate_key_and_inverted_dates_in_english():
    assert english_lines(PROJETS / "cle-en-double.yaml") == [
        "5:3: project.title: duplicate key `title` (already defined on line 3)",
        "1 problem: the file is not valid.",
    ]
    assert english_lines(PROJETS / "dates-inversees.yaml") == [
        "2:3: project: the end date (end) must be after the start date (start)",
        "20:5: work_packages.0: the end date (end) must be after the start date (start)",
        "2 problems: the file is not valid.",
    ]


def test_funding_above_costs_shows_english_amounts():
    # gal-a: 1 000 € of costs; its two funding lines give 600 + 500 = 1 100 €.
    assert english_lines(PROJETS / "financement-superieur-aux-couts.yaml") == [
        "26:7: budget.funding.1: the funding of `gal-a` (€1,100.00) exceeds its costs (€1,000.00)",
        "1 problem: the file is not valid.",
    ]


def test_flat_rates_cite_the_regulations_as_english_texts_do():
    assert english_lines(PROJETS / "forfait-et-couts-reels.yaml")[:3] == [
        "24:34: budget.lines.0.category: CPR Art. 55(1): staff costs are calculated at the flat rate "
        "(flat_rates.staff): remove this line or the rate",
        "25:34: budget.lines.1.category: Regulation (EU) 2021/1059, Art. 41(5): travel costs are calculated at "
        "the flat rate (flat_rates.travel): remove this line or the rate",
        "26:34: budget.lines.2.category: CPR Art. 54(a): office costs are indirect costs, covered by the flat "
        "rate (flat_rates.indirect): remove this line or the rate",
    ]
    ceilings = english_lines(PROJETS / "taux-forfaitaires-plafonds.yaml")
    assert "22:23: budget.flat_rates.staff: CPR Art. 55(1): at most 20% of direct costs other than staff costs" in (
        ceilings
    )
    assert (
        "22:37: budget.flat_rates.travel: Regulation (EU) 2021/1059, Art. 41(5): at most 15% of direct staff costs"
        in (ceilings)
    )


def test_unknown_references_and_codes_in_english():
    assert english_lines(PROJETS / "identifiant-invalide.yaml")[1] == (
        "10:17: project.lead_partner: unknown partner `gal-a` — did you mean `gal_a`? (known: gal_a)"
    )
    assert english_lines(PROJETS / "reunion-instance-inconnue.yaml")[0] == (
        "45:11: meetings.0.body: unknown governance body `Comite de pilotage` — did you mean "
        "`Comité de pilotage`? (known: Comité de pilotage)"
    )
    assert english_lines(PROJETS / "pays-inconnu.yaml")[0] == (
        "17:14: partners.0.country: unknown country code “XX” (ISO 3166-1: FR, BE, DE, NO…)"
    )
    assert english_lines(PROJETS / "guillemet-non-ferme.yaml")[0] == "3:10: invalid YAML syntax: unclosed quote"


def test_the_workspace_gets_the_same_problem_in_english():
    with pytest.raises(ProjectError) as refused:
        load_project(PROJETS / "financement-superieur-aux-couts.yaml")
    (problem,) = refused.value.problems
    assert (
        problem.message == "le financement de `gal-a` (1\u202f100,00\u00a0€) dépasse ses coûts (1\u202f000,00\u00a0€)"
    )
    assert problem.said("en") == "the funding of `gal-a` (€1,100.00) exceeds its costs (€1,000.00)"


def test_warnings_in_english():
    lines = english_lines(EXAMPLE, "--date", "2028-07-01")
    # gal-etangs: 135 000 € of staff budget, its letters commit 82 500 € (as test_warnings.py works out).
    assert lines[-4] == (
        "210:54: budget.lines.0.amount: warning: staff budget of gal-etangs: €135,000.00, but its mission "
        "letters commit only €82,500.00: add the missing agent or adjust the budget"
    )
    assert lines[-1] == "3 warnings: to review before signing."


def test_a_letter_signed_on_both_sides_warns_in_english(tmp_path):
    agent = (
        "agents:\n  - id: ana\n    name: Ana Lopez\n    partner: gal-a\n    job_title: Chargée de mission\n"
        "    supervisor: {name: Ana Lopez, title: Directrice}\n    annual_gross_cost: 34400\n"
        "    allocation: {mode: fixed, share: 0.5}\n    mission: {tasks: [Animer]}\n"
    )
    text = MINIMAL.read_text(encoding="utf-8").replace("work_packages:", agent + "work_packages:")
    project = tmp_path / "p.yaml"
    project.write_text(text.replace("representative: {name: Jeanne Dupont", "representative: {name: ana lopez"))
    lines = english_lines(project)
    assert (
        "23:11: agents.0.name: warning: Ana Lopez would sign their mission letter both as the employer and as the "
        "agent: say who signs for the employer (employer_signatory: {name, title})" in lines
    )
    assert (
        "26:24: agents.0.supervisor.name: warning: Ana Lopez would approve their own time sheets: name their line manager"
        in (lines)
    )


# French words no English message holds; the file's own values (quoted, or listed as known ids) are left out.
FRENCH = set(
    "le la les l d du des de un une doit être est sont pas ne n ou et au aux en dans hors sans avec pour par qui que "
    "clé fichier inconnu inconnue indiquez avertissement identifiant partenaire lot texte caractère interdit nombre "
    "valeur invalide fin début échéance réunion instance membre membres connus connues vouliez vous dire étape "
    "pays devise taux frais coûts personnel forfaitaire ligne financement dépasse lecture refusée imbrication "
    "syntaxe guillemet crochet accolade tabulation trop plus moins projet".split()
)
QUOTED = re.compile(r"`[^`]*`|«[^»]*»|“[^”]*”|\((?:known|members): [^)]*\)")


def french_words(line: str) -> set[str]:
    """The stop-list's words in a line of `validate`, outside its place and the values it quotes
    (an id with a hyphen or an underscore is a value too)."""
    said = QUOTED.sub(" ", re.sub(r"^.*?:\d+:\d+: (?:\S+: )?", "", line))
    tokens = [t for t in re.findall(r"[\w'’-]+", said) if not re.search(r"[-_]", t)]
    return {w for t in tokens for w in re.split(r"['’]", t) if w in FRENCH}


@pytest.mark.parametrize("path", sorted(PROJETS.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_french_word_in_english_validate(path):
    lines = english_lines(path)
    assert lines and lines[-1].endswith("the file is not valid.")
    assert [(line, french_words(line)) for line in lines if french_words(line)] == []


def test_the_stop_list_finds_the_french_messages():
    line = (
        "f.yaml:10:17: project.lead_partner: partenaire `gal-a` inconnu — vouliez-vous dire `gal_a` ? (connus : gal_a)"
    )
    assert french_words(line) == {"partenaire", "inconnu", "dire", "connus"}  # « vouliez-vous » reads as an id
    assert french_words("f.yaml:2:3: project: la date de fin (end) doit être postérieure") >= {"la", "doit", "être"}
