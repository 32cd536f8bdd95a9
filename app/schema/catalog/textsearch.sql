-- Text-search configurations of user schemas, not extension members: their parser and, per
-- token type, the dictionaries it goes through ("mapping <token type>").
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'text search configuration' AS "kind",
       quote_ident(n.nspname) || '.' || quote_ident(c.cfgname) AS "name",
       jsonb_strip_nulls(
           jsonb_build_object(
               'parser', (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.prsname)
                            FROM pg_ts_parser p JOIN pg_namespace pn ON pn.oid = p.prsnamespace
                           WHERE p.oid = c.cfgparser),
               'owner', pg_get_userbyid(c.cfgowner),
               'comment', d.description)
           || coalesce((SELECT jsonb_object_agg('mapping ' || tt.alias, m.dictionaries)
                          FROM (SELECT maptokentype, string_agg(mapdict::regdictionary::text, ', ' ORDER BY mapseqno) AS dictionaries
                                  FROM pg_ts_config_map WHERE mapcfg = c.oid GROUP BY maptokentype) m
                          JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = m.maptokentype), '{}'::jsonb)) AS "attributes"
FROM pg_ts_config c
JOIN pg_namespace n ON n.oid = c.cfgnamespace
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_ts_config'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_ts_config'::regclass AND e.objid = c.oid AND e.deptype = 'e')
