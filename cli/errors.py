"""How the command line says no: one Polish line on stderr, never a Python traceback.

Theory of operation. A command reads what a person typed with the readers here before it
starts any work (dates, whole numbers, the creditor file, output files); a bad value is one
line ``Błąd: ...`` on stderr and exit status 2, and nothing has been written yet. Whatever
still escapes a command reaches ``guard`` (called by the entry point):

- an interrupted run (Ctrl+C) is one line and status 130;
- what the surroundings refused is one line and status 2, the configuration being the bad
  input: a case store that does not answer or a database URL that cannot be used, a server
  that does not answer (the Prefect API, NBP), a file or folder the system refused, a
  ``HANDOFF_*`` setting that is not a number;
- anything else is a fault of ours: one line naming it and the log file under
  ``$HANDOFF_HOME/logs`` that holds the traceback, status 1.

Lines 2 and 3 still write the traceback to that log. ``tracebacks_to_log`` does the same for
the records Prefect prints while a flow runs in this process: their message stays on the
console, their traceback goes to the log.

``usage_line`` says typer's own usage errors (unknown option, missing argument, a value that
is not a number) in Polish. Lines echo what was typed, never case data; the error log masks
runs of 11 digits (PESEL-shaped) so no PESEL is written to it.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import typer

BAD_INPUT = 2
INTERNAL = 1
INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl+C
INTERRUPTED_LINE = "Przerwano (Ctrl+C)."
LOG_NAME = "cli-errors.log"
_PESEL_LIKE = re.compile(r"(?<!\d)\d{11}(?!\d)")
_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


_OS_REASONS = {
    errno.ENOENT: "nie ma takiego pliku ani folderu",
    errno.EACCES: "brak uprawnień",
    errno.EPERM: "operacja niedozwolona",
    errno.ENOSPC: "brak miejsca na dysku",
    errno.EROFS: "system plików tylko do odczytu",
    errno.EISDIR: "to jest folder",
    errno.ENOTDIR: "to nie jest folder",
    errno.EEXIST: "plik już istnieje",
    errno.EADDRINUSE: "port jest zajęty",
    errno.EADDRNOTAVAIL: "ten adres nie należy do tego komputera",
}


def os_reason(exc: OSError) -> str:
    """What the system said, in Polish where it is a common refusal."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def say(message: str) -> None:
    """One line ``Błąd: message`` on stderr."""
    print(f"Błąd: {message}", file=sys.stderr, flush=True)


def refuse(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2."""
    say(message)
    raise typer.Exit(code=BAD_INPUT)


# --- readers of typed values ---------------------------------------------------------------


def day_option(
    text: str,
    option: str,
    *,
    earliest: tuple[date, str] | None = None,
    latest: tuple[date, str] | None = None,
) -> date:
    """The ISO date in ``text``; ``earliest``/``latest`` are (limit, why) pairs."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        if _ISO_SHAPE.fullmatch(text.strip()):
            refuse(f"{option}: {text!r} - nie ma takiego dnia w kalendarzu")
        refuse(f"{option}: {text!r} nie jest datą; podaj RRRR-MM-DD, np. 2025-12-10")
    if earliest is not None and day < earliest[0]:
        refuse(f"{option}: {day.isoformat()} - {earliest[1]}")
    if latest is not None and day > latest[0]:
        refuse(f"{option}: {day.isoformat()} - {latest[1]}")
    return day


def whole_number_option(value: int, option: str, low: int, high: int) -> int:
    """``value`` if it is from ``low`` to ``high``."""
    if not low <= value <= high:
        refuse(f"{option}: {value} - podaj liczbę od {low} do {high}")
    return value


def output_file_option(path: Path, option: str) -> Path:
    """``path`` if a file can be written there; the folder must exist (it is never created)."""
    if path.is_dir():
        refuse(f"{option}: {path} jest folderem; podaj nazwę pliku")
    folder = path.parent
    if not folder.exists():
        refuse(f"{option}: folder {folder} nie istnieje; utwórz go albo wskaż inny")
    if not folder.is_dir():
        refuse(f"{option}: {folder} nie jest folderem")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        refuse(f"{option}: brak prawa zapisu do {path}")
    return path


def write_failed(path: Path, exc: OSError) -> NoReturn:
    """A write the checks above could not foresee (full disk, a read-only mount, /proc)."""
    refuse(f"nie można zapisać {path}: {os_reason(exc)}")


def input_bytes(path: Path, what: str) -> bytes:
    """The bytes of a file a person named; missing, a folder, unreadable or empty: refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        refuse(f"{what} {path} nie istnieje")
    except IsADirectoryError:
        refuse(f"{what} {path} jest folderem, a nie plikiem")
    except OSError as exc:
        refuse(f"{what} {path} nie daje się odczytać: {os_reason(exc)}")
    if not data.strip():
        refuse(f"{what} {path} jest pusty")
    return data


def json_object_file(path: Path, what: str) -> dict[str, Any]:
    """A JSON object read from ``path`` (UTF-8, optional BOM); anything else is refused."""
    import json

    data = input_bytes(path, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        refuse(
            f"{what} {path}: wiersz {line}, bajt 0x{data[exc.start]:02x} nie jest poprawnym "
            "znakiem w UTF-8 (zapisz plik jako UTF-8)"
        )
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        refuse(
            f"{what} {path} nie jest poprawnym JSON-em (wiersz {exc.lineno}, kolumna {exc.colno})"
        )
    except (ValueError, RecursionError):
        refuse(f"{what} {path} nie jest poprawnym JSON-em")
    if not isinstance(value, dict):
        refuse(f"{what} {path} musi zawierać jeden obiekt JSON {{...}} z danymi wierzyciela")
    return value


def probe_store(url: str) -> None:
    """Connect to the case store once, before a flow starts: a store that does not answer
    is then one line (through ``guard``) instead of a failed flow run's logged traceback."""
    from store.db import make_engine

    engine = make_engine(url)
    try:
        engine.connect().close()
    finally:
        engine.dispose()


# --- typer's usage errors in Polish --------------------------------------------------------

_VALUE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r".*valid integer.*"), "to nie jest liczba całkowita"),
    (re.compile(r".*valid number.*|.*valid float.*"), "to nie jest liczba"),
    (re.compile(r".*greater than or equal to (\S+)"), r"musi być co najmniej \1"),
    (re.compile(r".*less than or equal to (\S+)"), r"może być najwyżej \1"),
    (re.compile(r".*valid boolean.*"), "podaj tak/nie (true/false)"),
    (re.compile(r"'(.*)' is not one of (.*)\."), r"'\1' - dozwolone: \2"),
)


def _hint(exc: Any) -> str:
    hint = getattr(exc, "param_hint", None)
    if hint is None and getattr(exc, "param", None) is not None:
        hint = exc.param.get_error_hint()
    if isinstance(hint, list | tuple):
        hint = " / ".join(hint)
    return str(hint) if hint else ""


def usage_line(exc: Any) -> str:
    """A Polish line for one of typer's usage errors (``typer.BadParameter`` and kin); empty
    when there is nothing to add (a group run without a command has printed its help)."""
    kind = type(exc).__name__
    if kind == "NoArgsIsHelpError":  # ``handoff cases`` alone: typer printed the help
        return ""
    hint = _hint(exc)
    message = str(getattr(exc, "message", "") or "")
    if kind == "MissingParameter":
        is_option = getattr(getattr(exc, "param", None), "param_type_name", "") == "option"
        text = f"brak {'opcji' if is_option else 'argumentu'} {hint}".rstrip()
    elif kind == "NoSuchOption":
        text = f"nieznana opcja {exc.option_name}"
        if getattr(exc, "possibilities", None):
            text += f" (czy chodziło o: {', '.join(sorted(exc.possibilities))}?)"
    elif kind == "BadParameter" or hint:
        for pattern, polish in _VALUE_MESSAGES:
            if pattern.fullmatch(message):
                message = pattern.sub(polish, message)
                break
        text = f"niepoprawna wartość {hint}: {message}" if hint else message
    elif m := re.fullmatch(r"No such command '(.*)'\.?", message):
        text = f"nieznane polecenie '{m.group(1)}'"
    elif m := re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        text = f"nadmiarowe argumenty: {m.group(1)}"
    elif m := re.fullmatch(r"Option '(.*)' requires (?:an argument|(\d+) arguments)\.?", message):
        text = f"opcja {m.group(1)} wymaga wartości"
    else:
        text = message
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        text += f" (zobacz '{ctx.command_path} --help')"
    return text


# --- the boundary around a whole command ---------------------------------------------------


def _mask(text: str) -> str:
    return _PESEL_LIKE.sub("***********", text)


def _database_url() -> str:
    try:
        from config import Settings

        url = Settings.from_env().database_url
    except Exception:  # the settings themselves are broken: name the variable only
        return "HANDOFF_DATABASE_URL"
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: show its scheme only, never a password
        return url.split(":", 1)[0] + ":..."


def _database_problem(exc: BaseException) -> str | None:
    """The Polish line for a store that cannot be used, or None for any other error."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, sa_exc.NoSuchModuleError) or (
        isinstance(exc, sa_exc.ArgumentError) and "URL" in str(exc)
    ):
        return f"HANDOFF_DATABASE_URL nie jest poprawnym adresem bazy ({exc})"
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return (
            f"baza spraw {_database_url()} nie odpowiada lub odmówiła ({_mask(reason)}); "
            "sprawdź HANDOFF_DATABASE_URL i HANDOFF_HOME"
        )
    return None


def _service_problem(exc: BaseException) -> str | None:
    """A server that does not answer (the Prefect API, NBP, a registry): named by address."""
    if "httpx" not in sys.modules:
        return None
    import httpx

    if not isinstance(exc, httpx.TransportError):
        return None
    try:
        url = exc.request.url
        where = f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")
    except RuntimeError:  # no request attached
        where = "serwer"
    hint = (
        "; sprawdź PREFECT_API_URL"
        if os.environ.get("PREFECT_API_URL", "").startswith(where)
        else ""
    )
    return f"{where} nie odpowiada ({type(exc).__name__}){hint}"


def _environment_problem(exc: BaseException) -> str | None:
    """A file or folder the system refused (HANDOFF_HOME on a read-only disk, a full disk)."""
    if isinstance(exc, OSError) and exc.filename:
        return f"nie można użyć {exc.filename}: {os_reason(exc)}"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EIO, errno.EROFS):
        return f"wyniku nie udało się zapisać: {os_reason(exc)}"  # stdout on a full disk
    return None


def log_path() -> Path:
    """``$HANDOFF_HOME/logs/cli-errors.log`` (the temp folder if that cannot be written)."""
    try:
        from config import Settings

        folder = Settings().home / "logs"  # HANDOFF_HOME only: the other settings may be broken
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder / LOG_NAME
    except Exception:  # HANDOFF_HOME unusable: the log still has to go somewhere
        pass
    return Path(tempfile.gettempdir()) / f"handoff-{LOG_NAME}"


SECRET_OPTIONS = ("--password",)


def _without_secrets(args: list[str]) -> list[str]:
    """The command line as logged: the value of ``--password`` replaced by ``***``."""
    shown: list[str] = []
    hide_next = False
    for arg in args:
        if hide_next:
            shown.append("***")
            hide_next = False
        elif arg in SECRET_OPTIONS:
            shown.append(arg)
            hide_next = True
        elif arg.startswith(tuple(f"{o}=" for o in SECRET_OPTIONS)):
            shown.append(arg.split("=", 1)[0] + "=***")
        else:
            shown.append(arg)
    return shown


def record_failure(exc: BaseException) -> Path:
    """Append the traceback (PESEL-shaped numbers masked) to the error log; return its path."""
    path = log_path()
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    body = "".join(traceback.format_exception(exc))
    command = " ".join(_without_secrets(sys.argv[1:]))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"--- {stamp} handoff {_mask(command)}\n{_mask(body)}\n")
    return path


def settings_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why the ``HANDOFF_*`` settings cannot be read (a port that is not a number), or None."""
    from config import Settings

    env = dict(os.environ if environ is None else environ)
    try:
        Settings.from_env(env)
    except ValueError as exc:  # e.g. int("abc") for a port: name the variable holding it
        names = [
            name
            for name, value in sorted(env.items())
            if name.startswith("HANDOFF_") and repr(value) in str(exc)
        ]
        return f"zła wartość {' / '.join(names) or 'zmiennej HANDOFF_*'}: to nie jest liczba"
    return None


class _TracebackToLog(logging.Formatter):
    """A console handler's formatter that prints a record's message but logs its traceback."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        if not record.exc_info:
            return self.inner.format(record)
        saved = record.exc_info, record.exc_text, record.stack_info
        where = log_path()
        try:
            with open(where, "a", encoding="utf-8") as fh:
                stamp = datetime.now().astimezone().isoformat(timespec="seconds")
                text = "".join(traceback.format_exception(*record.exc_info))
                fh.write(f"--- {stamp} {record.name}: {_mask(record.getMessage())}\n")
                fh.write(_mask(text) + "\n")
        except OSError:
            where = Path("(nie zapisano)")
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return f"{self.inner.format(record)} (szczegóły w {where})"
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


@contextlib.contextmanager
def tracebacks_to_log() -> Iterator[None]:
    """While flows run in this process, Prefect's console lines keep their message but their
    tracebacks go to the error log (the run's record on the Prefect server keeps them too)."""
    patched = [
        (handler, handler.formatter)
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.formatter is not None
    ]
    for handler, formatter in patched:
        assert formatter is not None
        handler.setFormatter(_TracebackToLog(formatter))
    try:
        yield
    finally:
        for handler, formatter in patched:
            handler.setFormatter(formatter)


def guard(run: Callable[[], object]) -> NoReturn:
    """Run a whole command; turn whatever escapes it into one line and an exit status."""
    try:
        result = run()
    except KeyboardInterrupt:
        print(INTERRUPTED_LINE, file=sys.stderr, flush=True)
        sys.exit(INTERRUPTED)
    except BrokenPipeError:  # ``handoff ... | head``: the reader has gone, nothing to say
        with contextlib.suppress(OSError):  # no second error when Python flushes stdout
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(INTERNAL)
    except Exception as exc:  # the process boundary: one line, the traceback in the log
        problem = (
            _database_problem(exc)
            or _service_problem(exc)
            or _environment_problem(exc)
            or (settings_problem() if isinstance(exc, ValueError) else None)
        )
        try:
            where = f"szczegóły w {record_failure(exc)}"
        except OSError:
            where = "szczegółów nie udało się zapisać"
        if problem is not None:
            say(f"{problem}; {where}")
            sys.exit(BAD_INPUT)
        say(f"nieoczekiwany błąd programu ({type(exc).__name__}); {where}")
        sys.exit(INTERNAL)
    sys.exit(result if isinstance(result, int) else 0)
