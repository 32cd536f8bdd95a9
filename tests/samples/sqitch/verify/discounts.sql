-- Verify shop:discounts on pg

BEGIN;

SELECT product, percent FROM shop.discounts WHERE FALSE;

ROLLBACK;
