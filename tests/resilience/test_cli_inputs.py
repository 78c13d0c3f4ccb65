"""The command line's bad inputs: one Polish line on stderr, exit status 2, nothing changed.

``corpus/cli_inputs.jsonl`` holds one bad command line per item, the kind of thing a
paralegal types: missing, empty, binary or wrongly encoded files, folders that do not exist,
unknown case references, impossible and far-away dates, unknown options, an output file in
a missing folder or on a file system that refuses it, a database URL that does not answer.
Placeholders: ``@ref`` (a stored sample case), ``@event`` (a live court event), ``@bad/x``
(a broken input made by ``corpus.write_bad_files``), ``@tmp/x`` (a fresh folder),
``@samples/x``, ``@day:+N`` (today + N days), ``@repeat:C:N``.

Each item runs through the real entry point (``cli.entry.main``, as ``.venv/bin/handoff``)
in this process (with ``process``: as its own process) and must: exit with ``exit`` (2
unless told), print nothing on stdout, print exactly one line on stderr that starts with
``Błąd:`` and holds ``message`` (and ``also``), never a traceback nor a PESEL-shaped
number, leave every table of the case store as it was, and not create ``absent``. Items
another helper's command gets wrong today carry ``gap`` (a strict xfail naming the file and
its owner), as in the intake corpus.
``test_every_command_has_bad_input_items`` walks the command tree, so a new command without
items fails.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from config import firm_today
from tests.conftest import SAMPLES
from tests.resilience import corpus

ITEMS = corpus.cli_items()
PESEL_LIKE = re.compile(r"(?<!\d)\d{11}(?!\d)")


@dataclass(frozen=True)
class Store:
    home: Path
    bad: Path
    ref: str
    event_id: int

    @property
    def url(self) -> str:
        return f"sqlite:///{self.home / 'handoff.db'}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The five sample cases imported, one court event recorded, the broken files made."""
    from intake.importer import import_batch
    from law.pl.deadlines import EventKind
    from store.db import open_store, session_scope
    from store.deadlines import record_event

    root = tmp_path_factory.mktemp("cli-inputs")
    home = root / "home"
    corpus.write_bad_files(root / "bad")
    engine = open_store(f"sqlite:///{home / 'handoff.db'}")
    report = import_batch(engine, SAMPLES / "cases", today=firm_today())
    ref = next(o.external_ref for o in report.outcomes if o.external_ref)
    assert ref is not None
    with session_scope(engine) as session:
        event, _ = record_event(
            session, ref, EventKind("call-served"), firm_today() - timedelta(days=3), actor="t"
        )
        event_id = event.id
    engine.dispose()
    assert event_id is not None
    yield Store(home, root / "bad", ref, event_id)


def _expand(arg: str, store: Store, tmp: Path) -> str:
    if arg == "@ref":
        return store.ref
    if arg == "@event":
        return str(store.event_id)
    if arg.startswith("@day:"):
        return (firm_today() + timedelta(days=int(arg.removeprefix("@day:")))).isoformat()
    if arg.startswith("@repeat:"):
        _, char, count = arg.split(":")
        return char * int(count)
    for prefix, folder in (("@bad/", store.bad), ("@tmp/", tmp), ("@samples/", SAMPLES)):
        if arg.startswith(prefix):
            return str(folder / arg.removeprefix(prefix))
    return arg


def row_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {
                t: int(conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one())
                for t in names
            }
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str = "",
) -> Run:
    """``handoff ARGS`` through the installed entry point, in this process."""
    from cli.entry import main

    monkeypatch.setattr(sys, "argv", ["handoff", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as stopped:
        main()
    code = stopped.value.code
    out, err = capsys.readouterr()
    return Run(code if isinstance(code, int) else 0 if code is None else 1, out, err)


def run_process(args: list[str], stdin: str = "") -> Run:
    """``.venv/bin/handoff ARGS`` as its own process (for settings a library caches, like
    Prefect's), with the environment of the test."""
    import os
    import subprocess

    handoff = Path(sys.executable).with_name("handoff")
    done = subprocess.run(
        [str(handoff), *args], input=stdin, capture_output=True, text=True, env=dict(os.environ)
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _env(monkeypatch: pytest.MonkeyPatch, store: Store, extra: dict[str, str]) -> None:
    monkeypatch.setenv("HANDOFF_HOME", str(store.home))
    monkeypatch.delenv("HANDOFF_DATABASE_URL", raising=False)
    monkeypatch.setenv("HANDOFF_REVIEW_SECRET", "test-secret-for-the-cli-corpus")
    for name, value in extra.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("item", ITEMS, ids=[item["id"] for item in ITEMS])
def test_bad_input_is_one_polish_line(
    item: dict[str, Any],
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    if "gap" in item:
        request.applymarker(pytest.mark.xfail(strict=True, reason=item["gap"]))
    _env(monkeypatch, store, item.get("env", {}))
    args = [_expand(a, store, tmp_path) for a in item["args"]]
    before = row_counts(store.url)

    if item.get("process"):
        run = run_process(args, item.get("stdin", ""))
    else:
        run = run_cli(args, monkeypatch, capsys, item.get("stdin", ""))

    assert "Traceback" not in run.err, run.err
    lines = [line for line in run.err.splitlines() if line.strip()]
    progress = tuple(item.get("progress", ()))
    errors = [line for line in lines if not (progress and line.startswith(progress))]
    assert len(errors) == 1, run.err
    (line,) = errors
    assert line.startswith("Błąd: "), line
    for fragment in (item["message"], item.get("also", "")):
        assert _expand(fragment, store, tmp_path) in line, line
    assert run.code == item.get("exit", 2), run.err
    assert run.out == "", run.out
    assert not PESEL_LIKE.search(run.err), "a PESEL-shaped number on stderr"
    assert row_counts(store.url) == before, "a refused command changed the case store"
    if "absent" in item:
        assert not Path(_expand(item["absent"], store, tmp_path)).exists()


def _command_paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield prefix
        return
    for name, sub in subcommands.items():
        yield from _command_paths(sub, (*prefix, name))


def test_every_command_has_bad_input_items() -> None:
    import typer

    from cli.main import app

    covered = {tuple(item["args"][:2]) for item in ITEMS} | {(item["args"][0],) for item in ITEMS}
    paths = _command_paths(typer.main.get_command(app))
    missing = [" ".join(path) for path in paths if path not in covered]
    assert not missing, f"commands without bad-input items in cli_inputs.jsonl: {missing}"


def test_corpus_ids_are_unique() -> None:
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)


# --- the boundary: what escapes a command ------------------------------------------------------


def test_an_internal_error_is_one_line_naming_the_log_which_holds_the_traceback(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bug is not hidden: exit 1, the line names the error and the log; no PESEL logged."""
    import store.queries as queries

    _env(monkeypatch, store, {})

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("błąd testowy dla PESEL 44051401359")

    monkeypatch.setattr(queries, "case_rows", broken)
    run = run_cli(["cases", "list"], monkeypatch, capsys)
    log = store.home / "logs" / "cli-errors.log"
    assert run.code == 1
    assert run.err.strip() == (
        f"Błąd: nieoczekiwany błąd programu (RuntimeError); szczegóły w {log}"
    ), run.err
    assert run.out == ""
    text = log.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError: błąd testowy dla PESEL" in text
    assert "in broken" in text  # the frame that failed
    assert "44051401359" not in text and "***********" in text


def test_ctrl_c_is_one_short_line(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import store.queries as queries

    _env(monkeypatch, store, {})

    def interrupted(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(queries, "case_rows", interrupted)
    run = run_cli(["cases", "list"], monkeypatch, capsys)
    assert (run.code, run.err.strip(), run.out) == (130, "Przerwano (Ctrl+C).", "")


def test_ctrl_c_of_a_real_process(store: Store) -> None:
    """SIGINT to ``.venv/bin/handoff`` while it works: one line, status 130, no traceback."""
    import os
    import signal
    import subprocess
    import time

    handoff = Path(sys.executable).with_name("handoff")
    env = {**os.environ, "HANDOFF_HOME": str(store.home)}
    env.pop("HANDOFF_DATABASE_URL", None)
    # ``users add --password-stdin`` waits on its stdin (never written) until interrupted
    proc = subprocess.Popen(
        [str(handoff), "users", "add", "ola", "--role", "partner", "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    time.sleep(4)  # past the imports, blocked reading the password
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err
    assert proc.returncode == 130, err
    assert err.strip() == "Przerwano (Ctrl+C).", err
    assert out == ""


def test_a_busy_port_is_refused_before_the_page_starts(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    _env(monkeypatch, store, {})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_cli(["review", "serve", "--port", str(port)], monkeypatch, capsys)
    assert run.code == 2
    assert run.err.strip() == (
        f"Błąd: --host/--port: nie można nasłuchiwać na 127.0.0.1:{port} (port jest zajęty)"
    )


def test_bundle_into_an_existing_folder_still_works(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The checks refuse only what is wrong: a good -o still writes the bundle."""
    _env(monkeypatch, store, {})
    target = tmp_path / "teczka.zip"
    run = run_cli(["cases", "bundle", store.ref, "-o", str(target)], monkeypatch, capsys)
    assert run.code == 0, run.err
    assert target.is_file() and "Załączniki:" in run.out


def test_a_good_creditor_file_and_csv_import(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _env(monkeypatch, store, {"HANDOFF_HOME": str(tmp_path / "home")})
    handover = tmp_path / "handover"
    shutil.copytree(SAMPLES / "evidence", handover / "evidence")
    shutil.copy(SAMPLES / "cases.csv", handover / "cases.csv")
    run = run_cli(
        ["import", str(handover / "cases.csv"), "--creditor", str(SAMPLES / "creditor.json")],
        monkeypatch,
        capsys,
    )
    assert run.code == 0, run.out + run.err
    assert "odrzucone 0" in run.out, run.out  # the import table's Polish title


def test_a_failure_inside_a_flow_run_shows_no_traceback(tmp_path: Path) -> None:
    """A bug inside the handoff flow (here: the import raises) is logged by Prefect on the
    console as one line per record; the tracebacks go to the error log; exit status 1."""
    import os
    import subprocess

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import intake.importer as _importer\n\n\n"
        "def _broken(*_args, **_kwargs):\n"
        "    raise RuntimeError('awaria testowa importu')\n\n\n"
        "_importer.import_batch = _broken\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    env = {**os.environ, "HANDOFF_HOME": str(home), "PYTHONPATH": str(site)}
    env.pop("HANDOFF_DATABASE_URL", None)
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    handoff = Path(sys.executable).with_name("handoff")
    done = subprocess.run(
        [str(handoff), "run", "batch", str(SAMPLES / "cases")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    log = home / "logs" / "cli-errors.log"
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    assert f"Błąd: nieoczekiwany błąd programu (RuntimeError); szczegóły w {log}" in done.stderr
    assert f"awaria testowa importu') (szczegóły w {log})" in done.stderr  # Prefect's line
    assert log.read_text("utf-8").count("Traceback") >= 2


@pytest.mark.parametrize("args", [[], ["cases"], ["event"]])
def test_a_group_without_a_command_prints_its_help_and_no_error_line(
    args: list[str],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _env(monkeypatch, store, {})
    run = run_cli(args, monkeypatch, capsys)
    assert run.code == 2
    assert "Usage: handoff" in run.out
    assert run.err == ""


def test_the_error_log_never_holds_a_password_typed_on_the_command_line(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import store.accounts as accounts

    _env(monkeypatch, store, {})

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("awaria testowa")

    monkeypatch.setattr(accounts, "create_user", broken)
    args = ["users", "add", "kasia", "--role", "partner", "--password", "Tajne-Haslo-Oli-2026"]
    run = run_cli(args, monkeypatch, capsys)
    assert run.code == 1, run.err
    text = (store.home / "logs" / "cli-errors.log").read_text("utf-8")
    assert "users add kasia --role partner --password ***" in text
    assert "Tajne-Haslo-Oli-2026" not in text


def test_output_to_a_full_disk_or_to_a_reader_that_has_gone(store: Store) -> None:
    """``> /dev/full``: one line, status 2; ``| head`` gone: silent, status 1; no traceback."""
    import os
    import subprocess

    handoff = Path(sys.executable).with_name("handoff")
    env = {**os.environ, "HANDOFF_HOME": str(store.home)}
    env.pop("HANDOFF_DATABASE_URL", None)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(handoff), "cases", "list", "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Błąd: wyniku nie udało się zapisać: brak miejsca na dysku")
    assert len(done.stderr.splitlines()) == 1

    proc = subprocess.Popen(
        [str(handoff), "cases", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == ""
