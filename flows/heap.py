"""Keep the cyclic garbage collector off the libraries' long-lived objects.

A process that has imported Prefect, pydantic, SQLAlchemy and the templates holds some
300,000 objects that live until it exits. Every full collection of Python's cyclic garbage
collector walks all of them again, and rendering thousands of drafts triggers many
collections: measured on the floor loop (bench/handoff.py), the same 1,000 cases took ~8 %
longer in a process with Prefect loaded than without it, and ``gc.freeze()`` after start-up
won most of that back (5.6 s plain, 6.1 s with Prefect, 5.75 s with Prefect and freeze).

``settle()`` collects once, then moves every surviving object to the permanent generation,
which the collector no longer scans. Objects created later (the batch's cases and drafts)
are collected as usual. Called at the start of the flows that draft many cases.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect garbage once, then exempt every object alive now from later collections."""
    gc.collect()
    gc.freeze()
