"""Invoices in a foreign currency are refused at intake with one Polish reason (issue #14
item 12: never a crash at drafting); PLN invoices import as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intake.test_validation import errors_of, with_invoice


@pytest.mark.parametrize("currency", ["EUR", "USD", "CHF"])
def test_foreign_currency_is_refused_in_polish(tmp_path: Path, currency: str) -> None:
    errors = errors_of(tmp_path, with_invoice(currency=currency))
    assert [e.field for e in errors] == ["invoices[0].currency"]
    assert errors[0].value == currency
    assert f"faktura w walucie {currency}" in errors[0].message
    assert "nie są obsługiwane" in errors[0].message


def test_pln_is_accepted(tmp_path: Path) -> None:
    assert errors_of(tmp_path, with_invoice(currency="PLN")) == []
