"""``handoff demo``, ``handoff import`` and ``handoff run batch``: intake and drafting.

Runs the ``handoff`` flow in this process (embedded default: SQLite file, local Prefect) or,
when a Prefect server is configured (PREFECT_API_URL) and ``--deployment`` is given, hands the
batch to the ``handoff/handoff`` deployment so workers pick it up.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from cli.errors import (
    day_option,
    json_object_file,
    os_reason,
    probe_store,
    refuse,
    tracebacks_to_log,
)
from config import REPO_ROOT, Settings, firm_today
from documents.format import polish_text
from law.pl.text import pl_money

# A fresh ephemeral Prefect API server needs ~25 s to create its database here.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# No network beyond the firm's own: do not try to send Prefect's anonymous telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

console = Console(stderr=True)
out = Console()

SAMPLE_CASES = REPO_ROOT / "samples" / "cases"

run_app = typer.Typer(no_args_is_help=True, help="Run flows.")

OUTCOME_STYLE = {
    "created": "green",
    "updated": "green",
    "drafted": "green",
    "unchanged": "cyan",
    "skipped": "yellow",
    "rejected": "red",
    "failed": "bold red",
}

# The result table is read by a partner: outcomes and the flows' fixed notes in Polish (the
# --json output keeps the machine values: outcome codes, plain decimals, ISO dates).
OUTCOME_PL = {
    "created": "przyjęto",
    "updated": "zaktualizowano",
    "drafted": "projekt gotowy",
    "unchanged": "bez zmian",
    "skipped": "pominięto",
    "rejected": "odrzucono",
    "failed": "błąd",
}
REASON_PL = {
    "ready for partner review": "gotowe do przeglądu przez partnera",
    "case not found": "nie znaleziono sprawy",
    "already drafted": "projekt już przygotowany",
}


def _reason_part(part: str) -> str:
    """One ``; ``-separated part of a result's note in Polish (``stage X`` names the stage)."""
    if part.startswith("stage "):
        from law.stages import STAGE_LABELS, Stage

        value = part.removeprefix("stage ")
        try:
            return f"etap: {STAGE_LABELS[Stage(value)]}"
        except (ValueError, KeyError):
            return part
    return REASON_PL.get(part, part)


def money_cell(total: str) -> str:
    """``63345.00`` -> ``63 345,00 zł``; empty (no claim computed) stays empty."""
    try:
        return pl_money(Decimal(total)) if total else ""
    except InvalidOperation:
        return total


def reason_cell(reason: str) -> str:
    """A result's note in Polish: fixed English notes translated, ISO dates and dot decimals
    in Polish forms (``2025-12-31`` -> ``31 grudnia 2025 r.``)."""
    return polish_text("; ".join(_reason_part(part) for part in reason.split("; ")))


# The legal core's interest tables start on 1 January 2016 (law.pl.rates.FIRST_SUPPORTED_DAY).
FIRST_REFERENCE_DAY = date(2016, 1, 1)
CASE_SUFFIXES = (".csv", ".txt", ".json", ".toml")


def checked_source(source: Path, creditor: dict[str, Any] | None = None) -> Path:
    """``source`` if it can be read as a hand-over; otherwise one Polish line and exit 2.

    A CSV the reader refuses as a whole (not UTF-8 nor cp1250, a wrong header), or one
    without ``creditor_*`` columns when no ``--creditor`` file is given (every case would be
    rejected), is refused here, before a batch is opened; problems of single cases are the
    import report's.
    """
    if not source.exists():
        refuse(f"SOURCE: {source} nie istnieje")
    if source.is_file():
        if source.suffix.lower() not in CASE_SUFFIXES:
            refuse(
                f"SOURCE: {source} nie jest folderem spraw, plikiem case.json/case.toml "
                "ani eksportem CSV"
            )
        if source.suffix.lower() in (".csv", ".txt"):
            _check_csv(source, creditor)
        return source
    try:
        names = [e for e in source.iterdir() if not e.name.startswith(".")]
    except OSError as exc:
        refuse(f"SOURCE: folderu {source} nie można odczytać: {os_reason(exc)}")
    if not any(e.is_dir() or e.name in ("case.json", "case.toml") for e in names):
        refuse(f"SOURCE: w folderze {source} nie ma żadnej sprawy (podfolderu z case.json)")
    return source


def _check_csv(path: Path, creditor: dict[str, Any] | None) -> None:
    from intake.csv_import import (
        FILE_LEVEL,
        CsvFormatError,
        detect_delimiter,
        detect_encoding,
        iter_csv_cases,
    )

    try:
        encoding = detect_encoding(path)
        with open(path, encoding=encoding, newline="") as fh:
            header_line = fh.readline()
        first = next(iter_csv_cases(path), None)
    except CsvFormatError as exc:
        refuse(str(exc))
    except OSError as exc:
        refuse(f"SOURCE: pliku {path} nie można odczytać: {os_reason(exc)}")
    if first is None:
        refuse(f"SOURCE: w pliku {path} nie ma żadnego wiersza ze sprawą")
    if first.data is None and first.errors and first.errors[0].field == FILE_LEVEL:
        e = first.errors[0]
        where = f"wiersz {e.row}: " if e.row else ""
        refuse(f"plik {path.name} nie został przyjęty: {where}{e.message}")
    header = header_line.lower().split(detect_delimiter(header_line))
    if creditor is None and not any("creditor_" in column for column in header):
        refuse(
            f"plik {path.name} nie ma kolumn creditor_*: podaj dane wierzyciela opcją "
            "--creditor PLIK.json (wzór: samples/creditor.json)"
        )


def checked_creditor(creditor_file: Path | None) -> dict[str, Any] | None:
    """The creditor JSON object, or None; a missing or broken file: one line and exit 2."""
    if creditor_file is None:
        return None
    return json_object_file(creditor_file, "--creditor: plik")


def reference_day(text: str | None, today: date) -> date | None:
    """``--date`` of ``run batch``: a real day from 2016 to one year ahead."""
    if not text:
        return None
    return day_option(
        text,
        "--date",
        earliest=(FIRST_REFERENCE_DAY, "tabele odsetek programu zaczynają się 2016-01-01"),
        latest=(
            today + timedelta(days=366),
            f"więcej niż rok po dzisiejszym dniu ({today.isoformat()})",
        ),
    )


def _run_flow_locally(
    source: Path | None, creditor_file: Path | None, reference: date | None, wait: bool
) -> dict[str, Any]:
    """Run the handoff flow in this process with rich progress bars on stderr."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=False,
    ) as bar:
        boot = bar.add_task(
            "Uruchamianie Prefect (pierwszy start tworzy bazę, ok. 25 s)", total=None
        )
        tasks: dict[str, Any] = {}
        labels = {"intake": "Import spraw", "draft": "Przygotowanie projektów pism"}

        def listener(stage: str, done: int, total: int) -> None:
            if boot in bar.task_ids and not bar.tasks[bar.task_ids.index(boot)].finished:
                bar.update(boot, total=1, completed=1)
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        from flows import progress

        progress.listen(listener)
        try:
            from cli.server import local_prefect

            local_prefect()  # the local Prefect server, unless a server is configured
            from flows.embedded import embedded_prefect
            from flows.handoff import handoff

            with embedded_prefect(), tracebacks_to_log():
                result = handoff(
                    source=str(source) if source else None,
                    creditor_file=str(creditor_file) if creditor_file else None,
                    reference_date=reference,
                    wait_for_review=wait,
                )
        finally:
            progress.listen(None)
    return result


def _print_result(result: dict[str, Any], settings: Settings, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(result, default=str, ensure_ascii=False))
        return
    table = Table(title="Wynik handoff", show_lines=False)
    # The reference and the amount are never cut or wrapped: a paralegal reads them whole.
    table.add_column("Sprawa", no_wrap=True, overflow="fold")
    table.add_column("Wynik")
    table.add_column("Procedura")
    table.add_column("WPS", no_wrap=True, justify="right")
    table.add_column("Uwagi", ratio=1)
    for r in result["cases"]:
        style = OUTCOME_STYLE.get(r["outcome"], "")
        table.add_row(
            Text(r["case_ref"]),
            Text(OUTCOME_PL.get(r["outcome"], r["outcome"]), style=style),
            r["procedure"],
            Text(money_cell(str(r["total"] or ""))),
            Text(reason_cell(str(r["reason"] or ""))),
        )
    out.print(table)
    intake = result.get("intake")
    if intake:
        out.print(
            f"Import: {intake['imported']} przyjętych, {intake['rejected']} odrzuconych "
            f"(partia {result['batch_id']})."
        )
    out.print(f"Dokumenty: [bold]{settings.documents_dir}[/]")
    out.print(f"Baza spraw: {settings.database_url}")


def demo(
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Run the whole handoff on the sample cases shipped in samples/ (SQLite, local Prefect)."""
    started = time.monotonic()
    settings = Settings.from_env()
    probe_store(settings.database_url)
    console.print(
        f"[bold]Handoff demo[/]: sprawy z {SAMPLE_CASES.relative_to(REPO_ROOT)} -> "
        f"{settings.documents_dir}"
    )
    result = _run_flow_locally(SAMPLE_CASES, None, None, wait=False)
    _print_result(result, settings, as_json)
    console.print(f"Czas: {time.monotonic() - started:.1f} s")


def run_batch(
    source: Annotated[Path, typer.Argument(help="A folder of case folders, or a CSV export.")],
    creditor_file: Annotated[
        Path | None, typer.Option("--creditor", help="Creditor JSON for a CSV export.")
    ] = None,
    reference_date: Annotated[
        str | None, typer.Option("--date", help="Reference (filing) date, ISO; default today.")
    ] = None,
    wait_for_review: Annotated[
        bool, typer.Option("--wait-review", help="Keep the flow paused until partners decide.")
    ] = False,
    deployment: Annotated[
        bool,
        typer.Option("--deployment", help="Hand the batch to the Prefect deployment (workers)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Import a batch and draft its cases."""
    reference = reference_day(reference_date, firm_today())
    checked_source(source, checked_creditor(creditor_file))
    settings = Settings.from_env()
    if settings.chunk_size < 1:  # the flow would draft nothing and report no case
        refuse(f"HANDOFF_CHUNK_SIZE musi być liczbą co najmniej 1 (jest {settings.chunk_size})")
    if deployment:
        from prefect.deployments import run_deployment
        from prefect.exceptions import ObjectNotFound

        try:
            run = run_deployment(
                "handoff/handoff",
                parameters={
                    "source": str(source.resolve()),
                    "creditor_file": str(creditor_file.resolve()) if creditor_file else None,
                    "reference_date": reference.isoformat() if reference else None,
                    "wait_for_review": wait_for_review,
                },
                timeout=0,
            )
        except ObjectNotFound:
            refuse(
                "--deployment: Prefect nie zna wdrożenia handoff/handoff; wdróż prefect.yaml "
                "(docs/deployment.md) i ustaw PREFECT_API_URL"
            )
        payload = {"flow_run_id": str(run.id), "name": run.name}
        if as_json:
            out.print_json(json.dumps(payload))
        else:
            out.print(f"Zlecono przebieg {run.name} ({run.id}) w Prefect.")
        return
    probe_store(settings.database_url)
    result = _run_flow_locally(source, creditor_file, reference, wait_for_review)
    _print_result(result, settings, as_json)


run_app.command("batch")(run_batch)


def import_cases(
    source: Annotated[Path, typer.Argument(help="A folder of case folders, or a CSV export.")],
    creditor_file: Annotated[
        Path | None, typer.Option("--creditor", help="Creditor JSON for a CSV export.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import and validate a batch without drafting; every bad field is reported."""
    creditor = checked_creditor(creditor_file)
    checked_source(source, creditor)
    from intake.importer import Outcome, import_batch
    from store.db import open_store

    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    with Progress(
        SpinnerColumn(), TextColumn("Import spraw"), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task("import", total=None)
        report = import_batch(
            engine,
            source,
            creditor=creditor,
            progress=lambda _o: bar.advance(task),
            today=firm_today(),
        )
    engine.dispose()
    rows = [
        {
            "source": o.source,
            "external_ref": o.external_ref,
            "outcome": o.outcome.value,
            "errors": [e.as_dict() for e in o.errors],
        }
        for o in report.outcomes
    ]
    if as_json:
        out.print_json(json.dumps({"batch_id": report.batch_id, "cases": rows}, ensure_ascii=False))
    else:
        table = Table(title=report.summary())
        for col in ("Sprawa", "Wynik", "Błędy"):
            table.add_column(col)
        for o in report.outcomes:
            style = OUTCOME_STYLE.get(o.outcome.value, "")
            table.add_row(
                Text(o.external_ref or o.source),
                Text(o.outcome.value, style=style),
                Text("\n".join(str(e) for e in o.errors)),
            )
        out.print(table)
    if any(o.outcome is Outcome.REJECTED for o in report.outcomes):
        raise typer.Exit(1)
