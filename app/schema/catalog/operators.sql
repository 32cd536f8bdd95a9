-- Operators of user schemas, not extension members; named by schema, symbol and operand
-- types (NONE for the missing operand of a prefix operator).
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'operator' AS "kind",
       quote_ident(n.nspname) || '.' || o.oprname || '('
       || CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE format_type(o.oprleft, NULL) END || ', '
       || CASE WHEN o.oprright = 0 THEN 'NONE' ELSE format_type(o.oprright, NULL) END || ')' AS "name",
       jsonb_strip_nulls(jsonb_build_object(
           'function', o.oprcode::regprocedure::text,
           'result', format_type(o.oprresult, NULL),
           'commutator', nullif(o.oprcom, 0)::regoperator::text,
           'negator', nullif(o.oprnegate, 0)::regoperator::text,
           'restrict', nullif(o.oprrest, 0)::regproc::text,
           'join', nullif(o.oprjoin, 0)::regproc::text,
           'hashes', o.oprcanhash::text,
           'merges', o.oprcanmerge::text,
           'owner', pg_get_userbyid(o.oprowner),
           'comment', d.description)) AS "attributes"
FROM pg_operator o
JOIN pg_namespace n ON n.oid = o.oprnamespace
LEFT JOIN pg_description d
       ON d.objoid = o.oid AND d.classoid = 'pg_operator'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_operator'::regclass AND e.objid = o.oid AND e.deptype = 'e')
