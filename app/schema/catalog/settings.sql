-- Settings given to this database (ALTER DATABASE ... SET), to a role in it (ALTER ROLE ... IN
-- DATABASE ... SET) and to a role everywhere (ALTER ROLE ... SET): one attribute per setting.
-- Named without the database's name, so that a copy compares equal.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'settings' AS "kind",
       CASE WHEN s.setrole = 0 THEN 'DATABASE'
            WHEN s.setdatabase = 0 THEN 'ROLE ' || quote_ident(pg_get_userbyid(s.setrole))
            ELSE 'ROLE ' || quote_ident(pg_get_userbyid(s.setrole)) || ' IN DATABASE' END AS "name",
       (SELECT jsonb_object_agg(split_part(x, '=', 1), substr(x, strpos(x, '=') + 1))
          FROM unnest(s.setconfig) AS x) AS "attributes"
FROM pg_db_role_setting s
WHERE s.setdatabase = 0
   OR s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
