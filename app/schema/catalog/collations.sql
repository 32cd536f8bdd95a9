-- Collations of user schemas, not extension members. The locale columns differ between
-- versions (colliculocale 15-16, colllocale 17, collicurules 16): read through to_jsonb so
-- that one query runs on all of them.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'collation' AS "kind",
       quote_ident(n.nspname) || '.' || quote_ident(c.collname) AS "name",
       jsonb_strip_nulls(jsonb_build_object(
           'provider', CASE c.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin'
                                           WHEN 'd' THEN 'default' END,
           'deterministic', c.collisdeterministic::text,
           'lc_collate', to_jsonb(c) ->> 'collcollate',
           'lc_ctype', to_jsonb(c) ->> 'collctype',
           'locale', coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale'),
           'rules', to_jsonb(c) ->> 'collicurules',
           'owner', pg_get_userbyid(c.collowner),
           'comment', d.description)) AS "attributes"
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_collation'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_collation'::regclass AND e.objid = c.oid AND e.deptype = 'e')
