"""settlement review: the ugoda draft's partner review (issue #18 follow-up)

A settlement drafted before this migration (one with a document) waits for the partner.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT_COLUMNS = ("review_status", "review_comment", "decided_by")


def upgrade() -> None:
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        for name in TEXT_COLUMNS:
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE settlement SET review_status = 'ready_for_review' WHERE document_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.drop_column("decided_at")
        for name in reversed(TEXT_COLUMNS):
            batch_op.drop_column(name)
