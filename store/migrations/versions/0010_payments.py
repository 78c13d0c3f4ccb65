"""Payments after the handoff: recorded payments, their art. 451 allocation, unmatched
bank-statement credits

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.tables

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    money = store.tables.MoneyType(precision=14, scale=2)
    op.create_table(
        "recordedpayment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.Column("title", text(), nullable=False),
        sa.Column("invoice_number", text(), nullable=True),
        sa.Column("designated", sa.Boolean(), nullable=False),
        sa.Column("source", text(), nullable=False),
        sa.Column("transaction_key", text(), nullable=True),
        sa.Column("counterparty", text(), nullable=False),
        sa.Column("account", text(), nullable=False),
        sa.Column("matched_by", text(), nullable=False),
        sa.Column("surplus", money, nullable=False),
        sa.Column("recorded_by", text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transaction_key"),
    )
    with op.batch_alter_table("recordedpayment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recordedpayment_case_id"), ["case_id"], unique=False)
    op.create_table(
        "paymentallocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("invoice_number", text(), nullable=False),
        sa.Column("to_costs", money, nullable=False),
        sa.Column("to_interest", money, nullable=False),
        sa.Column("to_principal", money, nullable=False),
        sa.Column("cites", text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["payment_id"], ["recordedpayment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("paymentallocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paymentallocation_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_paymentallocation_payment_id"), ["payment_id"], unique=False
        )
    op.create_table(
        "unmatchedtransaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transaction_key", text(), nullable=False),
        sa.Column("source", text(), nullable=False),
        sa.Column("statement", text(), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.Column("title", text(), nullable=False),
        sa.Column("counterparty", text(), nullable=False),
        sa.Column("account", text(), nullable=False),
        sa.Column("reason", text(), nullable=False),
        sa.Column("candidates", text(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transaction_key"),
    )


def downgrade() -> None:
    op.drop_table("unmatchedtransaction")
    with op.batch_alter_table("paymentallocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paymentallocation_payment_id"))
        batch_op.drop_index(batch_op.f("ix_paymentallocation_case_id"))
    op.drop_table("paymentallocation")
    with op.batch_alter_table("recordedpayment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recordedpayment_case_id"))
    op.drop_table("recordedpayment")
