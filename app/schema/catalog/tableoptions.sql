-- Tables with a replica identity other than the default (primary key), a tablespace other
-- than the database's, or foreign tables (their server and options): only those, the reader
-- merges them into the tables of tables.sql by OID.
-- Aliases are fields of revisor::Table, plus "oid".
SELECT c.oid AS "oid",
       CASE WHEN c.relkind IN ('r', 'p') AND c.relreplident <> 'd'
            THEN CASE c.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
                                     WHEN 'i' THEN 'index ' || (SELECT quote_ident(ic.relname)
                                                                  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                                                                 WHERE i.indrelid = c.oid AND i.indisreplident) END
       END AS "replicaIdentity",
       ts.spcname AS "tablespace",
       (SELECT quote_ident(s.srvname) || coalesce(' OPTIONS (' || array_to_string(ft.ftoptions, ', ') || ')', '')
          FROM pg_foreign_table ft JOIN pg_foreign_server s ON s.oid = ft.ftserver
         WHERE ft.ftrelid = c.oid) AS "foreignServer"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
WHERE c.relkind IN ('r', 'p', 'm', 'f')
  AND ((c.relkind IN ('r', 'p') AND c.relreplident <> 'd') OR c.reltablespace <> 0 OR c.relkind = 'f')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
