"""a data migration that reads the database

Revision ID: l3
"""
from alembic import op
import sqlalchemy as sa

revision = "l3"
down_revision = "l2"


def upgrade():
    op.create_table("item_counts", sa.Column("n", sa.Integer(), nullable=False))
    # Reads rows: there is nothing to read when Alembic renders SQL offline.
    n = op.get_bind().execute(sa.text("SELECT count(*) FROM items")).scalar()
    op.execute(sa.text("INSERT INTO item_counts (n) VALUES (:n)").bindparams(n=n))


def downgrade():
    op.drop_table("item_counts")
