"""Fill a Word template with a context: docxtpl + Jinja2, strict and escaped.

* ``StrictUndefined``: a variable missing from the context raises ``MissingVariable`` instead
  of printing an empty field in a court document.
* Autoescape on: a party name containing ``{{ }}``, ``{% %}`` or ``<&>`` prints literally
  (values are never re-parsed as template code; ``<&>`` are XML-escaped).
* ``undeclared_variables`` is the static contract check (docxtpl's
  ``get_undeclared_template_variables``) used by tests and by the flow before rendering.

Exceptions::

    RenderError
     +-- TemplateNotFound   no such templates/<name>.docx
     +-- MissingVariable    the template uses a name the context does not provide
"""

from __future__ import annotations

import hashlib
import io
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


def jinja_env() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


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
    tpl = DocxTemplate(template_path(name, templates))
    try:
        tpl.render(context, jinja_env(), autoescape=True)
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
