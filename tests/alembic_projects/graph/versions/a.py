"""the base

Revision ID: a
"""
from alembic import op

revision = "a"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE t_a (id integer)")


def downgrade():
    op.execute("DROP TABLE t_a")
