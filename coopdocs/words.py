"""Help texts follow LANG (French by default, English when LANG starts with `en`)."""

from __future__ import annotations

import os


def help_language() -> str:
    lang = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "en" if lang.lower().startswith("en") else "fr"


def t(fr: str, en: str) -> str:
    """The French or English text of a help string."""
    return en if help_language() == "en" else fr
