"""remove non-search tables, add project_id

Revision ID: 002
Revises: 005

Scopes repositories and code chunks by project and drops the nine tables that moved to a
separate workflow service. The downgrade re-creates them as revision 005 left them: the
SCHEMA ONLY; their rows are lost and must come from a backup if needed.
"""
from alembic import op
import sqlalchemy as sa

from codebase_mcp_tables import (create_deployment_tables, create_task_branches_and_commits, create_tasks,
                                 create_vendor_tables, create_work_items)

revision = "002"
down_revision = "005"
branch_labels = None
depends_on = None

PROJECT_ID_PATTERN = "project_id ~ '^[a-z0-9-]{1,50}$'"

# Children before parents: no CASCADE, so an unexpected dependent object fails loudly.
DROPPED = ["vendor_deployment_links", "deployment_events", "vendor_test_results", "vendor_extractors",
           "task_commits", "task_branches", "tasks", "work_item_dependencies", "work_items"]


def upgrade() -> None:
    op.add_column("repositories", sa.Column("project_id", sa.String(50), nullable=False, server_default=sa.text("'default'")))
    op.add_column("code_chunks", sa.Column("project_id", sa.String(50)))
    # A data migration: each chunk takes its repository's project.
    op.execute("UPDATE code_chunks AS c SET project_id = r.project_id FROM repositories AS r WHERE r.id = c.repository_id")
    op.alter_column("code_chunks", "project_id", nullable=False)
    op.create_check_constraint("ck_repositories_project_id", "repositories", PROJECT_ID_PATTERN)
    op.create_check_constraint("ck_code_chunks_project_id", "code_chunks", PROJECT_ID_PATTERN)
    op.create_index("idx_project_repository", "repositories", ["project_id", "id"])
    for table in DROPPED:
        op.drop_table(table)


def downgrade() -> None:
    # Parents before children, each table as of revision 005.
    create_work_items()
    create_tasks(estimated_hours=True, work_item_id=True)
    create_task_branches_and_commits()
    create_vendor_tables()
    create_deployment_tables()
    op.drop_index("idx_project_repository", table_name="repositories")
    op.drop_constraint("ck_code_chunks_project_id", "code_chunks", type_="check")
    op.drop_constraint("ck_repositories_project_id", "repositories", type_="check")
    op.drop_column("code_chunks", "project_id")
    op.drop_column("repositories", "project_id")
