"""branch one starts

Revision ID: b1
"""
from alembic import op

revision = "b1"
down_revision = "a"
branch_labels = ("one",)
depends_on = None


def upgrade():
    op.execute("CREATE TABLE t_b1 (id integer)")


def downgrade():
    op.execute("DROP TABLE t_b1")
