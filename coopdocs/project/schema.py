"""The JSON Schema of the project file, with French descriptions, for editors."""

from __future__ import annotations

import json

from coopdocs.project.model import ProjectFile, Status

SCHEMA_ID = "https://coopdocs.example/project.schema.json"


def project_schema() -> dict:
    schema = ProjectFile.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    schema["title"] = "Fichier projet coopdocs"
    # `item: fait` is accepted as short for `item: {status: fait}`.
    checklist = schema["properties"]["checklist"]
    checklist["additionalProperties"] = {
        "anyOf": [
            {"enum": list(Status.__args__), "description": "Statut du point du guide."},  # type: ignore[attr-defined]
            {"$ref": "#/$defs/ChecklistEntry"},
        ]
    }
    return schema


def schema_text() -> str:
    return json.dumps(project_schema(), ensure_ascii=False, indent=2) + "\n"
