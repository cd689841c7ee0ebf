"""Signing a month in the workspace, through the sheet's life (coopdocs/forms/sheet_life.py):
the agent signs, the supervisor approves or returns it. Three ways to sign or approve:

- with one's own certificate file (PKCS#12, .p12 or .pfx) and its passphrase: the month's PDF
  (`build --pdf`'s, made again from the sheet as it is) is signed with pyHanko in the field
  `<role> — <name>`, verified as `coopdocs sheet sign --pdf` verifies, kept in `signes/`. The
  file and the passphrase are read from the request, in memory, and dropped with it: never
  written, never kept in a note, never logged;
- with a PDF signed elsewhere, verified the same way;
- by a declaration in the name the person types (« déclaré signé par … »).

Before an approval, each point « à vérifier » of the month is confirmed (a checkbox each); a
blocking anomaly refuses it, the page says to return the sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coopdocs.errors import CoopdocsError
from coopdocs.forms import sheet_life as life
from coopdocs.project.model import Agent, ProjectFile
from coopdocs.web import sheets
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.labels import word
from coopdocs.web.notes import Note
from coopdocs.web.routes_sheets import agent_of, month_posted, project_of, to_grid
from coopdocs.words import label

AGENT, SUPERVISOR = "agent", "responsable"


def confirm(ws: Workspace, project: ProjectFile, agent: Agent, month: str, given: list[str]) -> None:
    """Refused unless the month has no blocking anomaly and each point to check is confirmed (a
    month that is not signed, or changed since, is refused by the sheet's life, in its words)."""
    current = life.status(ws.out_dir, agent.id, month)
    if current.state != life.SheetState.SIGNEE or current.changed:
        return
    grid = sheets.grid(project, agent, month, ws.out_dir, ws.lang)
    if grid.blocking:
        points = " ; ".join(a.text(ws.lang) for a in grid.blocking[:5])
        raise CoopdocsError(word("approve_blocked", ws.lang, count=len(grid.blocking), points=points))
    missing = [a for key, a in grid.to_check if key not in given]
    if missing:
        points = " ; ".join(a.text(ws.lang) for a in missing)
        raise CoopdocsError(word("confirm_missing", ws.lang, count=len(missing), points=points))


def declared(
    ws: Workspace, project: ProjectFile, agent: Agent, month: str, form: dict[str, str], confirmed: list[str]
) -> str:
    """Sign, approve or return in the name typed by the person (« déclaré signé par … »), never
    a name the page fills in."""
    action, by = form["action"], " ".join(form.get("by", "").split())
    if not by:
        raise CoopdocsError(ws.w("sheet_name_needed"))
    if action == "sign":
        life.sign(ws.out_dir, project, agent, month, by, life.Evidence())
        return ws.w("sheet_signed", name=by)
    if action == "approve":
        if life.same_person(by, agent.name) or not life.same_person(by, agent.supervisor.name):
            life.approve(ws.out_dir, project, agent, month, by, life.Evidence())  # refused: not the supervisor
        confirm(ws, project, agent, month, confirmed)
        _, found = life.approve(ws.out_dir, project, agent, month, by, life.Evidence())
        points = [a.text(ws.lang) for a in found]
        return ws.w("sheet_approved", name=by) + (
            " " + ws.w("sheet_to_check", points=" ; ".join(points)) if points else ""
        )
    life.return_sheet(ws.out_dir, project, agent, month, by, form.get("reason", ""))
    return ws.w("sheet_returned")


def pdf_transition(
    ws: Workspace, project: ProjectFile, agent: Agent, month: str, action: str, name: str, data: bytes
) -> str:
    """A signed PDF of the month, verified (`signed_sheet`: the CLI's verification), then the
    month signed or approved and the PDF kept in `signes/`."""
    from coopdocs.signing import keep_signed, signed_sheet

    role = AGENT if action == "sign" else SUPERVISOR
    who, evidence, data = signed_sheet(project, ws.project_file, ws.out_dir, data, Path(name), agent, month, role)
    if action == "sign":
        life.sign(ws.out_dir, project, agent, month, who, evidence)
    else:
        life.approve(ws.out_dir, project, agent, month, who, evidence)
    keep_signed(ws.out_dir, evidence, data)
    return ws.w("sheet_pdf_verified", name=who, fingerprint=evidence.fingerprint[:16])


def pdf_to_sign(ws: Workspace, project: ProjectFile, agent: Agent, month: str, role: str) -> bytes:
    """The PDF the person signs: for the agent, the month's PDF made now from the sheet as it is
    (`build --pdf`, with its two empty signature fields); for the supervisor, the PDF the agent
    signed (kept in `signes/`)."""
    from coopdocs.forms.timesheet_form import sheet_path
    from coopdocs.office.folder import inside
    from coopdocs.pipeline import pdf_copies

    relative = sheet_path(agent.id, month)
    current = life.status(ws.out_dir, agent.id, month)
    if role == AGENT:
        if current.state not in (life.SheetState.VIERGE, life.SheetState.REMPLIE, life.SheetState.RENVOYEE):
            raise life.refusal(relative, current, "sign")
        made = pdf_copies(project, ws.out_dir, [relative])
        if not made:
            raise CoopdocsError(word("sign_blank", ws.lang))
        return made[0].read_bytes()
    if current.state != life.SheetState.SIGNEE:
        raise CoopdocsError(word("approve_unsigned", ws.lang, state=label("sheet_state", current.state.value, ws.lang)))
    signed = current.last(life.SIGN) or {}
    kept = (signed.get("pdf") or {}).get("path") if signed.get("evidence") == life.PDF else None
    if not kept:
        raise CoopdocsError(word("approve_after_declaration", ws.lang, name=agent.name))
    return inside(ws.out_dir, str(kept)).read_bytes()


def with_certificate(
    ws: Workspace, project: ProjectFile, agent: Agent, month: str, role: str, upload: tuple[str, bytes], phrase: str
) -> str:
    """Sign (agent) or approve (supervisor) with the person's certificate file and passphrase."""
    from coopdocs.signing.pkcs12 import common_name, sign_with, signer_of

    name, data = upload
    signer = signer_of(data, phrase, name)
    expected = agent.name if role == AGENT else agent.supervisor.name
    holder = common_name(signer)
    if not life.same_person(holder, expected):
        raise CoopdocsError(word("certificate_of_other", ws.lang, file=name, holder=holder, name=expected))
    signed = sign_with(pdf_to_sign(ws, project, agent, month, role), signer, role, expected)
    action = "sign" if role == AGENT else "approve"
    return pdf_transition(ws, project, agent, month, action, Path(name).stem + ".pdf", signed)


async def _file(sent: Any, limit: int) -> tuple[str, bytes] | None:
    if not isinstance(sent, UploadFile) or not sent.filename:
        return None
    return sent.filename, await sent.read(limit + 1)


async def _signing(request: Request, role: str) -> Response:
    from coopdocs.signing.pkcs12 import MAX_CERTIFICATE
    from coopdocs.signing.verify import MAX_PDF

    ws, form, project, agent, month = await month_posted(request)
    how, action = str(form.get("how", "")), "sign" if role == AGENT else "approve"
    try:
        if role == SUPERVISOR and how in ("certificat", "pdf"):
            confirmed = [str(v) for v in form.getlist("verifie")]
            await run_in_threadpool(confirm, ws, project, agent, month, confirmed)
        if how == "certificat":
            upload = await _file(form.get("certificat"), MAX_CERTIFICATE)
            if upload is None:
                raise CoopdocsError(word("certificate_none", ws.lang))
            phrase = str(form.get("phrase", ""))
            message = await run_in_threadpool(with_certificate, ws, project, agent, month, role, upload, phrase)
        elif how == "pdf":
            sent = await _file(form.get("pdf"), MAX_PDF)
            if sent is None:
                raise CoopdocsError(ws.w("upload_none"))
            message = await run_in_threadpool(pdf_transition, ws, project, agent, month, action, *sent)
        else:
            typed = {"action": action, "by": str(form.get("by", ""))}
            confirmed = [str(v) for v in form.getlist("verifie")]
            message = await run_in_threadpool(declared, ws, project, agent, month, typed, confirmed)
    except CoopdocsError as exc:
        return to_grid(ws, agent, month, Note(error=exc.said(ws.lang), status=409))
    finally:
        await form.close()  # the certificate's bytes go with the request
    return to_grid(ws, agent, month, Note(message=message))


async def sign_month(request: Request) -> Response:
    return await _signing(request, AGENT)


async def approve_month(request: Request) -> Response:
    return await _signing(request, SUPERVISOR)


async def signed_pdf(request: Request) -> Response:
    """A PDF of the month signed elsewhere (`action` sign or approve), as the earlier form sent it."""
    ws, form, project, agent, month = await month_posted(request)
    action = form.get("action")
    if action not in ("sign", "approve"):
        return to_grid(ws, agent, month, Note(error=ws.w("upload_none"), status=400))
    return await _signing_pdf(ws, project, agent, month, str(action), form)


async def _signing_pdf(
    ws: Workspace, project: ProjectFile, agent: Agent, month: str, action: str, form: Any
) -> Response:
    from coopdocs.signing.verify import MAX_PDF

    try:
        sent = await _file(form.get("pdf"), MAX_PDF)
        if sent is None:
            return to_grid(ws, agent, month, Note(error=ws.w("upload_none"), status=400))
        if action == "approve":
            await run_in_threadpool(confirm, ws, project, agent, month, [str(v) for v in form.getlist("verifie")])
        message = await run_in_threadpool(pdf_transition, ws, project, agent, month, action, *sent)
    except CoopdocsError as exc:
        return to_grid(ws, agent, month, Note(error=exc.said(ws.lang), status=409))
    return to_grid(ws, agent, month, Note(message=message))


async def month_pdf(request: Request) -> Response:
    """The month's PDF to sign elsewhere: made from the sheet as it is (`build --pdf`: PDF/A-2b
    with its two empty signature fields, recorded so that the signed PDF brought back is known
    as coopdocs' own)."""
    from coopdocs.forms.timesheet_form import sheet_path
    from coopdocs.pipeline import pdf_copies

    ws = workspace(request)
    project = await run_in_threadpool(project_of, ws)
    month = request.path_params["month"]
    agent = agent_of(ws, project, request.path_params["agent"], month)
    try:
        made = await run_in_threadpool(pdf_copies, project, ws.out_dir, [sheet_path(agent.id, month)])
        if not made:
            raise CoopdocsError(word("sign_blank", ws.lang))
    except CoopdocsError as exc:
        return to_grid(ws, agent, month, Note(error=exc.said(ws.lang), status=409))
    data = made[0].read_bytes()
    disposition = f'attachment; filename="{made[0].name}"'
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": disposition})


ROUTES = [
    Route("/feuilles/{agent}/{month}/signer", sign_month, methods=["POST"]),
    Route("/feuilles/{agent}/{month}/approuver", approve_month, methods=["POST"]),
    Route("/feuilles/{agent}/{month}/pdf-signe", signed_pdf, methods=["POST"]),
    Route("/feuilles/{agent}/{month}/mois.pdf", month_pdf),
]
