"""Court documents: Word templates lawyers edit, their contexts, rendering, EPU packages.

The public surface, used by the handoff flow:

* ``documents.context``: pure builders, CaseFile + ClaimComputation + ... -> dict per template.
* ``documents.render``: fill a ``templates/*.docx`` with a context (StrictUndefined, escaped).
* ``documents.packet``: exhibits, evidence index, ZIP bundle with ``manifest.json``.
* ``documents.epu``: the e-Sąd (EPU) bulk-filing XML and its validation against the XSDs.
* ``documents.pdf``: LibreOffice conversion to PDF.
"""
