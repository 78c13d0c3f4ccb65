"""The application: one module per use case in plain Python (load -> call law -> save).

No Prefect, no typer: the command line, the review page and the flows call these. Each use
case runs in the caller's transaction or opens its own, and changes nothing when it refuses.

Exceptions::

    CaseworkError        the message is Polish and shown to the user
     +-- Refused         bad input or a step that does not fit the case; nothing changed
          +-- UnknownCase  no case has that reference (also a LookupError)
"""

from __future__ import annotations


class CaseworkError(Exception):
    """A use case that cannot be done as asked (``str()`` is Polish, one line)."""


class Refused(CaseworkError):
    """Bad input, or a step that does not fit the case: nothing was changed."""


class UnknownCase(Refused, LookupError):
    """No case has that reference (or several do)."""
