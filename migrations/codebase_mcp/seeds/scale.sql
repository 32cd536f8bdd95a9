-- seed: scale
-- message: synthetic load for timing (N repositories with M code chunks each, 1536-dimension embeddings)
-- param: repositories=100
-- param: chunks=100
-- param: hnsw=1
-- describe: repositories=repositories inserted (paths /scale/repo-NNNNN)
-- describe: chunks=code chunks per repository, each with a 1536-dimension embedding
-- describe: hnsw=1 builds an HNSW index on the embeddings when the server has pgvector (0: no index)
-- estimate: repositories*chunks rows, 6400 bytes each

-- Runs at revision 005, like the sample seed (at 002 code_chunks.project_id is NOT NULL
-- without a default). Parameters arrive as custom settings (revisor.param.repositories,
-- revisor.param.chunks). Paths, content and embeddings derive from the repository and
-- chunk numbers only, never from generated ids, so two runs produce the same data and
-- their fingerprints can be compared.
-- Paths are /scale/repo-NNNNN, so the seed can run next to the sample seed.
--
-- hnsw=1 (the default) also builds the HNSW index on the embeddings that the real service
-- has, when the column is pgvector's vector; on a server without pgvector a NOTICE says it was
-- skipped. With it, 002's UPDATE of every code chunk writes each new row version into the HNSW
-- index, which is what makes that upgrade slow at volume (see revisor scale).
--
-- Embeddings come from a pool of 64 distinct vectors (each built from sin() of its number),
-- picked per chunk; computing 1536 values for every chunk would dominate the seeding time
-- without making the rows any more useful for timing DDL.
INSERT INTO repositories (path, name, default_branch, last_indexed_at, metadata)
SELECT format('/scale/repo-%s', lpad(n::text, 5, '0')),
       format('repo-%s', lpad(n::text, 5, '0')),
       CASE WHEN n % 10 = 0 THEN 'develop' ELSE 'main' END,
       timestamptz '2024-01-01 00:00:00+00' + make_interval(mins => n),
       jsonb_build_object('seed', 'scale', 'n', n)
  FROM generate_series(1, current_setting('revisor.param.repositories')::int) AS n;

INSERT INTO code_chunks (repository_id, file_path, start_line, end_line, content, chunk_type, embedding)
WITH pool AS (
    SELECT p, array_agg(round((sin(p * 1536 + k) * 0.5)::numeric, 6)::real ORDER BY k) AS embedding
      FROM generate_series(0, 63) AS p
     CROSS JOIN generate_series(1, 1536) AS k
     GROUP BY p
),
repos AS (
    SELECT r.id, substr(r.path, length('/scale/repo-') + 1)::int AS n
      FROM repositories AS r
     WHERE r.path LIKE '/scale/repo-%'
       AND substr(r.path, length('/scale/repo-') + 1)::int <= current_setting('revisor.param.repositories')::int
)
SELECT r.id,
       format('src/module_%s/file_%s.py', c % 17, c),
       (c - 1) * 40 + 1,
       (c - 1) * 40 + 40,
       format(E'def f_%s_%s():\n    return %L\n', r.n, c, md5(r.n || ':' || c)),
       CASE c % 3 WHEN 0 THEN 'function' WHEN 1 THEN 'class' ELSE 'module' END,
       pool.embedding
  FROM repos AS r
 CROSS JOIN generate_series(1, current_setting('revisor.param.chunks')::int) AS c
  JOIN pool ON pool.p = (r.n * 31 + c) % 64
 ORDER BY r.n, c;

-- One statement: the HNSW index when asked for and possible, else a NOTICE saying why not.
DO $$
DECLARE
    vector_schema name;
BEGIN
    IF current_setting('revisor.param.hnsw') NOT IN ('1', 'true', 'yes', 'on') THEN
        RAISE NOTICE 'codebase_mcp scale seed: no HNSW index (hnsw=%)', current_setting('revisor.param.hnsw');
        RETURN;
    END IF;
    SELECT tn.nspname INTO vector_schema
      FROM pg_attribute AS a
      JOIN pg_type AS t ON t.oid = a.atttypid
      JOIN pg_namespace AS tn ON tn.oid = t.typnamespace
     WHERE a.attrelid = 'code_chunks'::regclass AND a.attname = 'embedding' AND t.typname = 'vector';
    IF vector_schema IS NULL THEN
        RAISE NOTICE 'codebase_mcp scale seed: HNSW index skipped (embeddings are real[]: pgvector not available)';
        RETURN;
    END IF;
    EXECUTE format('CREATE INDEX IF NOT EXISTS ix_code_chunks_embedding_hnsw ON code_chunks USING hnsw (embedding %I.vector_cosine_ops)',
                   vector_schema);
    RAISE NOTICE 'codebase_mcp scale seed: HNSW index ix_code_chunks_embedding_hnsw built on code_chunks.embedding';
END
$$;
