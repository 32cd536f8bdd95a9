-- Indexes with their full definition (method, keys, opclasses, collations, INCLUDE, predicate),
-- which names the index and its table but no OID. Aliases are the fields of revisor::Index,
-- plus "schema" and "table".
--
-- pg_get_indexdef() opens every table (to name its columns) and is the largest cost of a
-- snapshot of a big schema. Indexes on plain columns, by far the most common, have their
-- definition spelled here, set-based, exactly as pg_get_indexdef() writes it; the others
-- (expressions, predicates, storage or opclass options, unique non-primary indexes, which may
-- be NULLS NOT DISTINCT, indexes of partitioned tables) take pg_get_indexdef() itself.
-- tst_snapshot checks that the two agree.
WITH idx AS (
    SELECT i.*, n.nspname, t.relname AS tablename, ic.relname AS indexname, ic.relkind AS indexkind,
           ic.reloptions, am.oid AS amoid, am.amname
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
),
plain AS (
    SELECT * FROM idx
    WHERE indexprs IS NULL AND indpred IS NULL AND reloptions IS NULL AND indexkind = 'i'
      AND (NOT indisunique OR indisprimary)
),
cols AS (
    SELECT p.indexrelid, k.pos, k.pos <= p.indnkeyatts AS iskey,
           quote_ident(a.attname)
           || CASE WHEN k.pos > p.indnkeyatts THEN ''
                   ELSE CASE WHEN p.indcollation[k.pos - 1] <> 0 AND p.indcollation[k.pos - 1] <> a.attcollation
                             THEN ' COLLATE ' || CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                                                      ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
                             ELSE '' END
                        || CASE WHEN oc.opcdefault THEN ''
                                WHEN ocn.nspname = 'pg_catalog' THEN ' ' || quote_ident(oc.opcname)
                                ELSE ' ' || quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END
                        || CASE WHEN NOT ordered.can THEN ''
                                WHEN p.indoption[k.pos - 1] & 1 = 1
                                THEN ' DESC' || CASE WHEN p.indoption[k.pos - 1] & 2 = 2 THEN '' ELSE ' NULLS LAST' END
                                WHEN p.indoption[k.pos - 1] & 2 = 2 THEN ' NULLS FIRST'
                                ELSE '' END END
           -- opclass options: NULL makes the whole definition fall back to pg_get_indexdef()
           || CASE WHEN ia.attoptions IS NULL THEN '' END AS text
    FROM plain p
    CROSS JOIN LATERAL unnest(p.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos)
    CROSS JOIN LATERAL (SELECT pg_indexam_has_property(p.amoid, 'can_order') AS can) ordered
    JOIN pg_attribute a ON a.attrelid = p.indrelid AND a.attnum = k.attnum
    JOIN pg_attribute ia ON ia.attrelid = p.indexrelid AND ia.attnum = k.pos
    LEFT JOIN pg_opclass oc ON oc.oid = p.indclass[k.pos - 1] AND k.pos <= p.indnkeyatts
    LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
    LEFT JOIN pg_collation co ON co.oid = p.indcollation[k.pos - 1] AND k.pos <= p.indnkeyatts
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
),
spelled AS (
    SELECT p.indexrelid,
           'CREATE ' || CASE WHEN p.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
           || quote_ident(p.indexname) || ' ON ' || quote_ident(p.nspname) || '.' || quote_ident(p.tablename)
           || ' USING ' || quote_ident(p.amname)
           || ' (' || string_agg(c.text, ', ' ORDER BY c.pos) FILTER (WHERE c.iskey) || ')'
           || coalesce(' INCLUDE (' || string_agg(c.text, ', ' ORDER BY c.pos) FILTER (WHERE NOT c.iskey) || ')', '')
           -- string_agg skips NULLs: a column with opclass options must void the whole text
           || CASE WHEN bool_and(c.text IS NOT NULL) THEN '' END AS definition
    FROM plain p
    JOIN cols c ON c.indexrelid = p.indexrelid
    GROUP BY p.indexrelid, p.indisunique, p.indexname, p.nspname, p.tablename, p.amname
)
SELECT i.nspname AS "schema",
       i.tablename AS "table",
       i.indexname AS "name",
       coalesce(s.definition, pg_get_indexdef(i.indexrelid)) AS "definition",
       i.indisunique AS "unique",
       i.indisprimary AS "primary",
       i.indisvalid AS "valid",
       d.description AS "comment"
FROM idx i
LEFT JOIN spelled s ON s.indexrelid = i.indexrelid
LEFT JOIN pg_description d
       ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
ORDER BY i.nspname, i.tablename, i.indexname
