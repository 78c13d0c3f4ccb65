"""The helpers every template script of this folder writes with: the paragraph, run, table
and footer primitives, the blocks several templates share (the parties, the attorney, the
signature, the e-Sąd banner) and the ``--overwrite`` entry point.

The scripts run from this folder (``.venv/bin/python documents/templates/bootstrap/X.py``),
so they import this module by its bare name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

OUT = Path(__file__).resolve().parents[1]
Run = str | tuple[str, str]  # text, or (text, "b" / "i" / "bi")


def new_document(landscape: bool = False) -> DocumentObject:
    doc = Document()
    # no generator's name or stale dates in the file's properties (a court sees them)
    props = doc.core_properties
    props.author = props.last_modified_by = props.comments = props.title = ""
    props.created = props.modified = datetime(2026, 12, 1, tzinfo=UTC)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.08
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
        fonts = style.element.rPr.rFonts
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        style.font.color.rgb = None
        style.font.size = Pt(14 if name == "Heading 1" else 12)
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin = section.bottom_margin = Cm(2.0)
    return doc


def para(
    doc: DocumentObject,
    *runs: Run,
    align: str = "",
    indent: float = 0,
    hanging: float = 0,
    after: float | None = None,
    size: float | None = None,
) -> None:
    p = doc.add_paragraph()
    for run in runs:
        text, fmt = (run, "") if isinstance(run, str) else run
        r = p.add_run(text)
        r.bold = "b" in fmt or None
        r.italic = "i" in fmt or None
        if size:
            r.font.size = Pt(size)
    if align:
        p.alignment = {
            "c": WD_ALIGN_PARAGRAPH.CENTER,
            "r": WD_ALIGN_PARAGRAPH.RIGHT,
            "j": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
    if indent:
        p.paragraph_format.left_indent = Cm(indent)
    if hanging:
        p.paragraph_format.first_line_indent = Cm(-hanging)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)


def tag(doc: DocumentObject, text: str) -> None:
    """A paragraph holding only a ``{%p ... %}`` tag (docxtpl removes the paragraph)."""
    doc.add_paragraph(text)


def heading(doc: DocumentObject, text: str, level: int = 1, center: bool = True) -> None:
    h = doc.add_heading(text, level)
    if center:
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER


def shade(cell: object, fill: str = "D9D9D9") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def loop_table(
    doc: DocumentObject,
    headers: list[str],
    loop: str,
    cells: list[str],
    widths: list[float],
    footer: list[str] | None = None,
    size: float = 9.5,
) -> Table:
    """A Word table: header row, ``{%tr for %}`` row, data row, ``{%tr endfor %}`` row."""
    rows = 4 + (1 if footer else 0)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        shade(cell)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for i, text in enumerate(cells):
        run = table.rows[2].cells[i].paragraphs[0].add_run(text)
        run.font.size = Pt(size)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if footer:
        for i, text in enumerate(footer):
            run = table.rows[4].cells[i].paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(size)
    table.autofit = False
    for i, col in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(int(Cm(widths[i]).twips)))
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)
    return table


def footer_text(doc: DocumentObject, text: str) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.text = text
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in p.runs:
        r.font.size = Pt(8)


# --- blocks several templates share ---------------------------------------------------------


def banner(doc: DocumentObject, condition: str, title: str, note: str) -> None:
    """The bold centred banner and its italic note, shown when ``condition`` holds (EPU)."""
    tag(doc, "{%p if " + condition + " %}")
    para(doc, (title, "b"), align="c", after=2)
    para(doc, (note, "i"), align="c", size=9, after=8)
    tag(doc, "{%p endif %}")


def party(
    doc: DocumentObject,
    label: str,
    who: str,
    *,
    indent: float = 0,
    bold_name: bool = False,
    after: float = 0,
) -> None:
    """A party in three lines: bold label and ``{{ who.nazwa }}``, its address, its
    identifiers (``after`` is the space after the last line)."""
    name = "{{ " + who + ".nazwa }}"
    para(doc, (label, "b"), (name, "b") if bold_name else name, indent=indent, after=0)
    para(doc, "{{ " + who + ".adres }}", indent=indent, after=0)
    para(doc, "{{ " + who + ".identyfikatory }}", indent=indent, after=after)


def court_address(doc: DocumentObject, *, division_optional: bool = False) -> None:
    """The place and date, then the court (name, division, address) on the right of a court
    letter; ``division_optional``: the division only when the context has one."""
    para(doc, "{{ miejscowosc }}, dnia {{ data_pisma }}", align="r", after=10)
    para(doc, ("{{ sad.nazwa }}", "b"), indent=8, after=0)
    if division_optional:
        tag(doc, "{%p if sad.wydzial %}")
    para(doc, ("{{ sad.wydzial }}", "b"), indent=8, after=0)
    if division_optional:
        tag(doc, "{%p endif %}")
    tag(doc, "{%p if sad.adres %}")
    para(doc, "{{ sad.adres }}", indent=8, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "", after=4)


def court_attorney(doc: DocumentObject) -> None:
    """The plaintiff's attorney in a court letter's heading (under the plaintiff)."""
    para(
        doc,
        "pełnomocnik powoda: {{ pelnomocnik.tytul }} {{ pelnomocnik.imie_nazwisko }}, "
        "{{ pelnomocnik.kancelaria }}, {{ pelnomocnik.adres }}, e-mail: {{ pelnomocnik.email }}, "
        "tel. {{ pelnomocnik.telefon }}",
        indent=5,
        after=8,
    )


def creditor_and_debtor(
    doc: DocumentObject,
    creditor: str,
    debtor: str,
    *,
    represented: str = "reprezentowany",
    between: str = "",
) -> None:
    """The creditor, its attorney (``represented`` przez: ...), ``between`` (a line between
    the parties, none when empty) and the debtor: an enforcement application's or a
    settlement's heading."""
    party(doc, creditor, "wierzyciel")
    para(
        doc,
        represented + " przez: {{ pelnomocnik.tytul }} {{ pelnomocnik.nazwa }}, "
        "{{ pelnomocnik.kancelaria }}, {{ pelnomocnik.adres }}",
        after=6,
    )
    if between:
        para(doc, between, after=6)
    party(doc, debtor, "dluznik", after=10)


def signature(doc: DocumentObject, *, signed: bool = True) -> None:
    """The attorney's title and name on the right; ``signed``: a ``(podpis)`` line under."""
    para(doc, "", after=10)
    para(doc, "{{ pelnomocnik.tytul }}", align="r", after=0)
    para(doc, ("{{ pelnomocnik.imie_nazwisko }}", "b"), align="r", after=0)
    if signed:
        para(doc, "(podpis)", align="r", size=8, after=10)


# --- entry point ------------------------------------------------------------------------------

Builder = Callable[[], DocumentObject]


def write_templates(templates: Mapping[str, Builder], argv: list[str] | None = None) -> None:
    """``--overwrite [NAME ...]``: write the named templates (default: all) into ``OUT``."""
    args = sys.argv[1:] if argv is None else argv
    if "--overwrite" not in args:
        sys.exit("refusing to overwrite the shipped templates without --overwrite")
    names = [a for a in args if not a.startswith("--")] or list(templates)
    for name in names:
        templates[name]().save(OUT / f"{name}.docx")
        print("wrote", OUT / f"{name}.docx")
