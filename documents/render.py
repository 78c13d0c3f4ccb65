"""Fill a Word template with a context: docxtpl + Jinja2, strict and escaped.

* ``StrictUndefined``: a variable missing from the context raises ``MissingVariable`` instead
  of printing an empty field in a court document.
* Autoescape on: a party name containing ``{{ }}``, ``{% %}`` or ``<&>`` prints literally
  (values are never re-parsed as template code; ``<&>`` are XML-escaped).
* ``undeclared_variables`` is the static contract check (docxtpl's
  ``get_undeclared_template_variables``) used by tests and by the flow before rendering.

Speed (bench/handoff.py, docs/performance.md): a batch renders the same four templates
thousands of times, and compiling a template's XML into Jinja code cost more than rendering
it. So each process reads a template's bytes once (re-read when the file changes on disk),
keeps docxtpl's patched body XML, and compiles every part once (``CompilingEnvironment``
memoises ``from_string`` by source text). Rendering per case is then: load the .docx from
cached bytes, run the compiled templates, save.

Exceptions::

    RenderError
     +-- TemplateNotFound   no such templates/<name>.docx
     +-- MissingVariable    the template uses a name the context does not provide
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

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


def template_path(name: str | TemplateName, templates: Path = TEMPLATES) -> Path:
    path = templates / f"{name}.docx"
    if not path.is_file():
        raise TemplateNotFound(str(path))
    return path


class CompilingEnvironment(jinja2.Environment):
    """A Jinja environment that compiles each distinct source once (LRU, thread-safe).

    docxtpl hands the whole patched XML of a part to ``from_string`` on every render; the
    source of one template's part is the same every time, so its compiled code is reused.
    Templates are compiled with this environment's globals only: pass per-render values in
    the context (``render``), never through ``globals``.
    """

    max_compiled = 64

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: OrderedDict[str, jinja2.Template] = OrderedDict()
        self._compiled_lock = threading.Lock()

    def from_string(  # type: ignore[override]
        self,
        source: str | jinja2.nodes.Template,
        globals: dict[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        if globals or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._compiled_lock:
            hit = self._compiled.get(source)
            if hit is not None:
                self._compiled.move_to_end(source)
                return hit
        compiled = super().from_string(source)
        with self._compiled_lock:
            self._compiled[source] = compiled
            while len(self._compiled) > self.max_compiled:
                self._compiled.popitem(last=False)
        return compiled


def jinja_env() -> jinja2.Environment:
    """A fresh strict, autoescaping environment (compiles on every call: for checks)."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


_RENDER_ENV = CompilingEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


@dataclass(frozen=True, slots=True)
class _Source:
    """A template file as read once: its bytes and docxtpl's patched body XML."""

    stamp: tuple[int, int]  # (mtime_ns, size): a template edited on disk is read again
    data: bytes
    patched_body: list[str]  # filled by the first render (a list: the dataclass is frozen)


_SOURCES: dict[Path, _Source] = {}
_SOURCES_LOCK = threading.Lock()


def _source(path: Path) -> _Source:
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    with _SOURCES_LOCK:
        cached = _SOURCES.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
    fresh = _Source(stamp, path.read_bytes(), [])
    with _SOURCES_LOCK:
        _SOURCES[path] = fresh
    return fresh


class _CachedDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, loaded from cached bytes, patching the body XML only once."""

    def __init__(self, source: _Source) -> None:
        super().__init__(io.BytesIO(source.data))
        self._source = source

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            self.template_file = io.BytesIO(self._source.data)
        super().init_docx(reload)

    def build_xml(
        self, context: dict[str, Any], jinja_env: jinja2.Environment | None = None
    ) -> str:
        if not self._source.patched_body:
            self._source.patched_body.append(self.patch_xml(self.get_xml()))
        xml = self._source.patched_body[0]
        return str(self.render_xml_part(xml, self.docx._part, context, jinja_env))


def undeclared_variables(
    name: str | TemplateName, context: dict[str, Any], templates: Path = TEMPLATES
) -> set[str]:
    """Top-level names the template uses that ``context`` does not provide."""
    tpl = DocxTemplate(template_path(name, templates))
    return set(tpl.get_undeclared_template_variables(jinja_env(), context))


def render(
    name: str | TemplateName, context: dict[str, Any], templates: Path = TEMPLATES
) -> Rendered:
    """Render ``templates/<name>.docx`` with ``context``; returns the bytes and their hash."""
    tpl = _CachedDocxTemplate(_source(template_path(name, templates)))
    try:
        tpl.render(context, _RENDER_ENV, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise MissingVariable(f"{name}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"{name}: {exc}") from exc
    buf = io.BytesIO()
    tpl.save(buf)
    data = buf.getvalue()
    return Rendered(str(name), data, hashlib.sha256(data).hexdigest())


def render_to(
    name: str | TemplateName,
    context: dict[str, Any],
    path: Path | str,
    templates: Path = TEMPLATES,
) -> Rendered:
    """Render and write to ``path``."""
    rendered = render(name, context, templates)
    rendered.write(path)
    return rendered
