"""limitation watch: one row per live invoice (the limitation deadlines follow each invoice)

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "limitationwatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "invoice_number"),
    )
    with op.batch_alter_table("limitationwatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_limitationwatch_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("limitationwatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_limitationwatch_case_id"))
    op.drop_table("limitationwatch")
