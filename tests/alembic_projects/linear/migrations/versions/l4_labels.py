"""labels; its downgrade fails in Python

Revision ID: l4
"""
from alembic import op
import sqlalchemy as sa

revision = "l4"
down_revision = "l3"


def upgrade():
    op.create_table("labels", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    raise RuntimeError("labels cannot be removed: l4 downgrade refused")
