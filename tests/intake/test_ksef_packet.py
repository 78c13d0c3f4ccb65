"""The evidence packet carries a KSeF invoice's XML and a readable rendering of it."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader
from sqlmodel import Session

from documents.packet import build_packet, file_hashes, write_bundle, write_pdf_bundle
from intake import import_batch
from store.cases import find_case, load_case_file
from tests.intake.test_ksef import NUMBER, invoice_xml, ksef_case


def _loaded(tmp_path: Path, engine: sa.Engine):  # type: ignore[no-untyped-def]
    folder = ksef_case(tmp_path, invoice_xml())
    report = import_batch(engine, folder, today=date(2026, 11, 30))
    assert report.ok, report.errors
    with Session(engine) as session:
        case = find_case(session, "T/1", "2588139984")
        assert case is not None
        return load_case_file(session, case.id), folder


def test_zip_has_the_xml_and_its_html_rendering(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    case, folder = _loaded(tmp_path, sqlite_engine)
    packet = build_packet(case, file_hashes(folder, [e.path for e in case.evidence]))
    out = write_bundle(packet, folder, tmp_path / "bundle.zip")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        [xml_name] = [n for n in names if n.endswith("FV-1.xml")]
        assert zf.read(xml_name) == (folder / "ksef" / "FV-1.xml").read_bytes()
        page = zf.read(f"{xml_name}.html").decode()
    assert f"nr KSeF {NUMBER}" in page
    assert "Kwota należności ogółem (brutto): 1 000,00 zł (PLN)" in page
    assert "Termin płatności: 15 czerwca 2026 r." in page
    assert "NIP 2141707530" in page and "55 2761 1550 5236 4262 9504 5061" in page


def test_pdf_bundle_renders_the_xml_readably(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    case, folder = _loaded(tmp_path, sqlite_engine)
    packet = build_packet(case, file_hashes(folder, [e.path for e in case.evidence]))
    result = write_pdf_bundle(packet, folder, tmp_path / "bundle.pdf")
    assert not [p for p in result.problems if p.path.endswith(".xml")], result.problems
    text = "\n".join(page.extract_text() for page in PdfReader(result.path).pages)
    assert "Faktura ustrukturyzowana FA(3)" in text
    assert "Numer faktury: FV/1" in text
