"""Finding a case by the reference a person types: its external reference (the creditor's
sygnatura) or ``#<case id>`` (``store.deadlines.find_case``), refused in Polish
(:class:`casework.UnknownCase`) when no case or several cases have it. One place for the
use cases that read a case by reference (``casework.payments``, ``casework.ksef_fetch``, and
through ``casework.payments.locate`` the court letters, settlements and final statement)."""

from __future__ import annotations

from sqlmodel import Session

from casework import UnknownCase
from store.deadlines import AmbiguousCaseRef, CaseNotFound, find_case
from store.tables import Case


def locate(session: Session, ref: str) -> Case:
    """The case ``ref`` names; ``UnknownCase`` (one Polish line) when none or several do."""
    try:
        return find_case(session, ref)
    except CaseNotFound:
        raise UnknownCase(f"nie ma sprawy {ref!r}") from None
    except AmbiguousCaseRef:
        raise UnknownCase(
            f"sygnatura {ref!r} pasuje do kilku spraw - podaj numer sprawy jako #<id>"
        ) from None
