-- Unordered: the reader orders each table's children by name.
-- Table constraints (domain constraints are in types.sql). NOT NULL is a column attribute on
-- PostgreSQL 15. Aliases are the fields of revisor::Constraint, plus "relid" (the table's OID).
SELECT con.conrelid AS "relid",
       con.conname AS "name",
       CASE con.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                        WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger'
                        ELSE con.contype::text END AS "type",
       pg_get_constraintdef(con.oid) AS "definition",
       con.convalidated AS "validated",
       con.condeferrable AS "deferrable",
       con.condeferred AS "deferred",
       d.description AS "comment"
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
WHERE con.conrelid <> 0
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
