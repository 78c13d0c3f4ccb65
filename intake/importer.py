"""Import a creditor's hand-over into the case store: ``import_batch(engine, path)``.

Theory of operation. A reader turns the hand-over into ``RawCase`` values one at a time
(``folder_import`` for case folders, ``csv_import`` for the bulk CSV). Each is checked in
three layers - shape (the pydantic models), meaning (``validation.case_errors``) and files
(``files.checked_file``: inside the folder, present, under the size limit, hashed) - and every
problem becomes a ``FieldError``. A case with any error is rejected: its errors go to
``IntakeRejection`` and the report. Clean cases are stored in chunks (``CHUNK_SIZE``, or
``chunk_size``): the cases are still read and checked one at a time (a hand-over is never held
whole in memory), and each chunk of clean cases goes to ``store.cases.store_cases`` in one
transaction, keyed on (creditor NIP, external_ref); ``intake_hash`` (the canonical document
and the evidence hashes, not the folder) makes an unchanged re-import write nothing, also
from another folder. Outcomes reach
the report and the ``progress`` callback in the order the cases were read: an outcome known
early (a rejection) waits for the chunk of clean cases read before it.

No exception leaves ``import_batch`` because of what is in the hand-over: the per-case
boundary turns anything unexpected while checking a case into a rejection that carries the
traceback. If storing a chunk fails, ``store_cases`` rolls it back and stores its cases one by
one; a case that fails even alone becomes such a rejection, the others are imported.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from intake import formats, ksef
from intake.csv_import import iter_csv_cases
from intake.files import MAX_FILE_BYTES, EvidenceFileError, HashedFile, checked_file
from intake.folder_import import iter_folder_cases
from intake.raw import RawCase
from intake.validation import FieldError, case_errors, normalized_account, normalized_id
from law.case import (
    Address,
    CaseFile,
    ContractInfo,
    EvidenceItem,
    EvidenceKind,
    InvoiceInfo,
    Letter,
    Party,
    PaymentInfo,
    copy_fields,
)
from law.pl.ksef import KsefNumber, ksef_evidence_description, ksef_upo_description
from store import cases as store_cases

if TYPE_CHECKING:
    import sqlalchemy as sa


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    source: str
    external_ref: str | None
    outcome: Outcome
    case_id: int | None = None
    errors: tuple[FieldError, ...] = ()


@dataclass(slots=True)
class ImportReport:
    batch_id: int
    batch_name: str
    source: str
    outcomes: list[CaseOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    @property
    def created(self) -> int:
        return self.count(Outcome.CREATED)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def rejected(self) -> int:
        return self.count(Outcome.REJECTED)

    @property
    def seen(self) -> int:
        return len(self.outcomes)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    @property
    def errors(self) -> list[FieldError]:
        return [e for o in self.outcomes for e in o.errors]

    def summary(self) -> str:
        """One Polish line for the paralegal (the `handoff import` table's title)."""
        return (
            f"partia {self.batch_name}: spraw {self.seen} - nowe {self.created}, "
            f"zaktualizowane {self.updated}, bez zmian {self.unchanged}, "
            f"odrzucone {self.rejected}"
        )


@dataclass(frozen=True, slots=True)
class PreparedCase:
    """A case that passed every check, ready to store."""

    document: formats.CaseDocument
    case: CaseFile
    intake_hash: str
    evidence_root: Path


Progress = Callable[[CaseOutcome], None]

CHUNK_SIZE = 200  # clean cases stored per transaction


@dataclass(slots=True)
class _Chunk:
    """Clean cases waiting to be stored together.

    ``cases`` holds (place in ``outcomes``, raw, prepared) for each waiting case; ``outcomes``
    holds every outcome read since the first of them, in read order, with ``None`` in the
    place of each waiting case until the chunk is stored.
    """

    cases: list[tuple[int, RawCase, PreparedCase]] = field(default_factory=list)
    outcomes: list[CaseOutcome | None] = field(default_factory=list)


def import_batch(
    engine: sa.Engine,
    path: Path | str,
    *,
    creditor: Mapping[str, Any] | formats.Party | None = None,
    batch_name: str | None = None,
    progress: Progress | None = None,
    actor: str = "intake",
    today: date | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    chunk_size: int = CHUNK_SIZE,
) -> ImportReport:
    """Import every case under ``path`` (batch folder, case folder, case document or CSV).

    ``creditor`` (a ``formats.Party`` or its fields) is used for cases that name no creditor,
    e.g. a CSV without ``creditor_*`` columns. ``today`` enables the "date in the future"
    checks. ``progress`` is called once per case with its outcome, in read order, as soon as
    it and the outcomes before it are known (clean cases are stored ``chunk_size`` at a time).
    """
    root = Path(path)
    report = ImportReport(
        batch_id=store_cases.open_batch(engine, batch_name or root.name or str(root), str(root)),
        batch_name=batch_name or root.name or str(root),
        source=str(root),
    )
    defaults = creditor.model_dump(mode="json") if isinstance(creditor, formats.Party) else creditor
    seen_refs: dict[tuple[str, str], str] = {}

    def emit(outcome: CaseOutcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)

    chunk = _Chunk()
    for raw in iter_raw_cases(root, defaults):
        try:
            checked = _check_one(
                engine, raw, report.batch_id, seen_refs, actor, today, max_file_bytes
            )
        except Exception as exc:  # the per-case boundary: record it, go on with the batch
            checked = _internal_error(engine, report.batch_id, raw, exc, actor)
        if isinstance(checked, PreparedCase):
            chunk.cases.append((len(chunk.outcomes), raw, checked))
            chunk.outcomes.append(None)
        elif chunk.cases:
            chunk.outcomes.append(checked)  # reported after the clean cases read before it
        else:
            emit(checked)
        if len(chunk.cases) >= chunk_size:
            for outcome in _store_chunk(engine, chunk, report.batch_id, actor):
                emit(outcome)
            chunk = _Chunk()
    for outcome in _store_chunk(engine, chunk, report.batch_id, actor):
        emit(outcome)
    store_cases.close_batch(
        engine,
        report.batch_id,
        seen=report.seen,
        imported=report.created + report.updated,
        rejected=report.rejected,
        detail={
            "source": report.source,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
        },
        actor=actor,
    )
    return report


def iter_raw_cases(path: Path, creditor: Mapping[str, Any] | None = None) -> Iterator[RawCase]:
    """The hand-over's cases as read (not yet checked); unreadable input becomes errors."""
    label = path.name or str(path)
    try:
        if path.is_file() and path.suffix.lower() in (".csv", ".txt"):
            yield from iter_csv_cases(path, creditor)
            return
        if not path.exists():
            problem = "nie istnieje"
        elif path.is_dir() or path.suffix.lower() in (".json", ".toml"):
            for raw in iter_folder_cases(path):
                if raw.data is not None and "creditor" not in raw.data and creditor is not None:
                    raw.data["creditor"] = dict(creditor)
                yield raw
            return
        else:
            problem = "nie jest folderem, plikiem case.json/case.toml ani plikiem .csv"
    except OSError as exc:
        problem = f"nie daje się odczytać: {exc.strerror or exc}"
    raw = RawCase(source=label, evidence_root=path, data=None)
    raw.errors.append(FieldError(label, None, "(path)", str(path), f"{path} {problem}"))
    yield raw


def check_batch(
    path: Path | str,
    *,
    creditor: Mapping[str, Any] | None = None,
    today: date | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> Iterator[tuple[RawCase, list[FieldError]]]:
    """Dry run: every case with its errors (empty when it would import); no database."""
    for raw in iter_raw_cases(Path(path), creditor):
        _, errors = prepare_case(raw, today=today, max_file_bytes=max_file_bytes)
        yield raw, errors


def prepare_case(
    raw: RawCase, *, today: date | None = None, max_file_bytes: int = MAX_FILE_BYTES
) -> tuple[PreparedCase | None, list[FieldError]]:
    """Check one raw case in all three layers; return the storable case or every error."""
    if raw.errors or raw.data is None:
        return None, list(raw.errors)
    if text_errors := _text_errors(raw, raw.data, ""):
        return None, text_errors
    try:
        doc = formats.CaseDocument.model_validate(raw.data)
    except ValidationError as exc:
        return None, _shape_errors(raw, exc)
    raw.external_ref = doc.external_ref
    errors = [raw.error(e.field, e.value, e.message) for e in case_errors(doc, "", today=today)]
    hashed: dict[str, HashedFile] = {}
    for field_path, rel in formats.file_fields(doc):
        if rel in hashed:
            continue
        try:
            hashed[rel] = checked_file(raw.evidence_root, rel, max_bytes=max_file_bytes)
        except EvidenceFileError as exc:
            errors.append(raw.error(field_path, rel, str(exc)))
    ksef_found = ksef.case_ksef_errors(doc, raw.evidence_root, hashed)
    errors += [raw.error(at, value, message) for at, value, message in ksef_found]
    if errors:
        return None, errors
    root = raw.evidence_root.resolve()
    return PreparedCase(doc, case_file(doc, hashed), intake_hash(doc, hashed), root), []


def intake_hash(doc: formats.CaseDocument, hashed: Mapping[str, HashedFile]) -> str:
    """SHA-256 of the canonical document and the evidence files' paths and hashes: the
    content, not where it lies (an unchanged copy in another folder is unchanged)."""
    canonical = json.dumps(
        {
            "document": doc.model_dump(mode="json"),
            "evidence": sorted((f.path, f.sha256) for f in hashed.values()),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _party(p: formats.Party) -> Party:
    return Party(
        kind=p.kind,
        name=p.name,
        address=Address(
            street=p.street,
            postcode=p.postcode,
            city=p.city,
            country=p.country,
            gmina=p.gmina,
            powiat=p.powiat,
            voivodeship=p.voivodeship,
            district=p.district,
        ),
        nip=normalized_id(p.nip),
        regon=normalized_id(p.regon),
        krs=normalized_id(p.krs),
        pesel=normalized_id(p.pesel),
        email=p.email,
        bank_account=normalized_account(p.bank_account),
    )


def case_file(doc: formats.CaseDocument, hashed: Mapping[str, HashedFile]) -> CaseFile:
    """The document as a ``law.case.CaseFile`` (``case_id`` 0: not stored yet)."""

    def path(rel: str | None) -> str | None:
        return hashed[rel].path if rel is not None else None

    evidence: dict[str, EvidenceItem] = {}

    def add(rel: str | None, kind: EvidenceKind, description: str, day: date | None) -> None:
        if rel is None:
            return
        f = hashed[rel]
        evidence.setdefault(
            f.path, EvidenceItem(kind, f.path, f.sha256, f.size_bytes, description, day)
        )

    c = doc.contract
    if c is not None:
        add(c.file, EvidenceKind.CONTRACT, f"Umowa {c.number}".strip(), c.signed_on)
    # KSeF delivers to the buyer's NIP (K7): a debtor without one (a consumer) is not deemed
    # to have received the invoice on the number's day; the XML is then just the invoice
    buyer_in_ksef = normalized_id(doc.debtor.nip) is not None
    ksef_numbers = {
        inv.number: ksef.valid_ksef_number(inv) if buyer_in_ksef else None for inv in doc.invoices
    }
    for inv in doc.invoices:
        add(inv.file, EvidenceKind.INVOICE, f"Faktura {inv.number}", inv.issue_date)
        if ksef_numbers[inv.number] is None and inv.ksef_xml is not None:
            kind = EvidenceKind.INVOICE if inv.file is None else EvidenceKind.OTHER
            plain = f"Faktura ustrukturyzowana (KSeF) nr {inv.number}, plik XML"
            add(inv.ksef_xml, kind, plain, inv.issue_date)
            upo = f"Urzędowe poświadczenie odbioru (UPO) KSeF faktury nr {inv.number}"
            add(inv.ksef_upo, EvidenceKind.OTHER, upo, inv.issue_date)
        if (number := ksef_numbers[inv.number]) is not None:
            # KSeF: received on the number's day (art. 106na ust. 3 ustawy o VAT, K7)
            kind = EvidenceKind.INVOICE if inv.file is None else EvidenceKind.DELIVERY_PROOF
            described = ksef_evidence_description(inv.number, number)
            add(inv.ksef_xml, kind, described, number.assigned_on)
            upo = ksef_upo_description(inv.number, number)  # checked against the invoice
            add(inv.ksef_upo, EvidenceKind.DELIVERY_PROOF, upo, number.assigned_on)
        add(
            inv.delivery_proof_file,
            EvidenceKind.DELIVERY_PROOF,
            f"Potwierdzenie doręczenia faktury {inv.number}",
            inv.delivered_on,
        )
    for letter in doc.correspondence:
        add(letter.file, EvidenceKind.CORRESPONDENCE, letter.summary, letter.sent_on)
        add(
            letter.delivery_proof_file,
            EvidenceKind.DELIVERY_PROOF,
            "Potwierdzenie doręczenia",
            letter.delivered_on,
        )
    for item in doc.evidence:
        add(item.file, item.kind, item.description, item.doc_date)

    return CaseFile(
        case_id=0,
        external_ref=doc.external_ref,
        stage="intake",
        creditor=_party(doc.creditor),
        debtor=_party(doc.debtor),
        claim_basis=doc.claim_basis.value,
        contract=copy_fields(ContractInfo, c, file=path(c.file)) if c is not None else None,
        invoices=tuple(_invoice_info(i, ksef_numbers[i.number], path) for i in doc.invoices),
        payments=tuple(copy_fields(PaymentInfo, p) for p in doc.payments),
        letters=tuple(
            copy_fields(
                Letter, x, file=path(x.file), delivery_proof_file=path(x.delivery_proof_file)
            )
            for x in doc.correspondence
        ),
        evidence=tuple(evidence.values()),
        paralegal=doc.paralegal,
        partner=doc.partner,
    )


def _invoice_info(
    inv: formats.Invoice,
    number: KsefNumber | None,
    path: Callable[[str | None], str | None],
) -> InvoiceInfo:
    """The invoice; one with a valid KSeF number (and the buyer's NIP checked at intake) is
    delivered on the number's day, its UPO or XML the proof (art. 106na ust. 3 ustawy o VAT).
    Without a PDF the XML is the invoice's file."""
    if number is None or (inv.ksef_xml is None and inv.ksef_upo is None):
        return copy_fields(
            InvoiceInfo,
            inv,
            file=path(inv.file or inv.ksef_xml),
            delivery_proof_file=path(inv.delivery_proof_file),
        )
    return copy_fields(
        InvoiceInfo,
        inv,
        file=path(inv.file or inv.ksef_xml),
        delivered_on=number.assigned_on,
        delivery_proof_file=path(inv.ksef_upo or inv.ksef_xml or inv.delivery_proof_file),
    )


def _check_one(
    engine: sa.Engine,
    raw: RawCase,
    batch_id: int,
    seen_refs: dict[tuple[str, str], str],
    actor: str,
    today: date | None,
    max_file_bytes: int,
) -> PreparedCase | CaseOutcome:
    """The case ready to store, or its (recorded) rejection; a reference the batch already
    had (in any chunk) is rejected."""
    prepared, errors = prepare_case(raw, today=today, max_file_bytes=max_file_bytes)
    if prepared is None:
        return _reject(engine, batch_id, raw, errors, actor)
    key = (prepared.case.creditor.nip or "", prepared.case.external_ref)
    if key in seen_refs:
        message = (
            f"external_ref {key[1]} występuje dwa razy w tej partii "
            f"(pierwszy raz w {seen_refs[key]})"
        )
        return _reject(engine, batch_id, raw, [raw.error("external_ref", key[1], message)], actor)
    seen_refs[key] = raw.source
    return prepared


def _store_chunk(engine: sa.Engine, chunk: _Chunk, batch_id: int, actor: str) -> list[CaseOutcome]:
    """Store the chunk's clean cases in one go; every outcome of the chunk, in read order."""
    results: list[store_cases.SaveResult] = []
    if chunk.cases:
        items = [
            store_cases.CaseToStore(p.case, p.intake_hash, str(p.evidence_root))
            for _, _, p in chunk.cases
        ]
        try:
            results = store_cases.store_cases(engine, items, batch_id=batch_id, actor=actor)
        except Exception as exc:  # store_cases falls back case by case itself; last resort
            failed = store_cases.SaveResult(store_cases.SaveOutcome.FAILED, None, "", error=exc)
            results = [failed] * len(items)
    outcomes = list(chunk.outcomes)
    for (index, raw, prepared), result in zip(chunk.cases, results, strict=True):
        try:
            outcomes[index] = _stored(engine, batch_id, raw, prepared, result, actor)
        except Exception as exc:  # the per-case boundary, as while checking
            outcomes[index] = _internal_error(engine, batch_id, raw, exc, actor)
    return [o for o in outcomes if o is not None]


def _stored(
    engine: sa.Engine,
    batch_id: int,
    raw: RawCase,
    prepared: PreparedCase,
    result: store_cases.SaveResult,
    actor: str,
) -> CaseOutcome:
    """The outcome of one stored case; a refused or failed one is recorded as rejected."""
    ref = prepared.case.external_ref
    if result.outcome is store_cases.SaveOutcome.FAILED:
        assert result.error is not None
        return _internal_error(engine, batch_id, raw, result.error, actor)
    if result.outcome is store_cases.SaveOutcome.REFUSED:
        return _reject(
            engine,
            batch_id,
            raw,
            [raw.error("external_ref", ref, result.reason)],
            actor,
            case_id=result.case_id,
        )
    return CaseOutcome(raw.source, ref, Outcome(result.outcome.value), result.case_id)


def _internal_error(
    engine: sa.Engine, batch_id: int, raw: RawCase, exc: Exception, actor: str
) -> CaseOutcome:
    """The rejection of a case something unexpected happened to, with the traceback."""
    return _reject(
        engine,
        batch_id,
        raw,
        [
            FieldError(
                raw.source,
                None,
                "(internal)",
                None,
                f"błąd wewnętrzny programu: {exc.__class__.__name__}: {exc}",
            )
        ],
        actor,
        trace="".join(traceback.format_exception(exc)),
    )


def _reject(
    engine: sa.Engine,
    batch_id: int,
    raw: RawCase,
    errors: list[FieldError],
    actor: str,
    *,
    case_id: int | None = None,
    trace: str | None = None,
) -> CaseOutcome:
    records: list[dict[str, object]] = [e.as_dict() for e in errors]
    if trace is not None:
        records.append({"traceback": trace})
    ref = _printable(raw.external_ref)
    try:
        store_cases.store_rejection(
            engine,
            batch_id=batch_id,
            source=_printable(raw.source) or "?",
            external_ref=ref,
            errors=records,
            actor=actor,
        )
    except Exception as exc:  # the store refused even the rejection: report it, go on
        errors = [
            *errors,
            FieldError(
                raw.source,
                None,
                "(internal)",
                None,
                f"odrzucenia nie zapisano: {exc.__class__.__name__}",
            ),
        ]
    return CaseOutcome(raw.source, raw.external_ref, Outcome.REJECTED, case_id, tuple(errors))


def _printable(text: str | None) -> str | None:
    """Text any database accepts: no NUL, no lone surrogates."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _text_errors(raw: RawCase, value: object, at: str) -> list[FieldError]:
    """Strings no database can store (NUL, lone surrogates), found before anything else."""
    if isinstance(value, str):
        if "\x00" in value:
            return [raw.error(at or "(document)", _printable(value), "zawiera znak NUL")]
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return [
                raw.error(
                    at or "(document)", _printable(value), "zawiera niepoprawne znaki Unicode"
                )
            ]
        return []
    found: list[FieldError] = []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _text_errors(raw, k, at)
            found += _text_errors(raw, v, f"{at}.{k}" if at else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _text_errors(raw, v, f"{at}[{i}]")
    return found


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# pydantic's error types -> the Polish reason (its own English text is the fallback)
_POLISH_ERRORS: dict[str, str] = {
    "string_too_short": "musi mieć co najmniej {min_length} znak(ów)",
    "string_too_long": "może mieć najwyżej {max_length} znaków",
    "too_short": "musi mieć co najmniej {min_length} pozycję",
    "too_long": "może mieć najwyżej {max_length} pozycji",
    "string_pattern_mismatch": "nie pasuje do wzorca {pattern}",
    "enum": "dozwolone wartości: {expected}",
    "literal_error": "dozwolone wartości: {expected}",
    "string_type": "musi być tekstem",
    "dict_type": "musi być obiektem {{...}}",
    "model_type": "musi być obiektem {{...}}",
    "model_attributes_type": "musi być obiektem {{...}}",
    "list_type": "musi być listą [...]",
    "decimal_parsing": "musi być liczbą dziesiętną",
    "decimal_type": "musi być liczbą dziesiętną",
    "bool_parsing": "podaj tak/nie (true/false)",
    "bool_type": "podaj tak/nie (true/false)",
    "int_parsing": "musi być liczbą całkowitą",
    "int_type": "musi być liczbą całkowitą",
    "finite_number": "musi być skończoną liczbą",
}


def _polish_message(err: Any) -> str:
    """The reason of one pydantic error in Polish; a validator's own message (``Value
    error, ...``, written in Polish in ``intake.formats``) as it is."""
    template = _POLISH_ERRORS.get(str(err["type"]))
    if template is not None:
        try:
            ctx = {k: str(v).replace(" or ", " albo ") for k, v in (err.get("ctx") or {}).items()}
            return template.format(**ctx)
        except (KeyError, IndexError):
            pass
    return str(err["msg"]).removeprefix("Value error, ")


def _shape_errors(raw: RawCase, exc: ValidationError) -> list[FieldError]:
    found: list[FieldError] = []
    for err in exc.errors(include_url=False):
        where = _loc(err["loc"]) or "(document)"
        kind = err["type"]
        value: object = err.get("input")
        if kind == "missing":
            message, value = f"{where} jest wymagane", None
        elif kind == "extra_forbidden":
            message = f"nieznane pole {where} (nie należy do formatu {formats.FORMAT})"
        elif where == "format":
            message = f'format musi mieć wartość "{formats.FORMAT}"'
        else:
            message = _polish_message(err)
            if value is not None and not isinstance(value, dict | list):
                message = f"{where} {value!r}: {message}"
        if isinstance(value, dict | list):
            value = None
        found.append(raw.error(where, value, message))
    return found
