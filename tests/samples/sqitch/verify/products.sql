-- Verify shop:products on pg

BEGIN;

SELECT id, name, price FROM shop.products WHERE FALSE;

ROLLBACK;
