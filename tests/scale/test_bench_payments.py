"""``bench/payments.py`` at a small size, as a user runs it (issue #18): a seeded store, a
realistic MT940 and ``handoff payments import`` in a fresh process, on SQLite and PostgreSQL.
1,500 cases and 300 entries pay about a hundred cases in court: their court letters are more
than one batch, so the command writes them in two forked processes
(``HANDOFF_LETTER_PROCESSES=2``, ``cli.payment_letters``). Checked: every matched credit
recorded, every letter written (none failed), the same statement again records nothing.
The figures themselves are the benchmark's (docs/performance.md), not asserted here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_bench_payments_small(store: str, tmp_path: Path) -> None:
    args = [sys.executable, str(REPO / "bench" / "payments.py"), "--cases", "1500"]
    args += ["--transactions", "300"] + (["--postgres"] if store == "postgres" else [])
    env = os.environ | {"HANDOFF_LETTER_PROCESSES": "2", "TMPDIR": str(tmp_path)}
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    found = re.search(
        r"import [\d.]+ s wall .*; credits (\d+), recorded (\d+), unmatched (\d+), debits "
        r"(\d+); ([\d,]+) \.docx written",
        out,
    )
    assert found, out
    credits, recorded, unmatched, _debits, docx = (int(g.replace(",", "")) for g in found.groups())
    assert recorded > 0 and recorded + unmatched <= credits
    assert docx > 50  # more than one batch of letters (LETTERS_PER_COMMIT)
    assert "court letters not written" not in out
    again = re.search(r"same statement again: .* recorded (\d+), already imported (\d+)", out)
    assert again, out
    assert again.group(1) == "0" and int(again.group(2)) == credits
