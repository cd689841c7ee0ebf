"""A time sheet's life (coopdocs/forms/sheet_life.py): every transition and refusal, from the
CLI and the library; an approved month that nothing changes; concurrent requests serialised."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import threading

import pytest

from conftest import EXAMPLE, run

RELATIVE = "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"


@pytest.fixture
def built(tmp_path):
    project = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, project)
    out = tmp_path / "out"
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    return project, out, out / RELATIVE


def history(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("history", {}).get(RELATIVE, [])


def fill(out, cells):
    from coopdocs.forms import sheet_life
    from coopdocs.web import sheets

    return sheet_life.edit(out, "zoe-martin", "2028-05", "Zoé Martin", lambda path: sheets.save(path, cells))


def sheet(*args):
    return run("sheet", *args)


def steps(args, *expected):
    """`coopdocs sheet` on the month of `args`, each (subcommand and its options, exit code, what it
    says) in turn: what it says is on its output when it succeeds, on stderr when it refuses."""
    for (command, *options), code, said in expected:
        result = sheet(command, *args, *options)
        assert result.exit_code == code, result.output
        assert said in (result.output if code == 0 else result.stderr)


def sign_and_approve(project, out):
    """Zoé Martin signs her May 2028 sheet and Anne Muller approves it, both by declaration."""
    args = ("zoe-martin", "2028-05", project, "-o", out)
    assert sheet("sign", *args, "--by", "Zoé Martin").exit_code == 0
    assert sheet("approve", *args, "--by", "Anne Muller").exit_code == 0


def may_bilan(project, out) -> dict:
    """The figures of the May 2028 bilan (`--json`), where a sheet's life is read back."""
    result = run("bilan", project, "--period", "2028-05", "-o", out, "--json", "--date", "2028-06-10")
    figures, _ = json.JSONDecoder().raw_decode(result.output[result.output.index("{") :])
    return figures


def test_sign_approve_return_and_sign_again_from_the_cli(built):
    project, out, path = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    args = ("zoe-martin", "2028-05", project, "-o", out)
    steps(
        args,
        (("approve", "--by", "Anne Muller"), 1, ""),  # not signed yet
        (("sign", "--by", "Zoé Martin"), 0, "feuille signée (signature déclarée par Zoé Martin)"),
        (("sign", "--by", "Zoé Martin"), 1, "feuille signée par Zoé Martin le"),
        (
            ("approve", "--by", "zoe martin"),
            1,
            "Zoé Martin approuve sa propre feuille : refusé, c'est le rôle d'Anne Muller",
        ),
        (("approve", "--by", "Paul Durand"), 1, "« Paul Durand » n'est pas le ou la responsable de Zoé Martin"),
        (("approve", "--by", "Anne Muller"), 0, "feuille approuvée (approbation déclarée par Anne Muller)"),
        (("return", "--reason", "  "), 1, "le motif du renvoi est obligatoire"),
        (("return", "--reason", "le 2 mai : 6 h sur WP1, c'était WP2"), 0, "feuille renvoyée à l'agent"),
    )
    fill(out, {"h:2028-05-02:wp1": "", "h:2028-05-02:wp2": "6"})
    steps(args, (("sign", "--by", "Zoé Martin"), 0, ""))
    events = history(out)
    assert [(e["event"], e["by"], e["evidence"] if "evidence" in e else "") for e in events] == [
        ("sign", "Zoé Martin", "declaration"),
        ("approve", "Anne Muller", "declaration"),
        ("return", "Anne Muller", ""),
        ("refill", "Zoé Martin", ""),
        ("sign", "Zoé Martin", "declaration"),
    ]
    assert events[2]["reason"] == "le 2 mai : 6 h sur WP1, c'était WP2"
    assert events[-1]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    listed = run("signatures", project, "-o", out, "--json")
    row = next(r for r in json.loads(listed.output)["documents"] if r["document"] == RELATIVE)
    assert row["sheet_state"] == "signee" and row["changed"] is False
    assert row["expected"] == [{"role": "agent", "name": "Zoé Martin"}, {"role": "responsable", "name": "Anne Muller"}]
    assert [s["event"] for s in row["signatures"]] == ["sign", "approve", "return", "sign"]
    text = run("signatures", project, "-o", out).output
    assert "zoe-martin_2028-05.xlsx : signée — attendus : Zoé Martin (agent), Anne Muller (responsable)" in text
    assert "déclaration, sans certificat" in text


def test_only_the_agent_signs_and_a_declaration_needs_a_name(built):
    project, out, _ = built
    args = ("zoe-martin", "2028-05", project, "-o", out)
    steps(
        args,
        (("sign", "--by", "Anne Muller"), 1, "« Anne Muller » n'est pas Zoé Martin : seul·e l'agent signe sa feuille"),
        (("sign",), 1, "--by NOM (une déclaration à ce nom) ou --pdf FICHIER"),
    )
    unknown = sheet("sign", "zoe", "2028-05", project, "-o", out, "--by", "Zoé Martin")
    assert unknown.exit_code == 1 and "`zoe` n'est pas un agent qui tient des feuilles de temps" in unknown.stderr
    outside = sheet("sign", "zoe-martin", "2026-05", project, "-o", out, "--by", "Zoé Martin")
    assert outside.exit_code == 1 and "2026-05 : hors de la période de Zoé Martin (03/2027 – 03/2029)" in outside.stderr
    assert history(out) == []


def test_an_approved_sheet_is_never_changed(built):
    from coopdocs.web import sheets

    project, out, path = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    sign_and_approve(project, out)
    before = path.read_bytes()
    for command in (
        ("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out, "--force"),
        ("build", project, "-o", out, "--force", "--only", "feuilles-de-temps"),
    ):
        result = run(*command)
        assert result.exit_code == 0, result.output
        assert f"approuvée : {path} — feuille approuvée par Anne Muller le" in result.output
        assert "coopdocs sheet return zoe-martin 2028-05 PROJET.yaml" in result.output
        assert path.read_bytes() == before
    with pytest.raises(Exception) as refused:
        fill(out, {"h:2028-05-03:wp1": "2"})
    assert "feuille approuvée par Anne Muller le" in str(refused.value) and "coopdocs sheet return" in str(
        refused.value
    )
    with pytest.raises(Exception) as upload:
        sheets.upload(out, "zoe-martin", "2028-05", "mai.xlsx", before, "Zoé Martin")
    assert "non modifiable" in str(upload.value) and "rien n'a été enregistré" in str(upload.value)
    assert path.read_bytes() == before
    assert [e["event"] for e in history(out)] == ["sign", "approve"]


def test_a_blocking_anomaly_refuses_the_approval(built):
    project, out, _ = built
    fill(out, {"h:2028-05-02:wp1": "4", "a:2028-05-02": "CP"})
    args = ("zoe-martin", "2028-05", project, "-o", out)
    assert sheet("sign", *args, "--by", "Zoé Martin").exit_code == 0
    refused = sheet("approve", *args, "--by", "Anne Muller")
    assert refused.exit_code == 1 and "1 anomalie(s) bloquante(s), approbation refusée" in refused.stderr
    assert [e["event"] for e in history(out)] == ["sign"]


def test_a_signed_sheet_changed_on_disk_is_a_blocking_anomaly(built):
    from openpyxl import load_workbook

    project, out, path = built
    args = ("zoe-martin", "2028-05", project, "-o", out)
    assert sheet("sign", *args, "--by", "Zoé Martin").exit_code == 0
    book = load_workbook(path)
    head = next(r[0].row for r in book["Feuille"].iter_rows() if r[0].value == "Date")
    book["Feuille"].cell(head + 2, 3).value = 9
    book.save(path)
    refused = sheet("approve", *args, "--by", "Anne Muller")
    assert refused.exit_code == 1 and "modifiée depuis sur le disque (anomalie bloquante)" in refused.stderr
    figures = may_bilan(project, out)
    changed = [a for a in figures["anomalies"] if a["kind"] == "signed-sheet-changed"]
    assert [(a["severity"], a["agent"], a["month"]) for a in changed] == [("bloquant", "zoe-martin", "2028-05")]


def test_properties_in_an_uploaded_file_prove_nothing(built):
    from openpyxl import load_workbook
    from openpyxl.packaging.custom import StringProperty

    from coopdocs.web import sheets

    project, out, path = built
    book = load_workbook(path)
    book.custom_doc_props.append(StringProperty(name="coopdocs-approuvee", value="2028-06-01 Anne Muller"))
    data = io.BytesIO()
    book.save(data)
    sheets.upload(out, "zoe-martin", "2028-05", "mai.xlsx", data.getvalue(), "Zoé Martin")
    assert sheets.state(out, "zoe-martin", "2028-05").name == "filled"
    figures = may_bilan(project, out)
    zoe = next(a for a in figures["agents"] if a["id"] == "zoe-martin")
    assert zoe["approval"] == {"approved": [], "not_approved": ["2028-05"]}


def test_an_approval_of_an_earlier_coopdocs_is_read_as_an_approval(built):
    project, out, path = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest["files"][RELATIVE]["approved"] = {"by": "Anne Muller", "on": "2028-06-02", "sha256": digest}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    from coopdocs.web import sheets

    state = sheets.state(out, "zoe-martin", "2028-05")
    assert (state.name, state.approved) == ("approved", "par Anne Muller le 02/06/2028")
    result = run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out, "--force")
    assert "feuille approuvée par Anne Muller le 02/06/2028" in result.output
    args = ("zoe-martin", "2028-05", project, "-o", out)
    assert sheet("return", *args, "--reason", "à revoir").exit_code == 0
    assert sheets.state(out, "zoe-martin", "2028-05").name == "returned"


def test_concurrent_requests_on_one_sheet_are_serialised_and_none_is_lost(built):
    from openpyxl import load_workbook

    from coopdocs.errors import CoopdocsError
    from coopdocs.forms import sheet_life as life
    from coopdocs.forms.sheet_life import Evidence
    from coopdocs.project import load_project

    project_file, out, path = built
    project = load_project(project_file)
    agent = next(a for a in project.agents if a.id == "zoe-martin")
    days = ["02", "03", "04", "05", "09", "10", "11", "12", "15", "16", "17", "18"]
    accepted: list[tuple[str, str]] = []
    guard = threading.Lock()

    def attempt(kind: str, day: str = "") -> None:
        try:
            if kind == "save":
                fill(out, {f"h:2028-05-{day}:wp1": "1"})
            elif kind == "sign":
                life.sign(out, project, agent, "2028-05", "Zoé Martin", Evidence())
            elif kind == "approve":
                life.approve(out, project, agent, "2028-05", "Anne Muller", Evidence())
            else:
                life.return_sheet(out, project, agent, "2028-05", "Anne Muller", "à revoir")
        except CoopdocsError:
            return
        with guard:
            accepted.append((kind, day))

    work = [("save", d) for d in days] + [(k, "") for k in ("sign", "approve", "return") * 4]
    threads = [threading.Thread(target=attempt, args=job) for job in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    events = history(out)
    transitions = [e["event"] for e in events if e["event"] != "refill"]
    assert sorted(transitions) == sorted(k for k, _ in accepted if k != "save")
    book = load_workbook(path, read_only=True)
    rows = list(book["Feuille"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Date")
    saved = {r[0].day for r in rows[head + 1 :] if r[0] and hasattr(r[0], "day") and r[2] == 1}
    assert saved == {int(d) for k, d in accepted if k == "save"}
    status = life.status(out, "zoe-martin", "2028-05")
    assert not status.changed  # the workbook is what the last transition recorded
    assert (status.state == life.SheetState.APPROUVEE) == (("zoe-martin", "2028-05") in life.approved_months(out))


def _client(project, out, lang="fr"):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from coopdocs.web.app import create_app

    app = create_app(project, out, lang, None)
    client = TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False)
    client.keys = app.state.workspace.keys
    assert client.get(f"/projet?token={client.keys.token}", follow_redirects=False).status_code == 303
    return client


def _post(client, **fields):
    import html

    response = client.post("/feuilles/zoe-martin/2028-05", data={"csrf": client.keys.csrf, "action": "save", **fields})
    return response.status_code, html.unescape(response.text)


def test_the_workspace_signs_approves_returns_and_signs_again(built):
    project, out, path = built
    client = _client(project, out)
    assert _post(client, **{"h:2028-05-02:wp1": "6"})[0] == 200
    status, page = _post(client, action="sign", by="Zoé Martin")
    assert status == 200 and "Feuille déclarée signée par Zoé Martin" in page
    assert _post(client, action="approve", by="Zoé Martin")[1].count("approuve sa propre feuille") == 1
    from test_web import to_confirm

    status, page = _post(client, action="approve", by="Anne Muller", verifie=to_confirm(client))
    assert status == 200 and "approuvée par Anne Muller le" in page
    said = "La feuille de ce mois existe déjà, approuvée (verrouillée) : rien n'a été écrit."
    assert _post(client, action="create")[1].count(said) == 1
    status, page = _post(client, **{"h:2028-05-03:wp1": "2"})
    assert status == 409 and "feuille approuvée par Anne Muller le" in page and "coopdocs sheet return" in page
    status, page = _post(client, action="return", by="Anne Muller", reason="le 2 mai : WP2")
    assert status == 200 and "Feuille renvoyée à l'agent" in page and ": le 2 mai : WP2" in page
    assert _post(client, **{"h:2028-05-02:wp1": "", "h:2028-05-02:wp2": "6"})[0] == 200
    assert _post(client, action="sign", by="Zoé Martin")[0] == 200
    assert [e["event"] for e in history(out)] == ["sign", "approve", "return", "refill", "sign"]
    figures = may_bilan(project, out)
    zoe = next(a for a in figures["agents"] if a["id"] == "zoe-martin")
    assert zoe["sheets"]["2028-05"]["sheet_state"] == "signee"
    assert [s["event"] for s in zoe["sheets"]["2028-05"]["signatures"]] == ["sign", "approve", "return", "sign"]


def test_concurrent_web_requests_on_one_sheet_lose_nothing(built):
    from openpyxl import load_workbook

    project, out, path = built
    clients = [_client(project, out) for _ in range(4)]
    days = ["02", "03", "04", "05", "09", "10", "11", "12"]
    jobs = [{"h:2028-05-" + d + ":wp1": "1"} for d in days]
    jobs += [{"action": "sign", "by": "Zoé Martin"}, {"action": "approve", "by": "Anne Muller"}] * 3
    jobs += [{"action": "return", "by": "Anne Muller", "reason": "à revoir"}] * 3
    accepted: list[dict] = []
    guard = threading.Lock()

    def attempt(i: int, job: dict) -> None:
        status, _ = _post(clients[i % len(clients)], **job)
        assert status in (200, 409)
        if status == 200:
            with guard:
                accepted.append(job)

    threads = [threading.Thread(target=attempt, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    transitions = [e["event"] for e in history(out) if e["event"] != "refill"]
    assert sorted(transitions) == sorted(j["action"] for j in accepted if "action" in j)
    rows = list(load_workbook(path, read_only=True)["Feuille"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Date")
    saved = {f"{r[0].day:02d}" for r in rows[head + 1 :] if r[0] and hasattr(r[0], "day") and r[2] == 1}
    assert saved == {next(iter(j))[10:12] for j in accepted if "action" not in j}
    from coopdocs.forms import sheet_life as life

    status = life.status(out, "zoe-martin", "2028-05")
    assert not status.changed
    figures = may_bilan(project, out)
    zoe = next(a for a in figures["agents"] if a["id"] == "zoe-martin")
    approved = status.state == life.SheetState.APPROUVEE
    assert zoe["approval"] == (
        {"approved": ["2028-05"], "not_approved": []} if approved else {"approved": [], "not_approved": ["2028-05"]}
    )
    assert zoe["sheets"]["2028-05"]["sheet_state"] == status.state.value


def test_the_bilan_says_a_declaration_is_one(built):
    from conftest import docx_text

    project, out, _ = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    sign_and_approve(project, out)
    assert run("bilan", project, "--period", "2028-05", "-o", out, "--date", "2028-06-10").exit_code == 0
    assert (
        "Signatures des feuilles\xa0: Zoé Martin 2028-05 signée par Zoé Martin (déclaration, sans certificat), "
        "approuvée par Anne Muller (déclaration, sans certificat)."
    ) in docx_text(out / "bilans/bilan_2028-05.docx")


def test_the_preparation_register_reads_the_sheets_life(built):
    from openpyxl import load_workbook

    project, out, _ = built

    def state():
        assert run("build", project, "-o", out, "--only", "preparation", "--date", "2028-06-10").exit_code == 0
        rows = load_workbook(out / "suivi/preparation.xlsx", read_only=True).active.iter_rows(values_only=True)
        return {r[2] for r in rows if r[0] == "feuilles-de-temps/zoe-martin/"}

    fill(out, {"h:2028-05-02:wp1": "6"})
    assert state() == {"rempli"}
    sign_and_approve(project, out)
    assert state() == {"signé"}


def test_the_command_line_speaks_english_when_lang_says_so(built):
    # Issue 22: the command line's own messages come from the catalogue, in the language of its help.
    project, out, path = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    args = ("zoe-martin", "2028-05", project, "-o", out)
    english = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    signed = run("sheet", "sign", *args, "--by", "Zoé Martin", env=english)
    assert signed.exit_code == 0, signed.output
    assert "zoe-martin" not in signed.output
    assert (
        signed.output.strip()
        == "Zoé Martin, 2028-05: sheet signed (signature declared by Zoé Martin); it awaits Anne Muller's approval"
    )
    both = run("sheet", "sign", *args, "--pdf", path, "--by", "Zoé Martin", env=english)
    assert both.exit_code == 1 and "--pdf or --by, not both: a verified signature or a declaration" in both.stderr
    listed = run("signatures", project, "-o", out, env=english).output
    assert "signed by Zoé Martin on " in listed and "(declaration, without certificate)" in listed
    assert "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx: signed — expected: " in listed


def test_the_life_s_refusals_are_english_under_an_english_locale(built):
    """The sheet's refusals are catalogue keys: the same refusal in English, the agent's and the
    supervisor's names kept, French unchanged (the tests above)."""
    project, out, _ = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    args = ("zoe-martin", "2028-05", project, "-o", out)
    english = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    own = run("sheet", "approve", *args, "--by", "Zoé Martin", env=english)
    assert own.exit_code == 1
    assert own.stderr == "Error: Zoé Martin approves their own sheet: refused, that is the role of Anne Muller\n"
    assert run("sheet", "sign", *args, "--by", "Zoé Martin", env=english).exit_code == 0
    again = run("sheet", "sign", *args, "--by", "Zoé Martin", env=english)
    assert again.exit_code == 1 and again.stderr.startswith(
        "Error: zoe-martin_2028-05.xlsx: sheet signed by Zoé Martin on "
    )
    assert "cannot be changed (signing refused); the supervisor approves it or sends it back" in again.stderr
    blank = run("sheet", "return", *args, "--by", "Anne Muller", "--reason", " ", env=english)
    assert (
        blank.stderr
        == "Error: --reason: tell the staff member what to correct (the reason for sending back is required)\n"
    )


def test_the_english_workspace_refuses_in_english(built):
    project, out, _ = built
    client = _client(project, out, "en")
    assert _post(client, **{"h:2028-05-02:wp1": "6"})[0] == 200
    assert _post(client, action="sign", by="Zoé Martin")[0] == 200
    status, page = _post(client, action="approve", by="Zoé Martin")
    assert status == 409 and "Zoé Martin approves their own sheet: refused, that is the role of Anne Muller" in page
    assert "sa propre feuille" not in page and "refusé" not in page
