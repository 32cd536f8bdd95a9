-- Before PostgreSQL 14 a column has no compression method of its own: no rows, same columns
-- as columncompression.sql.
SELECT NULL::oid AS "relid", NULL::name AS "name", NULL::text AS "compression" WHERE false
