"""A synthetic large Interreg project, deterministic: 10 partners, 80 hourly agents, 36 months
(2,880 monthly time sheets), 6 work packages. Usage: python bench/make_large_project.py [OUT.yaml]"""

from __future__ import annotations

import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

COUNTRIES = [
    ("FR", "FR-57"),
    ("BE", None),
    ("DE", "DE-BY"),
    ("LU", None),
    ("FR", None),
    ("IT", None),
    ("ES", None),
    ("CH", "CH-VD"),
    ("FR", "FR-67"),
    ("DE", None),
]


def large_project(partners: int = 10, agents: int = 80, months: int = 36) -> str:
    """The project file's YAML text, written line by line so that it is the same on every run."""
    end = _end_date(months)
    lines = [
        "project:",
        "  id: grand-projet",
        '  title: "Grand projet Interreg de démonstration"',
        "  programme: Interreg VI-A Grande Région",
        "  cooperation: transnationale",
        "  start: 2027-01-01",
        f"  end: {end}",
        "  summary: Projet synthétique pour mesurer les performances.",
        "  objectives: [Mesurer]",
        "  lead_partner: p01",
    ]
    lines += _partner_lines(partners)
    lines += _agent_lines(agents, partners)
    lines.append("work_packages:")
    for i in range(1, 7):
        lines.append(f"  - {{id: wp{i}, title: Lot de travail {i}, lead: p{i:02d}, start: 2027-01-01, end: {end}}}")
    lines += _budget_lines(partners)
    members = ", ".join(f"p{i:02d}" for i in range(1, partners + 1))
    lines += [
        "governance:",
        f"  bodies: [{{name: Comité de pilotage, members: [{members}], frequency: semestrielle, role: Décide}}]",
        "  decision_rule: Consensus",
        "  working_language: français",
        "  ip: Partagée",
        "  disputes: Amiable",
        "reporting: {frequency: annual, retention_years: 10}",
    ]
    return "\n".join(lines) + "\n"


@contextmanager
def large_workspace(prefix: str, before: Callable[[Path], None] | None = None) -> Iterator[tuple[Path, Any]]:
    """The large project in a temporary folder, `coopdocs serve`'s app on it through Starlette's
    test client (no network), its page opened with the token; `before(project)` runs first. The
    folder goes at the end."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from coopdocs.web.app import create_app

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        project = folder / "grand-projet.yaml"
        project.write_text(large_project(months=36), encoding="utf-8")
        if before:
            before(project)
        app = create_app(project, folder / "out")
        client = TestClient(app, base_url="http://127.0.0.1:8765")
        client.get(f"/projet?token={app.state.workspace.keys.token}")
        client.csrf = app.state.workspace.keys.csrf
        yield project, client
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _end_date(months: int) -> str:
    """The last day of the project's last month, the project starting on 2027-01-01."""
    import calendar

    end_year = 2027 + (months - 1) // 12
    end_month = (months - 1) % 12 + 1
    return f"{end_year}-{end_month:02d}-{calendar.monthrange(end_year, end_month)[1]:02d}"


def _partner_lines(partners: int) -> list[str]:
    """Partners spread over several countries and regions, so public holidays differ between sheets."""
    lines = ["partners:"]
    for i in range(1, partners + 1):
        country, subdivision = COUNTRIES[(i - 1) % len(COUNTRIES)]
        lines += [
            f"  - id: p{i:02d}",
            f'    name: "Partenaire {i:02d} & associés"',
            "    type: gal",
            f"    country: {country}",
            *([f"    subdivision: {subdivision}"] if subdivision else []),
            f'    address: "{i} rue de la Coopération, 5700{i % 10} Ville"',
            f"    representative: {{name: Représentant {i}, title: Président}}",
            f"    contact: {{name: Contact {i}, email: contact{i}@example.org}}",
        ]
    return lines


def _agent_lines(agents: int, partners: int) -> list[str]:
    """Hourly agents dealt round the partners, each with a different cost (different rates)."""
    lines = ["agents:"]
    for i in range(1, agents + 1):
        lines += [
            f"  - id: agent-{i:03d}",
            f'    name: "Agent {i:03d}"',
            f"    partner: p{(i - 1) % partners + 1:02d}",
            "    job_title: Chargé de mission",
            "    supervisor: {name: Directeur, title: Directeur}",
            f"    annual_gross_cost: {40000 + 100 * i}",
            "    allocation: {mode: hourly, hours_planned: 2000}",
            "    mission: {tasks: [Travailler]}",
        ]
    return lines


def _budget_lines(partners: int) -> list[str]:
    """Staff and travel lines and a funding rate per partner, office costs by flat rate."""
    lines = ["budget:", "  lines:"]
    for i in range(1, partners + 1):
        lines.append(f"    - {{partner: p{i:02d}, category: staff, amount: {300000 + i}}}")
        lines.append(f"    - {{partner: p{i:02d}, category: travel, amount: 10000}}")
    lines.append("  funding:")
    for i in range(1, partners + 1):
        lines.append(f"    - {{partner: p{i:02d}, source: FEDER, rate: 0.6}}")
    lines.append("  flat_rates: {office_admin: 0.15}")
    return lines


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "output/bench/grand-projet.yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(large_project(), encoding="utf-8")
    print(target)
