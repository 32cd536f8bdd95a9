-- Default privileges (ALTER DEFAULT PRIVILEGES), named by role, schema (if any) and the kind of
-- object they apply to.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'default privileges' AS "kind",
       'FOR ROLE ' || quote_ident(pg_get_userbyid(a.defaclrole))
       || coalesce(' IN SCHEMA ' || quote_ident(n.nspname), '')
       || ' ON ' || CASE a.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                                         WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END AS "name",
       jsonb_build_object('acl', a.defaclacl::text) AS "attributes"
FROM pg_default_acl a
LEFT JOIN pg_namespace n ON n.oid = a.defaclnamespace
