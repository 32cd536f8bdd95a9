"""a second head

Revision ID: x
"""
from alembic import op

revision = "x"
down_revision = "a"
branch_labels = ("two",)
depends_on = None


def upgrade():
    op.execute("CREATE TABLE t_x (id integer)")


def downgrade():
    op.execute("DROP TABLE t_x")
