"""Enforcement: the komornik's costs recorded per case (issue #19)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.tables

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    money = store.tables.MoneyType(precision=14, scale=2)
    op.create_table(
        "enforcementcost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("incurred_on", sa.Date(), nullable=False),
        sa.Column("kind", text(), nullable=False),
        sa.Column("payer", text(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.Column("komornik", text(), nullable=False),
        sa.Column("recorded_by", text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["step_id"], ["casestep.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("enforcementcost", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enforcementcost_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enforcementcost", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enforcementcost_case_id"))
    op.drop_table("enforcementcost")
