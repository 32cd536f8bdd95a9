-- Columns of every user relation. "position" is attnum here; the reader sorts each table's
-- columns by it and renumbers them 1..n, so the hole a dropped column leaves in attnum is not a
-- difference. No ORDER BY (nor window): sorting 20,000 wide rows on the server cost more than
-- the rest of the query. Rows of relations that tables.sql left out (version table, extension
-- members) are dropped by the reader.
-- Aliases are the fields of revisor::Column, plus "relid" (the table's OID).
SELECT a.attrelid AS "relid",
       a.attname AS "name",
       a.attnum AS "position",
       format_type(a.atttypid, a.atttypmod) AS "type",
       a.attnotnull AS "notNull",
       -- A default cannot refer to columns: deparsing it without the table (0) skips opening
       -- the table, which is most of the cost of this query on a big schema.
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END AS "defaultExpr",
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS "identity",
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS "generated",
       CASE WHEN co.oid IS NULL THEN NULL
            WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
            ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS "collation",
       a.attacl::text AS "acl",
       d.description AS "comment"
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_description d
       ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
