"""Fill a Word template with a context: docxtpl + Jinja2, strict and escaped.

* ``StrictUndefined``: a variable missing from the context raises ``MissingVariable`` instead
  of printing an empty field in a court document.
* Autoescape on: a party name containing ``{{ }}``, ``{% %}`` or ``<&>`` prints literally
  (values are never re-parsed as template code; ``<&>`` are XML-escaped).
* docxtpl's escapes ``{_{ }_} {_% %_}`` in the *template's own text* print as
  ``{{ }} {% %}``; in data they print literally (docxtpl un-escapes the rendered output,
  which alters values too: here the template text is rewritten before compiling instead, and
  the output is never un-escaped).
* ``undeclared_variables`` is the static contract check (docxtpl's
  ``get_undeclared_template_variables``) used by tests and by the flow before rendering.

Speed (bench/handoff.py, docs/performance.md): a batch renders the same four templates
thousands of times. python-docx opening the package and saving it again cost far more than
Jinja, so no document object is built per render. Each process reads a template once
(re-read when the file changes on disk) and keeps:

* the compiled Jinja template of every part docxtpl renders (the body of the main document,
  each header and footer, footnotes; core properties holding tags), made from docxtpl's own
  preprocessing (``patch_xml``) of the same XML docxtpl would take from python-docx;
* a zip of every other entry of the package (ZIP_DEFLATED, fixed dates).

Per render: run each compiled part, apply docxtpl's own post-processing (``resolve_listing``
for ``\\n \\a \\t \\f`` in values; for the body ``fix_tables`` and ``fix_docpr_ids``), then
append the rendered parts to a copy of the cached zip. Identical input gives identical bytes.

Whose templates: the shipped ones in ``documents/templates`` by default; a firm keeps its
edited copies in its own folder (``Settings.templates_dir``, ``HANDOFF_TEMPLATES_DIR``) and
passes it as ``templates``. The folder may hold only some templates: each name falls back to
the shipped file when the firm's folder lacks it (``template_path``).

Exceptions::

    RenderError
     +-- TemplateNotFound   no such templates/<name>.docx
     +-- MissingVariable    the template uses a name the context does not provide
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

TEMPLATES = Path(__file__).resolve().parent / "templates"


class TemplateName(StrEnum):
    POZEW = "pozew"
    WEZWANIE = "wezwanie"
    MEMO = "memo"
    EVIDENCE_INDEX = "evidence_index"


class RenderError(Exception):
    """A document could not be rendered."""


class TemplateNotFound(RenderError):
    pass


class MissingVariable(RenderError):
    pass


@dataclass(frozen=True, slots=True)
class Rendered:
    name: str
    content: bytes  # the .docx file
    sha256: str

    def write(self, path: Path | str) -> Path:
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(self.content)
        return out


def template_path(name: str | TemplateName, templates: Path | None = None) -> Path:
    """``<templates>/<name>.docx`` when the firm's folder has it, else the shipped file."""
    for folder in (templates, TEMPLATES):
        if folder is None:
            continue
        path = folder / f"{name}.docx"
        if path.is_file():
            return path
    raise TemplateNotFound(str((templates or TEMPLATES) / f"{name}.docx"))


def template_digest(name: str | TemplateName, templates: Path | None = None) -> str:
    """SHA-256 of the template file ``name`` resolves to (re-read when it changes on disk):
    part of every draft's input hash, so an edited template redrafts the cases using it."""
    path = template_path(name, templates)
    info = path.stat()
    key = (path, info.st_mtime_ns, info.st_size)
    with _SOURCES_LOCK:
        cached = _DIGESTS.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with _SOURCES_LOCK:
        _DIGESTS[path] = (key, digest)
    return digest


def jinja_env() -> jinja2.Environment:
    """A fresh strict, autoescaping environment (compiles on every call: for checks)."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


_RENDER_ENV = jinja_env()

# docxtpl's methods used here need no document: patch_xml, resolve_listing, fix_tables.
_DOCXTPL = DocxTemplate(io.BytesIO())

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_DC = "http://purl.org/dc/elements/1.1/"
# The core properties docxtpl renders (render_properties: author, comments, identifier,
# language, subject, title).
_CORE_RENDERED = tuple(f"{{{_DC}}}{n}" for n in ("creator", "description", "identifier"))
_CORE_RENDERED += (f"{{{_DC}}}language", f"{{{_DC}}}subject", f"{{{_DC}}}title")
_JINJA_OPENERS = ("{{", "{%", "{#")

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_LISTING = re.compile("[\t\a\n\f]")  # what docxtpl's resolve_listing turns into XML
_ESCAPE = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
_UNESCAPED = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_PRINTED = {k: "{{ " + repr(v) + " }}" for k, v in _UNESCAPED.items()}  # {{ '{{' }}


def _xml_parser() -> etree.XMLParser:
    """python-docx's parser settings (a new parser per call: lxml parsers are per thread)."""
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _serialize(element: etree._Element) -> bytes:
    """As python-docx writes an XML part."""
    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


def _template_escapes(source: str) -> str:
    """Make docxtpl's escapes in the template's text print as ``{{ }} {% %}``.

    docxtpl replaces ``{_{`` by ``{{`` (and so on) in the *rendered* XML, which alters values
    as well. Instead, each escape in the template's text (outside Jinja tags) becomes an
    expression printing the un-escaped form (inside ``{% raw %}`` the form itself), and the
    output is left alone.
    """
    if not _ESCAPE.search(source):
        return source
    out: list[str] = []
    raw = False
    for _, token, value in _RENDER_ENV.lexer.tokeniter(source, None):
        if token == "raw_begin":
            raw = True
        elif token == "raw_end":
            raw = False
        elif token == "data" and raw:
            value = _ESCAPE.sub(lambda m: _UNESCAPED[m.group()], value)
        elif token == "data":
            value = _ESCAPE.sub(lambda m: _PRINTED[m.group()], value)
        out.append(value)
    return "".join(out)


def _compile_part(patched: str) -> jinja2.Template:
    """Compile docxtpl-patched XML as ``render_xml_part`` does (a newline before paragraphs)."""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
    return _RENDER_ENV.from_string(_template_escapes(source))


def _run_part(template: jinja2.Template, context: dict[str, Any]) -> str:
    """``render_xml_part`` after Jinja, minus the un-escaping of the output."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", template.render(context))
    if not _LISTING.search(xml):  # resolve_listing only rewrites these characters
        return xml
    return str(_DOCXTPL.resolve_listing(xml))


def _has_tags(text: str) -> bool:
    return any(opener in text for opener in _JINJA_OPENERS)


@dataclass(frozen=True, slots=True)
class _Part:
    """A rendered part: its zip name, compiled template and how the result is written."""

    name: str
    template: jinja2.Template
    finish: Callable[[str], bytes]


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A template package prepared once: the parts to render and a zip of all the others."""

    body: jinja2.Template
    document_name: str
    document_skeleton: bytes  # the main document part, its body emptied
    parts: tuple[_Part, ...]  # headers, footers, footnotes
    core_name: str | None
    core_xml: bytes
    core_templates: tuple[tuple[str, jinja2.Template], ...]  # (element tag, template)
    base_zip: bytes  # every entry not rendered, unchanged, in the template's order


def _rels(archive: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(type, part name) of the internal relationships of part ``name``."""
    folder, base = posixpath.split(name)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in archive.namelist():
        return []
    out = []
    for rel in etree.fromstring(archive.read(rels_name), _xml_parser()):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out.append((rel.get("Type", ""), posixpath.normpath(path)))
    return out


def _finish_xml_part(xml: str) -> bytes:
    """Headers and footers: python-docx parses docxtpl's result and writes it back."""
    return _serialize(etree.fromstring(xml.encode("utf-8"), _xml_parser()))


def _finish_raw_part(xml: str) -> bytes:
    """Footnotes: docxtpl stores the rendered text as the part's bytes."""
    return xml.encode("utf-8")


def _compile(data: bytes) -> _Compiled:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package_rels = _rels(archive, "")
        document_name = next(n for t, n in package_rels if t == _OFFICE_DOCUMENT)
        core_name = next((n for t, n in package_rels if t == _CORE_PROPERTIES), None)

        # The body: docxtpl takes it from python-docx's tree (get_xml) and patches it.
        root = etree.fromstring(archive.read(document_name), _xml_parser())
        body = root.find(_W_BODY)
        if body is None:
            raise RenderError(f"{document_name}: no w:body")
        body_xml = etree.tostring(body, encoding="unicode", pretty_print=False)
        body_template = _compile_part(_DOCXTPL.patch_xml(body_xml))
        for child in list(body):
            body.remove(child)
        skeleton = _serialize(root)

        parts: list[_Part] = []
        seen = {document_name}  # parts looked at (a part two relationships name: once)
        for rel_type, name in _rels(archive, document_name):
            if rel_type not in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
                continue
            if name in seen or name not in archive.namelist():
                continue
            seen.add(name)
            blob = archive.read(name)
            if not blob:
                continue
            xml = etree.tostring(etree.fromstring(blob, _xml_parser()), encoding="unicode")
            patched = _DOCXTPL.patch_xml(xml)
            if _has_tags(patched):  # else docxtpl's result equals the part: copied
                parts.append(_Part(name, _compile_part(patched), _finish_xml_part))
        types = etree.fromstring(archive.read("[Content_Types].xml"), _xml_parser())
        for override in types.iter(f"{{{_CT_NS}}}Override"):
            name = override.get("PartName", "").lstrip("/")
            if override.get("ContentType") != _FOOTNOTES or name in seen:
                continue
            seen.add(name)
            patched = _DOCXTPL.patch_xml(archive.read(name).decode("utf-8"))
            if _has_tags(patched):
                parts.append(_Part(name, _compile_part(patched), _finish_raw_part))

        core_xml = archive.read(core_name) if core_name else b""
        core_templates: list[tuple[str, jinja2.Template]] = []
        if core_name:
            core = etree.fromstring(core_xml, _xml_parser())
            for tag in _CORE_RENDERED:
                element = core.find(tag)
                if element is not None and element.text and _has_tags(element.text):
                    core_templates.append((tag, _RENDER_ENV.from_string(element.text)))

        replaced = {document_name, *(p.name for p in parts)}
        if core_name and core_templates:
            replaced.add(core_name)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                if info.filename not in replaced:
                    out.writestr(_zip_info(info.filename), archive.read(info))
    return _Compiled(
        body_template,
        document_name,
        skeleton,
        tuple(parts),
        core_name if core_templates else None,
        core_xml,
        tuple(core_templates),
        buf.getvalue(),
    )


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


@dataclass(frozen=True, slots=True)
class _Source:
    """A template file as read and compiled once."""

    stamp: tuple[int, int]  # (mtime_ns, size): a template edited on disk is read again
    compiled: _Compiled


_SOURCES: dict[Path, _Source] = {}
_SOURCES_LOCK = threading.Lock()
_DIGESTS: dict[Path, tuple[tuple[Path, int, int], str]] = {}
_VARIABLES: dict[Path, tuple[tuple[int, int], frozenset[str]]] = {}


def _source(path: Path) -> _Compiled:
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    with _SOURCES_LOCK:
        cached = _SOURCES.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached.compiled
    fresh = _Source(stamp, _compile(path.read_bytes()))
    with _SOURCES_LOCK:
        _SOURCES[path] = fresh
    return fresh.compiled


def _render_document(compiled: _Compiled, context: dict[str, Any]) -> bytes:
    """The rendered package: the cached zip plus the rendered parts."""
    # Body: docxtpl's render(): build_xml, fix_tables, fix_docpr_ids, map_tree.
    body = _DOCXTPL.fix_tables(_run_part(compiled.body, context))
    ids = DocxTemplate(io.BytesIO())
    ids.docx_ids_index = 1000
    ids.fix_docpr_ids(body)
    document = etree.fromstring(compiled.document_skeleton, _xml_parser())
    document.replace(document.find(_W_BODY), body)
    rendered = [(compiled.document_name, _serialize(document))]
    rendered += [(p.name, p.finish(_run_part(p.template, context))) for p in compiled.parts]
    if compiled.core_name:
        # render_properties: each property through Jinja, then set as the element's text.
        core = etree.fromstring(compiled.core_xml, _xml_parser())
        for tag, template in compiled.core_templates:
            element = core.find(tag)
            if element is not None:
                element.text = template.render(context)
        rendered.append((compiled.core_name, _serialize(core)))

    buf = io.BytesIO()
    buf.write(compiled.base_zip)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as out:
        for name, data in rendered:
            out.writestr(_zip_info(name), data)
    return buf.getvalue()


def undeclared_variables(
    name: str | TemplateName, context: dict[str, Any], templates: Path | None = None
) -> set[str]:
    """Top-level names the template uses that ``context`` does not provide; a file that is
    not a usable .docx raises ``RenderError`` (as ``render`` does), not the zip's error."""
    path = template_path(name, templates)
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    with _SOURCES_LOCK:
        known = _VARIABLES.get(path)
    if known is not None and known[0] == stamp:
        return set(known[1]) - set(context)
    try:
        # every name the template uses (docxtpl's own reading), kept per file and version:
        # a bulk of letters checks the same template thousands of times
        used = frozenset(DocxTemplate(path).get_undeclared_template_variables(jinja_env(), {}))
        with _SOURCES_LOCK:
            _VARIABLES[path] = (stamp, used)
        return set(used) - set(context)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, StopIteration) as exc:
        raise RenderError(f"{name}: plik nie jest poprawnym szablonem .docx ({exc!r})") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: {exc}") from exc


def render(
    name: str | TemplateName, context: dict[str, Any], templates: Path | None = None
) -> Rendered:
    """Render ``<name>.docx`` (the firm's folder ``templates`` first, else the shipped one)
    with ``context``; returns the bytes and their hash."""
    path = template_path(name, templates)
    try:
        try:
            compiled = _source(path)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, StopIteration) as exc:
            raise RenderError(f"{name}: plik nie jest poprawnym szablonem .docx ({exc!r})") from exc
        data = _render_document(compiled, context)
    except jinja2.UndefinedError as exc:
        raise MissingVariable(f"{name}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: {exc}") from exc
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"{name}: wynik szablonu nie jest poprawnym XML ({exc})") from exc
    return Rendered(str(name), data, hashlib.sha256(data).hexdigest())


def render_to(
    name: str | TemplateName,
    context: dict[str, Any],
    path: Path | str,
    templates: Path | None = None,
) -> Rendered:
    """Render and write to ``path``."""
    rendered = render(name, context, templates)
    rendered.write(path)
    return rendered
