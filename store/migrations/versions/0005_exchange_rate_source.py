"""Exchange rates: where a rate came from (nbp: fetched; manual: entered by hand, audited)

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("exchangerate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="nbp",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("exchangerate", schema=None) as batch_op:
        batch_op.drop_column("source")
