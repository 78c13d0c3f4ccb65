"""A progress hook the command line sets while it runs a flow in its own process.

Flow parameters must be serialisable, so a rich progress bar cannot be passed to a flow. The
CLI installs a callback here before calling the flow in-process; flows report through
``report()``, which does nothing when no one listens (deployments, workers, tests).
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str, int, int], None]  # (stage, done, total)

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    global _listener
    _listener = listener


def report(stage: str, done: int, total: int) -> None:
    if _listener is not None:
        _listener(stage, done, total)
