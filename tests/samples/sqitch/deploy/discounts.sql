-- Deploy shop:discounts to pg
-- No transaction wrapper: Sqitch runs these statements one by one.

CREATE TABLE shop.discounts (
    product integer PRIMARY KEY REFERENCES shop.products (id),
    percent integer NOT NULL CHECK (percent BETWEEN 0 AND 100)
);

CREATE INDEX CONCURRENTLY discounts_percent_idx ON shop.discounts (percent);
