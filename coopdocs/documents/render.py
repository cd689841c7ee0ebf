"""Fill a Word template with docxtpl in the shared Jinja environment; reproducible bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from coopdocs.documents import _limits as limits
from coopdocs.documents._jinja import make_environment
from coopdocs.documents._limits import memory_limit, time_limit
from coopdocs.errors import CoopdocsError
from coopdocs.formats import property_text
from coopdocs.messages import Phrase
from coopdocs.office.letterhead import add_letterhead
from coopdocs.office.reproducible import pin_python_docx
from coopdocs.office.safezip import check_zip
from coopdocs.office.typeset import typeset_document

ENV = make_environment()


@lru_cache(maxsize=64)
def declared_variables(template: bytes) -> frozenset[str]:
    """The top-level names a template uses, from its body, headers and footers (parsed once per
    template). A syntax error carries the text of the paragraphs around it."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate
    from jinja2 import meta

    document = DocxTemplate(io.BytesIO(template))
    document.init_docx()
    parts = [document.get_xml()]
    for rel in document.docx._part.rels.values():
        if rel.reltype in (document.HEADER_URI, document.FOOTER_URI) and rel.target_part.blob:
            parts.append(document.xml_to_string(parse_xml(rel.target_part.blob)))
    names: set[str] = set()
    for xml in parts:
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", document.patch_xml(xml))
        try:
            names |= meta.find_undeclared_variables(ENV.parse(xml))
        except TemplateSyntaxError as exc:
            start = max((exc.lineno or 1) - 3, 0)
            around = [re.sub(r"<[^>]+>", "", line) for line in xml.splitlines()[start : start + 5]]
            exc.docx_context = around  # type: ignore[attr-defined]  # the attribute docxtpl sets
            raise
    return frozenset(names)


def check_template(template: bytes, name: str, context: dict) -> None:
    """Before rendering: the file is a sane .docx, it parses, and every variable it uses exists."""
    try:
        check_zip(template, name, "document")
    except CoopdocsError as exc:
        message = Phrase(exc.key, exc.arguments) if exc.key else exc.message
        raise CoopdocsError.of("template-prefix", message=message) from None
    try:
        used = declared_variables(template)
    except TemplateError as exc:
        raise template_error(name, exc) from None
    except MemoryError:
        raise  # the memory limit says it, with the template's name
    except Exception as exc:  # python-docx on a zip that is not a Word document
        raise CoopdocsError.of("template-not-word", name=name, reason=str(exc)) from None
    unknown = sorted(used - set(context))
    if unknown:
        key = "template-unknown-variables" if len(unknown) > 1 else "template-unknown-variable"
        raise CoopdocsError.of(key, name=name, names=", ".join(unknown), available=", ".join(sorted(context)))


@lru_cache(maxsize=256)
def _patched(xml: str) -> str:
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(_PATCHER, xml)


class _Patcher:
    """docxtpl's patch_xml only needs `self` for nothing but its method; a bare instance will do."""


_PATCHER = _Patcher()


COLUMN_LOOP = re.compile(r"\{%-?\s*tc\b")
SPECIAL_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\x07\n\x0c]")
PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.S)


@lru_cache(maxsize=1)
def _template_class() -> type:
    """DocxTemplate minus the work our documents do not need, with the same result:
    - its XML clean-up is cached (the same template gives the same XML each time);
    - tables are re-measured only when the template loops over columns (`{%tc %}`);
    - line breaks and tabs in values are resolved only in the paragraphs that contain them."""
    from docxtpl import DocxTemplate
    from lxml import etree

    class FastDocxTemplate(DocxTemplate):
        column_loops = False

        def patch_xml(self, src_xml: str) -> str:
            if COLUMN_LOOP.search(src_xml):
                self.column_loops = True
            return _patched(src_xml)

        def fix_tables(self, xml: str) -> str:
            if self.column_loops:
                return super().fix_tables(xml)
            return etree.fromstring(xml, parser=etree.XMLParser(recover=True))

        def resolve_listing(self, xml: str) -> str:
            resolve = super().resolve_listing
            return PARAGRAPH.sub(lambda m: resolve(m.group(0)) if SPECIAL_TEXT.search(m.group(0)) else m.group(0), xml)

    return FastDocxTemplate


def render_docx(template: bytes, name: str, context: dict, when: dt.date, title: str) -> bytes:
    what = f"modèle {name}"
    pin_python_docx()
    try:  # the check too runs under the limits: reading a template folds its constant expressions
        with time_limit(limits.RENDER_SECONDS, what), memory_limit(limits.RENDER_MEMORY, what):
            check_template(template, name, context)
            document = _template_class()(io.BytesIO(template))
            document.render(_with_images(document, context), ENV)
    except (TemplateError, SecurityError) as exc:
        raise template_error(name, exc) from None
    except (OverflowError, TypeError, ValueError, ArithmeticError, RecursionError) as exc:  # range(), include…
        raise CoopdocsError.of("template-operation", name=name, reason=str(exc)) from None
    if context.get("lang") == "fr":
        typeset_document(document.docx)
    add_letterhead(document.docx, context.get("letterhead"))
    props = document.docx.core_properties
    stamp = dt.datetime.combine(when, dt.time(0, 0))
    props.author = props.last_modified_by = "coopdocs"
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.title = property_text(title)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_images(document: object, context: dict) -> dict:
    """The context with each Picture drawn and made an image of this document (a map)."""
    from coopdocs.documents._picture import Picture

    if not any(isinstance(value, Picture) for value in context.values()):
        return context
    from docx.shared import Mm
    from docxtpl import InlineImage

    return {
        key: InlineImage(document, io.BytesIO(value.draw()), width=Mm(value.width_mm))
        if isinstance(value, Picture)
        else value
        for key, value in context.items()
    }


def template_error(name: str, exc: BaseException) -> CoopdocsError:
    """A template error, with the template's name and the text around the error."""
    around = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())
    near = Phrase("template-near", {"text": around[:200]}) if around else ""
    return CoopdocsError.of("template-error", name=name, message=_what_failed(exc), around=near)


def _what_failed(exc: BaseException) -> Phrase | str:
    message = getattr(exc, "message", None) or str(exc)
    undefined = re.match(r"'([^']+)' is undefined", message)
    if undefined:
        return Phrase("template-undefined", {"variable": undefined.group(1)})
    if isinstance(exc, SecurityError) or "unsafe" in message:
        return Phrase("template-forbidden", {"reason": message})
    if isinstance(exc, TemplateSyntaxError):
        return Phrase("template-syntax", {"reason": message})
    if isinstance(exc, UndefinedError):
        return Phrase("template-missing-value", {"reason": message})
    return message
