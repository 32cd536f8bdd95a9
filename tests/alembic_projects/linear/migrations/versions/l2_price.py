"""items get a price

Revision ID: l2
"""
from alembic import op
import sqlalchemy as sa

revision = "l2"
down_revision = "l1"


def upgrade():
    op.add_column("items", sa.Column("price", sa.Numeric(8, 2), nullable=False, server_default="0"))
    # Keeps the ALTER's lock long enough to be sampled many times over.
    op.execute("SELECT pg_sleep(0.3)")


def downgrade():
    op.drop_column("items", "price")
