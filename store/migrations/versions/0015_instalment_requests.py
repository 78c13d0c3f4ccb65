"""Instalment requests recorded after the handoff (issue #18): acknowledgements of the claim

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "instalmentrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("note", text(), nullable=False),
        sa.Column("recorded_by", text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "requested_on"),
    )
    with op.batch_alter_table("instalmentrequest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instalmentrequest_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("instalmentrequest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instalmentrequest_case_id"))
    op.drop_table("instalmentrequest")
