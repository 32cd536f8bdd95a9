"""vendor extractors and their test results

Revision ID: 003b
Revises: 003a
"""
from alembic import op

from codebase_mcp_tables import create_vendor_tables

revision = "003b"
down_revision = "003a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_vendor_tables()


def downgrade() -> None:
    op.drop_table("vendor_test_results")
    op.drop_table("vendor_extractors")
