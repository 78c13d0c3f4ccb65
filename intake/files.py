"""Evidence files: safe resolution of a creditor-supplied path inside the case folder.

A case document names its files relative to the case folder. A path is refused when it is
absolute (``/etc/passwd``, ``C:\\x``, ``\\\\server\\share``), climbs out with ``..``, leads out
of the folder through a symlink, names something that is not a regular file, is missing, or
is larger than the size limit. The size is read from ``stat`` before the file is opened and
the SHA-256 is computed in chunks, so a 50 MB attachment costs one ``stat`` call, not 50 MB of
memory.

Exceptions (all carry an English message fit for a ``FieldError``)::

    EvidenceFileError(ValueError)
    ├── UnsafePath      absolute, "..", NUL byte, or a symlink leaving the case folder
    ├── MissingFile     nothing there, or not a regular file
    └── FileTooLarge    above the limit (default 25 MB)
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 25 * 1024 * 1024
CHUNK = 1024 * 1024


class EvidenceFileError(ValueError):
    """A referenced evidence file cannot be accepted."""


class UnsafePath(EvidenceFileError):
    """The path would leave the case folder."""


class MissingFile(EvidenceFileError):
    """The path names no regular file."""


class FileTooLarge(EvidenceFileError):
    """The file is above the size limit."""


@dataclass(frozen=True, slots=True)
class HashedFile:
    path: str  # normalised, relative to the case folder, "/" separators
    sha256: str
    size_bytes: int


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_relative(rel: str) -> PurePosixPath:
    """``rel`` as a clean relative path; raise ``UnsafePath`` if it could leave the folder.

    Backslashes are read as separators (creditors on Windows write ``dowody\\fv.pdf``).
    """
    if not rel or not rel.strip():
        raise MissingFile("pusta ścieżka pliku")
    if "\x00" in rel:
        raise UnsafePath(f"ścieżka pliku {rel!r} zawiera bajt NUL")
    text = rel.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        raise UnsafePath(f"ścieżka pliku {rel} jest bezwzględna; podaj ścieżkę w folderze sprawy")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise UnsafePath(f"ścieżka pliku {rel} używa '..', by wyjść z folderu sprawy")
    if not parts:
        raise MissingFile(f"ścieżka pliku {rel} wskazuje sam folder sprawy")
    return PurePosixPath(*parts)


def checked_file(root: Path, rel: str, *, max_bytes: int = MAX_FILE_BYTES) -> HashedFile:
    """Resolve ``rel`` inside ``root``, check it and hash it (streamed).

    Raises an ``EvidenceFileError`` subclass with the reason.
    """
    clean = safe_relative(rel)
    base = root.resolve()
    candidate = base.joinpath(*clean.parts)
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise MissingFile(f"brak pliku {rel} w folderze sprawy") from None
    except (OSError, RuntimeError) as exc:  # symlink loop, permission denied
        raise MissingFile(f"pliku {rel} nie można otworzyć: {exc.__class__.__name__}") from None
    if not real.is_relative_to(base):
        raise UnsafePath(f"plik {rel} jest dowiązaniem (symlink) prowadzącym poza folder sprawy")
    try:
        info = real.stat()
    except OSError as exc:
        raise MissingFile(f"pliku {rel} nie można odczytać: {exc.__class__.__name__}") from None
    if not stat.S_ISREG(info.st_mode):
        raise MissingFile(f"{rel} nie jest zwykłym plikiem")
    if info.st_size > max_bytes:
        raise FileTooLarge(
            f"plik {rel} ma {info.st_size / 1024 / 1024:.1f} MB, ponad limit "
            f"{max_bytes / 1024 / 1024:.0f} MB"
        )
    digest = hashlib.sha256()
    size = 0
    try:
        with open(real, "rb", buffering=0) as fh:
            while chunk := fh.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:  # grew while we read it
                    raise FileTooLarge(f"plik {rel} przekracza limit {max_bytes} bajtów")
                digest.update(chunk)
    except OSError as exc:
        raise MissingFile(f"pliku {rel} nie można odczytać: {exc.__class__.__name__}") from None
    return HashedFile(str(clean), digest.hexdigest(), size)
