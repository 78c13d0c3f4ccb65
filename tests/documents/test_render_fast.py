"""documents.render without python-docx per render, against plain docxtpl as the reference.

The fast path must give the document docxtpl's own ``DocxTemplate(...).render(...)`` +
``save`` gives (same text in paragraphs, table cells, headers and footers; the rendered XML
parts byte for byte), be deterministic, keep StrictUndefined and autoescape, and print
docxtpl's escape forms ``{_{ }_} {_% %_}`` in data literally.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
import pytest
from docx import Document
from docxtpl import DocxTemplate

from documents.context import (
    DocumentInputs,
    evidence_index_context,
    memo_context,
    pozew_context,
    wezwanie_context,
)
from documents.render import (
    TEMPLATES,
    MissingVariable,
    RenderError,
    TemplateName,
    jinja_env,
    render,
)
from tests.documents import cases

BUILDERS: dict[TemplateName, Callable[[DocumentInputs], dict[str, Any]]] = {
    TemplateName.POZEW: pozew_context,
    TemplateName.WEZWANIE: wezwanie_context,
    TemplateName.MEMO: memo_context,
    TemplateName.EVIDENCE_INDEX: evidence_index_context,
}
# docxtpl (python-docx) adds empty <dc:identifier/> and <dc:language/> on save: no content.
METADATA = "docProps/core.xml"


def reference(path: Path, context: dict[str, Any]) -> bytes:
    """The previous path: plain docxtpl, python-docx open and save."""
    tpl = DocxTemplate(path)
    tpl.render(context, jinja_env(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def texts(data: bytes) -> dict[str, list[str]]:
    """Text of every paragraph, table cell (nested too), header and footer, and core props."""
    doc = Document(io.BytesIO(data))
    cells: list[str] = []

    def walk(tables: list[Any]) -> None:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    cells.append(cell.text)
                    walk(cell.tables)

    walk(doc.tables)
    headers_footers = [
        p.text
        for s in doc.sections
        for part in (s.header, s.footer, s.first_page_header, s.first_page_footer)
        for p in part.paragraphs
    ]
    props = doc.core_properties
    return {
        "paragraphs": [p.text for p in doc.paragraphs],
        "cells": cells,
        "headers_footers": headers_footers,
        "properties": [
            props.title,
            props.subject,
            props.author,
            props.comments,
            props.identifier,
            props.language,
        ],
    }


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def inputs() -> dict[str, DocumentInputs]:
    return {name: cases.document_inputs(make()) for name, make in cases.ALL.items()}


@pytest.mark.parametrize("template", list(TemplateName))
@pytest.mark.parametrize("case", list(cases.ALL))
def test_same_document_as_docxtpl(
    case: str, template: TemplateName, inputs: dict[str, DocumentInputs]
) -> None:
    context = BUILDERS[template](inputs[case])
    fast = render(template, context).content
    ref = reference(TEMPLATES / f"{template}.docx", BUILDERS[template](inputs[case]))
    assert texts(fast) == texts(ref)
    assert any(texts(fast)["paragraphs"])
    fast_entries, ref_entries = entries(fast), entries(ref)
    assert set(fast_entries) == set(ref_entries)
    changed = [n for n in ref_entries if n != METADATA and fast_entries[n] != ref_entries[n]]
    assert changed == []


@pytest.mark.parametrize("template", list(TemplateName))
def test_untouched_entries_are_copied(template: TemplateName, inputs: dict) -> None:
    source = entries((TEMPLATES / f"{template}.docx").read_bytes())
    fast = entries(render(template, BUILDERS[template](inputs["b2b_sale"])).content)
    assert set(fast) == set(source)
    rendered = {n for n in source if fast[n] != source[n]}
    assert "word/document.xml" in rendered
    assert rendered <= {"word/document.xml", "word/footer1.xml"}


def test_footer_tags_are_rendered(inputs: dict[str, DocumentInputs]) -> None:
    context = pozew_context(inputs["b2b_sale"])
    footer = " ".join(texts(render(TemplateName.POZEW, context).content)["headers_footers"])
    assert "{{" not in footer
    assert "STAL/2025/0042" in footer


@pytest.mark.parametrize("template", list(TemplateName))
def test_identical_input_identical_bytes(template: TemplateName, inputs: dict) -> None:
    first = render(template, BUILDERS[template](inputs["consumer"]))
    second = render(template, BUILDERS[template](inputs["consumer"]))
    assert first.content == second.content
    assert first.sha256 == second.sha256
    with zipfile.ZipFile(io.BytesIO(first.content)) as archive:
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


ESCAPED_NAMES = [
    "{_{ x }_} {_% if %_} sp. z o.o.",
    "Firma {_{ zła }_} {_%- for %_}",
    "{_{{_%%_}}_}",
    "Firma {{ zła }} {% if %} <b>& {# c #} Sp. z o.o.",
]


@pytest.mark.parametrize("name", ESCAPED_NAMES)
def test_escape_forms_in_data_print_literally(name: str) -> None:
    case = cases.epu_small()
    case = replace(case, debtor=replace(case.debtor, name=name))
    inputs = cases.document_inputs(case)
    for template in (TemplateName.POZEW, TemplateName.MEMO, TemplateName.WEZWANIE):
        text = cases.docx_text(render(template, BUILDERS[template](inputs)).content)
        assert name in text, template


def _word_template(folder: Path, name: str, paragraphs: list[str], footer: str = "") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    path = folder / f"{name}.docx"
    doc.save(str(path))
    return path


def test_escape_forms_in_the_template_text_still_work(tmp_path: Path) -> None:
    paragraphs = [
        "Literal {_{ pole }_} and {_% if %_}.",
        "Raw {% raw %}{_{ r }_} {{ s }}{% endraw %}.",
        "Name: {{ name }}.",
    ]
    path = _word_template(tmp_path, "escapes", paragraphs, footer="{_{ f }_} {{ name }}")
    context = {"name": "{_{ dane }_} {{ x }} <&>"}
    got = texts(render("escapes", context, templates=tmp_path).content)
    assert got["paragraphs"] == [
        "Literal {{ pole }} and {% if %}.",
        "Raw {{ r }} {{ s }}.",
        "Name: {_{ dane }_} {{ x }} <&>.",
    ]
    assert got["headers_footers"][1] == "{{ f }} {_{ dane }_} {{ x }} <&>"
    # docxtpl agrees wherever the data holds no escape form.
    plain = {"name": "{{ x }} <&>"}
    fast = texts(render("escapes", plain, templates=tmp_path).content)
    assert fast == texts(reference(path, plain))


def test_strict_undefined_still_raises(inputs: dict[str, DocumentInputs]) -> None:
    context = pozew_context(inputs["b2b_sale"])
    del context["pozwany"]
    with pytest.raises(MissingVariable, match="pozwany"):
        render(TemplateName.POZEW, context)


def test_missing_variable_in_a_footer_raises(tmp_path: Path) -> None:
    _word_template(tmp_path, "footer", ["{{ a }}"], footer="{{ b }}")
    assert "1" in cases.docx_text(render("footer", {"a": 1, "b": 2}, tmp_path).content)
    with pytest.raises(MissingVariable, match="'b'"):
        render("footer", {"a": 1}, tmp_path)


def test_other_jinja_errors_are_render_errors(tmp_path: Path) -> None:
    _word_template(tmp_path, "broken", ["{% if a %}never closed"])
    with pytest.raises(RenderError) as info:
        render("broken", {"a": 1}, tmp_path)
    assert not isinstance(info.value, MissingVariable)
    assert isinstance(info.value.__cause__, jinja2.TemplateSyntaxError)


def test_not_a_docx_is_a_render_error(tmp_path: Path) -> None:
    (tmp_path / "junk.docx").write_bytes(b"not a zip")
    with pytest.raises(RenderError):
        render("junk", {}, tmp_path)


def test_template_edited_on_disk_is_read_again(tmp_path: Path) -> None:
    _word_template(tmp_path, "edited", ["first {{ a }}"])
    assert "first 1" in cases.docx_text(render("edited", {"a": 1}, tmp_path).content)
    _word_template(tmp_path, "edited", ["second version {{ a }}"])
    assert "second version 1" in cases.docx_text(render("edited", {"a": 1}, tmp_path).content)


def test_line_breaks_and_tabs_in_values_as_docxtpl(tmp_path: Path) -> None:
    path = _word_template(tmp_path, "listing", ["Adres: {{ a }}", "{{ b }}"], footer="{{ a }}")
    context = {"a": "ul. Lipowa 5\n15-424 Białystok", "b": "x\ty\az\fw"}
    fast = render("listing", context, tmp_path).content
    ref = reference(path, context)
    assert texts(fast) == texts(ref)
    fast_entries, ref_entries = entries(fast), entries(ref)
    for name in ("word/document.xml", "word/footer1.xml"):
        assert fast_entries[name] == ref_entries[name], name
    assert b"<w:br/>" in fast_entries["word/document.xml"]


def test_core_properties_with_tags_as_docxtpl(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{{ name }}")
    doc.core_properties.title = "Pozew: {{ name }}"
    doc.core_properties.subject = "bez tagów"
    path = tmp_path / "props.docx"
    doc.save(str(path))
    context = {"name": "Jan Kowalski"}
    fast = texts(render("props", context, tmp_path).content)
    assert fast == texts(reference(path, context))
    assert fast["properties"][:2] == ["Pozew: Jan Kowalski", "bez tagów"]


def test_the_contract_check_reads_an_edited_template_again(tmp_path: Path) -> None:
    """The names a template uses are kept per file and version (a bulk of court letters
    checks one template thousands of times); an edit on disk is read again."""
    from documents.render import undeclared_variables

    _word_template(tmp_path, "checked", ["{{ a }} {{ b }}"])
    assert undeclared_variables("checked", {"a": 1}, tmp_path) == {"b"}
    assert undeclared_variables("checked", {"a": 1, "b": 2}, tmp_path) == set()
    _word_template(tmp_path, "checked", ["{{ a }} {{ b }} {{ nowe_pole }}"])
    assert undeclared_variables("checked", {"a": 1, "b": 2}, tmp_path) == {"nowe_pole"}
