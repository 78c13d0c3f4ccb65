"""One case as read from a hand-over, before validation: the seam between readers and importer.

A reader (``intake.folder_import``, ``intake.csv_import``) yields ``RawCase`` values: the
parsed document as plain data (or the errors that stopped parsing), the folder its file paths
are relative to, and ``locate`` - how a document field path (``invoices[1].amount``) maps back
to where the creditor typed it (CSV row 7, column ``amount``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake.validation import FieldError, show


def _same_place(path: str) -> tuple[int | None, str]:
    return None, path


@dataclass(slots=True)
class RawCase:
    source: str  # shown to people: "batch/ACME-1/case.json", "cases.csv rows 2-4"
    evidence_root: Path
    data: dict[str, Any] | None  # None when the document could not be parsed at all
    errors: list[FieldError] = field(default_factory=list)
    external_ref: str | None = None
    locate: Callable[[str], tuple[int | None, str]] = _same_place
    error_source: str = ""  # the FieldError.source to use; defaults to ``source``

    def error(self, path: str, value: object, message: str) -> FieldError:
        row, where = self.locate(path)
        return FieldError(self.error_source or self.source, row, where, show(value), message)
