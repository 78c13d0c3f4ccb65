"""``handoff calc``: the Polish legal core from the command line.

Every command prints one JSON object with ``--json`` (amounts as two-place decimal strings,
dates ISO), otherwise a table. Bad input exits with status 2 and one Polish line on stderr
naming the option; nothing is printed on stdout then. The clock is read here (the filing day
of ``court-fee`` defaults to today in Europe/Warsaw), never in ``law/``.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from config import firm_today
from law.citation import Cite, money
from law.pl.attorney import attorney_fee
from law.pl.calendar import payment_deadline
from law.pl.compensation import EurRateUnavailable, compensation
from law.pl.deadlines import EVENT_LABELS, EventKind, deadlines_for
from law.pl.fees import (
    FeeTableUnavailable,
    Procedure,
    court_fee_for_claims,
    proportional_cap,
    wps,
)
from law.pl.interest import interest
from law.pl.limitation import Basis, limitation
from law.pl.procedure import (
    NakazGrounds,
    choose_procedure,
    court_level,
    epu_admissible,
    simplified,
)
from law.pl.rates import InterestKind, RateUnavailable, rate_assumption, verified_through

calc_app = typer.Typer(
    no_args_is_help=True,
    help="Obliczenia prawne: przedawnienie, terminy, opłaty, odsetki, rekompensata.",
)

E = TypeVar("E", bound=StrEnum)
JSON_HELP = "Wynik jako jeden obiekt JSON."
# Bounds of what a person may type: beyond them date arithmetic overflows (year 9999 + a
# limitation term) or Decimal quantizing fails (29-digit amounts); no real claim is there.
MAX_AMOUNT = Decimal("1000000000000")  # zł
FIRST_YEAR, LAST_YEAR = 1950, 2199
MAX_EUR_RATE = Decimal(100)  # zł per 1 EUR


def _fail(option: str, message: str) -> NoReturn:
    typer.echo(f"Błąd: nieprawidłowa wartość opcji '{option}': {message}", err=True)
    raise typer.Exit(code=2)


def parse_amount(text: str, option: str) -> Decimal:
    """Accept ``1000.05`` and Polish ``1 000,05``; reject negatives and non-numbers."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in cleaned:
        if "." in cleaned:  # "1.000,05"
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        _fail(option, f"{text!r} nie jest kwotą (np. 1000.05 albo 1 000,05)")
    value = Decimal(cleaned)
    if value < 0:
        _fail(option, f"{text!r}: kwota nie może być ujemna")
    if value >= MAX_AMOUNT:
        _fail(option, f"{text!r}: kwota zbyt duża (najwyżej 999 999 999 999,99 zł)")
    return value


def parse_rate(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        _fail(option, f"{text!r} nie jest liczbą")
    if not value.is_finite() or value <= 0:
        _fail(option, f"{text!r}: wymagana liczba dodatnia")
    if value >= MAX_EUR_RATE:
        _fail(option, f"{text!r}: nieprawdopodobny kurs EUR (oczekiwany poniżej {MAX_EUR_RATE} zł)")
    return value


def parse_date(text: str, option: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        _fail(option, f"{text!r} nie jest datą (format RRRR-MM-DD)")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        _fail(option, f"{text!r}: rok poza zakresem obliczeń ({FIRST_YEAR}-{LAST_YEAR})")
    return day


def parse_choice(enum: type[E], text: str, option: str) -> E:
    try:
        return enum(text)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        _fail(option, f"{text!r} nie jest jedną z wartości: {choices}")


def _amount(value: Decimal) -> str:
    return str(money(value))


def _cites(cites: tuple[Cite, ...]) -> list[str]:
    return [str(c) for c in cites]


# Polish row labels of the table output (the JSON keys stay as they are).
LABELS: dict[str, str] = {
    "expires_on": "przedawnienie",
    "starts_on": "początek biegu",
    "alternative_expires_on": "przedawnienie (wariant)",
    "interrupted_by_filing_on": "przerwane wniesieniem pozwu",
    "consumer_ex_officio": "konsument: sąd z urzędu",
    "cites": "podstawa",
    "reason": "uzasadnienie",
    "contested": "sporne",
    "due_on": "termin",
    "action": "czynność",
    "side": "strona",
    "deadlines": "terminy",
    "wps": "WPS",
    "fee": "opłata",
    "alternative_fee": "opłata (wariant)",
    "filed_on": "dzień wniesienia",
    "proportional_cap": "górna granica opłaty stosunkowej",
    "cap_rule": "zasada",
    "cap_cites": "podstawa granicy",
    "stamp_duty": "opłata skarbowa",
    "total": "razem",
    "interest": "odsetki",
    "periods": "okresy",
    "rates_verified_through": "tabela stóp zweryfikowana do",
    "rate_assumption": "założenie",
    "eur": "EUR",
    "eur_rate": "kurs EUR",
    "rate_date": "dzień kursu",
    "pln": "PLN",
    "alternative_pln": "PLN (wariant)",
    "notes": "uwagi",
    "court_level": "sąd",
    "epu_admissible": "EPU dopuszczalne",
    "simplified": "postępowanie uproszczone",
    "barred": "przedawnione",
    "deadline_moved_to": "termin przesunięty na",
    "due": "termin płatności",
    "due_moved_to": "termin płatności przesunięty na",
    "falls_due_on": "wymagalna od",
    "gospodarcze": "postępowanie gospodarcze",
    "latest_expires_on": "przedawnienie (najpóźniej)",
    "nakazowe_basis": "podstawa nakazowego",
    "nakazowe_missing": "brakuje do nakazowego",
    "procedure": "tryb",
    "procedure_cites": "podstawa trybu",
    "procedure_reason": "uzasadnienie trybu",
    "reference_date": "dzień odniesienia",
    "status": "stan",
    "unmoved_from": "bez przesunięcia od",
    "urgent": "pilne",
    "watch_date": "data kontrolna",
    "from": "od",
    "to": "do",
    "days": "dni",
    "rate": "stopa %",
}


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "tak" if value else "nie"
    return "" if value is None else str(value)


def _emit(data: dict[str, Any], as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    table = Table(title=title, show_header=False)
    table.add_column("key", style="bold")
    table.add_column("value")
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            text = "\n".join(
                ", ".join(f"{LABELS.get(k, k)}: {_cell(v)}" for k, v in row.items())
                for row in value
            )
        elif isinstance(value, list):
            text = "; ".join(str(v) for v in value)
        else:
            text = _cell(value)
        table.add_row(LABELS.get(key, key), text)
    Console().print(table)


def _choices(enum: type[StrEnum]) -> str:
    return "{" + ",".join(m.value for m in enum) + "}"


@calc_app.command(
    "limitation", help="Dzień przedawnienia roszczenia (najpierw stanowisko ostrożniejsze)."
)
def limitation_cmd(
    basis: str = typer.Option(..., "--basis", help="Podstawa roszczenia: " + _choices(Basis)),
    due: str = typer.Option(
        ..., "--due", help="Termin płatności, RRRR-MM-DD (dla wyroku: dzień uprawomocnienia)."
    ),
    handed_over: str | None = typer.Option(
        None, "--handed-over", help="Dzień oddania dzieła (art. 646 KC), RRRR-MM-DD."
    ),
    acknowledged: Annotated[
        list[str] | None,
        typer.Option(
            "--acknowledged", help="Uznanie długu / wpłata częściowa, RRRR-MM-DD (można powtórzyć)."
        ),
    ] = None,
    filed: str | None = typer.Option(
        None, "--filed", help="Dzień wniesienia pozwu / wniosku, RRRR-MM-DD."
    ),
    consumer: bool = typer.Option(False, "--consumer", help="Dłużnik jest konsumentem."),
    on: str | None = typer.Option(
        None,
        "--on",
        help="Dzień odniesienia, RRRR-MM-DD: dodaje stan, przedawnienie przy każdym "
        "stanowisku i pilność (K4).",
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Limitation date (przedawnienie), conservative first."""
    result = limitation(
        parse_choice(Basis, basis, "--basis"),
        parse_date(due, "--due"),
        handed_over=parse_date(handed_over, "--handed-over") if handed_over else None,
        acknowledgements=[parse_date(a, "--acknowledged") for a in acknowledged or []],
        filed=parse_date(filed, "--filed") if filed else None,
        consumer=consumer,
    )
    data: dict[str, Any] = {
        "expires_on": result.expires_on.isoformat() if result.expires_on else None,
        "starts_on": result.starts_on.isoformat(),
        "cites": _cites(result.cites),
        "reason": result.reason,
        "contested": result.contested,
    }
    if result.alternative_expires_on is not None:
        data["alternative_expires_on"] = result.alternative_expires_on.isoformat()
    if result.interrupted_by_filing_on is not None:
        data["interrupted_by_filing_on"] = result.interrupted_by_filing_on.isoformat()
    if result.consumer_ex_officio:
        data["consumer_ex_officio"] = True
    # K3: the payment deadline after the art. 115 KC move (the start follows it)
    moved = result.deadline_moved_to
    data["deadline_moved_to"] = moved.isoformat() if moved else None
    latest = result.latest_expires_on
    data["latest_expires_on"] = latest.isoformat() if latest else None
    if on is not None:
        day = parse_date(on, "--on")
        data["reference_date"] = day.isoformat()
        data["status"] = result.status(day).value
        data["barred"] = result.barred(day)  # K4: time-barred under every reading
        data["urgent"] = result.urgent(day)  # K4: barred under the conservative reading only
        watch = result.watch_date(day)
        data["watch_date"] = watch.isoformat() if watch else None
    _emit(data, as_json, "Przedawnienie")


@calc_app.command(
    "deadline",
    help="Termin procesowy otwarty zdarzeniem w sądzie (z przesunięciem z art. 115 KC).",
)
def deadline_cmd(
    event: str = typer.Option(..., "--event", help="Zdarzenie: " + _choices(EventKind)),
    on: str = typer.Option(
        ..., "--on", help="Dzień zdarzenia (doręczenie, ogłoszenie), RRRR-MM-DD."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Procedural deadline opened by a court event (art. 115 KC shift applied)."""
    kind = parse_choice(EventKind, event, "--event")
    found = deadlines_for(kind, parse_date(on, "--on"))
    rows = [
        {
            "due_on": d.due_on.isoformat(),
            "action": d.action,
            "side": d.side.value,
            "cites": _cites(d.cites),
            "reason": d.reason,
        }
        for d in found
    ]
    if not rows:  # an event that opens no deadline (objection filed, settled, paid...)
        label = EVENT_LABELS.get(kind, kind.value)
        data: dict[str, Any] = {
            "due_on": None,
            "action": None,
            "side": None,
            "cites": [],
            "reason": f"zdarzenie „{label}” nie otwiera terminu procesowego",
            "deadlines": [],
        }
        _emit(data, as_json, "Termin")
        return
    data = dict(rows[0])
    if len(rows) > 1:
        data["deadlines"] = rows
    _emit(data, as_json, "Termin")


@calc_app.command(
    "court-fee",
    help="Opłata sądowa od pozwu (art. 13, 19, 21 u.k.s.c.) według dnia wniesienia (górna "
    "granica, K2).",
)
def court_fee_cmd(
    value: str = typer.Option(
        ..., "--value", help="Dochodzona kwota (WPS przed zaokrągleniem), np. 63345 albo 63 345,00."
    ),
    procedure: str = typer.Option(..., "--procedure", help="Tryb: " + _choices(Procedure)),
    filed_on: str | None = typer.Option(
        None,
        "--filed-on",
        "--filing",
        "--filed",
        help="Dzień wniesienia pozwu, RRRR-MM-DD (domyślnie: dziś, czas Europe/Warsaw).",
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Court fee on a pozew (u.k.s.c. art. 13, 19, 21), by the filing day (cap, K2)."""
    amount = parse_amount(value, "--value")
    proc = parse_choice(Procedure, procedure, "--procedure")
    day = parse_date(filed_on, "--filed-on") if filed_on is not None else firm_today()
    try:
        cap = proportional_cap(day)
    except FeeTableUnavailable as err:
        _fail("--filed-on", str(err))
    fee = court_fee_for_claims([amount], proc, filed_on=day)
    data: dict[str, Any] = {
        "wps": _amount(wps([amount]).value),
        "fee": _amount(fee.value),
        "cites": _cites(fee.cites),
        "reason": fee.reason,
        "contested": fee.contested,
    }
    if fee.alternative is not None:
        data["alternative_fee"] = _amount(fee.alternative)
    data["filed_on"] = day.isoformat()
    data["proportional_cap"] = _amount(cap.value)
    data["cap_rule"] = cap.reason
    data["cap_cites"] = _cites(cap.cites)
    _emit(data, as_json, "Opłata sądowa")


@calc_app.command(
    "attorney-fee",
    help="Minimalne wynagrodzenie pełnomocnika (§ 2 / § 3) i 17 zł opłaty skarbowej.",
)
def attorney_fee_cmd(
    value: str = typer.Option(..., "--value", help="Wartość przedmiotu sporu (WPS)."),
    procedure: str = typer.Option(..., "--procedure", help="Tryb: " + _choices(Procedure)),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Minimum attorney fee (§ 2 / § 3) plus 17 zł stamp duty."""
    amount = wps([parse_amount(value, "--value")]).value
    result = attorney_fee(amount, parse_choice(Procedure, procedure, "--procedure"))
    data = {
        "fee": _amount(result.fee.value),
        "stamp_duty": _amount(result.stamp_duty.value),
        "total": _amount(result.total),
        "cites": _cites(result.fee.cites + result.stamp_duty.cites),
        "reason": result.fee.reason,
    }
    _emit(data, as_json, "Koszty zastępstwa")


@calc_app.command(
    "interest",
    help="Odsetki za opóźnienie w podziale na okresy stóp (liczba dni / 365, zaokrąglone raz).",
)
def interest_cmd(
    principal: str = typer.Option(..., "--principal", help="Kapitał (należność główna)."),
    start: str | None = typer.Option(
        None, "--from", help="Pierwszy dzień opóźnienia (włącznie), RRRR-MM-DD."
    ),
    end: str = typer.Option(..., "--to", help="Ostatni dzień (włącznie), RRRR-MM-DD."),
    kind: str = typer.Option(..., "--kind", help="Rodzaj odsetek: " + _choices(InterestKind)),
    due: str | None = typer.Option(
        None,
        "--due",
        help="Termin płatności zamiast --from: odsetki od dnia następnego, termin przypadający "
        "w sobotę lub święto przesunięty (art. 115 KC, K3).",
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Delay interest split by rate period (days/365, rounded once)."""
    amount = parse_amount(principal, "--principal")
    moved: date | None = None
    if due is not None:
        if start is not None:
            _fail("--due", "podaj --from albo --due, nie obie")
        deadline = parse_date(due, "--due")
        moved = payment_deadline(deadline)
        first = moved + timedelta(days=1)
        start = first.isoformat()
    elif start is None:
        _fail("--from", "brak pierwszego dnia opóźnienia (--from) albo terminu płatności (--due)")
    else:
        first = parse_date(start, "--from")
    last = parse_date(end, "--to")
    if last < first:
        _fail("--to", f"{end} jest wcześniej niż --from {start}")
    interest_kind = parse_choice(InterestKind, kind, "--kind")
    try:
        result = interest(amount, first, last, interest_kind)
    except RateUnavailable as err:
        _fail("--from", str(err))
    data = {
        "interest": _amount(result.amount),
        "periods": [
            {
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "days": p.days,
                "rate": str(p.rate),
            }
            for p in result.periods
        ],
        "cites": _cites(result.figure.cites),
        "reason": result.figure.reason,
        "rates_verified_through": verified_through(interest_kind).isoformat(),
        "rate_assumption": rate_assumption(interest_kind, last),
        "from": first.isoformat(),
    }
    if due is not None:
        data["due"] = due
        data["due_moved_to"] = moved.isoformat() if moved and moved.isoformat() != due else None
        data["unmoved_from"] = (date.fromisoformat(due) + timedelta(days=1)).isoformat()
    _emit(data, as_json, "Odsetki")


@calc_app.command("compensation", help="Rekompensata (art. 10 u.p.n.o.t.h.) w EUR i PLN.")
def compensation_cmd(
    amount: str = typer.Option(..., "--amount", help="Kwota faktury (brutto)."),
    due: str = typer.Option(
        ...,
        "--due",
        help="Termin płatności, RRRR-MM-DD (przypadający w sobotę lub święto przesuwa się: "
        "art. 115 KC, K3).",
    ),
    eur_rate: str | None = typer.Option(
        None, "--eur-rate", help="Kurs EUR podany zamiast tabeli NBP (np. 4,2713)."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Rekompensata (art. 10 u.p.n.o.t.h.) in EUR and PLN."""
    value = parse_amount(amount, "--amount")
    deadline = parse_date(due, "--due")
    rate = parse_rate(eur_rate, "--eur-rate") if eur_rate is not None else None
    try:
        result = compensation(value, deadline, eur_rate=rate)
    except EurRateUnavailable as err:
        _fail(
            "--eur-rate",
            f"brak średniego kursu EUR NBP (tabela A) z dnia {err.rate_day:%d.%m.%Y} "
            f"(miesiąc przed terminem płatności {err.due:%d.%m.%Y}) w tabeli wbudowanej; "
            "podaj kurs opcją --eur-rate",
        )
    except ValueError as err:
        _fail("--due", str(err))
    data: dict[str, Any] = {
        "eur": _amount(result.eur),
        "eur_rate": str(result.eur_rate),
        "rate_date": result.rate_date.isoformat(),
        "pln": _amount(result.pln),
        "cites": _cites(result.figure.cites),
        "reason": result.figure.reason,
        "contested": result.figure.contested,
    }
    if result.figure.alternative is not None:
        data["alternative_pln"] = _amount(result.figure.alternative)
    if result.figure.notes:
        data["notes"] = list(result.figure.notes)
    # K3: the deadline after the art. 115 KC move (None when it did not move), as the claim
    # aggregate uses it; the rekompensata falls due the day after it
    moved = result.due_moved_to
    data["due_moved_to"] = moved.isoformat() if moved else None
    data["falls_due_on"] = result.due_on.isoformat()
    _emit(data, as_json, "Rekompensata")


@calc_app.command(
    "procedure",
    help="Sąd, dopuszczalność EPU, postępowanie uproszczone i tryb (nakazowe, K6).",
)
def procedure_cmd(
    value: str = typer.Option(..., "--value", help="Wartość przedmiotu sporu (WPS)."),
    due: str = typer.Option(
        ..., "--due", help="Najwcześniejszy termin płatności roszczeń, RRRR-MM-DD."
    ),
    filing: str = typer.Option(..., "--filing", help="Dzień wniesienia pozwu, RRRR-MM-DD."),
    b2b: bool = typer.Option(
        False, "--b2b", help="Obie strony są przedsiębiorcami (transakcja handlowa)."
    ),
    accepted: bool = typer.Option(
        False,
        "--invoices-accepted",
        help="Wszystkie faktury zaakceptowane przez dłużnika (art. 485 §1 pkt 2 KPC).",
    ),
    acknowledged: bool = typer.Option(
        False,
        "--acknowledged-after-demand",
        help="Pisemne uznanie długu po wezwaniu do zapłaty (art. 485 §1 pkt 3 KPC).",
    ),
    contract: bool = typer.Option(False, "--contract", help="Umowa jest w aktach."),
    performance: bool = typer.Option(
        False,
        "--performance-proof",
        help="Dowód własnego świadczenia w aktach (protokół odbioru, WZ; nie potwierdzenie "
        "odbioru wezwania).",
    ),
    delivered: bool = typer.Option(
        False, "--invoices-delivered", help="Dowód doręczenia każdej faktury w aktach."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Court level, EPU admissibility, postępowanie uproszczone and the procedure (K6)."""
    amount = wps([parse_amount(value, "--value")]).value
    level = court_level(amount)
    deadline, day = parse_date(due, "--due"), parse_date(filing, "--filing")
    epu = epu_admissible([deadline], day)
    simple = simplified(amount)
    grounds = NakazGrounds(
        all_invoices_accepted=accepted,
        acknowledged_after_demand=acknowledged,
        commercial_transaction=b2b,
        has_contract=contract,
        has_proof_of_performance=performance,
        all_invoices_delivered=delivered,
    )
    choice = choose_procedure(amount, [deadline], day, grounds, both_businesses=b2b)
    data = {
        "wps": _amount(amount),
        "court_level": level.value.value,
        "epu_admissible": epu.value,
        "simplified": simple.value,
        "cites": _cites(level.cites + epu.cites + simple.cites),
        "reason": "; ".join((level.reason, epu.reason, simple.reason)),
        "procedure": choice.procedure.value,
        "procedure_reason": choice.reason,
        "procedure_cites": _cites(choice.cites),
        "nakazowe_basis": _cites(grounds.cites()),
        "nakazowe_missing": list(grounds.missing()),
        "gospodarcze": choice.gospodarcze,
    }
    _emit(data, as_json, "Tryb i sąd")
