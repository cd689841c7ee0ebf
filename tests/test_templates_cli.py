"""`coopdocs templates list|export|vars`."""

from __future__ import annotations

from conftest import EXAMPLE, ROOT, run


def test_the_packaged_example_is_the_example_project():
    assert (ROOT / "coopdocs/data/exemple.yaml").read_bytes() == EXAMPLE.read_bytes()


def test_list_shows_user_templates_first(tmp_path):
    out = run("templates", "list").stdout.splitlines()
    assert len(out) == 25 and all(" fourni " in line for line in out)
    assert run("templates", "export", tmp_path / "modeles").exit_code == 0
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/fiche-projet.fr.docx").write_bytes((tmp_path / "modeles/fiche-projet.fr.docx").read_bytes())
    out = run("templates", "list", "--templates", tmp_path / "mine").stdout.splitlines()
    mine = [line for line in out if " personnel " in line]
    assert len(mine) == 1 and mine[0].startswith("fiche-projet             fr ")


def test_export_copies_every_template_and_never_overwrites(tmp_path):
    result = run("templates", "export", tmp_path)
    assert result.exit_code == 0
    assert len(list(tmp_path.glob("*.docx"))) == 24 and (tmp_path / "guide-map.yaml").exists()
    (tmp_path / "fiche-projet.fr.docx").write_bytes(b"mine")
    result = run("templates", "export", tmp_path)
    assert result.exit_code == 1 and "rien n'est copié" in result.stderr
    assert (tmp_path / "fiche-projet.fr.docx").read_bytes() == b"mine"
    assert run("templates", "export", tmp_path, "--force").exit_code == 0
    assert (tmp_path / "fiche-projet.fr.docx").read_bytes() != b"mine"


def test_vars_come_from_the_real_context_and_cover_what_templates_use():
    """Every variable a built-in template uses appears in `templates vars`: the list cannot drift."""
    from coopdocs.documents.render import declared_variables
    from coopdocs.kinds import DOCUMENTS as KINDS

    for kind in KINDS:
        out = run("templates", "vars", kind).stdout.splitlines()
        names = {line.split()[0] for line in out}
        for lang in ("fr", "en"):
            used = declared_variables((ROOT / f"coopdocs/documents/builtin/{kind}.{lang}.docx").read_bytes())
            assert used <= names, (kind, used - names)
    mission = run("templates", "vars", "lettre-mission").stdout
    assert "agent.hourly_rate" in mission and "montant" in mission and "employer.name" in mission
    assert run("templates", "vars", "lettre").exit_code == 1
