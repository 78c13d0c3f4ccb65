"""Imports point downward (STYLE.md "Shape"): the use cases in ``casework`` never import the
entry points above them (``flows``, ``cli``, ``review``), not even inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

CASEWORK = Path(__file__).resolve().parents[2] / "casework"
ABOVE = ("flows", "cli", "review")


def _imported(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_casework_imports_nothing_above_it() -> None:
    modules = sorted(CASEWORK.glob("*.py"))
    assert len(modules) > 10  # the package was found
    upward = {
        f"{path.name}: {name}"
        for path in modules
        for name in _imported(path)
        if name.split(".")[0] in ABOVE
    }
    assert upward == set()
