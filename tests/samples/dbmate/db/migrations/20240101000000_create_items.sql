-- migrate:up
CREATE TABLE items (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    price numeric(10, 2) NOT NULL
);

-- migrate:down
DROP TABLE items;
