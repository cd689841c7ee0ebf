"""Click's own words in French: « Utilisation : », « Affiche cette aide et quitte. », its usage
errors. Click marks them for gettext in each of its modules (`from gettext import gettext as _`)
and ships no French; on a French command line coopdocs gives those modules its own translation.
The table sits here, beside the command line's help texts (`t(fr, en)`), because `--help` must
not read the whole catalogue; its keys are Click's English messages, kept verbatim."""

from __future__ import annotations

import importlib

from coopdocs.words import help_language

# Click's message → the French a careful writer would put ({names} kept as Click fills them).
FRENCH: dict[str, str] = {
    "Usage:": "Utilisation :",
    # Click writes a heading then ":"; the no-break space gives the French « Options : ».
    "Options": "Options\u00a0",
    "Commands": "Commandes\u00a0",
    "Positional arguments": "Arguments\u00a0",
    "Show this message and exit.": "Affiche cette aide.",
    "Show the version and exit.": "Affiche la version.",
    "required": "obligatoire",
    "default: {default}": "défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "Aborted!": "Interrompu.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : {command} {option}",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant(e)",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "unknown error": "erreur inconnue",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Invalid start character for option ({option})": "Caractère de début d'option invalide ({option})",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "directory": "Dossier",
    "file": "Fichier",
    "path": "Chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} : c'est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} : c'est un fichier, pas un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} : lecture refusée.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture refusée.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} : exécution refusée.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide ({number_type}).",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} n'est ni oui ni non ({states}).",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirme l'action sans la demander.",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
}

# Click's (singular, plural) → the French pair.
FRENCH_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argument en trop ({args})",
        "Arguments en trop ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'un de : {possibilities} ?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "L'option {name!r} attend une valeur.",
        "L'option {name!r} attend {nargs} valeurs.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas l'un de : {choices}.",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} n'a pas le format {format}.",
        "{value!r} n'a aucun des formats {formats}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Attend {nargs} valeurs, 1 donnée.",
        "Attend {nargs} valeurs, {len} données.",
    ),
}

# The Click modules that mark their messages (each binds `_` and, for some, `ngettext`).
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def french(message: str) -> str:
    """Click's message in the help's language (LANG, read at each call: a test may switch it)."""
    return FRENCH.get(message, message) if help_language() == "fr" else message


def french_plural(singular: str, plural: str, count: int) -> str:
    french_pair = FRENCH_PLURALS.get((singular, plural), (singular, plural))
    pair = french_pair if help_language() == "fr" else (singular, plural)
    return pair[0] if count == 1 else pair[1]


def speak_french() -> None:
    """Give Click's modules these words (idempotent; English stays Click's own)."""
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = french  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = french_plural  # type: ignore[attr-defined]
