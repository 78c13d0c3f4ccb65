"""``handoff rates``: NBP exchange and reference rates kept in the case store.

    handoff rates refresh [--from DATE] [--to DATE] [--json]
    handoff rates show [--limit N] [--json]

``refresh`` asks NBP for EUR table A mid rates in windows of at most 93 days (one API query
each; the default range starts the day after the newest stored rate, or after the end of
the offline table shipped in ``law/pl/data/eur_mid_rates.py``, and ends today in Warsaw)
and for the current reference rate (``stopy_procentowe.xml``), and stores both. The
handoff pipeline then passes the stored EUR rates to the claim computation.

A reference-rate decision NBP published that ``law/pl/rates.py`` does not know yet is
printed as a warning. Legal rate tables stay code with citations: a person adds the row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

import httpx
import sqlalchemy as sa
import typer
from rich.console import Console
from rich.table import Table

from config import Settings, firm_today
from integrations import http
from integrations.errors import IntegrationError
from integrations.nbp import MAX_RANGE_DAYS, NbpClient
from law.pl.data.eur_mid_rates import EUR_MID_RATES
from store.db import open_store, session_scope
from store.rates import (
    EUR,
    eur_rates,
    latest_rate_date,
    reference_rates,
    unknown_reference_changes,
    upsert_eur_rates,
    upsert_reference_rates,
)
from store.tables import ExchangeRate

rates_app = typer.Typer(no_args_is_help=True, help="NBP exchange and reference rates.")
out = Console()
err = Console(stderr=True)

SHIPPED_EUR_UNTIL: date = max(EUR_MID_RATES)


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
        f"NBP reference rate changed on {since.isoformat()} to {pct}%: "
        "law/pl/rates.py needs an update"
    )


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
            report.errors.append(f"EUR {lo}..{hi}: {type(exc).__name__}: {exc}")
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
            report.errors.append(f"reference rate: {type(exc).__name__}: {exc}")
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
        raise typer.BadParameter(f"{name}: expected YYYY-MM-DD, got {value!r}") from None


@rates_app.command("refresh")
def refresh(
    from_: Annotated[
        str | None,
        typer.Option("--from", help="First day (YYYY-MM-DD); default: after the newest rate."),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Last day (YYYY-MM-DD); default: today.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Fetch EUR table A rates and the reference rate from NBP and store them."""
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        end = _parse_day(to, "--to") or firm_today()
        start = _parse_day(from_, "--from") or default_start(engine)
        if start > end and from_ is not None:
            raise typer.BadParameter(f"--from {start} is after --to {end}")
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
        err.print(f"[bold yellow]WARNING[/]: {warning}", highlight=False)
    for error in report.errors:
        err.print(f"[bold red]ERROR[/]: {error}", highlight=False)
    if report.errors:
        raise typer.Exit(code=1)


@rates_app.command("show")
def show(
    limit: Annotated[int, typer.Option(help="Newest N EUR rates (0: all).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Stored EUR rates (newest first) and reference-rate decisions."""
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        with session_scope(engine) as session:
            query = sa.select(ExchangeRate.effective_date, ExchangeRate.mid, ExchangeRate.table_no)
            query = query.where(ExchangeRate.code == EUR).order_by(
                ExchangeRate.effective_date.desc()  # type: ignore[attr-defined]
            )
            if limit > 0:
                query = query.limit(limit)
            eur = [(d, m, t) for d, m, t in session.execute(query).all()]
            total = len(eur_rates(session))
            refs = reference_rates(session)
    finally:
        engine.dispose()
    warnings = [reference_warning(d, r) for d, r in unknown_reference_changes(refs)]
    if as_json:
        payload = {
            "eur": [{"date": d.isoformat(), "mid": str(m), "table_no": t} for d, m, t in eur],
            "eur_count": total,
            "reference": [{"effective_from": d.isoformat(), "rate": str(r)} for d, r in refs],
            "warnings": warnings,
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        table = Table(title=f"Kursy średnie EUR (NBP, tabela A): {total} zapisanych")
        for col in ("data", "kurs", "tabela"):
            table.add_column(col)
        for d, m, t in eur:
            table.add_row(d.isoformat(), str(m), t)
        out.print(table)
        ref_table = Table(title="Stopa referencyjna NBP (zapisane odczyty)")
        ref_table.add_column("obowiązuje od")
        ref_table.add_column("stopa %")
        for d, r in refs:
            ref_table.add_row(d.isoformat(), str(r.quantize(Decimal("0.01"))))
        out.print(ref_table)
    for warning in warnings:
        err.print(f"[bold yellow]WARNING[/]: {warning}", highlight=False)
