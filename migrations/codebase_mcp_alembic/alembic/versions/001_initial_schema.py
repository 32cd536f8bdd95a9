"""initial schema with repositories, code files, code chunks with embeddings, tasks

Revision ID: 001
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

from codebase_mcp_tables import NOW, create_tasks, tz

revision = "001"
down_revision = None
branch_labels = None
depends_on = None

# Tries pgvector and falls back to real[] (one statement; a NOTICE says which one is in use).
# 0A000 "extension is not available" (58P01 on older minor releases), 42501 when the role may
# not create it.
EMBEDDING_STORAGE = """
DO $$
DECLARE
    vector_schema name;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION
        WHEN feature_not_supported OR undefined_file OR insufficient_privilege THEN
            NULL;
    END;

    SELECT n.nspname INTO vector_schema
      FROM pg_extension e
      JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'vector';

    IF vector_schema IS NULL THEN
        RAISE NOTICE 'codebase_mcp: embeddings stored as real[] (pgvector not available)';
    ELSE
        ALTER TABLE code_chunks DROP CONSTRAINT ck_code_chunks_embedding_dims;
        EXECUTE format(
            'ALTER TABLE code_chunks ALTER COLUMN embedding TYPE %1$I.vector(1536) USING embedding::%1$I.vector(1536)',
            vector_schema);
        RAISE NOTICE 'codebase_mcp: embeddings stored as vector(1536) (pgvector)';
    END IF;
END
$$"""


def upgrade() -> None:
    op.create_table(
        "repositories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False, comment="Absolute path of the working tree on the indexing host"),
        sa.Column("name", sa.String(255)),
        sa.Column("default_branch", sa.String(255), nullable=False, server_default=sa.text("'main'")),
        tz("last_indexed_at"),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        sa.Column("metadata", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        tz("created_at", False, NOW),
        tz("updated_at", False, NOW),
        sa.PrimaryKeyConstraint("id", name="pk_repositories"),
        sa.UniqueConstraint("path", name="uq_repositories_path"),
        comment="Source repositories known to the code-search index",
    )
    op.create_table(
        "code_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("language", sa.String(50)),
        sa.Column("size_bytes", sa.BigInteger()),
        sa.Column("content_hash", sa.CHAR(64)),
        tz("modified_at"),
        tz("indexed_at", False, NOW),
        sa.Column("is_deleted", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.PrimaryKeyConstraint("id", name="pk_code_files"),
        sa.ForeignKeyConstraint(["repository_id"], ["repositories.id"], name="fk_code_files_repository", ondelete="CASCADE"),
        sa.CheckConstraint("size_bytes >= 0", name="ck_code_files_size_bytes"),
        sa.UniqueConstraint("repository_id", "path", name="uq_code_files_repository_path"),
    )
    # The embedding starts as real[] with a dimension CHECK; EMBEDDING_STORAGE switches it to
    # pgvector's vector(1536) when the extension can be created.
    op.create_table(
        "code_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("code_file_id", sa.Integer()),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("start_line", sa.Integer(), nullable=False),
        sa.Column("end_line", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("chunk_type", sa.String(50)),
        sa.Column("content_tsv", TSVECTOR(), sa.Computed("to_tsvector('simple'::regconfig, content)", persisted=True)),
        sa.Column("embedding", ARRAY(sa.REAL()),
                  comment="1536-dimension embedding: vector(1536) with pgvector, real[] otherwise"),
        tz("created_at", False, NOW),
        sa.PrimaryKeyConstraint("id", name="pk_code_chunks"),
        sa.ForeignKeyConstraint(["repository_id"], ["repositories.id"], name="fk_code_chunks_repository", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code_file_id"], ["code_files.id"], name="fk_code_chunks_code_file", ondelete="CASCADE"),
        sa.CheckConstraint("start_line >= 1 AND end_line >= start_line", name="ck_code_chunks_line_range"),
        sa.CheckConstraint("embedding IS NULL OR cardinality(embedding) = 1536", name="ck_code_chunks_embedding_dims"),
        comment="Searchable slices of source files with their embeddings",
    )
    op.create_index("ix_code_chunks_repository_id", "code_chunks", ["repository_id"])
    op.create_index("ix_code_chunks_code_file_id", "code_chunks", ["code_file_id"])
    op.create_index("ix_code_chunks_repository_file", "code_chunks", ["repository_id", "file_path", "start_line"])
    op.create_index("ix_code_chunks_content_tsv", "code_chunks", ["content_tsv"], postgresql_using="gin")
    op.execute(EMBEDDING_STORAGE)
    create_tasks()


def downgrade() -> None:
    # The vector extension stays installed: it is database-wide and may predate this project.
    op.drop_table("tasks")
    op.drop_table("code_chunks")
    op.drop_table("code_files")
    op.drop_table("repositories")
