"""Baseline: the same document rendered by plain docxtpl, as its documentation shows
(a DocxTemplate per document, render with autoescape, save)."""

from __future__ import annotations

import io

from docxtpl import DocxTemplate

from coopdocs.documents._jinja import make_environment

ENV = make_environment()  # the same filters (dates, amounts) as coopdocs; no caching of compiled templates


def plain_docxtpl(template: bytes, context: dict) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    env = ENV.overlay()  # a fresh overlay: compiles the document again, as plain docxtpl does
    document.render(context, env)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
