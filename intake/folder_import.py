"""Read a batch folder: one sub-folder per case, each with ``case.json`` or ``case.toml``.

``path`` may also be a single case folder or a single ``case.json``/``case.toml`` file. Case
folders are visited in name order, one at a time (a 10,000-case batch is never held in
memory). Hidden folders are skipped; a symlinked case folder is refused, because its evidence
would live outside the batch. JSON is read with exact decimals (``parse_float=Decimal``).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from intake.raw import RawCase
from intake.validation import FieldError

DOCUMENT_NAMES = ("case.json", "case.toml")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT = "(document)"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} nie jest liczbą")


def parse_document(raw: bytes, name: str) -> tuple[dict[str, Any] | None, str | None]:
    """Parse a case document's bytes; return (data, None) or (None, why it failed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"{name} nie jest zapisany w UTF-8 (bajt {exc.start})"
    try:
        if name.endswith(".toml"):
            data: object = tomllib.loads(text, parse_float=Decimal)
        else:
            data = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return (
            None,
            f"{name} nie jest poprawnym JSON-em: {exc.msg} "
            f"(wiersz {exc.lineno}, kolumna {exc.colno})",
        )
    except tomllib.TOMLDecodeError as exc:
        return None, f"{name} nie jest poprawnym TOML-em: {exc}"
    except RecursionError:
        return None, f"{name} ma zbyt głęboko zagnieżdżoną strukturę"
    except ValueError as exc:  # NaN/Infinity, integers with thousands of digits
        return None, f"{name} jest niepoprawny: {exc}"
    if not isinstance(data, dict):
        return None, f"{name} musi zawierać jeden obiekt (sprawę), a nie {type(data).__name__}"
    return data, None


def read_case_folder(folder: Path, label: str) -> RawCase:
    """The case in ``folder`` (``label`` is how reports name it)."""
    raw = RawCase(source=label, evidence_root=folder, data=None)
    if folder.is_symlink():
        raw.errors.append(
            FieldError(label, None, DOCUMENT, None, "folder sprawy jest dowiązaniem (symlink)")
        )
        return raw
    present = [n for n in DOCUMENT_NAMES if (folder / n).is_file()]
    if not present:
        raw.errors.append(
            FieldError(
                label, None, DOCUMENT, None, "brak case.json ani case.toml w folderze sprawy"
            )
        )
        return raw
    if len(present) > 1:
        raw.errors.append(
            FieldError(
                label, None, DOCUMENT, None, "są jednocześnie case.json i case.toml: zostaw jeden"
            )
        )
        return raw
    return read_case_document(folder / present[0], f"{label}/{present[0]}")


def read_case_document(path: Path, label: str) -> RawCase:
    raw = RawCase(source=label, evidence_root=path.parent, data=None)
    try:
        if path.is_symlink():
            raise PermissionError("dokument sprawy jest dowiązaniem (symlink)")
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raw.errors.append(
                FieldError(
                    label,
                    None,
                    DOCUMENT,
                    None,
                    f"dokument sprawy ma {size} bajtów, ponad {MAX_DOCUMENT_BYTES}",
                )
            )
            return raw
        content = path.read_bytes()
    except OSError as exc:
        raw.errors.append(
            FieldError(label, None, DOCUMENT, None, f"nie można odczytać: {exc.strerror or exc}")
        )
        return raw
    data, problem = parse_document(content, path.name)
    if problem is not None:
        raw.errors.append(FieldError(label, None, DOCUMENT, None, problem))
        return raw
    raw.data = data
    ref = data.get("external_ref") if data else None
    raw.external_ref = ref if isinstance(ref, str) and ref.strip() else None
    return raw


def iter_folder_cases(path: Path) -> Iterator[RawCase]:
    """Every case under ``path`` (batch folder, case folder or case document), in name order."""
    if path.is_file():
        yield read_case_document(path, path.name)
        return
    if any((path / n).exists() for n in DOCUMENT_NAMES):
        yield read_case_folder(path, path.name)
        return
    names = sorted(e.name for e in os.scandir(path) if not e.name.startswith("."))
    for name in names:
        folder = path / name
        if folder.is_dir() or folder.is_symlink():
            yield read_case_folder(folder, f"{path.name}/{name}")
