"""The bad-input corpus (``corpus/``): loading the manifest and laying items out on disk.

``corpus/case_documents.jsonl`` holds one hand-written item per line: a change to
``corpus/base_case.json`` (``set`` dotted paths, ``drop`` paths), or the raw text of a broken
case document, plus the field and message fragment it must be rejected with (or ``ok``: what
an accepted item must read as). ``corpus/manifest.json`` names the CSV files and what each
row must give. Big and special files (a 50 MB attachment, symlinks, a FIFO) are made at test
time: the 50 MB file is sparse, so it costs no disk and is never committed.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from intake.synthetic import minimal_pdf

CORPUS = Path(__file__).resolve().parent / "corpus"
PDF = minimal_pdf(["Dokument korpusu testowego"])
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return data


def base_case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "base_case.json").read_text(encoding="utf-8"))
    return data


def document_items() -> list[dict[str, Any]]:
    lines = (CORPUS / "case_documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _steps(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _STEP.findall(path)]


def _expand(value: Any) -> Any:
    """``"@repeat:C:N"`` is C repeated N times (long values stay short in the corpus)."""
    if isinstance(value, str) and value.startswith("@repeat:"):
        _, char, count = value.split(":")
        return char * int(count)
    return value


def apply_changes(doc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    for path, value in item.get("set", {}).items():
        *parents, last = _steps(path)
        node: Any = out
        for step in parents:
            node = node[step]
        node[last] = _expand(value)
    for path in item.get("drop", []):
        *parents, last = _steps(path)
        node = out
        for step in parents:
            node = node[step]
        del node[last]
    return out


def _raw_text(template: str) -> str:
    if template.startswith("@nest:"):
        depth = int(template.split(":")[1])
        return "[" * depth + "]" * depth
    if template.startswith("@pad:"):
        size = int(template.split(":")[1])
        return json.dumps({"format": "handoff-case/1", "pad": "x" * size})
    return re.sub(r"@repeat:(.):(\d+)", lambda m: m.group(1) * int(m.group(2)), template)


def folder_name(position: int, item: dict[str, Any]) -> str:
    # an item that repeats another's external_ref must be read after it: name order
    return f"{'z' if 'dup_of' in item else 'c'}-{position:03d}-{item['id']}"


def write_item(folder: Path, item: dict[str, Any], base: dict[str, Any]) -> None:
    """Lay out one corpus item as a case folder."""
    evidence = folder / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    (evidence / "fv1.pdf").write_bytes(PDF)
    (evidence / "wezwanie.pdf").write_bytes(PDF)
    for rel, spec in item.get("files", {}).items():
        target = folder / rel
        if spec.startswith("symlink:"):
            os.symlink(spec.removeprefix("symlink:"), target)
        elif spec.startswith("sparse:"):
            with open(target, "wb") as fh:
                fh.truncate(int(spec.removeprefix("sparse:")))  # sparse: no disk, no memory
        elif spec == "fifo":
            os.mkfifo(target)
    name = item.get("name", "case.json")
    if "raw" in item:
        if item["raw"] is not None:
            (folder / name).write_text(_raw_text(item["raw"]), encoding="utf-8")
        else:
            (folder / name).write_text("{}", encoding="utf-8")
        return
    if "raw_cp1250" in item:
        (folder / name).write_bytes(item["raw_cp1250"].encode("cp1250"))
        return
    if "raw_utf16" in item:
        (folder / name).write_bytes(item["raw_utf16"].encode("utf-16"))
        return
    doc = apply_changes(base, item)
    if "external_ref" not in item.get("set", {}) and "external_ref" not in item.get("drop", []):
        doc["external_ref"] = f"CORPUS/{item['id']}"
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if item.get("bom"):
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:
        (folder / name).write_text(text, encoding="utf-8")
    if item.get("also_toml"):
        (folder / "case.toml").write_text('format = "handoff-case/1"\n', encoding="utf-8")


def write_corpus(batch: Path) -> dict[str, dict[str, Any]]:
    """Every case-document item under ``batch``; returns folder name -> item."""
    base = base_case()
    placed: dict[str, dict[str, Any]] = {}
    for position, item in enumerate(document_items()):
        name = folder_name(position, item)
        write_item(batch / name, item, base)
        placed[name] = item
    return placed


def write_csv_corpus(folder: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each CSV of the manifest copied into ``folder`` with an ``evidence/`` beside it."""
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    (folder / "evidence" / "fv1.pdf").write_bytes(PDF)
    for entry in manifest()["csv_files"]:
        path = folder / entry["file"]
        path.write_bytes((CORPUS / entry["file"]).read_bytes())
        yield path, entry


# --- the command line ------------------------------------------------------------------------
#
# ``corpus/cli_inputs.jsonl``: one bad command line per item (see test_cli_inputs.py). The
# files they name under ``@bad/`` are made here, next to copies of the corpus CSVs.

CP1250_CREDITOR = '{\n "kind": "company",\n "name": "Hurtownia Białystok sp. z o.o."\n}\n'


def cli_items() -> list[dict[str, Any]]:
    lines = (CORPUS / "cli_inputs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_bad_files(folder: Path) -> None:
    """The broken inputs the command-line items name as ``@bad/<name>``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pusty-folder").mkdir()
    (folder / "notatki.md").write_text("# notatki\n", encoding="utf-8")
    for name in ("not_text.csv", "empty.csv", "header_polish_names.csv", "xlsx_renamed.csv"):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    (folder / "zepsuty.json").write_text('{"name": "Termotech",', encoding="utf-8")
    (folder / "pusty.json").write_bytes(b"")
    (folder / "lista.json").write_text('[{"name": "Termotech"}]', encoding="utf-8")
    (folder / "binarny.json").write_bytes(bytes(range(256)) * 4)
    (folder / "cp1250.json").write_bytes(CP1250_CREDITOR.encode("cp1250"))
