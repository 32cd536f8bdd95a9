-- User enum, domain, composite (standalone, not a table's row type) and range types.
-- "elements": enum labels in sort order, composite attributes in order, domain constraints by
-- name, as a JSON array. Aliases are the fields of revisor::TypeDef.
SELECT n.nspname AS "schema",
       t.typname AS "name",
       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite'
                      WHEN 'r' THEN 'range' END AS "kind",
       CASE t.typtype WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)
                      WHEN 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r
                                      WHERE r.rngtypid = t.oid) END AS "baseType",
       CASE t.typtype
         WHEN 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)
                          FROM pg_enum e WHERE e.enumtypid = t.oid)
         WHEN 'c' THEN (SELECT json_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                                        ORDER BY a.attnum)
                          FROM pg_attribute a
                         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
         WHEN 'd' THEN (SELECT json_agg(quote_ident(con.conname) || ' ' || pg_get_constraintdef(con.oid)
                                        ORDER BY con.conname)
                          FROM pg_constraint con WHERE con.contypid = t.oid)
       END AS "elements",
       t.typnotnull AS "notNull",
       t.typdefault AS "defaultExpr",
       pg_get_userbyid(t.typowner) AS "owner",
       t.typacl::text AS "acl",
       d.description AS "comment"
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class rc ON rc.oid = t.typrelid
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND rc.relkind = 'c'))
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY n.nspname, t.typname
