"""Developer tool: regenerate ``eur_mid_rates.py`` from NBP Table A archive CSVs.

Not imported by the product and excluded from the purity test (it reads files). Usage::

    python -m law.pl.data.generate_eur_rates /work/shared/domain/nbp

References:
    * NBP Table A archive ``archiwum_tab_a_YYYY.csv`` (semicolon separated, decimal comma,
      first column ``data`` as YYYYMMDD, EUR column header ``1EUR``); mirrored as
      ``tab_a_YYYY.csv``. Files are UTF-8; CP1250 is accepted as a fallback.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HEADER = '''"""NBP Table A average (mid) EUR/PLN rates, generated - do not edit by hand.

Regenerate with ``python -m law.pl.data.generate_eur_rates <dir with tab_a_YYYY.csv>``.

References:
    * NBP Table A archive files archiwum_tab_a_{first}..{last} (polish_law.md [S77]);
      cross-check: 2022-10-03 = 4.8272 (Gazeta Prawna).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# One "YYYYMMDD rate" pair per line, in publication order.
_RAW = """
'''


def read_rates(directory: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for path in sorted(directory.glob("tab_a_*.csv")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1250")
        reader = csv.reader(text.splitlines(), delimiter=";")
        header = next(reader)
        col = header.index("1EUR")
        for row in reader:
            if row and len(row[0]) == 8 and row[0].isdigit():
                rows.append((row[0], row[col].replace(",", ".")))
    return rows


def render(rows: list[tuple[str, str]]) -> str:
    body = "\n".join(f"{d}:{r}" for d, r in rows)
    head = HEADER.replace("{first}", rows[0][0][:4]).replace("{last}", rows[-1][0][:4])
    tail = '''"""


def _parse(raw: str) -> dict[date, Decimal]:
    out: dict[date, Decimal] = {}
    for item in raw.split():
        day, rate = item.split(":")
        out[date(int(day[0:4]), int(day[4:6]), int(day[6:8]))] = Decimal(rate)
    return out


EUR_MID_RATES: dict[date, Decimal] = _parse(_RAW)
'''
    return head + body + "\n" + tail


def main(argv: list[str]) -> None:
    directory = Path(argv[1] if len(argv) > 1 else "/work/shared/domain/nbp")
    target = Path(__file__).with_name("eur_mid_rates.py")
    target.write_text(render(read_rates(directory)), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
