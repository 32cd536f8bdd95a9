"""merges c1 and b2

Revision ID: m
"""
from alembic import op

revision = "m"
down_revision = ("c1", "b2")
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE t_m (id integer)")


def downgrade():
    op.execute("DROP TABLE t_m")
