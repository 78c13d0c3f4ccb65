"""Letters to the court after filing: cofnięcie pozwu w części / w całości (issue #18)

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "courtletter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", text(), nullable=False),
        sa.Column("reason", text(), nullable=False),
        sa.Column("kind", text(), nullable=False),
        sa.Column("channel", text(), nullable=False),
        sa.Column("court_stage", text(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("letter_on", sa.Date(), nullable=False),
        sa.Column("plan_json", text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("status", text(), nullable=False),
        sa.Column("review_comment", text(), nullable=False),
        sa.Column("decided_by", text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("drafted_by", text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["payment_id"], ["recordedpayment.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["generateddocument.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "key"),
    )
    with op.batch_alter_table("courtletter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_courtletter_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("courtletter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_courtletter_case_id"))
    op.drop_table("courtletter")
