-- Relations with columns: tables, partitioned tables, views, materialized views, foreign tables.
-- $1: tables left out, as a JSON array of {"schema", "name"} (schema '' = any schema).
-- Aliases are the fields of revisor::Table, plus "oid", which links the children queries'
-- rows ("relid") to their table within one capture.
SELECT c.oid AS "oid",
       n.nspname AS "schema",
       c.relname AS "name",
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END AS "kind",
       CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 'u' THEN 'unlogged'
                             WHEN 't' THEN 'temporary' END AS "persistence",
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS "partitionKey",
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS "partitionBound",
       (SELECT json_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) ORDER BY i.inhseqno)
          FROM pg_inherits i
          JOIN pg_class pc ON pc.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE i.inhrelid = c.oid) AS "inherits",
       array_to_string(c.reloptions, ', ') AS "options",
       pg_get_userbyid(c.relowner) AS "owner",
       c.relacl::text AS "acl",
       d.description AS "comment",
       c.relrowsecurity AS "rowSecurity",
       c.relforcerowsecurity AS "forceRowSecurity",
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS "viewDefinition"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM json_to_recordset($1::json) AS x(schema text, name text)
                  WHERE c.relname = x.name AND (x.schema = '' OR n.nspname = x.schema))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
