"""The date of a claim: a claim declares expenditure incurred and paid over a closed period, so
it is dated on the period's last day or after it (a controller rejects one dated before). The
command line and the workspace's claim page refuse it through `check_date`."""

from __future__ import annotations

import datetime as dt

from coopdocs.calendar import period_bounds
from coopdocs.errors import CoopdocsError
from coopdocs.messages import say
from coopdocs.project.model import ProjectFile


def last_day(project: ProjectFile, period: str) -> dt.date:
    """The period's last day, clipped to the project's end (as the bilan and the claim count)."""
    return period_bounds(period, project.project.start, project.project.end)[1]


def check_date(project: ProjectFile, period: str, when: dt.date, lang: str = "fr") -> None:
    """Refused (CoopdocsError, in `lang`) when `when` falls before the period's last day."""
    end = last_day(project, period)
    if when < end:
        raise CoopdocsError(say("claim", "dated_before_end", {"date": when, "period": period, "end": end}, lang))
