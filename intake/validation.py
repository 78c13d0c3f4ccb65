"""Semantic checks of a parsed case document, returning ``FieldError`` values (pure).

The models in ``intake.formats`` guarantee types; this module checks what a type cannot:
identifier checksums (python-stdnum), dates in order, positive amounts in a known currency,
unique invoice numbers, payments that do not exceed what they pay. Nothing here raises for a
bad case and nothing does I/O: every problem becomes one ``FieldError`` with the field path
(``invoices[2].due_date``) and a specific Polish message (a paralegal reads it). File
references are checked by ``intake.files``; the importer merges both lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum import iban
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
from stdnum.pl import nip, pesel, regon

from intake.formats import CURRENCIES, CaseDocument, Party
from law.case import PartyKind

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # NUMERIC(14, 2) in the store
# A due date outside these bounds is a typing error, not a claim: before 2000 any claim is
# long time-barred, and a due date far ahead (year 9999) overflows the date arithmetic of
# drafting. Documented in docs/intake.md ("Date bounds").
EARLIEST_DUE_DATE = date(2000, 1, 1)
DUE_DATE_HORIZON = timedelta(days=366)  # after the import's reference date (``today``)
DUE_DATE_HORIZON_WITHOUT_CLOCK = timedelta(days=5 * 366)  # after the issue date


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field of one case: where it is, what was there, and why."""

    source: str  # file path, or "cases.csv"
    row: int | None  # CSV row number (header = 1); None for a case document
    field: str  # "invoices[0].due_date" or a CSV column name
    value: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.source} wiersz {self.row}" if self.row is not None else self.source
        return f"{where}: {self.field}: {self.message}"


def show(value: object) -> str | None:
    """A field value as text for an error report (long values shortened)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _digits(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value)


def nip_problem(value: str) -> str | None:
    number = _digits(value).upper().removeprefix("PL")
    if not number.isdigit() or len(number) != 10:
        return f"NIP {value}: musi mieć 10 cyfr"
    if len(set(number)) == 1:  # 0000000000 and 1111111111 pass the checksum
        return f"NIP {value}: błędna suma kontrolna (wszystkie cyfry równe - to nie jest NIP)"
    if not nip.is_valid(number):
        return f"NIP {value}: błędna suma kontrolna"
    return None


def regon_problem(value: str) -> str | None:
    number = _digits(value)
    if not number.isdigit() or len(number) not in (9, 14):
        return f"REGON {value}: musi mieć 9 albo 14 cyfr"
    if not regon.is_valid(number):
        return f"REGON {value}: błędna suma kontrolna"
    return None


def krs_problem(value: str) -> str | None:
    number = _digits(value)
    if not number.isdigit() or len(number) != 10:
        return f"KRS {value}: musi mieć 10 cyfr"
    return None


def pesel_problem(value: str) -> str | None:
    number = _digits(value)
    if not number.isdigit() or len(number) != 11:
        return f"PESEL {value}: musi mieć 11 cyfr"
    try:
        pesel.validate(number)
    except InvalidChecksum:
        return f"PESEL {value}: błędna suma kontrolna"
    except ValidationError:
        return f"PESEL {value}: nie zawiera poprawnej daty urodzenia"
    return None


def account_problem(value: str) -> str | None:
    """A Polish NRB (26 digits) or any IBAN."""
    number = _digits(value).upper()
    if number.isdigit():
        if len(number) != 26:
            return f"rachunek bankowy {value}: NRB musi mieć 26 cyfr"
        number = "PL" + number
    try:
        iban.validate(number)
    except InvalidChecksum:
        return f"rachunek bankowy {value}: błędna suma kontrolna"
    except InvalidLength:
        return f"rachunek bankowy {value}: zła długość numeru IBAN"
    except ValidationError:
        return f"rachunek bankowy {value}: to nie jest NRB ani IBAN"
    return None


def normalized_id(value: str | None) -> str | None:
    """An identifier as stored: digits only (NIP without the PL prefix)."""
    if value is None:
        return None
    return _digits(value).upper().removeprefix("PL")


def normalized_account(value: str | None) -> str | None:
    if value is None:
        return None
    number = _digits(value).upper()
    return number.removeprefix("PL") if number.startswith("PL") else number


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^\d{2}-\d{3}$")


def _party_errors(party: Party, prefix: str, *, creditor: bool) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    checks = (
        ("nip", nip_problem),
        ("regon", regon_problem),
        ("krs", krs_problem),
        ("pesel", pesel_problem),
        ("bank_account", account_problem),
    )
    for name, check in checks:
        value = getattr(party, name)
        if value is not None and (problem := check(value)):
            out.append((f"{prefix}.{name}", value, problem))
    needs_nip = creditor or party.kind in (
        PartyKind.COMPANY,
        PartyKind.SOLE_TRADER,
        PartyKind.PUBLIC_HEALTHCARE,
    )
    if needs_nip and party.nip is None and party.country == "PL":
        what = "wierzyciela" if creditor else f"dłużnika rodzaju {party.kind.value}"
        out.append((f"{prefix}.nip", "", f"NIP jest wymagany dla {what}"))
    if party.kind is PartyKind.CONSUMER and party.krs is not None:
        out.append((f"{prefix}.krs", party.krs, "konsument nie ma numeru KRS"))
    if party.email is not None and not _EMAIL.match(party.email):
        out.append(
            (f"{prefix}.email", party.email, f"e-mail {party.email}: to nie jest adres e-mail")
        )
    if party.country == "PL" and party.postcode and not _POSTCODE.match(party.postcode):
        out.append(
            (
                f"{prefix}.postcode",
                party.postcode,
                f"kod pocztowy {party.postcode}: oczekiwano NN-NNN",
            )
        )
    if len(party.country) != 2 or not party.country.isalpha() or not party.country.isupper():
        out.append((f"{prefix}.country", party.country, "kraj musi być dwuliterowym kodem ISO"))
    return out


def _amount_problem(label: str, amount: Decimal) -> str | None:
    if not amount.is_finite():
        return f"{label} {amount} nie jest liczbą"
    if amount <= 0:
        return f"{label} {amount} musi być większa od zera"
    if amount > MAX_AMOUNT:
        return f"{label} {amount} jest za duża"
    if amount != amount.quantize(CENT):
        return f"{label} {amount} ma więcej niż 2 miejsca po przecinku"
    return None


def _order(later: date | None, later_name: str, earlier: date, earlier_name: str) -> str | None:
    if later is not None and later < earlier:
        return f"{later_name} {later.isoformat()} jest przed {earlier_name} {earlier.isoformat()}"
    return None


def _due_date_bounds(
    at: str, due: date, issued: date, today: date | None
) -> list[tuple[str, object, str]]:
    """A due date from 2000-01-01 to a year after ``today`` (five years after the issue date
    when there is no clock)."""
    if due < EARLIEST_DUE_DATE:
        return [
            (
                f"{at}.due_date",
                due,
                f"termin płatności {due.isoformat()} jest wcześniejszy niż "
                f"{EARLIEST_DUE_DATE.isoformat()} - sprawdź datę (roszczenie byłoby dawno "
                "przedawnione)",
            )
        ]
    if today is not None:
        latest, after = today + DUE_DATE_HORIZON, f"ponad rok po dniu importu ({today})"
    else:
        latest, after = issued + DUE_DATE_HORIZON_WITHOUT_CLOCK, "ponad 5 lat po wystawieniu"
    if due > latest:
        return [(f"{at}.due_date", due, f"termin płatności {due} jest {after} - sprawdź datę")]
    return []


def _future_event(day: date | None, what: str, today: date | None) -> str | None:
    """Why an event that has happened (a delivery, an acknowledgement) cannot be after
    ``today``, or None."""
    if day is None or today is None or day <= today:
        return None
    return (
        f"data {what} {day.isoformat()} jest w przyszłości (dzień importu "
        f"{today.isoformat()}) - zdarzenie, które nastąpiło, nie może mieć daty późniejszej"
    )


def case_errors(doc: CaseDocument, source: str, *, today: date | None = None) -> list[FieldError]:
    """Every semantic problem of ``doc``; an empty list means the case may be imported.

    ``today`` (the clock is a parameter) enables the "date in the future" checks.
    """
    found: list[tuple[str, object, str]] = []
    found += _party_errors(doc.creditor, "creditor", creditor=True)
    found += _party_errors(doc.debtor, "debtor", creditor=False)
    creditor_nip = normalized_id(doc.creditor.nip)
    if creditor_nip and creditor_nip == normalized_id(doc.debtor.nip):
        found.append(("debtor.nip", doc.debtor.nip, "dłużnik ma ten sam NIP co wierzyciel"))
    if any(ord(ch) < 32 for ch in doc.external_ref):
        found.append(("external_ref", doc.external_ref, "zawiera znaki sterujące"))

    first_row: dict[str, int] = {}
    invoice_amount: dict[str, Decimal] = {}
    bad_amounts: set[str] = set()
    for i, inv in enumerate(doc.invoices):
        at = f"invoices[{i}]"
        key = inv.number.casefold()
        if key in first_row:
            found.append(
                (
                    f"{at}.number",
                    inv.number,
                    f"numer faktury {inv.number} występuje dwa razy "
                    f"(także invoices[{first_row[key]}])",
                )
            )
        else:
            first_row[key] = i
            invoice_amount[key] = inv.amount
        if problem := _amount_problem("kwota", inv.amount):
            found.append((f"{at}.amount", inv.amount, problem))
            bad_amounts.add(key)
        if inv.currency not in CURRENCIES:
            found.append(
                (
                    f"{at}.currency",
                    inv.currency,
                    f"nieznana waluta {inv.currency} (ani PLN, ani waluta z tabeli A NBP)",
                )
            )
        elif inv.currency != "PLN":
            # Refused at intake rather than failing at drafting (issue #14 item 12): a claim
            # in a foreign currency is sued for in that currency, with the WPS converted to
            # PLN (art. 19 KPC), which the legal core does not model.
            found.append(
                (
                    f"{at}.currency",
                    inv.currency,
                    f"faktura w walucie {inv.currency}: sprawy z fakturami w walucie obcej nie "
                    "są obsługiwane (pozew w walucie obcej, WPS przeliczana na złote) - "
                    "przekaż sprawę do prowadzenia poza systemem",
                )
            )
        for later, name in (
            (inv.due_date, "due_date"),
            (inv.delivered_on, "delivered_on"),
            (inv.acknowledged_on, "acknowledged_on"),
        ):
            if problem := _order(later, name, inv.issue_date, "issue_date"):
                found.append((f"{at}.{name}", later, problem))
        if today is not None and inv.issue_date > today:
            found.append(
                (
                    f"{at}.issue_date",
                    inv.issue_date,
                    f"issue_date {inv.issue_date} jest w przyszłości",
                )
            )
        found += _due_date_bounds(at, inv.due_date, inv.issue_date, today)
        for event_day, name, what in (
            (inv.delivered_on, "delivered_on", "doręczenia faktury"),
            (inv.acknowledged_on, "acknowledged_on", "uznania długu"),
        ):
            if problem := _future_event(event_day, what, today):
                found.append((f"{at}.{name}", event_day, problem))

    paid_to: dict[str, Decimal] = defaultdict(Decimal)
    per_invoice_excess = False
    undesignated = Decimal(0)
    for i, pay in enumerate(doc.payments):
        at = f"payments[{i}]"
        if problem := _amount_problem("kwota wpłaty", pay.amount):
            found.append((f"{at}.amount", pay.amount, problem))
            continue
        if today is not None and pay.paid_on > today:
            found.append(
                (f"{at}.paid_on", pay.paid_on, f"paid_on {pay.paid_on} jest w przyszłości")
            )
        if pay.invoice_number is None:
            if pay.designated:
                found.append(
                    (
                        f"{at}.invoice_number",
                        "",
                        "wpłata przeznaczona na kapitał musi wskazywać fakturę",
                    )
                )
            undesignated += pay.amount
            continue
        key = pay.invoice_number.casefold()
        if key not in invoice_amount:
            found.append(
                (
                    f"{at}.invoice_number",
                    pay.invoice_number,
                    f"wpłata dotyczy faktury {pay.invoice_number}, której nie ma w tej sprawie",
                )
            )
            continue
        paid_to[key] += pay.amount
        if key in bad_amounts:  # reported on the invoice already
            continue
        if paid_to[key] > invoice_amount[key]:
            per_invoice_excess = True
            found.append(
                (
                    f"{at}.amount",
                    pay.amount,
                    f"wpłaty na fakturę {pay.invoice_number} wynoszą razem {paid_to[key]}, "
                    f"więcej niż kwota faktury {invoice_amount[key]}",
                )
            )
    total_invoiced = sum(invoice_amount.values(), Decimal(0))
    total_paid = undesignated + sum(paid_to.values(), Decimal(0))
    if not bad_amounts and total_paid > total_invoiced and not per_invoice_excess:
        found.append(
            (
                "payments",
                str(total_paid),
                f"wpłaty wynoszą razem {total_paid}, więcej niż suma faktur {total_invoiced}",
            )
        )

    for i, letter in enumerate(doc.correspondence):
        at = f"correspondence[{i}]"
        if problem := _order(letter.delivered_on, "delivered_on", letter.sent_on, "sent_on"):
            found.append((f"{at}.delivered_on", letter.delivered_on, problem))
        if problem := _future_event(letter.delivered_on, "doręczenia pisma", today):
            found.append((f"{at}.delivered_on", letter.delivered_on, problem))
        if today is not None and letter.sent_on > today:
            found.append(
                (f"{at}.sent_on", letter.sent_on, f"sent_on {letter.sent_on} jest w przyszłości")
            )
    if doc.contract and doc.contract.signed_on and today and doc.contract.signed_on > today:
        found.append(
            (
                "contract.signed_on",
                doc.contract.signed_on,
                f"signed_on {doc.contract.signed_on} jest w przyszłości",
            )
        )

    return [FieldError(source, None, path, show(value), message) for path, value, message in found]
