-- Deploy shop:products to pg
-- requires: appschema

BEGIN;

CREATE TABLE shop.products (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price numeric(10, 2) NOT NULL
);

COMMIT;
