"""The payment claim of the Bilan page: « Préparer la demande de paiement » runs `coopdocs
claim` for the period shown (coopdocs.web.claims_page), then redirects to the Bilan page with the
claim written, or with the refusal beside the form (a reload never writes a second claim)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError, from_os_error
from coopdocs.web import claims_page
from coopdocs.web.app import workspace
from coopdocs.web.notes import Note, back_to
from coopdocs.web.routes_bilan import chosen
from coopdocs.web.security import checked_form


async def write_claim(request: Request) -> Response:
    ws = workspace(request)
    form = await checked_form(request, ws.keys, ws.lang)
    period = str(form.get("periode", ""))
    ticked = [str(v) for v in form.getlist("partenaire")]
    exclude, date = form.get("ecarter") == "1", str(form.get("date", ""))
    state = await run_in_threadpool(
        claims_page.claim_form, ws.project_file, ws.out_dir, ws.lang, set(ticked), exclude, date
    )
    try:
        period = await run_in_threadpool(chosen, ws, form)
        when = claims_page.claim_date(date, ws.w("claim_bad_date", date=date))
        if not ticked:
            raise CoopdocsError(ws.w("claim_no_partner"))
        args = (ws.project_file, ws.out_dir, period, tuple(ticked), exclude, when, ws.lang)
        written = await run_in_threadpool(claims_page.write_claim, *args)
    except (CoopdocsError, OSError) as exc:
        message = exc.said(ws.lang) if isinstance(exc, CoopdocsError) else from_os_error(exc).message
        numbers = claims_page.same_period(state, period)
        hint = ws.w("claim_period_done", period=period, numbers=", ".join(map(str, numbers))) if numbers else ""
        note = Note(status=409, extra={"form": state, "claim_error": message, "claim_hint": hint})
        return back_to(ws, "/bilan", note, periode=period)
    return back_to(ws, "/bilan", Note(extra={"claim": written}), periode=period)


ROUTES = [Route("/bilan/demande", write_claim, methods=["POST"])]
