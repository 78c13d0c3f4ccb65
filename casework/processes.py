"""Whether work can be shared with forked copies of this process, and how many cores it
has: one reading for the payment batch's limitation replan (``casework.payments``) and the
court letters a statement's payments need (``cli.payment_letters``)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def usable_cores() -> int:
    """The cores this process may run on (where the system says; else all of them)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def fork_available() -> bool:
    """The system has the fork start method (the forked processes inherit what they work
    on instead of receiving it pickled)."""
    return "fork" in multiprocessing.get_all_start_methods()


def single_threaded() -> bool:
    """No other thread runs here: a fork copies only the calling thread, with any lock
    another one held."""
    return threading.active_count() == 1
