"""The examples in the integrations docstrings are part of the spec: run them."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import integrations

MODULES = [m.name for m in pkgutil.iter_modules(integrations.__path__, "integrations.")]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_nothing_reads_the_environment() -> None:
    for name in MODULES:
        source = importlib.import_module(name).__loader__.get_source(name) or ""  # type: ignore[union-attr]
        assert "os.environ" not in source and "getenv" not in source, name
