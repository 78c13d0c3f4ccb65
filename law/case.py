"""A case as plain typed values: what the rules, the documents and the pages read.

The store loads a ``CaseFile`` from its tables (``store.cases.load_case_file``); the legal
core, the document contexts and the review page work on it without touching the database.
Frozen dataclasses, Decimal money, dates; no behaviour beyond small derived properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

R = TypeVar("R")


class PartyKind(StrEnum):
    COMPANY = "company"  # legal person or partnership in KRS
    SOLE_TRADER = "sole_trader"  # osoba fizyczna prowadząca działalność (CEIDG)
    CONSUMER = "consumer"
    PUBLIC_HEALTHCARE = "public_healthcare"  # podmiot publiczny będący podmiotem leczniczym

    @property
    def is_business(self) -> bool:
        return self is not PartyKind.CONSUMER


class EvidenceKind(StrEnum):
    CONTRACT = "contract"
    INVOICE = "invoice"
    DELIVERY_PROOF = "delivery_proof"
    CORRESPONDENCE = "correspondence"
    REGISTRY_EXTRACT = "registry_extract"
    OTHER = "other"


class LetterKind(StrEnum):
    REMINDER = "reminder"  # monit / przypomnienie
    FINAL_DEMAND = "final_demand"  # ostateczne przedsądowe wezwanie do zapłaty
    DEBTOR_REPLY = "debtor_reply"
    EMAIL = "email"
    PHONE_NOTE = "phone_note"


def copy_fields(cls: type[R], source: object, **overrides: Any) -> R:
    """A ``cls`` (a dataclass) from the same-named attributes of ``source``.

    The intake models, the store rows and the records here name their fields alike, so this
    one copy serves every mapping between them; ``overrides`` supply the values that differ
    (a resolved path, a kind parsed from text, a derived flag). A field ``source`` lacks and
    ``overrides`` do not give raises ``AttributeError``.
    """
    names = (f.name for f in fields(cls))  # type: ignore[arg-type]
    values = {n: getattr(source, n) for n in names if n not in overrides}
    return cls(**values, **overrides)


def field_values(record: object) -> dict[str, Any]:
    """The fields of a dataclass instance by name (shallow, unlike ``dataclasses.asdict``)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}  # type: ignore[arg-type]


def plain_values(value: Any) -> Any:
    """``dataclasses.asdict`` for hashing: dataclasses become dicts, tuples lists, recursively.

    Serialised with ``json.dumps`` this gives the very text ``asdict`` gives (a tuple and a
    list print alike), several times faster: leaves are not deep-copied. The input hashes of
    stored drafts depend on that text, so it must not change.
    """
    if hasattr(type(value), "__dataclass_fields__"):
        return {f.name: plain_values(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [plain_values(v) for v in value]
    if isinstance(value, dict):
        return {plain_values(k): plain_values(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "PL"
    # Optional parts that place the address in a court's area (law.pl.courts): the gmina when
    # the town is not one, the powiat and voivodeship when a gmina name is ambiguous, and the
    # district (dzielnica / jednostka pomocnicza) in a city split between several courts.
    gmina: str = ""
    powiat: str = ""
    voivodeship: str = ""
    district: str = ""

    def one_line(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postcode} {self.city}".strip()) if p)


@dataclass(frozen=True, slots=True)
class Party:
    kind: PartyKind
    name: str
    address: Address = field(default_factory=Address)
    nip: str | None = None
    regon: str | None = None
    krs: str | None = None
    pesel: str | None = None
    email: str | None = None
    bank_account: str | None = None


@dataclass(frozen=True, slots=True)
class ContractInfo:
    number: str = ""
    signed_on: date | None = None
    subject: str = ""
    file: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceInfo:
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    currency: str = "PLN"
    accepted_by_debtor: bool = False
    acknowledged_on: date | None = None
    delivered_on: date | None = None
    file: str | None = None
    delivery_proof_file: str | None = None
    ksef_number: str | None = None  # a structured invoice's number in KSeF (law.pl.ksef)


@dataclass(frozen=True, slots=True)
class PaymentInfo:
    paid_on: date
    amount: Decimal
    invoice_number: str | None = None
    designated: bool = False


@dataclass(frozen=True, slots=True)
class Letter:
    kind: LetterKind
    sent_on: date
    delivered_on: date | None = None
    language: str = "pl"
    summary: str = ""
    file: str | None = None
    delivery_proof_file: str | None = None
    acknowledges_debt: bool = False
    requests_instalments: bool = False


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    kind: EvidenceKind
    path: str  # relative to the case's evidence root
    sha256: str
    size_bytes: int
    description: str = ""
    doc_date: date | None = None


@dataclass(frozen=True, slots=True)
class CaseFile:
    """Everything known about one case, as imported and as stored."""

    case_id: int
    external_ref: str
    stage: str
    creditor: Party
    debtor: Party
    claim_basis: str  # law.pl.limitation basis value
    contract: ContractInfo | None
    invoices: tuple[InvoiceInfo, ...]
    payments: tuple[PaymentInfo, ...] = ()
    letters: tuple[Letter, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    paralegal: str | None = None
    partner: str | None = None

    @property
    def final_demand(self) -> Letter | None:
        demands = [x for x in self.letters if x.kind is LetterKind.FINAL_DEMAND]
        return max(demands, key=lambda x: x.sent_on) if demands else None

    @property
    def acknowledgements(self) -> tuple[date, ...]:
        """Dates on which the debtor acknowledged the debt (KC art. 123 § 1 pkt 2)."""
        dates = {x.sent_on for x in self.letters if x.acknowledges_debt or x.requests_instalments}
        dates |= {i.acknowledged_on for i in self.invoices if i.acknowledged_on}
        return tuple(sorted(dates))
