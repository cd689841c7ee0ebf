"""Every word coopdocs shows to people, in French and English, in one catalogue
(coopdocs/data/words.yaml), and the functions that give them.

Values of the project file are never translated; these are the words around them: labels of
the project's codes, document titles, the bilan's headings, what happened to each file, the
kinds of anomaly. Help texts of the command line are French/English pairs given to `t()`.
"""

from __future__ import annotations

import difflib
import os
from functools import cache
from importlib.resources import files

LANGUAGES = ("fr", "en")

Catalogue = dict[str, dict[str, dict[str, str]]]


@cache
def catalogue() -> Catalogue:
    """The words, read once from coopdocs/data/words.yaml (group → language → key → text): a
    reviewer or a translator reads one file; the help of the command line does not load it."""
    from ruamel.yaml import YAML

    text = files("coopdocs").joinpath("data/words.yaml").read_text(encoding="utf-8")
    data: Catalogue = YAML(typ="safe").load(text)
    return data


def label(group: str, key: str, lang: str) -> str:
    """The word for `key` of `group` (a category, a status, a heading…) in `lang`."""
    return catalogue()[group][lang][key]


def words(group: str, lang: str) -> dict[str, str]:
    """Every word of a group in one language."""
    return catalogue()[group][lang]


def help_language() -> str:
    """Help texts follow LANG (French by default, English when LANG starts with `en`)."""
    lang = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "en" if lang.lower().startswith("en") else "fr"


def t(fr: str, en: str) -> str:
    """The French or English text of a help string."""
    return en if help_language() == "en" else fr


def closest(word: str, known: list[str]) -> str | None:
    """The known id close to a misspelt one, if any."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.7)
    return close[0] if close else None


def suggest(word: str, known: list[str]) -> str:
    """« — vouliez-vous dire `x` ? » when a known id is close to a misspelt one."""
    close = closest(word, known)
    return f" — vouliez-vous dire `{close}` ?" if close else ""


def known_list(ids: list[str], feminine: bool = False) -> str:
    """« connus : a, b » (or « aucun n'est défini »), to follow an unknown id."""
    if not ids:
        return "aucune n'est définie" if feminine else "aucun n'est défini"
    return f"{'connues' if feminine else 'connus'} : {', '.join(ids)}"
