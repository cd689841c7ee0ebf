"""`coopdocs init`: a commented project file that validates as written."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

from coopdocs.errors import CoopdocsError
from coopdocs.office.atomic import atomic_write
from coopdocs.project.schema import schema_text

FILE_NAME = "projet.yaml"
SCHEMA_NAME = "projet.schema.json"


@dataclass
class Answers:
    title: str = "Mon projet de coopération"
    programme: str = "LEADER 2023-2027 (FEADER)"
    cooperation: str = "interterritoriale"
    lead_name: str = "GAL chef de file"
    place: str = ""  # none: the lead partner's commune


# The template's stand-ins for what only the person knows (not a plausible value a person keeps,
# like « Chargé(e) de mission coopération »): the workspace shows them as hints in empty fields
# (a field left so is emptied by its save), and `validate` warns at each one left in the file.
EXAMPLE_TEXTS = frozenset(
    {
        Answers.title,
        Answers.lead_name,
        "Décrivez le projet en un paragraphe.",
        "Premier objectif du projet",
        "Adresse, ligne 1\nCode postal et commune\n",
        "Prénom Nom",
        "contact@exemple.fr",
    }
)


def slug(text: str, fallback: str, limit: int = 40) -> str:
    """An id from a name: ASCII, lower case, dashes (« Étangs & Co » → etangs-co), at most
    `limit` characters, cut between two words (« …-entre-fermes », never « …-fermes-organ »)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(value) > limit:
        head = value[: limit + 1]
        value = head[: head.rfind("-")] if "-" in head else value[:limit]
    return value.strip("-") or fallback


def render(answers: Answers, today: dt.date, file_name: str = FILE_NAME) -> str:
    start = dt.date(today.year + 1, 1, 1)
    quoted = {k: json.dumps(v, ensure_ascii=False) if v else "" for k, v in vars(answers).items()}  # "": null
    template = Template(files("coopdocs").joinpath("data/projet.yaml.tmpl").read_text(encoding="utf-8"))
    return template.substitute(
        quoted,
        schema_url=SCHEMA_NAME,
        file_name=file_name,
        project_id=slug(answers.title, "mon-projet"),
        lead_id=slug(answers.lead_name, "chef-de-file"),
        start=start.isoformat(),
        end=dt.date(start.year + 2, 12, 31).isoformat(),
    )


def write_new_project(directory: Path, answers: Answers, today: dt.date) -> Path:
    """Write DIR/projet.yaml and the schema editors read beside it; never over an existing file."""
    target = directory / FILE_NAME
    if target.exists():
        raise CoopdocsError.of("project-exists", target=str(target))
    atomic_write(directory / SCHEMA_NAME, schema_text())
    atomic_write(target, render(answers, today))
    return target
