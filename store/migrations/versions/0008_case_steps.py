"""case timeline: one row per lifecycle step (filing, court event, correction)

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "casestep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("from_stage", text(), nullable=False),
        sa.Column("to_stage", text(), nullable=False),
        sa.Column("trigger", text(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("cause", text(), nullable=False),
        sa.Column("cites", text(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("court", text(), nullable=False),
        sa.Column("signature", text(), nullable=False),
        sa.Column("mode", text(), nullable=False),
        sa.Column("reason", text(), nullable=False),
        sa.Column("recorded_by", text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["event_id"], ["courtevent.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("casestep", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casestep_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("casestep", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casestep_case_id"))
    op.drop_table("casestep")
