"""items table

Revision ID: l1
"""
from alembic import op
import sqlalchemy as sa

revision = "l1"
down_revision = None


def upgrade():
    op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text(), nullable=False))
    op.execute("INSERT INTO items (name) VALUES ('one'), ('two'), ('three')")


def downgrade():
    op.drop_table("items")
