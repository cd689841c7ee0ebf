"""docs/fichier-projet.md, generated from the JSON Schema of the model so that it never drifts
(tests/test_docs.py checks the committed file). Run: python -m coopdocs.docgen > docs/fichier-projet.md"""

from __future__ import annotations

from typing import Any

from coopdocs.project.schema import project_schema

SECTIONS = [
    ("ProjectFile", "Le fichier", ""),
    ("Project", "`project` — le projet", "project"),
    ("Rules", "`project.rules` — les règles du programme (voir [les règles de coût](regles-de-cout.md))", ""),
    ("Procurement", "`project.rules.procurement` — les seuils de la commande publique (aucun par défaut)", ""),
    ("Signature", "`project.signature` — la signature de la convention", ""),
    ("Agreement", "`agreement` — les langues de la convention et la version qui fait foi", ""),
    ("Partner", "`partners[]` — les partenaires", "partners"),
    ("HostBody", "`partners[].host_body` — la structure porteuse qui signe pour un GAL", ""),
    ("Person", "`representative`, `supervisor` — une personne", ""),
    ("Contact", "`contact` — la personne à contacter", ""),
    ("Agent", "`agents[]` — les agents dont le temps est imputé au projet", "agents"),
    ("DatedCost", "`annual_gross_cost[]` — un coût annuel daté", ""),
    ("FixedAllocation", "`allocation` en part fixe (`mode: fixed`)", ""),
    ("HourlyAllocation", "`allocation` au temps passé (`mode: hourly`)", ""),
    ("ShareChange", "`allocation.changes[]` en part fixe — un avenant", ""),
    ("HoursChange", "`allocation.changes[]` au temps passé — un avenant", ""),
    ("Mission", "`mission` — le contenu de la lettre de mission", ""),
    ("WorkPackage", "`work_packages[]` — les lots de travail", "work_packages"),
    ("Deliverable", "`deliverables[]` — les livrables d'un lot", ""),
    ("Budget", "`budget`", "budget"),
    ("BudgetLine", "`budget.lines[]` — les lignes de budget", ""),
    ("Achieved", "`budget.lines[].achieved[]` — les unités réalisées d'un coût unitaire", ""),
    ("Funding", "`budget.funding[]` — le plan de financement", ""),
    (
        "FlatRates",
        "`budget.flat_rates`, `partners[].flat_rates` — les taux forfaitaires (voir [les règles de coût](regles-de-cout.md))",
        "",
    ),
    ("Governance", "`governance` — la gouvernance", "governance"),
    ("Body", "`governance.bodies[]` — les instances", ""),
    ("Reporting", "`reporting` — bilans et conservation", "reporting"),
    ("Milestone", "`milestones[]` — les jalons", ""),
    ("LogEntry", "`logbook[]` — le carnet de bord", ""),
    ("Meeting", "`meetings[]` — les réunions des instances", "meetings"),
    ("MeetingAction", "`meetings[].actions[]` — les actions décidées", ""),
    ("Claims", "`claims` — les demandes de paiement", ""),
    ("Addressee", "`claims.addressees` — le destinataire de la demande d'un partenaire", ""),
    ("Revenue", "`revenue[]` — les recettes nettes", ""),
    ("Control", "`control` — le contrôle des demandes (voir [le contrôle](controle.md))", ""),
    ("Controller", "`control.controller`, `control.reviewer` — le contrôleur et le relecteur", ""),
    ("ChecklistEntry", "`checklist` — le statut des points du guide", ""),
    ("Signatures", "`signatures` — les signatures électroniques vérifiées", ""),
    ("Indicator", "`indicators[]` — les indicateurs de réalisation et de résultat", ""),
    ("Measure", "`indicators[].values[]` — une valeur mesurée, datée", ""),
    ("Evaluation", "`evaluation` — le plan d'évaluation", ""),
    ("Evaluator", "`evaluation.evaluator` — qui évalue", ""),
    ("EvaluationMilestone", "`evaluation.milestones[]` — les temps de l'évaluation", ""),
    ("Capitalisation", "`capitalisation` — la fiche d'expérience", ""),
    ("CapContact", "`capitalisation.contacts[]` — qui contacter", ""),
    ("Location", "`partners[].location` — la place d'un partenaire sur la carte", ""),
]


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return f"objet ({spec['$ref'].rsplit('/', 1)[-1]})"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" if v else '`""`' for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    if "anyOf" in spec:
        kinds = [_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " ou ".join(dict.fromkeys(kinds))
    if "oneOf" in spec:
        return " ou ".join(_type(s) for s in spec["oneOf"])
    kind = spec.get("type", "")
    if kind == "array":
        inner = _type(spec.get("items", {}))
        return f"liste d'{inner.replace('objet', 'objets', 1)}" if inner.startswith("objet") else f"liste de {inner}"
    if kind == "object" and set(spec.get("properties", {})) == {"fr", "en"}:
        return "texte par langue (`{fr: …, en: …}`)"
    if kind == "object" and "additionalProperties" in spec:
        return "dictionnaire"
    names = {"string": "texte", "number": "nombre", "integer": "entier", "boolean": "booléen", "object": "objet"}
    text = names.get(kind, kind)
    if spec.get("format") == "date":
        text = "date AAAA-MM-JJ"
    if "pattern" in spec:
        text += f" (`{spec['pattern']}`)"
    return text


def _limits(spec: dict[str, Any]) -> str:
    parts = []
    for key, word in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<")):
        if key in spec:
            parts.append(f"{word} {spec[key]:g}" if isinstance(spec[key], (int, float)) else "")
    for alternative in spec.get("anyOf", []):
        part = _limits(alternative)
        if part:
            parts.append(part)
    if "default" in spec and spec["default"] not in (None, [], {}):
        parts.append(f"défaut : `{spec['default']}`")
    return ", ".join(p for p in parts if p)


def markdown() -> str:
    schema = project_schema()
    definitions = {**schema["$defs"], "ProjectFile": schema}
    lines = [
        "# Le fichier projet",
        "",
        "*Page produite à partir du schéma du fichier projet (`coopdocs schema`) : elle suit le code.*",
        "",
        "Un fichier YAML décrit un projet ; tout ce que coopdocs produit en découle. Les clés sont en anglais,",
        "les valeurs dans votre langue. Dates `AAAA-MM-JJ`, parts et taux en décimales (`0.5` = 50 %), montants",
        "en devise du projet avec deux décimales au plus. Une clé inconnue est refusée (une faute de frappe ne",
        "doit pas faire disparaître une donnée) ; `coopdocs validate` signale chaque problème avec sa ligne.",
        "",
        "Un texte libre (titre, résumé, objectifs, rôles, tâches, livrables, textes de gouvernance…) s'écrit",
        "soit comme un simple texte, soit par langue : `{fr: …, en: …}` ; un document écrit dans une langue",
        "prend le texte de cette langue, sinon le premier donné.",
        "",
    ]
    for name, title, _ in SECTIONS:
        spec = definitions[name]
        required = set(spec.get("required", []))
        lines += [f"## {title}", ""]
        if spec.get("description") and name != "ProjectFile":
            lines += [spec["description"], ""]
        lines += ["| clé | type | obligatoire | description |", "|---|---|---|---|"]
        for key, field in spec["properties"].items():
            description = field.get("description", "")
            limits = _limits(field)
            if limits:
                description = f"{description} ({limits})" if description else limits
            lines.append(f"| `{key}` | {_type(field)} | {'oui' if key in required else 'non'} | {description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
