-- Verify shop:price_of on pg

BEGIN;

SELECT has_function_privilege('shop.price_of(integer)', 'execute');

ROLLBACK;
