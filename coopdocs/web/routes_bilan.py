"""The Bilan page: a period chosen in the project's list (never typed), its figures and charts,
its anomalies (each naming its agent or partner, with what to do), the months' signatures, the
Word and Excel bilan and the control archive; the payment claim's form (routes_claims.py).
Each form answers with a redirect to the page and a note (coopdocs.web.notes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError
from coopdocs.formats import long_date
from coopdocs.web import bilan_page as parts
from coopdocs.web import documents_page
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.labels import PeriodChoices, guessed, month_words, period_choices, period_words, word
from coopdocs.web.notes import Note, back_to, taken
from coopdocs.web.security import checked_form

if TYPE_CHECKING:
    from markupsafe import Markup

    from coopdocs.bilan.figures import BilanFigures


async def bilan(request: Request) -> Response:
    ws = workspace(request)
    note = taken(ws, request.query_params.get("note"))
    extra = dict(note.extra)
    if note.error:
        extra.setdefault("page_error", note.error)
    if note.message:
        extra.setdefault("page_message", note.message)
    return await bilan_page(request, request.query_params.get("periode", ""), note.status, **extra)


async def bilan_page(request: Request, period: str, status: int = 200, **claim: Any) -> Response:
    """The Bilan page of `period`: its figures and charts, the files written, and the payment
    claim's form (`claim`: what the form holds, a claim just written or its refusal)."""
    from coopdocs.output.period_figures import bilan_figures
    from coopdocs.web.claims_page import claim_form
    from coopdocs.web.routes_sheets import project_of

    ws = workspace(request)
    project = await run_in_threadpool(project_of, ws)
    choices = period_choices(project, ws.lang)
    asked, period_error = period, ""
    if period and period not in choices.values:
        period_error, period, status = word("period_unknown", ws.lang, period=period), "", 400
    guess = guessed(asked, choices) if period_error else ""
    figures = (
        await run_in_threadpool(lambda: bilan_figures(project, period, ws.out_dir, lang=ws.lang)) if period else None
    )
    written = [
        name for name, _ in documents_page.output_files(ws.out_dir) if name.startswith(f"bilans/bilan_{period}.")
    ]
    form = claim.pop("form", None) or await run_in_threadpool(
        lambda: claim_form(ws.project_file, ws.out_dir, ws.lang, project=project, period=period)
    )
    context = {"claim": None, "claim_error": "", "claim_hint": "", "page_error": "", "page_message": "", **claim}
    return ws.page(
        request,
        "bilan.html",
        status=status,
        choices=choices,
        period=period,
        asked=asked,
        period_error=period_error,
        guess=(guess, period_words(guess, ws.lang)) if guess else None,
        period_name=period_words(period, ws.lang) if period else "",
        figures=figures,
        charts=_charts(ws, figures) if figures is not None else [],
        anomalies=parts.anomaly_rows(figures, project, ws.lang) if figures is not None else [],
        signoffs=parts.signoffs(figures, ws.lang) if figures is not None else [],
        month_words=lambda m: month_words(m, ws.lang),
        long_date=lambda d: long_date(d, ws.lang),
        period_words=lambda p: period_words(p, ws.lang),
        written=written,
        claim_form=form,
        **context,
    )


def _charts(ws: Workspace, figures: BilanFigures) -> list[tuple[str, Markup, list[tuple[str, list[float]]]]]:
    """(title, drawing, the figures drawn: the same as a table for whoever does not see it)."""
    from markupsafe import Markup

    w = ws.w
    wps = [(f"{wp.code or wp.id.upper()} – {wp.title}", [wp.hours]) for wp in figures.work_packages]
    funded = [p for p in figures.partners if p.budget_total]
    budget = [(p.name, [float(p.budget_total), float(p.cumulative.total)]) for p in funded]
    hours, spent = w("chart_hours"), w("chart_budget")
    return [
        (hours, Markup(parts.bar_svg(wps, [w("hours")], "h", hours, ws.lang)), wps),
        (spent, Markup(parts.bar_svg(budget, [w("budget"), w("spent")], "€", spent, ws.lang)), budget),
    ]


def chosen(ws: Workspace, form: Any) -> str:
    """The period a bilan or claim form names, if it is one of the project's (else a French refusal)."""
    from coopdocs.web.routes_sheets import project_of

    period = str(form.get("periode", ""))
    choices: PeriodChoices = period_choices(project_of(ws), ws.lang)
    if period not in choices.values:
        raise CoopdocsError(word("period_unknown", ws.lang, period=period))
    return period


form_period = chosen  # the earlier name (routes_claims)


async def write_bilan(request: Request) -> Response:
    from coopdocs.pipeline import BuildOptions
    from coopdocs.pipeline import bilan as write

    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    period = ""
    try:
        period = await run_in_threadpool(chosen, ws, form)
        await run_in_threadpool(write, ws.project_file, period, BuildOptions(out_dir=ws.out_dir, force=True))
    except CoopdocsError as exc:  # the period shown again only when it is one of the project's
        return back_to(
            ws, "/bilan", Note(error=exc.said(ws.lang), status=409), **({"periode": period} if period else {})
        )
    written = ws.w("bilan_written", period=period_words(period, ws.lang))
    return back_to(ws, "/bilan", Note(message=written), periode=period)


async def archive(request: Request) -> Response:
    ws = workspace(request)
    await checked_form(request, ws.keys, ws.lang)
    name, data = await run_in_threadpool(documents_page.archive_bytes, ws.project_file, ws.out_dir)
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


ROUTES = [
    Route("/bilan", bilan),
    Route("/bilan/ecrire", write_bilan, methods=["POST"]),
    Route("/bilan/archive", archive, methods=["POST"]),
]
