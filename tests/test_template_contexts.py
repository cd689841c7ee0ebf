"""The context each kind builds has exactly the keys its TypedDict declares (issue 22)."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from conftest import ROOT, run
from coopdocs.documents import plan
from coopdocs.documents.kind_contexts import CONTEXTS
from coopdocs.documents.search_path import TemplatePath
from coopdocs.kinds import DOCUMENTS
from coopdocs.project import load_project


def mismatches(hint: Any, value: Any, name: str) -> list[str]:
    if is_typeddict(hint):
        declared = get_type_hints(hint)
        wrong = [f"{name}.{k} built, not declared" for k in value if k not in declared]
        wrong += [f"{name}.{k} declared, not built" for k in hint.__required_keys__ if k not in value]
        for key, item in declared.items():
            if key in value:
                wrong += mismatches(item, value[key], f"{name}.{key}")
        return wrong
    if get_origin(hint) is list:
        return [m for v in value for m in mismatches(get_args(hint)[0], v, f"{name}[]")]
    return []


def test_every_kind_has_a_declared_context():
    assert set(CONTEXTS) == set(DOCUMENTS)


@pytest.mark.parametrize("project_file", ["coopdocs/data/exemple.yaml", "tests/fixtures/interreg-frontiere.yaml"])
def test_built_contexts_have_exactly_the_declared_keys(project_file):
    project = load_project(ROOT / project_file)
    jobs = plan(project, TemplatePath().guide_map(), dt.date(2027, 12, 1))
    for job in jobs:
        assert mismatches(CONTEXTS[job.kind], job.make_context(), job.kind) == [], job.path


def test_vars_lists_the_declared_names():
    out = run("templates", "vars", "convention-partenariat").stdout
    names = {line.split()[0] for line in out.splitlines()}
    assert {"project.title", "partners[].name", "partners[].party.representative.name", "art.budget"} <= names
    assert "agreement.lump_sums[].index" in names
