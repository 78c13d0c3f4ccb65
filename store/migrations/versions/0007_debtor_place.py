"""debtor address parts that place the court: gmina, powiat, voivodeship, district

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("gmina", "powiat", "voivodeship", "district")


def upgrade() -> None:
    with op.batch_alter_table("debtor", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("debtor", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
