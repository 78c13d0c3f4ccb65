"""Running a casework use case from a command: one transaction on the configured store, a
``casework.Refused`` turned into the command line's one Polish line (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlmodel import Session

from cli.errors import refuse
from config import Settings

T = TypeVar("T")
Actor = Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")]


def in_transaction(work: Callable[[Session], T]) -> T:
    """``work(session)`` in one transaction; a refusal is one Polish line and exit 2."""
    from casework import Refused
    from store.db import open_store, session_scope

    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            return work(s)
    except Refused as exc:
        refuse(str(exc))
    finally:
        engine.dispose()
