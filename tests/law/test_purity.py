"""law/ stays pure: no I/O, no clock, no framework, nothing from the project outside law/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LAW = Path(__file__).resolve().parents[2] / "law"
# Dev tools that regenerate law/pl/data/*.py from the files they read; never imported.
DEV_TOOLS = {
    LAW / "pl" / "data" / "generate_eur_rates.py",
    LAW / "pl" / "data" / "generate_district_courts.py",
}
FORBIDDEN = {
    "os",
    "io",
    "pathlib",
    "sqlite3",
    "sqlalchemy",
    "sqlmodel",
    "prefect",
    "httpx",
    "requests",
    "socket",
    "logging",
    "urllib",
    "subprocess",
    "shutil",
    "tempfile",
    "time",
}
PROJECT = {"cli", "store", "intake", "documents", "integrations", "flows", "review", "tests"}
MODULES = sorted(p for p in LAW.rglob("*.py") if p not in DEV_TOOLS)


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_modules_found() -> None:
    assert len(MODULES) >= 12


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(LAW)))
def test_no_io_or_project_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in _imports(tree):
        top = name.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {name}"
        assert top not in PROJECT, f"{path.name} imports project module {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(LAW)))
def test_no_clock_or_files(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert ".now(" not in source and ".today(" not in source, path.name
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "input", "print", "exec", "eval"}, path.name
