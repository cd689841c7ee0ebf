"""coopdocs renders with a faster subclass of docxtpl's DocxTemplate (documents/render.py): it must
write the same XML as plain docxtpl, for every built-in template the example uses."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docxtpl import DocxTemplate

from conftest import ROOT
from coopdocs.documents import plan
from coopdocs.documents.render import ENV, _template_class
from coopdocs.documents.search_path import TemplatePath
from coopdocs.project import load_project


def rendered_parts(cls: type, template: bytes, context: dict) -> dict[str, bytes]:
    """Every XML part of the rendered document (body, headers, footers), as bytes."""
    document = cls(io.BytesIO(template))
    document.render(context, ENV)
    out = io.BytesIO()
    document.docx.save(out)
    with zipfile.ZipFile(out) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")}


def jobs():
    templates = TemplatePath()
    out = []
    for fixture in ("projects/etangs-ardenne.yaml", "tests/fixtures/interreg-frontiere.yaml"):
        project = load_project(ROOT / fixture)
        seen = set()
        for job in plan(project, templates.guide_map(), dt.date(2028, 1, 15)):
            if job.template not in seen:
                seen.add(job.template)
                out.append(pytest.param(templates, job, id=f"{fixture.rsplit('/', 1)[-1]}:{job.template}"))
    return out


@pytest.mark.parametrize(("templates", "job"), jobs())
def test_the_fast_template_writes_what_plain_docxtpl_writes(templates, job):
    template = templates.find(job.template).path.read_bytes()
    context = job.make_context()
    fast = rendered_parts(_template_class(), template, context)
    plain = rendered_parts(DocxTemplate, template, context)
    assert fast.keys() == plain.keys()
    for name in plain:
        assert fast[name] == plain[name], name
