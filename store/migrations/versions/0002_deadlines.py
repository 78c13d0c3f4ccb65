"""deadlines: one limitation row per case, delivery time of a warning

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The (case_id, rule_key, event_id) unique key does not dedupe rows with event_id NULL
    # (NULLs are distinct); case-level deadlines such as limitation get a partial index.
    op.create_index(
        "uq_deadline_case_rule_no_event",
        "deadline",
        ["case_id", "rule_key"],
        unique=True,
        sqlite_where=sa.text("event_id IS NULL"),
        postgresql_where=sa.text("event_id IS NULL"),
    )
    with op.batch_alter_table("deadlinewarning", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deadlinewarning", schema=None) as batch_op:
        batch_op.drop_column("delivered_at")
    op.drop_index("uq_deadline_case_rule_no_event", table_name="deadline")
