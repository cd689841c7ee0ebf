"""The bilan's view of the time sheets' life: per agent and month `sheet_state` and `signatures`,
a blocking anomaly for each signed or approved month changed on disk since, and a point « à
vérifier » for each signature or approval dated before its month's last day."""

from __future__ import annotations

from pathlib import Path

from coopdocs.bilan.figures import BilanFigures, HourlyAgent, SheetMonth
from coopdocs.forms.sheet_life import changed_anomalies
from coopdocs.forms.sheet_signatures import by_agent_month, early_anomalies
from coopdocs.project.model import ProjectFile


def with_sheet_life(figures: BilanFigures, project: ProjectFile, out_dir: Path) -> BilanFigures:
    first, last = f"{figures.start:%Y-%m}", f"{figures.end:%Y-%m}"
    life = by_agent_month(project, out_dir)
    agents = []
    for agent in figures.agents:
        if isinstance(agent, HourlyAgent):
            mine = {m: SheetMonth(**v) for (a, m), v in sorted(life.items()) if a == agent.id and first <= m <= last}
            agent = agent.model_copy(update={"sheets": mine})
        agents.append(agent)
    changed = [a for a in changed_anomalies(out_dir) if first <= a.month <= last]
    early = [a for a in early_anomalies(project, out_dir) if first <= a.month <= last]
    return figures.model_copy(update={"agents": agents, "anomalies": changed + list(figures.anomalies) + early})


def signature_line(figures: BilanFigures, lang: str) -> str:
    """One sentence: each month's last signature and approval, and how each was made (a
    declaration is said to be one); "" when no sheet was signed."""
    from coopdocs.words import words

    w = words("sheet_signatures", lang)
    months = []
    for agent in figures.agents:
        if not isinstance(agent, HourlyAgent):
            continue
        for month, sheet in agent.sheets.items():
            said = []
            for event in ("sign", "approve"):
                last = next((s for s in reversed(sheet.signatures) if s.get("event") == event), None)
                if last and sheet.sheet_state in ("signee", "approuvee"):
                    said.append(f"{w[event].format(by=last.get('by', '?'))} ({w.get(str(last.get('evidence')), '?')})")
            if said:
                months.append(f"{agent.name} {month} " + ", ".join(said))
    return w["line"].format(months="; ".join(months)) if months else ""
