"""The evidence packet: numbered exhibits, their index (.docx) and a ZIP bundle for the court.

``build_packet`` is pure (exhibit numbering and the evidence findings come from
``law.evidence``; each exhibit's court-facing name from ``documents.phrases``, the same words
the pozew's list of attachments uses); ``file_hashes`` and ``write_bundle`` are the I/O edge:
they read the case's evidence files, check each against the SHA-256 recorded at intake and
write ``zalaczniki/NN_<name>`` plus ``manifest.json`` (number, the creditor's description, the
court-facing name, date, what it proves, sha256, file name: the firm's record) and the index
``wykaz_zalacznikow.docx`` into one ZIP.

``write_pdf_bundle`` writes the same packet as one PDF for the court: the index first, then
every exhibit in order with one bookmark each ("Załącznik nr 3 - Faktura VAT nr FV/2026/08/171
z dnia 31 lipca 2026 r.") pointing at its first page. Nothing the creditor typed for its own
use (an evidence file's description) and no SHA-256 appears in it.

EPU (art. 505^32 § 1 KPC, K10): the pozew attaches nothing, so an EPU case has no
"załączniki do pozwu". Its bundle is the firm's own evidence archive, labelled as such: the
ZIP keeps its layout (file names stay stable for whoever reads them) and its ``manifest.json``
says ``archive: "archiwum_kancelarii"`` with a Polish note; the PDF opens with a page saying
it is the firm's archive, not for filing, and its bookmarks read "Dowód nr N - ..." as the EPU
filing indicates them.

PDFs are appended as they are; .docx/.doc/.odt/.rtf and images (png/jpg) go through
LibreOffice in a single soffice run; .txt and .eml (headers and the text/plain body) are
typeset here as plain text pages, so they need no soffice. A file that cannot be shown (no
soffice, unknown format, encrypted or broken PDF, failed conversion) gets a page naming the
exhibit and saying it is not in the PDF, and is listed with the reason in
``PdfBundleResult.problems``; it never fails the bundle. Hashes are checked first, as for the
ZIP.

Exceptions::

    PacketError
     +-- EvidenceChanged   a file is missing or its hash differs from intake
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import logging
import tempfile
import textwrap
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from documents import phrases
from documents.context import exhibit_name
from law.case import CaseFile
from law.evidence import Exhibit, evidence_findings, exhibits
from law.findings import Finding

if TYPE_CHECKING:
    from pypdf import PdfWriter

MANIFEST = "manifest.json"
INDEX_NAME = "wykaz_zalacznikow.docx"
COURT_ARCHIVE = "zalaczniki_do_pozwu"
FIRM_ARCHIVE = "archiwum_kancelarii"
COURT_LABEL = "Załączniki do pozwu"
FIRM_LABEL = "Archiwum dowodów kancelarii"
EPU_NOTE = (
    "Sprawa w elektronicznym postępowaniu upominawczym: powód wskazuje dowody, do pozwu nie "
    "dołącza się załączników (art. 505^32 § 1 KPC). Dokument wewnętrzny kancelarii - nie "
    "składać do sądu."
)


class PacketError(Exception):
    pass


class EvidenceChanged(PacketError):
    pass


@dataclass(frozen=True, slots=True)
class EvidencePacket:
    case_ref: str
    exhibits: tuple[Exhibit, ...]
    findings: tuple[Finding, ...]
    # court-facing name of each exhibit by number (``exhibit_name``), never the creditor's note
    names: Mapping[int, str] = field(default_factory=dict)
    epu: bool = False  # EPU: nothing is attached to the pozew; this is the firm's archive

    @property
    def label(self) -> str:
        return FIRM_LABEL if self.epu else COURT_LABEL

    def name_of(self, exhibit: Exhibit) -> str:
        return self.names.get(exhibit.number) or phrases.clean_title(exhibit.description)

    def exhibit_for(self, path: str) -> Exhibit | None:
        return next((e for e in self.exhibits if e.path == path), None)


def build_packet(
    case: CaseFile,
    current_hashes: Mapping[str, str],
    *,
    nakazowe: bool = False,
    leave_out: Collection[str] = (),
    epu: bool = False,
) -> EvidencePacket:
    """Exhibits in court order plus the "enough to sue?" findings (pure).

    ``leave_out``: invoices not claimed (time-barred, ``ClaimComputation.excluded_invoices``),
    so that the bundle numbers its exhibits as the pozew does. ``epu``: the case goes to EPU
    (the bundle is then the firm's archive, see the module docstring).
    """
    items = exhibits(case, leave_out)
    return EvidencePacket(
        case.external_ref,
        items,
        evidence_findings(case, current_hashes, nakazowe=nakazowe, leave_out=leave_out),
        {e.number: exhibit_name(e, case) for e in items},
        epu,
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes(root: Path | str, paths: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each existing ``root/path``; missing files are left out."""
    base = Path(root)
    return {p: sha256_file(base / p) for p in paths if (base / p).is_file()}


def bundle_name(exhibit: Exhibit) -> str:
    return f"zalaczniki/{exhibit.number:02d}_{PurePosixPath(exhibit.path).name}"


def manifest(packet: EvidencePacket) -> list[dict[str, Any]]:
    """The firm's record of the exhibits (creditor's description, SHA-256); not for the court."""
    return [
        {
            "number": e.number,
            "description": e.description,
            "court_name": packet.name_of(e),
            "date": e.doc_date.isoformat() if e.doc_date else None,
            "proves": e.proves,
            "sha256": e.sha256,
            "file_name": bundle_name(e),
            "source_path": e.path,
        }
        for e in packet.exhibits
    ]


def write_bundle(
    packet: EvidencePacket,
    evidence_root: Path | str,
    out: Path | str,
    index_docx: bytes | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> Path:
    """Write the ZIP bundle; raises ``EvidenceChanged`` if a file differs from intake.

    ``extra`` adds further files (e.g. the rendered pozew) under their given names.
    """
    root = Path(evidence_root)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for e in packet.exhibits:
            source = root / e.path
            if not source.is_file():
                raise EvidenceChanged(f"missing evidence file: {e.path}")
            data = source.read_bytes()
            if hashlib.sha256(data).hexdigest() != e.sha256.lower():
                raise EvidenceChanged(f"evidence file changed since intake: {e.path}")
            zf.writestr(bundle_name(e), data)
            if PurePosixPath(e.path).suffix.lower() == ".xml":  # KSeF FA(3): readable copy
                _ksef_html(zf, bundle_name(e), data, packet.name_of(e))
        document: dict[str, Any] = {
            "case": packet.case_ref,
            "archive": FIRM_ARCHIVE if packet.epu else COURT_ARCHIVE,
            "label": packet.label,
            "procedure": "epu" if packet.epu else None,
            "exhibits": manifest(packet),
        }
        if packet.epu:
            document["note"] = EPU_NOTE
        zf.writestr(MANIFEST, json.dumps(document, ensure_ascii=False, indent=2))
        if index_docx is not None:
            zf.writestr(INDEX_NAME, index_docx)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    tmp.replace(target)
    return target


# --- one merged PDF with bookmarks -------------------------------------------------------------

INDEX_BOOKMARK = "Wykaz załączników"
EPU_INDEX_BOOKMARK = "Wykaz dowodów"
SOFFICE_SUFFIXES = frozenset({".docx", ".doc", ".odt", ".rtf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg"})
TEXT_SUFFIXES = frozenset({".txt", ".eml"})

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PdfProblem:
    """An exhibit (``number``) or the index (``number`` None) that is not in the PDF as itself."""

    number: int | None
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class PdfBundleResult:
    path: Path
    pages: int
    bookmarks: tuple[tuple[str, int], ...]  # (title, 0-based first page) in outline order
    problems: tuple[PdfProblem, ...] = ()
    soffice_used: bool = False
    first_pages: Mapping[int, int] = field(default_factory=dict)  # exhibit number -> page


def exhibit_label(packet: EvidencePacket, exhibit: Exhibit) -> str:
    """``Załącznik nr N``; in EPU ``Dowód nr N`` (evidence indicated, not attached)."""
    return f"{'Dowód nr' if packet.epu else 'Załącznik nr'} {exhibit.number}"


def exhibit_bookmark(packet: EvidencePacket, exhibit: Exhibit) -> str:
    """``Załącznik nr 3 - Faktura VAT nr FV/2026/08/171 z dnia 31 lipca 2026 r.``"""
    return f"{exhibit_label(packet, exhibit)} - {packet.name_of(exhibit)}"


def _copy_verified(source: Path, target: Path, exhibit: Exhibit) -> None:
    """Copy ``source`` to ``target`` hashing on the way; the copy is what goes into the PDF."""
    if not source.is_file():
        raise EvidenceChanged(f"missing evidence file: {exhibit.path}")
    digest = hashlib.sha256()
    with source.open("rb") as src, target.open("wb") as dst:
        for chunk in iter(lambda: src.read(1 << 16), b""):
            digest.update(chunk)
            dst.write(chunk)
    if digest.hexdigest() != exhibit.sha256.lower():
        raise EvidenceChanged(f"evidence file changed since intake: {exhibit.path}")


def write_pdf_bundle(
    packet: EvidencePacket,
    evidence_root: Path | str,
    out_pdf: Path | str,
    index_docx: bytes | None = None,
    *,
    timeout: float | None = None,
) -> PdfBundleResult:
    """Write the index and every exhibit as one bookmarked PDF; see the module docstring.

    Raises ``EvidenceChanged`` (before writing anything) if a file is missing or differs from
    intake. Everything else that goes wrong with one file is a ``PdfProblem`` in the result.
    ``timeout`` bounds the single soffice run (default: 60 s + 20 s per converted file).
    """
    from pypdf import PdfWriter

    from documents.pdf import PdfError, convert_to_pdf, soffice_path

    root = Path(evidence_root)
    target = Path(out_pdf)
    problems: list[PdfProblem] = []
    with tempfile.TemporaryDirectory(prefix="packet-pdf-") as tmp_name:
        work = Path(tmp_name)
        (work / "src").mkdir()
        copies: dict[int, Path] = {}
        for e in packet.exhibits:  # all hashes first: nothing is converted from a changed file
            copy = work / "src" / f"{e.number:03d}{PurePosixPath(e.path).suffix.lower()}"
            _copy_verified(root / e.path, copy, e)
            copies[e.number] = copy

        # Everything soffice converts goes into one run (startup dominates the cost).
        to_convert: dict[str, Path] = {}  # key: "index" or the exhibit number as text
        unconvertible: dict[int, str] = {}
        if index_docx is not None:
            index_src = work / "src" / "index.docx"
            index_src.write_bytes(index_docx)
            to_convert["index"] = index_src
        for e in packet.exhibits:
            suffix = copies[e.number].suffix
            if suffix in SOFFICE_SUFFIXES:
                to_convert[str(e.number)] = copies[e.number]
            elif suffix in IMAGE_SUFFIXES:
                try:
                    to_convert[str(e.number)] = _image_docx(copies[e.number])
                except Exception as exc:  # python-docx cannot read the image
                    unconvertible[e.number] = f"nieczytelny obraz ({type(exc).__name__})"
        converted: dict[str, Path] = {}
        have_soffice = soffice_path() is not None
        if to_convert and have_soffice:
            limit = timeout if timeout is not None else 60.0 + 20.0 * len(to_convert)
            try:
                convert_to_pdf(list(to_convert.values()), work / "pdf", limit)
            except PdfError as exc:  # partial output is still used; the rest is listed
                log.warning("soffice conversion incomplete: %s", exc)
        for key, src in to_convert.items():
            pdf = work / "pdf" / f"{src.stem}.pdf"
            if pdf.is_file():
                converted[key] = pdf
        no_soffice = (
            "brak LibreOffice (soffice)" if not have_soffice else "konwersja nie powiodła się"
        )

        writer = PdfWriter()
        bookmarks: list[tuple[str, int]] = []
        first_pages: dict[int, int] = {}
        if packet.epu:  # the firm's archive says so on its first page
            _append_pdf_bytes(writer, text_pdf(_archive_cover_lines(packet)))
            bookmarks.append((FIRM_LABEL, 0))
        if index_docx is not None:
            start = len(writer.pages)
            reason = _append_pdf(writer, converted["index"]) if "index" in converted else no_soffice
            if reason is None:
                bookmarks.append((EPU_INDEX_BOOKMARK if packet.epu else INDEX_BOOKMARK, start))
            else:
                problems.append(PdfProblem(None, INDEX_NAME, reason))
        for e in packet.exhibits:
            start = len(writer.pages)
            copy = copies[e.number]
            suffix = copy.suffix
            if e.number in unconvertible:
                reason = unconvertible[e.number]
            elif suffix == ".pdf":
                reason = _append_pdf(writer, copy)
            elif suffix in TEXT_SUFFIXES:
                lines = _eml_lines(copy.read_bytes()) if suffix == ".eml" else _txt_lines(copy)
                reason = _append_pdf_bytes(writer, text_pdf(lines))
            elif suffix == ".xml" and (ksef := _ksef_lines(copy, packet.name_of(e))) is not None:
                reason = _append_pdf_bytes(writer, text_pdf(ksef))  # KSeF FA(3), readable
            elif str(e.number) in converted:
                reason = _append_pdf(writer, converted[str(e.number)])
            elif str(e.number) in to_convert:
                reason = no_soffice
            else:
                reason = f"nieobsługiwany format pliku ({suffix or 'bez rozszerzenia'})"
            if reason is not None:
                problems.append(PdfProblem(e.number, e.path, reason))
                _append_pdf_bytes(writer, text_pdf(_placeholder_lines(packet, e, reason)))
            first_pages[e.number] = start
            bookmarks.append((exhibit_bookmark(packet, e), start))

        for title, page in bookmarks:
            writer.add_outline_item(title=title, page_number=page)
        writer.page_mode = "/UseOutlines"
        writer.add_metadata({"/Title": f"{packet.label} - {packet.case_ref}"})
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_suffix(target.suffix + ".part")
        with part.open("wb") as fh:
            writer.write(fh)
        part.replace(target)
        return PdfBundleResult(
            target,
            len(writer.pages),
            tuple(bookmarks),
            tuple(problems),
            bool(to_convert) and have_soffice,
            first_pages,
        )


def _append_pdf(writer: PdfWriter, path: Path) -> str | None:
    return _append_pdf_bytes(writer, path.read_bytes())


def _append_pdf_bytes(writer: PdfWriter, data: bytes) -> str | None:
    """Append all pages of ``data``; a reason (Polish) if it is encrypted or broken."""
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    start = len(writer.pages)
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            return "PDF zaszyfrowany (chroniony hasłem)"
        if len(reader.pages) == 0:
            return "uszkodzony PDF (brak stron)"
        writer.append(reader, import_outline=False)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        for i in range(len(writer.pages) - 1, start - 1, -1):
            writer.remove_page(i)
        return f"uszkodzony PDF ({type(exc).__name__})"
    return None


def _image_docx(image: Path) -> Path:
    """A one-page .docx showing ``image`` fitted to A4 (soffice then makes the PDF page)."""
    from docx import Document
    from docx.image.image import Image
    from docx.shared import Cm

    info = Image.from_file(str(image))
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    max_w, max_h = Cm(18), Cm(26)
    if info.px_height * max_w > info.px_width * max_h:
        doc.add_picture(str(image), height=max_h)
    else:
        doc.add_picture(str(image), width=max_w)
    out = image.with_name(f"{image.stem}_obraz.docx")
    doc.save(str(out))
    return out


def _placeholder_lines(
    packet: EvidencePacket, exhibit: Exhibit, reason: str
) -> list[tuple[str, bool]]:
    """The page standing in for a file the PDF cannot show. In the court's bundle it names the
    exhibit neutrally and nothing else (the reason and the file go to ``PdfBundleResult`` and
    the ZIP's manifest); the firm's EPU archive also says why and where the file is."""
    lines = [
        (exhibit_bookmark(packet, exhibit), True),
        ("", False),
        ("Dokument nie został włączony do niniejszego pliku PDF.", False),
    ]
    if packet.epu:
        lines.append((f"Przyczyna: {reason}", False))
        lines.append((f"W archiwum ZIP: {bundle_name(exhibit)}", False))
    return lines


def _archive_cover_lines(packet: EvidencePacket) -> list[tuple[str, bool]]:
    return [
        (f"{FIRM_LABEL} - sprawa {packet.case_ref}", True),
        ("", False),
        (EPU_NOTE, False),
        ("", False),
        (f"Liczba dowodów: {len(packet.exhibits)}", False),
    ]


def _txt_lines(path: Path) -> list[tuple[str, bool]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    return [(line, False) for line in text.splitlines()]


def _eml_lines(data: bytes) -> list[tuple[str, bool]]:
    """Headers and the text/plain body of an e-mail (attachments are only named)."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    lines: list[tuple[str, bool]] = []
    for header, label in (
        ("From", "Od"),
        ("To", "Do"),
        ("Cc", "DW"),
        ("Date", "Data"),
        ("Subject", "Temat"),
    ):
        value = msg.get(header)
        if value is not None:
            lines.append((f"{label}: {' '.join(str(value).split())}", True))
    lines.append(("", False))
    body_text = "(wiadomość nie zawiera części tekstowej text/plain)"
    if isinstance(msg, EmailMessage):
        body = msg.get_body(preferencelist=("plain",))
        if body is not None:
            try:
                body_text = body.get_content()
            except (LookupError, UnicodeError):  # unknown or wrong charset
                raw = body.get_payload(decode=True)
                body_text = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
        names = [a.get_filename() or "(bez nazwy)" for a in msg.iter_attachments()]
        if names:
            body_text += "\n\nZałączniki wiadomości (w archiwum ZIP wraz z plikiem .eml): "
            body_text += ", ".join(names)
    lines.extend((line, False) for line in body_text.splitlines())
    return lines


# A minimal PDF writer for plain-text pages (Courier, one of the 14 standard fonts, so no font
# is embedded). Bytes 32-126 are ASCII; 128+ are mapped by a /Differences encoding to the glyph
# names of Polish and other common letters, so pdftotext and viewers read "zażółć" correctly.
# Characters outside the table are shown as "?".

_EXTRA_GLYPHS: dict[str, str] = {
    "Ą": "Aogonek", "ą": "aogonek", "Ć": "Cacute", "ć": "cacute", "Ę": "Eogonek",
    "ę": "eogonek", "Ł": "Lslash", "ł": "lslash", "Ń": "Nacute", "ń": "nacute",
    "Ó": "Oacute", "ó": "oacute", "Ś": "Sacute", "ś": "sacute", "Ź": "Zacute",
    "ź": "zacute", "Ż": "Zdotaccent", "ż": "zdotaccent", "Ä": "Adieresis", "ä": "adieresis",
    "Ö": "Odieresis", "ö": "odieresis", "Ü": "Udieresis", "ü": "udieresis", "ß": "germandbls",
    "É": "Eacute", "é": "eacute", "è": "egrave", "á": "aacute", "à": "agrave", "í": "iacute",
    "ú": "uacute", "ý": "yacute", "Č": "Ccaron", "č": "ccaron", "Š": "Scaron", "š": "scaron",
    "Ž": "Zcaron", "ž": "zcaron", "Ř": "Rcaron", "ř": "rcaron", "ě": "ecaron",
    "„": "quotedblbase", "”": "quotedblright", "“": "quotedblleft", "‘": "quoteleft",
    "’": "quoteright", "–": "endash", "—": "emdash", "…": "ellipsis", "§": "section",
    "°": "degree", "€": "Euro", "«": "guillemotleft", "»": "guillemotright", "•": "bullet",
    "·": "periodcentered", "×": "multiply", "²": "twosuperior", "³": "threesuperior",
}  # fmt: skip
_CODES = {ch: 128 + i for i, ch in enumerate(_EXTRA_GLYPHS)}
_PAGE_W, _PAGE_H, _MARGIN, _SIZE, _LEADING = 595, 842, 56, 10, 13
_COLUMNS = (_PAGE_W - 2 * _MARGIN) * 10 // (6 * _SIZE)  # Courier: 0.6 em per character
_ROWS = (_PAGE_H - 2 * _MARGIN) // _LEADING


def _encode(text: str) -> bytes:
    out = bytearray()
    for ch in text.replace("\u00a0", " ").replace("\t", "    "):
        if 32 <= ord(ch) < 127:
            out.append(ord(ch))
        else:
            out.append(_CODES.get(ch, ord("?")))
    return bytes(out)


def _ksef_lines(path: Path, heading: str) -> list[tuple[str, bool]] | None:
    """The readable rendering of a KSeF FA(3) XML; None for any other XML."""
    from documents.ksef_render import rendering_lines
    from intake.ksef import KsefXmlError

    try:
        return rendering_lines(path.read_bytes(), heading)
    except KsefXmlError:
        return None


def _ksef_html(zf: zipfile.ZipFile, name: str, data: bytes, heading: str) -> None:
    """Beside a KSeF FA(3) XML in the ZIP, its readable HTML rendering (``NN_x.xml.html``)."""
    from documents.ksef_render import rendering_html
    from intake.ksef import KsefXmlError

    try:
        zf.writestr(f"{name}.html", rendering_html(data, heading))
    except KsefXmlError:
        return


def text_pdf(lines: Sequence[tuple[str, bool]]) -> bytes:
    """A4 pages of monospaced text; each line is ``(text, bold)`` and long lines wrap."""
    rows: list[tuple[str, bool]] = []
    for text, bold in lines:
        wrapped = textwrap.wrap(
            text.expandtabs(4), _COLUMNS, replace_whitespace=False, drop_whitespace=True
        )
        rows.extend((w, bold) for w in wrapped or [""])
    pages = [rows[i : i + _ROWS] for i in range(0, len(rows), _ROWS)] or [[]]
    differences = " ".join(f"/{name}" for name in _EXTRA_GLYPHS.values())
    encoding = (
        f"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 {differences}] >>"
    )
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages tree, filled in below
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding {encoding} >>".encode(),
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding {encoding} >>".encode(),
    ]
    kids: list[int] = []
    for page in pages:
        stream = bytearray(b"BT\n")
        stream += f"{_LEADING} TL {_MARGIN} {_PAGE_H - _MARGIN} Td\n".encode()
        for text, bold in page:
            stream += f"/{'F2' if bold else 'F1'} {_SIZE} Tf <".encode()
            stream += _encode(text).hex().encode() + b"> Tj T*\n"
        stream += b"ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + bytes(stream) + b"\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_W} {_PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        kids.append(len(objects))
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
