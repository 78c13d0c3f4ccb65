"""Settlements (ugoda) and their instalment plans (issue #18)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.tables

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    money = store.tables.MoneyType(precision=14, scale=2)
    op.create_table(
        "settlement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", text(), nullable=False),
        sa.Column("concluded_on", sa.Date(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.Column("costs", money, nullable=False),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("interest_mode", text(), nullable=False),
        sa.Column("interest_rate", money, nullable=True),
        sa.Column("stage_before", text(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("broken_on", sa.Date(), nullable=True),
        sa.Column("broken_by", sa.Integer(), nullable=True),
        sa.Column("fulfilled_on", sa.Date(), nullable=True),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["step_id"], ["casestep.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["generateddocument.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "concluded_on"),
    )
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settlement_case_id"), ["case_id"], unique=False)
    op.create_table(
        "instalment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("agreed_due", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.ForeignKeyConstraint(["settlement_id"], ["settlement.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("settlement_id", "number"),
    )
    with op.batch_alter_table("instalment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instalment_settlement_id"), ["settlement_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("instalment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instalment_settlement_id"))
    op.drop_table("instalment")
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlement_case_id"))
    op.drop_table("settlement")
