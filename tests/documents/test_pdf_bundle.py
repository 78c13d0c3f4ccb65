"""The evidence packet as one bookmarked PDF (``write_pdf_bundle``) and ``cases bundle --pdf``.

The realistic case is the sample folder ``samples/cases/TT-0141-budomax`` (three invoices, a
final demand and its ZPO, all PDFs) imported into a SQLite store, plus files added next to it:
a contract (.docx), an e-mail (.eml), a phone note (.txt), a photo (.png), a recording (.mp3,
not convertible), an encrypted and a broken PDF. The merged PDF is written once per module
(one soffice run). Parts that need LibreOffice or poppler-utils are skipped with a reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import struct
import subprocess
import time
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from documents.packet import (
    INDEX_BOOKMARK,
    EvidenceChanged,
    EvidencePacket,
    PdfBundleResult,
    build_packet,
    exhibit_bookmark,
    file_hashes,
    text_pdf,
    write_pdf_bundle,
)
from documents.pdf import soffice_path
from intake import import_batch
from law.case import CaseFile, EvidenceItem, EvidenceKind
from store.db import open_store
from store.queries import case_file_by_ref, latest_document_path
from store.tables import Case, GeneratedDocument
from tests.conftest import SAMPLES

REF = "TT/WIND/2026/0141"
SAMPLE = SAMPLES / "cases" / "TT-0141-budomax"
HAS_SOFFICE = soffice_path() is not None
HAS_POPPLER = shutil.which("pdftotext") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) not installed")
needs_poppler = pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils (pdftotext) missing")

CONTRACT_TEXT = "Umowa ramowa nr 3/2024 dostawy instalacji – zażółć gęślą jaźń"
INDEX_TEXT = "Wykaz załączników do pozwu TT/WIND/2026/0141"
MAIL_SUBJECT = "Płatność za fakturę FV/2025/03/043"
MAIL_BODY = "Proszę o cierpliwość, zapłacimy w przyszłym tygodniu. Łączę pozdrowienia, Żaneta"
NOTE_TEXT = "Notatka: dłużnik potwierdził odbiór towaru (źródło: rozmowa 14.10.2026)"


def png(width: int = 40, height: int = 30) -> bytes:
    """A small valid red RGB PNG (no image library needed)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xcc\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def docx_bytes(*paragraphs: str) -> bytes:
    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def eml_bytes() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Żaneta Wójcik <ksiegowosc@budomax.example>"
    msg["To"] = "windykacja@termotech.example"
    msg["Date"] = "Wed, 30 Sep 2026 10:15:00 +0200"
    msg["Subject"] = MAIL_SUBJECT
    msg.set_content(MAIL_BODY, charset="utf-8", cte="quoted-printable")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="potw.pdf")
    return msg.as_bytes()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="tajne", owner_password="tajne", algorithm="RC4-128")
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


EXTRA: dict[str, tuple[EvidenceKind, str, date | None, bytes]] = {
    "umowa-ramowa-3-2024.docx": (
        EvidenceKind.CONTRACT,
        "Umowa ramowa nr 3/2024",
        date(2024, 11, 4),
        docx_bytes(CONTRACT_TEXT, "§ 5. Termin płatności: 14 dni od doręczenia faktury."),
    ),
    "email-2026-09-30.eml": (
        EvidenceKind.CORRESPONDENCE,
        "E-mail pozwanego z 30.09.2026",
        date(2026, 9, 30),
        eml_bytes(),
    ),
    "notatka-2026-10-14.txt": (
        EvidenceKind.OTHER,
        "Notatka z rozmowy telefonicznej",
        date(2026, 10, 14),
        (NOTE_TEXT + "\nRozmowę prowadził: M. Kowal\n").encode(),
    ),
    "zdjecie-dostawy.png": (EvidenceKind.OTHER, "Zdjęcie dostawy", date(2026, 10, 15), png()),
    "nagranie-rozmowy.mp3": (
        EvidenceKind.OTHER,
        "Nagranie rozmowy",
        date(2026, 10, 16),
        b"ID3\x03\x00fake-mp3",
    ),
    "zaszyfrowany.pdf": (
        EvidenceKind.OTHER,
        "Zestawienie (PDF z hasłem)",
        date(2026, 10, 17),
        encrypted_pdf(),
    ),
    "uszkodzony.pdf": (
        EvidenceKind.OTHER,
        "Skan uszkodzony",
        date(2026, 10, 18),
        b"%PDF-1.4\n1 0 obj <<garbage",
    ),
}
PROBLEM_FILES = {"nagranie-rozmowy.mp3", "zaszyfrowany.pdf", "uszkodzony.pdf"}
NOT_IN_PDF = "Dokument nie został włączony do niniejszego pliku PDF."


def extended_case(case: CaseFile, root: Path) -> CaseFile:
    """``case`` with the EXTRA files written under ``root`` and registered as evidence."""
    items = []
    for name, (kind, description, day, data) in EXTRA.items():
        (root / name).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        items.append(EvidenceItem(kind, name, digest, len(data), description, day))
    return dataclasses.replace(case, evidence=(*case.evidence, *items))


@dataclasses.dataclass
class Built:
    root: Path
    db_url: str
    packet: EvidencePacket
    result: PdfBundleResult
    seconds: float


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    base = tmp_path_factory.mktemp("pdf-bundle")
    root = base / "TT-0141-budomax"
    shutil.copytree(SAMPLE, root)
    db_url = f"sqlite:///{base / 'handoff.db'}"
    engine = open_store(db_url)
    report = import_batch(engine, root)
    assert report.created == 1, report
    found = case_file_by_ref(engine, REF)
    engine.dispose()
    assert found is not None
    case, evidence_root = found
    case = extended_case(case, Path(evidence_root))
    packet = build_packet(case, file_hashes(evidence_root, [e.path for e in case.evidence]))
    started = time.perf_counter()
    result = write_pdf_bundle(
        packet, evidence_root, base / "out" / "packet.pdf", docx_bytes(INDEX_TEXT)
    )
    yield Built(Path(evidence_root), db_url, packet, result, time.perf_counter() - started)


def pdftotext(pdf: Path, first: int, last: int) -> str:
    """Text of 0-based pages ``first..last`` (inclusive), whitespace collapsed."""
    proc = subprocess.run(
        ["pdftotext", "-f", str(first + 1), "-l", str(last + 1), "-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return " ".join(proc.stdout.decode().split())


def collapse(text: str) -> str:
    return " ".join(text.split())


def test_outline_titles_in_order_point_at_first_pages(built: Built) -> None:
    reader = PdfReader(built.result.path)
    exhibits = built.packet.exhibits
    assert len(exhibits) == 12
    assert len(reader.pages) == built.result.pages >= len(exhibits)
    outline = reader.outline
    assert all(not isinstance(item, list) for item in outline)  # one level, no nested
    titles = [item.title for item in outline]  # type: ignore[union-attr]
    expected = [exhibit_bookmark(built.packet, e) for e in exhibits]
    if HAS_SOFFICE:
        expected.insert(0, INDEX_BOOKMARK)
    assert titles == expected
    # issue #14 item 10: neutral names from the structured data, as the pozew's załączniki
    assert titles[-len(exhibits) :] == [
        "Załącznik nr 1 - Umowa z dnia 4 listopada 2024 r.",
        "Załącznik nr 2 - Faktura VAT nr FV/2025/01/114 z dnia 10 stycznia 2025 r.",
        "Załącznik nr 3 - Faktura VAT nr FV/2025/02/087 z dnia 7 lutego 2025 r.",
        "Załącznik nr 4 - Faktura VAT nr FV/2025/03/043 z dnia 5 marca 2025 r.",
        "Załącznik nr 5 - Ostateczne przedsądowe wezwanie do zapłaty z dnia 12 października "
        "2026 r.",
        "Załącznik nr 6 - Dowód doręczenia ostatecznego przedsądowego wezwania do zapłaty z "
        "dnia 12 października 2026 r.",
        "Załącznik nr 7 - Korespondencja stron z dnia 30 września 2026 r.",
        "Załącznik nr 8 - Notatka z rozmowy telefonicznej z dnia 14 października 2026 r.",
        "Załącznik nr 9 - Zdjęcie dostawy z dnia 15 października 2026 r.",
        "Załącznik nr 10 - Nagranie rozmowy z dnia 16 października 2026 r.",
        "Załącznik nr 11 - Zestawienie z dnia 17 października 2026 r.",
        "Załącznik nr 12 - Skan uszkodzony z dnia 18 października 2026 r.",
    ]
    descriptions = {e.description for e in exhibits} - {
        "Notatka z rozmowy telefonicznej",
        "Zdjęcie dostawy",
        "Nagranie rozmowy",
        "Skan uszkodzony",
    }  # "other" files keep the creditor's title without remarks (documents.phrases)
    assert not [d for d in descriptions if any(d in t for t in titles)]
    pages = [reader.get_destination_page_number(item) for item in outline]  # type: ignore[arg-type]
    if HAS_SOFFICE:
        assert pages[0] == 0
    assert pages[-len(exhibits) :] == [built.result.first_pages[e.number] for e in exhibits]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    assert reader.page_mode == "/UseOutlines"
    assert [t for t, _ in built.result.bookmarks] == titles


@needs_soffice
@needs_poppler
def test_each_exhibit_text_on_its_pages(built: Built) -> None:
    pdf = built.result.path
    starts = [built.result.first_pages[e.number] for e in built.packet.exhibits]
    ends = [s - 1 for s in starts[1:]] + [built.result.pages - 1]
    assert INDEX_TEXT in pdftotext(pdf, 0, starts[0] - 1)
    for e, first, last in zip(built.packet.exhibits, starts, ends, strict=True):
        text = pdftotext(pdf, first, last)
        name = Path(e.path).name
        assert "SHA-256" not in text and e.sha256 not in text  # issue #14: not for the court
        if name in PROBLEM_FILES:
            assert f"{exhibit_bookmark(built.packet, e)} {NOT_IN_PDF}" in text
            assert name not in text and "ZIP" not in text
        elif name.endswith(".pdf"):
            original = subprocess.run(
                ["pdftotext", "-layout", str(built.root / e.path), "-"],
                capture_output=True,
                check=True,
            ).stdout.decode()
            assert collapse(original.strip().splitlines()[0]) in text, (e.path, text)
        elif name.endswith(".docx"):
            assert CONTRACT_TEXT in text
            assert "§ 5. Termin płatności" in text
        elif name.endswith(".eml"):
            assert f"Temat: {MAIL_SUBJECT}" in text
            assert "Od: Żaneta Wójcik <ksiegowosc@budomax.example>" in text
            assert MAIL_BODY in text
            assert "potw.pdf" in text
        elif name.endswith(".txt"):
            assert NOTE_TEXT in text
        elif name.endswith(".png"):
            assert len(PdfReader(pdf).pages[first].images) >= 1


def test_unconvertible_files_listed_with_placeholder(built: Built) -> None:
    problems = {Path(p.path).name: p for p in built.result.problems}
    assert set(problems) == PROBLEM_FILES
    assert "zaszyfrowany" in problems["zaszyfrowany.pdf"].reason
    assert "uszkodzony" in problems["uszkodzony.pdf"].reason
    assert "nieobsługiwany format" in problems["nagranie-rozmowy.mp3"].reason
    reader = PdfReader(built.result.path)
    by_number = {e.number: e for e in built.packet.exhibits}
    for name, problem in problems.items():
        assert problem.number is not None
        exhibit = by_number[problem.number]
        text = collapse(reader.pages[built.result.first_pages[problem.number]].extract_text())
        # the court's page names the exhibit neutrally: no creditor note, file name or hash
        assert text == f"{exhibit_bookmark(built.packet, exhibit)} {NOT_IN_PDF}"
        assert exhibit.sha256 not in text and name not in text


def test_ten_exhibits_timing(built: Built) -> None:
    # Budget: one soffice run for the index and the convertible files, the rest in-process.
    print(
        f"\n{len(built.packet.exhibits)} exhibits -> {built.result.pages} pages "
        f"in {built.seconds:.1f} s (soffice: {built.result.soffice_used})"
    )
    assert built.seconds < 60


def test_changed_file_raises_and_writes_nothing(built: Built, tmp_path: Path) -> None:
    root = tmp_path / "ev"
    shutil.copytree(built.root, root)
    (root / "FV-2025-02-087.pdf").write_bytes(b"%PDF-1.4 podmieniona faktura")
    with pytest.raises(EvidenceChanged, match="FV-2025-02-087"):
        write_pdf_bundle(built.packet, root, tmp_path / "p.pdf")
    (root / "FV-2025-02-087.pdf").unlink()
    with pytest.raises(EvidenceChanged, match="missing"):
        write_pdf_bundle(built.packet, root, tmp_path / "p.pdf")
    assert not list(tmp_path.glob("p.pdf*"))


def test_without_soffice_text_still_rendered(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("documents.pdf.soffice_path", lambda: None)
    result = write_pdf_bundle(built.packet, built.root, tmp_path / "p.pdf", docx_bytes("x"))
    reasons = {Path(p.path).name: p.reason for p in result.problems}
    assert reasons["wykaz_zalacznikow.docx"] == "brak LibreOffice (soffice)"
    assert reasons["umowa-ramowa-3-2024.docx"] == "brak LibreOffice (soffice)"
    assert reasons["zdjecie-dostawy.png"] == "brak LibreOffice (soffice)"
    assert "email-2026-09-30.eml" not in reasons and "notatka-2026-10-14.txt" not in reasons
    reader = PdfReader(result.path)
    titles = [item.title for item in reader.outline]  # type: ignore[union-attr]
    assert titles == [exhibit_bookmark(built.packet, e) for e in built.packet.exhibits]
    mail = next(e for e in built.packet.exhibits if e.path.endswith(".eml"))
    assert MAIL_BODY in collapse(reader.pages[result.first_pages[mail.number]].extract_text())


def test_text_pdf_keeps_polish_letters_and_wraps() -> None:
    data = text_pdf([("Zażółć gęślą jaźń ŻÓŁĆ „§ 5”", True), ("słowo " * 60, False)])
    reader = PdfReader(BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "Zażółć gęślą jaźń ŻÓŁĆ „§ 5”" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    many = PdfReader(BytesIO(text_pdf([(str(i), False) for i in range(200)])))
    assert len(many.pages) == 4


def test_cli_bundle_with_pdf_uses_newest_index(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    shutil.copy(built.db_url.removeprefix("sqlite:///"), db)
    url = f"sqlite:///{db}"
    engine = open_store(url)
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.external_ref == REF)).one()
        assert case.id is not None
        for version in (1, 2):
            path = tmp_path / f"evidence_index-v{version}.docx"
            data = docx_bytes(f"{INDEX_TEXT} wersja {version}")
            path.write_bytes(data)
            session.add(
                GeneratedDocument(
                    case_id=case.id,
                    kind="evidence_index",
                    version=version,
                    path=str(path),
                    # the stored hash of the file: a draft whose file changed is refused
                    sha256=hashlib.sha256(data).hexdigest(),
                    input_hash=f"in-{version}",
                )
            )
        session.commit()
    assert latest_document_path(engine, REF, "evidence_index") == str(
        tmp_path / "evidence_index-v2.docx"
    )
    assert latest_document_path(engine, REF, "pozew") is None
    assert latest_document_path(engine, "NO/SUCH", "evidence_index") is None
    engine.dispose()
    env = {"HANDOFF_HOME": str(tmp_path), "HANDOFF_DATABASE_URL": url}
    args = ["cases", "bundle", REF, "-o", str(tmp_path / "b.zip"), "--pdf", str(tmp_path / "b.pdf")]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "PDF:" in result.output
    reader = PdfReader(tmp_path / "b.pdf")
    titles = [item.title for item in reader.outline]  # type: ignore[union-attr]
    assert titles[-1] == (
        "Załącznik nr 5 - Dowód doręczenia ostatecznego przedsądowego wezwania do zapłaty z dnia "
        "12 października 2026 r."
    )
    assert "Załączniki:" in result.output
    if HAS_SOFFICE and HAS_POPPLER:
        assert titles[0] == INDEX_BOOKMARK
        assert f"{INDEX_TEXT} wersja 2" in pdftotext(tmp_path / "b.pdf", 0, 0)


def test_epu_pdf_is_the_firms_archive(built: Built, tmp_path: Path) -> None:
    # K10 (art. 505^32 § 1 KPC): an EPU pozew attaches nothing; the PDF says it is the firm's
    # archive and names the evidence as the filing indicates it ("Dowód nr N")
    kept = tuple(e for e in built.packet.exhibits if Path(e.path).suffix in {".pdf", ".txt"})
    packet = dataclasses.replace(built.packet, exhibits=kept, epu=True)
    result = write_pdf_bundle(packet, built.root, tmp_path / "epu.pdf")
    reader = PdfReader(result.path)
    titles = [item.title for item in reader.outline]  # type: ignore[union-attr]
    assert titles[0] == "Archiwum dowodów kancelarii"
    assert titles[1:] == [f"Dowód nr {e.number} - {packet.names[e.number]}" for e in kept]
    assert not [t for t in titles if "Załącznik" in t]
    assert reader.metadata is not None
    assert reader.metadata.title == f"Archiwum dowodów kancelarii - {REF}"
    cover = collapse(reader.pages[0].extract_text())
    assert f"Archiwum dowodów kancelarii - sprawa {REF}" in cover
    assert "do pozwu nie dołącza się załączników (art. 505^32 § 1 KPC)" in cover
    assert "nie składać do sądu" in cover
    assert result.first_pages[kept[0].number] == 1
    broken = next(e for e in kept if e.path.endswith("uszkodzony.pdf"))
    page = collapse(reader.pages[result.first_pages[broken.number]].extract_text())
    assert f"Dowód nr {broken.number} - " in page and "Przyczyna: uszkodzony PDF" in page
    assert f"W archiwum ZIP: zalaczniki/{broken.number:02d}_uszkodzony.pdf" in page
    assert broken.sha256 not in page


def test_cli_bundle_of_epu_case_is_labelled_firm_archive(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    shutil.copy(built.db_url.removeprefix("sqlite:///"), db)
    url = f"sqlite:///{db}"
    engine = open_store(url)
    with Session(engine) as session:  # the claim summary the pipeline stores for an EPU case
        case = session.exec(select(Case).where(Case.external_ref == REF)).one()
        case.claim_json = json.dumps({"procedure": {"name": "epu"}, "excluded_invoices": []})
        session.add(case)
        session.commit()
    engine.dispose()
    env = {"HANDOFF_HOME": str(tmp_path), "HANDOFF_DATABASE_URL": url}
    zip_path, pdf_path = tmp_path / "b.zip", tmp_path / "b.pdf"
    args = ["cases", "bundle", REF, "-o", str(zip_path), "--pdf", str(pdf_path)]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "Archiwum dowodów kancelarii (EPU - do pozwu nie dołącza się załączników" in (
        result.output
    )
    assert "Załączniki:" not in result.output
    with zipfile.ZipFile(zip_path) as zf:
        data = json.loads(zf.read("manifest.json"))
        names = zf.namelist()
    assert data["archive"] == "archiwum_kancelarii" and data["procedure"] == "epu"
    assert [m["file_name"] for m in data["exhibits"]] == [
        n for n in names if n.startswith("zalaczniki/")
    ]
    titles = [item.title for item in PdfReader(pdf_path).outline]  # type: ignore[union-attr]
    assert titles[0] == "Archiwum dowodów kancelarii"
    assert titles[-1].startswith("Dowód nr 5 - Dowód doręczenia")
