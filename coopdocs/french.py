"""French typography and grammar, in one place for every French output (documents, forms, bilans).

- `typeset`: the non-breaking spaces French requires (before « : ; ! ? % », inside « »,
  after « n° »), so a line never breaks as "Membres / : GAL…".
- `the`, `of`, `to`: a partner's name with its article, contracted and elided as a careful
  writer would ("le GAL…", "du GAL…", "de l'Association…", "au GAL…", "d'Ardenne Tourisme").
- `of_person`: "d'Anne Muller", "de Paul Schmitt".
- `filled`: a catalogue text's « de {name} » elided before a vowel ("d'Inès", "d'avril 2029").
- `salutation`: "Madame la Présidente," from the representative's title.
No maintained library does this (shared/DESIGN.md); the rules are tested on awkward names.
"""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"  # before « : », « % » and inside « »
NNBSP = "\u202f"  # narrow, before « ; ! ? »

VOWELS = "aeiouyàâäéèêëîïôöùûüÿæœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÆŒ"

_SPACE_BEFORE = re.compile(r"[ \t\u00a0\u202f]*([:;!?%»])")
_AFTER_OPEN_QUOTE = re.compile(r"«[ \t\u00a0\u202f]*")
_NUMERO = re.compile(r"\b([Nn]°) ")
# Addresses, times and file references (« file.xlsx!Sheet!C15 », spec v3) are not prose.
_KEEP = re.compile(r"https?://\S+|\b\d{1,2}:\d{2}\b|\S+\.xlsx!\S+")


def typeset(text: str) -> str:
    """French non-breaking spaces in prose; URLs and times ("14:30") left alone; quotes inside
    quotes as “ ” (« le projet “Terroir & Co” »)."""
    if not text or not any(c in text for c in ":;!?%»«°"):
        return text
    if text.count("«") > 1:
        text = nested_quotes(text)
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _KEEP.sub(keep, text)
    text = _SPACE_BEFORE.sub(_space_before, text)
    text = _AFTER_OPEN_QUOTE.sub("«" + NBSP, text)
    text = _NUMERO.sub(r"\1" + NBSP, text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def nested_quotes(text: str) -> str:
    """« … « … » … » → « … “…” … »: French nests English quotes inside guillemets."""
    out, depth = [], 0
    for char in text:
        if char == "«":
            out.append("«" if depth == 0 else "“")
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            out.append("»" if depth == 0 else "”")
        else:
            out.append(char)
    nested = "".join(out)
    return re.sub(r"[ \t\u00a0\u202f]+”", "”", re.sub(r"“[ \t\u00a0\u202f]+", "“", nested))


def sentence(text: str) -> str:
    """A text that ends a sentence ends with a full stop (or its own ! ? …)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def with_article(law: str) -> str:
    """« le droit français », « la loi belge »: a governing law named without its article takes
    it (« régie par le droit français »); a name that is not « droit … » or « loi … » is kept."""
    law = law.strip()
    first = law.split()[0].casefold() if law else ""
    article = {"droit": "le ", "loi": "la ", "législation": "la "}.get(first)
    return f"{article}{law[:1].lower()}{law[1:]}" if article else law


def _space_before(match: re.Match[str]) -> str:
    """The right space before a high sign; none at the start of a text (a continued run) or
    after an opening parenthesis or a digit's colon ("3:" in a list stays as written)."""
    sign = match.group(1)
    start = match.start()
    before = match.string[start - 1] if start else ""
    if not before or before in "\n[«" + NBSP + NNBSP:
        return match.group(0) if sign != "»" else NBSP + sign
    if sign in ":%»":
        return NBSP + sign
    if before in "?!;:":  # « ?! », « !! »: one space, before the first sign
        return sign
    return NNBSP + sign


# ---- articles --------------------------------------------------------------------------------
# The first word of an organisation's name → its article, for names given without `article`.
_ARTICLE_BY_WORD = {
    "le": (
        "gal groupe syndicat parc pays pôle pole conseil département departement comité comite centre "
        "lycée lycee collège college club réseau reseau musée musee cercle consortium territoire pnr petr "
        "gip gie cpie caue civam sivom sictom sivu smic département conservatoire cabinet bureau"
    ),
    "la": (
        "commune communauté communaute région region ville mairie fédération federation chambre maison "
        "fondation société societe coopérative cooperative scic sarl sas métropole metropole mission ligue "
        "confédération confederation direction préfecture prefecture ferme cuma safer scop"
    ),
    "l'": (
        "association agence office établissement etablissement institut université universite union entente "
        "école ecole epci amicale atelier observatoire interprofession"
    ),
    "les": "amis",
}
_WORD_ARTICLE = {word: article for article, words in _ARTICLE_BY_WORD.items() for word in words.split()}
_EMBEDDED = re.compile(r"^(?:(Les|Le|La)\s+|(L')(?=\S))", flags=re.IGNORECASE)


def article_of(name: str, article: str | None = None) -> str:
    """The article a name takes: the one given (`article`, "" for none), else from its first word."""
    if article is not None:
        return article
    if _EMBEDDED.match(name):
        return ""
    first = re.split(r"[\s'’\-]", name.strip(), maxsplit=1)[0].lower()
    return _WORD_ARTICLE.get(first, "")


def _join(article: str, name: str) -> str:
    if article == "l'":
        return "l'" + name
    return f"{article} {name}" if article else name


def the(name: str, article: str | None = None) -> str:
    """« le GAL du Pays… », « l'Association… », « Fjordland LAG »."""
    return _join(article_of(name, article), name)


def _contracted(name: str, article: str | None) -> tuple[str, str]:
    """The article that « de » and « à » contract with, and the words after it: « Le Relais »
    gives ("le", "Relais"); « La Ferme » keeps its own article and gives ("", "La Ferme")."""
    embedded = _EMBEDDED.match(name)
    if embedded and article is None:
        word = (embedded.group(1) or embedded.group(2)).lower()
        return (word, name[embedded.end() :]) if word in ("le", "les") else ("", name)
    return article_of(name, article), name


def of(name: str, article: str | None = None) -> str:
    """« du GAL… », « de la Commune… », « de l'Association… », « des Amis… », « d'Ardenne Tourisme »,
    « du Relais » for a name that begins with its own « Le »."""
    chosen, rest = _contracted(name, article)
    if chosen in ("le", "les"):
        return {"le": "du ", "les": "des "}[chosen] + rest
    return "de " + _join(chosen, rest) if chosen else of_person(rest)


def to(name: str, article: str | None = None) -> str:
    """« au GAL… », « à la Commune… », « à l'Association… », « aux Amis… », « à Fjordland LAG »."""
    chosen, rest = _contracted(name, article)
    return {"le": "au " + rest, "les": "aux " + rest}.get(chosen, "à " + _join(chosen, rest))


_PLACE_ARTICLE = re.compile(r"^(Le|Les) (?=\S)")


def at_place(place: str) -> str:
    """« Fait à Gap », « Fait au Cheylard », « Fait aux Vans », « Fait à La Rochelle »: a town's
    own « Le » and « Les » contract with « à »."""
    article = _PLACE_ARTICLE.match(place.strip())
    if not article:
        return "à " + place.strip()
    return ("au " if article.group(1) == "Le" else "aux ") + place.strip()[article.end() :]


MUTE_H = frozenset(
    "hélène héloïse henri henriette hervé hector hippolyte honoré hortense hubert hugo hilaire hermine".split()
)


def of_person(name: str) -> str:
    """« d'Anne Muller », « d'Hélène Durand », « de Paul Schmitt », « de Hugues Petit »: before h,
    only the French first names whose h is mute take the elision."""
    name = name.strip()
    first = name.split()[0].lower() if name.split() else ""
    return ("d'" if name[:1] in VOWELS or first in MUTE_H else "de ") + name


_OF_PLACEHOLDER = re.compile(r"(?<![\w'’])([Dd])e \{(\w+)\}")


def filled(template: str, values: dict[str, str]) -> str:
    """`template.format_map(values)`, with « de {x} » elided as French writes it before a vowel or
    a mute h (« Feuille de temps d'Inès Garnier », « le mois d'avril 2029 »); never an article
    added (a name's article is the documents' `of`, which knows the name)."""

    def elided(match: re.Match[str]) -> str:
        value = values.get(match.group(2))
        if value is None or not of_person(value).startswith("d'"):
            return match.group(0)
        return f"{match.group(1)}'{{{match.group(2)}}}"

    return _OF_PLACEHOLDER.sub(elided, template).format_map(values)


def plain(text: str) -> str:
    """A text with case, accents and runs of spaces aside, to compare two spellings of a name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


# The words a clause the partners wrote may open with that take no capital after « : » (« Règle
# de décision : consensus… »); any other first word (a name, « LEADER », « Strasbourg ») is kept.
_COMMON_OPENINGS = frozenset(
    "le la les l un une des du d chaque tout toute tous toutes en à au aux par pour sur si selon dans sous "
    "après avant lorsque quand aucun aucune seul seule "
    "consensus unanimité majorité accord règlement recherche décision décisions vote litige litiges "
    "médiation conciliation arbitrage propriété diffusion publication "
    "the a an each every all any in by for if under after before when no only "
    "consensus unanimity majority agreement settlement search decision decisions vote mediation".split()
)


def clause(text: str) -> str:
    """A text the partners wrote, continuing a sentence after « : », without its final period
    (the sentence gives its own): « Consensus ; à défaut… » → « consensus ; à défaut… »."""
    text = text.strip().rstrip(".").rstrip()
    first = re.match(r"[^\W\d_]+", text)
    word = first.group(0) if first else ""
    if word and word[0].isupper() and word[1:] == word[1:].lower() and word.lower() in _COMMON_OPENINGS:
        return text[0].lower() + text[1:]
    return text


# ---- letters ---------------------------------------------------------------------------------
_FEMININE = re.compile(r"(trice|ente|ère|ière|euse|esse|ée|cheffe|générale|adjointe)\b", re.IGNORECASE)
_MASCULINE = re.compile(r"(teur|ent|ier|er|eur|é|chef|général|adjoint)\b", re.IGNORECASE)


# French functions of either gender, that take « Madame la » as well as « Monsieur le ».
_EPICENE = frozenset("maire secrétaire ministre juge notaire architecte responsable gérante gérant comptable".split())


def civility(title: str, given: str | None = None) -> str | None:
    """Madame or Monsieur: as given, else from the title's first word ("Présidente" → Madame);
    None when the title does not say ("Maire", "Secrétaire")."""
    if given:
        return given
    first = title.strip().split()[0] if title.strip() else ""
    if _FEMININE.search(first):
        return "Madame"
    if _MASCULINE.search(first):
        return "Monsieur"
    return None


def salutation(title: str, given: str | None = None) -> str:
    """« Madame la Présidente, », « Monsieur le Directeur, », else « Madame, Monsieur, »."""
    who = civility(title, given)
    if who is None:
        return "Madame, Monsieur,"
    first = title.strip().split()[0].casefold() if title.strip() else ""
    if civility(title) is None and first.split("-")[-1] not in _EPICENE:
        return f"{who},"  # a function French does not name (« Chair »): the civility alone
    function = re.split(r"\s+(?:du|de|des|d'|de la)\b|,", title.strip(), maxsplit=1)[0].strip()
    function = function[:1].upper() + function[1:]
    article = "la" if who == "Madame" else "le"
    return f"{who} {article} {function},"


def address_form(title: str, given: str | None = None) -> str:
    """The same words inside a sentence: « Veuillez agréer, Madame la Présidente, … »."""
    return salutation(title, given).rstrip(",")
