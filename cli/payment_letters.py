"""The court letters a payment command writes once its payments are committed (issue #18).

``handoff payments add / import / assign`` record the payments in one transaction; the
letters the court needs (``casework.court_letters``: cofnięcie pozwu w części / w całości)
are stored ``to_render`` in it. Afterwards :func:`court_letters_after` writes their .docx
and queues them for the partner: ``LETTERS_PER_COMMIT`` cases a transaction, what their
drafting reads read for the whole batch at once (``casework.court_letters.LetterBatch``).
A batch in which one case fails is written again case by case, so that a failure leaves
only that case's letters ``to_render`` (with one Polish line naming ``handoff letters draft``)
and never the payment.

A bank statement can pay thousands of cases in court: the batches are then shared among
processes (one per core, at most ``MAX_PROCESSES``; ``HANDOFF_LETTER_PROCESSES`` sets the
number, 1 keeps everything in this process). Each process writes whole batches in its own
transactions; the batches' results are reported in the cases' order, as one process would.
When a process dies, the batches whose results were lost are taken up here: what was
committed of them is read back and reported as written, the rest is written in this
process.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.util
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

    from casework.court_letters import LetterOutcome, LetterOutput
    from casework.payments import PaymentOutcome

# Letters written per transaction: one commit (a WAL flush) per batch, and what the batch's
# letters read is read for all its cases at once (``casework.court_letters.LetterBatch``).
LETTERS_PER_COMMIT = 50
MAX_PROCESSES = 4
PROCESSES_ENV = "HANDOFF_LETTER_PROCESSES"


@dataclass
class LettersWritten:
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

    def extend(self, other: LettersWritten) -> None:
        self.written.extend(other.written)
        self.lines_written.extend(other.lines_written)
        self.failed.extend(other.failed)

    def lines(self) -> list[str]:
        return [*self.lines_written, *(f["message"] for f in self.failed)]

    def to_json(self) -> dict[str, object]:
        return {"court_letters": self.written, "court_letters_failed": self.failed}


def court_letters_after(outcomes: list[PaymentOutcome], actor: str) -> LettersWritten:
    """Write the .docx of the letters still ``to_render`` on the cases in court these
    (committed) payments went to (module docstring)."""
    from sqlmodel import Session, col, select

    from casework import Refused
    from casework.court_letters import TO_RENDER, LetterOutput
    from config import Settings
    from law.pl.court_letters import LETTER_STAGES
    from law.stages import Stage
    from store.db import open_store
    from store.tables import CourtLetter

    done = LettersWritten()
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
        pending: dict[int, list[int]] = {}  # case id -> its letters to render
        with Session(engine) as s:
            for start in range(0, len(ids), 1000):
                for letter_id, case_id in s.exec(
                    select(CourtLetter.id, CourtLetter.case_id).where(
                        col(CourtLetter.case_id).in_(ids[start : start + 1000]),
                        CourtLetter.status == TO_RENDER,
                    )
                ).all():
                    pending.setdefault(case_id, []).append(letter_id)
        if not pending:
            return done
        try:
            output = LetterOutput.from_settings(settings)
        except Refused as exc:
            for case_id in sorted(pending):
                done.fail(refs[case_id], str(exc))
            return done
        ordered = sorted(pending)
        batches = [
            ordered[start : start + LETTERS_PER_COMMIT]
            for start in range(0, len(ordered), LETTERS_PER_COMMIT)
        ]
        # Each .docx rendered leaves lxml trees in reference cycles (python-docx proxies)
        # whose C memory only a collection frees; the import's own objects are frozen out of
        # the collections so that collecting every batch stays cheap (measured: 3,815
        # letters grew the process by ~100 kB each without it). Frozen, they also stay
        # shared with the letter processes (a collection would copy their pages).
        try:
            processes = letter_processes(len(batches))
        except Refused as exc:
            for case_id in ordered:
                done.fail(refs[case_id], str(exc))
            return done
        gc.freeze()
        if processes > 1:
            engine.dispose()  # no connection crosses into the processes
            work = _Work(settings.database_url, refs, actor, output)
            results = _in_processes(processes, batches, work)
            for batch, written in zip(batches, results, strict=True):
                if written is not None:
                    done.extend(written)
                else:  # its process died: what was committed, then the rest here
                    _recover(engine, batch, pending, refs, actor, output, done)
        else:
            for batch in batches:
                _write_batch(engine, batch, refs, actor, output, done)
    finally:
        gc.unfreeze()
        engine.dispose()
    return done


def letter_processes(batches: int) -> int:
    """How many processes write ``batches`` batches of letters: ``HANDOFF_LETTER_PROCESSES``
    when set (a whole number from 1), else one per core this process may use, at most
    ``MAX_PROCESSES``, and one when this process runs other threads (a fork copies the
    calling thread alone, with any lock another thread held: set explicitly, the number is
    the operator's call); never more than there are batches, one where there is no fork."""
    from casework import Refused
    from casework.processes import fork_available, single_threaded, usable_cores

    if not fork_available():
        return 1
    text = os.environ.get(PROCESSES_ENV, "").strip()
    if text:
        if not text.isdigit() or int(text) < 1:
            raise Refused(f"{PROCESSES_ENV}={text!r} - podaj liczbę procesów, od 1")
        wanted = int(text)
    elif not single_threaded():
        wanted = 1
    else:
        wanted = min(MAX_PROCESSES, usable_cores())
    return max(1, min(wanted, batches))


def _write_batch(
    engine: sa.Engine,
    batch: list[int],
    refs: dict[int, str],
    actor: str,
    output: LetterOutput,
    done: LettersWritten,
) -> None:
    """One batch of cases' letters; when one case fails, each case alone."""
    # The last batch's garbage (its .docx trees' cycles) is collected, and what survives
    # (caches, templates, modules first loaded by the last batch) is frozen: the next
    # collection then scans one batch's objects, not everything this process has made
    # since the import (measured: 2.7 s of collections for 3,815 letters before).
    gc.collect()
    gc.freeze()
    if not _letters_batch(engine, batch, refs, actor, output, done) and len(batch) > 1:
        for case_id in batch:
            _letters_batch(engine, [case_id], refs, actor, output, done)


def _letters_batch(
    engine: sa.Engine,
    case_ids: list[int],
    refs: dict[int, str],
    actor: str,
    output: LetterOutput,
    done: LettersWritten,
) -> bool:
    """Write the pending letters of ``case_ids`` in one transaction. A batch of several
    cases is all or nothing: False when one case failed (rolled back, nothing told: the
    caller writes each case alone). A case alone that fails, or whose commit fails, is told
    in ``done`` and its letters stay ``to_render``."""
    from casework.court_letters import LetterBatch, render_pending
    from store.db import session_scope

    alone = len(case_ids) == 1
    written: list[LetterOutcome] = []
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
                    if alone:
                        done.fail(refs[case_id], _failure(exc))
                    raise _BatchFailed from exc
                written.extend(ok)
            letters.finish(s)
            items = [o.to_json() for o in written]
            lines = [_letter_line(o) for o in written]
    except _BatchFailed:
        return False
    except Exception as exc:  # the commit failed: the letters stay to_render
        if alone:
            done.fail(
                refs[case_ids[0]], f"nie zapisano pisma w bazie ({type(exc).__name__}: {exc})"
            )
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


# ---------------------------------------------------------------- in several processes


@dataclass(frozen=True)
class _Work:
    """What every letter process needs, inherited when it is forked."""

    database_url: str
    refs: dict[int, str]
    actor: str
    output: LetterOutput


_WORK: _Work | None = None  # set in the parent before the processes are forked
_ENGINE: sa.Engine | None = None  # each process's own


def _in_processes(
    processes: int, batches: list[list[int]], work: _Work
) -> list[LettersWritten | None]:
    """The batches written by ``processes`` forked processes: each batch's result, in the
    batches' order; None where it was lost (a process died: the pool then loses every batch
    not yet reported, written or not)."""
    global _WORK
    results: list[LettersWritten | None] = []
    _WORK = work
    try:
        with ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_process,
        ) as pool:
            futures: list[Future[LettersWritten]] = [
                pool.submit(_batch_job, batch) for batch in batches
            ]
            for future in futures:
                try:
                    results.append(future.result())
                except Exception:  # BrokenProcessPool: nothing of the batch is known
                    results.append(None)
    finally:
        _WORK = None
    return results


def _recover(
    engine: sa.Engine,
    batch: list[int],
    pending: dict[int, list[int]],
    refs: dict[int, str],
    actor: str,
    output: LetterOutput,
    done: LettersWritten,
) -> None:
    """A batch whose process's report was lost: the letters it (or another process) did
    commit are read back and told as written; the rest are written here, as one process
    writes a batch."""
    from casework.court_letters import drafted_outcomes
    from store.db import session_scope

    with session_scope(engine) as s:
        drafted = drafted_outcomes(s, [i for c in batch for i in pending.get(c, [])], refs)
        done.written.extend(o.to_json() for o in drafted)
        done.lines_written.extend(_letter_line(o) for o in drafted)
    finished = {o.letter.case_id for o in drafted if o.letter is not None}
    rest = [c for c in batch if c not in finished]
    if rest:
        _write_batch(engine, rest, refs, actor, output, done)


def _start_process() -> None:
    """A letter process: its own connections to the store."""
    global _ENGINE
    from store.db import make_engine

    assert _WORK is not None
    _ENGINE = make_engine(_WORK.database_url)
    # closed when the process ends (SQLite: its WAL checkpointed, not left to the next one)
    multiprocessing.util.Finalize(None, _ENGINE.dispose, exitpriority=10)


def _batch_job(batch: list[int]) -> LettersWritten:
    assert _WORK is not None and _ENGINE is not None
    done = LettersWritten()
    _write_batch(_ENGINE, batch, _WORK.refs, _WORK.actor, _WORK.output, done)
    return done
