"""`coopdocs init`, `coopdocs schema` and the help texts."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, run
from coopdocs.cli import main
from coopdocs.project.source import load_yaml


def test_init_with_defaults_writes_a_file_that_validates(tmp_path):
    result = run("init", tmp_path, "--yes")
    assert result.exit_code == 0, result.output
    target = tmp_path / "projet.yaml"
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=projet.schema.json")
    assert (
        json.loads((tmp_path / "projet.schema.json").read_text(encoding="utf-8"))["title"] == "Fichier projet coopdocs"
    )
    checked = run("validate", target)
    assert checked.exit_code == 0, checked.output
    assert "Projet : Mon projet de coopération — coopération interterritoriale" in checked.stdout


def test_init_asks_in_a_terminal_and_keeps_the_answers_as_text(tmp_path):
    answers = "Étangs & forêts : « l'eau »\nInterreg VI-A\ntransnationale\nGAL: Pays # des Étangs\nDieuze\n"
    result = run("init", tmp_path, input=answers)
    assert result.exit_code == 0, result.output
    checked = run("validate", tmp_path / "projet.yaml")
    assert checked.exit_code == 0, checked.output
    assert "Projet : Étangs & forêts : « l'eau » — coopération transnationale" in checked.stdout
    data = load_yaml(tmp_path / "projet.yaml").data
    assert data["project"]["id"] == "etangs-forets-l-eau"
    assert data["partners"][0] == data["partners"][0] | {"id": "gal-pays-des-etangs", "name": "GAL: Pays # des Étangs"}


def test_init_never_overwrites_a_project_file(tmp_path):
    (tmp_path / "projet.yaml").write_text("mine\n", encoding="utf-8")
    result = run("init", tmp_path, "--yes")
    assert result.exit_code == 1
    assert "existe déjà" in result.stderr
    assert (tmp_path / "projet.yaml").read_text(encoding="utf-8") == "mine\n"


def test_schema_is_the_committed_file_and_describes_in_french():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert result.stdout == (ROOT / "coopdocs/data/project.schema.json").read_text(encoding="utf-8")
    assert schema["properties"]["partners"]["description"] == "Partenaires, dont le chef de file."
    assert schema["$defs"]["Agent"]["properties"]["work_time_ratio"]["description"].startswith("Quotité")
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("path", [EXAMPLE, MINIMAL], ids=["example", "minimal"])
def test_examples_follow_the_schema_and_point_to_it(path):
    schema = json.loads(run("schema").stdout)
    jsonschema.validate(load_yaml(path).data, schema)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../coopdocs/data/project.schema.json"


def test_schema_rejects_what_validate_rejects():
    schema = json.loads(run("schema").stdout)
    data = load_yaml(MINIMAL).data
    data["partenairs"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))


FRENCH = re.compile(
    r"\b(le|la|les|des|du|de|un|une|et|sans|ce|cette|chaque|dossier|fichier|projet|seulement)\b|[éèàêç]|d'|l'",
    re.IGNORECASE,
)


def test_every_command_and_option_has_french_help():
    assert main.help and "projet de coopération" in main.help
    count = 0
    for path, command in _commands(main):
        assert command.help and FRENCH.search(command.help), path
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help and FRENCH.search(param.help), (path, param.name, param.help)
                count += 1
        result = run(*path, "--help", env={"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
        assert result.exit_code == 0
        assert result.stdout.startswith("Utilisation : ")
        assert "Options\u00a0:" in result.stdout and "Show this message" not in result.stdout
    assert count >= 30


def test_help_follows_lang_english():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "coopdocs", "--help"],
        capture_output=True,
        text=True,
        env={"LANG": "en_GB.UTF-8", "PATH": ""},
        cwd=ROOT,
    )
    assert out.returncode == 0
    assert "generated from one YAML project file" in out.stdout


def test_click_s_own_words_follow_the_help_s_language():
    """Click's words (its headings, its usage errors) are French on a French command line and
    Click's English otherwise."""
    french = {"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    english = {"LANG": "en_GB.UTF-8", "PATH": ""}
    said = run("claim", EXAMPLE, env=french)
    assert said.exit_code == 2
    assert said.stderr.splitlines()[-1] == "Erreur : Option manquante '--period'."
    said = run("biln", env=french)
    assert (
        said.stderr.splitlines()[-1]
        == "Erreur : Commande inconnue : 'biln'. (Vouliez-vous dire l'un de : 'bilan', 'build' ?)"
    )
    said = run("build", EXAMPLE, "--jobs", "0", env=french)
    assert "Valeur invalide pour '--jobs' / '-j' : 0 n'est pas dans l'intervalle 1<=x<=64." in said.stderr
    help_text = run("--help", env=french).stdout
    assert "Commandes\u00a0:" in help_text and "-h, --help  Affiche cette aide." in help_text
    import subprocess
    import sys

    said = subprocess.run(  # a new process: the help texts are chosen when coopdocs is imported
        [sys.executable, "-m", "coopdocs", "claim", str(EXAMPLE)], capture_output=True, text=True, env=english
    )
    assert said.stderr.splitlines()[-1] == "Error: Missing option '--period'."


def test_version():
    from coopdocs import __version__

    assert run("--version").stdout.strip() == f"coopdocs {__version__}"


def test_the_help_option_speaks_the_language_of_each_run():
    """Click caches a command's --help option: an English run, then a French one in the same
    process (as the tests do) still says « Affiche cette aide. »."""
    english = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    french = {"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    assert "Show this message and exit." in run("templates", "list", "--help", env=english).stdout
    said = run("templates", "list", "--help", env=french).stdout
    assert "Affiche cette aide." in said and "Show this message" not in said
