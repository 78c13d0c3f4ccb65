"""Developer tool: regenerate ``district_courts.py`` from ``courts/district_courts.json``.

Not imported by the product and excluded from the purity test (it reads a file). Usage::

    python -m law.pl.data.generate_district_courts /work/shared/domain/courts/district_courts.json

References:
    * ``district_courts.json``: the 318 sądy rejonowe and the area each serves, worded as in
      the Minister of Justice's regulation creating the common courts and setting their areas
      (rozporządzenie Ministra Sprawiedliwości w sprawie utworzenia sądów apelacyjnych, sądów
      okręgowych i sądów rejonowych oraz ustalenia obszarów właściwości), from a public
      transcription (shared/domain/courts/README.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HEADER = '''# ruff: noqa: E501
"""District courts (sądy rejonowe) and their areas, generated - do not edit by hand.

Regenerate with ``python -m law.pl.data.generate_district_courts <district_courts.json>``.
``law.pl.courts`` parses each area into the towns, gminas and districts it lists.

References:
    * Rozporządzenie Ministra Sprawiedliwości w sprawie utworzenia sądów apelacyjnych, sądów
      okręgowych i sądów rejonowych oraz ustalenia obszarów właściwości (the area wording of
      each sąd rejonowy), transcribed in shared/domain/courts/district_courts.json
      ({count} courts; checked for count, not for every line - verify before a release).
"""

from __future__ import annotations

# One "court | area" per line, in the order of the regulation.
_RAW = """
'''

TAIL = '''"""

DISTRICT_COURTS: tuple[tuple[str, str], ...] = tuple(
    (court, area)
    for court, _, area in (line.partition(" | ") for line in _RAW.strip().splitlines())
)
'''


def render(rows: list[dict[str, str]]) -> str:
    for row in rows:
        if " | " in row["court"] or "\n" in row["court"] + row["area"] or '"""' in row["area"]:
            raise ValueError(f"unexpected characters in {row['court']}")
    body = "".join(f"{row['court']} | {row['area']}\n" for row in rows)
    return HEADER.replace("{count}", str(len(rows))) + body + TAIL


def main(argv: list[str]) -> None:
    source = Path(argv[1] if len(argv) > 1 else "/work/shared/domain/courts/district_courts.json")
    rows = json.loads(source.read_text(encoding="utf-8"))
    target = Path(__file__).with_name("district_courts.py")
    target.write_text(render(rows), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
