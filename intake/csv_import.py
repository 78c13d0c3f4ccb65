"""Read the bulk CSV hand-over: one row per invoice, rows grouped into cases by ``external_ref``.

Columns are listed in ``CASE_COLUMNS`` (the same in every row of a case; a blank repeats the
case's value) and ``INVOICE_COLUMNS`` (one invoice per row, plus an optional designated
payment to it); ``docs/intake.md`` documents them. File paths are relative to the folder that
holds the CSV (normally ``evidence/...`` beside it).

Spreadsheet exports arrive in many shapes, so the reader detects the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, else Windows-1250) in one streamed pass, picks the delimiter
(``;``, ``,`` or tab) from the header line, and reads Polish booleans (``tak``/``nie``).
Amounts and dates in Polish notation are parsed by the case models. Row numbers in errors are
spreadsheet rows: the header is row 1.

Grouping streams too: a first pass records only the last row of each ``external_ref``; the
second pass holds a case's rows until its last row is read, then yields it. A file sorted by
case (the usual export) keeps one case in memory at a time.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from intake.formats import FORMAT
from intake.raw import RawCase
from intake.validation import FieldError, show

# column -> (section, field) of the case document
CASE_COLUMNS: dict[str, tuple[str, str]] = {
    "external_ref": ("", "external_ref"),
    "claim_basis": ("", "claim_basis"),
    "paralegal": ("", "paralegal"),
    "partner": ("", "partner"),
    **{
        f"creditor_{f}": ("creditor", f)
        for f in (
            "name",
            "nip",
            "regon",
            "krs",
            "street",
            "postcode",
            "city",
            "email",
            "bank_account",
        )
    },
    **{
        f"debtor_{f}": ("debtor", f)
        for f in (
            "kind",
            "name",
            "nip",
            "regon",
            "krs",
            "pesel",
            "street",
            "postcode",
            "city",
            "country",
            "gmina",
            "powiat",
            "voivodeship",
            "district",
            "email",
        )
    },
    **{f"contract_{f}": ("contract", f) for f in ("number", "signed_on", "subject", "file")},
    **{
        f"demand_{f}": ("demand", f)
        for f in ("sent_on", "delivered_on", "file", "delivery_proof_file")
    },
}
# column -> invoice field ("paid_*" make a payment designated to the row's invoice)
INVOICE_COLUMNS: dict[str, str] = {
    "invoice_number": "number",
    "issue_date": "issue_date",
    "due_date": "due_date",
    "amount": "amount",
    "currency": "currency",
    "accepted_by_debtor": "accepted_by_debtor",
    "acknowledged_on": "acknowledged_on",
    "delivered_on": "delivered_on",
    "invoice_file": "file",
    "delivery_proof_file": "delivery_proof_file",
    "ksef_number": "ksef_number",
    "ksef_xml_file": "ksef_xml",
    "ksef_upo_file": "ksef_upo",
    "paid_amount": "paid_amount",
    "paid_on": "paid_on",
}
REQUIRED_COLUMNS = (
    "external_ref",
    "debtor_name",
    "invoice_number",
    "issue_date",
    "due_date",
    "amount",
)
BOOLEAN_COLUMNS = frozenset({"accepted_by_debtor"})
_TRUE = {"tak", "t", "yes", "y", "true", "1", "x", "prawda"}
_FALSE = {"nie", "n", "no", "false", "0", "fałsz", "falsz"}
FILE_LEVEL = "(file)"
CHUNK = 1 << 16

_INDEXED = re.compile(r"^(invoices|payments|correspondence)\[(\d+)\](?:\.(\w+))?")


class CsvFormatError(ValueError):
    """The file as a whole cannot be read as a hand-over CSV (encoding, header)."""


def detect_encoding(path: Path) -> str:
    """``utf-8-sig``, ``utf-16`` (BOM), ``utf-8`` or ``cp1250``, decided by a streamed pass."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bad: dict[str, int] = {}
    for encoding in ("utf-8", "cp1250"):
        offset = _first_bad_byte(path, encoding)
        if offset is None:
            return encoding
        bad[encoding] = offset
    raise CsvFormatError(_not_text(path, bad["utf-8"], bad["cp1250"]))


def _first_bad_byte(path: Path, encoding: str) -> int | None:
    """File offset of the first byte that does not decode in ``encoding`` (None: it all does)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    read = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            read += len(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:  # exc.object: bytes held back + this chunk
                return read - len(exc.object) + exc.start
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # a multi-byte sequence cut off by the end of the file
        return read - len(exc.object) + exc.start
    return None


def _byte_at(path: Path, offset: int) -> tuple[int, int]:
    """(line number, byte value) of the byte at ``offset``; lines count from 1."""
    line, read = 1, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if offset < read + len(chunk):
                return line + chunk.count(b"\n", 0, offset - read), chunk[offset - read]
            line += chunk.count(b"\n")
            read += len(chunk)
    raise ValueError(offset)


def _not_text(path: Path, utf8_offset: int, cp1250_offset: int) -> str:
    """The Polish line naming the line and byte that make the file neither UTF-8 nor cp1250."""
    line, byte = _byte_at(path, cp1250_offset)
    where = f"wiersz {line}, bajt 0x{byte:02x} (pozycja {cp1250_offset} w pliku)"
    if utf8_offset == cp1250_offset:
        return f"Plik {path.name}: {where} nie jest poprawnym znakiem w UTF-8 ani w cp1250"
    u_line, u_byte = _byte_at(path, utf8_offset)
    return (
        f"Plik {path.name}: {where} nie jest poprawnym znakiem w cp1250, a wiersz {u_line}, "
        f"bajt 0x{u_byte:02x} (pozycja {utf8_offset}) w UTF-8; zapisz plik jako UTF-8"
    )


def detect_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most columns (``;`` on ties)."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _column_name(raw: str) -> str:
    return raw.strip().strip('"').strip().lower().replace(" ", "_").replace("-", "_")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.encoding = detect_encoding(path)
        with open(path, encoding=self.encoding, newline="") as fh:
            first = fh.readline()
        self.delimiter = detect_delimiter(first)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row number, cells); the header is row 1."""
        with open(self.path, encoding=self.encoding, newline="") as fh:
            yield from enumerate(csv.reader(fh, delimiter=self.delimiter), start=1)


def _file_error(label: str, row: int | None, field: str, value: object, message: str) -> RawCase:
    raw = RawCase(source=label, evidence_root=Path("."), data=None, error_source=label)
    raw.errors.append(FieldError(label, row, field, show(value), message))
    return raw


def _bool(value: str) -> object:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE or not text:
        return False
    return value


def iter_csv_cases(path: Path, creditor: Mapping[str, Any] | None = None) -> Iterator[RawCase]:
    """Every case in the CSV at ``path``; ``creditor`` fills in a creditor the rows omit."""
    label = path.name
    try:
        reader = _Reader(path)
        header: list[str] = []
        last_row: dict[str, int] = {}
        for number, cells in reader.rows():
            if number == 1:
                header = [_column_name(c) for c in cells]
                continue
            ref = _cell(header, cells, "external_ref")
            if ref:
                last_row[ref] = number
    except (OSError, CsvFormatError, csv.Error, UnicodeError) as exc:
        yield _file_error(label, None, FILE_LEVEL, None, f"nie można odczytać pliku CSV: {exc}")
        return
    if problem := _header_problem(header):
        yield _file_error(label, 1, FILE_LEVEL, ";".join(header), problem)
        return

    pending: dict[str, list[tuple[int, list[str]]]] = {}
    try:
        for number, cells in reader.rows():
            if number == 1 or not any(c.strip() for c in cells):
                continue
            ref = _cell(header, cells, "external_ref")
            if not ref:
                yield _file_error(label, number, "external_ref", "", "pusta kolumna external_ref")
                continue
            pending.setdefault(ref, []).append((number, cells))
            if last_row.get(ref) == number:
                yield _group_case(path, label, header, ref, pending.pop(ref), creditor)
    except (OSError, csv.Error, UnicodeError) as exc:
        # the rest of the file is unreadable: cases still open may miss rows, so none of them
        # is imported
        yield _file_error(label, None, FILE_LEVEL, None, f"nie można odczytać pliku CSV: {exc}")
        for ref, rows in pending.items():
            raw = _file_error(
                label,
                rows[0][0],
                "external_ref",
                ref,
                "pliku CSV nie dało się odczytać do końca; sprawa może być niepełna",
            )
            raw.external_ref = ref
            yield raw
        return
    for ref, rows in pending.items():  # the file changed between the passes
        yield _group_case(path, label, header, ref, rows, creditor)


def _cell(header: list[str], cells: list[str], column: str) -> str:
    try:
        return cells[header.index(column)].strip()
    except (ValueError, IndexError):
        return ""


def _header_problem(header: list[str]) -> str | None:
    known = set(CASE_COLUMNS) | set(INVOICE_COLUMNS)
    unknown = [c for c in header if c and c not in known]
    if unknown:
        return f"nieznane kolumny: {', '.join(unknown)}; dozwolone kolumny opisuje docs/intake.md"
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return f"brak wymaganych kolumn: {', '.join(missing)}"
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if duplicated:
        return f"kolumny występują więcej niż raz: {', '.join(duplicated)}"
    return None


def _group_case(
    path: Path,
    label: str,
    header: list[str],
    ref: str,
    rows: list[tuple[int, list[str]]],
    creditor: Mapping[str, Any] | None,
) -> RawCase:
    numbers = [n for n, _ in rows]
    span = f"wiersz {numbers[0]}" if len(numbers) == 1 else f"wiersze {numbers[0]}-{numbers[-1]}"
    payment_rows: list[int] = []
    columns_of = {v: k for k, v in INVOICE_COLUMNS.items()}

    def locate(field_path: str) -> tuple[int | None, str]:
        m = _INDEXED.match(field_path)
        if m:
            section, index, name = m.group(1), int(m.group(2)), m.group(3) or ""
            if section == "invoices" and index < len(numbers):
                return numbers[index], columns_of.get(name, name or "invoice_number")
            if section == "payments" and index < len(payment_rows):
                column = {"amount": "paid_amount", "paid_on": "paid_on"}.get(name, "paid_amount")
                return payment_rows[index], column
            if section == "correspondence":
                return numbers[0], f"demand_{name}" if name else "demand_sent_on"
        head, _, tail = field_path.partition(".")
        if head in ("creditor", "debtor", "contract") and tail:
            return numbers[0], f"{head}_{tail}"
        return numbers[0], field_path

    raw = RawCase(
        source=f"{label} {span}",
        evidence_root=path.parent,
        data=None,
        external_ref=ref,
        locate=locate,
        error_source=label,
    )
    case_values: dict[str, str] = {}
    case_row: dict[str, int] = {}
    invoices: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    for number, cells in rows:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raw.errors.append(
                FieldError(
                    label,
                    number,
                    FILE_LEVEL,
                    show(cells[len(header) :]),
                    f"wiersz ma {len(cells)} wartości, a nagłówek {len(header)} kolumn "
                    "(separator wewnątrz wartości bez cudzysłowu?)",
                )
            )
            continue
        invoice: dict[str, Any] = {}
        for column, value in zip(header, cells, strict=False):
            value = value.strip()
            if column in CASE_COLUMNS:
                if not value:
                    continue
                if column not in case_values:
                    case_values[column], case_row[column] = value, number
                elif case_values[column] != value:
                    raw.errors.append(
                        FieldError(
                            label,
                            number,
                            column,
                            show(value),
                            f"{column} różni się od wiersza {case_row[column]} "
                            f"({case_values[column]}) tej samej sprawy",
                        )
                    )
            elif column in INVOICE_COLUMNS and value:
                field = INVOICE_COLUMNS[column]
                invoice[field] = _bool(value) if column in BOOLEAN_COLUMNS else value
        paid_amount, paid_on = invoice.pop("paid_amount", None), invoice.pop("paid_on", None)
        if paid_amount is not None or paid_on is not None:
            payments.append(
                {
                    "amount": paid_amount,
                    "paid_on": paid_on,
                    "designated": True,
                    "invoice_number": invoice.get("number"),
                }
            )
            payment_rows.append(number)
        invoices.append(invoice)

    raw.data = _document(case_values, invoices, payments, creditor)
    return raw


def _document(
    values: dict[str, str],
    invoices: list[dict[str, Any]],
    payments: list[dict[str, Any]],
    creditor: Mapping[str, Any] | None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "invoices": invoices, "payments": payments}
    sections: dict[str, dict[str, Any]] = {}
    for column, value in values.items():
        section, field = CASE_COLUMNS[column]
        if section:
            sections.setdefault(section, {})[field] = value
        else:
            doc[field] = value
    if "creditor" in sections:
        doc["creditor"] = sections["creditor"]
    elif creditor is not None:
        doc["creditor"] = dict(creditor)
    doc["debtor"] = sections.get("debtor", {})
    if "contract" in sections:
        doc["contract"] = sections["contract"]
    if "demand" in sections:
        doc["correspondence"] = [{"kind": "final_demand", **sections["demand"]}]
    return doc
