"""after b1, needs b2

Revision ID: c1
"""
from alembic import op

revision = "c1"
down_revision = "b1"
branch_labels = None
depends_on = "b2"


def upgrade():
    op.execute("CREATE TABLE t_c1 (id integer)")


def downgrade():
    op.execute("DROP TABLE t_c1")
