"""The guide map by item and audience (issue 16): signed documents show a few points for the
person who signs and never the team's; the team's are in suivi/preparation.xlsx; a user's map
(new or former format) still loads; a bad one is a located French error."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import CTE_ITEMS, EXAMPLE, MINIMAL, ROOT, docx_text, minimal_with, run, soffice_or_fail
from coopdocs.documents.guide_map import SIGNATORY, TEAM
from coopdocs.documents.search_path import TemplatePath
from coopdocs.guide import load_guide
from coopdocs.kinds import SIGNED

FIXTURE = ROOT / "tests/fixtures/regles-de-cout.yaml"
INTERREG = ROOT / "tests/fixtures/interreg-frontiere.yaml"


def signed_documents(out: Path) -> list[tuple[str, Path]]:
    return [(p.stem.split("_")[0], p) for p in sorted(out.rglob("*.docx")) if p.stem.split("_")[0] in SIGNED]


def after_last_signature(path: Path) -> list[str]:
    """The texts that follow a document's last signature block (a table whose text asks for a
    signature), in the body's order, up to its annexes (the contract v3 allows those only)."""
    from docx import Document

    body = Document(str(path)).element.body
    blocks = [el for el in body.iterchildren() if el.tag.endswith(("}p", "}tbl"))]
    texts = ["".join(node.text or "" for node in el.iter() if node.tag.endswith("}t")) for el in blocks]
    last = max(i for i, (el, text) in enumerate(zip(blocks, texts)) if el.tag.endswith("}tbl") and "Signature" in text)
    after = [text for text in texts[last + 1 :] if text.strip()]
    annexes = next((i for i, text in enumerate(after) if text.startswith(("Annexe", "Annex"))), len(after))
    return after[:annexes]


@pytest.mark.parametrize("project", [EXAMPLE, FIXTURE, INTERREG, MINIMAL], ids=lambda p: p.stem)
def test_signed_documents_carry_only_what_is_signed_and_the_covering_letter_the_points(project, tmp_path):
    """Issue 23: no guide box and nothing after the last signature in a signed document; the
    signatory's points travel in the partner's covering letter, in its language, never the team's."""
    assert run("build", project, "-o", tmp_path, "--date", "2028-07-01").exit_code == 0
    guide_map = TemplatePath().guide_map()
    cte = re.search(r"cooperation: (transnationale|transfrontaliere)", project.read_text(encoding="utf-8"))
    transnational = cte is not None
    documents = signed_documents(tmp_path)
    # the lead partner writes no letter of intent to itself: the minimal project's only partner has none
    assert {kind for kind, _ in documents} >= {"convention-partenariat", "fiche-engagement"}
    for _kind, path in documents:
        text = docx_text(path)
        assert "Points d'attention" not in text and "Points to note" not in text, path
        assert not set("☐◐☑☒") & set(text), path  # no to-do look inside what is signed
        after = after_last_signature(path)
        annexes = next((i for i, t in enumerate(after) if t.startswith(("Annexe", "Annex"))), len(after))
        assert after[:annexes] == [], path  # nothing but the annexes (spec, version 3)
    letters = sorted(tmp_path.glob("partenaires/*/courrier-envoi.docx"))
    assert letters or project == MINIMAL  # the minimal project's only partner is the lead
    for letter in letters:
        text = docx_text(letter)
        lang = "en" if "Please find enclosed" in text else "fr"
        sent = {p.stem.split("_")[0] for p in letter.parent.glob("*.docx")} - {"courrier-envoi"}
        for kind in sent | {"convention-partenariat"}:
            for entry in guide_map[kind]:
                if entry.audience == TEAM:
                    assert entry.reason_in(lang) not in text, (letter, entry.item)
        for kind in sent:
            for entry in guide_map[kind]:
                if entry.audience == SIGNATORY and (transnational or entry.item not in CTE_ITEMS):
                    words = load_guide().item_ids[entry.item].text
                    assert words in text.replace("\u00a0", " ").replace("\u202f", " "), (letter, entry.item)
        assert len(re.findall(r"^• ", text, flags=re.MULTILINE)) >= 1, letter


def test_the_issue_examples_are_mapped_as_said():
    guide_map = TemplatePath().guide_map()

    def items(kind: str) -> set[str]:
        return {e.item for e in guide_map[kind]}

    assert {"organiser-synergie.m1", "suivre-piloter.m2.1", "suivre-piloter.m3.1", "suivre-piloter.v4"} <= items(
        "lettre-mission"
    )
    assert {"engager-acteurs.m3", "contacter-partenaires.v4"} <= items("lettre-intention")
    assert "suivre-piloter.m2" in items("depenses")
    team = {e.item for e in guide_map["convention-partenariat"] if e.audience == TEAM}
    assert {"construire-projet.v5.1", "formaliser-partenariat.v2"} <= team
    assert all(e.reason and "\n" not in e.reason for entries in guide_map.values() for e in entries)


def test_a_former_format_map_still_loads_its_items_are_the_teams_in_signed_documents(tmp_path):
    folder = tmp_path / "modeles"
    folder.mkdir()
    (folder / "guide-map.yaml").write_text(
        "fiche-engagement: [contacter-partenaires]\nfiche-projet: [suivre-piloter.m2]\n", encoding="utf-8"
    )
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--templates", folder, "--date", "2028-07-01")
    assert result.exit_code == 0, result.output
    letter = docx_text(tmp_path / "out/partenaires/gal-a/fiche-engagement.docx")
    assert "solidité financière" not in letter and "Points d'attention" not in letter
    sheet = docx_text(tmp_path / "out/fiche-projet.docx")
    assert "☐ donner un cadre administratif précis (\u202f!! libellé des factures etc.)\n" in sheet
    assert "\t☐ mettre en place un suivi du temps précis / planning des agents\n" in sheet
    rows = preparation(tmp_path / "out")
    assert ["partenaires/gal-a/fiche-engagement.docx", "contacter-partenaires.v2"] in [[r[0], r[3]] for r in rows]
    assert rows[0][5] == "(carte de l'ancien format)"


BAD_MAPS = [
    (
        "[a, b]\n",
        "guide-map.yaml:1:1: le fichier doit être un dictionnaire de clés (convention-partenariat, lettre-mission, …)",
    ),
    ("lettre-mision: []\n", "guide-map.yaml:1:1: lettre-mision: document `lettre-mision` inconnu — vouliez-vous dire"),
    ("fiche-projet: suivre-piloter\n", "guide-map.yaml:1:15: fiche-projet: doit être une liste de points du guide"),
    (
        "avenant:\n  - {point: suivre-piloter.v4, public: signataires, raison: Pour les contrôles.}\n",
        "guide-map.yaml:2:40: avenant.0.public: `signataires` : le public est `signataire` ou `equipe`",
    ),
    (
        "avenant:\n  - {point: suivre-piloter.v9, public: equipe, raison: Pour les contrôles.}\n",
        "guide-map.yaml:2:13: avenant.0.point: `suivre-piloter.v9` n'est pas un point du guide — vouliez-vous dire",
    ),
    (
        "avenant:\n  - {point: suivre-piloter.v4, public: equipe}\n",
        "guide-map.yaml:2:5: avenant.0: `raison` manque (chaque point a un `point`, un `public` et une `raison`)",
    ),
    (
        "avenant:\n  - {point: suivre-piloter.v4, public: equipe, raison: x, audience: equipe}\n",
        "guide-map.yaml:2:69: avenant.0.audience: clé `audience` inconnue (connues : point, public, raison, raison_en)",
    ),
    (
        "avenant:\n  - {point: suivre-piloter.v4, public: equipe, raison: x}\n"
        "  - {point: suivre-piloter.v4, public: signataire, raison: y}\n",
        "guide-map.yaml:3:13: avenant.1.point: `suivre-piloter.v4` est déjà cité pour `avenant` : gardez-en un seul",
    ),
    (
        "avenant:\n"
        + "".join(f"  - {{point: suivre-piloter.v{i}, public: signataire, raison: x}}\n" for i in range(1, 6)),
        "guide-map.yaml:2:3: avenant: 5 points `signataire` dans un document signé : 4 au plus "
        "(passez les autres en `public: equipe`)",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_MAPS, ids=[m.split(": ", 2)[-1][:30] for _, m in BAD_MAPS])
def test_a_bad_map_is_a_located_french_error(tmp_path, text, message):
    folder = tmp_path / "modeles"
    folder.mkdir()
    (folder / "guide-map.yaml").write_text(text, encoding="utf-8")
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--templates", folder)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def preparation(out: Path) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(out / "suivi/preparation.xlsx").active
    return [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)]


def test_preparation_lists_the_teams_items_before_each_document(built_example):
    from openpyxl import load_workbook

    sheet = load_workbook(built_example / "suivi/preparation.xlsx").active
    assert sheet.title == "Avant l'envoi"
    assert [c.value for c in sheet[4]] == [
        "Document",
        "Type",
        "État",
        "Point du guide",
        "Texte du guide",
        "Pourquoi le vérifier",
        "Statut",
        "Remarque",
        "Vérifié par",
        "Le",
    ]
    assert [c.value for c in sheet[5]] == [
        "convention-partenariat.docx",
        "Convention de partenariat",
        "produit",
        "construire-projet.v5.1",
        "attention à la position de chef de projet qui travaille pour l'ensemble mais est payé par un des partenaires",
        "Dire dans la convention qui emploie le chef de projet et pour qui il travaille.",
        "à faire",
        None,
        None,
        None,
    ]
    rows = preparation(built_example)
    letter = [r for r in rows if r[0] == "partenaires/gal-ardenne-sud/lettre-intention.docx"]
    assert [r[3] for r in letter] == [
        "identifier-acteurs.v1.2",
        "engager-acteurs.m3",
        "engager-acteurs.v1.2",
        "contacter-partenaires.v2",
        "contacter-partenaires.v4",
    ]
    assert letter[1][6] == "fait"
    assert ["depenses/gal-etangs_registre-depenses.xlsx", "Registre des dépenses"] in [r[:2] for r in rows]
    assert ["feuilles-de-temps/sophie-lenoir/", "suivre-piloter.m3.1"] in [[r[0], r[3]] for r in rows]
    assert sheet.freeze_panes == "A5"


def test_preparation_states_edited_and_signed_and_user_text_stays_text(tmp_path):
    project = minimal_with(
        tmp_path,
        "checklist:\n"
        "  formaliser-partenariat.m1: {status: fait, note: 'Convention signée le 2 mars'}\n"
        "  formaliser-partenariat.m2: {status: en-cours, note: '=HYPERLINK(\"http://x\")'}\n",
    )
    out = tmp_path / "out"
    assert run("build", project, "-o", out, "--date", "2028-07-01").exit_code == 0
    states = {r[0]: r[2] for r in preparation(out)}
    assert states["convention-partenariat.docx"] == "signé"
    assert states["partenaires/gal-a/fiche-engagement.docx"] == "produit"
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(out / "suivi/preparation.xlsx").active.iter_rows() for c in row]
    formula = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert formula and all(c.data_type == "s" for c in formula)
    # Someone edits the commitment form by hand: a build of the preparation alone says so.
    form = out / "partenaires/gal-a/fiche-engagement.docx"
    form.write_bytes(form.read_bytes() + b"edited")
    assert run("build", project, "-o", out, "--date", "2028-07-01", "--only", "preparation").exit_code == 0
    assert {r[0]: r[2] for r in preparation(out)}["partenaires/gal-a/fiche-engagement.docx"] == "modifié"
    again = run("build", project, "-o", out, "--date", "2028-07-01", "--only", "preparation")
    assert "1 identique" in again.stdout + again.stderr


def test_not_signed_does_not_count():
    from coopdocs.forms.preparation import SIGNED_NOTE

    assert SIGNED_NOTE.search("convention signée le 31 mars")
    assert SIGNED_NOTE.search("Signées : gal-a, gal-b")["who"] == "gal-a, gal-b"
    for note in ("non signé", "pas signée", "à faire signer", "le partenaire signe demain"):
        assert not SIGNED_NOTE.search(note), note


def test_the_commitment_forms_signatures_stay_on_the_page_of_their_text(built_example, tmp_path):
    soffice = soffice_or_fail()
    for partner in ("gal-etangs", "gal-ardenne-sud", "saveurs-seille"):
        source = built_example / f"partenaires/{partner}/fiche-engagement.docx"
        copy = tmp_path / f"{partner}.docx"
        copy.write_bytes(source.read_bytes())
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = tmp_path / f"{partner}.pdf"
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        pages_list = pages.split("\f")
        page = next(p for p in pages_list if re.search(r"Signature ?:", p))
        # The signature block is on the page of the commitments and of the « Fait à » line.
        assert re.search(r"(Fait à|Done at|, \d+ \w+ 20\d\d)", page), (partner, page)
        assert re.search(r"(Signer la convention|Sign the partnership agreement)", page), (partner, page)


def test_the_expense_register_cites_the_guides_administrative_frame(built_example):
    from openpyxl import load_workbook

    sheet = load_workbook(built_example / "depenses/gal-etangs_registre-depenses.xlsx").active
    line = sheet["A5"].value
    assert line.startswith("Points d'attention (guide Cap Rural)\u00a0: ")
    assert (
        "Chaque ligne reprend le libellé exact de la facture, son fournisseur et son lot ("
        "«\u00a0donner un cadre administratif précis (\u202f!! libellé des factures etc.)\u00a0»)" in line
    )
    assert sheet["A6"].value == "Date"
