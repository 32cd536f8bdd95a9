CREATE TABLE posts (
    id serial PRIMARY KEY,
    title varchar(100) NOT NULL,
    body text NOT NULL DEFAULT ''
);
