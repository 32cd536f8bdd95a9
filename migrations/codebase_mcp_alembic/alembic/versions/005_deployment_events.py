"""deployment events linked to vendor extractors

Revision ID: 005
Revises: 003b
"""
from alembic import op
import sqlalchemy as sa

from codebase_mcp_tables import create_deployment_tables

revision = "005"
down_revision = "003b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_deployment_tables()
    op.create_index("ix_repositories_last_indexed_at", "repositories", ["last_indexed_at"], postgresql_where=sa.text("is_active"))


def downgrade() -> None:
    op.drop_index("ix_repositories_last_indexed_at", table_name="repositories")
    op.drop_table("vendor_deployment_links")
    op.drop_table("deployment_events")
