-- revision: 001
-- revises:
-- message: initial schema with repositories, code files, code chunks with embeddings, tasks
-- migrate:up
-- Every constraint and index carries an explicit name so that later revisions (and their
-- downgrades) can refer to it and re-create it identically.

CREATE TABLE repositories (
    id              serial CONSTRAINT pk_repositories PRIMARY KEY,
    path            text NOT NULL CONSTRAINT uq_repositories_path UNIQUE,
    name            varchar(255),
    default_branch  varchar(255) NOT NULL DEFAULT 'main',
    last_indexed_at timestamptz,
    is_active       boolean NOT NULL DEFAULT true,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE repositories IS 'Source repositories known to the code-search index';
COMMENT ON COLUMN repositories.path IS 'Absolute path of the working tree on the indexing host';

CREATE TABLE code_files (
    id            serial CONSTRAINT pk_code_files PRIMARY KEY,
    repository_id integer NOT NULL
                  CONSTRAINT fk_code_files_repository REFERENCES repositories (id) ON DELETE CASCADE,
    path          text NOT NULL,
    language      varchar(50),
    size_bytes    bigint CONSTRAINT ck_code_files_size_bytes CHECK (size_bytes >= 0),
    content_hash  char(64),
    modified_at   timestamptz,
    indexed_at    timestamptz NOT NULL DEFAULT now(),
    is_deleted    boolean NOT NULL DEFAULT false,
    CONSTRAINT uq_code_files_repository_path UNIQUE (repository_id, path)
);

-- The embedding starts as real[] with a dimension CHECK; the DO block below switches it to
-- pgvector's vector(1536) when the extension can be created. Later revisions never depend on
-- which of the two types is in use.
CREATE TABLE code_chunks (
    id            serial CONSTRAINT pk_code_chunks PRIMARY KEY,
    repository_id integer NOT NULL
                  CONSTRAINT fk_code_chunks_repository REFERENCES repositories (id) ON DELETE CASCADE,
    code_file_id  integer
                  CONSTRAINT fk_code_chunks_code_file REFERENCES code_files (id) ON DELETE CASCADE,
    file_path     text NOT NULL,
    start_line    integer NOT NULL,
    end_line      integer NOT NULL,
    content       text NOT NULL,
    chunk_type    varchar(50),
    content_tsv   tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, content)) STORED,
    embedding     real[],
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_code_chunks_line_range CHECK (start_line >= 1 AND end_line >= start_line),
    CONSTRAINT ck_code_chunks_embedding_dims CHECK (embedding IS NULL OR cardinality(embedding) = 1536)
);

COMMENT ON TABLE code_chunks IS 'Searchable slices of source files with their embeddings';
COMMENT ON COLUMN code_chunks.embedding IS '1536-dimension embedding: vector(1536) with pgvector, real[] otherwise';

CREATE INDEX ix_code_chunks_repository_id ON code_chunks (repository_id);
CREATE INDEX ix_code_chunks_code_file_id ON code_chunks (code_file_id);
CREATE INDEX ix_code_chunks_repository_file ON code_chunks (repository_id, file_path, start_line);
CREATE INDEX ix_code_chunks_content_tsv ON code_chunks USING gin (content_tsv);

-- One statement: try pgvector, fall back to real[] and say which one is in use.
DO $$
DECLARE
    vector_schema name;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION
        -- 0A000 "extension is not available" (58P01 on older minor releases),
        -- 42501 when the role may not create it.
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
        -- vector(1536) enforces the dimension itself, so the array CHECK goes away.
        ALTER TABLE code_chunks DROP CONSTRAINT ck_code_chunks_embedding_dims;
        EXECUTE format(
            'ALTER TABLE code_chunks ALTER COLUMN embedding TYPE %1$I.vector(1536) USING embedding::%1$I.vector(1536)',
            vector_schema);
        RAISE NOTICE 'codebase_mcp: embeddings stored as vector(1536) (pgvector)';
    END IF;
END
$$;

CREATE TABLE tasks (
    id                  uuid CONSTRAINT pk_tasks PRIMARY KEY DEFAULT gen_random_uuid(),
    title               varchar(200) NOT NULL,
    description         text,
    notes               text,
    status              varchar(20) NOT NULL DEFAULT 'need to be done',
    planning_references jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_tasks_status CHECK (status IN ('need to be done', 'in-progress', 'complete'))
);

COMMENT ON TABLE tasks IS 'Development tasks tracked alongside the indexed code';

CREATE INDEX ix_tasks_status ON tasks (status);
CREATE INDEX ix_tasks_created_at ON tasks (created_at DESC);

-- migrate:down
-- The vector extension is left installed on purpose: it is database-wide, may have been
-- created before this set ran (the original test fixture does so) and may be used by other
-- schemas; dropping it is a DBA decision, not part of this rollback.
DROP TABLE tasks;
DROP TABLE code_chunks;
DROP TABLE code_files;
DROP TABLE repositories;
