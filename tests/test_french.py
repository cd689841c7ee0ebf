"""French typography and grammar (coopdocs/french.py), on the awkward names of real partnerships."""

from __future__ import annotations

import pytest

from coopdocs import french

NB, NNB = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Membres : GAL A", f"Membres{NB}: GAL A"),
        ("Membres: GAL A", f"Membres{NB}: GAL A"),
        ("signée; Rapport final", f"signée{NNB}; Rapport final"),
        ("Vraiment ? Oui !", f"Vraiment{NNB}? Oui{NNB}!"),
        ("« Les Sentiers d'Orée » & Co", f"«{NB}Les Sentiers d'Orée{NB}» & Co"),
        ("«Terroir»", f"«{NB}Terroir{NB}»"),
        ("60 %", f"60{NB}%"),
        ("opération n° 42", f"opération n°{NB}42"),
        # not prose: addresses, times, a quoted question in a URL
        ("https://exemple.fr/a?b=1 : lien", f"https://exemple.fr/a?b=1{NB}: lien"),
        ("réunion à 14:30", "réunion à 14:30"),
        ("?! ...", "?! ..."),
        ("", ""),
    ],
)
def test_typeset_puts_the_non_breaking_spaces_french_requires(text, expected):
    assert french.typeset(text) == expected


def test_typeset_is_idempotent():
    once = french.typeset("« Orée » : 60 % ; vraiment ?")
    assert french.typeset(once) == once


@pytest.mark.parametrize(
    ("name", "article", "the", "of", "to"),
    [
        (
            "GAL du Pays des Étangs",
            None,
            "le GAL du Pays des Étangs",
            "du GAL du Pays des Étangs",
            "au GAL du Pays des Étangs",
        ),
        ("Association Saveurs", None, "l'Association Saveurs", "de l'Association Saveurs", "à l'Association Saveurs"),
        ("Commune de Delme", None, "la Commune de Delme", "de la Commune de Delme", "à la Commune de Delme"),
        ("Amis de la Seille", None, "les Amis de la Seille", "des Amis de la Seille", "aux Amis de la Seille"),
        ("Les Sentiers d'Orée", None, "Les Sentiers d'Orée", "des Sentiers d'Orée", "aux Sentiers d'Orée"),
        ("Le Relais", None, "Le Relais", "du Relais", "au Relais"),
        ("Fjordland LAG", None, "Fjordland LAG", "de Fjordland LAG", "à Fjordland LAG"),
        ("Ardenne Tourisme", None, "Ardenne Tourisme", "d'Ardenne Tourisme", "à Ardenne Tourisme"),
        (
            "Intercommunale des sentiers",
            "l'",
            "l'Intercommunale des sentiers",
            "de l'Intercommunale des sentiers",
            "à l'Intercommunale des sentiers",
        ),
        ("GAL Ardenne", "", "GAL Ardenne", "de GAL Ardenne", "à GAL Ardenne"),
    ],
)
def test_names_take_their_article_contracted_and_elided(name, article, the, of, to):
    assert french.the(name, article) == the
    assert french.of(name, article) == of
    assert french.to(name, article) == to


def test_people_are_elided_before_a_vowel_only():
    assert french.of_person("Anne Muller") == "d'Anne Muller"
    assert french.of_person("Ingrid Nilsen") == "d'Ingrid Nilsen"
    assert french.of_person("Paul Schmitt") == "de Paul Schmitt"
    assert french.of_person("Hélène Durand") == "d'Hélène Durand"  # h muet
    assert french.of_person("Hugues Petit") == "de Hugues Petit"  # h then a consonant sound: no elision


@pytest.mark.parametrize(
    ("title", "given", "expected"),
    [
        ("Présidente", None, "Madame la Présidente,"),
        ("Président", None, "Monsieur le Président,"),
        ("Directrice générale", None, "Madame la Directrice générale,"),
        ("Président du syndicat mixte", None, "Monsieur le Président,"),
        ("Vice-présidente", None, "Madame la Vice-présidente,"),
        ("Maire", None, "Madame, Monsieur,"),
        ("Maire", "Madame", "Madame la Maire,"),
        ("Chair", "Madame", "Madame,"),  # a function French does not name: the civility alone (issue 23)
        ("Director", "Monsieur", "Monsieur,"),
    ],
)
def test_salutations_follow_the_representative_s_title(title, given, expected):
    assert french.salutation(title, given) == expected


TOWNS = {
    "Gap": "à Gap",
    "Le Cheylard": "au Cheylard",
    "Les Vans": "aux Vans",
    "La Rochelle": "à La Rochelle",
    "L'Isle-Jourdain": "à L'Isle-Jourdain",
    "Lembach": "à Lembach",
    " Le Puy-en-Velay ": "au Puy-en-Velay",
}


def test_a_town_s_own_article_contracts_with_a():
    assert {place: french.at_place(place) for place in TOWNS} == TOWNS


def test_catalogue_texts_elide_de_before_a_vowel_or_a_mute_h():
    fill = french.filled
    assert fill("Feuille de temps de {name}, {month}", {"name": "Inès Garnier", "month": "avril 2027"}) == (
        "Feuille de temps d'Inès Garnier, avril 2027"
    )
    assert fill("les mois de {name}", {"name": "Hélène Fabre"}) == "les mois d'Hélène Fabre"
    assert fill("De {month} à {end}", {"month": "octobre", "end": "mai"}) == "D'octobre à mai"
    assert fill("feuille de {month}", {"month": "mars 2027"}) == "feuille de mars 2027"
    assert fill("l'ode {x}, mode {x}", {"x": "Anne"}) == "l'ode Anne, mode Anne"  # only the word « de »
    assert fill("de {name} ({name})", {"name": "Hugo {x}"}) == "d'Hugo {x} (Hugo {x})"  # braces in a value stay


@pytest.mark.parametrize(
    ("time", "lang", "expected"),
    [
        ("09:00", "fr", f"9{NB}h"),
        ("14:30", "fr", f"14{NB}h{NB}30"),
        ("00:05", "fr", f"0{NB}h{NB}05"),
        ("14:30", "en", "14:30"),
        (None, "fr", ""),
    ],
)
def test_a_meeting_s_time_as_each_language_writes_it(time, lang, expected):
    from coopdocs.formats import spoken_time

    assert spoken_time(time, lang) == expected


def test_a_meeting_s_time_is_read_as_french_people_write_it():
    from coopdocs.project.meeting import Meeting

    def time(written):
        return Meeting(id="copil", body="Comité", date="2027-06-08", agenda=["Lancement"], time=written).time

    assert [time(t) for t in ("14h30", "14 h 30", "9h", "9:00", "14:30")] == [
        "14:30",
        "14:30",
        "09:00",
        "09:00",
        "14:30",
    ]


@pytest.mark.parametrize(
    ("period", "lang", "plain", "of"),
    [
        ("2027", "fr", "année 2027", "de l'année 2027"),
        ("2027-S1", "fr", "1er semestre 2027", "du 1er semestre 2027"),
        ("2028-T2", "fr", "2e trimestre 2028", "du 2e trimestre 2028"),
        ("2028-04", "fr", "avril 2028", "d'avril 2028"),
        ("2028-05", "fr", "mai 2028", "de mai 2028"),
        ("2027-S2", "en", "H2 2027", "for H2 2027"),
        ("2028-03", "en", "March 2028", "for March 2028"),
    ],
)
def test_a_period_is_said_in_words_and_as_a_title_says_it(period, lang, plain, of):
    """A bilan is « Bilan du 1er semestre 2027 », never « Bilan de la période 2027-S1 » (trial 5)."""
    from coopdocs.formats import period_text

    assert (period_text(period, lang), period_text(period, lang, of=True)) == (plain, of)


def test_months_are_said_as_runs():
    from coopdocs.formats import months_text

    half = ["2028-01", "2028-02", "2028-03", "2028-04", "2028-05", "2028-06"]
    assert months_text(half) == "janvier à juin 2028"
    assert months_text(["2028-05", "2027-11", "2027-12", "2028-01", "2028-02"]) == (
        "novembre 2027 à février 2028, mai 2028"
    )
    assert months_text(["2028-05", "2028-03"], "en") == "March 2028, May 2028"
    assert months_text(["2028-12", "2029-01"], "en") == "December 2028 to January 2029"
    assert months_text([]) == ""


def test_a_quantity_takes_the_singular_below_two_in_french():
    """Trial 6 read « 1 visites »: a unit typed in the plural is said in the singular for 0 and 1."""
    from coopdocs.formats import quantity

    assert quantity(1, "visites") == "1\u00a0visite" and quantity(0, "personnes") == "0\u00a0personne"
    assert quantity(1.5, "visites guidées") == "1,5\u00a0visite guidée" and quantity(2, "visites") == "2\u00a0visites"
    assert quantity(1, "mois") == "1\u00a0mois" and quantity(1, "km") == "1\u00a0km"  # nothing to take off
    assert quantity(1, "visits", "en") == "1\u00a0visits"  # English left as typed


def test_an_id_made_from_a_long_name_is_cut_between_two_words():
    """Trial 6 read « visites-d-echange-entre-fermes-organ » in an indicator's advanced options."""
    from coopdocs.project.init import slug
    from coopdocs.web.references import new_id

    assert new_id("Visites d'échange entre fermes organisées", set(), "x") == "visites-d-echange-entre-fermes"
    assert slug("Des étangs à l'Ardenne : circuits courts et tourisme", "x") == "des-etangs-a-l-ardenne-circuits-courts"
    assert slug("a" * 50, "x", 36) == "a" * 36  # one word longer than the limit: cut in it


@pytest.mark.parametrize(
    ("written", "continued"),
    [
        ("Consensus ; à défaut, majorité des deux tiers.", "consensus ; à défaut, majorité des deux tiers"),
        ("L'accord de tous les partenaires financés", "l'accord de tous les partenaires financés"),
        ("Strasbourg, puis la cour d'appel", "Strasbourg, puis la cour d'appel"),  # a name keeps its capital
        ("LEADER décide", "LEADER décide"),
        ("The deliverables belong jointly to the partners.", "the deliverables belong jointly to the partners"),
    ],
)
def test_a_partners_clause_continues_the_sentence_after_a_colon(written, continued):
    """Trial 5's agreement read « Règle de décision : Consensus ; … » and « … : Les livrables … »."""
    from coopdocs.french import clause

    assert clause(written) == continued
