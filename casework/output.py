"""Where and how a use case renders its documents: the firm's profile (the attorney and the
firm in every letter), the documents folder and the firm's own Word templates (None: the
shipped ones). Built once at the entry point from the settings (library code does not read
them) and passed down: ``casework.court_letters.LetterOutput``,
``casework.enforcement.ClauseDrafting`` and ``casework.settlements.Documents`` are this one
builder under the names their callers know.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from casework import Refused

if TYPE_CHECKING:
    from documents.firm import FirmProfile


@dataclass(frozen=True)
class DocumentOutput:
    """The firm's profile, the documents folder and the firm's templates folder."""

    firm: FirmProfile
    documents_dir: Path
    templates: Path | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> Self:
        """From ``config.Settings``; :class:`Refused` (Polish) when the firm profile
        (``HANDOFF_FIRM_FILE``) cannot be read."""
        from documents.firm import FirmProfileError, load_firm_profile

        try:
            firm = load_firm_profile(settings.firm_file)
        except FirmProfileError as exc:
            raise Refused(cls.unreadable(settings.firm_file, exc)) from None
        return cls(firm, settings.documents_dir, settings.templates_dir)

    @staticmethod
    def unreadable(path: Path, exc: Exception) -> str:
        """The refusal when the profile at ``path`` cannot be read."""
        return f"profil kancelarii ({path}) nieczytelny: {exc}"
