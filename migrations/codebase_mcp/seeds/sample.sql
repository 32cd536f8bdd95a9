-- seed: sample
-- message: the original test's rows (3 repositories, 4 code chunks with 1536-dimension embeddings)

-- Runs at revision 005 (before 002 adds project_id). Ids are not assumed, chunks find their
-- repository by path. Embeddings are built as real[], which is the column type without
-- pgvector; with pgvector the INSERT applies its real[] -> vector assignment cast.
INSERT INTO repositories (path, last_indexed_at)
VALUES ('/test/repo1', NULL),
       ('/test/repo2', NULL),
       ('/test/repo3', NULL);

INSERT INTO code_chunks (repository_id, file_path, start_line, end_line, content, embedding)
SELECT r.id, c.file_path, c.start_line, c.end_line, c.content, array_fill(c.value, ARRAY[1536])
  FROM (VALUES
          (1, '/test/repo1', 'src/main.py',        1, 10, E'def main():\n    pass',           0.1::real),
          (2, '/test/repo1', 'src/utils.py',       1, 20, E'def helper():\n    return True',  0.2::real),
          (3, '/test/repo2', 'lib/core.py',        1, 15, E'class Core:\n    pass',           0.3::real),
          (4, '/test/repo3', 'tests/test_core.py', 1, 25, E'def test_core():\n    assert True', 0.4::real)
       ) AS c (ord, repository_path, file_path, start_line, end_line, content, value)
  JOIN repositories AS r ON r.path = c.repository_path
 ORDER BY c.ord;
