"""``handoff portfolio``: per creditor, how many cases are in each stage, for how much, and
what is due next; ``--csv FILE`` exports one row per case for a spreadsheet.

The CSV follows what Polish Excel opens without an import dialog: UTF-8 with a BOM, ``;``
between fields, amounts with a decimal comma (``casework.portfolio.write_csv``, which the
review page's download shares). ``--xlsx FILE`` writes the same rows as an Excel workbook
(openpyxl), typed, with a sheet per creditor totals (``casework.portfolio.write_xlsx``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.errors import output_file_option, refuse, whole_number_option, write_failed
from config import Settings

out = Console()

SIDES = {"ours": "nasza czynność", "theirs": "termin drugiej strony"}


def _pl_amount(value: Any) -> str:
    from casework.portfolio import pl_amount

    return pl_amount(value)


def _nip(value: str) -> str:
    from stdnum.pl import nip

    digits = "".join(ch for ch in value if ch.isdigit())
    if not nip.is_valid(digits):
        refuse(f"--creditor: {value!r} nie jest poprawnym numerem NIP")
    return digits


def portfolio(
    creditor: Annotated[
        str | None, typer.Option("--creditor", help="Only this creditor (NIP).")
    ] = None,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Write one row per case to this CSV file.")
    ] = None,
    xlsx_file: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Write the same rows to this Excel (.xlsx) file."),
    ] = None,
    deadlines: Annotated[
        int, typer.Option("--deadlines", help="How many next deadlines per creditor.")
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Cases per creditor and stage (count, WPS), the next deadlines; CSV export."""
    from sqlmodel import Session

    from casework.portfolio import portfolio as build
    from casework.portfolio import write_csv, write_xlsx
    from store.db import open_store

    nip = _nip(creditor) if creditor is not None else None
    whole_number_option(deadlines, "--deadlines", 0, 1000)
    if csv_file is not None:
        output_file_option(csv_file, "--csv")
    if xlsx_file is not None:
        output_file_option(xlsx_file, "--xlsx")
        if xlsx_file.suffix.lower() != ".xlsx":
            refuse(f"--xlsx: {xlsx_file} - plik musi mieć rozszerzenie .xlsx")
    engine = open_store(Settings.from_env().database_url)
    try:
        with Session(engine) as session:
            result = build(session, nip, deadlines=deadlines)
    finally:
        engine.dispose()
    if nip is not None and not result:
        refuse(f"--creditor: nie ma spraw wierzyciela o NIP {nip}")
    if csv_file is not None:
        try:
            with open(csv_file, "w", encoding="utf-8-sig", newline="") as fh:
                write_csv(fh, result)  # the same rows as the review page's download
        except OSError as exc:
            write_failed(csv_file, exc)
    if xlsx_file is not None:
        try:
            write_xlsx(xlsx_file, result)
        except OSError as exc:
            write_failed(xlsx_file, exc)
    if as_json:
        data = [
            {
                "creditor": e.creditor,
                "nip": e.nip,
                "cases": e.total_cases,
                "amount": str(e.total_amount),
                "stages": [
                    {"stage": s.stage, "label": s.label, "cases": s.cases, "amount": str(s.amount)}
                    for s in e.stages
                ],
                "next_deadlines": [
                    {
                        "case": d.case_ref,
                        "due_on": d.due_on.isoformat(),
                        "action": d.action,
                        "side": d.side,
                        "responsible": d.responsible,
                    }
                    for d in e.next_deadlines
                ],
                "recovered": str(e.recovered),
                "left": str(e.left),
                "last_payment_on": e.last_paid_on.isoformat() if e.last_paid_on else None,
            }
            for e in result
        ]
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    if not result:
        out.print("Brak spraw.")
    for e in result:
        table = Table(title=f"{escape(e.creditor)} (NIP {e.nip or '-'})")
        for col in ("Etap", "Sprawy", "WPS razem (zł)"):
            table.add_column(col)
        for s in e.stages:
            table.add_row(s.label, str(s.cases), _pl_amount(s.amount))
        table.add_row("[bold]razem[/]", str(e.total_cases), _pl_amount(e.total_amount))
        out.print(table)
        last = e.last_paid_on.isoformat() if e.last_paid_on else "-"
        out.print(
            f"Odzyskano: {_pl_amount(e.recovered)} zł; pozostało (kapitał): "
            f"{_pl_amount(e.left)} zł; ostatnia wpłata: {last}",
            markup=False,
        )
        if e.next_deadlines:
            due = Table(title="Najbliższe terminy")
            for col in ("Termin", "Sprawa", "Czynność", "Strona", "Odpowiada"):
                due.add_column(col)
            for d in e.next_deadlines:
                due.add_row(
                    d.due_on.isoformat(),
                    escape(d.case_ref),
                    d.action,
                    SIDES.get(d.side, d.side),
                    d.responsible,
                )
            out.print(due)
    if csv_file is not None:
        out.print(f"CSV: {csv_file}", markup=False)
    if xlsx_file is not None:
        out.print(f"XLSX: {xlsx_file}", markup=False)
