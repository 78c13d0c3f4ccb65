"""Exhibits (załączniki) in a stable order, and the "enough to sue?" evidence rules.

Numbering follows how a court reads a collection case: the contract first, then each invoice
immediately followed by its proof of delivery, then correspondence by date (each letter
followed by its delivery proof), then registry extracts, then anything else. The order does
not depend on the order of intake, so the numbers quoted in a pozew stay the same when a
case is re-rendered.

The rules return ``Finding`` values (never raise): missing contract, invoice without its file
or without proof of delivery, no final demand, no accepted invoice / acknowledgement for
postępowanie nakazowe, correspondence not in Polish, an evidence file missing or changed since
intake. Current file hashes are a parameter: this module reads no files.

References:
    * KPC art. 126 §1 pkt 5 (attachments listed), art. 187 §1 pkt 3 (amicable attempts),
      art. 485 §1 pkt 2-3, §2^1 (nakazowe documents), art. 256 (foreign-language documents,
      translation), art. 458^5 (gospodarcze: evidence in the pozew) - polish_law.md 6.1-6.2.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from law.case import CaseFile, EvidenceItem, EvidenceKind, LetterKind
from law.findings import Finding, Severity
from law.pl.text import pl_date

LETTER_DESCRIPTIONS = {
    LetterKind.REMINDER: "Wezwanie do zapłaty (monit)",
    LetterKind.FINAL_DEMAND: "Ostateczne przedsądowe wezwanie do zapłaty",
    LetterKind.DEBTOR_REPLY: "Pismo pozwanego",
    LetterKind.EMAIL: "Korespondencja e-mail",
    LetterKind.PHONE_NOTE: "Notatka z rozmowy telefonicznej",
}
LETTER_PROVES = {
    LetterKind.REMINDER: "wezwanie pozwanego do zapłaty, próba polubownego rozwiązania sporu",
    LetterKind.FINAL_DEMAND: (
        "wezwanie pozwanego do zapłaty przed wniesieniem pozwu, próba polubownego rozwiązania sporu"
    ),
    LetterKind.DEBTOR_REPLY: "stanowisko pozwanego co do należności",
    LetterKind.EMAIL: "przebieg korespondencji stron",
    LetterKind.PHONE_NOTE: "przebieg rozmów stron",
}
ACK_PROVES = "uznanie długu przez pozwanego (art. 123 § 1 pkt 2 KC)"

# Documents proving the creditor's own performance (art. 485 § 2^1 KPC, polish_law.md 0b K6):
# a signed protokół odbioru, a WZ (wydanie zewnętrzne), a delivery note or consignment note.
# Matched on the description and file name, folded to ASCII lower case.
_PERFORMANCE = re.compile(
    r"protokol\w* (koncowego |czesciowego )?odbior"
    r"|\bwz\b|wydani\w* zewnetrzn|dowod\w* dostaw|dokument\w* dostaw|potwierdzeni\w* dostaw"
    r"|list\w* przewozow|\bcmr\b|potwierdzeni\w* odbioru (towaru|robot|uslug|dziela)"
    r"|odbior\w* (towaru|robot|uslug|dziela)"
)


@dataclass(frozen=True, slots=True)
class Exhibit:
    """One numbered attachment ("Załącznik nr N") with what it proves."""

    number: int
    kind: EvidenceKind
    description: str  # Polish, without the date (the date has its own column)
    doc_date: date | None
    proves: str  # "fakt stwierdzany", Polish
    path: str  # relative to the case's evidence root
    sha256: str
    size_bytes: int
    invoice_number: str | None = None  # for invoices and their delivery proofs
    letter_kind: LetterKind | None = None


@dataclass(frozen=True, slots=True)
class _Slot:
    item: EvidenceItem
    kind: EvidenceKind
    description: str
    doc_date: date | None
    proves: str
    invoice_number: str | None = None
    letter_kind: LetterKind | None = None


def exhibits(case: CaseFile, leave_out: Collection[str] = ()) -> tuple[Exhibit, ...]:
    """The case's evidence items numbered from 1 in the stable court order.

    ``leave_out``: numbers of invoices not claimed (time-barred under every reading, K4,
    ``ClaimComputation.excluded_invoices``); their files and delivery proofs are no exhibits.
    """
    skipped = {
        p
        for i in case.invoices
        if i.number in leave_out
        for p in (i.file, i.delivery_proof_file)
        if p
    }
    by_path = {e.path: e for e in case.evidence if e.path not in skipped}
    used: set[str] = set()
    slots: list[_Slot] = []

    def take(path: str | None) -> EvidenceItem | None:
        if path is None or path in used or path not in by_path:
            return None
        used.add(path)
        return by_path[path]

    # 1. contract
    contract_items: list[EvidenceItem] = []
    if case.contract is not None and (item := take(case.contract.file)):
        contract_items.append(item)
    for e in _sorted(x for x in case.evidence if x.kind is EvidenceKind.CONTRACT):
        if (item := take(e.path)) is not None:
            contract_items.append(item)
    for item in contract_items:
        if case.contract is not None and item.path == case.contract.file:
            number = f" nr {case.contract.number}" if case.contract.number else ""
            subject = f" ({case.contract.subject})" if case.contract.subject else ""
            desc = item.description or f"Umowa{number}{subject}"
            day = case.contract.signed_on or item.doc_date
        else:
            desc, day = item.description or "Umowa", item.doc_date
        proves = "zawarcie umowy, jej przedmiot, cena i termin zapłaty"
        slots.append(_Slot(item, EvidenceKind.CONTRACT, desc, day, proves))

    # 2. invoices, each followed by its proof of delivery
    claimed = (i for i in case.invoices if i.number not in leave_out)
    for inv in sorted(claimed, key=lambda i: (i.issue_date, i.number)):
        if (item := take(inv.file)) is not None:
            accepted = ", zaakceptowana przez pozwanego" if inv.accepted_by_debtor else ""
            proves = "wykonanie świadczenia przez powoda, wysokość należności i termin zapłaty"
            if inv.delivery_proof_file == inv.file:  # a KSeF XML proves its own receipt (K7)
                proves += f", doręczenie pozwanemu faktury nr {inv.number}"
            slots.append(
                _Slot(
                    item,
                    EvidenceKind.INVOICE,
                    item.description or f"Faktura VAT nr {inv.number}{accepted}",
                    inv.issue_date,
                    proves,
                    inv.number,
                )
            )
        if (item := take(inv.delivery_proof_file)) is not None:
            slots.append(
                _Slot(
                    item,
                    EvidenceKind.DELIVERY_PROOF,
                    item.description or f"Dowód doręczenia faktury nr {inv.number}",
                    inv.delivered_on or item.doc_date,
                    f"doręczenie pozwanemu faktury nr {inv.number}",
                    inv.number,
                )
            )
    letter_files = {p for x in case.letters for p in (x.file, x.delivery_proof_file) if p}
    for kind in (EvidenceKind.INVOICE, EvidenceKind.DELIVERY_PROOF):
        for e in _sorted(x for x in by_path.values() if x.kind is kind):
            if e.path in letter_files:
                continue
            if (item := take(e.path)) is not None:
                default = "Faktura VAT" if kind is EvidenceKind.INVOICE else "Dowód doręczenia"
                proves = "wysokość należności" if kind is EvidenceKind.INVOICE else "doręczenie"
                slots.append(_Slot(item, kind, item.description or default, item.doc_date, proves))

    # 3. correspondence by date, each letter followed by its delivery proof
    letters = sorted(case.letters, key=lambda x: (x.sent_on, x.kind.value))
    for letter in letters:
        proves = ACK_PROVES if letter.acknowledges_debt else LETTER_PROVES[letter.kind]
        if (item := take(letter.file)) is not None:
            desc = item.description or LETTER_DESCRIPTIONS[letter.kind]
            slots.append(
                _Slot(
                    item,
                    EvidenceKind.CORRESPONDENCE,
                    desc,
                    letter.sent_on,
                    proves,
                    None,
                    letter.kind,
                )
            )
        if (item := take(letter.delivery_proof_file)) is not None:
            desc = item.description or f"Dowód doręczenia: {LETTER_DESCRIPTIONS[letter.kind]}"
            day = letter.delivered_on or item.doc_date
            slots.append(
                _Slot(
                    item,
                    EvidenceKind.DELIVERY_PROOF,
                    desc,
                    day,
                    "doręczenie pozwanemu wezwania do zapłaty",
                    None,
                    letter.kind,
                )
            )
    for e in _sorted(x for x in case.evidence if x.kind is EvidenceKind.CORRESPONDENCE):
        if (item := take(e.path)) is not None:
            desc = item.description or "Korespondencja stron"
            slots.append(_Slot(item, e.kind, desc, item.doc_date, "przebieg korespondencji stron"))

    # 4. registry extracts, 5. anything else
    for kind, default, proves in (
        (EvidenceKind.REGISTRY_EXTRACT, "Odpis z rejestru", "dane i reprezentacja stron"),
        (EvidenceKind.OTHER, "Dokument", "okoliczności wskazane w uzasadnieniu"),
    ):
        for e in _sorted(x for x in case.evidence if x.kind is kind):
            if (item := take(e.path)) is not None:
                slots.append(_Slot(item, kind, item.description or default, item.doc_date, proves))

    return tuple(
        Exhibit(
            number=n,
            kind=s.kind,
            description=s.description,
            doc_date=s.doc_date,
            proves=s.proves,
            path=s.item.path,
            sha256=s.item.sha256,
            size_bytes=s.item.size_bytes,
            invoice_number=s.invoice_number,
            letter_kind=s.letter_kind,
        )
        for n, s in enumerate(slots, start=1)
    )


def _folded(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\s_.\-/]+", " ", plain)


def performance_proofs(case: CaseFile) -> tuple[EvidenceItem, ...]:
    """Evidence proving the creditor's own performance (art. 485 § 2^1 KPC, K6).

    A protokół odbioru, WZ, delivery or consignment note among the further evidence. Never
    a delivery receipt of a letter (a final demand's ZPO proves the demand) nor of an
    invoice (that proves the invoice's delivery), nor the contract or an invoice itself.
    """
    linked = {p for x in case.letters for p in (x.file, x.delivery_proof_file) if p}
    linked |= {p for i in case.invoices for p in (i.file, i.delivery_proof_file) if p}
    if case.contract is not None and case.contract.file:
        linked.add(case.contract.file)
    out = []
    for e in case.evidence:
        if e.path in linked or e.kind not in (EvidenceKind.OTHER, EvidenceKind.DELIVERY_PROOF):
            continue
        if _PERFORMANCE.search(_folded(f"{e.description} {e.path.rsplit('/', 1)[-1]}")):
            out.append(e)
    return tuple(out)


def handover_date(case: CaseFile) -> date | None:
    """Day of oddanie dzieła (art. 646 KC): the earliest dated protokół odbioru on file."""
    days = sorted(
        e.doc_date
        for e in performance_proofs(case)
        if e.doc_date and "odbior" in _folded(f"{e.description} {e.path}")
    )
    return days[0] if days else None


def invoice_delivery_proven(case: CaseFile, number: str) -> bool:
    """The invoice's delivery proof is among the evidence (art. 485 § 2^1 KPC)."""
    paths = {e.path for e in case.evidence}
    return any(
        i.number == number and i.delivery_proof_file is not None and i.delivery_proof_file in paths
        for i in case.invoices
    )


def _sorted(items: object) -> list[EvidenceItem]:
    return sorted(items, key=lambda e: (e.doc_date or date.min, e.path))  # type: ignore[arg-type]


def evidence_findings(
    case: CaseFile,
    current_hashes: Mapping[str, str],
    *,
    nakazowe: bool = False,
    leave_out: Collection[str] = (),
) -> tuple[Finding, ...]:
    """Problems with the evidence that a partner must see before the pozew goes out.

    ``current_hashes`` maps each evidence path to the SHA-256 of the file as it is now (the
    shell computes it); ``nakazowe`` asks for the art. 485 documents as well; ``leave_out``
    names invoices not claimed (K4), whose own file and delivery proof are not asked for.
    """
    out: list[Finding] = []
    paths = {e.path for e in case.evidence}
    kinds = {e.kind for e in case.evidence}

    contract_file = case.contract.file if case.contract else None
    if (contract_file is None or contract_file not in paths) and EvidenceKind.CONTRACT not in kinds:
        out.append(
            Finding(
                "missing_contract",
                Severity.WARNING,
                "Brak umowy w materiale dowodowym - fakt zawarcia umowy wykazać fakturami "
                "i korespondencją",
                "umowa",
                "KPC art. 485 §2^1",
            )
        )

    claimed = [i for i in case.invoices if i.number not in leave_out]
    for inv in claimed:
        if inv.file is None or inv.file not in paths:
            out.append(
                Finding(
                    "invoice_file_missing",
                    Severity.BLOCKER,
                    f"Brak pliku faktury nr {inv.number} w materiale dowodowym",
                    inv.number,
                    "KPC art. 126 §1 pkt 5",
                )
            )
        if inv.delivery_proof_file is None or inv.delivery_proof_file not in paths:
            out.append(
                Finding(
                    "invoice_without_delivery_proof",
                    Severity.WARNING,
                    f"Brak dowodu doręczenia faktury nr {inv.number} pozwanemu",
                    inv.number,
                    "KPC art. 485 §2^1",
                )
            )

    if case.final_demand is None:
        out.append(
            Finding(
                "no_final_demand",
                Severity.WARNING,
                "Brak ostatecznego przedsądowego wezwania do zapłaty - wysłać wezwanie "
                "przed wniesieniem pozwu",
                "wezwanie",
                "KPC art. 187 §1 pkt 3",
            )
        )
    elif case.final_demand.delivered_on is None:
        out.append(
            Finding(
                "final_demand_not_delivered",
                Severity.WARNING,
                "Brak daty doręczenia ostatecznego wezwania do zapłaty",
                "wezwanie",
                "KPC art. 187 §1 pkt 3",
            )
        )

    if nakazowe:
        acknowledged = bool(case.acknowledgements)
        for inv in claimed:
            if not inv.accepted_by_debtor and not acknowledged:
                out.append(
                    Finding(
                        "nakazowe_no_acceptance",
                        Severity.WARNING,
                        f"Faktura nr {inv.number} nie jest zaakceptowana przez pozwanego i brak "
                        "uznania długu - nakaz tylko w trybie art. 485 § 2^1 KPC",
                        inv.number,
                        "KPC art. 485 §1 pkt 2-3",
                    )
                )

    for letter in case.letters:
        if letter.language.lower() != "pl":
            out.append(
                Finding(
                    "correspondence_not_polish",
                    Severity.WARNING,
                    f"Korespondencja z {pl_date(letter.sent_on)} w języku "
                    f"'{letter.language}' - dołączyć tłumaczenie przysięgłe",
                    letter.file or letter.sent_on.isoformat(),
                    "KPC art. 256",
                )
            )

    referenced = [
        contract_file,
        *(i.file for i in case.invoices),
        *(i.delivery_proof_file for i in case.invoices),
        *(x.file for x in case.letters),
        *(x.delivery_proof_file for x in case.letters),
    ]
    for path in dict.fromkeys(p for p in referenced if p):
        if path not in paths:
            out.append(
                Finding(
                    "evidence_not_registered",
                    Severity.WARNING,
                    f"Plik {path} jest wskazany w sprawie, ale nie ma go w spisie dowodów",
                    path,
                )
            )

    for e in case.evidence:
        current = current_hashes.get(e.path)
        if current is None:
            out.append(
                Finding(
                    "evidence_file_missing",
                    Severity.BLOCKER,
                    f"Plik dowodu {e.path} nie istnieje",
                    e.path,
                )
            )
        elif current.lower() != e.sha256.lower():
            out.append(
                Finding(
                    "evidence_hash_changed",
                    Severity.BLOCKER,
                    f"Plik dowodu {e.path} zmienił się od przyjęcia sprawy (SHA-256 inny)",
                    e.path,
                )
            )
    return tuple(out)
