-- Deploy shop:price_of to pg
-- requires: products

BEGIN;

CREATE FUNCTION shop.price_of(product integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT price FROM shop.products WHERE id = product $$;

COMMIT;
