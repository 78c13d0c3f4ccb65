"""``handoff rates``: NBP exchange and reference rates kept in the case store.

    handoff rates refresh [--from DATE] [--to DATE] [--json]
    handoff rates set EUR YYYY-MM-DD RATE [--by NAME] [--json]
    handoff rates show [--limit N] [--json]

``refresh`` asks NBP for EUR table A mid rates in windows of at most 93 days (one API query
each; the default range starts the day after the newest stored rate, or after the end of
the offline table shipped in ``law/pl/data/eur_mid_rates.py``, and ends today in Warsaw)
and for the current reference rate (``stopy_procentowe.xml``), and stores both. The
handoff pipeline then passes the stored EUR rates to the claim computation.

``set`` stores an EUR table A mid rate a person read from NBP by hand (when the API is out
of reach), marked as entered by hand and audited (who: ``--by`` or the OS user). It refuses,
with one Polish line and exit status 2, a day that is not a date, in the future or not a
working day (NBP publishes no table then), a rate that is not a positive number with at most
four decimals, a currency other than EUR, and a value contradicting NBP's own rate of that day.

A reference-rate decision NBP published that ``law/pl/rates.py`` does not know yet is
printed as a warning. Legal rate tables stay code with citations: a person adds the row.
"""

from __future__ import annotations

import getpass
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, NoReturn

import httpx
import sqlalchemy as sa
import typer
from rich.console import Console
from rich.table import Table

from config import Settings, firm_today
from integrations import http
from integrations.errors import IntegrationError
from integrations.nbp import MAX_RANGE_DAYS, NbpClient
from law.pl.calendar import is_holiday, previous_working_day
from law.pl.data.eur_mid_rates import EUR_MID_RATES
from store.db import open_store, session_scope
from store.rates import (
    EUR,
    MANUAL,
    ManualRateRefused,
    eur_rates,
    exchange_rate_rows,
    latest_rate_date,
    reference_rates,
    set_manual_rate,
    unknown_reference_changes,
    upsert_eur_rates,
    upsert_reference_rates,
)

rates_app = typer.Typer(
    no_args_is_help=True, help="Kursy walut i stopa referencyjna NBP (rekompensata, odsetki)."
)
out = Console()
err = Console(stderr=True)

SHIPPED_EUR_UNTIL: date = max(EUR_MID_RATES)
SOURCE_LABELS = {"nbp": "NBP (API)", MANUAL: "wpis ręczny"}
RATE_PLAUSIBLE = (Decimal(1), Decimal(10))  # PLN per EUR; NBP has never been near either end


def make_http_client() -> httpx.Client:
    """The HTTP client the commands use (tests replace it with a MockTransport one)."""
    return http.new_client()


def windows(start: date, end: date, days: int = MAX_RANGE_DAYS) -> list[tuple[date, date]]:
    """``[start, end]`` cut into consecutive windows of at most ``days`` days.

    >>> [(a.isoformat(), b.isoformat()) for a, b in windows(date(2026, 1, 1), date(2026, 4, 30))]
    [('2026-01-01', '2026-04-03'), ('2026-04-04', '2026-04-30')]
    """
    out_: list[tuple[date, date]] = []
    cursor = start
    while cursor <= end:
        stop = min(end, cursor + timedelta(days=days - 1))
        out_.append((cursor, stop))
        cursor = stop + timedelta(days=1)
    return out_


def reference_warning(since: date, rate: Decimal) -> str:
    pct = rate.quantize(Decimal("0.01"))
    return (
        f"NBP zmienił stopę referencyjną od {since.isoformat()} na {pct}%: "
        "tabelę w law/pl/rates.py trzeba uzupełnić (ze źródłem)"
    )


def _fail(message: str) -> NoReturn:
    """Bad input: one Polish line on stderr, exit status 2."""
    typer.echo(f"Błąd: {message}", err=True)
    raise typer.Exit(code=2)


def parse_rate_day(text: str, today: date) -> date:
    """A past (or today's) working day on which NBP publishes table A."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        _fail(f"{text!r} nie jest datą (format RRRR-MM-DD)")
    if day > today:
        _fail(f"data {day.isoformat()} jest w przyszłości (dziś {today.isoformat()})")
    if day.weekday() >= 5 or is_holiday(day):
        kind = {5: "sobota", 6: "niedziela"}.get(day.weekday(), "dzień ustawowo wolny od pracy")
        _fail(
            f"{day.isoformat()} to {kind}: NBP nie publikuje wtedy tabeli A; podaj kurs z "
            f"ostatniego dnia roboczego ({previous_working_day(day).isoformat()})"
        )
    return day


def parse_mid_rate(text: str) -> Decimal:
    """``4,2713`` or ``4.2713``: positive, at most four decimals (as NBP publishes it)."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        _fail(f"{text!r} nie jest kursem (liczba dodatnia, np. 4,2713)")
    value = Decimal(cleaned)
    if value <= 0:
        _fail(f"{text!r}: kurs musi być dodatni")
    if -value.as_tuple().exponent > 4:  # type: ignore[operator]
        _fail(f"{text!r}: kurs średni NBP ma najwyżej 4 miejsca po przecinku")
    low, high = RATE_PLAUSIBLE
    if not low <= value <= high:
        _fail(f"{text!r}: nieprawdopodobny kurs EUR (oczekiwany między {low} a {high} zł)")
    return value.quantize(Decimal("0.0001"))


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if code != EUR:
        _fail(
            f"nieznana waluta {text!r}: obsługiwany jest tylko EUR "
            "(rekompensata, art. 10 u.p.n.o.t.h.)"
        )
    return code


@dataclass
class RefreshReport:
    start: date
    end: date
    windows: list[dict[str, Any]] = field(default_factory=list)
    eur_fetched: int = 0
    eur_written: int = 0
    eur_latest: date | None = None
    reference: tuple[date, Decimal] | None = None
    reference_written: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "windows": self.windows,
            "eur_fetched": self.eur_fetched,
            "eur_written": self.eur_written,
            "eur_latest": self.eur_latest.isoformat() if self.eur_latest else None,
            "reference_rate": (
                {"effective_from": self.reference[0].isoformat(), "rate": str(self.reference[1])}
                if self.reference
                else None
            ),
            "reference_written": self.reference_written,
            "warnings": self.warnings,
            "errors": self.errors,
        }


def default_start(engine: sa.Engine) -> date:
    """The day after the newest stored EUR rate, else after the shipped offline table."""
    with session_scope(engine) as session:
        latest = latest_rate_date(session, EUR)
    return max(latest or SHIPPED_EUR_UNTIL, SHIPPED_EUR_UNTIL) + timedelta(days=1)


def refresh_rates(
    engine: sa.Engine, nbp: NbpClient, start: date, end: date, *, reference: bool = True
) -> RefreshReport:
    """Fetch EUR rates for ``[start, end]`` and the reference rate; store them.

    Each window is committed on its own, so an NBP failure half-way keeps what came before;
    the failure is listed in ``errors`` and the remaining windows are skipped.
    """
    report = RefreshReport(start, end)
    for lo, hi in windows(start, end):
        try:
            rates = nbp.mid_rates(EUR, lo, hi)
        except IntegrationError as exc:
            report.errors.append(f"EUR {lo}..{hi}: błąd NBP {type(exc).__name__}: {exc}")
            break
        with session_scope(engine) as session:
            written = upsert_eur_rates(session, rates)
        report.eur_fetched += len(rates)
        report.eur_written += written
        report.windows.append(
            {"from": lo.isoformat(), "to": hi.isoformat(), "rates": len(rates), "written": written}
        )
    if reference:
        try:
            report.reference = nbp.reference_rate()
        except IntegrationError as exc:
            report.errors.append(f"stopa referencyjna: błąd NBP {type(exc).__name__}: {exc}")
        else:
            with session_scope(engine) as session:
                report.reference_written = upsert_reference_rates(session, [report.reference])
    with session_scope(engine) as session:
        report.eur_latest = latest_rate_date(session, EUR)
        stored = reference_rates(session)
    report.warnings = [reference_warning(d, r) for d, r in unknown_reference_changes(stored)]
    return report


def _parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{name}: {value!r} nie jest datą (format RRRR-MM-DD)")


@rates_app.command(
    "refresh", help="Pobiera z NBP kursy EUR (tabela A) i stopę referencyjną i zapisuje je."
)
def refresh(
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help="Pierwszy dzień, RRRR-MM-DD (domyślnie: po najnowszym kursie)."
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Ostatni dzień, RRRR-MM-DD (domyślnie: dziś).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Wynik jako JSON.")] = False,
) -> None:
    """Fetch EUR table A rates and the reference rate from NBP and store them."""
    to_day = _parse_day(to, "--to")
    from_day = _parse_day(from_, "--from")
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        end = to_day or firm_today()
        start = from_day or default_start(engine)
        if start > end and from_day is not None:
            engine.dispose()
            _fail(f"--from {start} jest później niż --to {end}")
        with make_http_client() as client:
            report = refresh_rates(engine, NbpClient(client), start, end)
    finally:
        engine.dispose()
    if as_json:
        out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        table = Table(title=f"NBP EUR (tabela A) {report.start} .. {report.end}")
        for col in ("od", "do", "kursy", "zapisane"):
            table.add_column(col)
        for w in report.windows:
            table.add_row(w["from"], w["to"], str(w["rates"]), str(w["written"]))
        out.print(table)
        latest = report.eur_latest.isoformat() if report.eur_latest else "-"
        out.print(
            f"EUR: pobrane {report.eur_fetched}, zapisane {report.eur_written}, "
            f"najnowszy kurs z {latest}"
        )
        if report.reference:
            since, rate = report.reference
            out.print(f"Stopa referencyjna NBP: {rate.quantize(Decimal('0.01'))}% od {since}")
    for warning in report.warnings:
        err.print(f"[bold yellow]UWAGA[/]: {warning}", highlight=False)
    for error in report.errors:
        err.print(f"[bold red]BŁĄD[/]: {error}", highlight=False)
    if report.errors:
        raise typer.Exit(code=1)


@rates_app.command(
    "set",
    help="Wpisuje ręcznie średni kurs EUR z tabeli A NBP (zapisany jako wpis ręczny, "
    "w dzienniku zmian).",
)
def set_rate(
    currency: Annotated[str, typer.Argument(help="Waluta: EUR.")],
    day: Annotated[str, typer.Argument(help="Dzień tabeli A NBP, RRRR-MM-DD.")],
    rate: Annotated[str, typer.Argument(help="Kurs średni, zł za 1 EUR (np. 4,2713).")],
    by: Annotated[
        str | None,
        typer.Option("--by", "--as", help="Kto wpisuje kurs (domyślnie: użytkownik systemu)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Wynik jako JSON.")] = False,
) -> None:
    """Enter an NBP EUR mid rate by hand (stored as such and audited)."""
    code = parse_currency(currency)
    when = parse_rate_day(day, firm_today())
    mid = parse_mid_rate(rate)
    actor = by or getpass.getuser()
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        with session_scope(engine) as session:
            result = set_manual_rate(session, code, when, mid, actor=actor)
    except ManualRateRefused as exc:
        _fail(str(exc))
    finally:
        engine.dispose()
    if as_json:
        payload = {
            "code": result.code,
            "date": result.effective_date.isoformat(),
            "mid": str(result.mid),
            "source": MANUAL if result.written else (result.previous_source or "nbp"),
            "entered_by": actor,
            "written": result.written,
            "previous": str(result.previous) if result.previous is not None else None,
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    shown = f"{result.mid}".replace(".", ",")
    if not result.written:
        out.print(f"Kurs EUR z {when.isoformat()} ({shown} zł) jest już zapisany; bez zmian.")
        return
    line = f"Zapisano kurs EUR z {when.isoformat()}: {shown} zł (wpis ręczny, {actor})"
    if result.previous is not None:
        line += f"; poprzednio {str(result.previous).replace('.', ',')} zł"
    out.print(line, highlight=False)


@rates_app.command(
    "show", help="Zapisane kursy EUR (od najnowszych) i decyzje o stopie referencyjnej."
)
def show(
    limit: Annotated[int, typer.Option(help="Liczba najnowszych kursów EUR (0: wszystkie).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Wynik jako JSON.")] = False,
) -> None:
    """Stored EUR rates (newest first) and reference-rate decisions."""
    if limit < 0:
        _fail(f"--limit: {limit} - podaj liczbę kursów 0 lub większą (0: wszystkie)")
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        with session_scope(engine) as session:
            eur = exchange_rate_rows(session, EUR, limit)
            total = len(eur_rates(session))
            refs = reference_rates(session)
    finally:
        engine.dispose()
    warnings = [reference_warning(d, r) for d, r in unknown_reference_changes(refs)]
    if as_json:
        payload = {
            "eur": [
                {
                    "date": d.isoformat(),
                    "mid": str(m),
                    "table_no": t,
                    "source": src,
                    "entered_by_hand": src == MANUAL,
                }
                for d, m, t, src in eur
            ],
            "eur_count": total,
            "reference": [{"effective_from": d.isoformat(), "rate": str(r)} for d, r in refs],
            "warnings": warnings,
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        table = Table(title=f"Kursy średnie EUR (NBP, tabela A): {total} zapisanych")
        for col in ("data", "kurs", "tabela", "źródło"):
            table.add_column(col)
        for d, m, t, src in eur:
            table.add_row(d.isoformat(), str(m), t, SOURCE_LABELS.get(src, src))
        out.print(table)
        ref_table = Table(title="Stopa referencyjna NBP (zapisane odczyty)")
        ref_table.add_column("obowiązuje od")
        ref_table.add_column("stopa %")
        for d, r in refs:
            ref_table.add_row(d.isoformat(), str(r.quantize(Decimal("0.01"))))
        out.print(ref_table)
    for warning in warnings:
        err.print(f"[bold yellow]UWAGA[/]: {warning}", highlight=False)
