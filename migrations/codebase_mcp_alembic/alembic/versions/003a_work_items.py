"""hierarchical work items with dependencies

Revision ID: 003a
Revises: 003
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from codebase_mcp_tables import create_set_updated_at, create_work_items

revision = "003a"
down_revision = "003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_set_updated_at()
    create_work_items()
    op.add_column("tasks", sa.Column("work_item_id", UUID()))
    op.create_foreign_key("fk_tasks_work_item", "tasks", "work_items", ["work_item_id"], ["id"], ondelete="SET NULL")
    op.create_index("ix_tasks_work_item_id", "tasks", ["work_item_id"], postgresql_where=sa.text("work_item_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_tasks_work_item_id", table_name="tasks")
    op.drop_column("tasks", "work_item_id")
    op.drop_table("work_item_dependencies")
    op.drop_table("work_items")
    op.execute("DROP FUNCTION set_updated_at()")
