CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    code varchar(8) NOT NULL,
    owner text NOT NULL
);
