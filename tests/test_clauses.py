"""The agreement's clauses as a legal representative reads them (issue 23): its annexes listed
and referred to, the LEADER condition on each partner's aid decision, each lump sum with its
label and deliverable in the budget article and beside its deliverable, the number of originals
as the parties are, and French as a careful writer writes it (« régie par le droit français »,
full stops, “ ” inside « », « 15 % »)."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE, MINIMAL, docx_tables, docx_text, run
from coopdocs.french import sentence, typeset, with_article

LUMP_SUM = (
    "    - {partner: saveurs-seille, category: other, kind: lump_sum, amount: 6000, wp: wp3, "
    'label: Marchés itinérants, deliverable: "Marché itinérant (quatre éditions)"}\n'
)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(path: Path) -> list[str]:
    """The body's paragraphs and tables in their order, each as its text, empty ones left out."""
    from docx import Document

    texts = ["".join(t.text or "" for t in el.iter(f"{W}t")) for el in Document(str(path)).element.body.iterchildren()]
    return [t for t in texts if t.strip()]


def agreement(tmp_path: Path, replacements: tuple[tuple[str, str], ...] = (), source: Path = EXAMPLE) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    tmp_path.mkdir(parents=True, exist_ok=True)
    project = tmp_path / "p.yaml"
    project.write_text(text, encoding="utf-8")
    result = run("build", project, "-o", tmp_path / "o", "--only", "convention-partenariat", "--date", "2027-03-31")
    assert result.exit_code == 0, result.output
    return tmp_path / "o"


def test_annexes_listed_after_the_signatures_and_referred_to_in_the_object(tmp_path):
    out = agreement(tmp_path)
    text = docx_text(out / "convention-partenariat.docx")
    assert (
        "Sont annexées à la présente convention, dont elles font partie\u00a0: l'annexe 1, la fiche projet "
        "(description, lots de travail, calendrier)\u202f; l'annexe 2, la fiche d'engagement de chaque partenaire "
        "financé. En cas de contradiction, la convention prévaut sur ses annexes." in text
    )
    # after the last signature block, in the body's order: the list of annexes, nothing else
    assert body(out / "convention-partenariat.docx")[-3:] == [
        "Annexes",
        "Annexe 1 – Fiche projet",
        "Annexe 2 – Fiches d'engagement des partenaires financés",
    ]
    assert body(out / "convention-partenariat.en.docx")[-3:] == [
        "Annexes",
        "Annex 1 – Project sheet",
        "Annex 2 – Commitment forms of the funded partners",
    ]
    assert "Signature" in body(out / "convention-partenariat.docx")[-4]


def test_the_leader_model_makes_each_partners_commitments_subject_to_its_aid_decision(tmp_path):
    text = docx_text(agreement(tmp_path) / "convention-partenariat.docx")
    assert (
        "Les engagements financiers de chaque partenaire sont subordonnés à la décision d'attribution de l'aide "
        "qu'il a sollicitée auprès de l'autorité de gestion dont il relève. Chaque partenaire transmet cette "
        "décision au chef de file dès qu'il la reçoit\u202f; si l'aide lui est refusée ou réduite, les partenaires "
        "adaptent le projet et son budget par avenant (article 10)." in text
    )
    # Interreg: the lead partner receives the grant for all; no such clause
    interreg = Path(__file__).parent / "fixtures/interreg-frontiere.yaml"
    assert run("build", interreg, "-o", tmp_path / "i", "--only", "convention-partenariat").exit_code == 0
    other = docx_text(tmp_path / "i/convention-partenariat.docx")
    assert "subordonnés à la décision d'attribution" not in other


def test_each_lump_sum_in_the_budget_article_and_beside_its_deliverable(tmp_path):
    lines = "    - {partner: saveurs-seille, category: other, amount: 4000, wp: wp3, label: Location de stands}\n"
    out = agreement(tmp_path, ((lines, lines + LUMP_SUM),))
    text = docx_text(out / "convention-partenariat.docx")
    assert "Les montants forfaitaires sont versés sur remise du livrable qui les déclenche\u00a0:" in text
    assert (
        "Saveurs de la Seille — Marchés itinérants (WP3)\u00a0: 6\u202f000,00\u00a0€, sur remise du livrable "
        "«\u00a0Marché itinérant (quatre éditions)\u00a0»." in text
    )
    packages = next(t for t in docx_tables(out / "convention-partenariat.docx") if t[0][0] == "Lot")
    assert packages[3][0] == "WP3" and packages[3][4] == (
        "Annuaire des producteurs\u202f; Marché itinérant (quatre éditions) (montant forfaitaire de 6\u202f000,00\u00a0€)"
    )
    english = next(t for t in docx_tables(out / "convention-partenariat.en.docx") if t[0][0] == "WP")
    assert english[3][4] == "Directory of producers; Travelling market (four editions) (lump sum of €6,000.00)"


def test_originals_are_the_signing_parties_unless_the_file_says_otherwise(tmp_path):
    text = docx_text(agreement(tmp_path) / "convention-partenariat.docx")
    assert "Elle est établie en 4 exemplaires originaux, un pour chaque partie signataire." in text
    other = agreement(tmp_path / "b", (("originals: 4}", "originals: 6}"),))
    text = docx_text(other / "convention-partenariat.docx")
    assert "Elle est établie en 6 exemplaires originaux." in text


def test_the_governing_law_with_its_article_and_texts_ending_with_a_full_stop(tmp_path):
    out = agreement(tmp_path, (("governing_law: {fr: le droit français,", "governing_law: {fr: droit français,"),))
    text = docx_text(out / "convention-partenariat.docx")
    assert "conviennent que la présente convention est régie par le droit français." in text
    minimal = agreement(tmp_path / "m", source=MINIMAL)
    text = docx_text(minimal / "convention-partenariat.docx")
    assert "Règlement des différends convenu entre les partenaires\u00a0: Tribunal compétent." in text
    assert "Règle de décision\u00a0: " in text and ".." not in text


def test_french_rules_for_quotes_laws_sentences_and_percentages(tmp_path):
    assert (
        typeset("le projet « Saveurs « Terroir & Co » » signé")
        == "le projet «\u00a0Saveurs “Terroir & Co”\u00a0» signé"
    )
    assert typeset("« Terroir & Co »") == "«\u00a0Terroir & Co\u00a0»"  # not nested: unchanged but for spaces
    assert with_article("droit français") == "le droit français" and with_article("Loi belge") == "la loi belge"
    assert with_article("le droit luxembourgeois") == "le droit luxembourgeois"
    assert sentence("Amiable") == "Amiable." and sentence("Tribunal ?") == "Tribunal ?"
    text = docx_text(agreement(tmp_path) / "convention-partenariat.docx")
    assert "frais de bureau\u00a0: 15\u00a0% des frais de personnel" in text
