"""``handoff epu package``: one e-Sąd bulk-filing package for every approved EPU case.

The handoff drafts a one-pozew package per case for the partner's review; once partners have
approved, this command builds the package a powód masowy uploads: one ``Pozwy`` element with
a ``PozewEPU`` per approved case, figures recomputed for the filing day, validated against
the official schemas before it is written. Nothing is filed here: the court's web service
needs the firm's own credentials.

A blocked case is never packaged (``store.review.filing_blockers``): an approval with an
override covers the blockers the partner overrode, but a blocker that appeared after the
approval (a reverify found bankruptcy, the claim is time-barred on the filing day) keeps
the case out. So does a stored draft whose SHA-256 no longer matches (``store.integrity``:
refused and recorded). Each case left out is listed ("wykluczono") with the reason and
recorded in the audit log (``epu_package_excluded``).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.batch import FIRST_REFERENCE_DAY
from cli.errors import day_option, output_file_option, write_failed
from config import Settings, firm_today

epu_app = typer.Typer(no_args_is_help=True, help="e-Sąd (EPU) bulk-filing packages.")
out = Console()
err = Console(stderr=True)


@epu_app.command("package")
def package(
    output: Annotated[Path, typer.Option("-o", "--output", help="XML file to write.")],
    filing_date: Annotated[
        str | None, typer.Option("--date", help="Filing day, ISO (default: today).")
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="OznaczeniePaczki (at most 60 characters).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Build and validate the EPU package of every approved EPU case."""
    from casework.epu_submission import assemble_package
    from documents.epu import EpuError, build_epu_package, validate_epu
    from documents.firm import load_firm_profile
    from store.db import open_store, session_scope
    from store.drafting import audit

    today = firm_today()
    on = (
        day_option(
            filing_date,
            "--date",
            earliest=(FIRST_REFERENCE_DAY, "tabele odsetek programu zaczynają się 2016-01-01"),
            latest=(
                today + timedelta(days=366),
                f"więcej niż rok po dzisiejszym dniu ({today.isoformat()})",
            ),
        )
        if filing_date
        else today
    )
    output_file_option(output, "-o/--output")  # checked before the build; no folder is made
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    roots = [settings.documents_dir, settings.home]
    # the selection handoff epu submit sends too (casework.epu_submission): cases already in
    # a live e-Sąd submission are left out as well, so no case is filed twice
    assembled = assemble_package(engine, on, roots, actor="cli", purpose="epu_package")
    filings, skipped, excluded = assembled.filings, assembled.skipped, assembled.excluded
    for line in assembled.in_flight:
        err.print(f"pominięto (już wysłane do e-Sądu): {line}", markup=False, soft_wrap=True)
    for line in excluded:
        err.print(f"wykluczono: {line}", markup=False, soft_wrap=True)
    if not filings:
        engine.dispose()
        err.print(
            f"Brak zatwierdzonej sprawy EPU, którą można złożyć {on.isoformat()}; "
            "paczki nie zapisano.",
            markup=False,
        )
        raise typer.Exit(1)
    name = label or f"handoff-{on.isoformat()}-{len(filings)}"
    try:
        xml = build_epu_package(filings, load_firm_profile(settings.firm_file), name, on)
    except EpuError as exc:
        engine.dispose()
        err.print(f"Błąd: nie można zbudować paczki EPU: {exc}", markup=False)
        raise typer.Exit(1) from exc
    errors = validate_epu(xml)
    if errors:
        engine.dispose()
        err.print("Błąd: paczka nie spełnia schematów e-Sądu:\n" + "\n".join(errors), markup=False)
        raise typer.Exit(1)
    try:
        output.write_bytes(xml)
    except OSError as exc:
        engine.dispose()
        write_failed(output, exc)
    refs = [f.case.external_ref for f in filings]
    with session_scope(engine) as session:
        for f in filings:
            detail = json.dumps({"package": name, "file": str(output)})
            audit(session, "cli", "epu_package", f.case.case_id, detail)
    engine.dispose()
    summary = {
        "file": str(output),
        "label": name,
        "cases": refs,
        "skipped": skipped,
        "excluded": excluded,
        "in_flight": assembled.in_flight,
    }
    if as_json:
        out.print_json(json.dumps(summary, ensure_ascii=False))
        return
    out.print(f"Paczka EPU: {output} ({len(refs)} pozwów, oznaczenie {name})", markup=False)
    for line in skipped:
        err.print(f"pominięto: {line}", markup=False)


# issue #17: sending the package through the e-Sąd web service lives in cli.epu_submit
def _register_submit() -> None:
    from cli.epu_submit import submit
    from cli.epu_sync import sync

    epu_app.command("submit")(submit)
    epu_app.command("sync")(sync)


_register_submit()
