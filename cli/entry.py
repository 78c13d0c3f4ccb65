"""The ``handoff`` executable's entry point: say something before the heavy imports.

Importing the command tree (SQLAlchemy, Prefect, the document stack) takes about a second;
``handoff demo`` prints its first line before that, so a user sees progress at once.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["demo"] and "--help" not in sys.argv:
        print("Handoff demo: ładowanie modułów...", file=sys.stderr, flush=True)
    try:
        from cli.main import main as run
    except KeyboardInterrupt:  # Ctrl+C while the modules load: no traceback either
        print("Przerwano (Ctrl+C).", file=sys.stderr)
        sys.exit(130)
    run()
