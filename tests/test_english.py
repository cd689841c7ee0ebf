"""English outputs are English: every text of the English bilan (Word, Excel, the JSON's messages)
and of an English-working partner's letter, once the project's own texts and the guide's marked
quotations are taken out, holds no French word of a stop-list."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from openpyxl import load_workbook
from ruamel.yaml import YAML
from test_bilan import fill_register, fill_sheet

from conftest import ROOT, docx_text, header, run

FIXTURE = ROOT / "tests/fixtures/interreg-frontiere.yaml"
# Words that are French and not English (« date », « total », « article » are both: not listed).
FRENCH = set(
    "le la les des du et pour une avec dans sur est sont aux ce cette qui que par pas feuille heures partenaire "
    "partenaires projet dépenses dépense coût frais taux montant réunion période ligne catégorie facture "
    "fournisseur oui non vérifier bloquant bloquante jour férié samedi dimanche mois fichier inconnu inconnue "
    "comptées comptée lettre signé signée pièce contrôle anomalie aucune aucun".split()
)


def project_texts(path: Path) -> list[str]:
    """Every text the project file gives (both languages), longest first."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.extend(line.strip() for line in value.splitlines() if line.strip())

    walk(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


def guide_quotations() -> list[str]:
    """The guide's own words (its title, stages and items), quoted in French on purpose."""
    from coopdocs.guide import load_guide

    guide = load_guide()
    texts = [guide.source["title"], guide.source["author"], "Conduire des démarches ou des projets de coopération"]
    texts.append("Conduire des démarches ou des projets de coopération. Méthodes, outils et points de vigilance")
    texts += [stage.title for stage in guide.stages]
    texts += [item.text for item in guide.item_ids.values()]
    return sorted(set(texts), key=len, reverse=True)


def french_left(texts: list[str], allowed: list[str]) -> list[tuple[str, list[str]]]:
    left = []
    for text in texts:
        rest = text.replace("\u00a0", " ").replace("\u202f", " ")
        rest = re.sub(r"\S+\.xlsx(!\S+)?", " ", rest)  # a file reference names the file's own sheet
        rest = re.sub(r"«[^»]*»", " ", rest)  # the guide's words, marked as a quotation (shortened ones too)
        for quoted in sorted(allowed, key=len, reverse=True):  # « mettre en place… » before « en »
            rest = re.sub(rf"(?<!\w){re.escape(quoted)}(?!\w)", " ", rest)
        words = [w for w in re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", rest.lower()) if w in FRENCH]
        if words:
            left.append((text[:120], words))
    return left


def workbook_texts(path: Path) -> list[str]:
    book = load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        texts.append(sheet.title)
        texts += [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    return texts


def test_the_english_bilan_and_an_english_partner_s_letter_are_english(tmp_path):
    project = tmp_path / "frontiere.yaml"
    shutil.copy(FIXTURE, project)
    shutil.copytree(FIXTURE.parent / "logos", tmp_path / "logos")
    out = tmp_path / "out"
    assert run("build", str(project), "-o", str(out)).exit_code == 0
    # Anomalies of every family: a Saturday and a public holiday worked, hours without a number,
    # an invoice twice, an unbudgeted category.
    sheet = out / "feuilles-de-temps/marc-petit/marc-petit_2027-05.xlsx"
    book = load_workbook(sheet)
    head, cols = header(book["Feuille"], {"Date", "Total"})
    wp = next(name for name in cols if name.upper().startswith("WP1"))
    book.close()
    fill_sheet(
        sheet,
        {
            dt.date(2027, 5, 1): {wp: 3},  # 1 May, a public holiday (and a Saturday)
            dt.date(2027, 5, 8): {wp: 2},  # 8 May, a public holiday in France, a Saturday
            dt.date(2027, 5, 4): {wp: "7h30"},
            dt.date(2027, 5, 5): {wp: 7},
        },
    )
    register = out / "depenses/cc-oree_registre-depenses.xlsx"
    day = dt.date(2027, 5, 10)
    fill_register(
        register,
        [
            (day, "F-1", "Équipement", 400.0, day),
            (day, "F-1", "Équipement", 400.0, day),
            (day, "F-2", "Frais de déplacement", 90.0, day),
        ],
    )
    result = run("bilan", str(project), "-o", str(out), "--period", "2027", "--lang", "en", "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    kinds = {a["kind"] for a in figures["anomalies"]}
    assert {"holiday", "invalid-value", "duplicate-invoice", "unbudgeted-category", "missing-month"} <= kinds
    # The names of the read forms' own sheets are the files' data, like the project's texts.
    allowed = project_texts(project) + guide_quotations() + ["Feuille", "Dépenses"]
    messages = [a["message"] for a in figures["anomalies"]]
    assert french_left(messages, allowed) == []
    assert "“7h30” is not a number of hours" in messages
    assert [w["title"] for w in figures["work_packages"]] == ["Coordination", "Waymarking and map"]  # the chart's
    assert french_left(docx_text(out / "bilans/bilan_2027.docx").splitlines(), allowed) == []
    assert french_left(workbook_texts(out / "bilans/bilan_2027.xlsx"), allowed) == []
    letter = docx_text(out / "partenaires/ort-ardennes/lettre-soutien.docx")
    assert french_left(letter.splitlines(), allowed) == []


def test_an_english_working_partner_s_letters_and_register_are_english(tmp_path):
    """The Belgian partner of the Interreg fixture, working in English: its letter of intent,
    commitment form and expense register."""
    text = FIXTURE.read_text(encoding="utf-8").replace("    article: l'\n", "    article: l'\n    language: en\n", 1)
    project = tmp_path / "frontiere.yaml"
    project.write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURE.parent / "logos", tmp_path / "logos")
    out = tmp_path / "out"
    assert run("build", str(project), "-o", str(out)).exit_code == 0
    allowed = project_texts(project) + guide_quotations()
    for name in ("lettre-intention.docx", "fiche-engagement.docx"):
        assert french_left(docx_text(out / "partenaires/idelux" / name).splitlines(), allowed) == [], name
    assert french_left(workbook_texts(out / "depenses/idelux_registre-depenses.xlsx"), allowed) == []


def test_the_english_evaluation_plan_experience_sheet_and_final_report_are_english(tmp_path):
    """The Interreg fixture given indicators, an evaluation and lessons (tests/test_evaluation.py):
    its English-working observer gets the experience sheet in English; with --lang en, the
    evaluation plan and the final report are English too."""
    from test_evaluation import INTERREG_EVALUATION

    project = tmp_path / "frontiere.yaml"
    project.write_text(FIXTURE.read_text(encoding="utf-8") + INTERREG_EVALUATION, encoding="utf-8")
    shutil.copytree(FIXTURE.parent / "logos", tmp_path / "logos")
    out, english = tmp_path / "out", tmp_path / "en"
    assert run("build", str(project), "-o", str(out)).exit_code == 0
    assert run("build", str(project), "-o", str(english), "--lang", "en", "--only", "plan-evaluation").exit_code == 0
    result = run("bilan", str(project), "-o", str(out), "--period", "final", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    allowed = project_texts(project) + guide_quotations()
    for path in (
        out / "capitalisation/fiche-experience.en.docx",
        english / "suivi/plan-evaluation.docx",
        out / "bilans/bilan_final.docx",
    ):
        assert french_left(docx_text(path).splitlines(), allowed) == [], path.name
    assert french_left(workbook_texts(out / "bilans/bilan_final.xlsx"), allowed) == []
    assert "What we learnt" in docx_text(out / "capitalisation/fiche-experience.en.docx")
    assert "Final report" in docx_text(out / "bilans/bilan_final.docx")


def test_command_line_errors_are_english_under_an_english_locale(tmp_path):
    """An error made from the catalogue (CoopdocsError.of) is said in the command line's
    language: « Error: » and its English text; the French run keeps its French words."""
    english = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    french = {"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    args = ("timesheets", ROOT / "projects/etangs-ardenne.yaml", "--month", "2027-13", "-o", tmp_path / "out")
    said = run(*args, env=english)
    assert said.exit_code == 1 and said.stderr == "Error: invalid month “2027-13”: YYYY-MM expected\n"
    assert run(*args, env=french).stderr == "Erreur : mois « 2027-13 » invalide : format AAAA-MM attendu\n"
    period = run("bilan", ROOT / "projects/etangs-ardenne.yaml", "--period", "2027-T5", "-o", tmp_path, env=english)
    assert period.stderr.startswith(
        "Error: invalid period “2027-T5”: YYYY, YYYY-S1, YYYY-T1 … YYYY-T4, YYYY-MM or final"
    )
    assert not (tmp_path / "out").exists()
    exported = run("templates", "export", tmp_path / "models", env=english)
    assert (
        exported.stdout
        == f"25 files copied to {tmp_path / 'models'}; use them with --templates {tmp_path / 'models'}\n"
    )
    listed = run("templates", "list", "--templates", tmp_path / "models", env=english).stdout.splitlines()
    assert len(listed) == 25 and all(" own " in line for line in listed)
    missing = run("archive", "--verify", tmp_path / "absente.zip", env=english)
    assert missing.exit_code == 1 and missing.stderr == f"Error: {tmp_path / 'absente.zip'}: archive not found\n"
