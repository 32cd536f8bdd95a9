"""its SQL fails at the server

Revision ID: l5
"""
from alembic import op

revision = "l5"
down_revision = "l4"


def upgrade():
    op.create_table_comment("labels", "labelled")
    op.execute("ALTER TABLE no_such_table ADD COLUMN x integer")


def downgrade():
    op.drop_table_comment("labels")
