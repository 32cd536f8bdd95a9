"""link tasks to git branches and commits, add task estimates

Revision ID: 003
Revises: 001
"""
from alembic import op
import sqlalchemy as sa

from codebase_mcp_tables import create_task_branches_and_commits

revision = "003"
down_revision = "001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tasks", sa.Column("estimated_hours", sa.Numeric(6, 2)))
    op.create_check_constraint("ck_tasks_estimated_hours", "tasks", "estimated_hours >= 0")
    create_task_branches_and_commits()


def downgrade() -> None:
    op.drop_table("task_commits")
    op.drop_table("task_branches")
    op.drop_column("tasks", "estimated_hours")
