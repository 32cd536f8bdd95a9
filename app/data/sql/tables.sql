-- User tables whose data Revisor fingerprints: ordinary tables and partitions (relkind 'r'),
-- with their columns in position order and primary key columns in key order, as JSON arrays;
-- per column the form its values are read in (ReadForm in tablescan.h; tabledata.h says which
-- types get which, and why), and the heap's block count and heap + TOAST bytes (to split large scans);
-- the relation's oid and file node, and its name as pg_locks readers spell it (backendlocks.cpp),
-- which tell whether an earlier capture of it still stands.
-- $1 tables left out, as a JSON array of {"schema", "name"} (schema '' = any schema), $2 include
-- tables that belong to an extension.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.reltuples::bigint AS estimated_rows,
       coalesce((SELECT json_agg(a.attname::text ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json) AS columns,
       coalesce((SELECT json_agg(a.attname::text ORDER BY k.ord)
                   FROM pg_catalog.pg_index i
                  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  WHERE i.indrelid = c.oid AND i.indisprimary), '[]'::json) AS primary_key,
       coalesce((SELECT json_agg(CASE
                                   WHEN b.oid IN ('pg_catalog.float4[]'::pg_catalog.regtype, 'pg_catalog.float8[]'::pg_catalog.regtype)
                                   THEN 'array-hash'
                                   WHEN b.oid = 'pg_catalog.bytea'::pg_catalog.regtype THEN 'send-hash'
                                   WHEN b.oid >= 16384 AND b.typtype = 'b' AND b.typelem = 0 AND b.typcategory <> 'S' AND send.oid IS NOT NULL
                                   THEN 'send-hash:' || pg_catalog.quote_ident(sendns.nspname) || '.' || pg_catalog.quote_ident(send.proname)
                                   ELSE 'text' END ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute a
                   JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                   JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                   LEFT JOIN pg_catalog.pg_proc send ON send.oid = b.typsend
                   LEFT JOIN pg_catalog.pg_namespace sendns ON sendns.oid = send.pronamespace
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json) AS read_forms,
       pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::bigint AS blocks,
       pg_catalog.pg_relation_size(c.oid)
         + coalesce(pg_catalog.pg_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS bytes,
       c.oid::bigint AS oid,
       pg_catalog.pg_relation_filenode(c.oid)::bigint AS filenode,
       pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS lock_name
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r'
   AND c.relpersistence <> 't'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
   AND n.nspname !~ '^pg_(toast_)?temp_'
   AND NOT EXISTS (SELECT 1 FROM json_to_recordset($1::json) AS x(schema text, name text)
                    WHERE c.relname = x.name AND (x.schema = '' OR n.nspname = x.schema))
   AND ($2::boolean OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                      AND d.objid = c.oid AND d.deptype = 'e'))
 ORDER BY 1, 2
