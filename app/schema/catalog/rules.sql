-- Rewrite rules (CREATE RULE) of user tables and views; a view's own _RETURN rule is its
-- definition, which tables.sql has.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'rule' AS "kind",
       quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(r.rulename) AS "name",
       n.nspname AS "tableSchema",
       c.relname AS "tableName",
       jsonb_strip_nulls(jsonb_build_object(
           'definition', pg_get_ruledef(r.oid),
           'enabled', CASE r.ev_enabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                                        WHEN 'A' THEN 'always' END,
           'comment', d.description)) AS "attributes"
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = r.oid AND d.classoid = 'pg_rewrite'::regclass AND d.objsubid = 0
WHERE r.rulename <> '_RETURN'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
