"""a sibling of b1

Revision ID: b2
"""
from alembic import op

revision = "b2"
down_revision = "a"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE t_b2 (id integer)")


def downgrade():
    op.execute("DROP TABLE t_b2")
