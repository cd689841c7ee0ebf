"""Whether the project does what it set out to do, at the end of a period: each indicator's last
value measured by then against its target, the deliverables and milestones due or done in the
period, and what is late (due before the bilan's date and not done, whatever the period it was
due in). Pure functions of the project file: no form is read.

The texts are those of the project in the bilan's language (`in_language` before calling).
"""

from __future__ import annotations

import datetime as dt

from coopdocs.bilan.figures import BilanFigures, IndicatorProgress, ItemProgress, Progress
from coopdocs.project.evaluation import Indicator, work_package_code
from coopdocs.project.model import ProjectFile


def wp_code(project: ProjectFile, wp_id: str | None) -> str:
    return work_package_code(project.work_packages, wp_id)


def indicator_at(project: ProjectFile, indicator: Indicator, end: dt.date) -> IndicatorProgress:
    """The indicator's last value measured by `end`, against its target."""
    last = indicator.last_measure(end)
    value = last.value if last else None
    return IndicatorProgress(
        id=indicator.id,
        name=indicator.name,
        unit=indicator.unit,
        kind=indicator.kind,
        code=indicator.code or "",
        work_package=wp_code(project, indicator.work_package),
        baseline=indicator.start_value,
        target=indicator.target,
        target_date=indicator.target_date,
        value=value,
        measured=last.date if last else None,
        source=(last.source or "") if last else "",
        progress=indicator.share_of_way(value),
    )


def _state(due: dt.date, done: dt.date | None, as_of: dt.date) -> str:
    if done is not None and done <= as_of:
        return "fait" if done <= due else "fait-en-retard"
    return "en-retard" if due < as_of else "a-venir"


def items_at(project: ProjectFile, start: dt.date, end: dt.date, as_of: dt.date) -> list[ItemProgress]:
    """Deliverables and milestones due in the period or done in it, and those due earlier still
    not done on `as_of` (the bilan's date), in the order of their due dates."""
    found: list[ItemProgress] = []
    for wp in project.work_packages:
        for d in wp.deliverables:
            done = d.done if d.done is not None and d.done <= as_of else None
            state = _state(d.due, done, as_of)
            in_period = start <= d.due <= end or (done is not None and start <= done <= end)
            if in_period or (state == "en-retard" and d.due < start):
                found.append(
                    ItemProgress(
                        kind="livrable",
                        title=d.title,
                        work_package=wp_code(project, wp.id),
                        due=d.due,
                        done=done,
                        state=state,
                    )
                )
    for m in project.milestones:
        state = "fait" if m.done else _state(m.date, None, as_of)
        if start <= m.date <= end or (state == "en-retard" and m.date < start):
            found.append(ItemProgress(kind="jalon", title=m.title, work_package="", due=m.date, done=None, state=state))
    return sorted(found, key=lambda item: (item.due, item.kind != "jalon"))


def progress(project: ProjectFile, start: dt.date, end: dt.date, as_of: dt.date) -> Progress:
    """The period's progress; indicators at the period's end, late items at `as_of`."""
    return Progress(
        indicators=[indicator_at(project, i, end) for i in project.indicators],
        items=items_at(project, start, end, as_of),
    )


def with_progress(figures: BilanFigures, project: ProjectFile, when: dt.date, lang: str | None) -> BilanFigures:
    """The figures with the period's progress, the project's texts in `lang` (default its own)."""
    from coopdocs.project.model import in_language

    local = in_language(project, lang or project.project.language)
    return figures.model_copy(update={"progress": progress(local, figures.start, figures.end, when)})
