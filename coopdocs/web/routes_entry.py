"""The entry pages: the project, partners, people, work packages, budget, financing and
governance, each list as cards with a small form for a new element, an element's own page,
the budget tables (their totals recomputed by the server as the person types), deletion with a
confirmation and an undo until the next save."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coopdocs.web import budget_page, entry, entry_actions, entry_page, formread, references, wording
from coopdocs.web.app import Workspace, workspace
from coopdocs.web.entry_save import Outcome, Undo, form_tree, grid_seeds, seed, seeded
from coopdocs.web.formgen import EN, Node
from coopdocs.web.security import checked_form, values
from coopdocs.web.yamlfile import get, parse_path

UNDO = "entry-undo"


async def posted(request: Request) -> tuple[Workspace, dict[str, str], str]:
    ws = workspace(request)
    form = values(await checked_form(request, ws.keys, ws.lang))
    return ws, form, form.pop("file_hash", "")


def _list_key(request: Request) -> str:
    key = str(request.path_params["list"])
    if key not in entry.ESSENTIAL or key in {g for s in entry.SECTIONS for g in s.groups}:
        raise HTTPException(404)
    return key


def _index(request: Request, current: entry_page.State, list_key: str) -> int:
    raw = str(request.path_params.get("n", ""))
    items = get(current.data, parse_path(list_key)) if current.data else None
    if not raw.isdigit() or not isinstance(items, list) or not 1 <= int(raw) <= len(items):
        raise HTTPException(404)
    return int(raw) - 1


def refill(root: Node, typed: dict[str, str]) -> None:
    """What the person typed, shown again in its fields (a refused save loses nothing)."""
    for node in root.leaves():
        if node.name in typed:
            node.value = typed[node.name]
        if node.name + EN in typed:
            node.value_en = typed[node.name + EN]


def visible(root: Node) -> Any:
    """Whether a conditional field shows, from the answers the page shows."""
    shown = {n.name: n.value for n in root.leaves()}

    def test(node: Node) -> bool:
        return node.when is None or shown.get(node.when[0], "") in node.when[1]

    return test


def common(ws: Workspace, request: Request, current: entry_page.State, **extra: Any) -> dict[str, Any]:
    said = current.said(ws.lang)
    undo: Undo | None = ws.jobs.get(UNDO)
    if undo is not None and undo.hash_after != current.hash:
        ws.jobs.pop(UNDO, None)
        undo = None
    return {
        "sections": entry.SECTIONS,
        "counts": entry_page.section_counts(current, ws.lang),
        "problems": [s for s in said if not s.warning],
        "warnings": [s for s in said if s.warning],
        "file_hash": current.hash,
        "undo": undo,
        "created": ws.created,
        "saved": request.query_params.get("enregistre") == "1",
        "stale": False,
        "outcome": None,
        **extra,
    }


async def section(request: Request) -> Response:
    ws = workspace(request)
    slug = request.url.path.removeprefix("/projet").strip("/")
    if slug not in entry.BY_SLUG:
        raise HTTPException(404)
    current = await run_in_threadpool(entry_page.state, ws.project_file)
    where = entry.BY_SLUG[slug]
    if where.lists and entry_page.only_the_example(current.data, where.lists[0]):
        return RedirectResponse(f"/projet/element/{where.lists[0]}/1", status_code=303)
    return _section_page(ws, request, current, where)


def _section_page(
    ws: Workspace, request: Request, current: entry_page.State, where: entry.Section, outcome: Outcome | None = None
) -> Response:
    if current.unreadable:
        return ws.page(request, "entry.html", section=where, root=None, **common(ws, request, current))
    grid_index = len(get(current.data, parse_path(where.grid)) or []) if where.grid else 0
    target: tuple[str | int, ...] = (*parse_path(where.grid), grid_index) if where.grid else ()
    seeds = grid_seeds(current.data, where.grid) if where.grid else None
    inline_key = _first_empty_list(current, where)
    if inline_key:  # its small form is built with the page's (one form tree for the page)
        target, seeds = (*parse_path(inline_key), 0), [seed(current.data, inline_key)]
    if outcome is None:
        root = _section_tree(current, ws.lang, where, (target, seeds))
    else:  # a refused save's own form, which shows what was typed
        root, _ = form_tree(current.data, ws.lang, target, seeds)
    errors = outcome.errors if outcome else {}
    if outcome is not None:
        refill(root, outcome.typed)
    groups = [(g, root.find(parse_path(g))) for g in where.groups]
    context = common(ws, request, current, stale=bool(outcome and outcome.stale), outcome=outcome)
    inline_node = root.find(target) if inline_key else None
    inline = {"key": inline_key, "fields": entry_page.split(inline_node, inline_key)[0]} if inline_node else None
    return ws.page(
        request,
        "entry.html",
        status=409 if outcome and outcome.stale else 200,
        section=where,
        root=root,
        groups=[(g, node, *entry_page.split(node, g)) for g, node in groups if node is not None],
        lists=[(key, entry_page.cards(current, key, ws.lang)) for key in where.lists],
        grid=root.find(parse_path(where.grid)) if where.grid else None,
        columns=entry.GRID_COLUMNS.get(where.grid, ()),
        blanks=len(seeds or ()) if where.grid else 0,
        budget=budget_page.table(current.data) if where.slug == "budget" else None,
        plans=budget_page.plans(current.data) if where.slug in ("budget", "financement") else None,
        funders=references.funders(current.data),
        by_field=_merged(current.by_field(ws.lang), errors),
        warned=current.warned_by_field(ws.lang),
        visible=visible(root),
        inline=inline,
        **context,
    )


_TREES: dict[tuple[str, str, str], Node] = {}  # (file hash, language, section) → its form, for the file as it is now


def _section_tree(current: entry_page.State, lang: str, where: entry.Section, made: tuple[Any, Any]) -> Node:
    """A section's form (its new rows, its inline element) made once per content of the file:
    a page shown again, or another section, does not dress the whole file again (40 ms on a
    large project). Only a page that shows what a refused save typed changes its form: it
    makes its own."""
    key = (current.hash, lang, where.slug)
    if key not in _TREES:
        if any(k[0] != current.hash for k in _TREES):
            _TREES.clear()  # the file changed: its previous forms are no longer its own
        _TREES[key] = form_tree(current.data, lang, *made)[0]
    return _TREES[key]


def _first_empty_list(current: entry_page.State, where: entry.Section) -> str:
    """The page's first empty list (a table page has none), whose small form shows in its
    place: nothing to open before typing the first meeting (its other fields are on the new
    element's own page)."""
    empty = [k for k in where.lists if not get(current.data, parse_path(k))]
    return empty[0] if empty and not where.grid else ""


def _merged(by_field: dict[str, list[str]], errors: dict[str, list[str]]) -> dict[str, list[str]]:
    merged = {k: list(v) for k, v in by_field.items()}
    for key, messages in errors.items():
        merged.setdefault(key, [])
        merged[key] = [*messages, *[m for m in merged[key] if m not in messages]]
    return merged


async def save_group(request: Request) -> Response:
    ws, form, expected = await posted(request)
    group = str(request.path_params["group"])
    where = next((s for s in entry.SECTIONS if group in s.groups), None)
    if where is None:
        raise HTTPException(404)
    follows = not ws.out_dir.exists()  # nothing built: the output folder may follow the title
    outcome = await run_in_threadpool(
        entry_actions.save_group, ws.project_file, group, expected, form, ws.lang, follows
    )
    return _after(ws, request, outcome, where)


async def save_grid(request: Request) -> Response:
    ws, form, expected = await posted(request)
    grid = str(request.path_params["list"])
    where = next((s for s in entry.SECTIONS if s.grid == grid and grid), None)
    if where is None:
        raise HTTPException(404)
    outcome = await run_in_threadpool(entry_actions.save_grid, ws.project_file, grid, expected, form, ws.lang)
    return _after(ws, request, outcome, where)


def _after(ws: Workspace, request: Request, outcome: Outcome, where: entry.Section, anchor: str = "") -> Response:
    if outcome.saved:
        ws.created = False
        ws.jobs.pop(UNDO, None)
        url = f"/projet/{where.slug}".rstrip("/") + "?enregistre=1" + (f"#{anchor}" if anchor else "")
        return RedirectResponse(url, status_code=303)
    return _section_page(ws, request, outcome.state, where, outcome)


async def item(request: Request) -> Response:
    ws = workspace(request)
    list_key = _list_key(request)
    current = await run_in_threadpool(entry_page.state, ws.project_file)
    if current.unreadable:
        return RedirectResponse("/projet", status_code=303)
    index = None if request.path_params.get("n") is None else _index(request, current, list_key)
    return _item_page(ws, request, current, list_key, index)


def _item_page(
    ws: Workspace,
    request: Request,
    current: entry_page.State,
    list_key: str,
    index: int | None,
    outcome: Outcome | None = None,
) -> Response:
    items = get(current.data, parse_path(list_key))
    new = index is None
    position = (len(items) if isinstance(items, list) else 0) if index is None else index
    element_path = (*parse_path(list_key), position)
    root, _ = form_tree(current.data, ws.lang, element_path, [seed(current.data, list_key)] if new else None)
    if outcome is not None:
        refill(root, outcome.typed)
    node = root.find(element_path)
    assert node is not None
    essential, advanced = entry_page.split(node, list_key)
    by_field = _merged({} if new else current.by_field(ws.lang), outcome.errors if outcome else {})
    title = (wording.item_name(get(current.data, element_path)) if not new else "") or ""
    status = 409 if outcome and outcome.stale else 200
    return ws.page(
        request,
        "entry_item.html",
        status=status,
        section=entry.section_of(list_key),
        list_key=list_key,
        index=position,
        new=new,
        noun=entry_page.noun(list_key, ws.lang),
        first=entry_page.first(list_key, ws.lang),
        title=title,
        node=node,
        essential=essential,
        advanced=advanced,
        by_field=by_field,
        warned={} if new else current.warned_by_field(ws.lang),
        errors=outcome.errors if outcome else {},
        visible=visible(root),
        citations=[] if new else entry_actions.citations(ws.project_file, list_key, position, ws.lang),
        example=not new and entry_page.only_the_example(current.data, list_key),
        **common(ws, request, current, stale=bool(outcome and outcome.stale), outcome=outcome),
    )


async def save_item(request: Request) -> Response:
    ws, form, expected = await posted(request)
    list_key = _list_key(request)
    current = await run_in_threadpool(entry_page.state, ws.project_file)
    if request.path_params.get("n") is None:
        outcome = await run_in_threadpool(entry_actions.add, ws.project_file, list_key, expected, form, ws.lang)
        index = None
    else:
        index = _index(request, current, list_key)
        outcome = await run_in_threadpool(
            entry_actions.save_element, ws.project_file, list_key, index, expected, form, ws.lang
        )
    if outcome.saved:
        ws.created = False
        ws.jobs.pop(UNDO, None)
        where = entry.section_of(list_key)
        card = f"c-{list_key}-{(outcome.index or 0) + 1}"
        if form.get("then") == "another":  # « Ajouter, puis en saisir un autre », « Enregistrer, puis … »
            return RedirectResponse(f"/projet/element/{list_key}/nouveau?enregistre=1", status_code=303)
        return RedirectResponse(f"/projet/{where.slug}".rstrip("/") + f"?enregistre=1#{card}", status_code=303)
    return _item_page(ws, request, outcome.state, list_key, index, outcome)


async def confirm_delete(request: Request) -> Response:
    ws = workspace(request)
    list_key = _list_key(request)
    current = await run_in_threadpool(entry_page.state, ws.project_file)
    index = _index(request, current, list_key)
    element = get(current.data, (*parse_path(list_key), index))
    return ws.page(
        request,
        "entry_delete.html",
        section=entry.section_of(list_key),
        list_key=list_key,
        index=index,
        name=wording.item_name(element) or entry_page.noun(list_key, ws.lang),
        noun=entry_page.noun(list_key, ws.lang),
        citations=entry_actions.citations(ws.project_file, list_key, index, ws.lang),
        **common(ws, request, current),
    )


async def delete(request: Request) -> Response:
    ws, form, expected = await posted(request)
    list_key = _list_key(request)
    current = await run_in_threadpool(entry_page.state, ws.project_file)
    index = _index(request, current, list_key)
    outcome, taken = await run_in_threadpool(entry_actions.delete, ws.project_file, list_key, index, expected, ws.lang)
    where = entry.section_of(list_key)
    if not outcome.saved:
        return _section_page(ws, request, outcome.state, where, outcome)
    ws.jobs[UNDO] = taken
    return RedirectResponse(f"/projet/{where.slug}".rstrip("/"), status_code=303)


async def undo(request: Request) -> Response:
    ws, _form, _expected = await posted(request)
    taken: Undo | None = ws.jobs.pop(UNDO, None)
    if taken is None:
        return RedirectResponse("/projet", status_code=303)
    outcome = await run_in_threadpool(entry_actions.undo, ws.project_file, taken, ws.lang)
    where = entry.section_of(taken.list_key)
    if outcome.saved:
        return RedirectResponse(f"/projet/{where.slug}".rstrip("/") + "?enregistre=1", status_code=303)
    return _section_page(ws, request, outcome.state, where, outcome)


async def totals(request: Request) -> Response:
    """The budget tables for what is typed in the table (nothing written): the live totals."""
    ws, form, _expected = await posted(request)
    grid = str(request.path_params["list"])
    current = await run_in_threadpool(entry_page.state, ws.project_file)
    if current.unreadable or grid not in entry.GRID_COLUMNS:
        raise HTTPException(404)
    index = len(get(current.data, parse_path(grid)) or [])
    seeds = grid_seeds(current.data, grid)
    root, _ = form_tree(current.data, ws.lang, (*parse_path(grid), index), seeds)
    data = current.data  # the table's rows and the flat rates as typed (only what was sent counts)
    found, _errors = formread.changes(root, form, round_trip=False)
    formread.apply(data, found)
    rows = get(data, parse_path(grid))
    if isinstance(rows, list):
        seeded(rows, index, seeds)
    return ws.page(
        request,
        "_budget_tables.html",
        budget=budget_page.table(data) if grid == "budget.lines" else None,
        plans=budget_page.plans(data),
    )


ROUTES = [
    Route("/projet/element/{list}/nouveau", item),
    Route("/projet/element/{list}/nouveau", save_item, methods=["POST"]),
    Route("/projet/element/{list}/{n}/supprimer", confirm_delete),
    Route("/projet/element/{list}/{n}/supprimer", delete, methods=["POST"]),
    Route("/projet/element/{list}/{n}", item),
    Route("/projet/element/{list}/{n}", save_item, methods=["POST"]),
    Route("/projet/groupe/{group}", save_group, methods=["POST"]),
    Route("/projet/tableau/{list}", save_grid, methods=["POST"]),
    Route("/projet/totaux/{list}", totals, methods=["POST"]),
    Route("/projet/annuler", undo, methods=["POST"]),
    Route("/projet", section),
    *[Route(f"/projet/{s.slug}", section, name=s.slug) for s in entry.SECTIONS if s.slug],
]
