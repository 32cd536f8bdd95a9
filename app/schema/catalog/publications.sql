-- Publications (logical replication): what they publish, and each table added to them with
-- its column list and row filter (PostgreSQL 15 and later; read through to_jsonb so that the
-- query runs on every version). Tables of FOR ALL TABLES publications are not listed.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'publication' AS "kind",
       quote_ident(p.pubname) AS "name",
       jsonb_strip_nulls(
           jsonb_build_object(
               'owner', pg_get_userbyid(p.pubowner),
               'all tables', p.puballtables::text,
               'publish', concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                    CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
               'publish via partition root', to_jsonb(p) ->> 'pubviaroot',
               'comment', d.description)
           || coalesce((SELECT jsonb_object_agg(
                                   'table ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname),
                                   coalesce('(' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                                                      FROM pg_attribute a
                                                     WHERE a.attrelid = pr.prrelid
                                                       AND a.attnum::text IN (SELECT jsonb_array_elements_text(
                                                                         CASE WHEN jsonb_typeof(to_jsonb(pr) -> 'prattrs') = 'array'
                                                                              THEN to_jsonb(pr) -> 'prattrs' END))) || ')',
                                            'all columns')
                                   || coalesce(' WHERE ' || (to_jsonb(pt) ->> 'rowfilter'), ''))
                          FROM pg_publication_rel pr
                          JOIN pg_class c ON c.oid = pr.prrelid
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                          LEFT JOIN pg_publication_tables pt
                                 ON pt.pubname = p.pubname AND pt.schemaname = n.nspname AND pt.tablename = c.relname
                         WHERE pr.prpubid = p.oid), '{}'::jsonb)) AS "attributes"
FROM pg_publication p
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_publication'::regclass AND d.objsubid = 0
