"""Fetch a case's structured invoices from KSeF and attach them to its evidence (issue #20).

For each invoice of the case that has a KSeF number but no FA(3) XML on file (or the one
invoice asked for): download the XML by its number, validate it and hold it against the
case exactly as intake does an XML handed over (``intake.ksef.read_fa3`` and
``cross_check``), download its UPO where KSeF keeps one and hold that against the invoice
(``intake.ksef_upo``), write both into the case's evidence folder under ``ksef/``, and
store the case again as a re-import would (``store.cases.save_case``): the invoice counts
as received on the number's day (art. 106na ust. 3 ustawy o VAT, K7) where the debtor has a
NIP, the changes are audited and shown to the partner, and a case waiting for review goes
back to intake to be drafted again.

An invoice whose XML fails (not FA(3), another seller's, figures that differ from the case)
is not attached and is reported with its reason; the others still are. A UPO that
contradicts the invoice is left out and recorded as a finding (source ``ksef``); the
XML's own number still proves the day of receipt. A step that does not fit (unknown case,
a stage a re-import may not change, no token) raises ``Refused`` and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused
from casework.lookup import locate
from intake.ksef import Fa3Invoice, KsefXmlError, cross_check, read_fa3
from intake.ksef_upo import UpoError, read_upo, upo_errors
from integrations.ksef import FetchedInvoice, KsefFetchError, KsefUpoNotFound
from law.case import CaseFile, EvidenceItem, EvidenceKind, InvoiceInfo
from law.pl.ksef import (
    KsefNumber,
    KsefNumberError,
    is_ksef_description,
    ksef_evidence_description,
    ksef_upo_description,
    parse_ksef_number,
)
from law.stages import STAGE_LABELS, Stage
from store.cases import REIMPORTABLE, SaveOutcome, load_case_file, save_case
from store.tables import Case, CaseFinding, Invoice

SOURCE = "ksef"  # CaseFinding.source of what a fetch leaves for the partner
FOLDER = "ksef"  # under the case's evidence root


class KsefSource(Protocol):
    """What the use case needs of KSeF (``integrations.ksef.KsefApi``, logged in)."""

    def invoice(self, ksef_number: str) -> FetchedInvoice: ...

    def upo(self, ksef_number: str, assigned_on: date, *, session: str | None = None) -> bytes: ...


@dataclass(frozen=True)
class FetchedOne:
    invoice: str  # the case's invoice number
    ksef_number: str
    xml_path: str | None  # relative to the evidence root; None: not attached
    upo_path: str | None
    received_on: str | None  # ISO day (art. 106na ust. 3) where the debtor has a NIP
    problem: str = ""  # why the XML was not attached (Polish)
    notes: tuple[str, ...] = ()  # about the UPO (Polish)

    def to_json(self) -> dict[str, object]:
        return {
            "invoice": self.invoice,
            "ksef_number": self.ksef_number,
            "attached": self.xml_path is not None,
            "xml": self.xml_path,
            "upo": self.upo_path,
            "received_on": self.received_on,
            "problem": self.problem or None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class CaseFetch:
    case_ref: str
    case_id: int
    stage_before: str
    stage_after: str
    results: tuple[FetchedOne, ...]

    @property
    def failed(self) -> tuple[FetchedOne, ...]:
        return tuple(r for r in self.results if r.xml_path is None)

    def to_json(self) -> dict[str, object]:
        return {
            "case": self.case_ref,
            "case_id": self.case_id,
            "stage_before": self.stage_before,
            "stage": self.stage_after,
            "invoices": [r.to_json() for r in self.results],
        }


def ksef_number_of(text: str) -> KsefNumber:
    try:
        return parse_ksef_number(text)
    except KsefNumberError as exc:
        raise Refused(str(exc)) from None


def cases_with_number(session: Session, ksef_number: str) -> list[tuple[str, str]]:
    """(case reference, invoice number) of the stored invoices with this KSeF number."""
    rows = session.exec(
        select(Case.external_ref, Invoice.number)
        .join(Case, col(Case.id) == col(Invoice.case_id))
        .where(Invoice.ksef_number == ksef_number)
        .order_by(col(Case.id))
    ).all()
    return [(r[0], r[1]) for r in rows]


def check_case(session: Session, ref: str) -> Case:
    """The case, if a fetch may change it (before anything is asked of KSeF)."""
    case = locate(session, ref)
    stage = Stage(case.stage)
    if stage not in REIMPORTABLE:
        raise Refused(
            f"sprawa {case.external_ref} jest na etapie {STAGE_LABELS.get(stage, stage.value)}:"
            " dowody można dołączyć tylko przed wniesieniem pozwu (przyjęcie, przegląd,"
            " zwrócona do poprawy, zatwierdzona i niewysłana)"
        )
    if not case.evidence_root:
        raise Refused(f"sprawa {case.external_ref} nie ma folderu dowodów")
    return case


def creditor_nip(session: Session, ref: str, only: KsefNumber | None = None) -> str:
    """The NIP in whose KSeF context the case's invoices are fetched (the seller's), once
    it is clear there is something to fetch: checked before anything is asked of KSeF."""
    row = check_case(session, ref)
    assert row.id is not None
    case = load_case_file(session, row.id, recorded=False)
    nip = case.creditor.nip
    if not nip:
        raise Refused(f"sprawa {row.external_ref}: wierzyciel bez NIP nie wystawia faktur w KSeF")
    _check_wanted(row.external_ref, case, only)
    return nip


def _check_wanted(ref: str, case: CaseFile, only: KsefNumber | None) -> list[InvoiceInfo]:
    if only is not None and only.seller_nip != case.creditor.nip:
        raise Refused(
            f"numer KSeF {only.value} nadano sprzedawcy o NIP {only.seller_nip}, a wierzyciel "
            f"sprawy {ref} ma NIP {case.creditor.nip} - to nie jego faktura"
        )
    todo = wanted(case, only)
    if only is None and not todo:
        raise Refused(
            f"sprawa {ref}: żadna faktura nie ma numeru KSeF bez pliku XML - nie ma czego pobrać"
        )
    return todo


def _has_xml(case: CaseFile, inv: InvoiceInfo) -> bool:
    if inv.file and inv.file.lower().endswith(".xml"):
        return True
    tag = f"nr {inv.number},"
    return any(is_ksef_description(e.description) and tag in e.description for e in case.evidence)


def wanted(case: CaseFile, only: KsefNumber | None) -> list[InvoiceInfo]:
    """The invoices to fetch: with a KSeF number and no XML, or the one with ``only``."""
    if only is not None:
        return [i for i in case.invoices if i.ksef_number == only.value]
    return [i for i in case.invoices if i.ksef_number and not _has_xml(case, i)]


def fetch_case_invoices(
    session: Session,
    ref: str,
    source: KsefSource,
    *,
    only: KsefNumber | None = None,
    session_ref: str | None = None,
    actor: str,
) -> CaseFetch:
    """Fetch and attach; ``only``: just this number (an invoice of the case without a stored
    KSeF number is found by the XML's invoice number). ``session_ref``: the sending
    session that holds the UPO, when the creditor knows it."""
    row = check_case(session, ref)
    assert row.id is not None
    case = load_case_file(session, row.id, recorded=False)
    todo = _check_wanted(row.external_ref, case, only)
    root = Path(row.evidence_root)
    results: list[FetchedOne] = []
    invoices = {i.number: i for i in case.invoices}
    added: list[EvidenceItem] = []
    findings: list[tuple[str, str]] = []
    numbers = [only] if only is not None else [ksef_number_of(i.ksef_number or "") for i in todo]
    for number in numbers:
        try:
            fetched = source.invoice(number.value)
        except KsefFetchError as exc:
            if only is not None:
                raise Refused(str(exc)) from None
            name = next(i.number for i in todo if i.ksef_number == number.value)
            results.append(FetchedOne(name, number.value, None, None, None, problem=str(exc)))
            continue
        one, items, upo_finding = _attach_one(
            case, invoices, number, fetched, source, root, session_ref=session_ref
        )
        results.append(one)
        added += items
        if upo_finding:
            findings.append((number.value, upo_finding))
        if one.xml_path is not None:
            invoices[one.invoice] = _delivered(
                invoices[one.invoice], number, one, debtor_has_nip=case.debtor.nip is not None
            )
    stage_before = row.stage
    added = [e for e in added if e.path not in _paths(case)]
    if added:
        updated = replace(
            case,
            invoices=tuple(invoices[i.number] for i in case.invoices),
            evidence=(*case.evidence, *added),
        )
        saved = save_case(
            session,
            updated,
            intake_hash=_new_hash(row.intake_hash, added),
            evidence_root=row.evidence_root,
            batch_id=row.batch_id,
            actor=actor,
        )
        if saved.outcome is SaveOutcome.REFUSED:
            raise Refused(f"sprawa {row.external_ref}: {saved.message}")
    for number_value, message in findings:
        _finding(session, row.id, number_value, message)
    session.flush()
    fresh = session.get(Case, row.id, populate_existing=True)
    assert fresh is not None
    return CaseFetch(row.external_ref, row.id, stage_before, fresh.stage, tuple(results))


def _paths(case: CaseFile) -> set[str]:
    return {e.path for e in case.evidence}


def _attach_one(
    case: CaseFile,
    invoices: dict[str, InvoiceInfo],
    number: KsefNumber,
    fetched: FetchedInvoice,
    source: KsefSource,
    root: Path,
    *,
    session_ref: str | None,
) -> tuple[FetchedOne, list[EvidenceItem], str]:
    """One downloaded XML: checked, written, its UPO fetched; (result, evidence, finding)."""
    try:
        xml = read_fa3(fetched.xml)
    except KsefXmlError as exc:
        problem = f"KSeF zwrócił plik, który nie jest fakturą FA(3): {exc}"
        return FetchedOne("?", number.value, None, None, None, problem=problem), [], ""
    inv = _invoice_for(invoices, number, xml)
    if inv is None:
        problem = (
            f"XML o numerze KSeF {number.value} to faktura nr {xml.number}, której sprawa "
            f"{case.external_ref} nie ma"
        )
        return FetchedOne(xml.number, number.value, None, None, None, problem=problem), [], ""
    mismatches = cross_check(inv, case.creditor, case.debtor, xml, number)  # type: ignore[arg-type]
    if mismatches:
        problem = "; ".join(m for _, _, m in mismatches)
        return FetchedOne(inv.number, number.value, None, None, None, problem=problem), [], ""
    stem = _safe(number.value)
    try:
        xml_rel = _write(root, f"{FOLDER}/{stem}.xml", fetched.xml)
    except OSError as exc:
        problem = f"nie można zapisać pliku w folderze dowodów {root}: {exc.strerror}"
        return FetchedOne(inv.number, number.value, None, None, None, problem=problem), [], ""
    in_ksef = case.debtor.nip is not None  # KSeF delivers to the buyer's NIP (K7)
    kind = EvidenceKind.INVOICE if inv.file is None else EvidenceKind.DELIVERY_PROOF
    if in_ksef:
        described, day = ksef_evidence_description(inv.number, number), number.assigned_on
    else:
        kind = EvidenceKind.INVOICE if inv.file is None else EvidenceKind.OTHER
        described = f"Faktura ustrukturyzowana (KSeF) nr {inv.number}, plik XML"
        day = inv.issue_date
    items = [_item(root, xml_rel, kind, described, day)]
    notes: list[str] = []
    upo_rel, finding = None, ""
    try:
        upo_bytes = source.upo(number.value, number.assigned_on, session=session_ref)
    except KsefUpoNotFound as exc:
        notes.append(f"{exc}; dowodem dnia otrzymania jest sam numer KSeF faktury")
    except KsefFetchError as exc:
        notes.append(f"UPO nie pobrane: {exc}")
    else:
        upo_rel, note, finding = _check_upo(root, stem, inv, number, case, upo_bytes, fetched.xml)
        if note:
            notes.append(note)
        if upo_rel is not None:
            upo_kind = EvidenceKind.DELIVERY_PROOF if in_ksef else EvidenceKind.OTHER
            upo_text = (
                ksef_upo_description(inv.number, number)
                if in_ksef
                else f"Urzędowe poświadczenie odbioru (UPO) KSeF faktury nr {inv.number}"
            )
            items.append(_item(root, upo_rel, upo_kind, upo_text, day))
    one = FetchedOne(
        inv.number,
        number.value,
        xml_rel,
        upo_rel,
        number.assigned_on.isoformat() if in_ksef else None,
        notes=tuple(notes),
    )
    return one, items, finding


def _check_upo(
    root: Path,
    stem: str,
    inv: InvoiceInfo,
    number: KsefNumber,
    case: CaseFile,
    data: bytes,
    xml: bytes,
) -> tuple[str | None, str, str]:
    """(UPO path or None, note, finding message): a UPO that contradicts is left out."""
    try:
        upo = read_upo(data)
    except UpoError as exc:
        return None, f"UPO z KSeF pominięte: {exc}", ""
    problems = upo_errors(
        upo, invoice_number=inv.number, ksef_number=number, seller_nip=case.creditor.nip, xml=xml
    )
    if problems:
        message = "; ".join(m for _, m in problems)
        return None, f"UPO pominięte: {message}", f"UPO z KSeF sprzeczne z fakturą: {message}"
    try:
        return _write(root, f"{FOLDER}/{stem}.upo.xml", data), "", ""
    except OSError as exc:
        return None, f"UPO nie zapisane w folderze dowodów: {exc.strerror}", ""


def _invoice_for(
    invoices: dict[str, InvoiceInfo], number: KsefNumber, xml: Fa3Invoice
) -> InvoiceInfo | None:
    by_number = next((i for i in invoices.values() if i.ksef_number == number.value), None)
    if by_number is not None:
        return by_number
    found = invoices.get(xml.number)
    if found is not None and found.ksef_number in (None, ""):
        return found
    return None


def _delivered(
    inv: InvoiceInfo, number: KsefNumber, one: FetchedOne, *, debtor_has_nip: bool
) -> InvoiceInfo:
    """The invoice as intake stores a KSeF one (``intake.importer._invoice_info``)."""
    if not debtor_has_nip:
        return replace(inv, ksef_number=number.value, file=inv.file or one.xml_path)
    return replace(
        inv,
        ksef_number=number.value,
        file=inv.file or one.xml_path,
        delivered_on=number.assigned_on,
        delivery_proof_file=one.upo_path or one.xml_path,
    )


def _safe(ksef_number: str) -> str:
    return re.sub(r"[^0-9A-Za-z-]", "_", ksef_number)


def _write(root: Path, rel: str, data: bytes) -> str:
    """Write ``data`` at ``root/rel`` (atomically); the same bytes already there are kept,
    other bytes are never overwritten (``OSError``)."""
    target = root.joinpath(*rel.split("/"))
    if target.exists():
        if target.read_bytes() == data:
            return rel
        raise FileExistsError(17, "inny plik o tej nazwie już jest", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return rel


def _item(root: Path, rel: str, kind: EvidenceKind, text: str, day: date) -> EvidenceItem:
    data = root.joinpath(*rel.split("/")).read_bytes()
    return EvidenceItem(kind, rel, hashlib.sha256(data).hexdigest(), len(data), text, day)


def _new_hash(old: str, added: Sequence[EvidenceItem]) -> str:
    """A fingerprint that differs from the hand-over's: the case now holds more evidence."""
    extra = json.dumps(sorted((e.path, e.sha256) for e in added))
    return hashlib.sha256(f"{old}|ksef|{extra}".encode()).hexdigest()


def _finding(session: Session, case_id: int, subject: str, message: str) -> None:
    session.execute(
        sa.delete(CaseFinding).where(
            col(CaseFinding.case_id) == case_id,
            col(CaseFinding.source) == SOURCE,
            col(CaseFinding.subject) == subject,
        )
    )
    session.add(
        CaseFinding(
            case_id=case_id,
            source=SOURCE,
            code="ksef_upo_mismatch",
            severity="warning",
            message=message,
            subject=subject,
            cite="ustawa o VAT art. 106na ust. 3",
        )
    )
