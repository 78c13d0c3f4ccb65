"""e-Sąd web service submissions: one row per package sent, one per lawsuit in it

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.tables

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    money = store.tables.MoneyType(precision=14, scale=2)
    op.create_table(
        "esadsubmission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", text(), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("code", text(), nullable=False),
        sa.Column("message", text(), nullable=False),
        sa.Column("lawsuits", sa.Integer(), nullable=False),
        sa.Column("total_fee", money, nullable=True),
        sa.Column("sha256", text(), nullable=False),
        sa.Column("file", text(), nullable=False),
        sa.Column("sent_by", text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label"),
    )
    op.create_table(
        "esadlawsuit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("active_case_id", sa.Integer(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("our_ref", text(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("reason", text(), nullable=False),
        sa.Column("court_signature", text(), nullable=False),
        sa.Column("court_state", text(), nullable=False),
        sa.Column("fee", money, nullable=True),
        sa.Column("filing_step_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["active_case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["filing_step_id"], ["casestep.id"]),
        sa.ForeignKeyConstraint(["submission_id"], ["esadsubmission.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("active_case_id"),
        sa.UniqueConstraint("submission_id", "case_id"),
    )
    with op.batch_alter_table("esadlawsuit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_esadlawsuit_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_esadlawsuit_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("esadlawsuit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_esadlawsuit_submission_id"))
        batch_op.drop_index(batch_op.f("ix_esadlawsuit_case_id"))
    op.drop_table("esadlawsuit")
    op.drop_table("esadsubmission")
