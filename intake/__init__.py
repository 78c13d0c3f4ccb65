"""Intake: the published hand-over formats and the importer into the case store.

Public API::

    import_batch(engine, path, *, creditor=None, batch_name=None, progress=None) -> ImportReport
    check_batch(path, *, creditor=None) -> iterator of (RawCase, [FieldError])   # dry run
    CaseDocument, FORMAT                                  # the handoff-case/1 models
    FieldError(source, row, field, value, message)
    generate_cases(n, out_dir, seed=0), iter_case_documents(n, seed=0)   # synthetic cases
"""

from intake.formats import FORMAT, CaseDocument
from intake.importer import CaseOutcome, ImportReport, Outcome, check_batch, import_batch
from intake.synthetic import generate_cases, iter_case_documents
from intake.validation import FieldError

__all__ = [
    "FORMAT",
    "CaseDocument",
    "CaseOutcome",
    "FieldError",
    "ImportReport",
    "Outcome",
    "check_batch",
    "generate_cases",
    "import_batch",
    "iter_case_documents",
]
