"""Post, redirect, get: a form's answer is a redirect to its page carrying a note (what was done,
or the refusal, and what was typed), so that reloading the page shows it again instead of
sending the form twice. Notes live in the workspace's memory only (never on disk), the newest
few hundred of them; a note never holds a file, a certificate or a passphrase."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.responses import RedirectResponse

KEPT = 200


@dataclass(frozen=True)
class Note:
    message: str = ""
    error: str = ""
    status: int = 200  # the page's status when shown: 409 or 400 for a refusal, as before the redirect
    typed: dict[str, str] = field(default_factory=dict)  # a grid save refused: what the person typed
    extra: dict[str, Any] = field(default_factory=dict)  # a page's own (a claim just written, its form)


def _store(ws: Any) -> dict[str, Note]:
    store: dict[str, Note] = ws.jobs.setdefault("notes", {})
    return store


def keep(ws: Any, note: Note) -> str:
    store = _store(ws)
    key = secrets.token_urlsafe(9)
    store[key] = note
    while len(store) > KEPT:
        store.pop(next(iter(store)))
    return key


def taken(ws: Any, key: str | None) -> Note:
    """The note of `key` (kept: a reload shows it again), or an empty one."""
    return _store(ws).get(key or "", Note())


def back_to(ws: Any, path: str, note: Note, **query: str) -> RedirectResponse:
    """A 303 to `path` (a page of this workspace) with the note's key."""
    args = urlencode({**query, "note": keep(ws, note)})
    return RedirectResponse(f"{path}?{args}", status_code=303)
