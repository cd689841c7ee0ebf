"""The command line's refusals under an English locale: each line in English, word for word, and
no French word outside the values it quotes (ids, paths, `…`, “…”). The French texts are
asserted where each refusal is tested (test_claims, test_control, test_templates_cli…)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from test_claims import TRAVEL, D, fill_register

from conftest import EXAMPLE, MINIMAL, ROOT, run
from coopdocs.claims.compute import claim_number
from coopdocs.claims.ledger import Ledger
from coopdocs.errors import CoopdocsError

ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
FRENCH_WORDS = {
    *("le", "la", "les", "du", "des", "une", "est", "pas", "fichier", "introuvable", "inconnu", "refusé", "demande"),
}
QUOTED = re.compile(r"`[^`]*`|“[^”]*”|«[^»]*»|\S*[/\\-]\S*")
PARTNERS = "gal-etangs, gal-ardenne-sud, saveurs-seille, lag-fjord"


def refused(*args: object) -> str:
    """The one line a refusal prints under an English locale (exit 1), checked for French words."""
    result = run(*map(str, args), env=ENGLISH)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    line = result.stderr.rstrip("\n")
    assert "\n" not in line, line
    assert not french_words(line), (french_words(line), line)
    return line


def french_words(line: str) -> set[str]:
    """The words of the stop-list in `line`, outside what it quotes."""
    return set(re.findall(r"[^\W\d_]+", QUOTED.sub(" ", line).lower())) & FRENCH_WORDS


@pytest.fixture(scope="module")
def claimed(tmp_path_factory) -> Path:
    """The example's output folder with claims 1 (2027-T1) and 2 (one invoice of 2027-T1) written."""
    out = tmp_path_factory.mktemp("english-errors") / "out"
    assert run("build", EXAMPLE, "-o", out, "--date", "2027-01-01", "--only", "depenses").exit_code == 0
    assert run("claim", EXAMPLE, "--period", "2027-T1", "-o", out, "--date", "2027-12-20").exit_code == 0
    invoice = (D(2027, 2, 10), "Autocars de la Seille", "F-2027-100", TRAVEL, 1250.0, D(2027, 3, 1))
    fill_register(out / "depenses/gal-etangs_registre-depenses.xlsx", [invoice])
    assert run("claim", EXAMPLE, "--period", "2027-T1", "-o", out, "--date", "2027-12-20").exit_code == 0
    return out


def test_the_claims_refusals_in_english(claimed):
    claim = ("claim", EXAMPLE, "--period", "2027-T1", "-o", claimed, "--date", "2027-12-20")
    assert refused(*claim, "--number", "1") == (
        "Error: claim no. 1 is already written: a claim is never rewritten, a correction is a new claim (--number 3)"
    )
    assert refused(*claim, "--partner", "gal-etang") == (
        f"Error: unknown partner `gal-etang` — did you mean `gal-etangs`? (known: {PARTNERS})"
    )
    with pytest.raises(CoopdocsError) as caught:  # the command line's IntRange refuses 0 before it
        claim_number(Ledger([]), 0)
    assert caught.value.said("en") == "claim number 0 invalid: from 1 to 99"
    assert caught.value.message == "numéro de demande 0 invalide : de 1 à 99"
    in_french = run(*map(str, claim), "--number", "1", env={**ENGLISH, "LANG": "fr_FR.UTF-8"}).stderr
    assert french_words(in_french) == {"la", "demande", "est", "une"}  # the stop-list catches French


def test_a_register_changed_by_hand_is_refused_in_english(tmp_path):
    (tmp_path / "demandes").mkdir()
    (tmp_path / "demandes/registre.json").write_text('{"claims": 1}', encoding="utf-8")
    assert refused("claim", EXAMPLE, "--period", "2027-T1", "-o", tmp_path, "--date", "2027-12-20") == (
        "Error: demandes/registre.json: not a coopdocs claims register"
    )


def test_the_control_refusals_in_english(claimed):
    control = ("control", EXAMPLE, "-o", claimed, "--date", "2028-01-20", "--claim")
    assert refused(*control, "1", "--partner", "gal-etangs", "--report") == (
        "Error: controle/01/gal-etangs/controle.xlsx not found: write the controller's workbook first "
        "(coopdocs control … --claim 1 --partner gal-etangs, without --report)"
    )
    assert refused(*control, "3", "--partner", "gal-etangs") == (
        "Error: --claim 3: no claim no. 3 in the claims register (written: 1, 2)"
    )
    assert refused(*control, "1", "--partner", "xyz") == f"Error: --partner: unknown partner `xyz` (known: {PARTNERS})"


def test_init_and_the_templates_refusals_in_english(tmp_path):
    (tmp_path / "projet.yaml").write_text("mine\n", encoding="utf-8")
    assert refused("init", tmp_path, "--yes") == (
        f"Error: {tmp_path / 'projet.yaml'} already exists: coopdocs init never overwrites a project file"
    )
    assert refused("templates", "vars", "lettre").startswith(
        "Error: unknown document type `lettre` (convention-partenariat, fiche-projet, lettre-intention, "
    )
    assert refused("templates", "list", "--templates", tmp_path / "none") == (
        f"Error: templates folder not found: {tmp_path / 'none'}"
    )
    assert run("templates", "export", tmp_path / "modeles").exit_code == 0
    assert refused("templates", "export", tmp_path / "modeles").endswith(
        f" file(s) already exist in {tmp_path / 'modeles'} (among them avenant.en.docx): "
        "nothing is copied (--force to replace them)"
    )


def test_a_broken_template_is_refused_in_english(tmp_path):
    folder = tmp_path / "modeles"
    folder.mkdir()
    build = ("build", MINIMAL, "-o", tmp_path / "out", "--templates", folder, "--only", "fiche-projet")
    (folder / "fiche-projet.fr.docx").write_bytes(b"PK\x03\x04 abime")
    assert refused(*build) == (
        "Error: template fiche-projet.fr.docx: unreadable or damaged file, not a Word document (.docx)"
    )
    document = Document(str(ROOT / "coopdocs/documents/builtin/fiche-projet.fr.docx"))
    document.add_paragraph("{{ nowhere }}")
    document.save(str(folder / "fiche-projet.fr.docx"))
    assert refused(*build).startswith("Error: template fiche-projet.fr.docx: unknown variable nowhere (available: ")


def test_the_command_line_s_options_refused_in_english(tmp_path):
    assert refused("checklist", "--stage", "rendre-conte").startswith(
        "Error: --stage: unknown stage `rendre-conte` — did you mean `rendre-compte`? (known: identifier-besoin, "
    )
    assert refused("checklist", "--format", "xlsx") == (
        "Error: --format xlsx writes a workbook: name the file with -o FILE.xlsx"
    )
    timesheets = ("timesheets", EXAMPLE, "-o", tmp_path, "--month")
    assert refused(*timesheets, "2031-01") == (
        "Error: --month: 2031-01 is outside the project (2027-01 → 2029-06): no sheet to write"
    )
    assert refused(*timesheets, "2027-01", "--agent", "zoe-martn") == (
        "Error: --agent: `zoe-martn` is not a staff member on time spent — did you mean `zoe-martin`? "
        "(known: zoe-martin, sophie-lenoir)"
    )


def test_an_unknown_output_type_is_a_usage_error_in_english():
    result = run("build", EXAMPLE, "--only", "lettres", env=ENGLISH)
    assert result.exit_code == 2
    line = result.stderr.splitlines()[-1]
    assert line.startswith("Error: Invalid value for --only: unknown type `lettres` (known: convention-partenariat, ")
    assert not french_words(line), line
