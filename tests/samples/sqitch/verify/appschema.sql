-- Verify shop:appschema on pg

BEGIN;

SELECT pg_catalog.has_schema_privilege('shop', 'usage');

ROLLBACK;
