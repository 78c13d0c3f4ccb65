"""Realistic case files for the document tests (identifiers carry valid check digits).

* ``b2b_sale``: Kraków steel wholesaler v. Gdańsk builder; 3 invoices from 2022, a partial
  payment, a reminder, an e-mail in English, a final demand; EPU no longer admissible (due
  more than 3 years before filing) -> postępowanie upominawcze, gospodarcze.
* ``consumer``: furniture shop (sole trader) v. a consumer; statutory delay interest; EPU.
* ``nakazowe``: B2B invoice accepted by the debtor -> nakazowe (art. 485 § 1 pkt 2).
* ``epu_small``: two small B2B invoices, no delivery proofs -> EPU.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from documents.context import DocumentInputs
from documents.firm import FirmProfile
from law.case import (
    Address,
    CaseFile,
    ContractInfo,
    EvidenceItem,
    EvidenceKind,
    InvoiceInfo,
    Letter,
    LetterKind,
    Party,
    PartyKind,
    PaymentInfo,
)
from law.evidence import evidence_findings, exhibits
from law.pl.case_claim import claim_input
from law.pl.claim import ClaimComputation, compute_claim
from law.pl.fees import Procedure

FILING = date(2025, 5, 15)

FIRM = FirmProfile(
    firm_name="Kancelaria Radcy Prawnego Anna Nowak",
    attorney_name="Anna Nowak",
    attorney_title="radca prawny",
    address=Address("ul. Marszałkowska 84/92 lok. 118", "00-514", "Warszawa"),
    email="kancelaria@nowak-legal.pl",
    phone="+48 22 555 01 23",
    bank_account="61 1090 1014 0000 0712 1981 2874",
    attorney_pesel="79011502218",
    bar_number="WA-4521",
)


def content(path: str) -> bytes:
    """Deterministic stand-in bytes for an evidence file."""
    return f"%PDF-1.4 fake evidence {path}\n".encode()


def item(kind: EvidenceKind, path: str, description: str = "", day: date | None = None):
    data = content(path)
    return EvidenceItem(kind, path, hashlib.sha256(data).hexdigest(), len(data), description, day)


def current_hashes(case: CaseFile) -> dict[str, str]:
    return {e.path: e.sha256 for e in case.evidence}


STALMET = Party(
    PartyKind.COMPANY,
    "Stalmet Hurtownia Stali Sp. z o.o.",
    Address("ul. Półłanki 18", "30-740", "Kraków"),
    nip="6772385919",
    regon="123456785",
    krs="0000412345",
    email="windykacja@stalmet.pl",
    bank_account="27 1140 2004 0000 3002 0135 5387",
)
BUDEX = Party(
    PartyKind.COMPANY,
    "Budex Gdańsk S.A.",
    # Gdańsk is split between two courts by jednostka pomocnicza: the case names Oliwa
    Address("ul. Grunwaldzka 211", "80-266", "Gdańsk", district="Oliwa"),
    nip="5831172947",
    regon="367891240",
    krs="0000123987",
)


def b2b_sale() -> CaseFile:
    invoices = (
        InvoiceInfo(
            "FV/2022/01/014",
            date(2022, 1, 14),
            date(2022, 2, 15),
            Decimal("12345.67"),
            delivered_on=date(2022, 1, 17),
            file="faktury/FV-2022-01-014.pdf",
            delivery_proof_file="doreczenia/FV-2022-01-014-epo.pdf",
        ),
        InvoiceInfo(
            "FV/2022/02/031",
            date(2022, 2, 18),
            date(2022, 3, 20),
            Decimal("8200.00"),
            delivered_on=date(2022, 2, 21),
            file="faktury/FV-2022-02-031.pdf",
            delivery_proof_file="doreczenia/FV-2022-02-031-epo.pdf",
        ),
        InvoiceInfo(
            "FV/2022/03/007",
            date(2022, 3, 31),
            date(2022, 4, 30),
            Decimal("4600.00"),
            file="faktury/FV-2022-03-007.pdf",
        ),
    )
    letters = (
        Letter(
            LetterKind.REMINDER,
            date(2022, 6, 1),
            date(2022, 6, 3),
            summary="wezwanie do zapłaty wszystkich trzech faktur",
            file="korespondencja/monit-2022-06-01.pdf",
        ),
        Letter(
            LetterKind.DEBTOR_REPLY,
            date(2023, 6, 5),
            language="en",
            summary="odpowiedź pozwanego kwestionująca termin dostawy",
            file="korespondencja/email-2023-06-05.pdf",
        ),
        Letter(
            LetterKind.FINAL_DEMAND,
            date(2025, 3, 20),
            date(2025, 3, 24),
            summary="ostateczne przedsądowe wezwanie do zapłaty w terminie 7 dni",
            file="korespondencja/wezwanie-2025-03-20.pdf",
            delivery_proof_file="korespondencja/wezwanie-2025-03-20-zpo.pdf",
        ),
    )
    evidence = (
        item(EvidenceKind.CONTRACT, "umowa/umowa-ramowa-7-2021.pdf", day=date(2021, 11, 8)),
        *(item(EvidenceKind.INVOICE, i.file or "") for i in invoices),
        item(EvidenceKind.DELIVERY_PROOF, "doreczenia/FV-2022-01-014-epo.pdf"),
        item(EvidenceKind.DELIVERY_PROOF, "doreczenia/FV-2022-02-031-epo.pdf"),
        *(item(EvidenceKind.CORRESPONDENCE, x.file or "") for x in letters),
        item(EvidenceKind.DELIVERY_PROOF, "korespondencja/wezwanie-2025-03-20-zpo.pdf"),
        item(
            EvidenceKind.REGISTRY_EXTRACT,
            "rejestry/krs-0000123987.pdf",
            "Informacja odpowiadająca odpisowi aktualnemu z KRS pozwanego",
            date(2025, 5, 12),
        ),
    )
    return CaseFile(
        case_id=101,
        external_ref="STAL/2025/0042",
        stage="ready",
        creditor=STALMET,
        debtor=BUDEX,
        claim_basis="business",
        contract=ContractInfo(
            "7/2021",
            date(2021, 11, 8),
            "ramowa umowa sprzedaży wyrobów stalowych",
            "umowa/umowa-ramowa-7-2021.pdf",
        ),
        invoices=invoices,
        payments=(PaymentInfo(date(2023, 6, 10), Decimal("3000.00"), "FV/2022/01/014"),),
        letters=letters,
        evidence=evidence,
        paralegal="Ewa Zielińska",
        partner="Anna Nowak",
    )


def consumer() -> CaseFile:
    creditor = Party(
        PartyKind.SOLE_TRADER,
        "Marek Wiśniewski prowadzący działalność gospodarczą pod firmą Meble Wiśniewski",
        Address("ul. Zwycięstwa 12", "15-703", "Białystok"),
        nip="5242847317",
        regon="653127485",
        pesel="77092311486",
        email="biuro@meblewisniewski.pl",
        bank_account="12 1020 1332 0000 1502 0123 4567",
    )
    debtor = Party(
        PartyKind.CONSUMER,
        "Jan Kowalski",
        Address("ul. Lipowa 5 m. 7", "15-424", "Białystok"),
        pesel="85041203571",
    )
    invoice = InvoiceInfo(
        "12/01/2025",
        date(2025, 1, 27),
        date(2025, 2, 10),
        Decimal("2450.00"),
        delivered_on=date(2025, 1, 27),
        file="faktury/12-01-2025.pdf",
    )
    letters = (
        Letter(
            LetterKind.REMINDER,
            date(2025, 2, 20),
            summary="przypomnienie o płatności (SMS i list zwykły)",
            file="korespondencja/przypomnienie.pdf",
        ),
        Letter(
            LetterKind.FINAL_DEMAND,
            date(2025, 3, 14),
            date(2025, 3, 18),
            file="korespondencja/wezwanie.pdf",
        ),
    )
    return CaseFile(
        case_id=102,
        external_ref="MW/2025/17",
        stage="ready",
        creditor=creditor,
        debtor=debtor,
        claim_basis="sale",
        contract=ContractInfo(
            "ZAM/2025/12",
            date(2025, 1, 20),
            "umowa sprzedaży zestawu mebli kuchennych z montażem",
            "umowa/zamowienie.pdf",
        ),
        invoices=(invoice,),
        letters=letters,
        evidence=(
            item(EvidenceKind.CONTRACT, "umowa/zamowienie.pdf"),
            item(EvidenceKind.INVOICE, "faktury/12-01-2025.pdf"),
            item(EvidenceKind.CORRESPONDENCE, "korespondencja/przypomnienie.pdf"),
            item(EvidenceKind.CORRESPONDENCE, "korespondencja/wezwanie.pdf"),
        ),
    )


def nakazowe() -> CaseFile:
    creditor = Party(
        PartyKind.COMPANY,
        "Transbud Logistyka Sp. z o.o.",
        Address("ul. Szybowcowa 31", "54-130", "Wrocław"),
        nip="9512487636",
        regon="174529837",
        krs="0000654321",
        email="finanse@transbud.pl",
        bank_account="83 1050 1575 1000 0023 4567 8901",
    )
    debtor = Party(
        PartyKind.SOLE_TRADER,
        "Piotr Zając prowadzący działalność gospodarczą pod firmą P.Z. Instal",
        Address("ul. Opolska 40", "45-001", "Opole"),
        nip="1134125677",
        pesel="85041203571",
    )
    invoice = InvoiceInfo(
        "TB/2025/0118",
        date(2025, 1, 2),
        date(2025, 1, 31),
        Decimal("18900.00"),
        accepted_by_debtor=True,
        delivered_on=date(2025, 1, 3),
        file="faktury/TB-2025-0118.pdf",
        delivery_proof_file="faktury/TB-2025-0118-potwierdzenie.pdf",
    )
    return CaseFile(
        case_id=103,
        external_ref="TB/WIND/2025/0007",
        stage="ready",
        creditor=creditor,
        debtor=debtor,
        claim_basis="services",
        contract=ContractInfo(
            "TR/12/2024", date(2024, 12, 16), "umowa przewozu materiałów instalacyjnych"
        ),
        invoices=(invoice,),
        letters=(
            Letter(
                LetterKind.FINAL_DEMAND,
                date(2025, 3, 3),
                date(2025, 3, 6),
                file="korespondencja/wezwanie.pdf",
            ),
        ),
        evidence=(
            item(EvidenceKind.INVOICE, "faktury/TB-2025-0118.pdf"),
            item(EvidenceKind.DELIVERY_PROOF, "faktury/TB-2025-0118-potwierdzenie.pdf"),
            item(EvidenceKind.CORRESPONDENCE, "korespondencja/wezwanie.pdf"),
        ),
    )


def epu_small() -> CaseFile:
    invoices = (
        InvoiceInfo(
            "FS/0311/2024",
            date(2024, 11, 4),
            date(2024, 11, 18),
            Decimal("1200.00"),
            file="faktury/FS-0311-2024.pdf",
        ),
        InvoiceInfo(
            "FS/0347/2024",
            date(2024, 12, 2),
            date(2024, 12, 16),
            Decimal("850.50"),
            file="faktury/FS-0347-2024.pdf",
        ),
    )
    return CaseFile(
        case_id=104,
        external_ref="STAL/2025/0107",
        stage="ready",
        creditor=STALMET,
        debtor=Party(
            PartyKind.COMPANY,
            "Firma {{ zła }} {% if %} <b>& Sp. z o.o.",
            Address("al. Jana Pawła II 27/4", "31-864", "Kraków"),
            nip="7345120987",
            krs="0000777001",
        ),
        claim_basis="sale",
        contract=None,
        invoices=invoices,
        letters=(
            Letter(
                LetterKind.FINAL_DEMAND,
                date(2025, 2, 10),
                date(2025, 2, 12),
                file="korespondencja/wezwanie-2025-02-10.pdf",
            ),
        ),
        evidence=(
            *(item(EvidenceKind.INVOICE, i.file or "") for i in invoices),
            item(EvidenceKind.CORRESPONDENCE, "korespondencja/wezwanie-2025-02-10.pdf"),
        ),
    )


ALL = {"b2b_sale": b2b_sale, "consumer": consumer, "nakazowe": nakazowe, "epu_small": epu_small}


def computed(case: CaseFile) -> ClaimComputation:
    return compute_claim(claim_input(case, FILING))


def document_inputs(case: CaseFile) -> DocumentInputs:
    claim = computed(case)
    nakazowe = claim.procedure is Procedure.NAKAZOWE
    return DocumentInputs(
        case,
        claim,
        FIRM,
        exhibits(case),
        FILING,
        evidence_findings(case, current_hashes(case), nakazowe=nakazowe),
    )


def docx_text(data: bytes) -> str:
    """All text of a .docx: body paragraphs, table cells (nested too), footers."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]

    def cells(tables: list) -> None:  # type: ignore[type-arg]
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(doc.tables)
    for section in doc.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)
