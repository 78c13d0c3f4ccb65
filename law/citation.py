"""Citations and cited figures.

Every figure the product computes carries the rules it applied and a one-line reason, so a
partner reading a draft or a memo sees *why* a number is what it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Cite:
    """A reference to a legal rule, e.g. ``Cite("KC", "art. 118 zd. 2")``."""

    act: str
    provision: str

    def __str__(self) -> str:
        return f"{self.act} {self.provision}"


@dataclass(frozen=True, slots=True)
class Figure(Generic[T]):
    """A computed value with the rules it applied and a human reason (Polish or English)."""

    value: T
    cites: tuple[Cite, ...]
    reason: str
    contested: bool = False
    alternative: T | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def cite_text(self) -> str:
        return "; ".join(str(c) for c in self.cites)


def money(value: Decimal | int | str) -> Decimal:
    """Round to grosze (two places, half up), the way amounts are stated in a pozew."""
    from decimal import ROUND_HALF_UP

    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
