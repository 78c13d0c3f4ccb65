"""The published hand-over formats: the case document ``handoff-case/1`` as pydantic models.

A creditor describes one case in ``case.json`` (or ``case.toml``) inside a case folder; file
fields are paths relative to that folder. The models only check shapes and types; the legal
and arithmetic checks (NIP checksums, dates in order, payments not above invoices) are in
``intake.validation`` so that every problem is reported as a ``FieldError`` at once.

Creditors type numbers and dates the Polish way, so amounts accept ``"1 234,56"`` and dates
accept ``"31.12.2024"`` as well as JSON numbers and ISO dates. ``docs/case.schema.json`` is
generated from ``CaseDocument`` by ``intake.schema``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from law.case import EvidenceKind, LetterKind, PartyKind
from law.pl.limitation import Basis

FORMAT = "handoff-case/1"

# PLN plus the currencies of NBP Table A (average rates), the table a court uses to convert
# a foreign-currency claim (KC art. 358 § 2). Source: nbp.pl, tabela A kursów średnich, 2026.
CURRENCIES: frozenset[str] = frozenset(
    {
        "PLN",
        *[
            "THB",
            "USD",
            "AUD",
            "HKD",
            "CAD",
            "NZD",
            "SGD",
            "EUR",
            "HUF",
            "CHF",
            "GBP",
            "UAH",
            "JPY",
            "CZK",
            "DKK",
            "ISK",
            "NOK",
            "SEK",
            "RON",
            "BGN",
            "TRY",
            "ILS",
            "CLP",
            "PHP",
            "MXN",
            "ZAR",
            "BRL",
            "MYR",
            "IDR",
            "INR",
            "KRW",
            "CNY",
            "XDR",
        ],
    }
)

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def parse_amount(value: Any) -> Any:
    """Read an amount written as a JSON number, ``"1234.56"``, ``"1 234,56"`` or ``"1.234,56"``.

    A comma alone is the Polish decimal separator; with both separators the last one is the
    decimal one. ``"1.234"`` (a dot followed by three digits, no comma) is ambiguous and refused
    later as having more than two decimal places rather than silently read as 1234.
    """
    if isinstance(value, bool):
        raise PydanticCustomError("amount", "kwota musi być liczbą, nie true/false")
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if not isinstance(value, str):
        return value
    text = _SPACES.sub("", value)
    for suffix in ("zł", "PLN", "zl"):
        text = text.removesuffix(suffix)
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise PydanticCustomError(
            "amount",
            "{value} nie jest kwotą (zapisz 1234.56 albo 1 234,56)",
            {"value": repr(value)},
        )
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex above admits only decimals
        raise PydanticCustomError(
            "amount", "{value} nie jest kwotą", {"value": repr(value)}
        ) from exc


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y.%m.%d")


def parse_day(value: Any) -> Any:
    """Read a date written ``2024-12-31``, ``31.12.2024``, ``31-12-2024`` or ``31/12/2024``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "day",
            "{value} nie jest datą (zapisz 2024-12-31 albo 31.12.2024)",
            {"value": repr(value)},
        )
    text = value.strip().removesuffix(" 00:00:00").removesuffix("T00:00:00").removesuffix(" r.")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise PydanticCustomError(
        "day", "{value} nie jest datą (zapisz 2024-12-31 albo 31.12.2024)", {"value": repr(value)}
    )


def _cents(value: Decimal) -> Decimal:
    """1234.5 and "1 234,50" are the same amount: write both as 1234.50 (hash-stable)."""
    try:
        cents = value.quantize(Decimal("0.01"))
    except InvalidOperation:
        return value
    return cents if cents == value else value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    AfterValidator(_cents),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "examples": ["1234.56", "1 234,56"]},
            ],
            "description": "Amount; a JSON number or a string in Polish or plain notation.",
        }
    ),
]
Day = Annotated[
    date,
    BeforeValidator(parse_day),
    WithJsonSchema(
        {
            "type": "string",
            "examples": ["2026-03-31", "31.03.2026"],
            "description": "Date as YYYY-MM-DD or DD.MM.YYYY.",
        }
    ),
]
OptionalDay = Annotated[Day | None, BeforeValidator(_blank_to_none)]
Text = Annotated[str, BeforeValidator(_strip)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none), BeforeValidator(_strip)]
FilePath = Annotated[
    str | None,
    BeforeValidator(_blank_to_none),
    Field(description="Path of an evidence file relative to the case folder, e.g. evidence/fv.pdf"),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=2000, coerce_numbers_to_str=True)


class Party(_Model):
    """The creditor or the debtor. Identifiers may be written with spaces or dashes."""

    kind: PartyKind = PartyKind.COMPANY
    name: Text = Field(min_length=1, max_length=500)
    street: Text = ""
    postcode: Text = ""
    city: Text = ""
    country: Text = "PL"
    gmina: Text = Field(
        default="", description="Gmina, when the town is not one (a village): places the court"
    )
    powiat: Text = Field(
        default="", description="Powiat; for a city with powiat rights its name, e.g. Olsztyn"
    )
    voivodeship: Text = Field(default="", description="Województwo, e.g. pomorskie")
    district: Text = Field(
        default="",
        description=(
            "Dzielnica (Gdańsk: jednostka pomocnicza) in a city split between several district "
            "courts (Warszawa, Kraków, Łódź, Poznań, Wrocław, Gdańsk); in Katowice, Lublin and "
            "Szczecin the court's part of the city, e.g. Katowice-Wschód"
        ),
    )
    nip: OptionalText = Field(default=None, description="NIP, 10 digits with a valid checksum")
    regon: OptionalText = Field(default=None, description="REGON, 9 or 14 digits")
    krs: OptionalText = Field(default=None, description="KRS number, 10 digits")
    pesel: OptionalText = Field(default=None, description="PESEL of a consumer or sole trader")
    email: OptionalText = None
    bank_account: OptionalText = Field(default=None, description="NRB (26 digits) or IBAN")


class Contract(_Model):
    number: Text = ""
    signed_on: OptionalDay = None
    subject: Text = ""
    file: FilePath = None


class Invoice(_Model):
    number: Text = Field(min_length=1, max_length=100)
    issue_date: Day
    due_date: Day
    amount: Amount = Field(description="Gross amount due (brutto)")
    currency: Text = "PLN"
    accepted_by_debtor: bool = Field(
        default=False, description="Invoice signed/accepted by the debtor (KPC art. 485 § 1 pkt 2)"
    )
    acknowledged_on: OptionalDay = None
    delivered_on: OptionalDay = None
    file: FilePath = None
    delivery_proof_file: FilePath = None
    ksef_number: OptionalText = Field(
        default=None,
        description=(
            "KSeF number of a structured invoice (NIP-RRRRMMDD-FFFFFFFFFFFF-CC): the invoice "
            "counts as received on its date (art. 106na ust. 3 ustawy o VAT)"
        ),
    )
    ksef_xml: FilePath = Field(
        default=None, description="The FA(3) XML of the invoice as downloaded from KSeF"
    )
    ksef_upo: FilePath = Field(
        default=None,
        description="The UPO (urzędowe poświadczenie odbioru) of KSeF, if the creditor has it",
    )


class Payment(_Model):
    paid_on: Day
    amount: Amount
    invoice_number: OptionalText = Field(
        default=None, description="The invoice the debtor designated (KC art. 451 § 1), if any"
    )
    designated: bool = False


class Letter(_Model):
    kind: LetterKind
    sent_on: Day
    delivered_on: OptionalDay = None
    language: Text = "pl"
    summary: Text = Field(default="", max_length=5000)
    file: FilePath = None
    delivery_proof_file: FilePath = None
    acknowledges_debt: bool = False
    requests_instalments: bool = False


class Evidence(_Model):
    """A further evidence file not attached to an invoice, contract or letter."""

    kind: EvidenceKind = EvidenceKind.OTHER
    file: Annotated[str, Field(min_length=1)]
    description: Text = ""
    doc_date: OptionalDay = None


USERNAME = r"^[a-z0-9][a-z0-9._-]{0,63}$"


class CaseDocument(_Model):
    """One case as the creditor hands it over (``handoff-case/1``)."""

    model_config = ConfigDict(
        extra="forbid",
        str_max_length=5000,
        coerce_numbers_to_str=True,
        title="handoff-case/1",
        json_schema_extra={"$id": "https://kancelaria-handoff.example/schema/handoff-case-1.json"},
    )

    format: Literal["handoff-case/1"] = Field(description='Always "handoff-case/1"')
    external_ref: Text = Field(
        min_length=1, max_length=100, description="The creditor's own case reference"
    )
    creditor: Party
    debtor: Party
    claim_basis: Basis = Field(description="What the claim arises from; sets the limitation period")
    contract: Contract | None = None
    invoices: list[Invoice] = Field(min_length=1, max_length=2000)
    payments: list[Payment] = Field(default_factory=list, max_length=5000)
    correspondence: list[Letter] = Field(default_factory=list, max_length=1000)
    evidence: list[Evidence] = Field(default_factory=list, max_length=1000)
    paralegal: Annotated[str | None, Field(pattern=USERNAME)] = None
    partner: Annotated[str | None, Field(pattern=USERNAME)] = None


def file_fields(doc: CaseDocument) -> list[tuple[str, str]]:
    """Every evidence path the document references, as (field path, relative path)."""
    refs: list[tuple[str, str]] = []
    if doc.contract and doc.contract.file:
        refs.append(("contract.file", doc.contract.file))
    for i, inv in enumerate(doc.invoices):
        if inv.file:
            refs.append((f"invoices[{i}].file", inv.file))
        if inv.delivery_proof_file:
            refs.append((f"invoices[{i}].delivery_proof_file", inv.delivery_proof_file))
        if inv.ksef_xml:
            refs.append((f"invoices[{i}].ksef_xml", inv.ksef_xml))
        if inv.ksef_upo:
            refs.append((f"invoices[{i}].ksef_upo", inv.ksef_upo))
    for i, letter in enumerate(doc.correspondence):
        if letter.file:
            refs.append((f"correspondence[{i}].file", letter.file))
        if letter.delivery_proof_file:
            refs.append((f"correspondence[{i}].delivery_proof_file", letter.delivery_proof_file))
    for i, item in enumerate(doc.evidence):
        refs.append((f"evidence[{i}].file", item.file))
    return refs
