"""Agreements and letters a legal representative signs as they are (issue 15), read back with
python-docx: the legal model's clauses, the host body as party, observers outside the financial
articles, French typography in every French document, no build date in « le … » without --date.

Two projects: the LEADER example (a French GAL signed for by its host body, a Norwegian observer)
and tests/fixtures/interreg-frontiere.yaml (Interreg VI-A, cross-border, an observer working in
English, a logo); a third, the minimal project under regional funds, for the `autre` model.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, MINIMAL, ROOT, docx_headings, docx_text, run, soffice_or_fail
from coopdocs.formats import long_date

INTERREG = ROOT / "tests/fixtures/interreg-frontiere.yaml"
NB, NNB = "\u00a0", "\u202f"  # before « : » and inside « », before « ; ! ? »

LEADER_HEADINGS = [
    "Article 1 – Objet",
    "Article 2 – Durée et éligibilité des dépenses",
    "Article 3 – Rôle du chef de file",
    "Article 4 – Obligations de chaque partenaire",
    "Article 5 – Partenaires associés",
    "Article 6 – Rôles et lots de travail",
    "Article 7 – Gouvernance",
    "Article 8 – Budget et plan de financement",
    "Article 9 – Versement des aides et montants indus",
    "Article 10 – Modifications du budget et avenants",
    "Article 11 – Suivi et bilans",
    "Article 12 – Contrôles et conservation des pièces",
    "Article 13 – Règles d'éligibilité communes",
    "Article 14 – Pérennité des investissements",
    "Article 15 – Communication et publicité",
    "Article 16 – Données personnelles",
    "Article 17 – Propriété des livrables",
    "Article 18 – Responsabilité, assurances et force majeure",
    "Article 19 – Manquement, retrait, exclusion et remplacement d'un partenaire",
    "Article 20 – Langue",
    "Article 21 – Droit applicable et règlement des différends",
    "Article 22 – Entrée en vigueur et exemplaires",
]


def _build(project: Path, out: Path, *extra: str) -> Path:
    result = run("build", project, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def leader(tmp_path_factory) -> Path:
    return _build(EXAMPLE, tmp_path_factory.mktemp("leader"), "--date", "2027-03-15")


@pytest.fixture(scope="module")
def interreg(tmp_path_factory) -> Path:
    return _build(INTERREG, tmp_path_factory.mktemp("interreg"))


def _paragraphs_of_article(path: Path, heading: str) -> str:
    """The text of one article: its paragraphs up to the next heading."""
    out, inside = [], False
    for paragraph in Document(str(path)).paragraphs:
        if paragraph.style.name.startswith("Heading"):
            inside = paragraph.text == heading
            continue
        if inside:
            out.append(paragraph.text)
    return "\n".join(out)


def test_leader_agreement_has_every_clause_and_each_group_is_paid_by_its_own_authority(leader):
    agreement = leader / "convention-partenariat.docx"
    assert [h for h in docx_headings(agreement) if h.startswith("Article")] == LEADER_HEADINGS
    payments = _paragraphs_of_article(agreement, "Article 9 – Versement des aides et montants indus")
    assert "Aucune aide d'un partenaire ne transite par le chef de file." in payments
    assert "reversé par lui à l'organisme payeur qui l'a versé" in payments
    assert "2021/1059" not in docx_text(agreement)  # no Interreg rule in a LEADER agreement
    assert "article 77 du règlement (UE) 2021/2115" in docx_text(agreement)
    lead = _paragraphs_of_article(agreement, "Article 3 – Rôle du chef de file")
    assert "il ne perçoit ni ne reverse les aides des autres partenaires" in lead
    assert "régie par le droit français" in docx_text(agreement)
    assert "Elle est établie en 4 exemplaires originaux, un pour chaque partie signataire." in docx_text(agreement)


def test_interreg_agreement_follows_the_lead_partner_principle(interreg):
    agreement = interreg / "convention-partenariat.docx"
    headings = [h for h in docx_headings(agreement) if h.startswith("Article")]
    assert [re.sub(r"^Article \d+ – ", "", h) for h in headings] == [
        re.sub(r"^Article \d+ – ", "", h) for h in LEADER_HEADINGS
    ]
    payments = _paragraphs_of_article(agreement, "Article 9 – Versement des aides et montants indus")
    assert (
        "intégralement, sans qu'aucun montant ne soit déduit ni retenu et sans frais spécifiques ni autres frais "
        "d'effet équivalent, dans le délai convenu entre les partenaires (article 26, paragraphe 2, du règlement "
        f"(UE) 2021/1059){NB}: les partenaires fixent ce délai à trente jours" in payments
    )
    assert "(article 52 du règlement (UE) 2021/1059)" in payments
    text = docx_text(agreement)
    assert "(article 65 du règlement (UE) 2021/1060)" in text  # durability
    assert "article 36, paragraphe 4, du règlement (UE) 2021/1059" in text  # visibility
    assert (
        "pendant 10 ans après le dernier paiement, et au moins cinq ans à compter du 31 décembre de l'année du "
        "dernier paiement (article 82 du règlement (UE) 2021/1060)" in text
    )
    # No governing law given: the lead partner's country's, named.
    assert "régie par le droit du pays du chef de file (France)" in text
    # No number of originals given: one per signing party, the associated partner included.
    assert "Elle est établie en 3 exemplaires originaux" in text
    assert "Les dépenses sont éligibles à compter du 1er octobre 2026" in text


def test_autre_model_has_no_eu_clause_and_no_emblem(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "programme: LEADER 2023-2027 (FEADER)", "programme: Appel à projets Région Grand Est"
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    validated = run("validate", tmp_path / "p.yaml")
    assert "Convention : modèle autre (déduit du programme « Appel à projets Région Grand Est »" in validated.stdout
    out = _build(tmp_path / "p.yaml", tmp_path / "out", "--only", "convention-partenariat")
    agreement = docx_text(out / "convention-partenariat.docx")
    for eu_rule in ("2021/1060", "2021/1059", "2021/2115", "Commission européenne", "Cofinancé par l'Union"):
        assert eu_rule not in agreement  # (the GDPR, Reg. (EU) 2016/679, applies to every model)
    assert "Chaque partenaire perçoit directement les financements qui lui sont attribués" in agreement
    header = Document(str(out / "convention-partenariat.docx")).sections[0].header
    assert header.is_linked_to_previous  # no letterhead at all


def test_the_host_body_is_the_party_acting_for_the_gal(leader):
    agreement = docx_text(leader / "convention-partenariat.docx")
    assert (
        "Syndicat mixte du Pays des Étangs, chef de file — syndicat mixte fermé, Maison du Pays, 2 rue des Salines, "
        "57260 Dieuze, SIRET 255 700 123 00018, agissant pour le GAL du Pays des Étangs & de la Seille (groupe d'action "
        f"locale, France){NNB}; signataire{NB}: Marie Lambert, Présidente, habilitation à signer{NB}: délibération "
        f"du ……………………{NNB};" in agreement
    )
    # a kind the name already says, a country the address already ends with: not said again (trial 7
    # read « Association … — …, France, association (France) »)
    assert (
        f"Association Saveurs de la Seille «{NB}Terroir & Co{NB}» — 12 place du Marché, 57590 Delme, France{NNB}; signataire"
        in agreement
    )
    assert (
        f"Fjordland LAG — Storgata 5, 6856 Sogndal, Norway, groupe d'action locale (Norvège){NNB}; signataire"
        in agreement
    )
    mission = docx_text(leader / "agents/julien-hoffmann/lettre-mission.docx")
    assert "le Syndicat mixte du Pays des Étangs, chef de file, vous confie la mission" in mission
    assert mission.startswith(
        "Syndicat mixte du Pays des Étangs\nAgissant pour le GAL du Pays des Étangs & de la Seille\n"
    )
    assert "L'employeur\nSyndicat mixte du Pays des Étangs\nMarie Lambert, Présidente" in mission


def test_each_signing_party_has_its_block_and_the_observer_signs_its_article_only(leader, interreg):
    for out, parties, observer in (
        (
            leader,
            [
                "Pour le Syndicat mixte du Pays des Étangs, agissant pour le GAL du Pays des Étangs & de la Seille",
                "Pour le GAL Ardenne du Sud asbl",
                f"Pour l'Association Saveurs de la Seille «{NB}Terroir & Co{NB}»",
            ],
            "Pour Fjordland LAG",
        ),
        (
            interreg,
            ["Pour la Communauté de communes Ardenne Rives de Meuse", "Pour l'Intercommunale des sentiers de Meuse"],
            "Pour Ardennes Tourism Office",
        ),
    ):
        document = Document(str(out / "convention-partenariat.docx"))
        blocks = [t for t in document.tables if t.rows[0].cells[-1].text.startswith("Signature et cachet")]
        assert [row.cells[0].paragraphs[0].text for row in blocks[0].rows] == parties
        assert [row.cells[0].paragraphs[0].text for row in blocks[1].rows] == [observer]
        for table in blocks:
            for row in table.rows:
                assert row.height is not None and row.height.mm >= 40  # room for a signature and a stamp
                assert (
                    row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit")
                    is not None
                )
        text = docx_text(out / "convention-partenariat.docx")
        assert "Partenaires associés — au titre de l'article 5 seulement" in text


def test_observers_stay_outside_the_financial_articles(leader, interreg):
    for out, observer in ((leader, "Fjordland LAG"), (interreg, "Ardennes Tourism Office")):
        agreement = out / "convention-partenariat.docx"
        for heading in (
            "Article 8 – Budget et plan de financement",
            "Article 9 – Versement des aides et montants indus",
            "Article 4 – Obligations de chaque partenaire",
        ):
            assert observer not in _paragraphs_of_article(agreement, heading)
        document = Document(str(agreement))
        budget_tables = [t for t in document.tables if t.rows[0].cells[0].text in ("Partenaire", "Financeur")]
        assert budget_tables and all(
            observer not in cell.text for t in budget_tables[1:] for row in t.rows for cell in row.cells
        )
        parties = _paragraphs_of_article(agreement, "Article 5 – Partenaires associés")
        assert (
            observer in parties
            and "les autres articles ne lui créent aucune obligation, notamment financière" in parties
        )
        texts = [p.text for p in document.paragraphs]
        parties = "\n".join(texts[: texts.index("Préambule")])
        before, after = parties.split(f"et, au seul titre de l'article 5 (partenaires associés){NB}:")
        assert observer not in before and observer in after  # a party for its article only


def test_observers_get_a_letter_of_support_and_the_lead_no_letter_to_itself(leader, interreg):
    assert (leader / "partenaires/lag-fjord/lettre-soutien.docx").exists()
    assert not (leader / "partenaires/lag-fjord/fiche-engagement.docx").exists()
    assert not (leader / "partenaires/gal-etangs/lettre-intention.docx").exists()
    assert (leader / "partenaires/gal-etangs/fiche-engagement.docx").exists()
    letter = docx_text(interreg / "partenaires/ort-ardennes/lettre-soutien.docx")
    assert "Subject: letter of support — project “Orée trails: hiking without borders”" in letter
    assert "We will take part as an associated partner (our role: shares its visitor data)" in letter
    assert "Dear Ms Durand," in letter and "keep neither time sheets nor an expense register" in letter
    intent = docx_text(interreg / "partenaires/idelux/lettre-intention.docx")
    assert "Madame la Présidente," in intent and "Madame, Monsieur" not in intent
    assert "L'Intercommunale des sentiers de Meuse (intercommunale, Belgique) fait part" in intent
    assert "porté par la Communauté de communes Ardenne Rives de Meuse en qualité de chef de file" in intent
    assert "Veuillez agréer, Madame la Présidente, l'expression de nos salutations distinguées." in intent


def _french_documents(out: Path) -> list[Path]:
    """Every document but the English ones (the observers' letters, the English invitations)."""
    english = ("lag-fjord", "ort-ardennes")
    return [p for p in sorted(out.rglob("*.docx")) if not p.name.endswith(".en.docx") and p.parent.name not in english]


def test_every_french_document_has_non_breaking_spaces_before_high_signs(leader, interreg):
    checked = 0
    for out in (leader, interreg):
        for path in _french_documents(out):
            text = docx_text(path)
            bad = re.findall(r".{0,30}(?: [:;!?»]|« ).{0,10}", text)
            assert not bad, (path.name, bad[:3])
            checked += 1
    # every French document of both projects (covering letters included, and the example's
    # evaluation plan and experience sheet)
    assert checked == 17 + 7 + 2


def test_no_build_date_without_date(interreg):
    today = long_date(dt.date.today())
    for path in sorted(interreg.rglob("*.docx")):
        text = docx_text(path)
        assert today not in text, path.name
    assert "Dinant, le …………………………" in docx_text(interreg / "partenaires/idelux/lettre-intention.docx")
    assert "Fait à Givet, le …………………………" in docx_text(interreg / "convention-partenariat.docx")


def test_every_page_carries_the_emblem_the_logo_and_the_operation_number(interreg, leader):
    document = Document(str(interreg / "convention-partenariat.docx"))
    header = document.sections[0].header
    assert "Cofinancé par l'Union européenne" in header.paragraphs[0].text
    images = [r for r in header.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 2  # the EU emblem and the project's logo
    blobs = {r.target_part.blob for r in images}
    assert (ROOT / "tests/fixtures/logos/frontiere.png").read_bytes() in blobs
    assert (ROOT / "coopdocs/data/eu-emblem.png").read_bytes() in blobs
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert footer.startswith(f"ORÉE — opération n°{NB}FWVL-2027-0815 — page ")
    english = Document(str(interreg / "partenaires/ort-ardennes/lettre-soutien.docx"))
    assert "Co-funded by the European Union" in english.sections[0].header.paragraphs[0].text


def test_headings_stay_with_their_text_and_tables_with_their_totals(leader):
    document = Document(str(leader / "convention-partenariat.docx"))
    assert document.styles["Heading 2"].paragraph_format.keep_with_next
    budget = next(t for t in document.tables if t.rows[0].cells[0].text == "Partenaire" and len(t.columns) == 3)
    for row in budget.rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    amounts = [row.cells[2].paragraphs[0] for row in budget.rows[1:]]
    assert all(p.alignment == 2 for p in amounts)  # WD_ALIGN_PARAGRAPH.RIGHT


def test_a_bad_text_per_language_is_located(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace("title: Projet minimal", "title: {fr: Projet, de: Projekt}")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path / "p.yaml")
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'p.yaml'}:5:10: project.title: un texte, ou un texte par langue : {{fr: …, en: …}} "
        "(clés permises : fr, en)" in result.stderr
    )


def test_libreoffice_converts_every_document_of_the_interreg_project(interreg):
    soffice_or_fail()
    from coopdocs.output.pdf import converted

    sources = sorted(interreg.rglob("*.docx"))
    # With the covering letters of the two partners other than the lead, and the agreement in
    # English for the partner working in English (convention-partenariat.en.docx).
    assert len(sources) == 10
    with converted(sources, "pdf") as mapping:
        assert set(mapping) == set(sources)
        for produced in mapping.values():
            assert produced.read_bytes().startswith(b"%PDF")


def test_associated_partners_are_spoken_of_only_when_there_are_some(leader, tmp_path):
    """Issue 23: « Les partenaires associés siègent avec voix consultative » only in a partnership
    that has associated partners (the example has the Norwegian observer; the minimal one none)."""
    assert "Les partenaires associés siègent avec voix consultative." in docx_text(
        leader / "convention-partenariat.docx"
    )
    assert run("build", MINIMAL, "-o", tmp_path, "--only", "convention-partenariat").exit_code == 0
    alone = docx_text(tmp_path / "convention-partenariat.docx")
    assert "Règle de décision\u00a0: majorité simple. Chaque réunion fait l'objet d'un compte rendu" in alone
    assert "associé" not in alone
