"""``handoff cases``: look at stored cases, their figures, findings and drafts; bundle evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.errors import os_reason, output_file_option, refuse
from config import Settings

cases_app = typer.Typer(no_args_is_help=True, help="Stored cases: list, show, evidence bundle.")
out = Console()
err = Console(stderr=True)


def _engine(settings: Settings) -> Any:
    from store.db import open_store

    return open_store(settings.database_url)


@cases_app.command("list")
def list_cases(
    stage: Annotated[str | None, typer.Option(help="Only cases in this stage.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Cases with their stage, procedure, WPS and earliest limitation date."""
    from law.stages import Stage
    from store.queries import case_rows

    if stage is not None and stage not in {s.value for s in Stage}:
        refuse(f"--stage: {stage!r} - dozwolone: {', '.join(s.value for s in Stage)}")
    settings = Settings.from_env()
    engine = _engine(settings)
    rows = case_rows(engine, stage)
    engine.dispose()
    if as_json:
        out.print_json(json.dumps(rows, default=str, ensure_ascii=False))
        return
    table = Table(title=f"Sprawy ({len(rows)})")
    for col in ("Sygn. wierzyciela", "Dłużnik", "Etap", "Procedura", "WPS", "Przedawnienie"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            escape(r["external_ref"]),
            escape(r["debtor"]),
            r["stage"],
            r["procedure"] or "",
            r["total_claim"] or "",
            r["earliest_limitation"] or "",
        )
    out.print(table)


@cases_app.command("show")
def show_case(
    ref: Annotated[str, typer.Argument(help="The creditor's case reference.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A case's claim figures with their rules, findings and generated documents."""
    from store.queries import case_detail

    settings = Settings.from_env()
    engine = _engine(settings)
    detail = case_detail(engine, ref)
    if detail is not None:  # issue #17: the dated steps of the lifecycle
        from config import FIRM_TZ
        from store.timeline import case_timeline

        detail["timeline"] = case_timeline(engine, ref, FIRM_TZ) or []
        # issues #18-#19: payments with their allocation, the e-Sąd submission, enforcement
        from casework.case_overview import overview_by_ref
        from config import firm_today

        overview = overview_by_ref(engine, ref, today=firm_today())
        detail.update(overview.to_json() if overview is not None else {})
    engine.dispose()
    if detail is None:
        refuse(f"nie ma sprawy o sygnaturze {ref!r}")
    if as_json:
        out.print_json(json.dumps(detail, default=str, ensure_ascii=False))
        return
    ref_text, debtor = escape(detail["external_ref"]), escape(detail["debtor"])
    out.print(f"[bold]{ref_text}[/] - {debtor} ({detail['stage']})")
    claim = detail["claim"] or {}
    figures = Table(title="Roszczenie")
    for col in ("Pozycja", "Kwota", "Podstawa", "Uzasadnienie"):
        figures.add_column(col)
    for f in claim.get("figures", []):
        figures.add_row(f["label"], f["value"], "; ".join(f["cites"]), f["reason"])
    out.print(figures)
    proc = claim.get("procedure")
    if proc:
        out.print(f"Tryb: [bold]{proc['name']}[/] - {proc['reason']} ({'; '.join(proc['cites'])})")
    findings = Table(title="Uwagi")
    for col in ("Waga", "Kod", "Opis"):
        findings.add_column(col)
    for f in detail["findings"]:
        findings.add_row(f["severity"], f["code"], escape(f["message"]))
    out.print(findings)
    docs = Table(title="Dokumenty")
    for col in ("Rodzaj", "Wersja", "Plik"):
        docs.add_column(col)
    for d in detail["documents"]:
        docs.add_row(d["kind"], str(d["version"]), escape(d["path"]))
    out.print(docs)
    if detail["timeline"]:
        steps = Table(title="Przebieg sprawy")
        for col in ("Data", "Etap", "Zdarzenie", "Przyczyna", "Podstawa"):
            steps.add_column(col)
        for t in detail["timeline"]:
            undone = " (cofnięte)" if t["undone"] else ""
            steps.add_row(
                t["date"],
                t["stage_label"] + undone,
                t["event_label"],
                escape(t["cause"] + (f" - {t['reason']}" if t["reason"] else "")),
                t["article"],
            )
        out.print(steps)
    _print_overview(detail)


def _print_overview(detail: dict[str, Any]) -> None:
    """The plain-text sections: payments, the e-Sąd submission, enforcement, settlements."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from config import FIRM_TZ
    from law.pl.text import pl_date, pl_money

    def day(text: str | None) -> str:
        """An ISO day, or an ISO moment (naive: UTC) as the firm's calendar day."""
        if not text:
            return "-"
        if len(text) == 10:
            return pl_date(date.fromisoformat(text))
        moment = datetime.fromisoformat(text)
        return pl_date(
            (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(FIRM_TZ).date()
        )

    def zl(text: str) -> str:
        return pl_money(Decimal(text))

    def say(text: str) -> None:  # a long line wraps in the terminal, not inside a figure
        out.print(text, soft_wrap=True)

    pay = detail.get("payments")
    if pay is not None:
        got, left = pay["recovered"], pay["left"]
        if pay["payments"]:
            rows = Table(title="Wpłaty")
            rows.add_column("Data", no_wrap=True)
            rows.add_column("Kwota", no_wrap=True, justify="right")
            for col in ("Tytuł", "Zaliczenie (art. 451 KC)"):
                rows.add_column(col)
            for p in pay["payments"]:
                parts = []
                for line in p["allocation"]:
                    if line["invoice_number"] is None:
                        parts.append(f"koszty {zl(line['to_costs'])}")
                    else:
                        parts.append(
                            f"{line['invoice_number']}: odsetki {zl(line['to_interest'])}, "
                            f"należność główna {zl(line['to_principal'])}"
                        )
                if Decimal(p["surplus"]) > 0:
                    parts.append(f"nadpłata {zl(p['surplus'])}")
                rows.add_row(
                    day(p["paid_on"]), zl(p["amount"]), escape(p["title"]), "; ".join(parts)
                )
            out.print(rows)
            say(
                f"Odzyskano: {zl(got['total'])} (koszty {zl(got['to_costs'])}, odsetki "
                f"{zl(got['to_interest'])}, należność główna {zl(got['to_principal'])})"
            )
        else:
            say("Wpłaty: brak wpłat zapisanych po przekazaniu sprawy.")
        say(
            f"Pozostało na {day(left['on'])}: {zl(left['total'])} (należność główna "
            f"{zl(left['principal'])}, odsetki {zl(left['interest'])}, koszty "
            f"{zl(left['costs'])})"
        )
    sub = detail.get("submission")
    if sub is not None:
        line = f"Złożenie w e-Sąd: {sub['status_label']} (paczka {escape(sub['package'])}"
        line += f", wysłana {day(sub['filing_date'])}"
        if sub["answered_at"]:
            line += f", odpowiedź {day(sub['answered_at'])}"
        line += ")"
        if sub["court_signature"]:
            line += f"; sygnatura {escape(sub['court_signature'])}"
        say(line)
        if sub["reason"]:
            label = "Powód odrzucenia" if sub["status"] == "rejected" else "Uwagi"
            say(f"  {label}: {escape(sub['reason'])}")
    enf = detail.get("enforcement")
    if enf is not None:
        say(
            f"Egzekucja: komornik {escape(enf['komornik'])}; wniosek {day(enf['started_on'])}"
            + (f"; sygnatura {escape(enf['komornik_case'])}" if enf["komornik_case"] else "")
        )
        say(f"  Sposoby: {', '.join(enf['way_labels']) or '-'}")
        say(
            f"  Odzyskano przez komornika: {zl(enf['recovered'])} "
            f"(liczba wpłat: {enf['komornik_payments']})"
        )
        costs = enf["komornik_costs"]
        if Decimal(costs["paid_by_creditor"]) or Decimal(costs["charged_to_debtor"]):
            say(
                f"  Koszty komornika: zapłacone przez wierzyciela {zl(costs['paid_by_creditor'])}"
                f" (należne od dłużnika), pobrane od dłużnika {zl(costs['charged_to_debtor'])}"
            )
        end = enf["end"]
        say(f"  Zakończenie: {end['label']} ({day(end['on'])})" if end else "  Zakończenie: trwa")
        if enf["title_limitation"]:
            limit = enf["title_limitation"]
            say(f"  Przedawnienie roszczenia z tytułu: {day(limit['due_on'])} ({limit['cites']})")
    for plan in detail.get("settlements") or []:
        costs = f" + koszty {zl(plan['costs'])}" if Decimal(plan["costs"]) else ""
        say(
            f"Ugoda / raty: {plan['kind_label']} z {day(plan['concluded_on'])} na "
            f"{zl(plan['amount'])}{costs}; {plan['status_label']} (na {day(plan['on'])}: "
            f"zapłacono {zl(plan['paid'])}, pozostało {zl(plan['total_due'])})"
        )
        rates = Table(title="Raty")
        rates.add_column("Nr", justify="right")
        rates.add_column("Termin", no_wrap=True)
        for col in ("Kwota", "Zapłacono", "Pozostało"):
            rates.add_column(col, no_wrap=True, justify="right")
        rates.add_column("Status")
        for i in plan["instalments"]:
            paid_on = f" {day(i['paid_on'])}" if i["paid_on"] else ""
            rates.add_row(
                str(i["number"]),
                day(i["due_on"]),
                zl(i["amount"]),
                zl(i["paid"]),
                zl(i["left"]),
                i["status_label"] + paid_on,
            )
        out.print(rates)


def _drop_partial(*targets: Path | None) -> None:
    """A refused bundle leaves nothing beside its targets (the writers stage in ``.part``)."""
    for target in targets:
        if target is not None:
            target.with_suffix(target.suffix + ".part").unlink(missing_ok=True)


@cases_app.command("bundle")
def bundle(
    ref: Annotated[str, typer.Argument(help="The creditor's case reference.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="ZIP file to write.")],
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="Also write one PDF (index + exhibits) with bookmarks."),
    ] = None,
) -> None:
    """Write the evidence bundle (exhibits numbered, index .docx, manifest.json) as a ZIP.

    With ``--pdf`` also a single PDF for the partner; the newest stored evidence index is
    put first (and into the ZIP). Files that cannot be shown get a placeholder page.
    """
    from documents.packet import (
        EvidenceChanged,
        build_packet,
        file_hashes,
        write_bundle,
        write_pdf_bundle,
    )
    from store import integrity
    from store.queries import case_detail, case_file_by_ref

    # both outputs are checked before anything is read or written; folders are never created
    output_file_option(output, "-o/--output")
    if pdf is not None:
        output_file_option(pdf, "--pdf")
        if pdf.resolve() == output.resolve():
            refuse("--pdf: PDF i ZIP nie mogą być tym samym plikiem")
    settings = Settings.from_env()
    engine = _engine(settings)
    found = case_file_by_ref(engine, ref)
    # invoices the last draft left out of the claim (time-barred, K4) are no exhibits there
    detail = case_detail(engine, ref) if found is not None else None
    claim = (detail or {}).get("claim") or {}
    left_out = [i["number"] for i in claim.get("excluded_invoices", [])]
    epu = (claim.get("procedure") or {}).get("name") == "epu"  # K10: the firm's archive
    try:  # the stored evidence index goes in only if its SHA-256 matches (refusal recorded)
        index_docx = (
            integrity.newest_verified_bytes(
                engine,
                found[0].case_id,
                "evidence_index",
                [settings.documents_dir, settings.home],
                actor="cli",
                purpose="bundle",
            )
            if found is not None
            else None
        )
    except integrity.DocumentTampered as exc:
        engine.dispose()
        err.print(f"Błąd: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    engine.dispose()
    if found is None:
        refuse(f"nie ma sprawy o sygnaturze {ref!r}")
    case, root = found
    packet = build_packet(
        case, file_hashes(root, [e.path for e in case.evidence]), leave_out=left_out, epu=epu
    )
    try:
        path = write_bundle(packet, root, output, index_docx)
        result = write_pdf_bundle(packet, root, pdf, index_docx) if pdf is not None else None
    except EvidenceChanged as exc:
        _drop_partial(output, pdf)
        err.print(f"Błąd: dowody zmieniły się od przyjęcia sprawy: {exc}", markup=False)
        raise typer.Exit(1) from exc
    except OSError as exc:  # a full disk, a read-only mount, an evidence file gone
        _drop_partial(output, pdf)
        refuse(f"pakiet dowodów nie powstał: {exc.filename or output}: {os_reason(exc)}")
    for f in packet.findings:
        err.print(f"[yellow]{f.severity}[/] {escape(f.message)}")
    if packet.epu:
        out.print(
            f"{packet.label} (EPU - do pozwu nie dołącza się załączników, art. 505^32 § 1 KPC): "
            f"{path} ({len(packet.exhibits)} pozycji)"
        )
    else:
        out.print(f"Załączniki: {path} ({len(packet.exhibits)} pozycji)")
    if result is not None:
        for p in result.problems:
            kind = "Dowód" if packet.epu else "Załącznik"
            label = f"{kind} nr {p.number}" if p.number is not None else "Wykaz"
            err.print(f"[yellow]PDF[/] {escape(f'{label} ({p.path}): {p.reason}')}")
        if index_docx is None:
            err.print("[yellow]PDF[/] brak wygenerowanego wykazu załączników - PDF bez wykazu")
        out.print(
            f"PDF: {result.path} ({result.pages} stron, {len(result.bookmarks)} zakładek, "
            f"{len(result.problems)} problemów)"
        )


# issue #17: the filing and the stage correction live in cli.filing (casework behind them)
def _register_filing() -> None:
    from cli.filing import correct_stage, file_case

    cases_app.command("file")(file_case)
    cases_app.command("correct")(correct_stage)


_register_filing()
