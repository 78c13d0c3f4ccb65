"""payment instalment: the settlement instalment a debtor named for a payment (issue #18)

A nullable column: payments recorded before it named no instalment (the oldest due first).

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recordedpayment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("instalment", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recordedpayment", schema=None) as batch_op:
        batch_op.drop_column("instalment")
