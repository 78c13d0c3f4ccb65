"""``handoff payments``: record a payment after the handoff, list a case's payments, import a
bank statement (MT940, camt.053, CSV), list the credits no case was matched to and assign
one to a case by hand, and draft the creditor's final statement (rozliczenie końcowe; also
drafted by itself when a payment closes a case as paid).

Each command runs in one transaction (``casework.payments`` / ``casework.statements``): a
refusal prints one Polish line, exits with status 2 and writes nothing. ``--as`` names the
person acting (default: $USER).

A payment on a case in court leaves the letter the court needs (``casework.court_letters``:
cofnięcie pozwu w części / w całości) stored ``to_render``; once the payments are committed,
``add``, ``import`` and ``assign`` write its .docx at once (``render_pending``, one
transaction per case, as ``handoff letters draft`` does). A letter that cannot be written
(firm profile unreadable, template broken) stays ``to_render``, the payment stays recorded,
and one Polish line per case says why and that ``handoff letters draft`` retries.
"""

from __future__ import annotations

import gc
import getpass
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.casework_run import Actor, in_transaction
from cli.errors import day_option, input_bytes, output_file_option, refuse, write_failed
from config import firm_today

if TYPE_CHECKING:
    from datetime import date

    import sqlalchemy as sa
    from sqlmodel import Session

    from casework.court_letters import LetterOutcome, LetterOutput
    from casework.final_statement import StatementDrafting
    from casework.payments import PaymentOutcome

payments_app = typer.Typer(
    no_args_is_help=True, help="Payments after the handoff (wpłaty, wyciągi bankowe)."
)


@payments_app.command("add")
def add(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    amount: Annotated[str, typer.Option("--amount", help="Amount in PLN, e.g. 1234,50.")],
    on: Annotated[str, typer.Option("--on", help="Day of the payment, YYYY-MM-DD.")],
    title: Annotated[str, typer.Option("--title", help="Transfer title.")] = "",
    designated: Annotated[
        str | None,
        typer.Option("--designated", help="Invoice the debtor designated (art. 451 §1 KC)."),
    ] = None,
    allow_overpayment: Annotated[
        bool,
        typer.Option("--allow-overpayment", help="Record a payment larger than the whole debt."),
    ] = False,
    instalment: Annotated[
        str | None,
        typer.Option(
            "--instalment",
            help="Instalment (number) of the case's active settlement the debtor named.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Record a payment on a case, allocate it (art. 451 KC) and update what depends on it."""
    from casework import Refused
    from casework.payments import PaymentIn, parse_amount, parse_instalment, record_payment

    today = firm_today()
    try:
        value = parse_amount(amount)
        number = parse_instalment(instalment) if instalment is not None else None
    except Refused as exc:
        refuse(str(exc))
    day = day_option(
        on, "--on", latest=(today, f"data wpłaty nie może być w przyszłości (dziś jest {today})")
    )
    pay = PaymentIn(
        paid_on=day,
        amount=value,
        title=title.strip(),
        invoice_number=designated.strip() if designated else None,
        designated=bool(designated),
        instalment=number,
    )
    who = actor or getpass.getuser()

    def work(s: Session) -> tuple[PaymentOutcome, list[str]]:
        done = record_payment(
            s, case_ref, pay, today=today, actor=who, allow_overpayment=allow_overpayment
        )
        return done, _closing(s, [done], today, who)

    outcome, drafted = in_transaction(work)
    letters = _court_letters([outcome], who)
    if as_json:
        typer.echo(json.dumps(_outcome_json(outcome) | letters.to_json(), ensure_ascii=False))
        return
    typer.echo(outcome.summary())
    for line in [*drafted, *letters.lines()]:
        typer.echo(line)


def _drafting() -> StatementDrafting:
    from casework.final_statement import StatementDrafting
    from config import Settings
    from documents.firm import load_firm_profile

    settings = Settings.from_env()
    return StatementDrafting(
        settings.documents_dir, load_firm_profile(settings.firm_file), settings.templates_dir
    )


def _closing(
    session: Session, outcomes: list[PaymentOutcome], today: date, actor: str
) -> list[str]:
    """The final statement (rozliczenie końcowe) of every case these payments closed. An
    unreadable firm profile leaves it undrafted (one line; the payments are recorded)."""
    from casework.final_statement import draft_for_closed
    from documents.firm import FirmProfileError

    closed = [o.case_ref for o in outcomes if o.stage_after == "paid" and o.stage_before != "paid"]
    if not closed:
        return []
    try:
        drafting = _drafting()
    except FirmProfileError:
        return [
            f"Rozliczenie końcowe ({ref}) nie zostało sporządzone: profil kancelarii "
            "(HANDOFF_FIRM_FILE) nie istnieje albo jest niepoprawny - wpłata jest zapisana; "
            f"sporządź: handoff payments statement {ref}"
            for ref in closed
        ]
    done = draft_for_closed(session, outcomes, drafting, today=today, actor=actor)
    return [f"Rozliczenie końcowe dla wierzyciela ({d.case_ref}): {d.path}" for d in done]


@dataclass
class _LettersWritten:
    """The court letters' .docx written after the payments were committed, and the cases
    whose letter could not be written (it stays ``to_render``)."""

    written: list[dict[str, object]] = field(default_factory=list)
    lines_written: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    def fail(self, ref: str, why: str) -> None:
        self.failed.append(
            {
                "case": ref,
                "message": (
                    f"Pismo do sądu w sprawie {ref} nie zostało sporządzone (.docx): {why}. "
                    "Wpłata jest zapisana, pismo czeka na sporządzenie - ponów: handoff "
                    f"letters draft {ref} --reason payment"
                ),
            }
        )

    def lines(self) -> list[str]:
        return [*self.lines_written, *(f["message"] for f in self.failed)]

    def to_json(self) -> dict[str, object]:
        return {"court_letters": self.written, "court_letters_failed": self.failed}


def _court_letters(outcomes: list[PaymentOutcome], actor: str) -> _LettersWritten:
    """Write the .docx of the letters still ``to_render`` on the cases in court these
    (committed) payments went to (``casework.court_letters.render_pending``),
    ``LETTERS_PER_COMMIT`` cases a transaction; a batch in which one case fails is written
    again case by case, so that a failure leaves only that case's letters ``to_render``."""
    from sqlmodel import Session, col, select

    from casework import Refused
    from casework.court_letters import TO_RENDER, LetterOutput
    from config import Settings
    from law.pl.court_letters import LETTER_STAGES
    from law.stages import Stage
    from store.db import open_store
    from store.tables import CourtLetter

    done = _LettersWritten()
    refs = {
        o.case_file.case_id: o.case_ref
        for o in outcomes
        if o.case_file is not None and Stage(o.stage_before) in LETTER_STAGES
    }
    if not refs:
        return done
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        ids = sorted(refs)
        pending: set[int] = set()
        with Session(engine) as s:
            for start in range(0, len(ids), 1000):
                pending.update(
                    s.exec(
                        select(CourtLetter.case_id).where(
                            col(CourtLetter.case_id).in_(ids[start : start + 1000]),
                            CourtLetter.status == TO_RENDER,
                        )
                    ).all()
                )
        if not pending:
            return done
        try:
            output = LetterOutput.from_settings(settings)
        except Refused as exc:
            for case_id in sorted(pending):
                done.fail(refs[case_id], str(exc))
            return done
        # Each .docx rendered leaves lxml trees in reference cycles (python-docx proxies)
        # whose C memory only a collection frees; the import's own objects are frozen out of
        # the collections so that collecting every few letters stays cheap (measured: 3,815
        # letters grew the process by ~100 kB each without it).
        gc.freeze()
        ordered = sorted(pending)
        for start in range(0, len(ordered), LETTERS_PER_COMMIT):
            gc.collect()
            batch = ordered[start : start + LETTERS_PER_COMMIT]
            if not _letters_batch(engine, batch, refs, actor, output, done) and len(batch) > 1:
                for case_id in batch:  # one failed: each case alone, the others written
                    _letters_batch(engine, [case_id], refs, actor, output, done)
    finally:
        gc.unfreeze()
        engine.dispose()
    return done


# Letters written per transaction: one commit (a WAL flush) per batch, and what the batch's
# letters read is read for all its cases at once (``casework.court_letters.LetterBatch``).
LETTERS_PER_COMMIT = 50


def _letters_batch(
    engine: sa.Engine,
    case_ids: list[int],
    refs: dict[int, str],
    actor: str,
    output: LetterOutput,
    done: _LettersWritten,
) -> bool:
    """Write the pending letters of ``case_ids`` in one transaction. A batch of several
    cases is all or nothing: False when one case failed (rolled back, nothing told: the
    caller writes each case alone). A case alone that fails, or whose commit fails, is told
    in ``done`` and its letters stay ``to_render``."""
    from casework.court_letters import LetterBatch, render_pending
    from store.db import session_scope

    alone = len(case_ids) == 1
    items: list[dict[str, object]] = []
    lines: list[str] = []
    try:
        with session_scope(engine) as s:
            letters = LetterBatch.load(s, case_ids)
            for case_id in case_ids:
                try:
                    ok = [
                        o
                        for o in render_pending(
                            s, f"#{case_id}", actor=actor, output=output, batch=letters
                        )
                        if o.letter is not None and o.document is not None
                    ]
                except Exception as exc:
                    if not alone:
                        raise _BatchFailed from exc
                    done.fail(refs[case_id], _failure(exc))
                    raise _BatchFailed from exc
                items.extend(o.to_json() for o in ok)
                lines.extend(_letter_line(o) for o in ok)
    except _BatchFailed:
        return False
    except Exception as exc:  # the commit failed: the letters stay to_render
        if not alone:
            return False
        done.fail(refs[case_ids[0]], f"nie zapisano pisma w bazie ({type(exc).__name__}: {exc})")
        return False
    done.written.extend(items)
    done.lines_written.extend(lines)
    return True


class _BatchFailed(Exception):
    """A case of a letters' batch failed: the batch's transaction is rolled back."""


def _failure(exc: Exception) -> str:
    """Why a case's letter was not written, in Polish (the payment is committed: a line,
    never a traceback)."""
    from casework import Refused

    if isinstance(exc, Refused):
        return str(exc)
    return f"nieoczekiwany błąd przy sporządzaniu pisma ({type(exc).__name__}: {exc})"


def _letter_line(outcome: LetterOutcome) -> str:
    """One Polish line for a letter whose .docx a payment command wrote."""
    from casework.court_letters import KIND_LABELS

    assert outcome.letter is not None and outcome.document is not None
    line = (
        f"Pismo do sądu #{outcome.letter.id} w sprawie {outcome.case_ref} "
        f"({KIND_LABELS[outcome.letter.kind]}) sporządzone - do akceptacji partnera; "
        f"projekt v{outcome.document.version}: {outcome.document.path}"
    )
    if outcome.blockers:
        line += ". Uwagi blokujące: " + "; ".join(outcome.blockers)
    return line


def _outcome_json(outcome: PaymentOutcome) -> dict[str, object]:
    return {
        "case": outcome.case_ref,
        "payment_id": outcome.payment_id,
        "amount": str(outcome.amount),
        "instalment": outcome.instalment,
        "surplus": str(outcome.surplus),
        "stage_before": outcome.stage_before,
        "stage": outcome.stage_after,
        "allocation": [
            {
                "invoice_number": line.invoice_number or None,
                "to_costs": str(line.to_costs),
                "to_interest": str(line.to_interest),
                "to_principal": str(line.to_principal),
                "cites": line.cites,
            }
            for line in outcome.lines
        ],
        "left": {
            "on": outcome.left.on.isoformat(),
            "principal": str(outcome.left.principal),
            "interest": str(outcome.left.interest),
            "costs": str(outcome.left.costs),
            "total": str(outcome.left.total),
        },
    }


@payments_app.command("list")
def list_payments(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A case's payments, how each was allocated and what is left today."""
    from casework.payments import payments_of
    from law.pl.text import pl_date, pl_money

    today = firm_today()
    view = in_transaction(lambda s: payments_of(s, case_ref, today=today))
    if as_json:
        typer.echo(json.dumps(view.to_json(), ensure_ascii=False))
        return
    typer.echo(f"Sprawa {view.case_ref}: wpłaty po przekazaniu ({len(view.payments)})")
    for p in view.payments:
        typer.echo(
            f"  {pl_date(p.paid_on)}  {pl_money(p.amount)}  [{p.source}]"
            + (f"  rata {p.instalment}" if p.instalment is not None else "")
            + (f"  {p.title}" if p.title else "")
        )
        for line in view.lines.get(p.id or 0, ()):
            what = (
                f"koszty {pl_money(line.to_costs)}"
                if not line.invoice_number
                else f"{line.invoice_number}: odsetki {pl_money(line.to_interest)}, "
                f"kapitał {pl_money(line.to_principal)}"
            )
            typer.echo(f"      {what}  ({line.cites})")
    left = view.left
    typer.echo(
        f"Pozostało na {pl_date(left.on)}: kapitał {pl_money(left.principal)}, odsetki "
        f"{pl_money(left.interest)}, koszty {pl_money(left.costs)}; razem {pl_money(left.total)}"
    )


@payments_app.command("import")
def import_statement(
    file: Annotated[Path, typer.Argument(help="Bank statement: MT940, camt.053 or CSV.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="mt940 | camt053 | csv (default: from the content)."),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Text encoding of the file (default UTF-8).")
    ] = "utf-8",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Import a bank statement: each credit matched to a case for certain is recorded as a
    payment, the rest goes to the unmatched list. The same statement twice records nothing
    twice."""
    from casework import Refused
    from casework.statements import FORMATS, ImportReport, import_transactions, parse_statement

    if fmt is not None and fmt not in FORMATS:
        refuse(f"--format: {fmt!r} - dozwolone: {', '.join(FORMATS)}")
    data = input_bytes(file, "wyciąg bankowy")
    try:
        statement = parse_statement(data, file.name, fmt, encoding=encoding)
    except Refused as exc:
        refuse(str(exc))
    today = firm_today()
    who = actor or getpass.getuser()

    def work(s: Session) -> tuple[ImportReport, list[str]]:
        report = import_transactions(s, statement, today=today, actor=who)
        return report, _closing(s, report.outcomes, today, who)

    report, drafted = in_transaction(work)
    letters = _court_letters(list(report.outcomes), who)
    if as_json:
        typer.echo(json.dumps(report.to_json() | letters.to_json(), ensure_ascii=False))
        return
    typer.echo(report.summary())
    for line in [*drafted, *letters.lines()]:
        typer.echo(line)


@payments_app.command("unmatched")
def unmatched(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Statement credits not matched to any case for certain: for a person to decide."""
    from casework.statements import unmatched_json, unmatched_transactions
    from law.pl.text import pl_date, pl_money

    rows = in_transaction(unmatched_transactions)
    if as_json:
        typer.echo(json.dumps([unmatched_json(r) for r in rows], ensure_ascii=False))
        return
    if not rows:
        typer.echo("Brak nierozpoznanych wpłat.")
        return
    typer.echo(f"Nierozpoznane wpłaty ({len(rows)}):")
    for r in rows:
        typer.echo(
            f"  {pl_date(r.booked_on)}  {pl_money(r.amount)}  {r.counterparty}  {r.title}  "
            f"- {r.reason}" + (f" (sprawy: {r.candidates})" if r.candidates else "")
        )


@payments_app.command("assign")
def assign(
    txn_id: Annotated[
        str, typer.Argument(help="Unmatched credit: its id (handoff payments unmatched) or key.")
    ],
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    by: Annotated[str | None, typer.Option("--by", help="Who decided (default: $USER).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record an unmatched statement credit as a payment on the case a person chose
    (allocated under art. 451 KC, audited, taken off the unmatched list)."""
    from casework.statements import assign_unmatched

    today = firm_today()
    who = (by or "").strip() or getpass.getuser()

    def work(s: Session) -> tuple[PaymentOutcome, list[str]]:
        done = assign_unmatched(s, txn_id, case_ref, today=today, actor=who)
        return done, _closing(s, [done], today, who)

    outcome, drafted = in_transaction(work)
    letters = _court_letters([outcome], who)
    if as_json:
        typer.echo(
            json.dumps(
                _outcome_json(outcome)
                | {"transaction": txn_id, "assigned_by": who}
                | letters.to_json(),
                ensure_ascii=False,
            )
        )
        return
    typer.echo(f"Przypisano nierozpoznaną wpłatę {txn_id} ({who}). {outcome.summary()}")
    for line in [*drafted, *letters.lines()]:
        typer.echo(line)


@payments_app.command("statement")
def statement(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the .docx to this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """The creditor's final statement of a case (rozliczenie końcowe, .docx): every payment
    with its art. 451 KC allocation, what was claimed, recovered and left; stored as a
    generated document of the case."""
    import shutil

    from casework.final_statement import draft_final_statement
    from law.pl.text import pl_money

    if out is not None:
        output_file_option(out, "--out")
    today = firm_today()
    who = actor or getpass.getuser()
    drafting = _drafting()
    done = in_transaction(
        lambda s: draft_final_statement(s, case_ref, drafting, today=today, actor=who)
    )
    if out is not None:
        try:
            shutil.copyfile(done.path, out)
        except OSError as exc:
            write_failed(out, exc)
    st = done.statement
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "case": done.case_ref,
                    "path": str(done.path),
                    "out": str(out) if out is not None else None,
                    "version": done.version,
                    "sha256": done.sha256,
                    "created": done.created,
                    "payments": len(st.payments),
                    "recovered": str(st.recovered),
                    "left_on": st.left_on.isoformat(),
                    "left": str(st.left_total),
                },
                ensure_ascii=False,
            )
        )
        return
    typer.echo(
        f"Rozliczenie końcowe sprawy {done.case_ref} (wersja {done.version}): wpłat "
        f"{len(st.payments)}, odzyskano {pl_money(st.recovered)}, pozostało "
        f"{pl_money(st.left_total)}. Plik: {out or done.path}"
    )
