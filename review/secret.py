"""The key that signs the review page's cookies: configured, or generated per installation.

``HANDOFF_REVIEW_SECRET`` wins when it is set (to anything but the old public default).
Otherwise the first start writes 48 random bytes, URL-safe encoded, to
``$HANDOFF_HOME/review-secret`` with mode 0600 and every later start reads them back, so
sessions survive restarts and no two installations share a key. The file appears
atomically: it is written under a temporary name and hard-linked into place, so two
processes starting at once agree on one key (the loser reads the winner's).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

# The value config.Settings used to ship as its default; it is public, so it never signs.
PUBLIC_DEFAULT = "change-me-in-production"
SECRET_FILE = "review-secret"
MIN_LENGTH = 32


class SecretError(RuntimeError):
    """The secret file exists but cannot be used (message in Polish)."""


def _read(path: Path) -> str:
    value = path.read_text(encoding="ascii").strip()
    if len(value) < MIN_LENGTH:
        raise SecretError(
            f"Plik {path} jest za krótki ({len(value)} znaków); usuń go, a przy następnym "
            "starcie powstanie nowy."
        )
    return value


def installation_secret(home: Path) -> str:
    """The secret kept in ``home``, created (mode 0600, atomically) on the first call."""
    path = home / SECRET_FILE
    if path.exists():
        return _read(path)
    home.mkdir(parents=True, exist_ok=True)
    temp = home / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_urlsafe(48) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process got there first
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return _read(path)


def review_secret(configured: str, home: Path) -> str:
    """The configured secret, or the installation's own when none (or the public one) is set."""
    if configured and configured != PUBLIC_DEFAULT:
        return configured
    return installation_secret(home)
